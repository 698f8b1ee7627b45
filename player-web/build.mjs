#!/usr/bin/env node
// build.mjs — writes dist/: engine.wasm + wasm_exec.js (via wasm/build.sh),
// reprise-player.js (the element, with Go's wasm_exec.js bundled in),
// play.js + play.html (standalone offline player), embed.html (the embedding
// example) and sample.json (a small recording for both).
//   SKIP_WASM=1 node build.mjs   reuses an existing dist/engine.wasm
//   NOMINIFY=1 node build.mjs    readable bundles (for profiling)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const repo = path.dirname(here);
fs.mkdirSync(dist, { recursive: true });

if (!process.env.SKIP_WASM || !fs.existsSync(path.join(dist, 'engine.wasm'))) {
  execFileSync('sh', [path.join(repo, 'wasm', 'build.sh'), dist], { stdio: 'inherit' });
}

// 'go-wasm-exec' → the wasm_exec.js that build.sh copied from this Go
// toolchain: glue and engine.wasm must come from the same Go version.
const goGlue = {
  name: 'go-wasm-exec',
  setup(b) {
    b.onResolve({ filter: /^go-wasm-exec$/ }, () => ({ path: path.join(dist, 'wasm_exec.js') }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: !process.env.NOMINIFY,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [goGlue],
};
await esbuild.build({ ...common, entryPoints: [path.join(here, 'src', 'index.ts')], outfile: path.join(dist, 'reprise-player.js') });
await esbuild.build({ ...common, entryPoints: [path.join(here, 'src', 'play.ts')], outfile: path.join(dist, 'play.js') });

fs.copyFileSync(path.join(here, 'src', 'play.html'), path.join(dist, 'play.html'));
fs.copyFileSync(path.join(here, 'examples', 'embed.html'), path.join(dist, 'embed.html'));
fs.copyFileSync(path.join(repo, 'fixtures', 'recordings', 'checkout.json'), path.join(dist, 'sample.json'));

const size = (f) => (fs.statSync(path.join(dist, f)).size / 1024).toFixed(1) + ' KiB';
console.log(`dist/: reprise-player.js ${size('reprise-player.js')}, play.js ${size('play.js')}, engine.wasm ${size('engine.wasm')}`);
