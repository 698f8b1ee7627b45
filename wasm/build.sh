#!/bin/sh
# wasm/build.sh OUTDIR — builds OUTDIR/engine.wasm and copies the Go runtime
# glue wasm_exec.js next to it, then prints raw and brotli sizes (brotli at
# quality 11 through node's zlib, so no extra tool is needed).
set -eu
out=${1:?usage: wasm/build.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
cd "$root"
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$out/engine.wasm" ./wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
node -e '
const fs = require("fs"), zlib = require("zlib");
const f = process.argv[1], raw = fs.readFileSync(f);
const br = zlib.brotliCompressSync(raw, { params: {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
const gz = zlib.gzipSync(raw, { level: 9 });
const kb = (n) => (n / 1024).toFixed(0) + " KiB";
console.log(`engine.wasm: raw ${raw.length} B (${kb(raw.length)}), gzip -9 ${gz.length} B (${kb(gz.length)}), brotli q11 ${br.length} B (${kb(br.length)}); target <= 2 MB brotli: ${br.length <= 2000000 ? "met" : "MISSED"}`);
' "$out/engine.wasm"
