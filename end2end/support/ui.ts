// Helpers for driving the web app the way a person would, through accessible names.

import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

/**
 * Runs in every page before the app's scripts. The server sends finished HTML; the WASM bundle then
 * hydrates it. Typing into an input, or clicking a button, before hydration can be lost (hydration
 * resets bound inputs) or do a plain browser form submit, so tests wait for hydration before they
 * interact. Leptos exposes no "hydrated" signal, so this notes when a WebAssembly module finished
 * instantiating; the `setTimeout` fires after the promise callbacks that follow it, where the
 * loader calls `hydrate()`.
 */
const HYDRATION_PROBE = `(() => {
  if (window.__shoeboxProbe) return;
  window.__shoeboxProbe = true;
  window.__shoeboxWasmReady = false;
  const W = window.WebAssembly;
  if (!W) return;
  const mark = (p) => {
    Promise.resolve(p).then(() => setTimeout(() => { window.__shoeboxWasmReady = true; }, 0), () => {});
    return p;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = W[name];
    if (typeof original !== 'function') continue;
    W[name] = function (...args) { return mark(original.apply(W, args)); };
  }
})();`;

/** Installs the hydration probe in every page of `context`. */
export async function installHydrationProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(HYDRATION_PROBE);
}

/** Waits until the current document's WASM bundle has loaded and hydrated the page. */
export async function waitForHydration(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => (window as unknown as { __shoeboxWasmReady?: boolean }).__shoeboxWasmReady === true, undefined, {
      timeout: 30_000,
    });
  } catch (err) {
    throw new Error(
      `the page at ${page.url()} never loaded its WASM bundle (is SHOEBOX_WEB_ROOT the built site, with pkg/?): ${(err as Error).message}`,
    );
  }
  // Give the first reactive effects after hydrate() a moment to run.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

/** Navigates to `path` and waits for hydration. */
export async function gotoApp(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a URL whose path is exactly `path` (any origin, any query string or fragment). */
export function urlWithPath(path: string): RegExp {
  return new RegExp(`^https?://[^/]+${escapeRegExp(path)}(?:[?#].*)?$`);
}

/** Waits until the page's URL path is `path`. */
export async function expectPath(page: Page, path: string): Promise<void> {
  await expect(page).toHaveURL(urlWithPath(path));
}

export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

export function pageHeading(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/** The `<section>` (or region) whose heading is `heading`; the innermost one if they nest. */
export function sectionWithHeading(page: Page, heading: string): Locator {
  return page
    .locator('section, [role="region"]')
    .filter({ has: page.getByRole('heading', { name: heading, exact: true }) })
    .last();
}

/** Opens the login page, fills it in and submits it. The caller checks where it lands. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await gotoApp(page, '/auth/login');
  await expect(page.getByRole('heading', { name: 'Log in', exact: true })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** Logs in through the form and waits for the Photos page. */
export async function loginToPhotos(page: Page, email: string, password: string): Promise<void> {
  await submitLogin(page, email, password);
  await expectPath(page, '/photos');
  await expect(pageHeading(page, 'Photos')).toBeVisible();
  await waitForHydration(page);
}

/** Opens the user menu and logs out; waits for the login page. */
export async function logoutViaUserMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'User menu', exact: true }).click();
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expectPath(page, '/auth/login');
}

/** The value of the access-token cookie (`immich_access_token`, Immich's name) in `context`, if any. */
export async function accessTokenCookie(context: BrowserContext): Promise<string | undefined> {
  const cookies = await context.cookies();
  return cookies.find((c) => c.name === 'immich_access_token')?.value;
}
