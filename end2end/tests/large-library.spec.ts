// A library of 100 000 assets (seeded straight into the database, each reusing one real
// thumbnail): the scrubber reaches the oldest month and its thumbnails load, and no element is
// taller than browsers can lay out.

import fs from 'node:fs';
import path from 'node:path';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { apiGet } from '../support/api';
import { seedLibrary } from '../support/seed';
import { loginToPhotos } from '../support/ui';

const PHOTO = path.join(CORPUS, 'exif-samples/jpg/Canon_40D.jpg');
const COUNT = 100_000;

test.skip(!fs.existsSync(PHOTO), `the photo corpus is absent (looked in ${CORPUS})`);

test('with 100 000 assets the scrubber reaches the oldest month and shows its thumbnails', async ({ page, admin, server }) => {
  test.setTimeout(180_000);
  const token = await seedLibrary(server, admin, PHOTO, COUNT);

  const buckets = (await apiGet(server.url, token, '/api/timeline/buckets')) as { timeBucket: string; count: number }[];
  expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(COUNT + 1);
  const oldest = buckets[buckets.length - 1];
  const oldestTitle = new Date(`${oldest.timeBucket}T00:00:00Z`).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

  await loginToPhotos(page, admin.email, admin.password);
  await expect(page.locator('.timeline .tile img').first()).toBeVisible();
  const spacer = await page.locator('.timeline-spacer').evaluate((el) => el.getBoundingClientRect().height);
  expect(spacer, 'one element may not be taller than browsers lay out').toBeLessThanOrEqual(4_000_000);

  const scrubber = page.getByRole('navigation', { name: 'Jump to a month' });
  await scrubber.getByRole('button', { name: `${oldestTitle}, ${oldest.count} items`, exact: true }).click();
  const header = page.locator('.timeline-month', { hasText: oldestTitle });
  await expect(header).toBeInViewport();
  // Thumbnails of that month are in the DOM and decoded.
  await expect(async () => {
    const loaded = await page.locator('.timeline .tile img').evaluateAll((imgs) =>
      imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length,
    );
    expect(loaded).toBeGreaterThan(0);
  }).toPass({ timeout: 20_000 });
  const headerBox = await header.boundingBox();
  const tileBoxes = await page.locator('.timeline .tile').evaluateAll((tiles) =>
    tiles.map((t) => t.getBoundingClientRect().top),
  );
  expect(tileBoxes.some((top) => headerBox !== null && top > headerBox.y), 'tiles below the oldest month').toBeTruthy();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  expect(nodes, 'only what is near the screen is in the DOM').toBeLessThan(3_000);
});
