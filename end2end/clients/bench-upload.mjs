// Benchmark: the published Immich CLI uploading the test corpus into a fresh Shoebox (embedded
// and PostgreSQL + Redis), then the same again (all duplicates). Median of ROUNDS fresh servers.
// Run through bench/immich_cli.sh, which builds the release server first.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_PERMISSIONS, immich } from './tests/immich-cli.mjs';
import { adminKey, CORPUS, startServer } from './tests/server.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);

async function immichOk(configDir, args) {
  const run = await immich(configDir, args);
  if (run.code !== 0) throw new Error(`immich ${args[0]} failed:\n${run.out}`);
  return run;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const files = (out) => Number(out.match(/Received (\d+) files/)[1]);
const bytes = execFileSync('du', ['-sb', CORPUS]).toString().split('\t')[0];

const rows = [];
for (const backend of ['sqlite', 'postgres']) {
  const first = [];
  const second = [];
  let count = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const server = await startServer(backend);
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'immich-bench-'));
    try {
      const { secret } = await adminKey(server.url, CLI_PERMISSIONS);
      await immichOk(configDir, ['login', server.url, secret]);
      const args = ['upload', '--recursive', '--album', '--no-progress', CORPUS];
      const a = await immichOk(configDir, args);
      const b = await immichOk(configDir, args);
      count = files(a.out);
      first.push(a.seconds);
      second.push(b.seconds);
    } finally {
      await server.stop();
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  }
  const mb = Number(bytes) / 1e6;
  for (const [run, times] of [['first (upload)', first], ['second (all duplicates)', second]]) {
    const t = median(times);
    rows.push(`| ${backend} | ${run} | ${count} | ${t.toFixed(2)} s | ${(count / t).toFixed(1)} | ${(mb / t).toFixed(1)} |`);
  }
}
console.log(`Corpus: ${CORPUS} (${(Number(bytes) / 1e6).toFixed(1)} MB on disk, supported files below); median of ${ROUNDS} fresh servers; CLI wall time including hashing`);
console.log('| database | run | files | median time | files/s | MB/s |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
