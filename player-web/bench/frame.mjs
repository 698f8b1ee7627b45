// frame.mjs — runs in the bench pages (served at /bench/frame.mjs): what a
// replay document shows, as the conformance normalizer's canonical text
// (fixtures/harness/normalize.mjs, which also strips rrweb's additions),
// reduced to its length and SHA-256. The bench compares the two systems'
// frames after every timed seek: a seek that shows another document than
// the other system's does not count as the same work.
import { normalizeDocument } from '/repo/fixtures/harness/normalize.mjs';

export async function frameHash(doc) {
  const text = normalizeDocument(doc);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${text.length}:${hex.slice(0, 16)}`;
}
