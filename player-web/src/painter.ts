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
  /** ops addressed to handles the painter never received (engine bug or gap) */
  missed = 0;

  constructor(private readonly host: HTMLIFrameElement) {}

  /** The replay document (the host iframe's). */
  get document(): Document | null {
    return this.host.contentDocument;
  }

  node(h: number): Node | undefined {
    return this.nodes.get(h);
  }

  /** frame replaces the whole replay document. */
  frame(f: Frame): void {
    const doc = this.host.contentDocument;
    if (!doc) throw new Error('reprise: the player is not attached to a document');
    this.nodes.clear();
    this.frameDocs.clear();
    this.unborn.clear();
    const p: Pending = { iframes: [], scroll: [] };
    if (f.doc) this.fillDocument(doc, f.doc, p);
    else {
      resetDocument(doc, false);
      doc.adoptedStyleSheets = [];
    }
    this.flush(p);
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
      case 'kids':
        this.kids(n, op.c, p);
        break;
      case 'attrs':
        if (n.nodeType === Node.ELEMENT_NODE) setExactAttrs(n as Element, op.a);
        break;
      case 'text':
        (n as CharacterData).data = op.v;
        break;
      case 'css':
        n.textContent = op.v;
        break;
      case 'form':
        applyForm(n as Element, op.f);
        break;
      case 'scroll':
        p.scroll.push([n, op.x, op.y]);
        break;
      case 'adopt':
        setAdopted(n as Document | ShadowRoot, op.v);
        break;
      case 'doc':
        this.iframeDoc(n as HTMLIFrameElement, op.d, p);
        break;
      case 'shadow':
        this.shadow(n as Element, op.d, p);
        break;
    }
  }

  /** kids reconciles n's child list to exactly the given nodes, in order. */
  private kids(parent: Node, list: (number | VNode)[], p: Pending): void {
    const doc = parent.nodeType === Node.DOCUMENT_NODE ? (parent as Document) : parent.ownerDocument!;
    const want: Node[] = [];
    for (const item of list) {
      const n = typeof item === 'number' ? this.nodes.get(item) : this.build(item, doc, p);
      if (n) want.push(n);
      else if (typeof item === 'number') this.missed++;
    }
    const keep = new Set(want);
    for (let c = parent.firstChild; c; ) {
      const next = c.nextSibling;
      if (!keep.has(c)) parent.removeChild(c);
      c = next;
    }
    let ref = parent.firstChild;
    for (const n of want) {
      if (n === ref) {
        ref = ref.nextSibling;
        continue;
      }
      place(parent, n, ref);
    }
  }

  private fillDocument(doc: Document, v: VNode, p: Pending): void {
    resetDocument(doc, v.bc === 1);
    this.nodes.set(v.h, doc);
    setAdopted(doc, v.ad ?? []);
    for (const c of v.c ?? []) {
      const n = this.build(c, doc, p);
      if (n) tryAppend(doc, n);
    }
    if (v.sx || v.sy) p.scroll.push([doc, v.sx ?? 0, v.sy ?? 0]);
  }

  private build(v: VNode, doc: Document, p: Pending): Node | null {
    let n: Node | null = null;
    switch (v.k) {
      case 'tx':
        n = doc.createTextNode(v.v ?? '');
        break;
      case 'cm':
        n = doc.createComment(v.v ?? '');
        break;
      case 'dt':
        try {
          n = doc.implementation.createDocumentType(v.n || 'html', v.p ?? '', v.s ?? '');
        } catch {
          n = null;
        }
        break;
      case 'el':
        n = this.element(v, doc, p);
        break;
      default:
        return null; // doc and sr only occur in their own slots
    }
    if (n) {
      this.nodes.set(v.h, n);
      if (v.sx || v.sy) p.scroll.push([n, v.sx ?? 0, v.sy ?? 0]);
    }
    return n;
  }

  private element(v: VNode, doc: Document, p: Pending): Element {
    const tag = v.t || 'div';
    let el: Element;
    try {
      // Never a live <script>: a <noscript> stand-in keeps the child list
      // shaped as the engine says (the engine drops scripts already).
      const safe = tag.toLowerCase() === 'script' ? 'noscript' : tag;
      el = v.svg ? doc.createElementNS(SVG_NS, safe) : doc.createElement(safe);
    } catch {
      el = doc.createElement('span'); // an invalid tag name: keep the handle usable
    }
    if (v.a) setAttrs(el, v.a);
    if (v.css !== undefined) el.textContent = v.css;
    else if (v.c) {
      for (const c of v.c) {
        const n = this.build(c, doc, p);
        if (n) tryAppend(el, n);
      }
    }
    if (v.sr) this.shadow(el, v.sr, p);
    if (v.fd && el.localName === 'iframe') p.iframes.push([el as HTMLIFrameElement, v.fd]);
    // Live state after children: a select's options must exist first.
    applyForm(el, v);
    return el;
  }

  private shadow(host: Element, v: VNode, p: Pending): void {
    let root = host.shadowRoot;
    if (root) root.replaceChildren();
    else {
      try {
        root = host.attachShadow({ mode: 'open' });
      } catch {
        return; // not a valid shadow host in this browser
      }
    }
    this.nodes.set(v.h, root);
    setAdopted(root, v.ad ?? []);
    const doc = host.ownerDocument;
    for (const c of v.c ?? []) {
      const n = this.build(c, doc, p);
      if (n) tryAppend(root, n);
    }
    if (v.sx || v.sy) p.scroll.push([root, v.sx ?? 0, v.sy ?? 0]);
  }

  private iframeDoc(el: HTMLIFrameElement, v: VNode, p: Pending): void {
    if (el.localName !== 'iframe') return;
    p.iframes.push([el, v]);
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
      this.fillDocument(doc, v, p); // may queue nested iframes: the loop sees them
      this.frameDocs.set(el, { doc, h: v.h, ad: v.ad ?? [] });
    }
    this.rehome();
    for (const [n, x, y] of p.scroll) scrollTo(n, x, y);
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
      setAdopted(now, rec.ad);
      this.nodes.set(rec.h, now);
      rec.doc = now;
    }
  }
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

/** setExactAttrs makes el's attributes exactly a (changing only what differs). */
function setExactAttrs(el: Element, a: string[]): void {
  const html = el.namespaceURI !== SVG_NS;
  const want = new Map<string, string>();
  for (let i = 0; i + 1 < a.length; i += 2) {
    const name = a[i]!;
    want.set(html ? name.toLowerCase() : name, a[i + 1]!);
  }
  for (const at of Array.from(el.attributes)) {
    if (!want.has(at.name)) el.removeAttributeNode(at);
  }
  for (const [name, value] of want) {
    // Unchanged values are not rewritten: re-setting src would reload.
    if (el.getAttribute(name) !== value) setAttr(el, name, value);
  }
}

function applyForm(el: Element, f: FormState): void {
  const tag = el.localName;
  if (f.v !== undefined && (tag === 'input' || tag === 'textarea')) {
    try {
      (el as HTMLInputElement).value = f.v;
    } catch {
      // file inputs refuse programmatic values
    }
  }
  if (f.ck !== undefined && tag === 'input') (el as HTMLInputElement).checked = f.ck;
  if (f.sel !== undefined && tag === 'select') {
    const sel = el as HTMLSelectElement;
    const chosen = new Set(f.sel);
    sel.selectedIndex = -1;
    const opts = sel.options;
    for (let i = 0; i < opts.length; i++) if (chosen.has(i)) opts[i]!.selected = true;
  }
}

/**
 * setAdopted gives a document or shadow root its adopted sheets. A
 * constructed sheet can only be adopted in the document it was made for,
 * so it is built with that document's own CSSStyleSheet constructor.
 */
function setAdopted(target: Document | ShadowRoot, css: string[]): void {
  const doc = target.nodeType === Node.DOCUMENT_NODE ? (target as Document) : target.ownerDocument;
  const win = doc?.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
  if (!win) return;
  if (css.length === 0 && target.adoptedStyleSheets.length === 0) return;
  target.adoptedStyleSheets = css.map((text) => {
    const sheet = new win.CSSStyleSheet();
    try {
      sheet.replaceSync(text);
    } catch {
      // unparsable CSS: an empty sheet, as the browser would show
    }
    return sheet;
  });
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
