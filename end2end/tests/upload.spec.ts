// Uploads from the web app: picking files and folders, dropping files anywhere, the panel's
// counts (uploaded, duplicates skipped, failed with the reason), retrying a refused upload, and
// new photos showing on Recently added without a reload. Uses real photos from the shared corpus.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { apiLogin, createUser } from '../support/api';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { gotoApp, loginToPhotos, pageHeading } from '../support/ui';

const JPG = path.join(CORPUS, 'exif-samples/jpg');
const CANON = path.join(JPG, 'Canon_40D.jpg');
const GPS = (name: string) => path.join(JPG, 'gps', name);
const LARGE = path.join(JPG, 'mobile/HMD_Nokia_8.3_5G.jpg');
const NEEDED = [CANON, LARGE, ...['0010', '0012', '0021', '0025', '0027', '0029', '0038'].map((n) => GPS(`DSCN${n}.jpg`))];

test.skip(
  !NEEDED.every((f) => fs.existsSync(f)),
  `the photo corpus is absent (looked in ${CORPUS}; set SHOEBOX_CORPUS)`,
);

// A debug server hashing and storing files on a busy machine: allow for it.
const UPLOAD_TIMEOUT = 30_000;

function panel(page: Page): Locator {
  return page.getByRole('region', { name: 'Uploads', exact: true });
}

function count(page: Page, which: 'uploaded' | 'duplicates' | 'failed' | 'progress'): Locator {
  return panel(page).locator(`[data-count="${which}"]`);
}

function row(page: Page, name: string): Locator {
  return panel(page).locator('.upload-item').filter({ has: page.locator('.upload-item-name', { hasText: name }) });
}

function tile(page: Page, name: string): Locator {
  return page.locator(`.photo-grid .photo-tile[data-file-name="${name}"]`);
}

/** Logs in and opens Recently added, where each upload shows with its processing state. */
async function loginToRecent(page: Page, email: string, password: string): Promise<void> {
  await loginToPhotos(page, email, password);
  // By address: at phone width the sidebar with the link is folded away.
  await gotoApp(page, '/recent');
  await expect(pageHeading(page, 'Recently added')).toBeVisible();
}

/** Marks the document, so a later check can tell it was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __uploadMark?: boolean }).__uploadMark = true;
  });
}

async function expectSameDocument(page: Page): Promise<void> {
  const marked = await page.evaluate(() => (window as unknown as { __uploadMark?: boolean }).__uploadMark === true);
  expect(marked, 'the page was not reloaded').toBe(true);
}

/** Counts the upload requests the page sends. */
function countUploads(page: Page): { readonly sent: number } {
  const counter = { sent: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/assets') counter.sent += 1;
  });
  return counter;
}

/** Drags `files` over the page and drops them on it, as a file manager would. */
async function dropFiles(page: Page, files: string[]): Promise<void> {
  const payload = files.map((f) => ({ name: path.basename(f), base64: fs.readFileSync(f).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, base64 } of list) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name, { type: 'image/jpeg', lastModified: Date.UTC(2024, 4, 1) }));
    }
    return dt;
  }, payload);
  const target = 'main.page';
  await page.dispatchEvent(target, 'dragenter', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await expect(page.getByText('Drop to upload', { exact: true })).toBeVisible();
  await page.dispatchEvent(target, 'drop', { dataTransfer });
  await expect(page.getByText('Drop to upload', { exact: true })).toBeHidden();
  await dataTransfer.dispose();
}

/**
 * Drops a folder. Playwright cannot drag a real folder from the desktop, and a page cannot make
 * a `FileSystemDirectoryEntry`, so the dropped item answers `webkitGetAsEntry()` with stand-ins
 * that behave as Chromium's do: `readEntries` hands out two entries per call until an empty
 * batch, and `file()` answers asynchronously. The tree holds a sub-folder two levels deep, a
 * hidden file and a hidden folder (left out), and a text file (refused as unsupported).
 */
async function dropFolder(page: Page): Promise<void> {
  const photo = (name: string) => ({ name, base64: fs.readFileSync(GPS(name)).toString('base64') });
  const payload = [photo('DSCN0027.jpg'), photo('DSCN0029.jpg'), photo('DSCN0038.jpg')];
  const dataTransfer = await page.evaluateHandle((photos) => {
    type Entry = Record<string, unknown>;
    const file = (name: string, bytes: BlobPart) => new File([bytes], name, { lastModified: Date.UTC(2024, 4, 2) });
    const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const later = (fn: () => void) => setTimeout(fn, 5);
    const fileEntry = (dir: string, f: File): Entry => ({
      isFile: true,
      isDirectory: false,
      name: f.name,
      fullPath: `${dir}/${f.name}`,
      file: (ok: (f: File) => void) => later(() => ok(f)),
    });
    const dirEntry = (fullPath: string, children: Entry[]): Entry => ({
      isFile: false,
      isDirectory: true,
      name: fullPath.split('/').pop(),
      fullPath,
      createReader: () => {
        let next = 0;
        return {
          readEntries: (ok: (batch: Entry[]) => void) =>
            later(() => {
              const batch = children.slice(next, next + 2);
              next += batch.length;
              ok(batch);
            }),
        };
      },
    });
    const [p27, p29, p38] = photos.map((p) => file(p.name, decode(p.base64)));
    const tree = dirEntry('/dropped', [
      fileEntry('/dropped', p27),
      fileEntry('/dropped', file('.DS_Store', 'finder junk')),
      fileEntry('/dropped', file('notes.txt', 'not a photo')),
      dirEntry('/dropped/.thumbnails', [fileEntry('/dropped/.thumbnails', file('x.jpg', 'cache'))]),
      dirEntry('/dropped/day2', [
        fileEntry('/dropped/day2', p29),
        dirEntry('/dropped/day2/deeper', [fileEntry('/dropped/day2/deeper', p38)]),
      ]),
    ]);
    const marker = file('dropped', '');
    const original = DataTransferItem.prototype.webkitGetAsEntry;
    DataTransferItem.prototype.webkitGetAsEntry = function (this: DataTransferItem) {
      return this.getAsFile()?.name === 'dropped' ? (tree as unknown as FileSystemEntry) : original.call(this);
    };
    const dt = new DataTransfer();
    dt.items.add(marker);
    return dt;
  }, payload);
  await page.dispatchEvent('main.page', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main.page', 'dragover', { dataTransfer });
  await page.dispatchEvent('main.page', 'drop', { dataTransfer });
  await dataTransfer.dispose();
}

test('picked and dropped files upload; duplicates and unsupported files are counted; photos appear without a reload', async ({
  page,
  admin,
}, testInfo) => {
  const unsupported = testInfo.outputPath('notes.xyz');
  fs.writeFileSync(unsupported, 'not a photo\n');
  const uploads = countUploads(page);

  await loginToRecent(page, admin.email, admin.password);
  await expect(page.getByText('No photos yet — drop files anywhere or use Upload', { exact: true })).toBeVisible();
  await expect(panel(page)).toHaveCount(0);
  await markDocument(page);

  // The picker behind the Upload button.
  await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeVisible();
  await page.locator('input[type="file"][data-upload="files"]').setInputFiles([CANON, GPS('DSCN0010.jpg'), unsupported]);

  await expect(panel(page)).toBeVisible();
  await expect(count(page, 'uploaded')).toHaveText('2 uploaded', { timeout: UPLOAD_TIMEOUT });
  await expect(count(page, 'failed')).toHaveText('1 failed');
  await expect(count(page, 'duplicates')).toHaveText('0 duplicates skipped');
  await expect(count(page, 'progress')).toHaveText('3 of 3');
  await expect(row(page, 'notes.xyz')).toContainText('Failed: unsupported file type');
  await expect(row(page, 'notes.xyz')).toHaveAttribute('data-state', 'failed');
  // Refused before sending: nothing to retry, and it never reached the server.
  await expect(row(page, 'notes.xyz').getByRole('button', { name: /Retry/ })).toHaveCount(0);
  expect(uploads.sent).toBe(2);
  await expect(row(page, 'Canon_40D.jpg')).toHaveAttribute('data-state', 'done');
  await expect(row(page, 'Canon_40D.jpg')).toContainText('Uploaded');
  await expect(panel(page).getByRole('progressbar', { name: 'Total upload progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  );

  // The Photos page refetched on its own.
  await expect(tile(page, 'Canon_40D.jpg')).toBeVisible();
  await expect(tile(page, 'DSCN0010.jpg')).toBeVisible();
  await expect(page.locator('.photo-grid .photo-tile')).toHaveCount(2);
  await expectSameDocument(page);

  // The same photo again, dropped on the page this time: the server knows it.
  await dropFiles(page, [CANON]);
  await expect(count(page, 'duplicates')).toHaveText('1 duplicate skipped', { timeout: UPLOAD_TIMEOUT });
  await expect(count(page, 'uploaded')).toHaveText('2 uploaded');
  await expect(count(page, 'failed')).toHaveText('1 failed');
  await expect(count(page, 'progress')).toHaveText('4 of 4');
  await expect(panel(page).locator('.upload-item[data-state="duplicate"]')).toContainText('Duplicate, skipped');
  expect(uploads.sent).toBe(3);
  await expect(page.locator('.photo-grid .photo-tile')).toHaveCount(2);

  // A new photo dropped while on another page shows on Photos when the visitor goes back.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Albums', exact: true }).click();
  await expect(pageHeading(page, 'Albums')).toBeVisible();
  await dropFiles(page, [GPS('DSCN0012.jpg')]);
  await expect(count(page, 'uploaded')).toHaveText('3 uploaded', { timeout: UPLOAD_TIMEOUT });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recently added', exact: true }).click();
  await expect(tile(page, 'DSCN0012.jpg')).toBeVisible();
  await expect(page.locator('.photo-grid .photo-tile')).toHaveCount(3);
  await expectSameDocument(page);

  // The panel collapses, and once everything is done it can be cleared.
  const toggle = panel(page).getByRole('button', { name: 'Hide upload details', exact: true });
  await toggle.click();
  await expect(panel(page).locator('.upload-items')).toBeHidden();
  await expect(count(page, 'uploaded')).toBeVisible();
  await panel(page).getByRole('button', { name: 'Show upload details', exact: true }).click();
  await expect(panel(page).locator('.upload-items')).toBeVisible();
  await panel(page).getByRole('button', { name: 'Clear uploads', exact: true }).click();
  await expect(panel(page)).toHaveCount(0);

  // Rendered afresh by the server, the grid is the same and the page hydrates cleanly (the
  // fixture fails the test on any panic or hydration error).
  await gotoApp(page, '/recent');
  await expect(page.locator('.photo-grid .photo-tile')).toHaveCount(3);
});

test('a picked or dropped folder uploads every photo in it, sub-folders included, hidden files left out', async ({
  page,
  admin,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoebox-upload-'));
  try {
    fs.mkdirSync(path.join(dir, 'trip', 'day2'), { recursive: true });
    fs.copyFileSync(GPS('DSCN0021.jpg'), path.join(dir, 'trip', 'DSCN0021.jpg'));
    fs.copyFileSync(GPS('DSCN0025.jpg'), path.join(dir, 'trip', 'day2', 'DSCN0025.jpg'));
    fs.writeFileSync(path.join(dir, 'trip', '.DS_Store'), 'finder junk');

    await loginToRecent(page, admin.email, admin.password);
    await markDocument(page);
    await expect(page.getByRole('button', { name: 'Upload a folder', exact: true })).toBeVisible();
    await page.locator('input[type="file"][data-upload="folder"]').setInputFiles(path.join(dir, 'trip'));

    await expect(count(page, 'uploaded')).toHaveText('2 uploaded', { timeout: UPLOAD_TIMEOUT });
    await expect(count(page, 'failed')).toHaveText('0 failed');
    await expect(count(page, 'progress')).toHaveText('2 of 2');
    await expect(panel(page).locator('.upload-item')).toHaveCount(2);
    await expect(tile(page, 'DSCN0021.jpg')).toBeVisible();
    await expect(tile(page, 'DSCN0025.jpg')).toBeVisible();
    await expect(row(page, 'DSCN0025.jpg').locator('.upload-item-name')).toHaveAttribute('title', 'trip/day2/DSCN0025.jpg');
    await expectSameDocument(page);

    // A folder dropped from a file manager: walked through, sub-folders and all.
    await dropFolder(page);
    await expect(count(page, 'progress')).toHaveText('6 of 6', { timeout: UPLOAD_TIMEOUT });
    await expect(count(page, 'uploaded')).toHaveText('5 uploaded');
    await expect(count(page, 'failed')).toHaveText('1 failed');
    await expect(row(page, 'notes.txt')).toContainText('Failed: unsupported file type');
    await expect(row(page, 'x.jpg')).toHaveCount(0);
    await expect(row(page, '.DS_Store')).toHaveCount(0);
    for (const name of ['DSCN0027.jpg', 'DSCN0029.jpg', 'DSCN0038.jpg']) await expect(tile(page, name)).toBeVisible();
    await expect(row(page, 'DSCN0038.jpg').locator('.upload-item-name')).toHaveAttribute(
      'title',
      'dropped/day2/deeper/DSCN0038.jpg',
    );
    await expectSameDocument(page);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an upload the server refuses shows its reason, and Retry sends it again', async ({ page, server, admin }) => {
  // A user whose quota is smaller than the photos: the server refuses them.
  const user = { email: 'quota@example.com', name: 'Quinn Quota', password: 'quota-password-123' };
  const adminToken = await apiLogin(server.url, admin.email, admin.password);
  const created = (await createUser(server.url, adminToken, { ...user, quotaSizeInBytes: 50_000 })) as { id: string };
  const uploads = countUploads(page);

  await loginToRecent(page, user.email, user.password);
  await markDocument(page);
  await page.locator('input[type="file"][data-upload="files"]').setInputFiles([GPS('DSCN0010.jpg'), GPS('DSCN0012.jpg')]);

  await expect(count(page, 'failed')).toHaveText('2 failed', { timeout: UPLOAD_TIMEOUT });
  await expect(count(page, 'uploaded')).toHaveText('0 uploaded');
  // The server's own message, not a generic one.
  await expect(row(page, 'DSCN0010.jpg')).toContainText('Failed: The upload would exceed your storage quota');
  await expect(row(page, 'DSCN0012.jpg')).toContainText('exceed your storage quota');
  expect(uploads.sent).toBe(2);

  // Retrying while still over quota sends the file again and fails again.
  await panel(page).getByRole('button', { name: 'Retry DSCN0010.jpg', exact: true }).click();
  await expect.poll(() => uploads.sent, { timeout: UPLOAD_TIMEOUT }).toBe(3);
  await expect(row(page, 'DSCN0010.jpg')).toHaveAttribute('data-state', 'failed', { timeout: UPLOAD_TIMEOUT });
  await expect(count(page, 'failed')).toHaveText('2 failed');

  // With the quota lifted, one Retry, then Retry all failed, store both.
  const response = await fetch(`${server.url}/api/admin/users/${created.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ quotaSizeInBytes: null }),
  });
  expect(response.status, await response.clone().text()).toBe(200);

  await panel(page).getByRole('button', { name: 'Retry DSCN0010.jpg', exact: true }).click();
  await expect(count(page, 'uploaded')).toHaveText('1 uploaded', { timeout: UPLOAD_TIMEOUT });
  await expect(count(page, 'failed')).toHaveText('1 failed');
  await panel(page).getByRole('button', { name: 'Retry all failed', exact: true }).click();
  await expect(count(page, 'uploaded')).toHaveText('2 uploaded', { timeout: UPLOAD_TIMEOUT });
  await expect(count(page, 'failed')).toHaveText('0 failed');
  await expect(panel(page).getByRole('button', { name: 'Retry all failed', exact: true })).toBeHidden();
  expect(uploads.sent).toBe(5);

  await expect(tile(page, 'DSCN0010.jpg')).toBeVisible();
  await expect(tile(page, 'DSCN0012.jpg')).toBeVisible();
  await expectSameDocument(page);
});

test('a file on the wire shows its progress and the upload speed', async ({ page, admin }) => {
  await loginToRecent(page, admin.email, admin.password);
  // About 2 MB at 512 KiB/s: several seconds on the wire.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 512 * 1024,
  });
  await page.locator('input[type="file"][data-upload="files"]').setInputFiles([LARGE]);

  const file = row(page, 'HMD_Nokia_8.3_5G.jpg');
  const bar = file.getByRole('progressbar');
  await expect(file).toHaveAttribute('data-state', 'uploading');
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: UPLOAD_TIMEOUT })
    .toBeGreaterThanOrEqual(20);
  const partway = Number(await bar.getAttribute('aria-valuenow'));
  expect(partway, 'part of the file, not all of it').toBeLessThan(100);
  await expect(file).toContainText(/Uploading \d+%/);
  await expect(panel(page).locator('[data-count="speed"]')).toHaveText(/^\d+(\.\d)? MB\/s$/);
  await expect(count(page, 'progress')).toHaveText('0 of 1');

  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await expect(count(page, 'uploaded')).toHaveText('1 uploaded', { timeout: UPLOAD_TIMEOUT });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(panel(page).locator('[data-count="speed"]')).toHaveCount(0);
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the Upload button and the panel fit the screen', async ({ page, admin }) => {
    await loginToRecent(page, admin.email, admin.password);
    await expect(page.getByRole('button', { name: 'Upload', exact: true })).toBeVisible();
    await page.locator('input[type="file"][data-upload="files"]').setInputFiles([CANON]);
    await expect(count(page, 'uploaded')).toHaveText('1 uploaded', { timeout: UPLOAD_TIMEOUT });
    const box = await panel(page).boundingBox();
    expect(box, 'the panel is on screen').not.toBeNull();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390, `panel box ${JSON.stringify(box)}`).toBe(
      true,
    );
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
  });
});
