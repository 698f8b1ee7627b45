// Go's wasm_exec.js (copied into dist/ by wasm/build.sh) is bundled for its
// side effect: it defines globalThis.Go. build.mjs resolves this name to it.
declare module 'go-wasm-exec';
