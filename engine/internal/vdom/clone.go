package vdom

import (
	"github.com/reprise-dev/reprise/engine/internal/idtable"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Clone deep-copies the tree: nodes (attached or not, as long as the
// mirror or the document reaches them), the mirror, sheets and queued
// iframe documents. Handles are kept, so a clone continues the same
// lineage; the clone's journal is off. Serialized metadata (immutable event
// data) is shared.
func (t *Tree) Clone() *Tree { return t.clone(true) }

// clone copies the tree; quick false always takes the general way (tests
// hold the two equal).
func (t *Tree) clone(quick bool) *Tree {
	c := &Tree{
		Href: t.Href, Width: t.Width, Height: t.Height,
		mirror:   idtable.SizeLike[*Node](&t.mirror),
		Sheets:   make(map[int]*Sheet, len(t.Sheets)),
		docQueue: append([]*rrweb.AddMutation(nil), t.docQueue...),
	}
	c.j = &journal{}
	if t.j != nil {
		c.j.next = t.j.next
		c.j.textHostNests = t.j.textHostNests
	}
	cp := &cloner{j: c.j}
	cp.slab = make([]Node, 0, t.mirror.Len()+16)
	if !quick || !cp.linked(t, c) {
		// Not one consistently linked tree: copy with an original → copy map.
		c.mirror.Reset()
		cp.seen = make(map[*Node]*Node, t.mirror.Len()+16)
		if t.Doc != nil {
			c.Doc = cp.node(t.Doc)
		}
		for id, n := range t.mirror.All() {
			c.mirror.Set(id, cp.reach(n))
		}
	}
	for id, s := range t.Sheets {
		c.Sheets[id] = s.Clone()
	}
	return c
}

// cloner copies nodes into a few large allocations rather than one per
// node, attribute list and child list: a seek clones a keyframe, and under
// WASM the allocations and their garbage collection were most of a clone.
// Each node's slices are capped at their length, so growing one reallocates
// it instead of writing into a neighbour's.
type cloner struct {
	j     *journal
	seen  map[*Node]*Node
	slab  []Node
	attrs []Attr
	kids  []*Node
	rares []rare
}

// cloneChunk bounds what a chunk wastes (keyframes are many clones): the
// node slab is sized from the mirror, and an overflow chunk holds this many.
const cloneChunk = 256

func (cp *cloner) newNode() *Node {
	if len(cp.slab) == cap(cp.slab) {
		cp.slab = make([]Node, 0, cloneChunk/4)
	}
	cp.slab = cp.slab[:len(cp.slab)+1]
	return &cp.slab[len(cp.slab)-1]
}

func (cp *cloner) newRare() *rare {
	if len(cp.rares) == cap(cp.rares) {
		cp.rares = make([]rare, 0, cloneChunk/8)
	}
	cp.rares = cp.rares[:len(cp.rares)+1]
	return &cp.rares[len(cp.rares)-1]
}

func (cp *cloner) attrList(a []Attr) []Attr {
	if len(cp.attrs)+len(a) > cap(cp.attrs) {
		cp.attrs = make([]Attr, 0, max(cloneChunk, len(a)))
	}
	i := len(cp.attrs)
	cp.attrs = append(cp.attrs, a...)
	return cp.attrs[i:len(cp.attrs):len(cp.attrs)]
}

func (cp *cloner) kidList(n int) []*Node {
	if len(cp.kids)+n > cap(cp.kids) {
		cp.kids = make([]*Node, 0, max(cloneChunk, n))
	}
	i := len(cp.kids)
	cp.kids = cp.kids[:i+n]
	return cp.kids[i : i+n : i+n]
}

// How a node is reached from its holder while copying a linked tree.
const (
	viaChild = iota
	viaShadow
	viaDoc
)

// linked copies t's document into c the quick way, when it can: every
// mirrored node is in the document, each child's parent is the node that
// lists it, and host and frame links only go from a shadow root or an
// iframe's document to the element holding it. Then every link of a copy
// is known when it is made, and the mirror is filled on the way, with no
// original → copy map (two map operations per node were half of a seek's
// copy). It returns false, leaving c.Doc and c.mirror to be redone, if t
// is not such a tree.
func (cp *cloner) linked(t, c *Tree) bool {
	if t.Doc == nil {
		return t.mirror.Len() == 0
	}
	if t.Doc.Host() != nil || t.Doc.Frame() != nil || t.Doc.Parent != nil {
		return false
	}
	hits := 0
	ok := true
	var copyNode func(n *Node, via int) *Node
	copyNode = func(n *Node, via int) *Node {
		if (n.Host() != nil) != (via == viaShadow) || (n.Frame() != nil) != (via == viaDoc) {
			ok = false
		}
		cn := cp.copyOf(n)
		if cn.x != nil {
			cn.x.host, cn.x.frame = nil, nil // set by the holder
		}
		if n.ID != 0 && t.mirror.Get(n.ID) == n {
			c.mirror.Set(n.ID, cn)
			hits++
		}
		if n.Children != nil {
			cn.Children = cp.kidList(len(n.Children))
			for i, ch := range n.Children {
				if ch.Parent != n {
					ok = false
				}
				cc := copyNode(ch, viaChild)
				cc.Parent = cn
				cn.Children[i] = cc
			}
		}
		if n.Shadow != nil {
			if n.Shadow.Host() != n || n.Shadow.Parent != nil {
				ok = false
			}
			cn.Shadow = copyNode(n.Shadow, viaShadow)
			cn.Shadow.w().host = cn
		}
		if n.Doc != nil {
			if n.Doc.Frame() != n || n.Doc.Parent != nil {
				ok = false
			}
			cn.Doc = copyNode(n.Doc, viaDoc)
			cn.Doc.w().frame = cn
		}
		return cn
	}
	c.Doc = copyNode(t.Doc, viaChild)
	// A node reached twice would count twice: hits then exceeds the mirror.
	return ok && hits == t.mirror.Len()
}

// copyOf returns a detached copy of n alone (links to other nodes still
// the original's, Parent aside), with its own attribute list, adopted
// sheet ids, sheet and select value: the parts a replay mutates in place.
func (cp *cloner) copyOf(n *Node) *Node {
	c := cp.newNode()
	*c = *n
	c.j = cp.j
	c.dirty = 0
	c.Parent = nil
	if n.Attrs != nil {
		c.Attrs = cp.attrList(n.Attrs)
	}
	if n.x != nil {
		x := cp.newRare()
		*x = *n.x
		x.adopted = append([]int(nil), n.x.adopted...)
		x.sheet = n.x.sheet.Clone()
		if n.x.selectValue != nil {
			v := *n.x.selectValue
			x.selectValue = &v
		}
		c.x = x
	}
	return c
}

// reach clones the whole detached tree a node belongs to, then returns the
// node's copy.
func (cp *cloner) reach(n *Node) *Node {
	if c, ok := cp.seen[n]; ok {
		return c
	}
	root := n
	for root.Parent != nil {
		root = root.Parent
	}
	if root.Kind == ShadowRootKind && root.Host() != nil {
		cp.reach(root.Host())
	} else {
		cp.node(root)
	}
	if c, ok := cp.seen[n]; ok {
		return c
	}
	// Not reachable from its root (e.g. a shadow root whose host lost it):
	// clone it on its own.
	return cp.node(n)
}

func (cp *cloner) node(n *Node) *Node {
	if c, ok := cp.seen[n]; ok {
		return c
	}
	c := cp.copyOf(n)
	cp.seen[n] = c
	if n.Children != nil {
		c.Children = cp.kidList(len(n.Children))
		for i, ch := range n.Children {
			cc := cp.node(ch)
			cc.Parent = c
			c.Children[i] = cc
		}
	}
	if n.Shadow != nil {
		c.Shadow = cp.node(n.Shadow)
		c.Shadow.Parent = nil
		c.Shadow.w().host = c
	}
	if n.Doc != nil {
		c.Doc = cp.node(n.Doc)
	}
	if h := n.Host(); h != nil {
		c.w().host = cp.node(h)
	}
	if f := n.Frame(); f != nil {
		c.w().frame = cp.node(f)
	}
	return c
}

// Walk calls f for every node of the document, in tree order, descending
// into shadow roots and iframe documents (after their host element).
func (t *Tree) Walk(f func(*Node)) {
	var walk func(*Node)
	walk = func(n *Node) {
		f(n)
		if n.Shadow != nil {
			walk(n.Shadow)
		}
		if n.Doc != nil {
			walk(n.Doc)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	if t.Doc != nil {
		walk(t.Doc)
	}
}

// SizeEstimate approximates the bytes a clone of this tree holds of its
// own: node structs, attribute and child slices and the mirror. String data
// is shared between clones and not counted.
func (t *Tree) SizeEstimate() int64 {
	const (
		perNode   = 144
		perRare   = 160
		perAttr   = 32
		perChild  = 8
		perSlot   = 8  // a slot of the mirror's slice
		perSparse = 48 // an id in the mirror's map
	)
	var size int64
	t.Walk(func(n *Node) {
		size += perNode + int64(len(n.Attrs))*perAttr + int64(len(n.Children))*perChild
		if n.x != nil {
			size += perRare
			if n.x.sheet != nil {
				size += int64(len(n.x.sheet.Rules)) * 128
			}
		}
	})
	size += t.mirror.Bytes(perSlot, perSparse)
	for _, s := range t.Sheets {
		size += int64(len(s.Rules)) * 128
	}
	return size
}
