import { defineConfig } from '@playwright/test';

// Browsers cannot be downloaded on our machines: use the system's Chromium (Debian's package).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  // Each test starts its own `shoebox serve` (see support/server.ts), so tests never share state.
  // Two cores: one worker on CI, two locally (override with E2E_WORKERS).
  workers: Number(process.env.E2E_WORKERS ?? (process.env.CI ? 1 : 2)),
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  // Server start-up, a debug build rendering on the server, and the first WASM load all count here.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
