// The map: every geotagged photo as a marker on a plain background when tiles cannot load (these
// machines have no internet, like many homes); the nine Tuscany photos form one cluster that
// splits as one zooms; a cluster opens its photos in a grid, then the viewer, whose info panel
// has a small map and "Show on map". The admin can turn the map off.

import fs from 'node:fs';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { idsOf, OTHERS, TUSCANY, uploadLibrary } from '../support/library';
import { apiGet, apiLogin, apiPut, uploadFile } from '../support/api';
import { gotoApp, loginToPhotos } from '../support/ui';

test.skip(![...TUSCANY, ...OTHERS].every((f) => fs.existsSync(f)), `the photo corpus is absent (looked in ${CORPUS})`);

test.describe('with tiles out of reach', () => {
  // An address nothing answers on: the map must fall back to its plain background.
  test.use({ serverEnv: { SHOEBOX_MAP__LIGHT_STYLE: 'http://127.0.0.1:9/style.json', SHOEBOX_MAP__DARK_STYLE: 'http://127.0.0.1:9/dark.json' } });

  test('the Tuscany photos are one cluster that splits when zoomed and opens in a grid and the viewer', async ({ page, admin, server }) => {
    test.setTimeout(150_000);
    const library = await uploadLibrary(server.url, admin);
    await loginToPhotos(page, admin.email, admin.password);
    await gotoApp(page, '/map');
    const map = page.locator('.map-main');
    await expect(map).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    await expect(page.getByText('Map tiles could not load; showing photo locations only.')).toBeVisible();
    await expect(map).toHaveAttribute('data-markers', '10');
    await expect(page.locator('.map-count')).toHaveText('10 photos with a place');

    // Fitted to Italy and Kenya at once, the nine Tuscany photos are one cluster.
    const cluster = map.locator('.map-cluster[data-count="9"]');
    await expect(cluster).toHaveCount(1);
    await cluster.click();
    const panel = page.getByRole('complementary', { name: 'Photos here' });
    await expect(panel.getByRole('heading', { name: '9 photos' })).toBeVisible();
    const opened = await panel.locator('img').evaluateAll((imgs) =>
      imgs.map((img) => (img.getAttribute('src') ?? '').split('/')[3]).sort(),
    );
    expect(opened).toEqual(idsOf(library, TUSCANY));

    // The grid has the timeline's selection: two picked become favorites.
    await panel.getByRole('button', { name: 'Select photo 1' }).click();
    await panel.getByRole('button', { name: 'Select photo 2' }).click();
    await page.getByRole('button', { name: '♥ Favorite' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added to favorites' })).toBeVisible();

    // A photo in the grid opens the viewer; its info panel has a small map and "Show on map".
    await panel.getByRole('button', { name: 'Open photo 1' }).click();
    const viewer = page.getByRole('dialog', { name: 'Viewer' });
    await expect(viewer).toBeVisible();
    await viewer.getByRole('button', { name: 'Info' }).click();
    await expect(viewer.locator('.viewer-map-view')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    await expect(viewer.locator('.viewer-map-view .map-point')).toHaveCount(1);
    await viewer.getByRole('link', { name: 'Show on map' }).click();
    await expect(page).toHaveURL(/\/map\?at=43\.46[0-9]*,11\.8[0-9]*,16$/);

    await expect(page.locator('.map-main')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    await expect(page.locator('.map-main .map-cluster[data-count="9"]')).toHaveCount(0);

    // Opened close in over all nine, the cluster has split: smaller clusters and single photos.
    await gotoApp(page, '/map?at=43.4671,11.8823,15');
    const zoomed = page.locator('.map-main');
    await expect(zoomed).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    await expect(zoomed.locator('.map-cluster[data-count="9"]')).toHaveCount(0);
    await expect(async () => {
      const counts = await zoomed.locator('.map-cluster').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
      const points = await zoomed.locator('.map-point').count();
      expect(counts.length + points).toBeGreaterThan(1);
      expect(counts.reduce((a, b) => a + b, 0) + points).toBe(9);
    }).toPass({ timeout: 15_000 });

    // Filters: favorites only shows the two favorites; with the archive, an archived one too.
    await apiPut(server.url, library.token, '/api/assets', { ids: [library.ids.get('Kodak_CX7530.jpg')], visibility: 'archive' });
    await gotoApp(page, '/map');
    await expect(page.locator('.map-main')).toHaveAttribute('data-markers', '9');
    await page.getByLabel('Favorites only').check();
    await expect(page.locator('.map-main')).toHaveAttribute('data-markers', '2');
    await expect(page.locator('.map-count')).toHaveText('2 photos with a place');
    await page.getByLabel('Favorites only').uncheck();
    await page.getByLabel('Include archived').check();
    await expect(page.locator('.map-main')).toHaveAttribute('data-markers', '10');
  });
});

test.describe('with the map turned off', () => {
  test.use({ serverEnv: { SHOEBOX_MAP__ENABLED: 'false' } });

  test('the map page says so and the viewer shows no map', async ({ page, admin, server }) => {
    const token = await apiLogin(server.url, admin.email, admin.password);
    await uploadFile(server.url, token, TUSCANY[0]);
    await expect(async () => {
      expect(await apiGet(server.url, token, '/api/map/markers')).toHaveLength(1);
    }).toPass({ timeout: 30_000 });
    await loginToPhotos(page, admin.email, admin.password);
    await gotoApp(page, '/map');
    await expect(page.getByText('The map is turned off on this server.')).toBeVisible();
    await expect(page.locator('.map-view')).toHaveCount(0);
    await gotoApp(page, '/photos');
    await page.locator('.timeline .tile').first().click();
    const viewer = page.getByRole('dialog', { name: 'Viewer' });
    await viewer.getByRole('button', { name: 'Info' }).click();
    await expect(viewer.getByText('Arezzo')).toBeVisible();
    await expect(viewer.locator('.viewer-map')).toHaveCount(0);
  });
});
