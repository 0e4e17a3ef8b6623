// The published Immich CLI (@immich/cli 3.2.2) against a real Shoebox, on both databases:
// login, server-info, `upload --recursive --album` of the whole corpus, then again (all
// duplicates). Expected counts come from hashing the corpus here, not from the server.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_PERMISSIONS, immich } from './immich-cli.mjs';
import { adminKey, CORPUS, startServer } from './server.mjs';

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function sha1(file) {
  return crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}

/** Distinct contents overall and per album name (the folder's own name, as the CLI names them). */
function expectations(extensions) {
  const supported = filesUnder(CORPUS).filter((file) => extensions.has(path.extname(file).toLowerCase()));
  const all = new Set();
  const albums = new Map();
  for (const file of supported) {
    const sum = sha1(file);
    all.add(sum);
    const album = path.basename(path.dirname(file));
    if (!albums.has(album)) albums.set(album, new Set());
    albums.get(album).add(sum);
  }
  return { files: supported.length, distinct: all.size, albums };
}

const number = (out, pattern) => {
  const match = out.match(pattern);
  assert.ok(match, `no ${pattern} in:\n${out}`);
  return Number(match[1]);
};

for (const backend of ['sqlite', 'postgres']) {
  test(`Immich CLI uploads the corpus into albums, then finds only duplicates (${backend})`, { skip: !fs.existsSync(CORPUS) && 'corpus absent' }, async () => {
    const server = await startServer(backend);
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'immich-cli-'));
    try {
      const admin = await adminKey(server.url, CLI_PERMISSIONS);
      const types = await admin.get('/server/media-types');
      const extensions = new Set([...types.image, ...types.video]);
      for (const unsupported of ['.xmp', '.md', '.rst', '']) assert.ok(!extensions.has(unsupported));
      const expected = expectations(extensions);

      // A key without user.read cannot log in: its first call is refused as Immich refuses it.
      const narrow = await fetch(`${server.url}/api/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'narrow', permissions: ['asset.read'] }),
      }).then((r) => r.json());
      const refused = await immich(configDir, ['login', `${server.url}/api`, narrow.secret]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.out, /Failed to connect to server .*: 403/);
      assert.match(refused.out, /Missing required permission: user\.read/);

      // The server's address alone is enough: the CLI finds /api through /.well-known/immich.
      const login = await immich(configDir, ['login', server.url, admin.secret]);
      assert.equal(login.code, 0, login.out);
      assert.match(login.out, /Discovered API at .*\/api/);
      assert.match(login.out, /Logged in as admin@example\.com/);

      const before = await immich(configDir, ['server-info']);
      assert.equal(before.code, 0, before.out);
      assert.match(before.out, /Version: 3\.\d+\.\d+/);
      assert.equal(number(before.out, /Total: (\d+)/), 0);

      const first = await immich(configDir, ['upload', '--recursive', '--album', '--no-progress', CORPUS]);
      assert.equal(first.code, 0, first.out);
      assert.equal(number(first.out, /Found (\d+) new files/), expected.files, first.out);
      assert.equal(number(first.out, /Successfully uploaded (\d+) new asset/), expected.distinct, first.out);
      const skipped = expected.files - expected.distinct;
      if (skipped > 0) assert.equal(number(first.out, /Skipped (\d+) duplicate asset/), skipped, first.out);
      assert.equal(number(first.out, /Successfully created (\d+) new album/), expected.albums.size, first.out);
      assert.doesNotMatch(first.out, /Failed to/);

      const albums = await admin.get('/albums');
      assert.deepEqual(
        Object.fromEntries(albums.map((a) => [a.albumName, a.assetCount]).sort()),
        Object.fromEntries([...expected.albums].map(([name, sums]) => [name, sums.size]).sort()),
      );
      const stats = await admin.get('/assets/statistics');
      assert.equal(stats.total, expected.distinct);

      const again = await immich(configDir, ['upload', '--recursive', '--album', '--no-progress', CORPUS]);
      assert.equal(again.code, 0, again.out);
      assert.match(again.out, new RegExp(`Found 0 new files and ${expected.files} duplicates`));
      assert.match(again.out, /All assets were already uploaded, nothing to do\./);
      assert.match(again.out, /Successfully created 0 new albums/);
      assert.equal((await admin.get('/assets/statistics')).total, expected.distinct);

      const after = await immich(configDir, ['server-info']);
      assert.equal(number(after.out, /Images: (\d+)\n/), stats.images);
      assert.equal(number(after.out, /Videos: (\d+)\n/), stats.videos);
      assert.equal(number(after.out, /Total: (\d+)/), expected.distinct);
    } catch (error) {
      console.error(server.output().slice(-5000));
      throw error;
    } finally {
      await server.stop();
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });
}
