// The `test` every spec imports. Each test gets its own fresh `shoebox serve` (`server`), and
// `baseURL` points at it, so `page.goto('/auth/login')` works. On failure the server's output and
// the browser's console errors are attached to the result, which prints them with the failure.

import { test as base, expect, type BrowserContext, type BrowserContextOptions } from '@playwright/test';
import { ADMIN, signUpAdmin, type Credentials } from './api';
import { startServer, type RunningServer } from './server';
import { installHydrationProbe } from './ui';

type Fixtures = {
  /** A fresh install: no admin yet. */
  /** More configuration for the test's server (`test.use({ serverEnv: {...} })`). */
  serverEnv: Record<string, string>;
  server: RunningServer;
  /** The first admin, created through REST on `server`. */
  admin: Credentials;
  /** Opens another browser context (another "device") on `server`; closed after the test. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** Console errors and uncaught page errors from every context of this test. */
  browserErrors: string[];
};

function watch(context: BrowserContext, errors: string[]): void {
  context.on('console', (message) => {
    if (message.type() === 'error') errors.push(`[console.error] ${message.text()}`);
  });
  context.on('weberror', (error) => errors.push(`[page error] ${error.error().stack ?? error.error().message}`));
}

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],
  server: async ({ serverEnv }, use, testInfo) => {
    const server = await startServer(serverEnv);
    try {
      await use(server);
    } finally {
      await server.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        const output = server.output();
        // Text attachments are printed with the failure by the list reporter.
        await testInfo.attach('shoebox server output', { body: output || '(none)', contentType: 'text/plain' });
      }
    }
  },

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  admin: async ({ server }, use) => {
    await use(await signUpAdmin(server.url, ADMIN));
  },

  browserErrors: async ({}, use, testInfo) => {
    const errors: string[] = [];
    await use(errors);
    // A panic in the WASM app (a hydration mismatch among them) leaves the page half-alive:
    // fail loudly instead of letting a later step time out, or pass by luck.
    const panics = errors.filter((e) => /panicked at|hydration error/i.test(e));
    expect(panics, 'the app panicked in the browser').toEqual([]);
    if (testInfo.status !== testInfo.expectedStatus && errors.length > 0) {
      const text = errors.join('\n');
      await testInfo.attach('browser console errors', { body: text, contentType: 'text/plain' });
    }
  },

  context: async ({ context, browserErrors }, use) => {
    await installHydrationProbe(context);
    watch(context, browserErrors);
    await use(context);
  },

  newContext: async ({ browser, server, browserErrors }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext({ baseURL: server.url, ...options });
      await installHydrationProbe(context);
      watch(context, browserErrors);
      contexts.push(context);
      return context;
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
