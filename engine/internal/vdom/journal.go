package vdom

// journal gives nodes their handles and, while on, records which nodes
// changed and how, so that a player can be sent just the changes (see
// ops.go). Each tree lineage has one; a clone gets its own copy.
type journal struct {
	next  int32
	on    bool
	dirty []*Node
	// textHostNests: an element was ever inserted into a style, textarea,
	// option, optgroup or title element of this lineage (see contentChanged).
	textHostNests bool
}

// Dirty flags: what about a node changed since the last flush.
const (
	dirtyKids    uint8 = 1 << iota // child list
	dirtyAttrs                     // attributes
	dirtyText                      // text/comment data
	dirtyForm                      // live value, checkedness, selection
	dirtyCSS                       // a <style>'s rendered CSS
	dirtyScroll                    // scroll position
	dirtyAdopted                   // adopted constructed sheets
	dirtyDoc                       // an iframe's document (re)attached
)

// dirtyShadow marks an element that got a shadow root; the root's children
// travel with it.
const dirtyShadow = dirtyDoc

func (j *journal) adopt(n *Node) *Node {
	if j == nil {
		return n
	}
	j.next++
	n.H = j.next
	n.j = j
	return n
}

func (n *Node) mark(f uint8) {
	if n.j == nil || !n.j.on {
		return
	}
	if n.dirty == 0 {
		n.j.dirty = append(n.j.dirty, n)
	}
	n.dirty |= f
}

func (t *Tree) jr() *journal {
	if t.j == nil {
		t.j = &journal{}
	}
	return t.j
}

// newNode assigns a handle to a node created by the tree.
func (t *Tree) newNode(n *Node) *Node { return t.jr().adopt(n) }
