// The Photos timeline: uploaded photos land in the month and day they were taken (once the
// metadata job has read them), months load as they near the screen, the scrubber jumps to a
// month, and Favorites / Archive / Trash are timelines of their own.

import fs from 'node:fs';
import path from 'node:path';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { gotoApp, loginToPhotos, pageHeading } from '../support/ui';

const JPG = path.join(CORPUS, 'exif-samples/jpg');
// Taken 2008-05-30 and 2008-10-22 (twice), by their EXIF.
const FILES = [path.join(JPG, 'Canon_40D.jpg'), path.join(JPG, 'gps/DSCN0010.jpg'), path.join(JPG, 'gps/DSCN0012.jpg')];

test.skip(!FILES.every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${CORPUS})`);

test('uploaded photos appear in the days they were taken; the scrubber jumps to a month', async ({ page, admin }) => {
  await loginToPhotos(page, admin.email, admin.password);
  await expect(page.getByText('No photos yet — drop files anywhere or use Upload', { exact: true })).toBeVisible();
  await page.locator('input[type="file"][data-upload="files"]').setInputFiles(FILES);
  await expect(page.getByRole('region', { name: 'Uploads', exact: true }).locator('[data-count="uploaded"]')).toHaveText(
    '3 uploaded',
    { timeout: 30_000 },
  );
  // Without a reload the new photos show (at the file's own time until the metadata job runs).
  await expect(page.locator('.timeline .tile')).toHaveCount(3);

  // Once the metadata job has read the EXIF dates, the timeline groups them by day taken.
  await expect(async () => {
    await gotoApp(page, '/photos');
    await expect(page.locator('.timeline-month', { hasText: 'October 2008' })).toBeVisible({ timeout: 2_000 });
    // Both October photos read, not only the first (the month shows as soon as one is).
    await expect(
      page.getByRole('navigation', { name: 'Jump to a month' }).getByRole('button', { name: 'October 2008, 2 items' }),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.locator('.timeline-day', { hasText: 'Wed, Oct 22, 2008' })).toBeVisible();
  await expect(page.locator('.timeline-month', { hasText: 'May 2008' })).toBeVisible();
  await expect(page.locator('.timeline-day', { hasText: 'Fri, May 30, 2008' })).toBeVisible();
  const october = page.locator('.timeline-day', { hasText: 'Wed, Oct 22, 2008' });
  const may = page.locator('.timeline-day', { hasText: 'Fri, May 30, 2008' });
  const [octoberBox, mayBox] = [await october.boundingBox(), await may.boundingBox()];
  expect(octoberBox && mayBox && octoberBox.y < mayBox.y, 'newest first').toBeTruthy();
  await expect(page.locator('.timeline .tile img')).toHaveCount(3);

  // The scrubber lists both months; a click brings May into view.
  const scrubber = page.getByRole('navigation', { name: 'Jump to a month' });
  await expect(scrubber.getByRole('button', { name: 'October 2008, 2 items' })).toBeVisible();
  await scrubber.getByRole('button', { name: 'May 2008, 1 items' }).click();
  await expect(page.locator('.timeline-month', { hasText: 'May 2008' })).toBeInViewport();
});

test('favorites, archive and trash are their own timelines', async ({ page, admin }) => {
  await loginToPhotos(page, admin.email, admin.password);
  for (const [name, empty] of [
    ['Favorites', 'No favorites yet — mark photos with ♥ to find them here'],
    ['Archive', 'Nothing archived — archived photos stay out of Photos'],
    ['Trash', 'The trash is empty'],
  ]) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await expect(pageHeading(page, name)).toBeVisible();
    await expect(page.getByText(empty, { exact: true })).toBeVisible();
  }
});
