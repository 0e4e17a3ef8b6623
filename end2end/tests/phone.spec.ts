// Test 6: at phone width the app is usable: the Main nav can be reached and nothing scrolls sideways.

import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { gotoApp, loginToPhotos, mainNav, pageHeading } from '../support/ui';

const WIDTH = 390;
test.use({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true });

async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `document scrollWidth on ${where}`).toBeLessThanOrEqual(WIDTH);
}

test('at phone width the Main nav is reachable and nothing scrolls sideways', async ({ page, admin }) => {
  await gotoApp(page, '/auth/login');
  await expectNoHorizontalScroll(page, '/auth/login');

  await loginToPhotos(page, admin.email, admin.password);
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  await expectNoHorizontalScroll(page, '/photos');

  // The nav may stay on screen, or sit behind a menu button as on most phone layouts.
  const albums = mainNav(page).getByRole('link', { name: 'Albums', exact: true });
  if (!(await albums.isVisible())) {
    await page.getByRole('button', { name: 'Open menu', exact: true }).click();
  }
  await expect(albums).toBeVisible();
  await albums.click();
  await expect(pageHeading(page, 'Albums')).toBeVisible();
  await expectNoHorizontalScroll(page, '/albums');

  await gotoApp(page, '/user-settings');
  await expect(pageHeading(page, 'Account settings')).toBeVisible();
  await expectNoHorizontalScroll(page, '/user-settings');
});
