// Conformance in the browser: for every fixtures/expected/<name>.json and
// each check {offsetMs, dom}, the player is loaded with the recording and
// seeked there, and its replay document, normalized by the harness's own
// normalizer (fixtures/harness/normalize.mjs, imported, not copied), must
// equal what rrweb's Replayer showed — after seeks forwards and backwards
// (patches of the shown document, and whole frames reconciled with it) and
// after playing forward from the first check (frame + ops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './lib/server.mjs';
import { usePlayer } from './lib/browser.mjs';

const EXPECTED = path.join(REPO, 'fixtures', 'expected');
const RECORDINGS = path.join(REPO, 'fixtures', 'recordings');

const player = usePlayer();

function recordingURL(name) {
  for (const ext of ['.json', '.json.gz']) {
    if (fs.existsSync(path.join(RECORDINGS, name + ext))) return `/repo/fixtures/recordings/${name}${ext}`;
  }
  return null;
}

function firstDiff(want, got) {
  const a = want.split('\n');
  const b = got.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}:\n  rrweb:  ${JSON.stringify(a[i] ?? null)}\n  player: ${JSON.stringify(b[i] ?? null)}\n` +
        `context (rrweb):\n${a.slice(Math.max(0, i - 3), i + 3).join('\n')}`;
    }
  }
  return '';
}

const names = fs.readdirSync(EXPECTED).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
assert.ok(names.length > 0, 'no fixtures/expected/*.json');

for (const name of names) {
  test(`conformance: ${name}`, async (t) => {
    const exp = JSON.parse(fs.readFileSync(path.join(EXPECTED, name + '.json'), 'utf8'));
    const url = recordingURL(name);
    assert.ok(url, `no recording for ${name}`);
    const page = await player.open();
    try {
      await page.evaluate(async (u) => {
        const p = document.getElementById('p');
        await p.load(u);
        window.__normalize = (await import('/repo/fixtures/harness/normalize.mjs')).normalizeDocument;
      }, url);
      let failed = 0;
      // A multi-tab recording's checks name their tab (each replayed alone
      // by rrweb): show that tab by hand; otherwise the only tab is shown.
      const label = (c) => (c.tab ? `${name} ${c.tab}@${c.offsetMs} ms` : `${name} @${c.offsetMs} ms`);
      // Each seek repaints over the previous one: forwards, then backwards,
      // so that both directions meet rrweb's DOM; once as the player seeks
      // (within a page, a patch: the engine's ops from the shown document)
      // and once with whole frames only (reconciled with the painted
      // document: nodes kept by handle or taken over by position).
      let reused = 0;
      const kinds = { patch: 0, frame: 0 };
      const seekOrder = [...exp.checks.map((c) => [c, '']), ...[...exp.checks].reverse().map((c) => [c, ' (seeking back)'])];
      for (const patches of [true, false]) {
        for (const [check, how0] of seekOrder) {
          const how = how0 + (patches ? '' : ' (whole frames)');
          const [got, r, kind] = await page.evaluate(async ([o, tab, patches]) => {
            const p = document.getElementById('p');
            p.pb.patchSeeks = patches; // internal switch: the test covers both paths
            if (tab) p.selectTab(tab); // by hand: stops following the active tab
            await p.seek(o);
            return [window.__normalize(p.contentDocument), p.stats.reusedNodes, p.stats.seekKind];
          }, [check.offsetMs, check.tab ?? '', patches]);
          reused += r;
          kinds[kind]++;
          await t.test(label(check) + how, () => {
            if (got !== check.dom) failed++;
            assert.ok(got === check.dom, `${label(check)}${how} differs from rrweb's replay:\n${firstDiff(check.dom, got)}`);
          });
        }
        await page.evaluate(() => { document.getElementById('p').pb.patchSeeks = true; });
      }
      assert.ok(reused > 0, 'seeks never reused a painted node: the reconciling path went untested');
      assert.ok(kinds.patch > 0, 'no seek came as a patch: the patch path went untested');
      assert.ok(kinds.frame > exp.checks.length, 'whole-frame seeks went untested');
      // The playback path: per tab, from its first check, advance (ops
      // applied to the painted document, no rebuild) through its later checks.
      const byTab = new Map();
      for (const c of exp.checks) byTab.set(c.tab ?? '', [...(byTab.get(c.tab ?? '') ?? []), c]);
      let played = 0;
      for (const [tab, checks] of byTab) {
        checks.sort((a, b) => a.offsetMs - b.offsetMs);
        await page.evaluate(([o, tab]) => {
          const p = document.getElementById('p');
          if (tab) p.selectTab(tab); // by hand: stops following the active tab
          return p.seek(o);
        }, [checks[0].offsetMs, tab]);
        for (const check of checks.slice(1)) {
          played++;
          const got = await page.evaluate(async (o) => {
            const p = document.getElementById('p');
            await p.advanceTo(o);
            return window.__normalize(p.contentDocument);
          }, check.offsetMs);
          await t.test(`${label(check)} by playback`, () => {
            if (got !== check.dom) failed++;
            assert.ok(got === check.dom, `${label(check)}, reached by playback, differs from rrweb's replay:\n${firstDiff(check.dom, got)}`);
          });
        }
      }
      assert.deepEqual(page.errors, [], 'page errors');
      assert.equal(failed, 0, `${failed} of ${4 * exp.checks.length + played} checks differ`);
    } finally {
      await page.close();
    }
  });
}
