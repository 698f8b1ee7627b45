package mask

import (
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
		n := nodes.texts[i]
		if t.textDropped(n) {
			return true
		}
		if tm.Value != nil && t.maskedText(n, *tm.Value) != *tm.Value {
			return true
		}
	}
	for i, am := range d.Attributes {
		n := nodes.attrs[i]
		if n == nil || !t.emitted(n) || t.excluded(n) {
			return true
		}
		if t.attrsMustEdit(n, t.at(n), am.Attributes) {
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
