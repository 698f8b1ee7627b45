// common.mjs — what bench-player.mjs and layout-trace.mjs share: the seek
// points, the median, and settling the page before a timed seek.

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
