package vdom

import (
	"fmt"
	"sort"
	"strings"
)

// Digest is a deterministic dump of everything the tree holds that can
// show on screen or affect later events: nodes with ids and handles,
// attributes, live form state, sheets, adopted sheets, scroll positions,
// the mirror and the viewport. Tests compare digests to prove two ways of
// reaching a state (keyframe + delta, cold replay) agree exactly.
func (t *Tree) Digest() string {
	var b strings.Builder
	fmt.Fprintf(&b, "href=%q viewport=%vx%v\n", t.Href, t.Width, t.Height)
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		ind := strings.Repeat(" ", depth)
		x := n.rv()
		fmt.Fprintf(&b, "%s%d#%d/h%d", ind, n.Kind, n.ID, n.H)
		switch n.Kind {
		case ElementKind:
			fmt.Fprintf(&b, " <%s svg=%v %q>", n.Tag, n.SVG, n.Attrs)
			if n.Tag == "input" || n.Tag == "textarea" {
				fmt.Fprintf(&b, " value=%q dirty=%v checked=%v/%v", x.value, x.valueDirty, x.checked, x.checkedDirty)
			}
			if x.selectValue != nil {
				fmt.Fprintf(&b, " select=%q", *x.selectValue)
			}
			if x.sheet != nil {
				fmt.Fprintf(&b, " sheet=%q", x.sheet.CSS())
			}
		case TextKind, CommentKind, CDATAKind:
			fmt.Fprintf(&b, " %q", n.Data)
		case DoctypeKind:
			fmt.Fprintf(&b, " %q %q %q", x.name, x.publicID, x.systemID)
		case DocumentKind:
			fmt.Fprintf(&b, " compat=%q doctype=%v", x.compatMode, x.hasDoctype)
		}
		if x.scrollLeft != 0 || x.scrollTop != 0 {
			fmt.Fprintf(&b, " scroll=%v,%v", x.scrollLeft, x.scrollTop)
		}
		if len(x.adopted) > 0 {
			fmt.Fprintf(&b, " adopted=%v", x.adopted)
		}
		b.WriteByte('\n')
		if n.Shadow != nil {
			fmt.Fprintf(&b, "%s shadow:\n", ind)
			walk(n.Shadow, depth+2)
		}
		if n.Doc != nil {
			fmt.Fprintf(&b, "%s doc:\n", ind)
			walk(n.Doc, depth+2)
		}
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	if t.Doc != nil {
		walk(t.Doc, 0)
	}
	ids := make([]int, 0, t.mirror.Len())
	for id := range t.mirror.All() {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	b.WriteString("mirror:")
	for _, id := range ids {
		fmt.Fprintf(&b, " %d=h%d", id, t.mirror.Get(id).H)
	}
	b.WriteString("\nsheets:")
	sids := make([]int, 0, len(t.Sheets))
	for id := range t.Sheets {
		sids = append(sids, id)
	}
	sort.Ints(sids)
	for _, id := range sids {
		fmt.Fprintf(&b, " %d=%q", id, t.Sheets[id].CSS())
	}
	fmt.Fprintf(&b, "\nqueue=%d\n", len(t.docQueue))
	return b.String()
}
