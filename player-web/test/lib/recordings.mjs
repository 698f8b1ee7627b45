// Recordings the tests build from the real fixtures (never hand-made rrweb
// streams where a real one will do).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO } from './server.mjs';

export function readEvents(name) {
  const base = path.join(REPO, 'fixtures', 'recordings', name);
  if (fs.existsSync(base + '.json')) return JSON.parse(fs.readFileSync(base + '.json', 'utf8'));
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(base + '.json.gz')).toString('utf8'));
}

/**
 * withGap shifts the timestamps of the second half of a recording (emit
 * order) by gapMs: still a valid rrweb stream, now with an idle gap.
 */
export function withGap(events, gapMs = 20_000) {
  const half = Math.floor(events.length / 2);
  return events.map((e, i) => (i >= half ? { ...e, timestamp: e.timestamp + gapMs } : e));
}

/**
 * twoTabs makes a session document of two recordings, the second one
 * shifted to start halfway through the first, so both tabs overlap in time.
 */
export function twoTabs(a, b, ids = ['tab-a', 'tab-b']) {
  const aFirst = Math.min(...a.map((e) => e.timestamp));
  const aLast = Math.max(...a.map((e) => e.timestamp));
  const bFirst = Math.min(...b.map((e) => e.timestamp));
  const delta = aFirst + Math.round((aLast - aFirst) / 2) - bFirst;
  return {
    format: 'reprise-session',
    version: 1,
    id: 'two-tabs',
    tabs: [
      { id: ids[0], events: a },
      { id: ids[1], events: b.map((e) => ({ ...e, timestamp: e.timestamp + delta })) },
    ],
  };
}
