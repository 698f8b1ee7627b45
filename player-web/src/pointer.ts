// PointerLayer draws the recorded mouse: a cursor that moves between the
// recorded positions (interpolated, so 50 ms samples look continuous) and a
// ripple for each click. It lives in the player's shadow DOM above the
// replay iframe, never inside the replay document, and in the same scaled
// stage so recorded CSS pixels map one to one.
import type { PointerEntry } from './protocol.js';

/** Largest gap (ms) across which two positions are interpolated. */
const MAX_LERP_MS = 1000;
/** Entries older than this behind the playhead are dropped. */
const KEEP_MS = 2000;
const RIPPLE_KINDS = new Set(['click', 'dblclick', 'contextmenu', 'touchstart']);

interface Entry extends PointerEntry {
  ox?: number; // offset of n's document inside the replay viewport
  oy?: number;
}

export class PointerLayer {
  private track: Entry[] = [];
  private lastT = -Infinity;
  private readonly cursor: HTMLElement;

  /**
   * @param layer element over the replay iframe, in recorded CSS pixels
   * @param locate maps an entry's node handle to the replay-viewport offset
   *   of the document the node lives in (nested iframes add their position)
   */
  constructor(
    private readonly layer: HTMLElement,
    private readonly locate: (handle: number) => [number, number],
  ) {
    this.cursor = layer.ownerDocument.createElement('div');
    this.cursor.className = 'cursor';
    this.cursor.hidden = true;
    layer.appendChild(this.cursor);
  }

  /** add takes Advance's pointer entries (any order; kept sorted by time). */
  add(entries: PointerEntry[] | undefined): void {
    if (!entries || entries.length === 0) return;
    for (const e of entries) {
      // Entries mostly arrive in order; insert from the back.
      let i = this.track.length;
      while (i > 0 && this.track[i - 1]!.t > e.t) i--;
      this.track.splice(i, 0, { ...e });
    }
  }

  /** reset forgets positions (after a seek the old ones are meaningless). */
  reset(t: number): void {
    this.track = [];
    this.lastT = t;
    this.cursor.hidden = true;
    for (const r of Array.from(this.layer.querySelectorAll('.ripple'))) r.remove();
  }

  /** render shows the pointer as it was at time t. */
  render(t: number): void {
    const tr = this.track;
    let a = -1;
    for (let i = 0; i < tr.length && tr[i]!.t <= t; i++) a = i;
    // Ripples for interactions passed since the last render.
    for (let i = 0; i <= a; i++) {
      const e = tr[i]!;
      if (e.t > this.lastT && RIPPLE_KINDS.has(e.k)) this.ripple(e);
    }
    this.lastT = t;
    if (a < 0) return;
    const pa = tr[a]!;
    let [x, y] = this.pos(pa);
    const pb = tr[a + 1];
    if (pb && pb.t > pa.t && pb.t - pa.t <= MAX_LERP_MS) {
      const [bx, by] = this.pos(pb);
      const f = (t - pa.t) / (pb.t - pa.t);
      x += (bx - x) * f;
      y += (by - y) * f;
    }
    this.cursor.hidden = false;
    this.cursor.style.transform = `translate(${x}px, ${y}px)`;
    // Drop what can no longer be shown, keeping the anchor entry.
    let drop = 0;
    while (drop < a && tr[drop]!.t < t - KEEP_MS) drop++;
    if (drop > 0) tr.splice(0, drop);
  }

  private pos(e: Entry): [number, number] {
    if (e.ox === undefined || e.oy === undefined) [e.ox, e.oy] = this.locate(e.n);
    return [e.x + e.ox, e.y + e.oy];
  }

  private ripple(e: Entry): void {
    const [x, y] = this.pos(e);
    const r = this.layer.ownerDocument.createElement('div');
    r.className = 'ripple';
    r.style.left = `${x}px`;
    r.style.top = `${y}px`;
    this.layer.appendChild(r);
    setTimeout(() => r.remove(), 700);
  }
}
