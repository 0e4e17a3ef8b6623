// A real `shoebox serve` for Immich's clients: a free port, an empty data directory, and either
// the embedded default (SQLite) or PostgreSQL + Redis with a database of its own.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
export const ROOT = path.resolve(HERE, '../../..');
export const CORPUS = path.resolve(process.env.SHOEBOX_CORPUS ?? path.join(ROOT, '../shared/corpus'));
const BIN = path.resolve(process.env.SHOEBOX_BIN ?? path.join(ROOT, 'target/debug/shoebox'));
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A model cache for machine learning: a random-weight CLIP of the real shape (made by
 * scripts/make-test-clip.py with the test tools' Python) beside the real face models of
 * ../shared/models. Returns the settings that point a server at it, and a cleanup.
 */
export function mlCache() {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'shoebox-models-'));
  const python = path.join(ROOT, '.tools/ml/bin/python');
  execFileSync(python, [path.join(ROOT, 'scripts/make-test-clip.py'), cache], { stdio: 'pipe' });
  const models = path.resolve(process.env.SHOEBOX_TEST_MODELS ?? path.join(ROOT, '../shared/models'));
  fs.symlinkSync(path.join(models, 'facial-recognition'), path.join(cache, 'facial-recognition'));
  return {
    env: {
      SHOEBOX_MACHINE_LEARNING__CACHE_DIR: cache,
      SHOEBOX_MACHINE_LEARNING__FACIAL_RECOGNITION__MODEL_NAME: 'buffalo_s',
      SHOEBOX_MACHINE_LEARNING__FACIAL_RECOGNITION__MIN_FACES: '1',
      SHOEBOX_MACHINE_LEARNING__TAGGING__ENABLED: 'false',
      SHOEBOX_MACHINE_LEARNING__OCR__ENABLED: 'false',
    },
    remove: () => fs.rmSync(cache, { recursive: true, force: true }),
  };
}

function psql(sql) {
  execFileSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
}

/** Starts a server on `backend` ('sqlite' or 'postgres') with `extraEnv` on top of the test
 * settings; `stop()` ends it and removes its data. */
export async function startServer(backend, extraEnv = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoebox-clients-'));
  const port = await freePort();
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Nothing from the developer's shell may point this server at a real install.
    if (/^(SHOEBOX_|DB_|REDIS_|IMMICH_)/.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, {
    SHOEBOX_PORT: String(port),
    SHOEBOX_HOST: '127.0.0.1',
    SHOEBOX_DATA_DIR: dataDir,
    SHOEBOX_WEB_ROOT: path.resolve(process.env.SHOEBOX_WEB_ROOT ?? path.join(ROOT, 'target/site')),
    SHOEBOX_OFFLINE: 'true',
    SHOEBOX_LOG_LEVEL: 'warn',
  }, extraEnv);
  let database = null;
  if (backend === 'postgres') {
    database = `shoebox_clients_${process.pid}_${port}`;
    psql(`CREATE DATABASE ${database}`);
    const url = new URL(PG_URL);
    url.pathname = `/${database}`;
    env.SHOEBOX_DATABASE_URL = url.toString();
    env.SHOEBOX_REDIS_URL = REDIS_URL;
    // Its own queues: jobs another test server left in the shared Redis must not delay this one.
    env.SHOEBOX_JOBS__QUEUE_NAMESPACE = database;
  }
  const child = spawn(BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      const response = await fetch(`${url}/api/server/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (tries > 150 || child.exitCode !== null) throw new Error(`shoebox did not start:\n${output}`);
    await sleep(200);
  }
  return {
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

async function call(url, method, route, body, headers = {}) {
  const response = await fetch(`${url}/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs up the admin and returns an API key holding `permissions`, plus the session token. */
export async function adminKey(url, permissions) {
  await call(url, 'POST', '/auth/admin-sign-up', { email: 'admin@example.com', password: 'admin-password', name: 'Admin' });
  const { accessToken } = await call(url, 'POST', '/auth/login', { email: 'admin@example.com', password: 'admin-password' });
  const auth = { authorization: `Bearer ${accessToken}` };
  const { secret } = await call(url, 'POST', '/api-keys', { name: 'clients', permissions }, auth);
  return { secret, token: accessToken, get: (route) => call(url, 'GET', route, undefined, auth) };
}
