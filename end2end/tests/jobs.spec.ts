// The admin's jobs page: why machine learning fails (here smart search, offline with no CLIP model
// in the cache), and "Run on missing" queueing the work again.

import fs from 'node:fs';
import path from 'node:path';
import { apiLogin, createUser, uploadFile } from '../support/api';
import { CORPUS } from '../support/corpus';
import { expect, test } from '../support/fixtures';
import { mlEnv, MODELS, onnxRuntime } from '../support/ml';
import { gotoApp, loginToPhotos, pageHeading } from '../support/ui';

const PHOTO = path.join(CORPUS, 'faces/obama/obama.jpg');

test.skip(!fs.existsSync(PHOTO), `the photo corpus is absent (looked in ${CORPUS})`);
test.skip(fs.existsSync(path.join(MODELS, 'clip/ViT-B-32__openai')), 'the model cache holds a CLIP model');
test.skip(!onnxRuntime(), 'ONNX Runtime is not installed (scripts/install-deps.sh test)');
test.use({ serverEnv: mlEnv(['clip']) });

test('the jobs page shows why smart search fails and runs it again on what is missing', async ({ page, admin, server, newContext }) => {
  const token = await apiLogin(server.url, admin.email, admin.password);
  await uploadFile(server.url, token, PHOTO);
  await loginToPhotos(page, admin.email, admin.password);
  await gotoApp(page, '/admin/jobs');
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Jobs' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  // The page looks again by itself while work is left: the failure's reason appears.
  const smart = page.locator('section.job-card', { has: page.getByRole('heading', { name: 'Smart search', exact: true }) });
  await expect(smart.locator('.job-state')).toHaveText('On');
  await expect(smart.locator('.job-error-reason')).toContainText('offline', { timeout: 45_000 });
  await expect(smart.locator('.job-error-reason')).toContainText('ViT-B-32__openai');
  await expect(smart.locator('.job-waiting')).toHaveText('1');

  // Turned-off features say so and offer nothing to run.
  const faces = page.locator('section.job-card', { has: page.getByRole('heading', { name: 'Face detection', exact: true }) });
  await expect(faces.locator('.job-state')).toHaveText('Off');
  await expect(faces.getByRole('button')).toHaveCount(0);

  // "Run on missing" queues the photo again; "Run on all" asks first.
  await smart.getByRole('button', { name: 'Run on missing' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Smart search: 1 job queued' })).toBeVisible();
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.dismiss();
    }),
  );
  await smart.getByRole('button', { name: 'Run on all' }).click();
  expect(await asked).toContain('every asset');

  // Only admins see it.
  await createUser(server.url, token, {
    email: 'user@example.com',
    password: 'user-password-123',
    name: 'Una User',
    shouldChangePassword: false,
  });
  const other = await (await newContext()).newPage();
  await loginToPhotos(other, 'user@example.com', 'user-password-123');
  const response = await other.goto('/admin/jobs');
  expect(response?.status()).toBe(403);
  await expect(other.getByRole('heading', { name: 'Administration is for admins only' })).toBeVisible();
});
