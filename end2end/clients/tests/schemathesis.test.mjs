// schemathesis (PyPI) fuzzes every operation of the served OpenAPI document, on both databases:
// no answer may be a 5xx, and every answer must match the document's schema for it.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminKey, ROOT, startServer } from './server.mjs';

const SCHEMATHESIS = process.env.SCHEMATHESIS ?? path.join(ROOT, '.tools/schemathesis/bin/schemathesis');

// Operations that would end the run's own credential (its key, its user, its password); each
// is exercised by the SDK test and the Rust tests instead.
const EXCLUDED = ['deleteApiKey', 'logout', 'changePassword', 'deleteAllSessions', 'deleteSession', 'updateUserAdmin', 'deleteUserAdmin'];

function run(args) {
  return new Promise((resolve) => {
    execFile(SCHEMATHESIS, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

for (const backend of ['sqlite', 'postgres']) {
  test(`schemathesis finds no 5xx and no answer outside the schema (${backend})`, { skip: !fs.existsSync(SCHEMATHESIS) && `no ${SCHEMATHESIS}` }, async () => {
    // Without models a smart search is rightly a 503 (the model cannot be had); fuzzing wants
    // answers about requests, so machine learning is off here (the SDK test runs it for real).
    const server = await startServer(backend, { SHOEBOX_MACHINE_LEARNING__ENABLED: 'false' });
    try {
      const { secret } = await adminKey(server.url, ['all']);
      const result = await run([
        'run', `${server.url}/api/spec.json`,
        '--url', `${server.url}/api`,
        '-H', `x-api-key: ${secret}`,
        '--checks', 'not_a_server_error,response_schema_conformance',
        '--max-examples', '20',
        // A fixed seed: the same cases on every run, so a failure reproduces.
        '--seed', '20261125',
        '--no-color',
        ...EXCLUDED.flatMap((id) => ['--exclude-operation-id', id]),
      ]);
      const summary = result.out.slice(result.out.lastIndexOf('SUMMARY'));
      console.log(summary.split('\n').map((line) => `# ${line}`).join('\n'));
      assert.equal(result.code, 0, result.out.slice(-20000));
      const spec = await fetch(`${server.url}/api/spec.json`).then((r) => r.json());
      const operations = Object.values(spec.paths).flatMap((item) => Object.values(item)).length;
      assert.match(summary, new RegExp(`Tested: ${operations - EXCLUDED.length}\\b`), 'every operation not excluded was tested');
      assert.match(summary, / 0 failed|\d+ generated, \d+ passed/);
    } catch (error) {
      console.error(server.output().slice(-4000));
      throw error;
    } finally {
      await server.stop();
    }
  });
}
