package mask

import (
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// fullSnapshot rebuilds the truth DOM from the snapshot, evaluates the
// rules on every element and masks the serialized tree.
func (t *tab) fullSnapshot(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	root, err := t.parse(ev.Data)
	var sn *snode
	if err == nil {
		sn = toNode(root.get("node"), 0)
	}
	if sn == nil || sn.n.Type != rrweb.DocumentNode {
		if err == nil {
			err = errNotDocument
		}
		t.diag(diag.Error, Dropped, "full snapshot unreadable (%v); dropped with the DOM events that follow it", err)
		t.snapshot = false
		t.newTree()
		return out
	}
	t.tree.FullSnapshot(&rrweb.FullSnapshotData{Node: sn.n})
	t.tree.Diags = nil // replay diagnostics are the player's business
	t.cache.reset()    // every node is new
	t.snapshot = true
	t.evaluateTree(t.tree.Doc)
	t.maskNode(sn, ctx{})
	return t.emitValue(out, ev, root)
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errNotDocument = constErr("root is not a document node")

// evaluateTree evaluates the rules on every element under n, top-down so
// that ancestors' flags are known first.
func (t *tab) evaluateTree(n *vdom.Node) {
	if n == nil {
		return
	}
	t.evaluate(n)
	children(n, func(c *vdom.Node, _ bool) { t.evaluateTree(c) })
}

// nodeKeys are the fields of a serialized node; any other field is dropped
// (it has no replay meaning and could carry anything).
var nodeKeys = map[string]bool{
	"type": true, "id": true, "rootId": true, "isShadowHost": true, "isShadow": true,
	"childNodes": true, "compatMode": true, "name": true, "publicId": true, "systemId": true,
	"tagName": true, "attributes": true, "isSVG": true, "isCustom": true, "textContent": true,
	"isStyle": true,
}

// maskNode masks serialized node s whose inherited context (from its
// parent) is pc, then its children.
func (t *tab) maskNode(s *snode, pc ctx) {
	v := s.v
	for i, k := range v.keys {
		if !nodeKeys[k] {
			v.vals[i].remove()
		}
	}
	vn := t.tree.Node(s.n.ID)
	if vn != nil && !sameKind(vn, s.n) {
		vn = nil // an id the DOM gave to another node (bad data)
	}
	c := pc
	if vn != nil {
		c = t.self(pc, vn)
	} else if s.n.Type == rrweb.ElementNode {
		// Not in the DOM (rrweb would not show it either): keep nothing.
		c.masked = true
	}
	switch s.n.Type {
	case rrweb.TextNode, rrweb.CommentNode, rrweb.CDATANode:
		if tv := v.get("textContent"); tv != nil && tv.kind == '"' {
			if m := t.maskTextOf(vn, c, tv.str); m != tv.str {
				tv.setString(m)
			}
		}
		return
	case rrweb.ElementNode:
		if vn != nil && t.excluded(vn) {
			t.placeholder(s)
			return
		}
		t.maskAttrs(vn, c, v.get("attributes"))
	case rrweb.DocumentNode, rrweb.DocumentTypeNode:
	default:
		v.remove() // unknown node type: nothing to replay
		return
	}
	if kids := v.get("childNodes"); kids != nil {
		for _, k := range kids.vals {
			if k.kind != '{' {
				k.remove()
			}
		}
	}
	cc := c
	if vn != nil {
		cc = t.step(c, vn)
	} else {
		cc.hidden = c.hidden
	}
	for _, k := range s.kids {
		t.maskNode(k, cc)
	}
}

func sameKind(vn *vdom.Node, n *rrweb.Node) bool {
	switch n.Type {
	case rrweb.ElementNode:
		return vn.Kind == vdom.ElementKind
	case rrweb.TextNode:
		return vn.Kind == vdom.TextKind
	case rrweb.DocumentNode:
		return vn.Kind == vdom.DocumentKind
	case rrweb.CommentNode:
		return vn.Kind == vdom.CommentKind
	case rrweb.DocumentTypeNode:
		return vn.Kind == vdom.DoctypeKind
	}
	return false
}

// maskAttrs masks an attributes object of element vn (nil when unknown:
// then every string value is masked as text).
func (t *tab) maskAttrs(vn *vdom.Node, c ctx, attrs *value) {
	if attrs == nil || attrs.kind != '{' {
		if attrs != nil {
			attrs.setRaw([]byte("{}"))
		}
		return
	}
	for i, name := range attrs.keys {
		m := attrs.vals[i]
		switch act, mv := t.attrFate(vn, c, name, m.kind, m.str); act {
		case attrMask:
			m.setString(mv)
		case attrDrop:
			m.remove()
		}
	}
}

// attrFate decides the fate of attribute name on element vn (nil when
// unknown) in context c, its value being of JSON kind kind (as in value)
// with text val (a string's value, a number's spelling), and returns the
// masked value when attrMask.
func (t *tab) attrFate(vn *vdom.Node, c ctx, name string, kind byte, val string) (attrAction, string) {
	switch kind {
	case '"', '0':
	case 't', 'f', 'n':
		if vn != nil && strings.EqualFold(name, "selected") && vn.Tag == "option" && c.owner != vNone {
			return attrDrop, ""
		}
		return attrKeep, val
	case '{':
		if name == "style" { // a style diff: CSS, not content
			return attrKeep, val
		}
		return attrDrop, ""
	default:
		return attrDrop, ""
	}
	if vn == nil {
		if mt := maskText(val); mt != val {
			return attrMask, mt
		}
		return attrKeep, val
	}
	return t.maskAttr(vn, c, name, val)
}

// placeholder turns serialized element s into an excluded placeholder: no
// children and only its box as attributes. A shadow host keeps an empty
// shadow root, so that stylesheets adopted there (which other roots may
// share) still replay.
func (t *tab) placeholder(s *snode) {
	v := s.v
	for i, k := range v.keys {
		switch k {
		case "childNodes":
			v.vals[i].setRaw([]byte("[]"))
		case "attributes":
			v.vals[i].setRaw(boxAttrs(v.vals[i]))
		}
	}
	if v.get("attributes") == nil {
		v.setMember("attributes", boxAttrs(nil))
	}
	if v.get("childNodes") == nil {
		v.setMember("childNodes", []byte("[]"))
	}
}

// boxAttrs is the attributes object of a placeholder: the class rrweb's
// Replayer paints as a solid box, and the element's size: rr_width and
// rr_height when the recorder measured it, else width/height from its
// inline style.
func boxAttrs(attrs *value) []byte {
	b := []byte(`{"class":"rr-block"`)
	w, h := attrs.get("rr_width"), attrs.get("rr_height")
	if w != nil || h != nil {
		for _, p := range []struct {
			k string
			v *value
		}{{"rr_width", w}, {"rr_height", h}} {
			if p.v != nil && (p.v.kind == '"' || p.v.kind == '0') {
				b = append(b, `,"`+p.k+`":`...)
				b = rrweb.AppendJSONString(b, p.v.str)
			}
		}
		return append(b, '}')
	}
	if st := attrs.get("style"); st != nil && st.kind == '"' {
		if box := boxStyle(st.str); box != "" {
			b = append(b, `,"style":`...)
			b = rrweb.AppendJSONString(b, box)
		}
	}
	return append(b, '}')
}

// boxStyle keeps the width and height declarations of an inline style.
func boxStyle(style string) string {
	var parts []string
	for _, decl := range strings.Split(style, ";") {
		name, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.TrimSpace(val)
		if (name == "width" || name == "height") && val != "" && !strings.ContainsAny(val, "\"'\\<>") {
			parts = append(parts, name+": "+val+";")
		}
	}
	return strings.Join(parts, " ")
}
