// Selection and its actions on the timeline (click, shift-click, a whole day; favorite, zip
// download), and a password-protected shared link opened in a fresh browser context that has
// no account: it shows exactly the shared photos and nothing else.

import fs from 'node:fs';
import path from 'node:path';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { apiGet, apiLogin, uploadFile } from '../support/api';
import { gotoApp, loginToPhotos } from '../support/ui';

const JPG = path.join(CORPUS, 'exif-samples/jpg');
const FILES = [
  path.join(JPG, 'Canon_40D.jpg'),
  path.join(JPG, 'gps/DSCN0010.jpg'),
  path.join(JPG, 'gps/DSCN0012.jpg'),
];

test.skip(!FILES.every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${CORPUS})`);

async function uploadAll(url: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  for (const file of FILES) ids.push(await uploadFile(url, token, file));
  // Thumbnails come from background jobs; wait until every one is there.
  await expect(async () => {
    for (const id of ids) {
      const response = await fetch(`${url}/api/assets/${id}/thumbnail`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    }
  // Two servers and two browsers share two cores in CI: processing can take a while.
  }).toPass({ timeout: 60_000 });
  return ids;
}

test('select with click, shift-click and a day; favorite them and download a zip', async ({ page, admin, server }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids = await uploadAll(server.url, token);
  await loginToPhotos(page, admin.email, admin.password);
  const tiles = page.locator('.timeline .tile');
  await expect(tiles).toHaveCount(3);
  // Before its thumbnail, each tile shows its thumbhash as a tiny bitmap.
  for (const style of await tiles.evaluateAll((list) => list.map((t) => t.getAttribute('style') ?? ''))) {
    expect(style).toContain('url("data:image/bmp;base64,Qk');
  }

  // A click on a tile's check selects it; from then on a click on a tile adds it; a shift-click
  // on the check selects the range.
  await tiles.nth(0).hover();
  await tiles.nth(0).locator('.tile-select').click();
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await expect(bar.getByText('1 selected')).toBeVisible();
  await tiles.nth(2).locator('.tile-select').click({ modifiers: ['Shift'] });
  await expect(bar.getByText('3 selected')).toBeVisible();
  await expect(page.locator('.timeline .tile.selected')).toHaveCount(3);
  await tiles.nth(1).click();
  await expect(bar.getByText('2 selected')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();

  // A whole day at once with its header's check; the same check again lets it go.
  const firstDay = page.locator('.timeline-day').first();
  await firstDay.locator('.day-select').click();
  const inDay = await page.locator('.timeline .tile.selected').count();
  expect(inDay).toBeGreaterThan(0);
  await expect(bar.getByText(`${inDay} selected`)).toBeVisible();
  await expect(firstDay.locator('.day-select')).toHaveAttribute('aria-pressed', 'true');
  await firstDay.locator('.day-select').click();
  await expect(bar).toBeHidden();

  // Favorite three at once.
  await tiles.nth(0).locator('.tile-select').click();
  await tiles.nth(1).click();
  await tiles.nth(2).click();
  await bar.getByRole('button', { name: '♥ Favorite' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to favorites' })).toBeVisible();
  await expect(page.locator('.timeline .tile-favorite')).toHaveCount(3);
  const details = (await Promise.all(ids.map((id) => apiGet(server.url, token, `/api/assets/${id}`)))) as { isFavorite: boolean }[];
  expect(details.map((d) => d.isFavorite)).toEqual([true, true, true]);

  // Two selected download as one zip holding both originals.
  await tiles.nth(0).locator('.tile-select').click();
  await tiles.nth(1).click();
  const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^shoebox-\d{8}-\d{6}\.zip$/);
  const zip = fs.readFileSync(await download.path());
  expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  let entries = 0;
  for (let i = 0; i + 4 <= zip.length; i++) if (zip.readUInt32LE(i) === 0x02014b50) entries++;
  expect(entries).toBe(2);
  const sizes = FILES.map((f) => fs.statSync(f).size);
  expect(zip.length).toBeGreaterThan(Math.min(...sizes));
});

test('a password-protected link opens in a fresh browser with exactly its photos', async ({ page, admin, server, newContext }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids = await uploadAll(server.url, token);
  await loginToPhotos(page, admin.email, admin.password);
  const tiles = page.locator('.timeline .tile');
  await expect(tiles).toHaveCount(3);
  const shared = [await tiles.nth(0).getAttribute('data-asset-id'), await tiles.nth(1).getAttribute('data-asset-id')];
  const notShared = ids.find((id) => !shared.includes(id));

  await tiles.nth(0).locator('.tile-select').click();
  await tiles.nth(1).click();
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Share' }).click();
  await bar.getByLabel('Password (optional)').fill('hunter22-secret');
  await bar.getByRole('button', { name: 'Create link' }).click();
  const address = await bar.getByLabel('Shared link address').inputValue();
  expect(address).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);

  // The Sharing page lists it.
  await gotoApp(page, '/sharing');
  await expect(page.locator('.link-list li')).toHaveCount(1);
  await expect(page.locator('.link-list li')).toContainText('2 items · password');

  // A visitor with no account, in a browser that never signed in.
  const visitorContext = await newContext();
  const visitor = await visitorContext.newPage();
  await gotoApp(visitor, address);
  await expect(visitor.getByRole('heading', { name: 'Protected link' })).toBeVisible();
  await expect(visitor.locator('.share-tile')).toHaveCount(0);
  await visitor.getByLabel('Password').fill('wrong password');
  await visitor.getByRole('button', { name: 'Open' }).click();
  await expect(visitor.getByRole('alert')).toContainText('Wrong password');
  await visitor.getByLabel('Password').fill('hunter22-secret');
  await visitor.getByRole('button', { name: 'Open' }).click();
  const sharedTiles = visitor.locator('.share-tile');
  await expect(sharedTiles).toHaveCount(2);
  const seen = await sharedTiles.evaluateAll((list) => list.map((t) => t.getAttribute('data-asset-id')));
  expect(seen.sort()).toEqual([...shared].sort());
  await expect
    .poll(() => sharedTiles.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0)))
    .toEqual([true, true]);
  await expect(visitor.getByRole('button', { name: 'Download all' })).toBeVisible();

  // The light viewer, and a reload keeps the visitor in (the password token is a cookie).
  await sharedTiles.first().click();
  await expect(visitor.locator('.share-viewer .viewer-position')).toHaveText('1 / 2');
  await visitor.keyboard.press('ArrowRight');
  await expect(visitor.locator('.share-viewer .viewer-position')).toHaveText('2 / 2');
  await visitor.keyboard.press('Escape');
  await visitor.reload();
  await expect(visitor.locator('.share-tile')).toHaveCount(2);

  // Nothing else: not the third photo, not the library, not the owner's API.
  const key = address.split('/share/')[1];
  const other = await visitor.request.get(`/api/assets/${notShared}/thumbnail?key=${key}`);
  expect(other.status()).toBe(404);
  const timeline = await visitor.request.get('/api/timeline/buckets');
  expect(timeline.status()).toBe(401);
  await visitor.goto('/photos');
  await expect(visitor).toHaveURL(/\/auth\/login/);

  // The owner turns downloads off on the Sharing page; the visitor's page no longer offers them
  // and the server refuses the original.
  await page.locator('.link-list li .link-editor summary').click();
  await page.locator('.link-list li').getByLabel('Allow download').uncheck();
  await page.locator('.link-list li').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.link-list li')).toContainText('no downloads');
  await gotoApp(visitor, address);
  await expect(visitor.locator('.share-tile')).toHaveCount(2);
  await expect(visitor.getByRole('button', { name: 'Download all' })).toHaveCount(0);
  const original = await visitor.request.get(`/api/assets/${shared[0]}/original?key=${key}`);
  expect(original.status()).toBe(403);
});

test('an album link made on the album page lets a visitor add photos the owner then sees', async ({ page, admin, server, newContext }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const album = (await (await fetch(`${server.url}/api/albums`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ albumName: 'Garden party' }),
  })).json()) as { id: string };
  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, `/albums/${album.id}`);
  await page.getByText('Edit and share').click();
  await page.getByLabel('Allow upload').check();
  await page.getByRole('button', { name: 'Create link' }).click();
  const address = await page.getByLabel('Shared link address').inputValue();

  const visitor = await (await newContext()).newPage();
  // The upload button works only once the page has hydrated; a file chosen before that is dropped.
  await gotoApp(visitor, address);
  await expect(visitor.getByRole('heading', { name: 'Garden party' })).toBeVisible();
  await expect(visitor.getByText('Nothing is shared here yet.')).toBeVisible();
  await visitor.locator('.share-upload input[type="file"][data-upload="files"]').setInputFiles([FILES[0]]);
  await expect(visitor.locator('.share-tile')).toHaveCount(1, { timeout: 20_000 });
  const inAlbum = (await apiGet(server.url, token, `/api/albums/${album.id}`)) as { assetCount: number };
  expect(inAlbum.assetCount).toBe(1);
});

test('on an album page a selection becomes the cover or leaves the album; the owner sets the order', async ({ page, admin, server }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids = await uploadAll(server.url, token);
  const album = (await (await fetch(`${server.url}/api/albums`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ albumName: 'Holiday', assetIds: ids }),
  })).json()) as { id: string; albumThumbnailAssetId: string };
  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, `/albums/${album.id}`);
  const tiles = page.locator('.timeline .tile');
  await expect(tiles).toHaveCount(3);
  const bar = page.getByRole('toolbar', { name: 'Selection' });

  // The newest tile becomes the cover (the first one added, the oldest, was it).
  const newest = await tiles.nth(0).getAttribute('data-asset-id');
  const oldest = await tiles.nth(2).getAttribute('data-asset-id');
  expect(album.albumThumbnailAssetId).toBe(oldest);
  await tiles.nth(0).hover();
  await tiles.nth(0).locator('.tile-select').click();
  await bar.getByRole('button', { name: 'Set as cover' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cover changed' })).toBeVisible();
  let now = (await apiGet(server.url, token, `/api/albums/${album.id}`)) as { albumThumbnailAssetId: string; assetCount: number };
  expect(now.albumThumbnailAssetId).toBe(newest);

  // Oldest first.
  await page.getByText('Edit and share').click();
  await page.getByLabel('Order').selectOption('asc');
  await expect(tiles.nth(0)).toHaveAttribute('data-asset-id', oldest ?? '');
  await expect(tiles.nth(2)).toHaveAttribute('data-asset-id', newest ?? '');

  // Two leave the album; they stay in the library.
  await tiles.nth(0).locator('.tile-select').click();
  await tiles.nth(1).click();
  await bar.getByRole('button', { name: 'Remove from album' }).click();
  await expect(tiles).toHaveCount(1);
  now = (await apiGet(server.url, token, `/api/albums/${album.id}`)) as { albumThumbnailAssetId: string; assetCount: number };
  expect(now.assetCount).toBe(1);
  const kept = (await apiGet(server.url, token, `/api/assets/${oldest}`)) as { isTrashed: boolean };
  expect(kept.isTrashed).toBe(false);
});
