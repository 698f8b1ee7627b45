// Launches Debian's Chromium through playwright-core (never a downloaded
// browser; CHROMIUM=/path overrides the executable).
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { startServer } from './server.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/**
 * openPlayer opens the test page (one 1024×700 <reprise-player id=p>) and
 * waits for the element to be defined. Page errors are collected in
 * page.errors so tests can assert there were none.
 */
export async function openPlayer(browser, origin, { viewport = { width: 1100, height: 800 } } = {}) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  await page.goto(`${origin}/test/player.html`);
  await page.waitForFunction(() => !!customElements.get('reprise-player'));
  return page;
}

/**
 * usePlayer starts the static server and Chromium once for a test file
 * (node:test before/after hooks) and closes them after it; open() gives a
 * fresh player page, origin() the server's origin.
 */
export function usePlayer() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return { open: () => openPlayer(env.browser, env.server.origin), origin: () => env.server.origin };
}
