// The library in the browser: the viewer (keys, favorite, description, trash and restore),
// albums shared with a viewer (who cannot add) and an editor (who can), and an album page
// rendered on the server for a browser without JavaScript.

import fs from 'node:fs';
import path from 'node:path';
import { CORPUS } from '../support/corpus';
import type { Locator } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { apiGet, apiLogin, apiPost, createUser, uploadFile } from '../support/api';
import { gotoApp, loginToPhotos, pageHeading } from '../support/ui';

const JPG = path.join(CORPUS, 'exif-samples/jpg');
const FILES = [
  path.join(JPG, 'Canon_40D.jpg'),
  path.join(JPG, 'gps/DSCN0010.jpg'),
  path.join(JPG, 'gps/DSCN0012.jpg'),
];

test.skip(!FILES.every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${CORPUS})`);

/** The viewer's message after an action. Not any `status` in the dialog: the info panel's small
 * map adds its own ("Map tiles could not load…") for a geotagged photo on a machine offline. */
const viewerMessage = (viewer: Locator) => viewer.locator('.viewer-message');

const VIEWER = { email: 'vera@example.com', password: 'vera-password-123', name: 'Vera Viewer' };
const EDITOR = { email: 'ed@example.com', password: 'ed-password-123', name: 'Ed Editor' };

test('the viewer moves with the keyboard, favorites, describes, trashes and restores', async ({ page, admin, server }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids: string[] = [];
  for (const file of FILES) ids.push(await uploadFile(server.url, token, file));
  await loginToPhotos(page, admin.email, admin.password);
  await expect(page.locator('.timeline .tile')).toHaveCount(3);

  await page.locator('.timeline .tile').first().click();
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await expect(viewer).toBeVisible();
  await expect(viewer.locator('.viewer-position')).toHaveText('1 / 3');
  await expect(viewer.locator('img.viewer-media')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(viewer.locator('.viewer-position')).toHaveText('2 / 3');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(viewer.locator('.viewer-position')).toHaveText('3 / 3', { timeout: 5_000 });
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.locator('.viewer-position')).toHaveText('2 / 3');

  // Favorite with the button, then with the F key back and forth.
  await viewer.getByRole('button', { name: 'Favorite', exact: true }).click();
  await expect(viewer.getByRole('button', { name: 'Unfavorite', exact: true })).toBeVisible();

  // The info panel (I) shows the file and takes a description.
  await page.keyboard.press('i');
  const info = viewer.getByRole('complementary', { name: 'Info' });
  await expect(info).toBeVisible();
  await expect(info.getByText('Taken', { exact: true })).toBeVisible();
  const description = info.getByLabel('Description', { exact: true });
  await description.fill('Harbour at dusk');
  await description.blur();
  await expect(async () => {
    const details = await Promise.all(
      ids.map((id) => apiGet(server.url, token, `/api/assets/${id}`) as Promise<{ exifInfo?: { description?: string } }>),
    );
    expect(details.map((d) => d.exifInfo?.description ?? '')).toContain('Harbour at dusk');
  }).toPass({ timeout: 10_000 });

  // Escape closes; Favorites now holds the photo.
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Favorites', exact: true }).click();
  await expect(pageHeading(page, 'Favorites')).toBeVisible();
  await expect(page.locator('.timeline .tile')).toHaveCount(1);

  // Trash it from the viewer, find it in the Trash, restore it.
  await page.locator('.timeline .tile').first().click();
  await viewer.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(viewerMessage(viewer)).toHaveText('Moved to the trash');
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trash', exact: true }).click();
  await expect(pageHeading(page, 'Trash')).toBeVisible();
  await expect(page.locator('.timeline .tile')).toHaveCount(1);
  await page.locator('.timeline .tile').first().click();
  await viewer.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(viewerMessage(viewer)).toHaveText('Restored');
  await page.keyboard.press('Escape');
  await expect(page.getByText('The trash is empty', { exact: true })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Photos', exact: true }).click();
  await expect(page.locator('.timeline .tile')).toHaveCount(3);
});

test('an album shared with a viewer (who cannot add) and an editor (who can)', async ({ page, admin, server, newContext }) => {
  const adminToken = await apiLogin(server.url, admin.email, admin.password);
  await createUser(server.url, adminToken, VIEWER);
  await createUser(server.url, adminToken, EDITOR);
  await uploadFile(server.url, adminToken, FILES[0]);

  // The owner creates an album and adds a photo from the viewer.
  await loginToPhotos(page, admin.email, admin.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Albums', exact: true }).click();
  await expect(page.getByText('No albums yet', { exact: false })).toBeVisible();
  await page.getByLabel('New album name', { exact: true }).fill('Family');
  await page.getByRole('button', { name: 'Create album', exact: true }).click();
  await expect(pageHeading(page, 'Family')).toBeVisible();
  await expect(page.locator('.album-meta')).toHaveText('0 items');
  const albumUrl = page.url();

  await gotoApp(page, '/photos');
  await page.locator('.timeline .tile').first().click();
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await viewer.getByRole('button', { name: 'Info', exact: true }).click();
  await viewer.getByLabel('Album', { exact: true }).selectOption({ label: 'Family' });
  await viewer.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(viewerMessage(viewer)).toHaveText('Added to the album');
  await page.keyboard.press('Escape');

  // Share: Vera can view, Ed can add.
  await gotoApp(page, new URL(albumUrl).pathname);
  await expect(page.locator('.album-meta')).toHaveText(/^1 item/);
  await expect(page.locator('.timeline .tile')).toHaveCount(1);
  await page.getByText('Edit and share', { exact: true }).click();
  await page.getByLabel('Share with', { exact: true }).selectOption({ label: `${VIEWER.name} (${VIEWER.email})` });
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const people = page.getByRole('list', { name: 'People' });
  await expect(people.getByText(VIEWER.name)).toBeVisible();
  // The tools stay open after a change.
  await page.getByLabel('Share with', { exact: true }).selectOption({ label: `${EDITOR.name} (${EDITOR.email})` });
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(people.getByText(EDITOR.name)).toBeVisible();
  await expect(people.locator('li', { hasText: EDITOR.name })).toContainText('editor');
  await expect(people.locator('li', { hasText: VIEWER.name })).toContainText('viewer');

  // The viewer sees the album and its photo, and cannot add to it.
  const veraToken = await apiLogin(server.url, VIEWER.email, VIEWER.password);
  await uploadFile(server.url, veraToken, FILES[1]);
  const vera = await (await newContext()).newPage();
  await vera.goto('/auth/login');
  await loginToPhotos(vera, VIEWER.email, VIEWER.password);
  await gotoApp(vera, '/albums');
  await vera.getByRole('link', { name: /Family/ }).click();
  await expect(pageHeading(vera, 'Family')).toBeVisible();
  await expect(vera.getByText('You can view this album.', { exact: true })).toBeVisible();
  await expect(vera.locator('.timeline .tile')).toHaveCount(1);
  await gotoApp(vera, '/photos');
  await vera.locator('.timeline .tile').first().click();
  await vera.getByRole('dialog', { name: 'Viewer' }).getByRole('button', { name: 'Info', exact: true }).click();
  const veraAlbums = vera.getByRole('dialog', { name: 'Viewer' }).getByLabel('Album', { exact: true });
  await expect(veraAlbums.locator('option')).toHaveText(['Choose an album']);

  // The editor adds a photo of their own.
  const edToken = await apiLogin(server.url, EDITOR.email, EDITOR.password);
  await uploadFile(server.url, edToken, FILES[2]);
  const ed = await (await newContext()).newPage();
  await ed.goto('/auth/login');
  await loginToPhotos(ed, EDITOR.email, EDITOR.password);
  await ed.locator('.timeline .tile').first().click();
  const edViewer = ed.getByRole('dialog', { name: 'Viewer' });
  await edViewer.getByRole('button', { name: 'Info', exact: true }).click();
  await edViewer.getByLabel('Album', { exact: true }).selectOption({ label: 'Family' });
  await edViewer.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(viewerMessage(edViewer)).toHaveText('Added to the album');
  await gotoApp(page, new URL(albumUrl).pathname);
  await expect(page.locator('.album-meta')).toHaveText(/^2 items/);
  await expect(page.locator('.timeline .tile')).toHaveCount(2);
});

test('an album page renders with JavaScript off', async ({ newContext, admin, server }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const photo = await uploadFile(server.url, token, FILES[0]);
  const album = (await apiPost(server.url, token, '/api/albums', {
    albumName: 'Quiet album',
    description: 'Rendered on the server',
    assetIds: [photo],
  })) as { id: string };
  const context = await newContext({ javaScriptEnabled: false });
  await context.addCookies([{ name: 'immich_access_token', value: token, url: server.url }]);
  const page = await context.newPage();
  const response = await page.goto(`/albums/${album.id}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Quiet album', exact: true })).toBeVisible();
  await expect(page.getByText('Rendered on the server', { exact: true })).toBeVisible();
  await expect(page.locator('.album-meta')).toHaveText(/^1 item/);
  await expect(page.getByRole('list', { name: 'People' })).toContainText(admin.name);
});

test('two fingers pinch the viewer to zoom, within its limits', async ({ page, admin, server }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  await uploadFile(server.url, token, FILES[0]);
  await loginToPhotos(page, admin.email, admin.password);
  await page.locator('.timeline .tile').first().click();
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  const media = viewer.locator('img.viewer-media');
  await expect(media).toBeVisible();
  // Synthetic touches: two fingers 100 px apart spread to 250 px, then to 2000 px.
  const pinch = async (type: string, apart: number, fingers = 2) =>
    page.evaluate(
      ({ type, apart, fingers }) => {
        const target = document.querySelector('.viewer') as HTMLElement;
        const touch = (id: number, x: number) => new Touch({ identifier: id, target, clientX: x, clientY: 300 });
        const touches = [touch(1, 400), touch(2, 400 + apart)].slice(0, fingers);
        target.dispatchEvent(new TouchEvent(type, { touches, changedTouches: touches, bubbles: true, cancelable: true }));
      },
      { type, apart, fingers },
    );
  await pinch('touchstart', 100);
  await pinch('touchmove', 250);
  await expect(media).toHaveAttribute('style', /scale\(2\.5\)/);
  await pinch('touchmove', 2000);
  await expect(media).toHaveAttribute('style', /scale\(8\)/);
  await pinch('touchend', 0, 0);
  // The pinch was not a swipe: still the same photo, still zoomed.
  await expect(viewer.locator('.viewer-position')).toHaveText('1 / 1');
});
