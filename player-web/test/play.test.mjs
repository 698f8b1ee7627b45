// dist/play.html, the standalone offline player: a recording opens from
// ?src=URL (with &t=ms), from the file picker and by drag and drop, with no
// Reprise server; a file that is not a recording says so on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, REPO } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const RECORDINGS = path.join(REPO, 'fixtures', 'recordings');

async function openPage(query = '') {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  await page.goto(`${server.origin}/play.html${query}`);
  return page;
}

const status = (page) => page.locator('#status').textContent();

async function opened(page, name) {
  await page.waitForFunction((n) => document.getElementById('status').textContent.startsWith(`${n}: `), name, { timeout: 30_000 });
  return status(page);
}

test('play.html ?src=URL&t=ms opens the recording there', async () => {
  const page = await openPage('?src=/repo/fixtures/recordings/checkout.json&t=5000');
  try {
    const text = await opened(page, 'checkout.json');
    assert.match(text, /^checkout\.json: \d+ s \(json\), opened in \d+ ms$/);
    await page.waitForFunction(() => document.getElementById('player').currentTime === 5000);
    const body = await page.evaluate(() => document.getElementById('player').contentDocument.body?.children.length ?? 0);
    assert.ok(body > 0, 'the replay document is empty');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('play.html opens a file chosen with the file picker (gzip, multi-tab)', async () => {
  const page = await openPage();
  try {
    await page.setInputFiles('#file', path.join(RECORDINGS, 'long.json.gz'));
    const text = await opened(page, 'long.json.gz');
    assert.match(text, /\(json, gzip\)/);
    const dur = await page.evaluate(() => document.getElementById('player').duration);
    assert.ok(dur > 25 * 60_000, `long.json.gz read whole: duration ${dur} ms`);
    await page.setInputFiles('#file', path.join(RECORDINGS, 'multitab.json'));
    assert.match(await opened(page, 'multitab.json'), /, 3 tabs \(json\)/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('play.html opens a dropped file, and says when a file is not a recording', async () => {
  const page = await openPage();
  try {
    const drop = (name, text) =>
      page.evaluate(
        ([name, text]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], name, { type: 'application/json' }));
          const fire = (type) => document.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
          fire('dragenter');
          const shown = document.body.classList.contains('dragging');
          fire('dragover');
          fire('drop');
          return shown && !document.body.classList.contains('dragging');
        },
        [name, text],
      );
    const nav = fs.readFileSync(path.join(RECORDINGS, 'navigation.json'), 'utf8');
    assert.ok(await drop('navigation.json', nav), 'the drop overlay did not show and hide');
    assert.match(await opened(page, 'navigation.json'), /\(json\)/);
    await drop('notes.txt', 'these are not rrweb events');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Cannot open notes.txt: '));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
