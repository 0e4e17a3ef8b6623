// Explore's things: object tags found by the tagging models, each with its photo count, opening a
// search of exactly the photos that have it.

import fs from 'node:fs';
import path from 'node:path';
import { apiLogin, uploadFile } from '../support/api';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { mlEnv, onnxRuntime } from '../support/ml';
import { gotoApp, loginToPhotos } from '../support/ui';

const PORTRAITS = ['faces/obama/obama.jpg', 'faces/biden/biden.jpg'].map((f) => path.join(CORPUS, f));

test.skip(!PORTRAITS.every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${CORPUS})`);
test.skip(!onnxRuntime(), 'ONNX Runtime is not installed (scripts/install-deps.sh test)');
test.use({ serverEnv: mlEnv(['tagging']) });

test('explore shows the things in the photos and a thing opens exactly its photos', async ({ page, admin, server }) => {
  test.setTimeout(150_000);
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids: string[] = [];
  for (const file of PORTRAITS) ids.push(await uploadFile(server.url, token, file));
  await loginToPhotos(page, admin.email, admin.password);

  // Tagging runs in the background: both portraits show a person, counted once each.
  const person = page.locator('.explore-tags .explore-card', { hasText: /^person/ });
  await expect(async () => {
    await gotoApp(page, '/explore');
    await expect(person).toContainText('2 photos', { timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await expect(person.locator('img')).toHaveAttribute('src', new RegExp(`/api/assets/(${ids.join('|')})/thumbnail`));

  await person.getByRole('link').click();
  await expect(page).toHaveURL(/\/search\?tag=person$/);
  await expect(page.getByLabel('Thing')).toHaveValue('person');
  const tiles = page.locator('.search-page .timeline .tile');
  await expect(tiles).toHaveCount(2);
  const shown = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id') ?? ''));
  expect(shown.sort()).toEqual([...ids].sort());
});
