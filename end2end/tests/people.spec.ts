// People, with real face models: the faces corpus (12 portraits of six people, one of them in a
// single photo) becomes five people; one is named on their page, which shows their photos; the
// search finds them; the viewer shows them in the info panel and as a box on the face, where the
// owner moves the face to someone else or to nobody; hidden people leave the people page.

import fs from 'node:fs';
import path from 'node:path';
import { apiGet, apiLogin, uploadFile } from '../support/api';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { mlEnv, MODELS, onnxRuntime } from '../support/ml';
import { expectPath, gotoApp, loginToPhotos, pageHeading } from '../support/ui';

const FACES = path.join(CORPUS, 'faces');
const PHOTOS = fs.existsSync(FACES)
  ? fs
      .readdirSync(FACES)
      .filter((d) => fs.statSync(path.join(FACES, d)).isDirectory())
      .flatMap((d) => fs.readdirSync(path.join(FACES, d)).map((f) => path.join(FACES, d, f)))
  : [];

test.skip(PHOTOS.length !== 12, `the faces corpus is absent (looked in ${FACES})`);
test.skip(!fs.existsSync(path.join(MODELS, 'facial-recognition/buffalo_s')), `no face models in ${MODELS}`);
test.skip(!onnxRuntime(), 'ONNX Runtime is not installed (scripts/install-deps.sh test)');
test.use({ serverEnv: mlEnv(['facial_recognition']) });

type Face = {
  id: string;
  imageWidth: number;
  imageHeight: number;
  boundingBoxX1: number;
  boundingBoxY1: number;
  boundingBoxX2: number;
  boundingBoxY2: number;
  person: { id: string; name: string } | null;
};

test('faces become people, named on their page, shown in the viewer with their boxes', async ({ page, admin, server, newContext }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  const ids = new Map<string, string>();
  for (const file of PHOTOS) ids.set(path.relative(FACES, file), await uploadFile(server.url, token, file));
  const biden = ['biden/biden.jpg', 'biden/biden2.jpg'].map((f) => ids.get(f) ?? `missing ${f}`).sort();
  const facesOf = async (asset: string) => (await apiGet(server.url, token, `/api/faces?id=${asset}`)) as Face[];

  // Detection and recognition run in the background: five people (two or more photos each), one
  // of them in both photos of Biden.
  let person = '';
  await expect(async () => {
    const listed = (await apiGet(server.url, token, '/api/people')) as { people: unknown[] };
    expect(listed.people).toHaveLength(5);
    const [a, b] = await Promise.all(biden.map(facesOf));
    const shared = a.map((f) => f.person?.id).filter((p) => p && b.some((g) => g.person?.id === p));
    expect(shared).toHaveLength(1);
    person = shared[0] ?? '';
  }).toPass({ timeout: 60_000, intervals: [1_000] });

  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/people');
  await expect(pageHeading(page, 'People')).toBeVisible();
  await expect(page.getByRole('list', { name: 'People' }).getByRole('listitem')).toHaveCount(5);

  // Their page: name them (Enter saves) and see exactly their two photos.
  await page.locator(`a[href="/people/${person}"]`).click();
  await expectPath(page, `/people/${person}`);
  const name = page.getByRole('textbox', { name: 'Name' });
  await name.fill('Joe Biden');
  await name.press('Enter');
  await expect(page.getByText('Name saved')).toBeVisible();
  await expect(page.getByText('2 photos', { exact: true })).toBeVisible();
  const tiles = page.locator('.person-page .timeline .tile');
  await expect(tiles).toHaveCount(2);
  expect((await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id') ?? ''))).sort()).toEqual(biden);

  // The name is the person's everywhere: the people page lists it, and both pages are whole
  // without JavaScript (rendered on the server).
  await gotoApp(page, '/people');
  await expect(page.getByRole('link', { name: 'Joe Biden, 2 photos', exact: true })).toBeVisible();
  const plain = await newContext({ javaScriptEnabled: false });
  await plain.addCookies([{ name: 'immich_access_token', value: token, url: server.url }]);
  const html = await plain.newPage();
  await html.goto('/people');
  await expect(html.getByRole('link', { name: 'Joe Biden, 2 photos', exact: true })).toBeVisible();
  await html.goto(`/people/${person}`);
  await expect(pageHeading(html, 'Joe Biden')).toBeAttached();
  await expect(html.getByRole('textbox', { name: 'Name' })).toHaveValue('Joe Biden');
  await expect(html.getByText('2 photos', { exact: true })).toBeVisible();
  // The search's people filter finds the same two photos, and keeps the person in the address.
  await gotoApp(page, '/search');
  await page.getByRole('checkbox', { name: 'Joe Biden', exact: true }).check();
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?person=${person}$`));
  const found = page.locator('.search-page .timeline .tile');
  await expect(found).toHaveCount(2);
  expect((await found.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id') ?? ''))).sort()).toEqual(biden);

  // In the viewer: the info panel names them, and P draws their face's box on the photo.
  await gotoApp(page, '/people');
  await page.getByRole('link', { name: 'Joe Biden, 2 photos', exact: true }).click();
  await expect(tiles).toHaveCount(2);
  const opened = (await tiles.first().getAttribute('data-asset-id')) ?? '';
  await tiles.first().click();
  const viewer = page.getByRole('dialog', { name: 'Viewer' });
  await viewer.getByRole('button', { name: 'Info' }).click();
  const info = viewer.getByRole('complementary', { name: 'Info' });
  await expect(info.getByRole('link', { name: 'Joe Biden' })).toHaveAttribute('href', `/people/${person}`);
  await page.keyboard.press('p');
  await expect(viewer.getByRole('button', { name: 'Show faces' })).toHaveAttribute('aria-pressed', 'true');
  const face = (await facesOf(opened)).find((f) => f.person?.id === person);
  expect(face).toBeDefined();
  const box = viewer.locator(`.face-box[data-face-id="${face?.id}"]`);
  await expect(box).toContainText('Joe Biden');
  // The box sits where the face is on the photo as displayed (scaled from the preview's pixels).
  const photo = await viewer.locator('img.viewer-media').boundingBox();
  const drawn = await box.boundingBox();
  if (!face || !photo || !drawn) throw new Error('the photo or the face box has no size');
  const scale = photo.width / face.imageWidth;
  expect(Math.abs(photo.height / face.imageHeight - scale)).toBeLessThan(0.01);
  expect(Math.abs(drawn.x - (photo.x + face.boundingBoxX1 * scale))).toBeLessThan(3);
  expect(Math.abs(drawn.y - (photo.y + face.boundingBoxY1 * scale))).toBeLessThan(3);
  expect(Math.abs(drawn.width - (face.boundingBoxX2 - face.boundingBoxX1) * scale)).toBeLessThan(4);
  await page.keyboard.press('p');
  await expect(box).toHaveCount(0);

  // The owner moves the face to someone else, then says it is nobody.
  const row = info.locator(`.viewer-face[data-face-id="${face.id}"]`);
  await row.locator('summary').click();
  const moveTo = row.getByRole('combobox', { name: 'Move to' });
  await expect(moveTo.locator('option')).toHaveCount(5);
  const other = await moveTo.locator('option').nth(1).textContent();
  await moveTo.selectOption({ index: 1 });
  await row.getByRole('button', { name: 'Move' }).click();
  await expect(row.locator('.viewer-face-person')).toContainText(other ?? 'missing');
  await expect(info.getByRole('link', { name: 'Joe Biden' })).toHaveCount(0);
  await row.locator('summary').click();
  await row.getByRole('button', { name: 'Not this person' }).click();
  await expect(row.locator('.viewer-face-person')).toContainText('Unknown face');
  expect((await facesOf(opened)).find((f) => f.id === face.id)?.person).toBeNull();
  await page.keyboard.press('Escape');
  // Their page now holds the one photo left.
  await expect(tiles).toHaveCount(1);
  await expect(page.getByText('1 photo', { exact: true })).toBeVisible();

  // Hidden people leave the people page until asked for.
  await page.getByRole('button', { name: 'Hidden' }).click();
  await expect(page.getByText('Hidden from the People page')).toBeVisible();
  await gotoApp(page, '/people');
  await expect(page.getByRole('list', { name: 'People' }).getByRole('listitem')).toHaveCount(4);
  await page.getByRole('button', { name: 'Show hidden people' }).click();
  await expect(page.getByRole('link', { name: 'Joe Biden, 1 photo, hidden', exact: true })).toBeVisible();
});
