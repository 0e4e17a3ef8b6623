// Test 5: the theme toggle flips <html data-theme> and the choice survives a reload.

import { expect, test } from '../support/fixtures';
import { loginToPhotos, pageHeading, waitForHydration } from '../support/ui';

test.use({ colorScheme: 'light' });

test('the theme toggle flips data-theme and survives a reload', async ({ page, admin }) => {
  await loginToPhotos(page, admin.email, admin.password);
  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: 'Toggle theme', exact: true });
  const before = await html.getAttribute('data-theme');

  await toggle.click();
  // From light (or no explicit theme on a light system) the toggle goes to dark, and vice versa.
  const first = before === 'dark' ? 'light' : 'dark';
  await expect(html).toHaveAttribute('data-theme', first);

  await page.reload();
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  await waitForHydration(page);
  await expect(html).toHaveAttribute('data-theme', first);

  await toggle.click();
  const second = first === 'dark' ? 'light' : 'dark';
  await expect(html).toHaveAttribute('data-theme', second);

  await page.reload();
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  await waitForHydration(page);
  await expect(html).toHaveAttribute('data-theme', second);
});
