// common.mjs — what the bench scripts share: the seek points, the median,
// settling the page before a timed seek, opening an indexed recording, and
// the facts of a recording file.
import fs from 'node:fs';
import zlib from 'node:zlib';

// ORDER is the tenths of the duration the cold seeks visit, scrambled so
// that neither system gains from moving forward.
export const ORDER = [5, 0, 10, 3, 8, 1, 6, 9, 2, 7, 4];

// point is the offset k tenths of the way from the first frame (startMs,
// just after the first full snapshot) to the end. Not from 0: before its
// first full snapshot rrweb's Replayer shows a stale document, and after a
// seek there its later seeks show wrong frames (the bench's frame check
// found 6 of 11 wrong) while costing less than a real seek.
export const point = (k, startMs, duration) => Math.round(startMs + ((duration - startMs) * k) / 10);

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

// openBench opens a system's bench page (bench/player.html or
// bench/rrweb.html) in a fresh context of browser, once its window.bench
// is ready.
export async function openBench(browser, origin, system) {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(`${origin}/bench/${system}.html`);
  await page.waitForFunction(() => window.benchReady === true);
  return { ctx, page };
}

// openIndexed opens the player bench page, loads the recording at url and
// waits until its keyframes are built, so that timed seeks start from an
// indexed recording. loaded is what the page's bench.load returned
// (duration, first frame …).
export async function openIndexed(browser, origin, url) {
  const { ctx, page } = await openBench(browser, origin, 'player');
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

// recordingFacts reads a recording file (JSON, gzip'd or not): its size,
// events, duration and startMs (see below).
export function recordingFacts(file) {
  let data = fs.readFileSync(file);
  const bytes = data.length;
  if (file.endsWith('.gz')) data = zlib.gunzipSync(data);
  const events = JSON.parse(data.toString('utf8'));
  // Loops, not Math.min(...xs): a long recording overflows the call's arguments.
  let first = Infinity;
  let last = -Infinity;
  let full = Infinity;
  for (const e of events) {
    first = Math.min(first, e.timestamp);
    last = Math.max(last, e.timestamp);
    if (e.type === 2) full = Math.min(full, e.timestamp);
  }
  return {
    bytes,
    jsonBytes: data.length,
    events: events.length,
    durationMs: last - first,
    // Where both systems show the first page: 1 ms after the first full
    // snapshot (rrweb's Replayer paused before it shows no page yet).
    startMs: full < Infinity ? full - first + 1 : 0,
  };
}
