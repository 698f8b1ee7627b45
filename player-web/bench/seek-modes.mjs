#!/usr/bin/env node
// seek-modes.mjs — the player's two ways of showing a seek, compared in one
// Chromium run (npm run bench:seek-modes): patches (the engine's ops from
// the shown document, what the player does within a page) against whole
// frames reconciled by the painter (what it does for another page or tab,
// and did for every seek before patches). Per run, one page and one load;
// rounds of the 11 bench seeks alternate the mode, the first mode
// alternating between runs, so drift lands on both. Prints the medians of
// the seek and its split (engine, DOM writes, style + layout) per mode.
//   RUNS=3 RECORDING=fixtures/recordings/long.json.gz node bench/seek-modes.mjs
import path from 'node:path';
import { startServer, REPO } from '../test/lib/server.mjs';
import { launch } from '../test/lib/browser.mjs';
import { ORDER, median, openIndexed, point, recordingFacts, settle } from './common.mjs';

const file = path.resolve(REPO, process.env.RECORDING || 'fixtures/recordings/long.json.gz');
const url = '/repo/' + path.relative(REPO, file).split(path.sep).join('/');
const { startMs } = recordingFacts(file);
const RUNS = Number(process.env.RUNS || 3);
const ROUNDS = 6;

const server = await startServer();
const browser = await launch([]);
const res = { patch: [], frame: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const { ctx, page, loaded } = await openIndexed(browser, server.origin, url);
    for (let round = 0; round < ROUNDS; round++) {
      const mode = round % 2 === run % 2 ? 'patch' : 'frame';
      // pb is the element's internal Playback; patchSeeks is its switch.
      await page.evaluate((m) => {
        document.getElementById('p').pb.patchSeeks = m === 'patch';
      }, mode);
      // An untimed seek first, so the round's first seek starts from a
      // document its own mode painted.
      await page.evaluate((x) => window.bench.seek(x), Math.round(loaded.duration * 0.55));
      for (const k of ORDER) {
        await settle(page, 100);
        const r = await page.evaluate((x) => window.bench.seek(x), point(k, startMs, loaded.duration));
        const kind = await page.evaluate(() => document.getElementById('p').stats.seekKind);
        res[mode].push({ ...r, kind });
      }
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`recording: ${path.relative(REPO, file)}; ${RUNS} runs × ${ROUNDS / 2} rounds of 11 seeks per mode`);
console.log('mode     seeks (patched)   seek  engine    DOM  style+layout  worst');
for (const m of ['patch', 'frame']) {
  const xs = res[m];
  const md = (k) => median(xs.map((r) => r[k])).toFixed(1).padStart(6);
  const patched = xs.filter((r) => r.kind === 'patch').length;
  console.log(`${m.padEnd(8)} ${String(xs.length).padStart(5)} (${String(patched).padStart(3)})      ${md('ms')} ${md('engine')} ${md('dom')}        ${md('layout')} ${Math.max(...xs.map((r) => r.ms)).toFixed(1).padStart(6)}`);
}
