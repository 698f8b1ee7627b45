// Playback owns the play clock and drives the engine: seek → a frame,
// playing → Advance each animation frame, the skip plan, tab following and
// live mode. It has no UI; the element listens to its events. All replay
// semantics (what changes when, which tab is active, what is inactive) come
// from the engine; this file only decides *when* to ask.
import { DECODING, INDEXED, type Engine } from './engine.js';
import type { Painter } from './painter.js';
import type { PointerLayer } from './pointer.js';
import type { Advance, Frame, Info, Timeline } from './protocol.js';

/** How far ahead of the playhead pointer positions are fetched (recording ms). */
const POINTER_LOOKAHEAD_MS = 1000;
/** Longest wall-clock step of one tick: a throttled background tab resumes, not leaps. */
const MAX_TICK_MS = 250;
/** Live: recompute the timeline at most this often (it replays every tab). */
const LIVE_TIMELINE_EVERY_MS = 3000;
/** Events per keyframe-build step: a few ms of work between frames. */
const INDEX_STEP_EVENTS = 2000;

export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;

export interface Hooks {
  engine: Engine;
  painter: Painter;
  pointer: PointerLayer;
  /** the recorded viewport size changed */
  viewport(w: number, h: number): void;
}

/** Timings (ms) of the last open, seek and timeline computation, of the keyframe build and the idle warm-up, and the nodes the last seek kept. */
export interface PlaybackStats {
  openMs: number;
  /** the last seek: all of it, the engine's part (with reading its answer), and the painter's scrolling (mostly forced style and layout) */
  seekMs: number;
  seekEngineMs: number;
  seekScrollMs: number;
  timelineMs: number;
  indexMs: number;
  reusedNodes: number;
  /** how the last seek reached the painter: a patch (ops from what was shown) or a whole frame */
  seekKind: 'patch' | 'frame';
  warmMs: number;
}

export function emptyStats(): PlaybackStats {
  return { openMs: 0, seekMs: 0, seekEngineMs: 0, seekScrollMs: 0, timelineMs: 0, indexMs: 0, reusedNodes: 0, seekKind: 'frame', warmMs: 0 };
}

export class Playback extends EventTarget {
  session = 0;
  info: Info | null = null;
  timeline: Timeline | null = null;
  shownTab = '';
  followTab = true;
  time = 0;
  playing = false;
  speed = 1;
  skipInactive = true;
  live = false;
  followLive = false;
  /** what opening, the last seek and the timeline cost (ms), for the benchmark and curious hosts */
  readonly stats: PlaybackStats = emptyStats();

  private cursors = new Map<string, number>();
  private pointerCursor = 0;
  private pointerAt = -1; // where pointerCursor stands, -1 = must re-seek
  /**
   * The cursor whose output the painter shows, all of it applied (0 when
   * unsure): a seek on it can come as a patch. With the painter's missed
   * count and held nodes when it last painted a whole frame.
   */
  private shownBy = 0;
  /** false: every seek paints a whole frame (for comparisons) */
  patchSeeks = true;
  private missedAt = 0;
  private heldAtFrame = 0;
  private raf = 0;
  private last = 0;
  private timelineDue = 0;
  private timelineTimer: ReturnType<typeof setTimeout> | undefined;
  private indexTimer: ReturnType<typeof setTimeout> | undefined;
  /** indexed is true once the engine's keyframes are all built. */
  indexed = false;
  /** decoding is true while the rest of a progressively opened recording is read */
  decoding = false;
  /** the timeline was asked for while decoding: computed once all is in */
  private timelineWanted = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly h: Hooks) {
    super();
  }

  get duration(): number {
    return this.info?.durationMs ?? 0;
  }

  /** The largest offset: everything applied (rrweb's pause(duration + 1)). */
  private get end(): number {
    return this.duration + 1;
  }

  private emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** open replaces the session with a new recording and paints its start. */
  open(data: Uint8Array): void {
    this.pause();
    this.close();
    const e = this.h.engine;
    const t0 = performance.now();
    this.session = e.open(data);
    this.stats.openMs = performance.now() - t0;
    this.info = e.info(this.session);
    this.decoding = !this.info.complete;
    this.timelineWanted = false;
    this.shownTab = this.info.tabs[0] ?? '';
    this.followTab = true;
    this.live = false;
    this.followLive = false;
    const start = this.startTime();
    this.time = start.t;
    if (start.frame) {
      // The probe already built the frame to show: paint it, not a second one.
      this.paintFrame(start.frame, this.cursor(this.shownTab));
      this.h.pointer.reset(this.time);
      this.pointerAt = -1;
    } else {
      this.paintAt(this.time);
    }
    this.emit('durationchange');
    this.emit('timeupdate');
    this.indexed = false;
    this.scheduleIndex();
  }

  /**
   * scheduleIndex builds the engine's keyframes in small steps between
   * frames, after the first one is painted: seeks work all along (they
   * replay from the nearest keyframe built so far) and get faster as it
   * goes, and the page stays responsive.
   */
  private scheduleIndex(): void {
    clearTimeout(this.indexTimer);
    const session = this.session;
    const step = (): void => {
      this.indexTimer = undefined;
      if (!session || session !== this.session) return;
      const t0 = performance.now();
      let status;
      try {
        status = this.h.engine.index(session, INDEX_STEP_EVENTS);
      } catch (err) {
        // The rest of the recording is unreadable: what was decoded stays
        // and gets its keyframes; the host hears why through 'error'.
        const wasDecoding = this.decoding;
        this.decoded();
        this.emit('error', err);
        if (wasDecoding) this.indexTimer = setTimeout(step, 0);
        return;
      }
      this.stats.indexMs += performance.now() - t0;
      if (status !== DECODING && this.decoding) this.decoded();
      if (status === INDEXED) {
        this.warmUp();
        this.indexed = true;
        this.emit('indexed');
      } else this.indexTimer = setTimeout(step, 0);
    };
    this.indexTimer = setTimeout(step, 0);
  }

  /**
   * warmUp runs the seek path while idle, so that the first seek the viewer
   * asks for does not pay for it: the browser compiles engine.wasm in a
   * quick tier first and optimizes what runs hot, and the patch code has
   * not run yet after a fresh first frame. It shows two other times and
   * comes back, all in one task: nothing of it is ever painted. Skipped
   * while playing.
   */
  private warmUp(): void {
    if (this.playing || !this.session) return;
    const t0 = performance.now();
    for (const f of [0.25, 0.75]) this.paintAt(this.duration * f);
    this.paintAt(this.time);
    this.stats.warmMs = performance.now() - t0;
  }

  /**
   * decoded runs once a progressively opened recording is all in: the
   * duration and tabs are final, and the timeline (asked for meanwhile)
   * can be computed.
   */
  private decoded(): void {
    if (!this.decoding) return;
    this.decoding = false;
    for (const w of this.waiters.splice(0)) w();
    const before = this.info;
    this.info = this.h.engine.info(this.session);
    this.emit('durationchange');
    if (this.info.tabs.length !== before?.tabs.length) this.emit('tabs');
    if (this.timelineWanted) {
      this.timelineWanted = false;
      this.scheduleTimeline(0);
    }
  }

  /** whenDecoded resolves once the whole recording is read (at once if it is). */
  whenDecoded(): Promise<void> {
    if (!this.decoding) return Promise.resolve();
    return new Promise((ok) => this.waiters.push(ok));
  }

  /**
   * finishDecoding reads the rest of a progressively opened recording now:
   * a seek or playback past what is decoded must land where it was asked.
   */
  private finishDecoding(): void {
    while (this.decoding) {
      try {
        if (this.h.engine.index(this.session, INDEX_STEP_EVENTS) !== DECODING) this.decoded();
      } catch (err) {
        this.decoded();
        this.emit('error', err);
      }
    }
  }

  /**
   * startTime is where a freshly opened recording shows its first page:
   * offset 0 is usually a Meta event just before the first full snapshot,
   * where nothing is drawn yet, so (like rrweb's poster) the player starts
   * 1 ms after the first full snapshot. The engine says where that is: the
   * first Advance batch that carries a frame.
   */
  private startTime(): { t: number; frame?: Frame } {
    const e = this.h.engine;
    const c = this.cursor(this.shownTab);
    const first = e.seek(c, 0);
    if (first.doc) return { t: 0, frame: first };
    for (const step of [10, 100, 1000, 10000, this.end]) {
      const adv = e.advance(c, Math.min(step, this.end));
      const b = adv.frame ? { t: adv.t, frame: adv.frame } : adv.batches?.find((x) => x.frame?.doc);
      if (b?.frame?.doc) return { t: Math.min(b.t + 1, this.end) };
      if (step >= this.end) break;
    }
    return { t: 0 };
  }

  close(): void {
    if (!this.session) return;
    clearTimeout(this.timelineTimer);
    clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
    try {
      this.h.engine.close(this.session); // closes its cursors too
    } catch {
      // already gone
    }
    this.session = 0;
    this.decoding = false;
    for (const w of this.waiters.splice(0)) w();
    this.cursors.clear();
    this.shownBy = 0;
    this.pointerCursor = 0;
    this.pointerAt = -1;
    this.info = null;
    this.timeline = null;
  }

  /** loadTimeline asks the engine for the timeline (one replay of every tab). */
  loadTimeline(): Timeline | null {
    if (!this.session) return null;
    const t0 = performance.now();
    this.timeline = this.h.engine.timeline(this.session);
    this.stats.timelineMs = performance.now() - t0;
    this.timelineDue = performance.now() + LIVE_TIMELINE_EVERY_MS;
    this.emit('timeline');
    if (this.followTab) {
      const tab = this.activeTabAt(this.time);
      if (tab && tab !== this.shownTab) this.showTab(tab, this.time);
    }
    return this.timeline;
  }

  private cursor(tab: string): number {
    let c = this.cursors.get(tab);
    if (c === undefined) {
      c = this.h.engine.cursor(this.session, tab);
      this.cursors.set(tab, c);
    }
    return c;
  }

  /** activeTabAt reads the engine's active-tab changes (needs the timeline). */
  activeTabAt(t: number): string | null {
    const changes = this.timeline?.activeTab;
    if (!changes || changes.length === 0) return null;
    let tab: string | null = null;
    for (const c of changes) {
      if (c.offsetMs > t) break;
      tab = c.tabId;
    }
    return tab ?? changes[0]!.tabId;
  }

  /** paintFrame paints a whole frame that cursor `from` returned. */
  private paintFrame(f: Frame, from: number): void {
    // Size first: the painter forces a layout (to scroll), and one done at
    // the old size would be thrown away by the resize.
    this.h.viewport(f.w, f.h);
    const p = this.h.painter;
    this.shownBy = 0; // until the frame is in
    p.frame(f);
    this.shownBy = from;
    this.missedAt = p.missed;
    this.heldAtFrame = p.held;
  }

  /**
   * paintAt shows the shown tab's document at t (a seek). When the painter
   * shows all the tab's cursor returned last, the engine answers with the
   * changes from there (a patch) rather than the whole document; a whole
   * frame follows if a change did not land, and now and then anyway, to
   * let go of the nodes the patches left behind.
   */
  private paintAt(t: number): void {
    const t0 = performance.now();
    const e = this.h.engine;
    const p = this.h.painter;
    const c = this.cursor(this.shownTab);
    const patch = this.patchSeeks && this.shownBy === c && p.missed === this.missedAt && p.held <= 2 * this.heldAtFrame + 1000;
    this.shownBy = 0; // until what the cursor returns is all painted
    const f = patch ? e.seekPatch(c, t) : e.seek(c, t);
    this.stats.seekEngineMs = performance.now() - t0;
    this.stats.seekKind = 'frame';
    if ('ops' in f) {
      this.h.viewport(f.w, f.h);
      p.patch(f.ops);
      if (p.missed !== this.missedAt) this.paintFrame(e.seek(c, t), c);
      else {
        this.shownBy = c;
        this.stats.seekKind = 'patch';
      }
    } else this.paintFrame(f, c);
    this.stats.seekMs = performance.now() - t0;
    this.stats.seekScrollMs = this.h.painter.scrollMs;
    this.stats.reusedNodes = this.h.painter.reused;
    this.h.pointer.reset(t);
    this.pointerAt = -1;
  }

  /** seek moves the playhead; playing continues from there. */
  seek(t: number): void {
    if (!this.session) return;
    if (this.decoding && t > this.duration) this.finishDecoding();
    t = Math.max(0, Math.min(t, this.end));
    if (this.live) this.followLive = t >= this.duration;
    const tab = this.followTab ? this.activeTabAt(t) : null;
    const prevTab = this.shownTab;
    if (tab) this.shownTab = tab;
    this.time = t;
    this.paintAt(t);
    if (this.shownTab !== prevTab) this.emit('tabchange', { tab: this.shownTab, from: prevTab });
    this.emit('timeupdate');
  }

  /** selectTab shows a tab by hand and stops following the active one. */
  selectTab(id: string): void {
    if (!this.info?.tabs.includes(id)) throw new Error(`reprise: no tab ${JSON.stringify(id)}`);
    this.followTab = false;
    if (id !== this.shownTab) this.showTab(id, this.time);
  }

  /** setFollowTab turns auto-following of the active tab on or off. */
  setFollowTab(on: boolean): void {
    this.followTab = on;
    if (on) {
      const tab = this.activeTabAt(this.time);
      if (tab && tab !== this.shownTab) this.showTab(tab, this.time);
    }
  }

  private showTab(id: string, t: number): void {
    const from = this.shownTab;
    this.shownTab = id;
    this.paintAt(t);
    this.emit('tabchange', { tab: id, from });
  }

  play(): void {
    if (!this.session || this.playing) return;
    if (!this.live && this.time >= this.duration) this.seek(0);
    this.playing = true;
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.tick);
    this.emit('play');
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.emit('pause');
  }

  private readonly tick = (now: number): void => {
    if (!this.playing) return;
    const dt = Math.min(Math.max(now - this.last, 0), MAX_TICK_MS);
    this.last = now;
    try {
      this.step(this.time + dt * this.speed);
    } catch (err) {
      this.pause();
      this.emit('error', err);
      return;
    }
    if (this.playing) this.raf = requestAnimationFrame(this.tick);
  };

  /**
   * step plays forward to t: skip plan, tab following, Advance, pointer.
   * skip = false applies every event up to t (the element's advanceTo).
   */
  step(t: number, skip = true): void {
    if (this.live && this.followLive) t = this.end;
    if (skip && this.skipInactive && this.timeline && !(this.live && this.followLive)) {
      // The engine's skip plan: reaching fromMs jumps to toMs (a seek, so
      // the cost does not grow with the length of the idle period).
      const s = this.timeline.skips.find((k) => k.fromMs <= t && t < k.toMs);
      if (s) {
        this.emit('skip', { fromMs: this.time, toMs: s.toMs });
        this.seek(s.toMs);
        return;
      }
    }
    let ended = false;
    if (this.decoding && t >= this.end) this.finishDecoding();
    if (t >= this.end) {
      t = this.end;
      if (this.live) this.followLive = true;
      else ended = true;
    }
    const tab = this.followTab ? this.activeTabAt(t) : null;
    if (tab && tab !== this.shownTab) this.showTab(tab, t);
    else {
      const c = this.cursor(this.shownTab);
      this.apply(this.h.engine.advance(c, t), c);
    }
    this.time = t;
    this.pointerAhead(t);
    this.h.pointer.render(t);
    if (this.live && performance.now() > this.timelineDue && this.timelineDue > 0) this.scheduleTimeline(0);
    this.emit('timeupdate');
    if (ended) {
      this.pause();
      this.emit('ended');
    }
  }

  /** apply shows what cursor `from` (the shown tab's) advanced by. */
  private apply(a: Advance, from: number): void {
    if (a.frame) {
      this.paintFrame(a.frame, from);
      return;
    }
    for (const b of a.batches ?? []) {
      if (b.frame) this.paintFrame(b.frame, from);
      else if (b.vp) this.h.viewport(b.vp[0], b.vp[1]);
      else if (b.ops) this.h.painter.apply(b.ops);
    }
  }

  /**
   * pointerAhead fetches pointer entries up to a second past the playhead:
   * rrweb emits mouse positions in batches up to 500 ms after they were
   * sampled, so entries from the main cursor alone would arrive late. A
   * second engine cursor runs ahead and only its pointer list is used.
   */
  private pointerAhead(t: number): void {
    const e = this.h.engine;
    const to = Math.min(t + POINTER_LOOKAHEAD_MS, this.end);
    if (!this.pointerCursor) this.pointerCursor = e.cursor(this.session, this.shownTab);
    if (this.pointerAt < 0) {
      this.close1(this.pointerCursor);
      this.pointerCursor = e.cursor(this.session, this.shownTab);
      e.seek(this.pointerCursor, t);
      this.pointerAt = t;
    }
    if (to <= this.pointerAt) return;
    const a = e.advance(this.pointerCursor, to);
    this.pointerAt = to;
    this.h.pointer.add(a.pointer?.filter((p) => p.t >= t - POINTER_LOOKAHEAD_MS));
  }

  private close1(h: number): void {
    try {
      this.h.engine.close(h);
    } catch {
      // already closed with its session
    }
  }

  /** append adds live events; the player enters live mode. */
  append(data: Uint8Array, tab?: string): number {
    if (!this.session) throw new Error('reprise: append before load');
    const n = this.h.engine.append(this.session, tab || this.shownTab || this.info?.tabs[0] || 'tab-1', data);
    const before = this.info;
    this.info = this.h.engine.info(this.session);
    if (!this.live) {
      this.live = true;
      this.followLive = this.time >= (before?.durationMs ?? 0);
      this.emit('live');
    }
    this.emit('durationchange');
    if (this.info.tabs.length !== before?.tabs.length) this.emit('tabs');
    this.scheduleTimeline(Math.max(0, this.timelineDue - performance.now()));
    return n;
  }

  /** startLive enters live mode at the newest event and plays on as events arrive. */
  startLive(): void {
    if (!this.live) {
      this.live = true;
      this.emit('live');
    }
    this.returnToLive();
  }

  /** returnToLive jumps to the newest event and keeps following it. */
  returnToLive(): void {
    this.followLive = true;
    this.seek(this.end);
    this.play();
  }

  /** endLive leaves live mode: the recording is complete. */
  endLive(): void {
    this.live = false;
    this.followLive = false;
    this.emit('live');
  }

  /** scheduleTimeline recomputes the timeline off the current call stack. */
  scheduleTimeline(delay: number): void {
    if (this.decoding) {
      this.timelineWanted = true; // it replays every event: wait for all of them
      return;
    }
    if (this.timelineTimer !== undefined) return;
    this.timelineTimer = setTimeout(() => {
      this.timelineTimer = undefined;
      try {
        this.loadTimeline();
      } catch (err) {
        this.emit('error', err);
      }
    }, delay);
  }
}
