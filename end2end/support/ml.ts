// Machine learning for browser tests: the shared model cache (real weights, laid out as Immich's
// cache), the ONNX Runtime library install-deps put in .tools, and server settings that turn on
// only the parts a test needs, offline.

import fs from 'node:fs';
import path from 'node:path';

/** The shared models: `SHOEBOX_MODELS` (relative to the current directory), else beside the checkout. */
export const MODELS = process.env.SHOEBOX_MODELS
  ? path.resolve(process.env.SHOEBOX_MODELS)
  : path.resolve(__dirname, '../../../shared/models');

/** libonnxruntime: `ORT_DYLIB_PATH`, else the copy scripts/install-deps.sh put in .tools/ml. */
export function onnxRuntime(): string | undefined {
  if (process.env.ORT_DYLIB_PATH) return process.env.ORT_DYLIB_PATH;
  const lib = path.resolve(__dirname, '../../.tools/ml/lib');
  if (!fs.existsSync(lib)) return undefined;
  for (const python of fs.readdirSync(lib).filter((d) => d.startsWith('python3'))) {
    const capi = path.join(lib, python, 'site-packages/onnxruntime/capi');
    if (!fs.existsSync(capi)) continue;
    const found = fs.readdirSync(capi).find((f) => f.startsWith('libonnxruntime.so.'));
    if (found) return path.join(capi, found);
  }
  return undefined;
}

type Feature = 'clip' | 'facial_recognition' | 'ocr' | 'tagging' | 'duplicate_detection';

/**
 * Settings for a server with only `features` on, the model cache at `cacheDir` (the shared
 * models by default), and never downloading (the harness sets SHOEBOX_OFFLINE already).
 * Faces use the small `buffalo_s` models, and two photos of a face make a person.
 */
export function mlEnv(features: Feature[], cacheDir: string = MODELS): Record<string, string> {
  const env: Record<string, string> = {
    SHOEBOX_OFFLINE: 'true',
    SHOEBOX_MACHINE_LEARNING__ENABLED: 'true',
    SHOEBOX_MACHINE_LEARNING__CACHE_DIR: cacheDir,
    SHOEBOX_MACHINE_LEARNING__FACIAL_RECOGNITION__MODEL_NAME: 'buffalo_s',
    SHOEBOX_MACHINE_LEARNING__FACIAL_RECOGNITION__MIN_FACES: '2',
  };
  const all: Feature[] = ['clip', 'facial_recognition', 'ocr', 'tagging', 'duplicate_detection'];
  for (const feature of all) {
    env[`SHOEBOX_MACHINE_LEARNING__${feature.toUpperCase()}__ENABLED`] = String(features.includes(feature));
  }
  const runtime = onnxRuntime();
  if (runtime) env.SHOEBOX_MACHINE_LEARNING__ONNXRUNTIME_LIBRARY = runtime;
  return env;
}
