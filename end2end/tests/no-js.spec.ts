// Test 4: the login page is server-rendered HTML that works without JavaScript.

import { expect, test } from '../support/fixtures';
import { expectPath, pageHeading } from '../support/ui';

test('the login page renders with JavaScript off', async ({ newContext, admin }) => {
  void admin; // an admin exists, so /auth/login does not redirect to Getting started
  const context = await newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto('/auth/login');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Log in', exact: true })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();
});

// PART TWO, kept separate on purpose: this needs the login form to be a real HTML <form> that
// posts to the server, which answers with a redirect (progressive enhancement). If it fails
// because the UI cannot do that, the lead decides whether this requirement stands.
test('[no-JS form post] with JavaScript off, the login form still logs in', async ({ newContext, admin }) => {
  const context = await newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/auth/login');
  await page.getByLabel('Email', { exact: true }).fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toContain('immich_access_token');
});
