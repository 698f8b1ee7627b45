// Seeks repaint by reconciling with the painted document. A child list
// whose kept children are still in the same relative order must not have
// them moved (each move re-styles and re-lays out the subtree): the number
// of kept children a seek re-inserts must be the minimum, the kept count
// minus the longest run already in order, computed here independently
// (O(n²) dynamic programming) from the child lists before and after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayer } from './lib/browser.mjs';

const player = usePlayer();

// longest increasing subsequence length, the textbook O(n²) way
function lisLength(xs) {
  const best = xs.map(() => 1);
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < i; j++) if (xs[j] < xs[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

test('reconcile: seeks move only the kept children that are out of order', async () => {
  const page = await player.open();
  try {
    await page.evaluate(async () => {
      const p = document.getElementById('p');
      await p.load('/repo/fixtures/recordings/long.json.gz');
    });
    const dur = await page.evaluate(() => document.getElementById('p').duration);
    // Nearby seeks (kept rows, shifted lists) and far ones, both directions.
    const from = [0.2, 0.5, 0.5, 0.8, 0.3].map((f) => Math.round(dur * f));
    const to = [from[0] + 1000, from[1] + 30_000, from[2] - 5_000, from[3] + 200_000, from[4] - 120_000];
    let kept = 0;
    for (let i = 0; i < from.length; i++) {
      const r = await page.evaluate(([a, b]) => {
        const p = document.getElementById('p');
        p.seek(a);
        const doc = p.contentDocument;
        const before = new Map(); // parent → its children, in order
        const walk = (n) => {
          before.set(n, [...n.childNodes]);
          for (const c of n.childNodes) walk(c);
        };
        walk(doc);
        const mo = new MutationObserver(() => {});
        mo.observe(doc, { childList: true, subtree: true });
        p.seek(b);
        const recs = mo.takeRecords();
        mo.disconnect();
        // A kept child that was moved shows up removed and added again
        // under the same parent.
        const removed = new Map();
        let moved = 0;
        for (const rec of recs) {
          for (const n of rec.removedNodes) removed.set(n, rec.target);
          for (const n of rec.addedNodes) if (removed.get(n) === rec.target) moved++;
        }
        // Positions, before the seek, of the children each parent kept,
        // listed in their order after it.
        const lists = [];
        for (const [parent, kids] of before) {
          if (!parent.isConnected && parent !== doc) continue;
          const at = new Map(kids.map((k, i) => [k, i]));
          lists.push([...parent.childNodes].filter((k) => at.has(k)).map((k) => at.get(k)));
        }
        return { moved, lists };
      }, [from[i], to[i]]);
      const need = r.lists.reduce((s, l) => s + l.length - lisLength(l), 0);
      kept += r.lists.reduce((s, l) => s + l.length, 0);
      assert.equal(r.moved, need, `seek ${from[i]} → ${to[i]} ms: ${r.moved} kept nodes moved, ${need} needed`);
    }
    assert.ok(kept > 1000, `the seeks kept only ${kept} nodes: nothing was reconciled`);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
