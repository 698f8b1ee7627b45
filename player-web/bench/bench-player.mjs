#!/usr/bin/env node
// bench-player.mjs — rrweb 2.x Replayer vs <reprise-player> on the long
// fixture, in one Chromium run (npm run bench). For each system and run, in
// a fresh browser context: load → first painted frame (the player's
// 'firstframe' event; rrweb's load is synchronous), 11 cold seeks to
// evenly spaced points (visited in a scrambled order so neither side gains
// from moving forward), a seek back to the middle, a seek 60 s forward, and
// the JS heap after load (CDP Runtime.getHeapUsage after a forced GC; the
// engine's Go heap lives in wasm linear memory and is reported apart).
// Prints a table of medians and ratios and writes bench/results.json.
//   RUNS=5 RECORDING=fixtures/recordings/long.json.gz node bench/bench-player.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer, REPO, PLAYER } from '../test/lib/server.mjs';
import { launch } from '../test/lib/browser.mjs';
import { ORDER, median, openBench, point, recordingFacts, settle } from './common.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.RUNS || 5);
// ms to wait after the previous frame is painted before timing a seek; -1
// times seeks back to back (the previous frame's raster then overlaps).
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 100);

function pickRecording() {
  if (process.env.RECORDING) return { file: path.resolve(REPO, process.env.RECORDING), note: 'RECORDING' };
  const long = path.join(REPO, 'fixtures', 'recordings', 'long.json.gz');
  if (fs.existsSync(long)) return { file: long, note: 'the long fixture' };
  // Until the long fixture exists: the largest recording there is.
  const dir = path.join(REPO, 'fixtures', 'recordings');
  const all = fs.readdirSync(dir).filter((f) => /\.json(\.gz)?$/.test(f) && !f.includes('.actions.'));
  const biggest = all.map((f) => [f, fs.statSync(path.join(dir, f)).size]).sort((a, b) => b[1] - a[1])[0][0];
  return { file: path.join(dir, biggest), note: `long.json.gz missing: the largest available recording (${biggest})` };
}


async function heapUsed(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function runOnce(browser, origin, system, url, startMs, duration) {
  const { ctx, page } = await openBench(browser, origin, system);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const r = { system };
  if (system === 'player') {
    r.engineStartMs = await page.evaluate(() => window.bench.engine());
    const l = await page.evaluate((u) => window.bench.load(u), url);
    r.firstFrameMs = l.ms;
    r.loadedMs = l.loadedMs;
    // The timeline (markers, skips) is computed right after the first
    // frame; wait for it so it does not land inside a timed seek.
    r.timelineMs = await page.evaluate(
      () =>
        new Promise((ok) => {
          const p = document.getElementById('p');
          if (p.timeline) ok(p.stats.timelineMs);
          else p.addEventListener('timeline', () => ok(p.stats.timelineMs), { once: true });
        }),
    );
    r.openMs = await page.evaluate(() => document.getElementById('p').stats.openMs);
    // Keyframes are built in idle steps after the first frame; seeks are
    // timed once that is done, and its duration is reported on its own.
    r.indexDoneMs = await page.evaluate(
      () =>
        new Promise((ok) => {
          const p = document.getElementById('p');
          const t0 = performance.now();
          const done = () => ok({ wall: performance.now() - t0, work: p.stats.indexMs });
          if (p.indexed) done();
          else p.addEventListener('indexed', done, { once: true });
        }),
    );
  } else {
    r.firstFrameMs = await page.evaluate(([u, s]) => window.bench.load(u, s), [url, startMs]);
  }
  r.heapAfterLoad = await heapUsed(page);
  if (system === 'player') r.wasmMemory = await page.evaluate(() => window.bench.wasmBytes());
  r.nodesAfterLoad = await page.evaluate(() => window.bench.nodes());
  const points = ORDER.map((k) => point(k, startMs, duration));
  const mid = point(5, startMs, duration);
  r.seeks = [];
  // Each seek starts from a settled page: the previous frame painted and
  // rastered (with --disable-gpu, raster runs on the same 2 cores and would
  // otherwise overlap the next timed seek), the same for both systems.
  // After the timed part, what the frame shows is read (see frame.mjs), to
  // check that both systems showed the same document.
  const seek = async (t) => {
    if (SETTLE_MS >= 0) await settle(page, SETTLE_MS);
    const v = await page.evaluate((x) => window.bench.seek(x), t);
    return { ...(typeof v === 'number' ? { ms: v } : v), frame: await page.evaluate(() => window.bench.frame()) };
  };
  for (const t of points) r.seeks.push({ t, ...(await seek(t)) });
  await seek(duration);
  const back = await seek(mid);
  const fwd = await seek(Math.min(mid + 60_000, duration));
  r.backToMiddleMs = back.ms;
  r.forward60Ms = fwd.ms;
  r.frames = [...r.seeks.map((s) => s.frame), back.frame, fwd.frame];
  r.nodesAtMiddle = await page.evaluate(() => window.bench.nodes());
  r.errors = errors;
  await ctx.close();
  return r;
}

function wasmSizes() {
  const f = path.join(PLAYER, 'dist', 'engine.wasm');
  const raw = fs.readFileSync(f);
  const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  return { raw: raw.length, brotli: br.length, gzip9: zlib.gzipSync(raw, { level: 9 }).length };
}


const rec = pickRecording();
const facts = recordingFacts(rec.file);
const url = '/repo/' + path.relative(REPO, rec.file).split(path.sep).join('/');
console.log(`recording: ${path.relative(REPO, rec.file)} (${rec.note}): ${facts.events} events, ${(facts.durationMs / 60000).toFixed(1)} min, ${(facts.bytes / 1e6).toFixed(2)} MB on disk, ${(facts.jsonBytes / 1e6).toFixed(1)} MB JSON`);

const server = await startServer();
const browser = await launch(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
const runs = { player: [], rrweb: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    // rrweb's load pauses at facts.startMs, the player's first frame shows
    // the same page; the seek points of both start there too.
    const p = await runOnce(browser, server.origin, 'player', url, facts.startMs, facts.durationMs);
    runs.player.push(p);
    const r = await runOnce(browser, server.origin, 'rrweb', url, facts.startMs, facts.durationMs);
    runs.rrweb.push(r);
    const f = (x) => x.toFixed(1).padStart(8);
    console.log(`run ${i + 1}/${RUNS}: first frame player ${f(p.firstFrameMs)} ms, rrweb ${f(r.firstFrameMs)} ms; median seek player ${f(median(p.seeks.map((s) => s.ms)))} ms, rrweb ${f(median(r.seeks.map((s) => s.ms)))} ms`);
  }
} finally {
  await browser.close();
  await server.close();
}

// Both systems must have shown the same document after every timed seek
// (the player's is tied to rrweb's by the conformance tests); a time for a
// different frame is not a time for the same work.
const frameCheck = (() => {
  const what = (j) => (j < ORDER.length ? `tenth ${ORDER[j]}` : ['back to the middle', 'forward 60 s'][j - ORDER.length]);
  const differ = [];
  let seeks = 0;
  runs.player.forEach((p, i) =>
    p.frames.forEach((f, j) => {
      seeks++;
      if (runs.rrweb[i].frames[j] !== f) differ.push({ run: i + 1, seek: what(j), player: f, rrweb: runs.rrweb[i].frames[j] });
    }),
  );
  return { seeks, differ };
})();

const ratio = (a, b) => (b > 0 ? a / b : null);
const summarize = (list) => {
  const allSeeks = list.flatMap((r) => r.seeks.map((s) => s.ms));
  return {
    firstFrameMs: median(list.map((r) => r.firstFrameMs)),
    seekMedianMs: median(allSeeks),
    seekMaxMs: Math.max(...allSeeks),
    seekPerPointMs: ORDER.map((k, i) => ({ tenth: k, ms: median(list.map((r) => r.seeks[i].ms)) })).sort((a, b) => a.tenth - b.tenth),
    backToMiddleMs: median(list.map((r) => r.backToMiddleMs)),
    forward60Ms: median(list.map((r) => r.forward60Ms)),
    heapAfterLoadBytes: median(list.map((r) => r.heapAfterLoad)),
  };
};
const P = summarize(runs.player);
P.engineStartMs = median(runs.player.map((r) => r.engineStartMs));
P.loadedMs = median(runs.player.map((r) => r.loadedMs));
P.timelineMs = median(runs.player.map((r) => r.timelineMs));
P.engineOpenMs = median(runs.player.map((r) => r.openMs));
P.indexWallMs = median(runs.player.map((r) => r.indexDoneMs.wall));
P.indexWorkMs = median(runs.player.map((r) => r.indexDoneMs.work));
P.wasmMemoryBytes = median(runs.player.map((r) => r.wasmMemory));
// Where a seek's time goes (medians over every timed seek).
for (const k of ['engine', 'dom', 'layout']) P[`seek_${k}_MedianMs`] = median(runs.player.flatMap((r) => r.seeks.map((s) => s[k])));
const R = summarize(runs.rrweb);
for (const k of ['replay', 'layout']) R[`seek_${k}_MedianMs`] = median(runs.rrweb.flatMap((r) => r.seeks.map((s) => s[k])));
// However fast the engine and the painter, a seek still pays the browser's
// style and layout of the frame it shows: rrweb's median over that part
// alone is the best ratio any player could reach here.
P.ratioCeiling = ratio(R.seekMedianMs, P.seek_layout_MedianMs);
const sizes = wasmSizes();
const targets = {
  medianSeek20xFaster: { want: '>= 20', got: ratio(R.seekMedianMs, P.seekMedianMs), met: ratio(R.seekMedianMs, P.seekMedianMs) >= 20 },
  everySeekUnder50ms: { want: '< 50 ms', got: P.seekMaxMs, met: P.seekMaxMs < 50 },
  firstFrameNoSlower: { want: '<= rrweb', got: ratio(P.firstFrameMs, R.firstFrameMs), met: P.firstFrameMs <= R.firstFrameMs },
  wasmBrotliUnder2MB: { want: '<= 2,000,000 B', got: sizes.brotli, met: sizes.brotli <= 2_000_000 },
};

const row = (name, p, r, unit = 'ms') => {
  const fmt = (x) => (unit === 'MB' ? (x / 1e6).toFixed(1) : x.toFixed(1));
  const q = ratio(r, p);
  const [more, less] = unit === 'MB' ? ['× smaller', '× larger'] : ['× faster', '× slower'];
  return `${name.padEnd(28)} ${fmt(p).padStart(10)} ${fmt(r).padStart(10)} ${q === null ? '' : (q >= 1 ? q.toFixed(1) + more : (1 / q).toFixed(1) + less).padStart(14)}`;
};
console.log(`\nmedians of ${RUNS} runs (${unitLine()})`);
console.log(`${''.padEnd(28)} ${'player'.padStart(10)} ${'rrweb'.padStart(10)}`);
console.log(row('first frame (ms)', P.firstFrameMs, R.firstFrameMs));
console.log(row('seek, median of 11 (ms)', P.seekMedianMs, R.seekMedianMs));
console.log(row('seek, worst (ms)', P.seekMaxMs, R.seekMaxMs));
console.log(row('seek back to middle (ms)', P.backToMiddleMs, R.backToMiddleMs));
console.log(row('seek forward 60 s (ms)', P.forward60Ms, R.forward60Ms));
console.log(row('JS heap after load (MB)', P.heapAfterLoadBytes, R.heapAfterLoadBytes, 'MB'));
console.log(`player extras: engine start ${P.engineStartMs.toFixed(0)} ms (once per page), engine open (decode up to the first full snapshot) ${P.engineOpenMs.toFixed(0)} ms of the first frame, whole recording read (load() resolved) ${P.loadedMs.toFixed(0)} ms, keyframes built in idle steps after it: ${P.indexWallMs.toFixed(0)} ms wall / ${P.indexWorkMs.toFixed(0)} ms of work (seeks timed after), timeline ${P.timelineMs.toFixed(0)} ms (after the first frame), Go heap (wasm memory) ${(P.wasmMemoryBytes / 1e6).toFixed(0)} MB`);
console.log(`player seek split (medians): engine ${P.seek_engine_MedianMs.toFixed(1)} ms, DOM writes ${P.seek_dom_MedianMs.toFixed(1)} ms, browser style + layout ${P.seek_layout_MedianMs.toFixed(1)} ms; 20× rrweb's median would be ${(R.seekMedianMs / 20).toFixed(1)} ms`);
console.log(`rrweb seek split (medians): replay and DOM diff ${R.seek_replay_MedianMs.toFixed(1)} ms (with any layout it forces inside), browser style + layout after it ${R.seek_layout_MedianMs.toFixed(1)} ms`);
console.log(`ceiling: with the engine and the DOM writes free, the player's seek would still be its style + layout, ${P.seek_layout_MedianMs.toFixed(1)} ms: at most ${P.ratioCeiling.toFixed(1)}× rrweb's median`);
console.log(`engine.wasm: ${sizes.raw} B raw, ${sizes.brotli} B brotli q11`);
if (frameCheck.differ.length === 0) console.log(`frames: rrweb's document equals the player's (normalized) after all ${frameCheck.seeks} timed seeks`);
else {
  console.log(`FRAMES DIFFER after ${frameCheck.differ.length} of ${frameCheck.seeks} timed seeks: the medians above compare different work`);
  for (const d of frameCheck.differ) console.log(`  run ${d.run}, ${d.seek}: player ${d.player}, rrweb ${d.rrweb}`);
}
for (const [k, v] of Object.entries(targets)) console.log(`target ${k}: want ${v.want}, got ${typeof v.got === 'number' ? v.got.toFixed(2) : v.got} → ${v.met ? 'met' : 'MISSED'}`);

function unitLine() {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
}

const out = {
  when: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: browser.version() },
  recording: { file: path.relative(REPO, rec.file), note: rec.note, ...facts },
  runs: RUNS,
  rrweb: JSON.parse(fs.readFileSync(path.join(PLAYER, 'node_modules', 'rrweb', 'package.json'), 'utf8')).version,
  wasm: sizes,
  player: P,
  rrwebResults: R,
  ratios: {
    firstFrame: ratio(R.firstFrameMs, P.firstFrameMs),
    seekMedian: ratio(R.seekMedianMs, P.seekMedianMs),
    backToMiddle: ratio(R.backToMiddleMs, P.backToMiddleMs),
    forward60: ratio(R.forward60Ms, P.forward60Ms),
    heap: ratio(R.heapAfterLoadBytes, P.heapAfterLoadBytes),
  },
  targets,
  frames: frameCheck,
  raw: runs,
};
fs.writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${path.relative(process.cwd(), path.join(HERE, 'results.json'))}`);
