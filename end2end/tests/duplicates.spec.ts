// Reviewing near-duplicates from Utilities: each group side by side with what tells the copies
// apart, the suggested copy ticked; "Keep selected, trash others" and "Not duplicates". No CLIP
// weights exist on these machines, so the groups duplicate detection would make are written
// straight into the test server's database (as scripts/seed_library.py seeds libraries).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { apiGet, apiLogin, uploadFile } from '../support/api';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { mainNav, loginToPhotos, pageHeading } from '../support/ui';

const FACES = path.join(CORPUS, 'faces');
const OBAMA = ['obama.jpg', 'obama2.jpg', 'obama3.jpg'].map((f) => path.join(FACES, 'obama', f));
const BIDEN = ['biden.jpg', 'biden2.jpg'].map((f) => path.join(FACES, 'biden', f));

function hasSqlite(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test.skip(![...OBAMA, ...BIDEN].every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${FACES})`);
test.skip(!hasSqlite(), 'the sqlite3 command is needed to arrange duplicate groups');
test.use({ serverEnv: { SHOEBOX_MACHINE_LEARNING__ENABLED: 'false' } });

/** Puts the assets with these file names in one group, as duplicate detection would. */
function group(dataDir: string, files: string[]): void {
  const names = files.map((f) => `'${path.basename(f)}'`).join(', ');
  const sql = `UPDATE assets SET duplicate_id = (SELECT id FROM assets WHERE original_file_name = '${path.basename(files[0])}') WHERE original_file_name IN (${names});`;
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', path.join(dataDir, 'shoebox.db'), sql]);
}

test('duplicates: keep the ticked copies and trash the rest, or say they are not duplicates', async ({ page, admin, server }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids = new Map<string, string>();
  for (const file of [...OBAMA, ...BIDEN]) ids.set(path.basename(file), await uploadFile(server.url, token, file));
  // Once the background jobs are done with them, nothing else writes these rows.
  await expect(async () => {
    for (const id of ids.values()) {
      const asset = (await apiGet(server.url, token, `/api/assets/${id}`)) as { thumbhash: string | null };
      expect(asset.thumbhash).toBeTruthy();
    }
  }).toPass({ timeout: 45_000 });
  group(server.dataDir, OBAMA);
  group(server.dataDir, BIDEN);

  await loginToPhotos(page, admin.email, admin.password);
  await mainNav(page).getByRole('link', { name: 'Utilities', exact: true }).click();
  await expect(pageHeading(page, 'Utilities')).toBeVisible();
  await page.getByRole('link', { name: /Review duplicates/ }).click();
  await expect(pageHeading(page, 'Review duplicates')).toBeVisible();
  await expect(page.getByText('2 groups', { exact: true })).toBeVisible();

  // Each copy shows its size and resolution; the largest file is the one suggested to keep.
  const obama = page.locator('.duplicate-group').filter({ hasText: 'obama2.jpg' });
  await expect(obama.locator('.duplicate-card')).toHaveCount(3);
  await expect(obama.getByRole('checkbox', { name: 'Keep obama3.jpg' })).toBeChecked();
  await expect(obama.getByRole('checkbox', { name: 'Keep obama.jpg' })).not.toBeChecked();
  await expect(obama.locator('.duplicate-card', { hasText: 'obama.jpg' }).first()).toContainText('910 × 1137');
  await expect(obama.locator('.duplicate-card', { hasText: 'obama.jpg' }).first()).toContainText('KB');

  // Keep two of the three: the third goes to the trash and the group is done.
  await obama.getByRole('checkbox', { name: 'Keep obama.jpg' }).check();
  await obama.getByRole('button', { name: 'Keep selected, trash others' }).click();
  await expect(page.getByText('Kept 2, moved 1 to the trash')).toBeVisible();
  await expect(page.getByText('1 group', { exact: true })).toBeVisible();
  const trashed = (await apiGet(server.url, token, `/api/assets/${ids.get('obama2.jpg')}`)) as { isTrashed: boolean };
  expect(trashed.isTrashed).toBe(true);
  const kept = (await apiGet(server.url, token, `/api/assets/${ids.get('obama.jpg')}`)) as { isTrashed: boolean };
  expect(kept.isTrashed).toBe(false);

  // The other group is not duplicates: it goes, and both photos stay.
  const biden = page.locator('.duplicate-group').filter({ hasText: 'biden2.jpg' });
  await biden.getByRole('button', { name: 'Not duplicates' }).click();
  await expect(page.getByText('Marked as not duplicates')).toBeVisible();
  await expect(page.getByText('No duplicates to review.')).toBeVisible();
  for (const file of BIDEN) {
    const asset = (await apiGet(server.url, token, `/api/assets/${ids.get(path.basename(file))}`)) as { isTrashed: boolean };
    expect(asset.isTrashed).toBe(false);
  }
});
