// Loads engine.wasm (the Go replay engine behind wasm/bridge_js.go) once per
// page and wraps its raw export table: the raw functions return an Error
// object instead of throwing (a Go callback cannot throw into JS), so every
// wrapper rethrows; JSON results are parsed here, once, for the caller.
import 'go-wasm-exec';
import type { Advance, Frame, Info, Patch, Timeline } from './protocol.js';

interface RawBridge {
  open(data: Uint8Array): number | Error;
  info(session: number): Uint8Array | Error;
  index(session: number, maxEvents: number): number | Error;
  timeline(session: number, thresholdMs: number): Uint8Array | Error;
  activeTab(session: number, offsetMs: number): string | Error;
  cursor(session: number, tab: string): number | Error;
  seek(cursor: number, offsetMs: number, patch?: boolean): Uint8Array | Error;
  advance(cursor: number, offsetMs: number): Uint8Array | Error;
  append(session: number, tab: string, data: Uint8Array): number | Error;
  close(handle: number): undefined | Error;
}

declare global {
  // wasm_exec.js (Go's runtime glue) defines this class on globalThis.
  class Go {
    importObject: WebAssembly.Imports;
    run(instance: WebAssembly.Instance): Promise<void>;
  }
  // eslint-disable-next-line no-var
  var __reprise: RawBridge | undefined;
  // eslint-disable-next-line no-var
  var __repriseReady: (() => void) | undefined;
}

function check<T>(v: T | Error): T {
  if (v instanceof Error) throw v;
  return v;
}

const utf8 = new TextDecoder();

function json<T>(v: Uint8Array | Error): T {
  return JSON.parse(utf8.decode(check(v))) as T;
}

/** Loading status after an index step (wasm/bridge.go). */
export const DECODING = 0;
export const INDEXING = 1;
export const INDEXED = 2;
export type IndexStatus = typeof DECODING | typeof INDEXING | typeof INDEXED;

/** The engine as the player uses it: integer handles, parsed JSON, exceptions. */
export class Engine {
  constructor(
    private readonly raw: RawBridge,
    private readonly memory: WebAssembly.Memory | null = null,
  ) {}
  /** Size of the Go heap's linear memory (not part of the JS heap). */
  get memoryBytes(): number {
    return this.memory?.buffer.byteLength ?? 0;
  }
  open(data: Uint8Array): number {
    return check(this.raw.open(data));
  }
  info(session: number): Info {
    return json<Info>(this.raw.info(session));
  }
  /**
   * index takes one loading step: while the recording is still being
   * decoded (a progressive open) it decodes more of it, then it builds up
   * to maxEvents more keyframe events per tab. It returns the status after
   * the step: DECODING, INDEXING or INDEXED. It throws when the rest of the
   * recording turns out unreadable; what was decoded stays open.
   */
  index(session: number, maxEvents: number): IndexStatus {
    return check(this.raw.index(session, maxEvents)) as IndexStatus;
  }
  timeline(session: number, thresholdMs = 0): Timeline {
    return json<Timeline>(this.raw.timeline(session, thresholdMs));
  }
  activeTab(session: number, offsetMs: number): string {
    return check(this.raw.activeTab(session, offsetMs));
  }
  cursor(session: number, tab: string): number {
    return check(this.raw.cursor(session, tab));
  }
  seek(cursor: number, offsetMs: number): Frame {
    return json<Frame>(this.raw.seek(cursor, Math.floor(offsetMs)));
  }
  /**
   * seekPatch is seek for a painter that shows all the cursor returned
   * last: within one page the answer is a Patch (ops), else a Frame.
   */
  seekPatch(cursor: number, offsetMs: number): Frame | Patch {
    return json<Frame | Patch>(this.raw.seek(cursor, Math.floor(offsetMs), true));
  }
  advance(cursor: number, offsetMs: number): Advance {
    return json<Advance>(this.raw.advance(cursor, Math.floor(offsetMs)));
  }
  append(session: number, tab: string, data: Uint8Array): number {
    return check(this.raw.append(session, tab, data));
  }
  close(handle: number): void {
    check(this.raw.close(handle));
  }
}

let loading: Promise<Engine> | undefined;

/** Default location of engine.wasm: next to the bundle that holds this code. */
export function defaultEngineURL(): URL {
  return new URL('engine.wasm', import.meta.url);
}

/**
 * loadEngine starts engine.wasm once per page; later calls (any URL) share
 * the running instance, which serves every player on the page.
 */
export function loadEngine(url: string | URL = defaultEngineURL()): Promise<Engine> {
  loading ??= start(url).catch((err: unknown) => {
    loading = undefined; // let a later call retry (e.g. after a network error)
    throw err;
  });
  return loading;
}

async function start(url: string | URL): Promise<Engine> {
  const go = new Go();
  const ready = new Promise<void>((resolve) => {
    globalThis.__repriseReady = resolve;
  });
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`reprise: cannot load ${String(url)}: HTTP ${resp.status}`);
  let instance: WebAssembly.Instance;
  // Streaming compilation needs the application/wasm type; some static
  // servers (e.g. file-system previews) send another, so fall back.
  if ((resp.headers.get('content-type') || '').startsWith('application/wasm')) {
    instance = (await WebAssembly.instantiateStreaming(resp, go.importObject)).instance;
  } else {
    instance = (await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject)).instance;
  }
  void go.run(instance).then(() => {
    // Go's main never returns (it blocks serving calls); if it ever does,
    // later calls must fail loudly rather than hang.
    loading = Promise.reject(new Error('reprise: engine.wasm exited'));
  });
  await ready;
  const raw = globalThis.__reprise;
  if (!raw) throw new Error('reprise: engine.wasm did not register its bridge');
  const mem = instance.exports.mem;
  return new Engine(raw, mem instanceof WebAssembly.Memory ? mem : null);
}
