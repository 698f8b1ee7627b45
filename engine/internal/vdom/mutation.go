package vdom

import (
	"strconv"
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Mutation applies one mutation batch in rrweb's order: removes, adds (with
// the next-sibling queue), texts, attributes (reference §3.4).
func (t *Tree) Mutation(d *rrweb.IncrementalData) { t.MutationNodes(d, nil) }

// EntryNodes are the nodes that the text and attribute entries of a batch
// named when it was applied (nil for an unknown id), in entry order.
type EntryNodes struct{ Texts, Attrs []*Node }

// MutationNodes is Mutation, recording in e (unless nil; its lists are
// reused) the nodes the batch's entries named, so that a caller that
// looks at them next need not look them up again.
func (t *Tree) MutationNodes(d *rrweb.IncrementalData, e *EntryNodes) {
	if e != nil {
		e.Texts, e.Attrs = e.Texts[:0], e.Attrs[:0]
	}
	if t.Doc == nil {
		t.warn(diag.NoFullSnapshot, "mutation before any full snapshot")
		if e != nil {
			e.Texts = append(e.Texts, make([]*Node, len(d.Texts))...)
			e.Attrs = append(e.Attrs, make([]*Node, len(d.Attributes))...)
		}
		return
	}
	removed := removedSet{rs: d.Removes}
	t.removes(d.Removes)

	var queue []*rrweb.AddMutation
	for i := range d.Adds {
		if m := &d.Adds[i]; !t.appendNode(m) {
			queue = append(queue, m)
		}
	}
	for len(queue) > 0 {
		trees := resolveTrees(queue)
		queue = queue[:0:0]
		progress := false
		for _, rt := range trees {
			if t.mirror.Get(rt.m.ParentID) == nil {
				// rrweb drops a resolve tree whose root has no parent.
				t.warn(diag.ParentNotFound, "dropping added node %d: parent %d not found", nodeID(rt.m), rt.m.ParentID)
				continue
			}
			rt.visit(func(m *rrweb.AddMutation) {
				if t.appendNode(m) {
					progress = true
				} else {
					queue = append(queue, m)
				}
			})
		}
		if !progress && len(queue) > 0 {
			// rrweb loops until a 500 ms timeout; with no progress in a round
			// nothing can change, so stop now with the same result.
			for _, m := range queue {
				t.warn(diag.UnresolvedAdd, "added node %d could not be placed (next sibling %s never appeared)", nodeID(m), idString(m.NextID))
			}
			break
		}
	}

	for _, tm := range d.Texts {
		n := t.mirror.Get(tm.ID)
		if e != nil {
			e.Texts = append(e.Texts, n)
		}
		if n == nil {
			if !removed.has(tm.ID) {
				t.warn(diag.NodeNotFound, "text mutation: node %d not found", tm.ID)
			}
			continue
		}
		v := ""
		if tm.Value != nil {
			v = *tm.Value
		}
		n.setTextContent(v)
	}

	for i := range d.Attributes {
		am := &d.Attributes[i]
		n := t.mirror.Get(am.ID)
		if e != nil {
			e.Attrs = append(e.Attrs, n)
		}
		if n == nil {
			if !removed.has(am.ID) {
				t.warn(diag.NodeNotFound, "attribute mutation: node %d not found", am.ID)
			}
			continue
		}
		t.attributes(n, am)
	}
}

// removedSet tells whether the batch's removes name an id. It is asked
// only about unknown nodes, which are rare, so its set is built when first
// asked rather than for every batch.
type removedSet struct {
	rs []rrweb.RemoveMutation
	m  map[int]bool
}

func (s *removedSet) has(id int) bool {
	if s.m == nil {
		s.m = make(map[int]bool, len(s.rs))
		for _, r := range s.rs {
			s.m[r.ID] = true
		}
	}
	return s.m[id]
}

func nodeID(m *rrweb.AddMutation) int {
	if m.Node == nil {
		return 0
	}
	return m.Node.ID
}

func idString(p *int) string {
	if p == nil {
		return "null"
	}
	return strconv.Itoa(*p)
}

func (t *Tree) removes(rs []rrweb.RemoveMutation) {
	// rrweb first drops removes whose target is unknown, then applies the
	// rest; a target unmapped by an earlier remove is skipped silently.
	live := rs[:0:0]
	for _, r := range rs {
		if t.mirror.Get(r.ID) == nil {
			t.warn(diag.NodeNotFound, "remove: node %d not found", r.ID)
			continue
		}
		live = append(live, r)
	}
	for _, r := range live {
		target := t.mirror.Get(r.ID)
		if target == nil {
			continue
		}
		parent := t.mirror.Get(r.ParentID)
		if parent == nil {
			t.warn(diag.ParentNotFound, "remove: parent %d of node %d not found", r.ParentID, r.ID)
			continue
		}
		if r.IsShadow && parent.Shadow != nil {
			parent = parent.Shadow
		}
		t.unmap(target)
		if !parent.removeChild(target) {
			t.warn(diag.RemoveNotChild, "remove: node %d is not a child of %d", r.ID, r.ParentID)
		}
	}
}

// appendNode is rrweb's appendNode; it reports false when the add must wait
// in the queue (parent or next sibling not there yet).
func (t *Tree) appendNode(m *rrweb.AddMutation) bool {
	if m.Node == nil {
		t.warn(diag.BadPayload, "add without node")
		return true
	}
	parent := t.mirror.Get(m.ParentID)
	if parent == nil {
		if m.Node.Type == rrweb.DocumentNode {
			t.docQueue = append(t.docQueue, m)
			return true
		}
		return false
	}
	if m.Node.IsShadow && parent.Kind == ElementKind {
		if parent.Shadow == nil {
			parent.Shadow = t.newNode(&Node{Kind: ShadowRootKind, x: &rare{host: parent}})
			parent.mark(dirtyShadow)
		}
		parent = parent.Shadow
	}
	var previous, next *Node
	if m.PreviousID != nil && *m.PreviousID != 0 {
		previous = t.mirror.Get(*m.PreviousID)
	}
	if m.NextID != nil && *m.NextID != 0 {
		next = t.mirror.Get(*m.NextID)
		if next == nil && *m.NextID != -1 {
			return false
		}
	}
	if m.Node.RootID != 0 && t.mirror.Get(m.Node.RootID) == nil {
		return true
	}
	if parent.Kind == ElementKind && parent.Tag == "iframe" && parent.meta != nil {
		t.attachDocument(m, parent)
		return true
	}
	doc := t.Doc
	if m.Node.RootID != 0 {
		doc = t.mirror.Get(m.Node.RootID)
	}
	target := t.build(m.Node, doc, true)
	if target == nil {
		return true
	}
	if (m.PreviousID != nil && *m.PreviousID == -1) || (m.NextID != nil && *m.NextID == -1) {
		// Legacy data with unknown siblings: rrweb parks these; we append.
		parent.appendChild(target)
		return true
	}
	if parent.meta != nil && parent.Kind == ElementKind && m.Node.Type == rrweb.TextNode {
		switch parent.Tag {
		case "textarea":
			for _, c := range append([]*Node(nil), parent.Children...) {
				if c.Kind == TextKind {
					parent.removeChild(c)
				}
			}
		case "style":
			if len(parent.Children) == 1 {
				if c := parent.Children[0]; c.Kind == TextKind && c.ID == 0 {
					// The unmapped text built from _cssText gives way to the
					// recorded text node, which takes over its content.
					target.Data = c.Data
					parent.removeChild(c)
				}
			}
		}
	} else if parent.Kind == DocumentKind {
		if m.Node.Type == rrweb.DocumentTypeNode && len(parent.Children) > 0 && parent.Children[0].Kind == DoctypeKind {
			parent.removeChild(parent.Children[0])
		}
		if target.Kind == ElementKind && target.Tag == "html" {
			for _, c := range parent.Children {
				if c.Kind == ElementKind {
					parent.removeChild(c)
					break
				}
			}
		}
	}
	var ok bool
	switch {
	case previous != nil && previous.nextSibling() != nil:
		ok = parent.insertBefore(target, previous.nextSibling())
	case next != nil && next.Parent != nil:
		ok = parent.insertBefore(target, next)
	default:
		ok = parent.appendChild(target)
	}
	if !ok {
		t.warn(diag.BuildFailed, "node %d cannot be inserted into node %d (hierarchy)", nodeID(m), m.ParentID)
		return true
	}
	if parent.Kind == DocumentKind {
		parent.noteDoctype()
	}
	if target.Kind == ElementKind && target.Tag == "iframe" {
		t.attachQueuedDocument(target)
	}
	return true
}

// resolveTree is rrweb's ResolveTree: queued adds arranged so that a node
// is visited before the siblings that precede it.
type resolveTree struct {
	m        *rrweb.AddMutation
	parent   *resolveTree
	children []*resolveTree
}

func (r *resolveTree) visit(f func(*rrweb.AddMutation)) {
	f(r.m)
	for i := len(r.children) - 1; i >= 0; i-- {
		r.children[i].visit(f)
	}
}

// resolveTrees is rrweb's queueToResolveTrees.
func resolveTrees(queue []*rrweb.AddMutation) []*resolveTree {
	byID := map[int]*resolveTree{}
	var roots []*resolveTree
	put := func(m *rrweb.AddMutation, parent *resolveTree) *resolveTree {
		rt := &resolveTree{m: m, parent: parent}
		byID[nodeID(m)] = rt
		return rt
	}
	insertAt := func(list []*resolveTree, i int, rt *resolveTree) []*resolveTree {
		list = append(list, nil)
		copy(list[i+1:], list[i:])
		list[i] = rt
		return list
	}
	indexIn := func(list []*resolveTree, x *resolveTree) int {
		for i, y := range list {
			if y == x {
				return i
			}
		}
		return -1
	}
	for _, m := range queue {
		if m.NextID != nil && *m.NextID != 0 {
			if nt, ok := byID[*m.NextID]; ok {
				if nt.parent != nil {
					nt.parent.children = insertAt(nt.parent.children, indexIn(nt.parent.children, nt), put(m, nt.parent))
				} else {
					i := indexIn(roots, nt)
					if i < 0 {
						i = len(roots)
					}
					roots = insertAt(roots, i, put(m, nil))
				}
				continue
			}
		}
		if pt, ok := byID[m.ParentID]; ok {
			pt.children = append(pt.children, put(m, pt))
			continue
		}
		roots = append(roots, put(m, nil))
	}
	return roots
}

// attributes applies one attribute mutation entry.
func (t *Tree) attributes(n *Node, am *rrweb.AttributeMutation) {
	if n.Kind != ElementKind {
		return
	}
	for _, a := range am.Attributes {
		switch a.Kind {
		case rrweb.KindNull:
			n.RemoveAttr(a.Name)
		case rrweb.KindString:
			if a.Name == "_cssText" && (n.Tag == "style" || n.Tag == "link") && !n.SVG {
				// A late-loaded stylesheet: rrweb 2.x swaps in a rebuilt
				// node, but its duplicate protection hands back the same
				// node, so the new CSS never shows. We apply it (documented
				// difference): the page did render it.
				n.Tag = "style"
				n.RemoveAttr("rel")
				n.RemoveAttr("href")
				n.setTextContent(a.Str)
				continue
			}
			if a.Name == "value" && n.Tag == "textarea" {
				n.setTextContent(a.Str)
				continue
			}
			if !validAttrName(a.Name) {
				t.info(diag.InvalidAttribute, "node %d: attribute name %q is not valid", n.ID, a.Name)
				continue
			}
			n.SetAttr(a.Name, a.Str)
		case rrweb.KindObject:
			if a.Name != "style" {
				continue
			}
			for _, p := range a.Style {
				if p.Remove {
					removeStyleProperty(n, p.Name)
				} else {
					setStyleProperty(n, p.Name, p.Value, p.Priority)
				}
			}
		}
	}
}

// styleDecl is one entry of an inline style attribute as rrweb's virtual DOM
// keeps it (name → value, in first-seen order).
type styleDecl struct{ name, value string }

// parseInlineStyle parses a style attribute the way rrdom's parseCSSText
// does: comments dropped, split on ';' outside parentheses, name and value
// split at the first ':'.
func parseInlineStyle(s string) []styleDecl {
	var out []styleDecl
	for _, item := range splitTopLevel(stripComments(s), ';') {
		if item == "" {
			continue
		}
		colon := strings.IndexByte(item, ':')
		if colon < 0 || colon == len(item)-1 {
			continue
		}
		name := strings.TrimSpace(item[:colon])
		val := strings.TrimSpace(item[colon+1:])
		replaced := false
		for i := range out {
			if out[i].name == name {
				out[i].value = val
				replaced = true
			}
		}
		if !replaced {
			out = append(out, styleDecl{name, val})
		}
	}
	return out
}

func formatInlineStyle(ds []styleDecl) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		parts = append(parts, d.name+": "+d.value+";")
	}
	return strings.Join(parts, " ")
}

// setStyleProperty is style.setProperty on an element's inline style.
func setStyleProperty(n *Node, name, value, priority string) {
	style, _ := n.Attr("style")
	ds := parseInlineStyle(style)
	if priority == "important" && value != "" {
		value += " !important"
	}
	idx := -1
	for i := range ds {
		if ds[i].name == name {
			idx = i
		}
	}
	switch {
	case value == "" && idx >= 0:
		ds = append(ds[:idx], ds[idx+1:]...)
	case value == "":
	case idx >= 0:
		ds[idx].value = value
	default:
		ds = append(ds, styleDecl{name, value})
	}
	n.SetAttr("style", formatInlineStyle(ds))
}

// removeStyleProperty is style.removeProperty on an element's inline style.
func removeStyleProperty(n *Node, name string) {
	setStyleProperty(n, name, "", "")
}
