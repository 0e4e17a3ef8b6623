// The viewer moves from one month into the next even when that month was not loaded when it
// opened: it loads it at the edge and goes on, in timeline order, with the position counted over
// the whole library. (A library of 3 000 assets over one year, seeded into the database, in a short
// window so only the newest month is near the screen at first.)

import fs from 'node:fs';
import path from 'node:path';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { apiGet } from '../support/api';
import { seedLibrary } from '../support/seed';
import { loginToPhotos } from '../support/ui';

const PHOTO = path.join(CORPUS, 'exif-samples/jpg/Canon_40D.jpg');

test.skip(!fs.existsSync(PHOTO), `the photo corpus is absent (looked in ${CORPUS})`);

type Bucket = { timeBucket: string; count: number };

test('the viewer crosses into a month that was not loaded and back', async ({ page, admin, server }) => {
  test.setTimeout(180_000);
  const token = await seedLibrary(server, admin, PHOTO, 3000, 1);
  const buckets = (await apiGet(server.url, token, '/api/timeline/buckets')) as Bucket[];
  const total = buckets.reduce((sum, b) => sum + b.count, 0);

  // Only the newest months are near a short window; note which ones the page asks for.
  await page.setViewportSize({ width: 1000, height: 500 });
  const monthsAsked: string[] = [];
  page.on('request', (request) => {
    const body = request.postData() ?? '';
    const month = body.match(/"time_bucket":"([0-9-]+)"/);
    if (request.url().includes('/_server/timeline') && month) monthsAsked.push(month[1]);
  });
  await loginToPhotos(page, admin.email, admin.password);
  await page.locator('.timeline .tile').first().click();
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await expect(viewer.locator('.viewer-position')).toHaveText(`1 / ${total}`);
  // The first month the page has not loaded, and how many photos come before it.
  const next = buckets.findIndex((b) => !monthsAsked.includes(b.timeBucket));
  expect(next, `a month is left to load (asked: ${monthsAsked})`).toBeGreaterThan(0);
  const before = buckets.slice(0, next).reduce((sum, b) => sum + b.count, 0);
  const ids = async (b: Bucket) =>
    ((await apiGet(server.url, token, `/api/timeline/bucket?timeBucket=${b.timeBucket}`)) as { id: string[] }).id;
  const lastBefore = (await ids(buckets[next - 1])).at(-1) as string;
  const firstIds = await ids(buckets[next]);

  // To the last photo before that month, then on into it.
  for (let i = 1; i < before; i++) await page.keyboard.press('ArrowRight');
  await expect(viewer.locator('.viewer-position')).toHaveText(`${before} / ${total}`);
  await expect(viewer.locator('img.viewer-media')).toHaveAttribute('src', new RegExp(lastBefore));
  expect(monthsAsked.includes(buckets[next].timeBucket), 'still not loaded').toBe(false);
  await page.keyboard.press('ArrowRight');
  await expect(viewer.locator('.viewer-position')).toHaveText(`${before + 1} / ${total}`);
  await expect(viewer.locator('img.viewer-media')).toHaveAttribute('src', new RegExp(firstIds[0]));
  await page.keyboard.press('ArrowRight');
  await expect(viewer.locator('img.viewer-media')).toHaveAttribute('src', new RegExp(firstIds[1]));
  // And back across the boundary.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.locator('.viewer-position')).toHaveText(`${before} / ${total}`);
  await expect(viewer.locator('img.viewer-media')).toHaveAttribute('src', new RegExp(lastBefore));
});
