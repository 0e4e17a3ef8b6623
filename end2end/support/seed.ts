// A large library seeded straight into a test server's SQLite database: one real photo is
// uploaded and processed, then `scripts/seed_library.py` adds `count` assets reusing its
// thumbnails, spread over `years`.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect } from './fixtures';
import { apiLogin, uploadFile } from './api';
import type { RunningServer } from './server';

const SEED = path.resolve(__dirname, '../../scripts/seed_library.py');

/** Seeds the library of `owner`; returns their access token. */
export async function seedLibrary(
  server: RunningServer,
  owner: { email: string; password: string },
  template: string,
  count: number,
  years?: number,
): Promise<string> {
  const token = await apiLogin(server.url, owner.email, owner.password);
  const id = await uploadFile(server.url, token, template);
  await expect(async () => {
    const response = await fetch(`${server.url}/api/assets/${id}/thumbnail?size=thumbnail`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
  }).toPass({ timeout: 60_000 });
  execFileSync('python3', [SEED, '--sqlite', path.join(server.dataDir, 'shoebox.db'), '--owner', owner.email,
    '--template', id, '--count', String(count), ...(years === undefined ? [] : ['--years', String(years)])]);
  return token;
}
