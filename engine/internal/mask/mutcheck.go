package mask

import (
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// mustEdit reports whether maskMutation would change batch d (read by
// mutReader and applied already; hidden and newly as for maskMutation).
// It makes maskMutation's decisions, with the same helpers and in the same
// order, on the typed batch instead of the JSON, and stops at the first
// edit. Where maskMutation writes state (a text node flagged masked by
// maskTextOf), so does it, identically, so that a batch it passes leaves
// the tab exactly as maskMutation would have; and maskMutation can run
// after it, since those writes are idempotent.
//
// Whatever it does not follow in detail it answers true for: any element
// that gained flags in the batch (synthetic entries), which is rare.
func (t *tab) mustEdit(d *rrweb.IncrementalData, hidden []int, newly []newFlag, nodes entryNodes) bool {
	if len(hidden) > 0 {
		return true
	}
	for _, a := range d.Adds {
		pc, ok := t.placed(a.Node) // mutReader declines adds without a node
		if !ok || t.nodeMustEdit(a.Node, pc) {
			return true
		}
	}
	for i, tm := range d.Texts {
		n := nodes.Texts[i]
		if t.textDropped(n) {
			return true
		}
		if tm.Value != nil && !t.textKept(n) && t.maskedText(n, *tm.Value) != *tm.Value {
			return true
		}
	}
	for i, am := range d.Attributes {
		n := nodes.Attrs[i]
		if n == nil || !t.emitted(n) || t.excluded(n) {
			return true
		}
		c := ctx{}
		if t.anyMask || needCtx(am.Attributes) {
			c = t.at(n)
		}
		if t.attrsMustEdit(n, c, am.Attributes) {
			return true
		}
	}
	for _, nf := range newly {
		if t.emitted(nf.n) {
			return true
		}
	}
	return false
}

// Most entries do not need their node's context, which is the costly
// part of a decision: while nothing on the page is masked (no element
// matched a mask selector: see tab.anyMask), no context is masked, and
// only form values and options depend on the context.

// textKept reports, without n's context, that a text entry for n is kept
// whatever it says: nothing is masked, and the text is no form value (the
// text of a <textarea>, or what sets it).
func (t *tab) textKept(n *vdom.Node) bool {
	if t.anyMask {
		return false
	}
	if n.Kind == vdom.ElementKind {
		return n.Tag != "textarea"
	}
	p := t.parentOf(n)
	return p == nil || p.Kind != vdom.ElementKind || p.Tag != "textarea"
}

// needCtx reports whether, with nothing masked, the fate of attributes
// attrs depends on their element's context: only a value or a selected
// can (maskAttr, attrFate); for any other the zero context decides alike.
func needCtx(attrs rrweb.Attributes) bool {
	for _, a := range attrs {
		switch a.Name {
		case "class", "style": // the usual ones, told apart without folding case
			continue
		}
		if strings.EqualFold(a.Name, "value") || strings.EqualFold(a.Name, "selected") {
			return true
		}
	}
	return false
}

// nodeMustEdit is maskNode's decisions for serialized node s (parent
// context pc). mutReader has declined unknown fields, children that are
// not objects and text-like nodes without text, which maskNode edits.
func (t *tab) nodeMustEdit(s *rrweb.Node, pc ctx) bool {
	vn := t.tree.Node(s.ID)
	if vn != nil && !sameKind(vn, s) {
		vn = nil
	}
	c := pc
	if vn != nil {
		c = t.self(pc, vn)
	} else if s.Type == rrweb.ElementNode {
		c.masked = true
	}
	switch s.Type {
	case rrweb.TextNode, rrweb.CommentNode, rrweb.CDATANode:
		return t.maskTextOf(vn, c, s.TextContent) != s.TextContent
	case rrweb.ElementNode:
		if vn != nil && t.excluded(vn) {
			return true // a placeholder
		}
		if t.attrsMustEdit(vn, c, s.Attributes) {
			return true
		}
	case rrweb.DocumentNode, rrweb.DocumentTypeNode:
	default:
		return true
	}
	cc := c
	if vn != nil {
		cc = t.step(c, vn)
	}
	for _, k := range s.ChildNodes {
		if t.nodeMustEdit(k, cc) {
			return true
		}
	}
	return false
}

// attrsMustEdit is maskAttrs' decisions for the attributes of element vn
// (nil when unknown). mutReader has declined the attribute objects that
// are not objects and duplicate names, which maskAttrs edits.
func (t *tab) attrsMustEdit(vn *vdom.Node, c ctx, attrs rrweb.Attributes) bool {
	for _, a := range attrs {
		if vn != nil && keptOnElement(a) {
			continue
		}
		var kind byte
		val := a.Str
		switch a.Kind {
		case rrweb.KindString:
			kind = '"'
		case rrweb.KindNumber:
			kind, val = '0', string(a.Raw) // maskAttrs reads the number as written
		case rrweb.KindTrue:
			kind = 't'
		case rrweb.KindFalse:
			kind = 'f'
		case rrweb.KindNull:
			kind = 'n'
		case rrweb.KindObject:
			kind = '{'
		default:
			kind = '['
		}
		if act, _ := t.attrFate(vn, c, a.Name, kind, val); act != attrKeep {
			return true
		}
	}
	return false
}

// keptOnElement is attrFate's answer, on a known element in any context,
// for the usual attribute entries, told without folding case: a class or
// a style is neither a form value nor readable text, so it is kept unless
// its value is of a type that is dropped there. False means: ask attrFate.
func keptOnElement(a rrweb.Attr) bool {
	switch a.Name {
	case "style":
		return a.Kind != rrweb.KindOther
	case "class":
		return a.Kind != rrweb.KindOther && a.Kind != rrweb.KindObject
	}
	return false
}
