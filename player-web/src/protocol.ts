// The JSON the engine hands the player (engine/internal/vdom/frame.go is the
// spec; engine/cursor.go wraps it in frames and advance results; the
// timeline comes from engine/timeline.go). Types only: no behaviour here.

/** A node of a frame, addressed by its engine handle `h`. */
export interface VNode {
  h: number;
  k: 'doc' | 'dt' | 'el' | 'tx' | 'cm' | 'sr';
  /** children (doc, sr, el) */
  c?: VNode[];
  /** adopted style sheets' CSS texts (doc, sr) */
  ad?: string[];
  /** quirks mode (doc) */
  bc?: 1;
  /** doctype name, public id, system id (dt) */
  n?: string;
  p?: string;
  s?: string;
  /** tag (el) */
  t?: string;
  /** SVG namespace (el) */
  svg?: 1;
  /** attributes, flattened [name, value, …] (el) */
  a?: string[];
  /** shadow root (el) */
  sr?: VNode;
  /** iframe document (el) */
  fd?: VNode;
  /** a <style>'s CSS as it renders (el) */
  css?: string;
  /** text/comment data (tx, cm); live value (textarea, input) */
  v?: string;
  /** live checkedness (input) */
  ck?: boolean;
  /** selected option indexes (select) */
  sel?: number[];
  /** scroll position */
  sx?: number;
  sy?: number;
}

/** The whole DOM of one tab at time t (ms after the session's first event). */
export interface Frame {
  tab: string;
  t: number;
  href: string;
  /** recorded viewport width and height */
  w: number;
  h: number;
  /** null before the tab's first full snapshot */
  doc: VNode | null;
}

/**
 * A seek answered as changes to what the player shows (the cursor's last
 * output, all of it applied): ops that turn the shown document into the
 * one at t (engine/internal/vdom/diff.go).
 */
export interface Patch {
  tab: string;
  t: number;
  href: string;
  w: number;
  h: number;
  ops: Op[];
}

/** A kids op's child that takes over the node held under handle m as handle h. */
export interface Takeover {
  h: number;
  m: number;
}

export interface FormState {
  v?: string;
  ck?: boolean;
  sel?: number[];
}

export type Op =
  | { o: 'kids'; n: number; c: (number | VNode | Takeover)[] }
  | { o: 'attrs'; n: number; a: string[] }
  | { o: 'text'; n: number; v: string }
  | { o: 'css'; n: number; v: string }
  | { o: 'form'; n: number; f: FormState }
  | { o: 'scroll'; n: number; x: number; y: number }
  | { o: 'adopt'; n: number; v: string[] }
  | { o: 'doc'; n: number; d: VNode }
  | { o: 'shadow'; n: number; d: VNode };

/** One event's worth of change: ops, a new full snapshot, or a viewport change. */
export interface Batch {
  t: number;
  ops?: Op[];
  frame?: Frame;
  vp?: [number, number];
}

/** A pointer position or interaction; x/y are in the viewport of node n's document. */
export interface PointerEntry {
  t: number;
  x: number;
  y: number;
  n: number;
  /** "move", or the rrweb MouseInteraction name in lower case ("click", …) */
  k: string;
}

/** Result of Cursor.Advance: a frame (moved backwards / live insertion) or batches. */
export interface Advance {
  t: number;
  frame?: Frame;
  batches?: Batch[];
  pointer?: PointerEntry[];
}

export interface Span {
  id: string;
  startMs: number;
  endMs: number;
  tabs: string[];
}

export interface Info {
  durationMs: number;
  firstTimestamp: number;
  tabs: string[];
  spans: Span[];
  format: string;
  gzip: boolean;
  packed: boolean;
  /** false while a progressively opened recording is still being decoded */
  complete: boolean;
}

export interface KeyEvent {
  offsetMs: number;
  tabId: string;
  kind: string;
  name: string;
  target?: { tag?: string; id?: string; text?: string; selector?: string; label?: string; name?: string };
  props?: Record<string, unknown>;
}

export interface Timeline {
  durationMs: number;
  activeMs: number;
  thresholdMs: number;
  inactive: { startMs: number; endMs: number }[];
  skips: { fromMs: number; toMs: number }[];
  activeTab: { offsetMs: number; tabId: string }[];
  keyEvents: KeyEvent[];
}
