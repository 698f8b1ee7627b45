// common.mjs — what the bench scripts share: the seek points, the median,
// settling the page before a timed seek, and opening an indexed recording.

// ORDER is the tenths of the duration the cold seeks visit, scrambled so
// that neither system gains from moving forward.
export const ORDER = [5, 0, 10, 3, 8, 1, 6, 9, 2, 7, 4];

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// settle waits until the previous frame is painted and rastered, then ms
// more: with --disable-gpu, raster runs on the same cores and would
// otherwise overlap the next timed seek.
export const settle = (page, ms) =>
  page.evaluate((x) => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, x)))), ms);

// openIndexed opens the player bench page in a fresh context of browser,
// loads the recording at url and waits until its keyframes are built, so
// that timed seeks start from an indexed recording. loaded is what the
// page's bench.load returned (duration, first frame …).
export async function openIndexed(browser, origin, url) {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(`${origin}/bench/player.html`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.evaluate(() => window.bench.engine());
  const loaded = await page.evaluate((u) => window.bench.load(u), url);
  await page.evaluate(
    () =>
      new Promise((ok) => {
        const p = document.getElementById('p');
        if (p.indexed) ok();
        else p.addEventListener('indexed', ok, { once: true });
      }),
  );
  return { ctx, page, loaded };
}
