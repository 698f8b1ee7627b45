// TimelineBar is the seek bar: progress, inactive periods shaded, and
// markers (key events from the engine, tab switches, session boundaries,
// and the host's own notes/reactions). Clicking or dragging seeks; clicking
// a marker seeks to it.

export interface Marker {
  /** stable id (the host's own ids are kept; others are generated) */
  id?: string;
  offsetMs: number;
  /** e.g. pageview, click, input, rage_click, dead_click, custom, tab_switch, session, note, reaction */
  kind: string;
  label?: string;
  color?: string;
}

export class TimelineBar {
  readonly el: HTMLElement;
  private readonly shade: HTMLElement;
  private readonly marks: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly knob: HTMLElement;
  private duration = 0;
  private dragging = false;

  constructor(
    doc: Document,
    private readonly onSeek: (offsetMs: number) => void,
  ) {
    const div = (cls: string): HTMLElement => {
      const d = doc.createElement('div');
      d.className = cls;
      return d;
    };
    this.el = div('bar');
    this.el.setAttribute('part', 'timeline');
    this.el.setAttribute('role', 'slider');
    this.el.setAttribute('aria-label', 'Seek');
    this.el.tabIndex = -1; // the player's own keys drive it
    this.shade = div('shades');
    this.fill = div('fill');
    this.marks = div('marks');
    this.knob = div('knobtrack');
    this.knob.append(div('knob'));
    this.el.append(this.shade, this.fill, this.marks, this.knob);
    this.el.addEventListener('pointerdown', (e) => {
      const m = (e.target as HTMLElement).closest<HTMLElement>('.marker');
      if (m?.dataset.offset) {
        this.onSeek(Number(m.dataset.offset));
        return;
      }
      this.dragging = true;
      this.el.setPointerCapture(e.pointerId);
      this.seekAt(e.clientX);
    });
    this.el.addEventListener('pointermove', (e) => {
      if (this.dragging) this.seekAt(e.clientX);
    });
    const stop = (e: PointerEvent): void => {
      this.dragging = false;
      if (this.el.hasPointerCapture(e.pointerId)) this.el.releasePointerCapture(e.pointerId);
    };
    this.el.addEventListener('pointerup', stop);
    this.el.addEventListener('pointercancel', stop);
  }

  private seekAt(clientX: number): void {
    const r = this.el.getBoundingClientRect();
    if (r.width <= 0 || this.duration <= 0) return;
    const f = Math.max(0, Math.min(1, (clientX - r.left) / r.width));
    this.onSeek(f * this.duration);
  }

  private frac(ms: number): number {
    return this.duration > 0 ? Math.max(0, Math.min(1, ms / this.duration)) : 0;
  }

  private pct(ms: number): string {
    return `${this.frac(ms) * 100}%`;
  }

  setDuration(ms: number): void {
    this.duration = ms;
    this.el.setAttribute('aria-valuemax', String(Math.round(ms)));
  }

  setProgress(ms: number): void {
    // Transforms, not width/left: progress moves on every seek and frame,
    // and must not lay out the bar (and its many markers) each time.
    const f = this.frac(ms);
    this.fill.style.transform = `scaleX(${f})`;
    this.knob.style.transform = `translateX(${f * 100}%)`;
    this.el.setAttribute('aria-valuenow', String(Math.round(ms)));
  }

  setInactive(periods: { startMs: number; endMs: number }[]): void {
    const doc = this.el.ownerDocument;
    this.shade.replaceChildren(
      ...periods.map((p) => {
        const d = doc.createElement('div');
        d.className = 'inactive';
        d.title = 'inactive';
        d.style.left = this.pct(p.startMs);
        d.style.width = `calc(${this.pct(p.endMs)} - ${this.pct(p.startMs)})`;
        return d;
      }),
    );
  }

  setMarkers(markers: Marker[]): void {
    const doc = this.el.ownerDocument;
    this.marks.replaceChildren(
      ...markers.map((m) => {
        const d = doc.createElement('div');
        d.className = 'marker';
        d.dataset.kind = m.kind;
        d.dataset.offset = String(m.offsetMs);
        if (m.id) d.dataset.id = m.id;
        d.title = m.label ? `${m.label} (${formatTime(m.offsetMs)})` : `${m.kind} (${formatTime(m.offsetMs)})`;
        d.style.left = this.pct(m.offsetMs);
        if (m.color) d.style.background = m.color;
        return d;
      }),
    );
  }
}

/** formatTime renders ms as m:ss, or h:mm:ss past an hour. */
export function formatTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
