// Test 2: a wrong password shows an error and logs nobody in.

import { expect, test } from '../support/fixtures';
import { accessTokenCookie, expectPath, pageHeading, submitLogin, waitForHydration } from '../support/ui';

test('a wrong password shows an error', async ({ page, context, admin }) => {
  await submitLogin(page, admin.email, `${admin.password}-wrong`);
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password');
  await expectPath(page, '/auth/login');
  expect(await accessTokenCookie(context), 'immich_access_token cookie after a failed login').toBeUndefined();
  await page.goto('/photos');
  await expectPath(page, '/auth/login');
});

test('an unknown email shows the same error', async ({ page, context, admin }) => {
  await submitLogin(page, `nobody-${admin.email}`, admin.password);
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password');
  await expectPath(page, '/auth/login');
  expect(await accessTokenCookie(context)).toBeUndefined();
});

test('after a wrong password, the right one still logs in', async ({ page, context, admin }) => {
  await submitLogin(page, admin.email, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Incorrect email or password');
  await waitForHydration(page);
  await page.getByLabel('Email', { exact: true }).fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  expect(await accessTokenCookie(context), 'immich_access_token cookie after logging in').toBeTruthy();
});
