// A small static file server for the browser tests and the benchmark. It
// binds 127.0.0.1 on a random free port, serves
//   /            player-web/dist/          (the built player)
//   /test/       player-web/test/pages/    (test pages)
//   /bench/      player-web/bench/         (benchmark pages)
//   /repo/       the repository root       (fixtures, the harness normalizer,
//                                          rrweb's bundle for the benchmark)
// and closes itself after `idleMs` without requests, so a crashed test run
// never leaves it behind.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PLAYER = path.resolve(HERE, '..', '..');
export const REPO = path.dirname(PLAYER);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

const MOUNTS = [
  ['/test/', path.join(PLAYER, 'test', 'pages')],
  ['/bench/', path.join(PLAYER, 'bench')],
  ['/repo/', REPO],
  ['/', path.join(PLAYER, 'dist')],
];

function resolve(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = path.normalize(path.join(dir, decodeURIComponent(urlPath.slice(prefix.length))));
    return file === dir || file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

export async function startServer({ idleMs = 10 * 60_000 } = {}) {
  let idle;
  const server = http.createServer(async (req, res) => {
    idle.refresh();
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = resolve(url.pathname);
    try {
      if (!file) throw new Error('forbidden');
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  idle = setTimeout(() => server.close(), idleMs);
  idle.unref();
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  server.unref();
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        clearTimeout(idle);
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
