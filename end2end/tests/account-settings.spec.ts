// Test 7: account settings list the sessions, and "Log out other sessions" ends the others.
// Also: a new API key's secret is shown once.

import { expect, test } from '../support/fixtures';
import {
  expectPath,
  gotoApp,
  loginToPhotos,
  pageHeading,
  sectionWithHeading,
  waitForHydration,
} from '../support/ui';

test('log out other sessions ends the session of another browser', async ({ page, admin, newContext }) => {
  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/user-settings');
  await expect(pageHeading(page, 'Account settings')).toBeVisible();
  const sessions = sectionWithHeading(page, 'Sessions');
  await expect(sessions).toBeVisible();
  await expect(sessions.getByText('Current')).toBeVisible();

  // A second "device" logs in.
  const other = await (await newContext()).newPage();
  await loginToPhotos(other, admin.email, admin.password);

  // The first one ends every session but its own. Accept a native confirm() if there is one.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await waitForHydration(page);
  await expect(sessions.getByText('Current')).toBeVisible();
  await page.getByRole('button', { name: 'Log out other sessions', exact: true }).click();

  // The other device is logged out at its next navigation (polled: the click's request may still
  // be in flight)...
  await expect
    .poll(
      async () => {
        await other.goto('/photos');
        return new URL(other.url()).pathname;
      },
      { message: 'path of /photos in the other browser after "Log out other sessions"', timeout: 15_000 },
    )
    .toBe('/auth/login');

  // ...while this one is still logged in.
  await page.goto('/photos');
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
});

test('a new API key shows its secret once', async ({ page, admin }) => {
  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/user-settings');
  const keys = sectionWithHeading(page, 'API keys');
  await expect(keys).toBeVisible();
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0);

  await page.getByRole('button', { name: 'New API key', exact: true }).click();
  await page.getByLabel('API key name', { exact: true }).fill('e2e backup key');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const secret = page.getByTestId('api-key-secret');
  await expect(secret).toBeVisible();
  // The secret may be shown as text or in a read-only input (for copying).
  const text = (
    await secret.evaluate((el) =>
      el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? ''),
    )
  ).trim();
  expect(text.length, 'length of the API key secret').toBeGreaterThanOrEqual(16);
  await expect(keys.getByText('e2e backup key')).toBeVisible();

  // Shown once: a fresh render lists the key but not its secret.
  await page.reload();
  await waitForHydration(page);
  await expect(keys.getByText('e2e backup key')).toBeVisible();
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0);
  await expect(page.getByText(text)).toHaveCount(0);
});
