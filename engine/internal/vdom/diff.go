package vdom

import (
	"bytes"
	"slices"
	"strconv"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Diff encodes, as an ops array in the format of Ops, what turns the
// player's document — the tree this encoder last encoded, with every change
// since sent — into t, and makes t the encoder's tree as Frame does. A seek
// within one page then costs the player the nodes that differ, not a walk
// over every node it holds.
//
// Nodes are paired by handle: handles are given in replay order, so a node
// carries the same one in every tree of a tab's lineage, whichever keyframe
// a seek started from. A node of t that the old tree lacks takes over a
// sibling that leaves (see kids) or travels whole, even when the player
// still holds it from earlier (what it holds of a node the document dropped
// is stale).
//
// ok is false, and b comes back unchanged, when t shows another document
// (or, which a lineage never does, the document changed its mode or its
// doctype in place). The caller sends a Frame instead.
func (e *Encoder) Diff(t *Tree, b []byte) (out []byte, ok bool) {
	old := e.t
	if old == nil || old.Doc == nil || t.Doc == nil || !same(old.Doc, t.Doc) || len(old.jr().dirty) > 0 {
		return b, false
	}
	d := &e.diff
	*d = differ{e: e, prev: old, old: d.old[:0], now: d.now, pairs: d.pairs[:0], free: d.free[:0]}
	defer func() {
		// Keep the scratch space, not the trees it pointed into.
		clear(d.old)
		clear(d.pairs[:cap(d.pairs)])
		clear(d.free[:cap(d.free)])
		d.e, d.prev, d.b = nil, nil, nil
	}()
	d.now.reset()
	d.index(old.Doc)
	walk(t.Doc, func(x *Node) { d.now.add(x.H) })
	slices.SortFunc(d.old, func(x, y *Node) int { return int(x.H) - int(y.H) })
	e.t = t
	e.known.reset()
	start := len(b)
	d.b = append(b, '[')
	if !d.node(t.Doc, old.Doc) {
		// Back to the old tree: the player still shows it.
		e.t = old
		e.known.reset()
		d.markKnown(old.Doc)
		return b[:start], false
	}
	j := t.jr()
	j.on = true
	for _, n := range j.dirty {
		n.dirty = 0
	}
	j.dirty = j.dirty[:0]
	return append(d.b, ']'), true
}

// same tells whether two nodes of one lineage are the same node.
func same(a, b *Node) bool {
	return a.H == b.H && a.Kind == b.Kind && a.Tag == b.Tag && a.SVG == b.SVG && a.ID == b.ID
}

// keeps tells whether the player's node for o can become n by ops: it is
// the same node and fits (see fits). If not, n travels whole.
func keeps(n, o *Node) bool { return n.H == o.H && n.ID == o.ID && fits(n, o) }

// fits tells whether the player's node for o can be updated into n with
// nothing of its past showing: same kind and tag; no shadow root or iframe
// document of o's lost or swapped; and no form control whose state must
// follow its attributes again, which a browser cannot undo.
func fits(n, o *Node) bool {
	if n.Kind != o.Kind || n.Tag != o.Tag || n.SVG != o.SVG {
		return false
	}
	if o.Shadow != nil && (n.Shadow == nil || !same(n.Shadow, o.Shadow)) {
		return false
	}
	if n.Kind != ElementKind || n.SVG {
		return true
	}
	if n.Tag == "iframe" && o.Doc != nil && (n.Doc == nil || !same(n.Doc, o.Doc)) {
		return false
	}
	if o.x == nil {
		return true
	}
	switch n.Tag {
	case "input":
		nx, ox := n.rv(), o.x
		return !(ox.valueDirty && !nx.valueDirty || ox.checkedDirty && !nx.checkedDirty)
	case "select":
		return o.x.selectValue == nil || n.rv().selectValue != nil
	}
	return true
}

// takeoverLookahead is how far along the old child list a new child looks
// for a node to take over (the painter's frame reconcile does the same).
const takeoverLookahead = 4

// differ is Diff's state; the Encoder keeps one for its scratch slices.
type differ struct {
	e     *Encoder
	prev  *Tree // the tree the player shows
	b     []byte
	old   []*Node   // prev's nodes the player holds, sorted by handle
	now   handleSet // the handles t holds
	pairs []pair    // scratch for kids
	free  []*Node   // scratch for kids
	ops   int
}

// pair is a child of the new tree and the old node the player turns into it.
type pair struct{ n, o *Node }

// walk calls f on every node below n (n included) that a frame sends,
// descending the way Encoder.node does.
func walk(n *Node, f func(*Node)) {
	f(n)
	switch n.Kind {
	case DocumentKind, ShadowRootKind:
	case ElementKind:
		if n.Shadow != nil {
			walk(n.Shadow, f)
		}
		switch {
		case n.Tag == "style", n.Tag == "textarea" && !n.SVG:
			return
		case n.Tag == "iframe" && !n.SVG:
			if n.Doc != nil {
				walk(n.Doc, f)
			}
			return
		}
	default:
		return
	}
	for _, c := range n.Children {
		if !skipNode(c) {
			walk(c, f)
		}
	}
}

func (d *differ) index(n *Node) { walk(n, func(x *Node) { d.old = append(d.old, x) }) }

func (d *differ) markKnown(n *Node) { walk(n, func(x *Node) { d.e.known.add(x.H) }) }

// match is the old tree's node that n is, or nil.
func (d *differ) match(n *Node) *Node {
	i, found := slices.BinarySearchFunc(d.old, n.H, func(x *Node, h int32) int { return int(x.H) - int(h) })
	if !found || !keeps(n, d.old[i]) {
		return nil
	}
	return d.old[i]
}

// op starts an op on n: `{"o":"name","n":h`.
func (d *differ) op(name string, n *Node) {
	if d.ops > 0 {
		d.b = append(d.b, ',')
	}
	d.ops++
	d.b = append(d.b, `{"o":"`...)
	d.b = append(d.b, name...)
	d.b = append(d.b, `","n":`...)
	d.b = strconv.AppendInt(d.b, int64(n.H), 10)
}

// node writes the ops that turn o (as the player holds it) into n, its own
// before its descendants' so that a moved node is in place before its
// children are, and reports false when ops cannot do it.
func (d *differ) node(n, o *Node) bool {
	d.e.known.add(n.H)
	switch n.Kind {
	case TextKind, CommentKind, CDATAKind:
		if n.Data != o.Data {
			d.op("text", n)
			d.b = append(rrweb.AppendJSONString(append(d.b, `,"v":`...), n.Data), '}')
		}
		return true
	case DoctypeKind:
		an, ap, as := n.Doctype()
		bn, bp, bs := o.Doctype()
		return an == bn && ap == bp && as == bs
	case DocumentKind:
		if n.CompatMode() != o.CompatMode() || !d.kids(n, o) {
			return false
		}
		d.adopted(n, o)
		d.scroll(n, o)
		return true
	case ShadowRootKind:
		if !d.kids(n, o) {
			return false
		}
		d.adopted(n, o)
		return true
	}
	if !slices.Equal(n.Attrs, o.Attrs) {
		d.op("attrs", n)
		d.b = append(d.e.attrs(append(d.b, `,"a":`...), n), '}')
	}
	if !d.attached("shadow", n, n.Shadow, o.Shadow) {
		return false
	}
	switch {
	case n.Tag == "style":
		if css := n.CSS(); css != o.CSS() {
			d.op("css", n)
			d.b = append(rrweb.AppendJSONString(append(d.b, `,"v":`...), css), '}')
		}
	case n.Tag == "textarea" && !n.SVG:
	case n.Tag == "iframe" && !n.SVG:
		if !d.attached("doc", n, n.Doc, o.Doc) {
			return false
		}
	default:
		if !d.kids(n, o) {
			return false
		}
	}
	d.form(n, o)
	d.scroll(n, o)
	return true
}

// attached diffs what element n hosts, a shadow root or an iframe document
// (op names its op): sent whole when the player's element has none yet,
// else diffed in place. keeps(n, o) has ruled out one removed or swapped.
func (d *differ) attached(op string, n, now, was *Node) bool {
	switch {
	case now == nil:
		return true
	case was == nil:
		d.op(op, n)
		d.b = append(d.e.node(append(d.b, `,"d":`...), now), '}')
		return true
	}
	return d.node(now, was)
}

// kids writes a kids op when n's children are not o's, then the ops of
// each child the player turns into one of n's. A child the old tree has
// goes by handle; one it lacks takes over, where it can, an old child of o
// that leaves the document, a few places on at most (`{"h":new,"m":old}`):
// a list whose rows were replaced by similar rows then costs the player a
// few text and attribute changes, not new subtrees to style and lay out.
// The rest travel whole.
func (d *differ) kids(n, o *Node) bool {
	if d.sameKids(n, o) {
		i := 0
		for _, c := range n.Children {
			if skipNode(c) {
				continue
			}
			for skipNode(o.Children[i]) {
				i++
			}
			if !d.node(c, o.Children[i]) {
				return false
			}
			i++
		}
		return true
	}
	free := d.free[:0]
	for _, oc := range o.Children {
		if !skipNode(oc) && !d.now.has(oc.H) && oc.Kind != DoctypeKind {
			free = append(free, oc)
		}
	}
	start := len(d.pairs)
	d.op("kids", n)
	d.b = append(d.b, `,"c":[`...)
	k, j := 0, 0
	for _, c := range n.Children {
		if skipNode(c) {
			continue
		}
		if k > 0 {
			d.b = append(d.b, ',')
		}
		k++
		if oc := d.match(c); oc != nil {
			d.b = strconv.AppendInt(d.b, int64(c.H), 10)
			d.pairs = append(d.pairs, pair{c, oc})
			continue
		}
		var took *Node
		for q := j; q < len(free) && q < j+takeoverLookahead; q++ {
			if fits(c, free[q]) && c.Kind != DoctypeKind {
				took, j = free[q], q+1
				break
			}
		}
		if took == nil {
			d.b = d.e.node(d.b, c)
			continue
		}
		d.b = strconv.AppendInt(append(d.b, `{"h":`...), int64(c.H), 10)
		d.b = append(strconv.AppendInt(append(d.b, `,"m":`...), int64(took.H), 10), '}')
		d.pairs = append(d.pairs, pair{c, took})
	}
	d.b = append(d.b, "]}"...)
	d.free = free[:0]
	// The pairs of this list sit at start.. while the children's own lists
	// add theirs after them.
	for i := start; i < len(d.pairs); i++ {
		p := d.pairs[i]
		if !d.node(p.n, p.o) {
			return false
		}
	}
	d.pairs = d.pairs[:start]
	return true
}

// sameKids tells whether n's children are o's, in order.
func (d *differ) sameKids(n, o *Node) bool {
	i := 0
	for _, c := range n.Children {
		if skipNode(c) {
			continue
		}
		for i < len(o.Children) && skipNode(o.Children[i]) {
			i++
		}
		if i == len(o.Children) || !keeps(c, o.Children[i]) {
			return false
		}
		i++
	}
	for ; i < len(o.Children); i++ {
		if !skipNode(o.Children[i]) {
			return false
		}
	}
	return true
}

// form writes a form op for live state that differs. It runs after the
// children so that a select's options are in place before it selects.
func (d *differ) form(n, o *Node) {
	if n.SVG {
		return
	}
	mark := len(d.b)
	fields := 0
	field := func(name string) {
		if fields == 0 {
			d.op("form", n)
			d.b = append(d.b, `,"f":{`...)
		} else {
			d.b = append(d.b, ',')
		}
		fields++
		d.b = append(append(append(d.b, '"'), name...), `":`...)
	}
	switch n.Tag {
	case "textarea":
		if v := n.LiveValue(); v != o.LiveValue() {
			field("v")
			d.b = rrweb.AppendJSONString(d.b, v)
		}
	case "input":
		nx, ox := n.rv(), o.rv() // keeps(n, o) holds: no dirty flag went back
		if nx.valueDirty && (!ox.valueDirty || nx.value != ox.value) {
			field("v")
			d.b = rrweb.AppendJSONString(d.b, nx.value)
		}
		if nx.checkedDirty && (!ox.checkedDirty || nx.checked != ox.checked) {
			field("ck")
			d.b = strconv.AppendBool(d.b, nx.checked)
		}
	case "select":
		// Always restated: the options may have changed under it.
		if sel, ok := n.SelectedOptions(); ok {
			field("sel")
			d.b = appendSelected(d.b, sel)
		}
	}
	if fields > 0 {
		d.b = append(d.b, "}}"...)
	} else {
		d.b = d.b[:mark]
	}
}

// scroll writes a scroll op when the offsets differ.
func (d *differ) scroll(n, o *Node) {
	nl, nt := n.Scroll()
	if ol, ot := o.Scroll(); nl != ol || nt != ot {
		d.op("scroll", n)
		d.b = strconv.AppendFloat(append(d.b, `,"x":`...), nl, 'f', -1, 64)
		d.b = strconv.AppendFloat(append(d.b, `,"y":`...), nt, 'f', -1, 64)
		d.b = append(d.b, '}')
	}
}

// adopted writes an adopt op when the adopted sheets' texts differ.
func (d *differ) adopted(n, o *Node) {
	if len(n.Adopted()) == 0 && len(o.Adopted()) == 0 {
		return
	}
	now := appendAdopted(nil, n, d.e.t.Sheets)
	if was := appendAdopted(nil, o, d.prev.Sheets); !bytes.Equal(now, was) {
		d.op("adopt", n)
		d.b = append(append(append(d.b, `,"v":`...), now...), '}')
	}
}
