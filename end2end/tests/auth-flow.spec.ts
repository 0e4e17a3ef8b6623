// Test 1: a fresh install goes Getting started → Log in → Photos → Log out.

import { ADMIN, signUpAdmin } from '../support/api';
import { expect, test } from '../support/fixtures';
import {
  expectPath,
  loginToPhotos,
  mainNav,
  pageHeading,
  submitLogin,
  waitForHydration,
} from '../support/ui';

const NAV_LINKS = ['Photos', 'Explore', 'Map', 'People', 'Sharing', 'Albums', 'Favorites', 'Archive', 'Trash'];

test('getting started, then log in, then log out', async ({ page }) => {
  // No admin yet: / → /auth/login → /auth/register.
  await page.goto('/');
  await expectPath(page, '/auth/register');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Getting started', exact: true })).toBeVisible();

  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Name', { exact: true }).fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account', exact: true }).click();
  await expectPath(page, '/auth/login');

  await submitLogin(page, ADMIN.email, ADMIN.password);
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  const nav = mainNav(page);
  for (const name of NAV_LINKS) {
    await expect(nav.getByRole('link', { name, exact: true }), `Main nav link "${name}"`).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Administration', exact: true })).toBeVisible();

  // Logged in, / goes to /photos.
  await page.goto('/');
  await expectPath(page, '/photos');
  await waitForHydration(page);

  // The user menu shows who is logged in and leads to the account settings.
  await page.getByRole('button', { name: 'User menu', exact: true }).click();
  await expect(page.getByText(ADMIN.name, { exact: true })).toBeVisible();
  await expect(page.getByText(ADMIN.email, { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Account settings', exact: true })).toHaveAttribute(
    'href',
    /\/user-settings$/,
  );
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expectPath(page, '/auth/login');

  // The session is really gone.
  await page.goto('/photos');
  await expectPath(page, '/auth/login');
  await page.goto('/');
  await expectPath(page, '/auth/login');
  // And Getting started is closed once an admin exists.
  await page.goto('/auth/register');
  await expectPath(page, '/auth/login');
  await expect(page.getByRole('heading', { name: 'Log in', exact: true })).toBeVisible();
});

test('every Main nav link opens its page', async ({ page, server }) => {
  await signUpAdmin(server.url);
  await loginToPhotos(page, ADMIN.email, ADMIN.password);
  const nav = mainNav(page);
  // Photos last, so every link is followed from another page.
  for (const name of [...NAV_LINKS.slice(1), 'Photos']) {
    await nav.getByRole('link', { name, exact: true }).click();
    await expect(pageHeading(page, name), `heading of the "${name}" page`).toBeVisible();
  }
  // The pages render on the server too, not only after client-side navigation.
  await page.reload();
  await expect(pageHeading(page, 'Photos')).toBeVisible();
});
