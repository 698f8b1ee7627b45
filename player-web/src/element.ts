// <reprise-player>: the embeddable, framework-free player element. It wires
// the shadow-DOM UI to Playback and exposes the public JS API (documented in
// player-web/README.md). Replay content is painted into a sandboxed iframe
// (sandbox="allow-same-origin", never allow-scripts); the cursor, ripples
// and every control live outside it, in this element's shadow root.
import { Engine, loadEngine } from './engine.js';
import { Painter } from './painter.js';
import { emptyStats, Playback, SPEEDS, type PlaybackStats } from './playback.js';
import { PointerLayer } from './pointer.js';
import type { Info, KeyEvent, Timeline } from './protocol.js';
import { toBytes, valueBytes, type Source } from './source.js';
import { formatTime, TimelineBar, type Marker } from './timeline-bar.js';
import { MARKUP, STYLE } from './ui.js';
import { onKey } from './keys.js';

export type { Marker };

export class ReprisePlayerElement extends HTMLElement {
  static get observedAttributes(): string[] {
    return ['src'];
  }

  private readonly root: ShadowRoot;
  private readonly iframe: HTMLIFrameElement;
  private readonly stage: HTMLElement;
  private readonly viewportEl: HTMLElement;
  private readonly message: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly tabsEl: HTMLElement;
  private readonly timeEl: HTMLElement;
  private readonly clockEl: HTMLElement;
  private readonly bar: TimelineBar;
  private readonly painter: Painter;
  private pointer: PointerLayer;
  private pb: Playback | null = null;
  private engine: Engine | null = null;
  private recW = 1024;
  private recH = 576;
  /** the recorded size the stage was last fitted for */
  private stageW = 0;
  private stageH = 0;
  private clockFmt: Intl.DateTimeFormat | undefined;
  private hostMarkers: Marker[] = [];
  private markerSeq = 0;
  private readonly opts = { speed: 1, skipInactive: true };
  private loadSeq = 0;
  private readonly resize = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1]?.contentRect;
    if (r) this.box = { w: r.width, h: r.height };
    this.fit();
  });
  /** the viewport element's size as last observed (reading it would force a layout) */
  private box: { w: number; h: number } | null = null;
  private badgeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.root.adoptedStyleSheets = [sheet];
    this.root.innerHTML = MARKUP;
    const q = <T extends Element>(sel: string): T => this.root.querySelector<T>(sel)!;
    this.iframe = q('iframe');
    this.stage = q('.stage');
    this.viewportEl = q('.viewport');
    this.message = q('.message');
    this.badge = q('.badge');
    this.tabsEl = q('.tabs');
    this.timeEl = q('.time');
    this.clockEl = q('.clock');
    this.bar = new TimelineBar(document, (ms) => void this.seek(ms));
    q('.barslot').replaceWith(this.bar.el);
    this.painter = new Painter(this.iframe);
    this.pointer = new PointerLayer(q('.overlay'), (h) => this.locate(h));
    this.root.addEventListener('click', (e) => this.onClick(e));
    this.root.addEventListener('change', (e) => {
      const t = e.target as HTMLInputElement;
      if (t.dataset.action === 'skip') this.skipInactive = t.checked;
    });
    this.addEventListener('keydown', (e) => onKey(this, e));
    this.setStage(this.recW, this.recH);
  }

  connectedCallback(): void {
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.resize.observe(this.viewportEl);
    // Moving the element re-creates its iframe's document: repaint it.
    if (this.pb?.session) this.pb.seek(this.pb.time);
  }

  disconnectedCallback(): void {
    this.resize.disconnect();
    this.pb?.pause();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'src' && value && value !== old) void this.load(value).catch(() => {});
  }

  // ---- public API -------------------------------------------------------

  /**
   * load opens a recording: a URL (fetched), Blob, ArrayBuffer/Uint8Array
   * (any format the engine decodes, gzip included), an array of rrweb events
   * or a session document object. The first frame is shown as soon as the
   * start of the recording is read ('firstframe' event); load resolves once
   * all of it is ('load' event): duration, tabs and seeks are then final. A
   * recording that turns out unreadable part-way stays open up to the
   * defect, with an 'error' event saying why.
   * Options: live — start in live mode at the newest event (then feed it
   * with append()); startMs — start there instead of the first page.
   */
  async load(src: Source, opts: { live?: boolean; startMs?: number } = {}): Promise<void> {
    const seq = ++this.loadSeq;
    this.showMessage('Loading…');
    try {
      const [engine, bytes] = await Promise.all([this.ensureEngine(), toBytes(src)]);
      if (seq !== this.loadSeq) return; // a newer load() won
      const pb = this.playback(engine);
      pb.open(bytes);
      if (opts.live) pb.startLive();
      else if (opts.startMs !== undefined) pb.seek(opts.startMs);
      this.showMessage('');
      this.renderTabs();
      this.renderTime();
      // The first frame is in the document; a long recording's rest is
      // still being read in steps between frames (so it gets painted).
      this.dispatchEvent(new CustomEvent('firstframe'));
      await pb.whenDecoded();
      if (seq !== this.loadSeq) return;
      this.renderTabs();
      this.renderTime();
      this.dispatchEvent(new CustomEvent('load', { detail: this.info }));
      // The timeline replays every tab once: do it after the first frame is
      // on screen, so opening stays as fast as one seek.
      this.pb!.scheduleTimeline(0);
    } catch (err) {
      if (seq === this.loadSeq) this.showMessage(`Cannot open this recording: ${(err as Error).message}`);
      throw err;
    }
  }

  /** seek moves to offsetMs (ms after the first event); resolves once painted. */
  async seek(offsetMs: number): Promise<void> {
    this.requirePlayback().seek(offsetMs);
  }

  /**
   * advanceTo moves forward to offsetMs the way playback does — applying
   * the engine's change ops to the painted document instead of rebuilding
   * it (backwards it repaints a frame). For frame stepping and tests.
   */
  async advanceTo(offsetMs: number): Promise<void> {
    const pb = this.requirePlayback();
    if (offsetMs < pb.time) pb.seek(offsetMs);
    else pb.step(offsetMs, false);
  }

  play(): void {
    this.requirePlayback().play();
  }

  pause(): void {
    this.pb?.pause();
  }

  get paused(): boolean {
    return !this.pb?.playing;
  }

  get speed(): number {
    return this.opts.speed;
  }
  set speed(v: number) {
    if (!(v > 0)) throw new RangeError('reprise: speed must be > 0');
    this.opts.speed = v;
    if (this.pb) this.pb.speed = v;
    this.renderControls();
  }

  /** setSpeed is `speed = v` as a method (DESIGN.md's name for it). */
  setSpeed(v: number): void {
    this.speed = v;
  }

  get skipInactive(): boolean {
    return this.opts.skipInactive;
  }
  set skipInactive(v: boolean) {
    this.opts.skipInactive = v;
    if (this.pb) this.pb.skipInactive = v;
    this.renderControls();
  }

  get currentTime(): number {
    return Math.min(this.pb?.time ?? 0, this.duration);
  }
  set currentTime(ms: number) {
    void this.seek(ms);
  }

  get duration(): number {
    return this.pb?.duration ?? 0;
  }

  get info(): Info | null {
    return this.pb?.info ?? null;
  }

  get timeline(): Timeline | null {
    return this.pb?.timeline ?? null;
  }

  get tabs(): string[] {
    return [...(this.pb?.info?.tabs ?? [])];
  }

  /** the tab being shown */
  get tab(): string {
    return this.pb?.shownTab ?? '';
  }

  /** selectTab shows a tab by hand (auto-follow turns off; followActiveTab = true resumes). */
  selectTab(id: string): void {
    this.requirePlayback().selectTab(id);
    this.renderTabs();
  }

  get followActiveTab(): boolean {
    return this.pb?.followTab ?? true;
  }
  set followActiveTab(on: boolean) {
    this.requirePlayback().setFollowTab(on);
    this.renderTabs();
  }

  /** The replay iframe's document of the tab being shown. */
  get contentDocument(): Document | null {
    return this.iframe.contentDocument;
  }

  /**
   * append adds live events (an event array, a session document, bytes in
   * any format the engine decodes, or NDJSON text) to tabId (default: the
   * shown tab; a session document names its own tabs) and enters live mode.
   * It shadows Element.append, so DOM nodes passed to it are still appended
   * as children; appendEvents is the unambiguous spelling.
   */
  override append(...nodes: (string | Node)[]): void;
  override append(events: Source, tabId?: string): number;
  override append(...args: unknown[]): number | void {
    if (args.length > 0 && args[0] instanceof Node) {
      super.append(...(args as Node[]));
      return;
    }
    return this.appendEvents(args[0] as Source, args[1] as string | undefined);
  }

  appendEvents(events: Source, tabId?: string): number {
    if (events instanceof URL || events instanceof Blob) {
      throw new TypeError('reprise: append takes events, bytes or NDJSON text, not a URL or Blob');
    }
    const n = this.requirePlayback().append(valueBytes(events), tabId);
    this.renderControls();
    return n;
  }

  get live(): boolean {
    return this.pb?.live ?? false;
  }

  /** true while a live session follows its newest events */
  get atLiveEdge(): boolean {
    return !!this.pb?.live && this.pb.followLive;
  }

  returnToLive(): void {
    this.requirePlayback().returnToLive();
  }

  endLive(): void {
    this.pb?.endLive();
  }

  /** setMarkers replaces the host's markers (notes, reactions, anything). */
  setMarkers(markers: Marker[]): void {
    this.hostMarkers = markers.map((m) => ({ ...m, id: m.id ?? `m${++this.markerSeq}` }));
    this.renderMarkers();
  }

  /** addMarker adds one host marker and returns its id. */
  addMarker(m: Marker): string {
    const id = m.id ?? `m${++this.markerSeq}`;
    this.hostMarkers.push({ ...m, id });
    this.renderMarkers();
    return id;
  }

  removeMarker(id: string): void {
    this.hostMarkers = this.hostMarkers.filter((m) => m.id !== id);
    this.renderMarkers();
  }

  get markers(): Marker[] {
    return this.hostMarkers.map((m) => ({ ...m }));
  }

  /** indexed is true once the engine has built every keyframe (seeks are then fastest). */
  get indexed(): boolean {
    return this.pb?.indexed ?? false;
  }

  /** timings (ms) of the last open, seek, timeline computation and idle warm-up of the seek path, and the nodes the last seek kept */
  get stats(): PlaybackStats {
    return { ...(this.pb?.stats ?? emptyStats()) };
  }

  /** key events from the engine's timeline (empty until it is computed) */
  get keyEvents(): KeyEvent[] {
    return this.pb?.timeline?.keyEvents ?? [];
  }

  toggleFullscreen(): void {
    if (document.fullscreenElement === this) void document.exitFullscreen();
    else void this.requestFullscreen?.();
  }

  // ---- wiring ----------------------------------------------------------

  private async ensureEngine(): Promise<Engine> {
    this.engine ??= await loadEngine(this.getAttribute('engine-url') ?? undefined);
    return this.engine;
  }

  private requirePlayback(): Playback {
    if (!this.pb?.session) throw new Error('reprise: no recording loaded (call load() first)');
    return this.pb;
  }

  private playback(engine: Engine): Playback {
    if (this.pb) return this.pb;
    const pb = new Playback({
      engine,
      painter: this.painter,
      pointer: this.pointer,
      viewport: (w, h) => this.setStage(w, h),
    });
    // Settings made before the first load() carry over.
    pb.speed = this.opts.speed;
    pb.skipInactive = this.opts.skipInactive;
    const forward = (type: string): void => {
      pb.addEventListener(type, (e) => {
        this.dispatchEvent(new CustomEvent(type, { detail: (e as CustomEvent).detail }));
      });
    };
    for (const t of ['timeupdate', 'play', 'pause', 'ended', 'tabchange', 'skip', 'durationchange', 'error', 'indexed']) forward(t);
    pb.addEventListener('timeupdate', () => this.renderTime());
    pb.addEventListener('play', () => this.renderControls());
    pb.addEventListener('pause', () => this.renderControls());
    pb.addEventListener('durationchange', () => {
      this.bar.setDuration(pb.duration);
      this.renderMarkers();
      this.renderTime();
    });
    pb.addEventListener('timeline', () => {
      this.bar.setInactive(pb.timeline?.inactive ?? []);
      this.renderMarkers();
      this.renderTabs();
      this.dispatchEvent(new CustomEvent('timeline', { detail: pb.timeline }));
    });
    pb.addEventListener('tabchange', () => this.renderTabs());
    pb.addEventListener('tabs', () => this.renderTabs());
    pb.addEventListener('live', () => this.renderControls());
    pb.addEventListener('skip', (e) => {
      const d = (e as CustomEvent<{ fromMs: number; toMs: number }>).detail;
      this.flash(`Skipped ${formatTime(d.toMs - d.fromMs)} of inactivity`);
    });
    pb.addEventListener('error', (e) => this.showMessage(String((e as CustomEvent).detail)));
    this.pb = pb;
    this.renderControls();
    return pb;
  }

  private onClick(e: Event): void {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-action],[data-tab]');
    if (!b || !this.pb?.session) return;
    if (b.dataset.tab !== undefined) {
      this.selectTab(b.dataset.tab);
      return;
    }
    switch (b.dataset.action) {
      case 'play':
        if (this.pb.playing) this.pause();
        else this.play();
        break;
      case 'back':
        void this.seek(this.currentTime - 10_000);
        break;
      case 'forward':
        void this.seek(this.currentTime + 10_000);
        break;
      case 'speed':
        this.speed = Number(b.dataset.speed);
        break;
      case 'fullscreen':
        this.toggleFullscreen();
        break;
      case 'live':
        this.returnToLive();
        break;
      case 'follow':
        this.followActiveTab = !this.followActiveTab;
        break;
    }
  }

  /** locate is the replay-viewport offset of the document holding handle h. */
  private locate(h: number): [number, number] {
    let n = this.painter.node(h);
    const top = this.iframe.contentDocument;
    let doc = n ? (n.nodeType === Node.DOCUMENT_NODE ? (n as Document) : n.ownerDocument) : null;
    let x = 0;
    let y = 0;
    for (let guard = 0; doc && doc !== top && guard < 16; guard++) {
      const fe = doc.defaultView?.frameElement;
      if (!fe) break;
      const r = fe.getBoundingClientRect();
      x += r.left + fe.clientLeft;
      y += r.top + fe.clientTop;
      doc = fe.ownerDocument;
      n = fe;
    }
    return [x, y];
  }

  private setStage(w: number, h: number): void {
    if (w > 0 && h > 0) {
      this.recW = w;
      this.recH = h;
    }
    // Every frame names its viewport; refitting reads the element's size,
    // a layout of the host page, so only when the size changed.
    if (this.stageW === this.recW && this.stageH === this.recH) return;
    this.stageW = this.recW;
    this.stageH = this.recH;
    this.stage.style.width = `${this.recW}px`;
    this.stage.style.height = `${this.recH}px`;
    this.fit();
  }

  /** fit scales the recorded viewport to the element, centred. */
  private fit(): void {
    const W = this.box?.w ?? this.viewportEl.clientWidth;
    const H = this.box?.h ?? this.viewportEl.clientHeight;
    if (W <= 0 || H <= 0) return;
    const s = Math.min(W / this.recW, H / this.recH);
    const left = (W - this.recW * s) / 2;
    const top = (H - this.recH * s) / 2;
    this.stage.style.transform = `translate(${left}px, ${top}px) scale(${s})`;
  }

  private showMessage(text: string): void {
    this.message.textContent = text;
  }

  private flash(text: string): void {
    this.badge.textContent = text;
    this.badge.hidden = false;
    clearTimeout(this.badgeTimer);
    this.badgeTimer = setTimeout(() => {
      this.badge.hidden = true;
    }, 1500);
  }

  private renderTime(): void {
    const pb = this.pb;
    if (!pb?.info) return;
    const t = this.currentTime;
    // Writes only what changed: each write lays out the control row again,
    // and seeks and frames come often.
    setText(this.timeEl, `${formatTime(t)} / ${formatTime(pb.duration)}`);
    // One formatter per element: toLocaleTimeString builds one per call.
    this.clockFmt ??= new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });
    setText(this.clockEl, this.clockFmt.format(pb.info.firstTimestamp + t));
    this.clockEl.title = new Date(pb.info.firstTimestamp + t).toISOString();
    this.bar.setProgress(t);
    this.renderTabsActive();
    this.renderLive();
  }

  private renderControls(): void {
    const pb = this.pb;
    const play = this.root.querySelector<HTMLElement>('[data-action=play]')!;
    play.textContent = pb?.playing ? '❚❚' : '▶';
    play.title = pb?.playing ? 'Pause (space)' : 'Play (space)';
    play.setAttribute('aria-label', pb?.playing ? 'Pause' : 'Play');
    for (const b of this.root.querySelectorAll<HTMLElement>('[data-action=speed]')) {
      b.setAttribute('aria-pressed', String(Number(b.dataset.speed) === this.speed));
    }
    this.root.querySelector<HTMLInputElement>('[data-action=skip]')!.checked = this.skipInactive;
    this.renderLive();
  }

  private renderLive(): void {
    const live = this.root.querySelector<HTMLElement>('[data-action=live]')!;
    const hidden = !this.pb?.live;
    if (live.hidden !== hidden) live.hidden = hidden;
    const edge = this.atLiveEdge;
    if (live.getAttribute('aria-pressed') !== String(edge)) live.setAttribute('aria-pressed', String(edge));
    setText(live, edge ? '● LIVE' : 'Return to live');
  }

  private renderTabs(): void {
    const pb = this.pb;
    const tabs = pb?.info?.tabs ?? [];
    this.tabsEl.hidden = tabs.length < 2;
    if (tabs.length < 2) return;
    const active = pb?.activeTabAt(pb.time);
    const doc = this.root.ownerDocument;
    const buttons = tabs.map((id) => {
      const b = doc.createElement('button');
      b.type = 'button';
      b.dataset.tab = id;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(id === pb?.shownTab));
      if (id === active) b.classList.add('active');
      b.title = id === active ? `${id} (active tab)` : id;
      b.textContent = id;
      return b;
    });
    const follow = doc.createElement('button');
    follow.type = 'button';
    follow.className = 'follow';
    follow.dataset.action = 'follow';
    follow.setAttribute('aria-pressed', String(pb?.followTab ?? true));
    follow.textContent = 'Follow active tab';
    this.tabsEl.replaceChildren(...buttons, follow);
  }

  private renderMarkers(): void {
    const pb = this.pb;
    const out: Marker[] = [];
    for (const k of pb?.timeline?.keyEvents ?? []) {
      out.push({ offsetMs: k.offsetMs, kind: k.kind, label: describe(k) });
    }
    const spans = pb?.info?.spans ?? [];
    for (let i = 1; i < spans.length; i++) {
      out.push({ offsetMs: spans[i]!.startMs, kind: 'session', label: `Session ${spans[i]!.id || i + 1}` });
    }
    out.push(...this.hostMarkers);
    this.bar.setMarkers(out);
    if (this.pb) this.renderTabsActive();
  }

  private renderTabsActive(): void {
    // The active tab can change with time: keep the dot current cheaply.
    const active = this.pb?.activeTabAt(this.pb.time);
    for (const b of this.tabsEl.querySelectorAll<HTMLElement>('[data-tab]')) {
      b.classList.toggle('active', b.dataset.tab === active);
    }
  }

  /** for keys.ts */
  stepKeyEvent(dir: 1 | -1): void {
    const t = this.currentTime;
    const evs = this.keyEvents.filter((k) => k.kind !== 'click' && k.kind !== 'input');
    const list = evs.length ? evs : this.keyEvents;
    if (list.length === 0) {
      void this.seek(t + dir * 60_000);
      return;
    }
    const next = dir > 0 ? list.find((k) => k.offsetMs > t + 1) : [...list].reverse().find((k) => k.offsetMs < t - 1000);
    void this.seek(next ? next.offsetMs : dir > 0 ? this.duration : 0);
  }

  static readonly speeds = SPEEDS;
}

function describe(k: KeyEvent): string {
  const target = k.target ? ` ${k.target.text || k.target.label || k.target.selector || k.target.tag || ''}` : '';
  return `${k.kind}: ${k.name}${target}`.trim();
}

/** setText sets el's text only when it differs (a write costs a layout). */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
