#!/usr/bin/env node
// layout-trace.mjs — where the browser's share of a <reprise-player> seek
// goes (npm run bench:layout). On the long fixture, after the keyframes are
// built, it seeks to the same 11 points as bench-player.mjs under a
// Chromium trace and prints, per seek: the timed split (engine, DOM writes,
// style + layout), the nodes the painter reused, the elements restyled, the
// layout objects laid out (dirty of total), the `Layout` time and the text
// shaping inside it. Then, on the page shown last, two references with no
// DOM change at all: a full relayout (the frame 1 px wider) and a full
// style recalculation (a custom property set on the root). Last, rrweb's
// Replayer seeks to the same points under the same trace: the layout and
// style it pays for the same changes of the page, next to the player's.
// Tracing slows everything a little: read the times as a split, not as the
// benchmark.
//   RECORDING=fixtures/recordings/long.json.gz node bench/layout-trace.mjs
import path from 'node:path';
import { startServer, REPO } from '../test/lib/server.mjs';
import { launch } from '../test/lib/browser.mjs';
import { ORDER, median, openBench, openIndexed, point, recordingFacts, settle } from './common.mjs';

const file = path.resolve(REPO, process.env.RECORDING || 'fixtures/recordings/long.json.gz');
const url = '/repo/' + path.relative(REPO, file).split(path.sep).join('/');
const { startMs } = recordingFacts(file);


// traced runs f under a devtools.timeline trace and returns f's result and
// the trace's complete ('X') events.
async function traced(cdp, f) {
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink', transferMode: 'ReturnAsStream' });
  const result = await f();
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let data = '';
  for (;;) {
    const r = await cdp.send('IO.read', { handle: stream });
    data += r.data;
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(data);
  const events = (Array.isArray(parsed) ? parsed : parsed.traceEvents).filter((e) => e.ph === 'X' && e.dur !== undefined);
  return { result, events };
}

// split reads the replay document's share out of a seek's trace: its
// largest Layout (the outer page lays out a few objects too) and style
// recalculation, and the text shaping of the whole trace; and, for
// comparing with rrweb, the sum of every Layout and style recalculation.
function split(events) {
  const named = (name) => events.filter((e) => e.name === name);
  const largest = (name) => named(name).sort((a, b) => b.dur - a.dur)[0];
  const sum = (name) => named(name).reduce((a, e) => a + e.dur, 0) / 1000;
  const layout = largest('Layout');
  const style = largest('UpdateLayoutTree');
  return {
    layoutMs: layout ? layout.dur / 1000 : 0,
    dirty: layout?.args?.beginData?.dirtyObjects ?? null,
    total: layout?.args?.beginData?.totalObjects ?? null,
    styleMs: style ? style.dur / 1000 : 0,
    restyled: style?.args?.elementCount ?? null,
    shapeMs: sum('InlineNode::ShapeTextIncludingFirstLine'),
    layouts: named('Layout').length,
    allLayoutMs: sum('Layout'),
    allStyleMs: sum('UpdateLayoutTree'),
  };
}

const server = await startServer();
const browser = await launch([]);
try {
  const { ctx, page, loaded } = await openIndexed(browser, server.origin, url);
  const cdp = await ctx.newCDPSession(page);
  const rows = [];
  for (const k of ORDER) {
    const t = point(k, startMs, loaded.duration);
    await settle(page, 100);
    const { result, events } = await traced(cdp, () =>
      page.evaluate(async (x) => {
        const r = await window.bench.seek(x);
        return { ...r, reused: document.getElementById('p').stats.reusedNodes };
      }, t),
    );
    rows.push({ tenth: k, ...result, ...split(events) });
  }
  const f = (x, w = 6) => (x === null || x === undefined ? '?' : typeof x === 'number' && !Number.isInteger(x) ? x.toFixed(1) : String(x)).padStart(w);
  console.log(`recording: ${path.relative(REPO, file)}; seeks under a Chromium trace (times include tracing overhead)`);
  console.log('tenth  seek  engine   DOM style+layout | reused restyled  dirty/total  Layout  shaping');
  for (const r of rows) {
    console.log(`${f(r.tenth, 5)} ${f(r.ms)} ${f(r.engine)} ${f(r.dom)} ${f(r.layout, 8)}      | ${f(r.reused)} ${f(r.restyled, 8)} ${f(r.dirty, 6)}/${String(r.total ?? '?').padEnd(5)} ${f(r.layoutMs)} ${f(r.shapeMs, 8)}`);
  }
  console.log(`medians: seek ${median(rows.map((r) => r.ms)).toFixed(1)} ms, Layout ${median(rows.map((r) => r.layoutMs)).toFixed(1)} ms, shaping ${median(rows.map((r) => r.shapeMs)).toFixed(1)} ms, style ${median(rows.map((r) => r.styleMs)).toFixed(1)} ms`);

  // References on the page shown last, with no DOM change at all.
  const ref = await page.evaluate(() => {
    const p = document.getElementById('p');
    const doc = p.contentDocument;
    const frame = doc.defaultView.frameElement;
    const layout = () => doc.documentElement.getBoundingClientRect();
    layout();
    const relayout = [];
    for (let i = 0; i < 5; i++) {
      const w = frame.style.width;
      frame.style.width = `${frame.getBoundingClientRect().width + 1}px`;
      const t0 = performance.now();
      layout();
      relayout.push(performance.now() - t0);
      frame.style.width = w;
      layout();
    }
    const restyle = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      doc.documentElement.style.setProperty('--layout-trace', String(i));
      layout();
      restyle.push(performance.now() - t0);
    }
    doc.documentElement.style.removeProperty('--layout-trace');
    return { relayout, restyle, elements: doc.getElementsByTagName('*').length };
  });
  console.log(
    `same page, no DOM change (${ref.elements} elements): full relayout (1 px wider) median ${median(ref.relayout).toFixed(1)} ms, ` +
      `full style recalculation median ${median(ref.restyle).toFixed(1)} ms`,
  );
  await ctx.close();

  // rrweb's Replayer, the same points in the same order, the same trace.
  const { ctx: rctx, page: rpage } = await openBench(browser, server.origin, 'rrweb');
  await rpage.evaluate(([u, s]) => window.bench.load(u, s), [url, startMs]);
  const rcdp = await rctx.newCDPSession(rpage);
  const rrows = [];
  for (const k of ORDER) {
    await settle(rpage, 100);
    const { result, events } = await traced(rcdp, () => rpage.evaluate((x) => window.bench.seek(x), point(k, startMs, loaded.duration)));
    rrows.push({ tenth: k, ...result, ...split(events) });
  }
  console.log('\nrrweb Replayer, the same seeks (every Layout and style recalculation inside a seek, summed)');
  console.log('tenth  seek layouts  Layout   style  shaping');
  for (const r of rrows) console.log(`${f(r.tenth, 5)} ${f(r.ms)} ${f(r.layouts, 7)} ${f(r.allLayoutMs, 7)} ${f(r.allStyleMs, 7)} ${f(r.shapeMs, 8)}`);
  const m = (rs, k) => median(rs.map((r) => r[k])).toFixed(1);
  console.log(`medians, player: Layout ${m(rows, 'allLayoutMs')} ms, style ${m(rows, 'allStyleMs')} ms, shaping ${m(rows, 'shapeMs')} ms (${m(rows, 'layouts')} layouts)`);
  console.log(`medians, rrweb:  Layout ${m(rrows, 'allLayoutMs')} ms, style ${m(rrows, 'allStyleMs')} ms, shaping ${m(rrows, 'shapeMs')} ms (${m(rrows, 'layouts')} layouts); seek ${m(rrows, 'ms')} ms, /20 = ${(median(rrows.map((r) => r.ms)) / 20).toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
