// Search by everything: suggestions as you type, camera, city and date filters that combine, a
// timeline of exactly the matching photos, and a URL that is the search (a bookmark reproduces it).

import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { idsOf, OTHERS, TUSCANY, uploadLibrary } from '../support/library';
import { gotoApp, loginToPhotos } from '../support/ui';

test.skip(![...TUSCANY, ...OTHERS].every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${CORPUS})`);

/** The asset ids of the result tiles, sorted, once their count is `count`. */
async function results(page: Page, count: number): Promise<string[]> {
  const tiles = page.locator('.search-page .timeline .tile');
  await expect(tiles).toHaveCount(count);
  return (await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id') ?? ''))).sort();
}

test('camera, city and dates find exactly their photos, combine, and the address is the search', async ({ page, admin, server, newContext }) => {
  test.setTimeout(150_000);
  const library = await uploadLibrary(server.url, admin);
  const [canon, pentax, kodak] = OTHERS;
  await loginToPhotos(page, admin.email, admin.password);

  // The top bar's box opens the search page with the words in the address.
  await page.getByRole('searchbox', { name: 'Search photos' }).fill('DSCN00');
  await page.getByRole('searchbox', { name: 'Search photos' }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=DSCN00$/);
  expect(await results(page, 9)).toEqual(idsOf(library, TUSCANY));

  // Suggestions as you type: a camera model, picked, becomes the filter.
  await gotoApp(page, '/search');
  await expect(page.getByText('Type words from a file name')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Words' }).fill('coolp');
  await page.getByRole('button', { name: 'Camera model: COOLPIX P6000' }).click();
  await expect(page).toHaveURL(/\/search\?model=COOLPIX%20P6000$/);
  expect(await results(page, 9)).toEqual(idsOf(library, TUSCANY));

  // By city (the place reverse geocoding gave).
  await gotoApp(page, '/search');
  await page.getByLabel('City').fill('Nakuru');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\/search\?city=Nakuru$/);
  expect(await results(page, 1)).toEqual(idsOf(library, [kodak]));

  // By dates taken: May 2008 holds the Canon and the Pentax.
  await gotoApp(page, '/search');
  await page.getByLabel('Taken from').fill('2008-05-01');
  await page.getByLabel('Taken to').fill('2008-05-31');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  expect(await results(page, 2)).toEqual(idsOf(library, [canon, pentax]));

  // Filters combine: the dates and a camera narrow to one; the dates and a city to none.
  await page.getByLabel('Camera model').fill('PENTAX K10D');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/model=PENTAX%20K10D&from=2008-05-01&to=2008-05-31/);
  expect(await results(page, 1)).toEqual(idsOf(library, [pentax]));
  await page.getByLabel('Camera model').fill('');
  await page.getByLabel('City').fill('Arezzo');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('No photos match this search')).toBeVisible();
  await expect(page.locator('.search-page .timeline .tile')).toHaveCount(0);

  // A bookmark, opened by the same person on another device, gives the same photos and form.
  const bookmark = `/search?city=Arezzo&from=2008-10-22&to=2008-10-22&type=image`;
  const other = await (await newContext()).newPage();
  await loginToPhotos(other, admin.email, admin.password);
  await gotoApp(other, bookmark);
  expect(await results(other, 9)).toEqual(idsOf(library, TUSCANY));
  await expect(other.getByLabel('City')).toHaveValue('Arezzo');
  await expect(other.getByLabel('Taken from')).toHaveValue('2008-10-22');
  await expect(other.getByLabel('Type')).toHaveValue('image');

  // The results are a timeline with its selection: pick two and favorite them.
  const tiles = other.locator('.search-page .timeline .tile');
  await tiles.nth(0).getByRole('button', { name: 'Select' }).click();
  await tiles.nth(1).getByRole('button', { name: 'Select' }).click();
  await other.getByRole('button', { name: '♥ Favorite' }).click();
  await gotoApp(other, `${bookmark}&favorite=1`);
  await results(other, 2);
});

test('explore lists each place with its photo count and opens its photos', async ({ page, admin, server }) => {
  test.setTimeout(120_000);
  const library = await uploadLibrary(server.url, admin);
  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/explore');
  const places = page.locator('.explore-card');
  await expect(places).toHaveCount(2);
  await expect(places.nth(0)).toContainText('Arezzo');
  await expect(places.nth(0)).toContainText('9 photos');
  await expect(places.nth(1)).toContainText('Nakuru');
  await expect(places.nth(1)).toContainText('1 photo');
  await places.nth(0).getByRole('link').click();
  await expect(page).toHaveURL(/\/search\?city=Arezzo/);
  expect(await results(page, 9)).toEqual(idsOf(library, TUSCANY));
});
