// The player's controls, clicked like a person would, and its keyboard
// shortcuts, tab strip, markers and live mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayer } from './lib/browser.mjs';
import { readEvents, withGap, twoTabs } from './lib/recordings.mjs';

const player = usePlayer();

const state = (page) =>
  page.evaluate(() => {
    const p = document.getElementById('p');
    return { t: p.currentTime, paused: p.paused, speed: p.speed, skip: p.skipInactive, duration: p.duration, tab: p.tab, live: p.live, edge: p.atLiveEdge };
  });

async function loaded(page, src) {
  await page.evaluate(async (s) => {
    const p = document.getElementById('p');
    window.__events = [];
    for (const type of ['play', 'pause', 'ended', 'skip', 'tabchange', 'timeupdate', 'timeline', 'durationchange']) {
      p.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail ?? null }));
    }
    await p.load(s);
    // The timeline is computed right after the first frame; wait for it.
    if (!p.timeline) await new Promise((r) => p.addEventListener('timeline', r, { once: true }));
  }, src);
}

const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);
const btn = (page, sel) => page.locator(`#p ${sel}`);

test('play advances currentTime; pause stops it', async () => {
  const page = await player.open();
  await loaded(page, '/repo/fixtures/recordings/checkout.json');
  await page.evaluate(() => document.getElementById('p').seek(2000));
  await btn(page, '[data-action=play]').click();
  await page.waitForTimeout(700);
  let s = await state(page);
  assert.equal(s.paused, false);
  assert.ok(s.t > 2300, `currentTime ${s.t} did not advance from 2000`);
  assert.equal((await events(page, 'play')).length, 1);
  await btn(page, '[data-action=play]').click();
  s = await state(page);
  assert.equal(s.paused, true);
  const t1 = s.t;
  await page.waitForTimeout(300);
  assert.equal((await state(page)).t, t1, 'time moved while paused');
  assert.ok((await events(page, 'timeupdate')).length > 3);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('±10 s buttons and speed buttons', async () => {
  const page = await player.open();
  await loaded(page, '/repo/fixtures/recordings/checkout.json');
  await page.evaluate(() => document.getElementById('p').seek(15000));
  await btn(page, '[data-action=back]').click();
  assert.equal((await state(page)).t, 5000);
  await btn(page, '[data-action=forward]').click();
  await btn(page, '[data-action=forward]').click();
  assert.equal((await state(page)).t, 25000);
  await btn(page, '[data-action=back]').click();
  await btn(page, '[data-action=back]').click();
  await btn(page, '[data-action=back]').click();
  assert.equal((await state(page)).t, 0, 'back clamps at 0');

  await btn(page, '[data-action=speed][data-speed="4"]').click();
  assert.equal((await state(page)).speed, 4);
  assert.equal(await btn(page, '[data-action=speed][data-speed="4"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await btn(page, '[data-action=speed][data-speed="1"]').getAttribute('aria-pressed'), 'false');
  // Skip off so that only speed moves the clock.
  await page.evaluate(() => { document.getElementById('p').skipInactive = false; });
  await page.evaluate(() => document.getElementById('p').seek(1000));
  const w0 = Date.now();
  await btn(page, '[data-action=play]').click();
  await page.waitForTimeout(600);
  const s = await state(page);
  const wall = Date.now() - w0;
  await btn(page, '[data-action=play]').click();
  assert.ok(s.t - 1000 > 2.5 * 600 && s.t - 1000 < 4.5 * wall, `4× speed moved ${s.t - 1000} ms in ${wall} ms wall`);
  await page.evaluate(() => document.getElementById('p').setSpeed(0.5));
  assert.equal((await state(page)).speed, 0.5);
  assert.equal(await btn(page, '[data-action=speed][data-speed="0.5"]').getAttribute('aria-pressed'), 'true');
  for (const sp of ['0.5', '2', '8', '16']) {
    await btn(page, `[data-action=speed][data-speed="${sp}"]`).click();
    assert.equal((await state(page)).speed, Number(sp));
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('skip inactivity jumps an idle gap; off, it plays through it', async () => {
  const page = await player.open();
  await loaded(page, withGap(readEvents('checkout')));
  const tl = await page.evaluate(() => document.getElementById('p').timeline);
  assert.ok(tl.skips.length >= 1, `no skip in the timeline: ${JSON.stringify(tl.skips)}`);
  const skip = tl.skips.reduce((a, b) => (b.toMs - b.fromMs > a.toMs - a.fromMs ? b : a));
  assert.ok(skip.toMs - skip.fromMs > 10_000, `skip too short: ${JSON.stringify(skip)}`);
  assert.ok(await btn(page, '.inactive').count() >= 1, 'inactive period not shaded');
  assert.equal(await btn(page, '[data-action=skip]').isChecked(), true, 'skip inactivity must default to on');

  await page.evaluate((s) => document.getElementById('p').seek(s.fromMs - 300), skip);
  await btn(page, '[data-action=play]').click();
  await page.waitForFunction((s) => document.getElementById('p').currentTime >= s.toMs, skip, { timeout: 3000 });
  const sk = await events(page, 'skip');
  assert.equal(sk.length, 1);
  assert.equal(sk[0].detail.toMs, skip.toMs);
  await btn(page, '[data-action=play]').click();

  // Off: the same start plays into the gap instead of over it.
  await btn(page, '[data-action=skip]').click();
  assert.equal((await state(page)).skip, false);
  await page.evaluate((s) => document.getElementById('p').seek(s.fromMs - 300), skip);
  await btn(page, '[data-action=play]').click();
  await page.waitForTimeout(800);
  await btn(page, '[data-action=play]').click();
  const s = await state(page);
  assert.ok(s.t > skip.fromMs && s.t < skip.fromMs + 3000, `with skip off, t=${s.t} should be inside the gap ${JSON.stringify(skip)}`);
  assert.equal((await events(page, 'skip')).length, 1, 'skipped with skip inactivity off');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('tab strip: shows both tabs, switches on click, follows the active tab', async () => {
  const page = await player.open();
  await loaded(page, twoTabs(readEvents('checkout'), readEvents('navigation')));
  assert.deepEqual(await page.evaluate(() => document.getElementById('p').tabs), ['tab-a', 'tab-b']);
  assert.equal(await btn(page, '.tabs [data-tab]').count(), 2);
  const tl = await page.evaluate(() => document.getElementById('p').timeline);
  assert.ok(tl.activeTab.length >= 2, `active tab never changes: ${JSON.stringify(tl.activeTab)}`);

  // Following: seeking to a point where tab-b is active shows tab-b.
  const b = tl.activeTab.find((c) => c.tabId === 'tab-b');
  await page.evaluate((o) => document.getElementById('p').seek(o + 500), b.offsetMs);
  assert.equal((await state(page)).tab, 'tab-b');
  assert.equal(await btn(page, '.tabs [data-tab="tab-b"]').getAttribute('aria-selected'), 'true');
  assert.match(await btn(page, '.tabs [data-tab="tab-b"]').getAttribute('class'), /active/);

  // A click on the other tab shows it and stops following.
  const title = () => page.evaluate(() => document.getElementById('p').contentDocument.title);
  const titleB = await title();
  await btn(page, '.tabs [data-tab="tab-a"]').click();
  let s = await state(page);
  assert.equal(s.tab, 'tab-a');
  assert.notEqual(await title(), titleB, 'the replay document did not change with the tab');
  assert.equal(await page.evaluate(() => document.getElementById('p').followActiveTab), false);
  const tc = await events(page, 'tabchange');
  assert.equal(tc.at(-1).detail.tab, 'tab-a');
  // Follow again: back to the active tab.
  await btn(page, '.tabs [data-action=follow]').click();
  s = await state(page);
  assert.equal(s.tab, 'tab-b');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('keyboard shortcuts', async () => {
  const page = await player.open();
  await loaded(page, '/repo/fixtures/recordings/checkout.json');
  const dur = (await state(page)).duration;
  await page.evaluate(() => document.getElementById('p').seek(20000));
  await page.locator('#p').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal((await state(page)).t, 10000);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal((await state(page)).t, 30000);
  await page.keyboard.press('5');
  assert.equal((await state(page)).t, dur * 0.5);
  await page.keyboard.press('0');
  assert.equal((await state(page)).t, 0);
  // shift+→ goes to the next key event after the playhead.
  const keyEvents = await page.evaluate(() => document.getElementById('p').keyEvents.filter((k) => k.kind !== 'click' && k.kind !== 'input'));
  await page.evaluate(() => document.getElementById('p').seek(5000));
  await page.keyboard.press('Shift+ArrowRight');
  const next = keyEvents.find((k) => k.offsetMs > 5001);
  assert.equal((await state(page)).t, next ? next.offsetMs : dur);
  await page.keyboard.press('Space');
  assert.equal((await state(page)).paused, false);
  await page.keyboard.press('Space');
  assert.equal((await state(page)).paused, true);
  await page.keyboard.press('f');
  await page.waitForTimeout(200);
  const fs = await page.evaluate(() => document.fullscreenElement?.id ?? null);
  if (fs !== null) assert.equal(fs, 'p');
  else console.log('# fullscreen: not granted in headless Chromium (key handled, element not asserted)');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('markers: engine key events, host notes and reactions; clicking one seeks', async () => {
  const page = await player.open();
  await loaded(page, '/repo/fixtures/recordings/checkout.json');
  const engineMarkers = await btn(page, '.marker').count();
  assert.ok(engineMarkers > 0, 'no key-event markers');
  const id = await page.evaluate(() => {
    const p = document.getElementById('p');
    p.addMarker({ offsetMs: 12345, kind: 'reaction', label: 'bug' });
    return p.addMarker({ offsetMs: 20000, kind: 'note', label: 'look here' });
  });
  assert.equal(await btn(page, '.marker').count(), engineMarkers + 2);
  await btn(page, '.marker[data-kind=note]').click();
  assert.equal((await state(page)).t, 20000);
  await page.evaluate((i) => document.getElementById('p').removeMarker(i), id);
  assert.equal(await btn(page, '.marker').count(), engineMarkers + 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('live: append extends the duration, follows the edge, scrub back, return to live', async () => {
  const page = await player.open();
  const all = readEvents('checkout');
  const cut = Math.floor(all.length / 2);
  await loaded(page, all.slice(0, cut));
  const before = (await state(page)).duration;
  assert.equal(await btn(page, '[data-action=live]').isVisible(), false);
  // A viewer joins a session in progress: first part, then live from its edge.
  await page.evaluate((evs) => document.getElementById('p').append(evs), all.slice(cut, cut + 20));
  assert.equal(await btn(page, '[data-action=live]').isVisible(), true);
  await btn(page, '[data-action=live]').click();
  const parts = [all.slice(cut + 20, cut + 50), all.slice(cut + 50, cut + 100), all.slice(cut + 100)];
  for (const part of parts) {
    await page.evaluate((evs) => document.getElementById('p').append(evs), part);
    await page.waitForTimeout(150);
  }
  let s = await state(page);
  assert.equal(s.live, true);
  assert.ok(s.duration > before, `duration ${before} → ${s.duration}`);
  assert.equal(s.edge, true, 'not following the live edge');
  assert.ok(s.t >= s.duration, `at the edge t=${s.t} should be the duration ${s.duration}`);
  assert.equal(s.paused, false, 'live playback must not end');
  assert.equal(await btn(page, '[data-action=live]').isVisible(), true);
  // Scrub back: no longer at the edge; the button returns to live.
  await page.evaluate(() => document.getElementById('p').seek(5000));
  s = await state(page);
  assert.equal(s.edge, false);
  assert.equal(await btn(page, '[data-action=live]').textContent(), 'Return to live');
  await btn(page, '[data-action=live]').click();
  s = await state(page);
  assert.equal(s.edge, true);
  assert.ok(s.t >= s.duration);
  assert.equal((await events(page, 'ended')).length, 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a long recording shows its first frame before it is read whole; a cut one keeps what it has', async () => {
  const page = await player.open();
  const r = await page.evaluate(async () => {
    const p = document.getElementById('p');
    const seen = [];
    let firstDuration = -1;
    p.addEventListener('firstframe', () => {
      seen.push('firstframe');
      firstDuration = p.info.durationMs; // what is read so far
    });
    p.addEventListener('load', () => seen.push('load'));
    await p.load('/repo/fixtures/recordings/long.json.gz');
    return { seen, firstDuration, duration: p.duration, body: p.contentDocument.body.children.length };
  });
  assert.deepEqual(r.seen, ['firstframe', 'load']);
  assert.ok(r.firstDuration >= 0 && r.firstDuration < r.duration, `first frame after ${r.firstDuration} of ${r.duration} ms were read`);
  assert.ok(r.duration > 25 * 60_000 && r.body > 0);

  // The checkout recording cut mid-way (bytes): the first part plays, an
  // error says where the rest broke.
  const cut = await page.evaluate(async () => {
    const p = document.getElementById('p');
    const text = await (await fetch('/repo/fixtures/recordings/checkout.json')).text();
    const errors = [];
    p.addEventListener('error', (e) => errors.push(String(e.detail)));
    const whole = JSON.parse(text);
    await p.load(new TextEncoder().encode(text.slice(0, Math.floor(text.length * 0.6))));
    await p.seek(p.duration);
    return { errors, duration: p.duration, full: whole[whole.length - 1].timestamp - whole[0].timestamp, body: p.contentDocument.body?.children.length ?? 0 };
  });
  assert.equal(cut.errors.length, 1, `errors: ${JSON.stringify(cut.errors)}`);
  assert.match(cut.errors[0], /readable up to event \d+ only/);
  assert.ok(cut.duration > 0 && cut.duration < cut.full && cut.body > 0, JSON.stringify(cut));
  assert.deepEqual(page.errors, []);
  await page.close();
});
