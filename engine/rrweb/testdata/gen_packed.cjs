// Generates the packed_*.json(l) fixtures independently of the Go code, with
// the real @rrweb/packer (fflate) and with Node's zlib. Run from a folder
// where `npm install @rrweb/packer@2.0.0-alpha.18` was done:
//   node gen_packed.cjs <this testdata dir>
const { pack, unpack } = require('@rrweb/packer');
const zlib = require('zlib');
const fs = require('fs');
const out = process.argv[2];
// 1. the rrweb packer test's own event
const snapEvent = { type: 0, data: {}, timestamp: 1577836800000 };
const events = [
  { type: 4, data: { href: 'https://example.com/é?q=ü', width: 1280, height: 720 }, timestamp: 1700000000000 },
  { type: 2, data: { node: { type: 0, childNodes: [{ type: 2, tagName: 'html', attributes: { lang: 'fr' }, childNodes: [{ type: 3, textContent: 'héllo \u2028 "wörld" 日本 😀\n', id: 3 }], id: 2 }], id: 1 }, initialOffset: { left: 0, top: 0 } }, timestamp: 1700000000001 },
  { type: 3, data: { source: 1, positions: [{ x: 10.5, y: -3, id: 5, timeOffset: -40 }] }, timestamp: 1700000000050 },
  { type: 3, data: { source: 5, text: 'a'.repeat(300), isChecked: false, userTriggered: true }, timestamp: 1700000000100.6 },
  { type: 5, data: { tag: 'reprise/tab', payload: { state: 'visible', n: null, big: 1e21, small: 1.5e-7 } }, timestamp: 1700000000200 },
];
const rrPacked = events.map(pack);
fs.writeFileSync(out + '/packer_snapshot_event.json', JSON.stringify([pack(snapEvent)]) + '\n');
// a batch exactly as a recorder with packFn would send it: JSON array of packed strings
fs.writeFileSync(out + '/packed_rrweb_packer.json', JSON.stringify(rrPacked) + '\n');
// the same events, decoded by rrweb's unpack (the expected result)
fs.writeFileSync(out + '/packed_expected.json', JSON.stringify(rrPacked.map(unpack).map(e => { delete e.v; return e; })) + '\n');
// packed independently with Node's zlib (deflateSync, default level), bytes -> latin1 chars, as NDJSON
const nodePacked = events.map(e => zlib.deflateSync(Buffer.from(JSON.stringify({ ...e, v: 'v1' }), 'utf8')).toString('latin1'));
fs.writeFileSync(out + '/packed_node_zlib.ndjson', nodePacked.map(s => JSON.stringify(s)).join('\n') + '\n');
// mixed: objects, packed strings and JSON strings, as rrweb's unpack accepts
const mixed = [events[0], rrPacked[1], JSON.stringify(events[2]), nodePacked[3], events[4]];
fs.writeFileSync(out + '/packed_mixed.json', JSON.stringify(mixed, null, 1) + '\n');
