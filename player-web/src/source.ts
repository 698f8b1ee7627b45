// Turns whatever a host passes to load()/append() into the bytes the engine
// decodes. Bytes go through untouched (the engine detects JSON, NDJSON,
// msgpack, CBOR, packer strings and gzip itself), so a gzip'd or binary
// recording is never inflated or parsed in JS; only JS values are
// serialized, because the engine cannot read JS objects.

export type Source = string | URL | Blob | ArrayBuffer | ArrayBufferView | unknown[] | Record<string, unknown>;

const utf8 = new TextEncoder();

export async function toBytes(src: Source, signal?: AbortSignal): Promise<Uint8Array> {
  if (typeof src === 'string' || src instanceof URL) {
    const resp = await fetch(src, signal ? { signal } : {});
    if (!resp.ok) throw new Error(`reprise: cannot fetch ${String(src)}: HTTP ${resp.status}`);
    return new Uint8Array(await resp.arrayBuffer());
  }
  if (src instanceof Blob) return new Uint8Array(await src.arrayBuffer());
  return valueBytes(src);
}

/** valueBytes is the synchronous part of toBytes (no URL or Blob). */
export function valueBytes(src: unknown): Uint8Array {
  if (src instanceof Uint8Array) return src;
  if (src instanceof ArrayBuffer) return new Uint8Array(src);
  if (ArrayBuffer.isView(src)) return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  if (typeof src === 'string') return utf8.encode(src);
  if (Array.isArray(src) || (typeof src === 'object' && src !== null)) return utf8.encode(JSON.stringify(src));
  throw new TypeError('reprise: a recording is a URL, Blob, ArrayBuffer, Uint8Array, event array or session document');
}
