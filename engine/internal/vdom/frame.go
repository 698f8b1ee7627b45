package vdom

import (
	"strconv"
	"strings"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Encoder turns trees into what the browser player paints: a JSON frame of
// the whole document (on seek) and JSON change ops (during playback), both
// addressing nodes by handle. It remembers which handles the player holds,
// so that ops carry whole subtrees only for nodes the player has not seen.
//
// Node JSON: {"h":handle,"k":kind,…} with kind doc | dt | el | tx | cm | sr.
//
//	doc: "c" children, "ad" adopted CSS texts, "bc":1 in quirks mode
//	dt:  "n" name, "p" public id, "s" system id
//	el:  "t" tag, "svg":1, "a" [name, value, …], "c" children, "sr" shadow
//	     root node, "fd" iframe document node, "css" a <style>'s CSS, "v" live
//	     value (textarea always; input when the user changed it), "ck"
//	     checkedness (when set by the user), "sel" selected option indexes
//	     (when a value was assigned to a select), "sx"/"sy" scroll
//	tx/cm: "v" data
//	sr:  "c" children, "ad" adopted CSS texts
//
// Ops: {"o":"kids","n":h,"c":[h or node,…]} | {"o":"attrs","n":h,"a":[…]} |
// {"o":"text","n":h,"v":…} | {"o":"form","n":h,"v"?,"ck"?,"sel"?} |
// {"o":"css","n":h,"v":…} | {"o":"scroll","n":h,"x":…,"y":…} |
// {"o":"adopt","n":h,"v":[…]} | {"o":"doc","n":h,"d":node} |
// {"o":"shadow","n":h,"d":node}.
type Encoder struct {
	known handleSet // handles the player holds since the last Frame
	t     *Tree
	diff  differ // Diff's state, kept for its scratch space
}

// Frame encodes the whole document and makes it the player's known state.
// It turns the tree's journal on: later changes are recorded for Ops.
func (e *Encoder) Frame(t *Tree, b []byte) []byte {
	e.t = t
	e.known.reset()
	j := t.jr()
	j.on = true
	for _, n := range j.dirty {
		n.dirty = 0
	}
	j.dirty = j.dirty[:0]
	if t.Doc == nil {
		return append(b, "null"...)
	}
	return e.node(b, t.Doc)
}

// Ops encodes, as a JSON array, the changes recorded since the last Frame or
// Ops call, as they stand now, and clears the journal.
func (e *Encoder) Ops(b []byte) []byte {
	b = append(b, '[')
	first := true
	sep := func() {
		if !first {
			b = append(b, ',')
		}
		first = false
	}
	j := e.t.jr()
	for i := 0; i < len(j.dirty); i++ {
		n := j.dirty[i]
		f := n.dirty
		n.dirty = 0
		if !e.known.has(n.H) {
			continue // it will travel whole inside its parent's kids op
		}
		h := strconv.AppendInt(nil, int64(n.H), 10)
		if f&dirtyDoc != 0 {
			if n.Doc != nil && !e.known.has(n.Doc.H) {
				sep()
				b = append(append(append(b, `{"o":"doc","n":`...), h...), `,"d":`...)
				b = append(e.node(b, n.Doc), '}')
			}
			if n.Shadow != nil && !e.known.has(n.Shadow.H) {
				sep()
				b = append(append(append(b, `{"o":"shadow","n":`...), h...), `,"d":`...)
				b = append(e.node(b, n.Shadow), '}')
			}
		}
		if f&dirtyKids != 0 && n.Kind != TextKind {
			switch {
			case n.Kind == ElementKind && n.Tag == "style":
				f |= dirtyCSS
			case n.Kind == ElementKind && n.Tag == "textarea":
				f |= dirtyForm
			case n.Kind == ElementKind && n.Tag == "iframe":
			default:
				sep()
				b = append(append(append(b, `{"o":"kids","n":`...), h...), ',')
				b = append(e.childList(b, n, true), '}')
			}
		}
		if f&dirtyAttrs != 0 && n.Kind == ElementKind {
			sep()
			b = append(append(append(b, `{"o":"attrs","n":`...), h...), `,"a":`...)
			b = append(e.attrs(b, n), '}')
		}
		if f&dirtyText != 0 && (n.Kind == TextKind || n.Kind == CommentKind) {
			sep()
			b = append(append(append(b, `{"o":"text","n":`...), h...), `,"v":`...)
			b = append(rrweb.AppendJSONString(b, n.Data), '}')
		}
		if f&dirtyCSS != 0 && n.Kind == ElementKind && n.Tag == "style" {
			sep()
			b = append(append(append(b, `{"o":"css","n":`...), h...), `,"v":`...)
			b = append(rrweb.AppendJSONString(b, n.CSS()), '}')
		}
		if f&dirtyForm != 0 && n.Kind == ElementKind {
			sep()
			b = append(append(append(b, `{"o":"form","n":`...), h...), `,"f":{`...)
			b = append(e.form(b, n, true), "}}"...)
		}
		if f&dirtyScroll != 0 {
			sep()
			b = append(append(append(b, `{"o":"scroll","n":`...), h...), `,"x":`...)
			sl, st := n.Scroll()
			b = strconv.AppendFloat(b, sl, 'f', -1, 64)
			b = append(b, `,"y":`...)
			b = strconv.AppendFloat(b, st, 'f', -1, 64)
			b = append(b, '}')
		}
		if f&dirtyAdopted != 0 {
			sep()
			b = append(append(append(b, `{"o":"adopt","n":`...), h...), `,"v":`...)
			b = e.adopted(b, n)
			b = append(b, '}')
		}
	}
	j.dirty = j.dirty[:0]
	return append(b, ']')
}

// CSS is the CSS a <style> renders: its sheet if CSSOM edited, else its text.
func (n *Node) CSS() string {
	if s := n.Sheet(); s != nil {
		return s.CSS()
	}
	return n.TextContent()
}

// skipNode tells what never reaches the player: scripts.
func skipNode(n *Node) bool { return n.Kind == ElementKind && n.Tag == "script" }

var kindNames = [...]string{DocumentKind: "doc", DoctypeKind: "dt", ElementKind: "el", TextKind: "tx", CommentKind: "cm", CDATAKind: "tx", ShadowRootKind: "sr"}

func (e *Encoder) node(b []byte, n *Node) []byte {
	e.known.add(n.H)
	b = append(b, `{"h":`...)
	b = strconv.AppendInt(b, int64(n.H), 10)
	b = append(append(append(b, `,"k":"`...), kindNames[n.Kind]...), '"')
	switch n.Kind {
	case DocumentKind:
		if n.CompatMode() == "BackCompat" {
			b = append(b, `,"bc":1`...)
		}
		b = e.children(b, n)
		b = e.adoptedField(b, n)
	case ShadowRootKind:
		b = e.children(b, n)
		b = e.adoptedField(b, n)
	case DoctypeKind:
		name, pub, sys := n.Doctype()
		b = append(b, `,"n":`...)
		b = rrweb.AppendJSONString(b, name)
		b = append(b, `,"p":`...)
		b = rrweb.AppendJSONString(b, pub)
		b = append(b, `,"s":`...)
		b = rrweb.AppendJSONString(b, sys)
	case TextKind, CommentKind, CDATAKind:
		b = append(b, `,"v":`...)
		b = rrweb.AppendJSONString(b, n.Data)
	case ElementKind:
		b = append(b, `,"t":`...)
		b = rrweb.AppendJSONString(b, tagName(n))
		if n.SVG {
			b = append(b, `,"svg":1`...)
		}
		b = append(b, `,"a":`...)
		b = e.attrs(b, n)
		switch {
		case n.Tag == "style":
			b = append(b, `,"css":`...)
			b = rrweb.AppendJSONString(b, n.CSS())
		case n.Tag == "textarea" && !n.SVG:
		case n.Tag == "iframe" && !n.SVG:
			if n.Doc != nil {
				b = append(b, `,"fd":`...)
				b = e.node(b, n.Doc)
			}
		default:
			b = e.children(b, n)
		}
		if n.Shadow != nil {
			b = append(b, `,"sr":`...)
			b = e.node(b, n.Shadow)
		}
		b = e.form(b, n, false)
	}
	if sl, st := n.Scroll(); sl != 0 || st != 0 {
		b = append(b, `,"sx":`...)
		b = strconv.AppendFloat(b, sl, 'f', -1, 64)
		b = append(b, `,"sy":`...)
		b = strconv.AppendFloat(b, st, 'f', -1, 64)
	}
	return append(b, '}')
}

func (e *Encoder) children(b []byte, n *Node) []byte {
	return e.childList(append(b, ','), n, false)
}

// childList writes "c":[…] for n's children: whole nodes, or, with
// byHandle, just the handle of each node the player already holds.
func (e *Encoder) childList(b []byte, n *Node, byHandle bool) []byte {
	b = append(b, `"c":[`...)
	k := 0
	for _, c := range n.Children {
		if skipNode(c) {
			continue
		}
		if k > 0 {
			b = append(b, ',')
		}
		k++
		if byHandle && e.known.has(c.H) {
			b = strconv.AppendInt(b, int64(c.H), 10)
		} else {
			b = e.node(b, c)
		}
	}
	return append(b, ']')
}

func (e *Encoder) adoptedField(b []byte, n *Node) []byte {
	if len(n.Adopted()) == 0 {
		return b
	}
	b = append(b, `,"ad":`...)
	return e.adopted(b, n)
}

func (e *Encoder) adopted(b []byte, n *Node) []byte { return appendAdopted(b, n, e.t.Sheets) }

// appendAdopted writes the CSS texts of n's adopted sheets as a JSON array.
func appendAdopted(b []byte, n *Node, sheets map[int]*Sheet) []byte {
	b = append(b, '[')
	k := 0
	for _, id := range n.Adopted() {
		if s := sheets[id]; s != nil {
			if k > 0 {
				b = append(b, ',')
			}
			k++
			b = rrweb.AppendJSONString(b, s.CSS())
		}
	}
	return append(b, ']')
}

// attrs writes the attributes the player sets, filtered like the snapshot.
func (e *Encoder) attrs(b []byte, n *Node) []byte {
	b = append(b, '[')
	k := 0
	for _, a := range n.Attrs {
		if !keepAttr(n, a.Name) {
			continue
		}
		if k > 0 {
			b = append(b, ',')
		}
		k++
		b = rrweb.AppendJSONString(b, a.Name)
		b = append(b, ',')
		b = rrweb.AppendJSONString(b, a.Value)
	}
	return append(b, ']')
}

// keepAttr filters attributes that must never reach a rendered replay:
// rrweb's own artefacts, event handlers, and what would load or navigate.
func keepAttr(n *Node, name string) bool {
	l := strings.ToLower(name)
	switch {
	case strings.HasPrefix(l, "rr_"), l == "rrweb-original-src", l == "rrweb-original-srcset":
		return false
	case strings.HasPrefix(l, "on"):
		return false
	case l == "srcdoc", n.Tag == "iframe" && l == "src":
		return false
	case n.Tag == "meta" && l == "http-equiv":
		// A recorded refresh or CSP must not act in the replay document.
		v, _ := n.Attr("http-equiv")
		v = strings.ToLower(strings.TrimSpace(v))
		return v != "refresh" && v != "content-security-policy"
	}
	return true
}

// form writes live form state. In a frame only state that differs from what
// the attributes imply is written; in an op (all) every field is.
func (e *Encoder) form(b []byte, n *Node, all bool) []byte {
	sep := func() {
		if all && b[len(b)-1] != '{' {
			b = append(b, ',')
		} else if !all {
			b = append(b, ',')
		}
	}
	switch n.Tag {
	case "textarea":
		sep()
		b = append(b, `"v":`...)
		b = rrweb.AppendJSONString(b, n.LiveValue())
	case "input":
		x := n.rv()
		if x.valueDirty || all {
			sep()
			b = append(b, `"v":`...)
			b = rrweb.AppendJSONString(b, n.LiveValue())
		}
		if x.checkedDirty || all {
			sep()
			b = append(b, `"ck":`...)
			b = strconv.AppendBool(b, x.checked)
		}
	case "select":
		if sel, ok := n.SelectedOptions(); ok {
			sep()
			b = appendSelected(append(b, `"sel":`...), sel)
		}
	}
	return b
}

// appendSelected writes the indexes of the selected options as a JSON array.
func appendSelected(b []byte, sel []bool) []byte {
	b = append(b, '[')
	k := 0
	for i, s := range sel {
		if s {
			if k > 0 {
				b = append(b, ',')
			}
			k++
			b = strconv.AppendInt(b, int64(i), 10)
		}
	}
	return append(b, ']')
}
