// Starts and stops a real `shoebox serve` for one test: its own free port, its own empty data
// directory (so every server is a fresh install), its output kept for the failure report.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const END2END_DIR = path.resolve(__dirname, '..');

/** The server binary: `SHOEBOX_BIN` (relative to the current directory) or the debug build. */
export function serverBinary(): string {
  const fromEnv = process.env.SHOEBOX_BIN;
  return fromEnv ? path.resolve(fromEnv) : path.resolve(END2END_DIR, '../target/debug/shoebox');
}

/** The built web assets: `SHOEBOX_WEB_ROOT` (relative to the current directory) or target/site. */
export function webRoot(): string {
  const fromEnv = process.env.SHOEBOX_WEB_ROOT;
  return fromEnv ? path.resolve(fromEnv) : path.resolve(END2END_DIR, '../target/site');
}

const PING_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_OUTPUT_CHARS = 200_000;

export interface RunningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Everything the server wrote to stdout and stderr so far (the tail, if it was long). */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
}

/** Binds port 0 on the loopback address, reads the port the OS picked, and closes it again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error(`unexpected listen address: ${String(address)}`));
        return;
      }
      const { port } = address;
      probe.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

// Servers still running when the test process exits (Ctrl-C, a crashed worker) are killed, and
// their data directories removed, so no `shoebox serve` outlives the run.
const live = new Map<ChildProcess, string>();
process.once('exit', () => {
  for (const [child, dir] of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

/** The environment for the server: ours, minus anything that would configure another install. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // SHOEBOX_* (SHOEBOX_BIN included, which the server would read as a config key), and the
    // variables an Immich .env uses (DB_*, REDIS_*, IMMICH_*, UPLOAD_LOCATION): a developer's
    // shell must not point the test server at a real database or library.
    if (/^(SHOEBOX_|DB_|REDIS_|IMMICH_)/.test(key) || key === 'UPLOAD_LOCATION') continue;
    env[key] = value;
  }
  env.SHOEBOX_WEB_ROOT = webRoot();
  env.SHOEBOX_LOG_LEVEL = 'warn';
  // No internet here: never try to download the reverse-geocoding places.
  env.SHOEBOX_OFFLINE = 'true';
  // The places scripts/fetch-geodata.sh keeps for the tests, so photos get their city.
  const cities = path.resolve(END2END_DIR, '../.tools/geodata/rg_cities1000.csv');
  if (fs.existsSync(cities)) env.SHOEBOX_REVERSE_GEOCODING__CITIES_FILE = cities;
  env.RUST_BACKTRACE = env.RUST_BACKTRACE ?? '1';
  return { ...env, ...extra };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function pingOnce(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/server/ping`, { signal: AbortSignal.timeout(2_000) });
    if (response.status !== 200) return false;
    const body = (await response.json()) as { res?: unknown };
    return body?.res === 'pong';
  } catch {
    return false;
  }
}

class ServerProcess implements RunningServer {
  readonly url: string;
  private chunks: string[] = [];
  private size = 0;
  private exited: Promise<void>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stopped = false;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.record(chunk));
    child.stderr?.on('data', (chunk: string) => this.record(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
      child.once('error', (err) => {
        this.record(`\n[harness] could not run ${serverBinary()}: ${err.message}\n`);
        this.exitInfo = { code: null, signal: null };
        resolve();
      });
    });
  }

  private record(chunk: string): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > MAX_OUTPUT_CHARS && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }

  output(): string {
    return this.chunks.join('');
  }

  hasExited(): boolean {
    return this.exitInfo !== null;
  }

  describeExit(): string {
    if (!this.exitInfo) return 'still running';
    const { code, signal } = this.exitInfo;
    return signal ? `killed by ${signal}` : code === null ? 'failed to start' : `exited with code ${code}`;
  }

  /** Polls the ping endpoint until it answers `{"res":"pong"}`, the process dies, or time runs out. */
  async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + PING_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.hasExited()) {
        throw new Error(`shoebox ${this.describeExit()} before answering ping`);
      }
      if (await pingOnce(this.url)) return;
      await sleep(200);
    }
    throw new Error(`shoebox did not answer GET ${this.url}/api/server/ping within ${PING_TIMEOUT_MS / 1000} s`);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.hasExited()) {
      this.child.kill('SIGTERM');
      const graceful = await Promise.race([this.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
      if (!graceful) {
        this.record('\n[harness] shoebox did not stop on SIGTERM; sending SIGKILL\n');
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }
    live.delete(this.child);
    await fs.promises.rm(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Starts `shoebox serve` on a free loopback port with a new, empty data directory and waits until
 * it answers ping. A port taken between picking and binding is retried with another port.
 * `extraEnv` configures this server further (`SHOEBOX_MAP__ENABLED: 'false'`).
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const bin = serverBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(`no server binary at ${bin}: build the server first, or set SHOEBOX_BIN`);
  }
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'shoebox-e2e-'));
    const child = spawn(
      bin,
      ['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir],
      { cwd: dataDir, env: serverEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    live.set(child, dataDir);
    const server = new ServerProcess(port, dataDir, child);
    try {
      await server.waitUntilReady();
      return server;
    } catch (err) {
      const output = server.output();
      await server.stop();
      lastError = new Error(
        `${(err as Error).message}\n----- shoebox output -----\n${output || '(none)'}\n----- end of shoebox output -----`,
      );
      // Only a lost race for the port is worth another try.
      if (!/address (already )?in use|EADDRINUSE/i.test(output)) break;
    }
  }
  throw lastError ?? new Error('shoebox did not start');
}
