// Painter builds and updates the replay document from the engine's node JSON
// and ops (engine/internal/vdom/frame.go is the spec; engine/cursor_test.go
// holds the Go model this mirrors: frame + ops must equal a fresh frame).
//
// It knows no rrweb semantics: it keeps a handle → Node map and does what
// each op says. Nodes are built with DOM APIs, never document.write/srcdoc,
// so shadow roots, adopted sheets and live form state survive.
//
// Security: the replay document lives in an iframe sandboxed without
// allow-scripts (nested iframes inherit that sandbox: HTML's sandboxing
// flags of a child browsing context include its parent document's), so
// nothing in it can run. On top of that, and in case the engine ever let one
// through, the painter never creates <script> and never sets event-handler
// attributes, iframe src/srcdoc or a refresh/CSP <meta>.
import type { FormState, Frame, Op, VNode } from './protocol.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** how far along a painted child list a new child looks for a node to take over */
const POSITIONAL_LOOKAHEAD = 4;

/** Work that must wait until freshly built nodes are in their document. */
interface Pending {
  iframes: [HTMLIFrameElement, VNode][];
  scroll: [Node, number, number][];
}

/** A nested iframe's document as built, to re-home it if the browser drops it. */
interface FrameDoc {
  doc: Document;
  h: number;
  ad: string[];
}

// Chromium's state-preserving move (an iframe moved with insertBefore loses
// its document; moveBefore keeps it). Not yet in TypeScript's DOM types.
interface MoveBefore {
  moveBefore(node: Node, child: Node | null): void;
}

export class Painter {
  private nodes = new Map<number, Node>();
  private frameDocs = new Map<HTMLIFrameElement, FrameDoc>();
  /** iframes built while detached: filled once they are connected */
  private unborn = new Map<HTMLIFrameElement, VNode>();
  /** the painted nodes by handle while a frame is reconciled against them, else null */
  private reuse: Map<number, Node> | null = null;
  /** painted node → its handle, and the handles the frame being reconciled holds */
  private oldHandle: Map<Node, number> | null = null;
  private wanted: Set<number> | null = null;
  /** painted nodes taken by position in the frame being reconciled */
  private claimed = new Set<Node>();
  /** nested documents painted before the frame being reconciled */
  private reuseDocs: Map<HTMLIFrameElement, FrameDoc> | null = null;
  /** nodes painted with a non-zero scroll position (reset when a frame says 0) */
  private scrolled = new Set<Node>();
  /** the top document as last prepared, to know whether its nodes are ours */
  private painted: Document | null = null;
  /** controls whose value, checkedness or selectedness was set (the browser's "dirty" flags) */
  private readonly dirtyValue = new WeakSet<Element>();
  private readonly dirtyChecked = new WeakSet<Element>();
  /** attributes as last set per element (the painter alone writes them: the document is inert) */
  private readonly attrs = new WeakMap<Element, string[]>();
  /** adopted sheets' texts as last set, per document or shadow root */
  private readonly adopted = new WeakMap<Document | ShadowRoot, string[]>();
  /** ops addressed to handles the painter never received (engine bug or gap) */
  missed = 0;
  /** nodes the last frame reused from the painted document (for tests and the benchmark) */
  reused = 0;
  /** ms the last frame spent scrolling, which is mostly the style and layout that scrolling forces (for the benchmark) */
  scrollMs = 0;

  constructor(private readonly host: HTMLIFrameElement) {}

  /** The replay document (the host iframe's). */
  get document(): Document | null {
    return this.host.contentDocument;
  }

  node(h: number): Node | undefined {
    return this.nodes.get(h);
  }

  /**
   * frame makes the replay document equal to f. Nodes already painted under
   * the same handle are kept and updated in place rather than rebuilt (a
   * seek within one page changes a few nodes, and rebuilding the document
   * costs a full style and layout pass); the result is the same document a
   * fresh build gives, which the conformance tests check both ways.
   */
  frame(f: Frame): void {
    const doc = this.host.contentDocument;
    if (!doc) throw new Error('reprise: the player is not attached to a document');
    this.reuse = doc === this.painted ? this.nodes : null;
    this.reuseDocs = this.reuse ? this.frameDocs : null;
    if (this.reuse && f.doc) {
      this.oldHandle = new Map();
      for (const [h, n] of this.reuse) this.oldHandle.set(n, h);
      this.wanted = new Set();
      collectHandles(f.doc, this.wanted);
    }
    this.nodes = new Map();
    this.frameDocs = new Map();
    this.unborn.clear();
    this.reused = 0;
    this.scrollMs = 0;
    const before = this.scrolled;
    this.scrolled = new Set();
    const p: Pending = { iframes: [], scroll: [] };
    try {
      if (f.doc) this.syncDocument(doc, f.doc, p, this.reuse !== null);
      else {
        resetDocument(doc, false);
        this.setAdopted(doc, []);
      }
      this.painted = doc;
      this.flush(p);
      // What was scrolled and is still shown but no longer scrolled.
      const t0 = performance.now();
      for (const n of before) {
        if (!this.scrolled.has(n) && (n.nodeType === Node.DOCUMENT_NODE || n.isConnected)) scrollTo(n, 0, 0);
      }
      this.scrollMs += performance.now() - t0;
    } finally {
      this.reuse = null;
      this.reuseDocs = null;
      this.oldHandle = null;
      this.wanted = null;
      this.claimed.clear();
    }
  }

  /**
   * patch applies a seek's ops (a Patch) to the painted document: reused
   * counts the nodes kept or taken over, as frame() counts its reused ones.
   * The caller repaints a whole frame when missed grows: then the
   * document is no longer what the engine thinks it is.
   */
  patch(ops: Op[]): void {
    this.reused = 0;
    this.scrollMs = 0;
    this.apply(ops);
  }

  /** how many nodes the painter holds by handle (for the caller's upkeep) */
  get held(): number {
    return this.nodes.size;
  }

  /** apply runs one batch of ops, in order. */
  apply(ops: Op[]): void {
    const p: Pending = { iframes: [], scroll: [] };
    for (const op of ops) {
      const n = this.nodes.get(op.n);
      if (!n) {
        this.missed++;
        continue;
      }
      try {
        this.op(n, op, p);
      } catch {
        // A DOM exception (e.g. a hierarchy the browser refuses) must not
        // stop the batch: the engine state stays the reference.
        this.missed++;
      }
    }
    this.flush(p);
  }

  private op(n: Node, op: Op, p: Pending): void {
    switch (op.o) {
      case 'kids': {
        const doc = n.nodeType === Node.DOCUMENT_NODE ? (n as Document) : n.ownerDocument!;
        const want: Node[] = [];
        for (const item of op.c) {
          let c: Node | null | undefined;
          if (typeof item === 'number') {
            c = this.nodes.get(item);
            this.reused++;
          } else if ('m' in item) {
            // The node held under m becomes h (a patch's takeover).
            c = this.nodes.get(item.m);
            if (c) {
              this.nodes.delete(item.m);
              this.nodes.set(item.h, c);
              this.reused++;
            }
          } else c = this.make(item, doc, p);
          if (c) want.push(c);
          else if (typeof item === 'number' || 'm' in item) this.missed++;
        }
        placeKids(n, want);
        break;
      }
      case 'attrs':
        if (n.nodeType === Node.ELEMENT_NODE) this.syncAttrs(n as Element, op.a);
        break;
      case 'text':
        (n as CharacterData).data = op.v;
        break;
      case 'css':
        n.textContent = op.v;
        break;
      case 'form':
        this.applyForm(n as Element, op.f);
        break;
      case 'scroll':
        p.scroll.push([n, op.x, op.y]);
        break;
      case 'adopt':
        this.setAdopted(n as Document | ShadowRoot, op.v);
        break;
      case 'doc':
        if ((n as Element).localName === 'iframe') p.iframes.push([n as HTMLIFrameElement, op.d]);
        break;
      case 'shadow':
        this.shadow(n as Element, op.d, p);
        break;
    }
  }

  /**
   * syncDocument makes doc hold v's children. A document painted before
   * (and in the wanted rendering mode) keeps its nodes; otherwise it is
   * reset first.
   */
  private syncDocument(doc: Document, v: VNode, p: Pending, ours: boolean): void {
    const quirks = v.bc === 1;
    if (!ours || (doc.compatMode === 'BackCompat') !== quirks) resetDocument(doc, quirks);
    this.nodes.set(v.h, doc);
    this.setAdopted(doc, v.ad ?? []);
    placeKids(doc, this.makeAll(v.c, doc, p, doc));
    if (v.sx || v.sy) p.scroll.push([doc, v.sx ?? 0, v.sy ?? 0]);
  }

  /**
   * makeAll makes a child list. Under a painted parent, a child whose handle
   * was never painted may take the place of a painted child that leaves the
   * document (same kind and tag, a few positions on at most): a list whose
   * rows were replaced by similar rows becomes a few text and attribute
   * changes instead of new subtrees to style and lay out.
   */
  private makeAll(list: VNode[] | undefined, doc: Document, p: Pending, parent?: Node): Node[] {
    const out: Node[] = [];
    if (!list) return out;
    let free: Node[] | null = null;
    let j = 0;
    for (const c of list) {
      let n: Node | null = null;
      if (parent && this.wanted && !this.reuse?.has(c.h)) {
        free ??= this.freeKids(parent);
        for (let k = j; k < free.length && k < j + POSITIONAL_LOOKAHEAD; k++) {
          const cand = free[k]!;
          if (!this.claimed.has(cand) && this.fits(cand, c)) {
            this.claimed.add(cand);
            j = k + 1;
            n = this.take(cand, c, doc, p);
            break;
          }
        }
      }
      n ??= this.make(c, doc, p);
      if (n) out.push(n);
    }
    return out;
  }

  /** freeKids: parent's painted children that the frame being reconciled does not keep by handle. */
  private freeKids(parent: Node): Node[] {
    const free: Node[] = [];
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      const h = this.oldHandle?.get(c);
      if (h === undefined || !this.wanted!.has(h)) free.push(c);
    }
    return free;
  }

  /**
   * make returns the DOM node for v: the node painted under v's handle,
   * updated to match v, when it can become exactly what a fresh build would
   * give; otherwise a new one.
   */
  private make(v: VNode, doc: Document, p: Pending): Node | null {
    const prev = this.reuse?.get(v.h);
    if (prev && prev.ownerDocument === doc && !this.nodes.has(v.h) && !this.claimed.has(prev) && this.fits(prev, v)) {
      return this.take(prev, v, doc, p);
    }
    const n = this.build(v, doc, p);
    if (n) {
      this.nodes.set(v.h, n);
      if (v.sx || v.sy) p.scroll.push([n, v.sx ?? 0, v.sy ?? 0]);
    }
    return n;
  }

  /** take updates painted node n into v and files it under v's handle. */
  private take(n: Node, v: VNode, doc: Document, p: Pending): Node {
    this.reused++;
    this.claimed.add(n);
    this.update(n, v, doc, p);
    this.nodes.set(v.h, n);
    if (v.sx || v.sy) p.scroll.push([n, v.sx ?? 0, v.sy ?? 0]);
    return n;
  }

  /** fits tells whether n can be updated into v with nothing of its past showing. */
  private fits(n: Node, v: VNode): boolean {
    switch (v.k) {
      case 'tx':
        return n.nodeType === Node.TEXT_NODE;
      case 'cm':
        return n.nodeType === Node.COMMENT_NODE;
      case 'dt': {
        if (n.nodeType !== Node.DOCUMENT_TYPE_NODE) return false;
        const d = n as DocumentType;
        return d.name === (v.n || 'html') && d.publicId === (v.p ?? '') && d.systemId === (v.s ?? '');
      }
      case 'el': {
        if (n.nodeType !== Node.ELEMENT_NODE) return false;
        const el = n as Element;
        const tag = safeTag(v.t || 'div');
        if (v.svg ? el.namespaceURI !== SVG_NS || el.localName !== tag : el.namespaceURI === SVG_NS || el.localName !== tag.toLowerCase()) return false;
        // A shadow root cannot be taken away, a filled iframe cannot be
        // emptied without a new element, and a control's "dirty" flags
        // (value, checkedness, selectedness) cannot be cleared: such a
        // node is rebuilt unless the frame sets that state again.
        if (el.shadowRoot && !v.sr) return false;
        if (this.reuseDocs?.has(el as HTMLIFrameElement) && !v.fd) return false;
        if (this.dirtyValue.has(el) && v.v === undefined && v.sel === undefined) return false;
        if (this.dirtyChecked.has(el) && v.ck === undefined) return false;
        return true;
      }
      default:
        return false;
    }
  }

  private update(n: Node, v: VNode, doc: Document, p: Pending): void {
    switch (v.k) {
      case 'tx':
      case 'cm': {
        const c = n as CharacterData;
        const want = v.v ?? '';
        if (c.data !== want) c.data = want;
        return;
      }
      case 'el': {
        const el = n as Element;
        this.syncAttrs(el, v.a ?? NO_ATTRS);
        if (v.css !== undefined) {
          // Re-setting a sheet's text re-parses it: only when it changed.
          if (el.textContent !== v.css) el.textContent = v.css;
        } else placeKids(el, this.makeAll(v.c, doc, p, el));
        if (v.sr) this.shadow(el, v.sr, p);
        if (v.fd && el.localName === 'iframe') p.iframes.push([el as HTMLIFrameElement, v.fd]);
        this.applyForm(el, v);
        return;
      }
    }
  }

  private build(v: VNode, doc: Document, p: Pending): Node | null {
    switch (v.k) {
      case 'tx':
        return doc.createTextNode(v.v ?? '');
      case 'cm':
        return doc.createComment(v.v ?? '');
      case 'dt':
        try {
          return doc.implementation.createDocumentType(v.n || 'html', v.p ?? '', v.s ?? '');
        } catch {
          return null;
        }
      case 'el':
        return this.element(v, doc, p);
      default:
        return null; // doc and sr only occur in their own slots
    }
  }

  private element(v: VNode, doc: Document, p: Pending): Element {
    let el: Element;
    try {
      // Never a live <script>: a <noscript> stand-in keeps the child list
      // shaped as the engine says (the engine drops scripts already).
      const tag = safeTag(v.t || 'div');
      el = v.svg ? doc.createElementNS(SVG_NS, tag) : doc.createElement(tag);
    } catch {
      el = doc.createElement('span'); // an invalid tag name: keep the handle usable
    }
    if (v.a) {
      setAttrs(el, v.a);
      this.attrs.set(el, v.a);
    }
    if (v.css !== undefined) el.textContent = v.css;
    else if (v.c) {
      for (const c of v.c) {
        const n = this.make(c, doc, p);
        if (n) tryAppend(el, n);
      }
    }
    if (v.sr) this.shadow(el, v.sr, p);
    if (v.fd && el.localName === 'iframe') p.iframes.push([el as HTMLIFrameElement, v.fd]);
    // Live state after children: a select's options must exist first.
    this.applyForm(el, v);
    return el;
  }

  private shadow(host: Element, v: VNode, p: Pending): void {
    let root = host.shadowRoot;
    if (!root) {
      try {
        root = host.attachShadow({ mode: 'open' });
      } catch {
        return; // not a valid shadow host in this browser
      }
    }
    this.nodes.set(v.h, root);
    this.setAdopted(root, v.ad ?? []);
    placeKids(root, this.makeAll(v.c, host.ownerDocument, p, root));
    if (v.sx || v.sy) p.scroll.push([root, v.sx ?? 0, v.sy ?? 0]);
  }

  /** flush fills iframes, re-homes moved ones, then scrolls (needs layout). */
  private flush(p: Pending): void {
    for (const [el, v] of this.unborn) {
      if (el.isConnected) {
        this.unborn.delete(el);
        p.iframes.push([el, v]);
      }
    }
    for (let i = 0; i < p.iframes.length; i++) {
      const [el, v] = p.iframes[i]!;
      const doc = el.isConnected ? el.contentDocument : null;
      if (!doc) {
        this.unborn.set(el, v);
        continue;
      }
      // A nested document painted before keeps its nodes (reconciled like
      // the top one); any other is reset. Nested iframes queue themselves
      // here, and the loop sees them.
      const before = this.reuseDocs?.get(el);
      this.syncDocument(doc, v, p, before !== undefined && before.doc === doc);
      this.frameDocs.set(el, { doc, h: v.h, ad: v.ad ?? [] });
    }
    this.rehome();
    const t0 = performance.now();
    for (const [n, x, y] of p.scroll) {
      scrollTo(n, x, y);
      if (x || y) this.scrolled.add(n);
      else this.scrolled.delete(n);
    }
    this.scrollMs += performance.now() - t0;
  }

  /**
   * rehome moves a nested iframe's built document into the fresh one the
   * browser created when the iframe element was re-inserted (a move the
   * browser could not do in place): the nodes, and so their handles and
   * live state, carry over.
   */
  private rehome(): void {
    for (const [el, rec] of this.frameDocs) {
      if (!el.isConnected) continue;
      const now = el.contentDocument;
      if (!now || now === rec.doc) continue;
      resetDocument(now, rec.doc.compatMode === 'BackCompat');
      now.replaceChildren(...Array.from(rec.doc.childNodes));
      this.setAdopted(now, rec.ad);
      this.nodes.set(rec.h, now);
      rec.doc = now;
    }
  }

  /** syncAttrs makes el's attributes exactly a; nothing is read from the DOM when they did not change. */
  private syncAttrs(el: Element, a: string[]): void {
    const had = this.attrs.get(el) ?? NO_ATTRS;
    if (had === a || sameStrings(had, a)) return;
    // The document is inert and the painter alone writes attributes, so
    // what was last set is what the element has: change the difference
    // without reading the DOM back.
    setExactAttrs(el, had, a);
    this.attrs.set(el, a);
  }

  private applyForm(el: Element, f: FormState): void {
    const tag = el.localName;
    if (f.v !== undefined && (tag === 'input' || tag === 'textarea')) {
      try {
        (el as HTMLInputElement).value = f.v;
        this.dirtyValue.add(el);
      } catch {
        // file inputs refuse programmatic values
      }
    }
    if (f.ck !== undefined && tag === 'input') {
      (el as HTMLInputElement).checked = f.ck;
      this.dirtyChecked.add(el);
    }
    if (f.sel !== undefined && tag === 'select') {
      const sel = el as HTMLSelectElement;
      const chosen = new Set(f.sel);
      sel.selectedIndex = -1;
      const opts = sel.options;
      this.dirtyValue.add(sel);
      for (let i = 0; i < opts.length; i++) {
        // Setting selectedIndex set every option's selectedness: all are
        // "dirty" now, whichever end up chosen.
        this.dirtyValue.add(opts[i]!);
        if (chosen.has(i)) opts[i]!.selected = true;
      }
    }
  }

  /**
   * setAdopted gives a document or shadow root its adopted sheets. A
   * constructed sheet can only be adopted in the document it was made for,
   * so it is built with that document's own CSSStyleSheet constructor.
   * Unchanged texts keep their sheets (building one parses the CSS).
   */
  private setAdopted(target: Document | ShadowRoot, css: string[]): void {
    const doc = target.nodeType === Node.DOCUMENT_NODE ? (target as Document) : target.ownerDocument;
    const win = doc?.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
    if (!win) return;
    if (css.length === 0 && target.adoptedStyleSheets.length === 0) return;
    const had = this.adopted.get(target);
    if (had && had.length === css.length && had.every((x, i) => x === css[i]) && target.adoptedStyleSheets.length === css.length) return;
    target.adoptedStyleSheets = css.map((text) => {
      const sheet = new win.CSSStyleSheet();
      try {
        sheet.replaceSync(text);
      } catch {
        // unparsable CSS: an empty sheet, as the browser would show
      }
      return sheet;
    });
    this.adopted.set(target, css.slice());
  }
}

const NO_ATTRS: string[] = [];

function sameStrings(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** collectHandles adds the handles of v's subtree (shadow roots and iframe documents included). */
function collectHandles(v: VNode, into: Set<number>): void {
  into.add(v.h);
  if (v.c) for (const c of v.c) collectHandles(c, into);
  if (v.sr) collectHandles(v.sr, into);
  if (v.fd) collectHandles(v.fd, into);
}

/** safeTag: never a live <script>; a <noscript> keeps the child list shaped as the engine says. */
function safeTag(tag: string): string {
  return tag.toLowerCase() === 'script' ? 'noscript' : tag;
}

/** placeKids makes parent's child list exactly want, in order, moving as little as it can. */
function placeKids(parent: Node, want: Node[]): void {
  let c = parent.firstChild;
  let i = 0;
  while (i < want.length && c === want[i]) {
    c = c.nextSibling;
    i++;
  }
  if (i === want.length && c === null) return; // already so (the usual case)
  const keep = new Set(want);
  const at = new Map<Node, number>(); // kept children by their current position
  for (let k = parent.firstChild; k; ) {
    const next = k.nextSibling;
    if (!keep.has(k)) parent.removeChild(k);
    else at.set(k, at.size);
    k = next;
  }
  // Children already in place relative to each other (the longest run of
  // increasing current positions) stay; only the others move. A list that
  // lost its first row and gained a last one is then one removal and one
  // insertion, not a move of every row (each move re-lays out the row).
  const stay = stayers(want, at);
  let ref: Node | null = null;
  for (let k = want.length - 1; k >= 0; k--) {
    const n = want[k]!;
    if (!stay.has(n) || n.parentNode !== parent) place(parent, n, ref);
    if (n.parentNode === parent) ref = n;
  }
}

/**
 * stayers returns the nodes of want that form a longest subsequence whose
 * current positions (at) increase: they are already in order.
 */
function stayers(want: Node[], at: Map<Node, number>): Set<Node> {
  const pos: number[] = [];
  const idx: number[] = []; // want index behind pos[k]
  for (let k = 0; k < want.length; k++) {
    const q = at.get(want[k]!);
    if (q !== undefined) {
      pos.push(q);
      idx.push(k);
    }
  }
  // Patience sorting: tails[l] is the index in pos of the smallest tail of
  // an increasing run of length l+1; prev links each element to its run.
  const tails: number[] = [];
  const prev = new Array<number>(pos.length);
  for (let k = 0; k < pos.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pos[tails[mid]!]! < pos[k]!) lo = mid + 1;
      else hi = mid;
    }
    prev[k] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = k;
  }
  const out = new Set<Node>();
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.add(want[idx[k]!]!);
  return out;
}

/**
 * resetDocument empties doc and sets its rendering mode: writing a doctype
 * (or nothing) through the parser is the only way to choose no-quirks vs
 * quirks mode; the nodes themselves are then built with DOM APIs.
 */
function resetDocument(doc: Document, quirks: boolean): void {
  doc.open();
  doc.write(quirks ? '' : '<!DOCTYPE html>');
  doc.close();
  doc.replaceChildren();
}

function tryAppend(parent: Node, n: Node): void {
  try {
    parent.appendChild(n);
  } catch {
    // e.g. a second element child of a document: skip, as a parser would
  }
}

function place(parent: Node, n: Node, ref: Node | null): void {
  const mb = parent as unknown as Partial<MoveBefore>;
  if (typeof mb.moveBefore === 'function' && n.isConnected && parent.isConnected) {
    try {
      mb.moveBefore(n, ref);
      return;
    } catch {
      // different roots or documents: fall back to a plain insert
    }
  }
  try {
    parent.insertBefore(n, ref);
  } catch {
    // hierarchy error (hostile data): leave the child out
  }
}

/** safeAttr refuses what could run or navigate, whatever the data says. */
function safeAttr(el: Element, name: string, value: string): boolean {
  const l = name.toLowerCase();
  if (l.startsWith('on')) return false;
  const tag = el.localName;
  if ((tag === 'iframe' || tag === 'frame') && (l === 'src' || l === 'srcdoc')) return false;
  if (tag === 'meta' && l === 'http-equiv') {
    const v = value.trim().toLowerCase();
    return v !== 'refresh' && v !== 'content-security-policy' && v !== 'set-cookie';
  }
  return true;
}

function setAttr(el: Element, name: string, value: string): void {
  if (!safeAttr(el, name, value)) return;
  try {
    // SVG renders xlink:href only in the XLink namespace.
    if (name.startsWith('xlink:')) el.setAttributeNS(XLINK_NS, name, value);
    else if (name.startsWith('xml:')) el.setAttributeNS(XML_NS, name, value);
    else el.setAttribute(name, value);
  } catch {
    // invalid attribute name: skip it, as rrweb does
  }
}

function setAttrs(el: Element, a: string[]): void {
  for (let i = 0; i + 1 < a.length; i += 2) setAttr(el, a[i]!, a[i + 1]!);
}

/** setExactAttrs turns el's attributes from had (as last set) into exactly a. */
function setExactAttrs(el: Element, had: string[], a: string[]): void {
  const html = el.namespaceURI !== SVG_NS;
  const norm = (name: string): string => (html ? name.toLowerCase() : name);
  const want = new Map<string, string>();
  for (let i = 0; i + 1 < a.length; i += 2) want.set(norm(a[i]!), a[i + 1]!);
  const have = new Map<string, string>();
  for (let i = 0; i + 1 < had.length; i += 2) have.set(norm(had[i]!), had[i + 1]!);
  for (const name of have.keys()) {
    if (want.has(name)) continue;
    try {
      el.removeAttribute(name);
    } catch {
      // a name the DOM never took
    }
  }
  for (const [name, value] of want) {
    // Unchanged values are not rewritten: re-setting src would reload.
    if (have.get(name) !== value) setAttr(el, name, value);
  }
}

function scrollTo(n: Node, x: number, y: number): void {
  if (n.nodeType === Node.DOCUMENT_NODE) {
    const doc = n as Document;
    doc.defaultView?.scrollTo(x, y);
    return;
  }
  if (n.nodeType === Node.ELEMENT_NODE) {
    const el = n as Element;
    el.scrollLeft = x;
    el.scrollTop = y;
  }
}
