// Browser side of bench/timeline.sh: with a seeded library, the time from navigation to the
// first thumbnails painted on Photos, and the largest number of DOM nodes while visiting every
// month through the scrubber (three screens of scrolling at each).
// Usage: node bench/timeline_browser.cjs URL TOKEN
const path = require('node:path');
const { chromium } = require(path.resolve(__dirname, '../end2end/node_modules/playwright-core'));

async function main() {
  const [url, token] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'immich_access_token', value: token, url }]);
  const page = await context.newPage();
  const paints = [];
  for (let run = 0; run < 5; run++) {
    await page.goto(`${url}/photos`, { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll('.timeline .tile img')];
      return imgs.length > 0 && imgs.slice(0, 5).every((i) => i.complete && i.naturalWidth > 0);
    }, null, { timeout: 60_000, polling: 'raf' });
    paints.push(await page.evaluate(() => performance.now()));
  }
  paints.sort((a, b) => a - b);
  let maxNodes = 0;
  const count = () => page.evaluate(() => document.getElementsByTagName('*').length);
  const marks = page.locator('.scrubber-mark');
  const months = await marks.count();
  for (let i = 0; i < months; i++) {
    await marks.nth(i).dispatchEvent('click');
    await page.waitForTimeout(60);
    maxNodes = Math.max(maxNodes, await count());
    for (let s = 0; s < 3; s++) {
      await page.locator('.timeline').evaluate((el) => el.scrollBy(0, el.clientHeight));
      await page.waitForTimeout(40);
      maxNodes = Math.max(maxNodes, await count());
    }
  }
  // The oldest month shows real thumbnails.
  await marks.nth(months - 1).dispatchEvent('click');
  await page.waitForFunction(() => [...document.querySelectorAll('.timeline .tile img')].some((i) => i.complete && i.naturalWidth > 0));
  console.log(JSON.stringify({ firstPaintMedianMs: paints[2], firstPaintRuns: paints, months, maxDomNodes: maxNodes }));
  await browser.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
