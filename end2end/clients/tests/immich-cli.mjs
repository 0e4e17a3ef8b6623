// Runs the published Immich CLI under this Node (22) with its own configuration folder.

import { execFile } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../node_modules/@immich/cli/dist/index.js');

/** What the CLI needs, and nothing more: a key scoped to these proves each route asks for the right one. */
export const CLI_PERMISSIONS = [
  'user.read', 'server.about', 'asset.statistics', 'asset.upload', 'album.create', 'album.read', 'albumAsset.create',
];

/** `immich ...args`: its exit code, output (stdout then stderr) and wall time in seconds. */
export function immich(configDir, args) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, IMMICH_CONFIG_DIR: configDir } }, (error, stdout, stderr) =>
      resolve({
        code: error ? error.code ?? 1 : 0,
        out: `${stdout}${stderr}`,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      }),
    );
  });
}
