// Test 3: an admin creates users; a plain user cannot open Administration; a user created with
// "require password change" must change it at first login.

import { apiLogin, createUser } from '../support/api';
import { expect, test } from '../support/fixtures';
import {
  expectPath,
  gotoApp,
  loginToPhotos,
  logoutViaUserMenu,
  mainNav,
  pageHeading,
  submitLogin,
  waitForHydration,
} from '../support/ui';

test('an admin creates a user, who cannot open Administration', async ({ page, admin }) => {
  const user = { email: 'bob@example.com', name: 'Bob User', password: 'bob-password-123' };

  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/admin/users');
  await expect(pageHeading(page, 'Users')).toBeVisible();
  await page.getByRole('button', { name: 'Create user', exact: true }).click();
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Name', { exact: true }).fill(user.name);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByLabel('Quota (GiB)', { exact: true }).fill('5');
  // Set both explicitly: the contract does not say how the form starts.
  await page.getByLabel('Require password change on next login', { exact: true }).setChecked(false);
  await page.getByLabel('Administrator', { exact: true }).setChecked(false);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: user.email })).toBeVisible();

  // Still there when the page is rendered afresh by the server.
  await page.reload();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: user.email })).toBeVisible();
  await waitForHydration(page);

  await logoutViaUserMenu(page);
  await loginToPhotos(page, user.email, user.password);
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Photos', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Administration', exact: true })).toHaveCount(0);

  const response = await page.goto('/admin/users');
  expect(response?.status(), 'HTTP status of /admin/users for a non-admin').toBe(403);
  await expect(page.getByRole('heading', { name: 'Administration is for admins only', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create user', exact: true })).toHaveCount(0);
  await expect(page.getByText(admin.email)).toHaveCount(0);
});

test('a user who must change their password does so at first login', async ({ page, server, admin }) => {
  const user = { email: 'carol@example.com', name: 'Carol User', password: 'carol-first-123' };
  const newPassword = 'carol-second-456';
  const token = await apiLogin(server.url, admin.email, admin.password);
  await createUser(server.url, token, { ...user, shouldChangePassword: true });

  await submitLogin(page, user.email, user.password);
  await expectPath(page, '/auth/change-password');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Change password', exact: true })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Change password', exact: true }).click();
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  await waitForHydration(page);

  await logoutViaUserMenu(page);
  // The old password no longer works...
  await submitLogin(page, user.email, user.password);
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password');
  await expectPath(page, '/auth/login');
  // ...the new one does, and no further change is asked for.
  await submitLogin(page, user.email, newPassword);
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
});

test('an admin edits, deletes and restores a user', async ({ page, server, admin }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  await createUser(server.url, token, { email: 'carol@example.com', name: 'Carol', password: 'carol-password-1' });

  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/admin/users');
  const row = () => page.getByRole('table').getByRole('row').filter({ hasText: 'carol@example.com' });
  await expect(row()).toContainText('Unlimited');

  await page.getByRole('button', { name: 'Edit carol@example.com', exact: true }).click();
  const form = page.getByRole('region', { name: 'Edit carol@example.com' });
  await form.getByLabel('Name', { exact: true }).fill('Caroline');
  await form.getByLabel('Quota (GiB)', { exact: true }).fill('2');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row()).toContainText('Caroline');
  await expect(row()).toContainText('2.0 GiB');
  await expect(form).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete carol@example.com', exact: true }).click();
  await expect(row()).toContainText('Deleted (restorable)');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(row()).toContainText('Active');

  // The edit is stored: the server renders it afresh.
  await page.reload();
  await expect(row()).toContainText('Caroline');
});
