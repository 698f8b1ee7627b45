// Package vdom is the engine's virtual DOM: a tree that receives rrweb
// full snapshots and incremental events with the exact semantics of rrweb's
// Replayer (reference §2–§4), plus the live state a browser would hold
// (form values, CSSOM edits, adopted sheets, scroll positions).
package vdom

import (
	"strings"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Kind is a node's DOM type.
type Kind uint8

// Node kinds. ShadowRoot is a node of its own here (rrweb has none on the
// wire) so that shadow children have a real parent.
const (
	DocumentKind Kind = iota
	DoctypeKind
	ElementKind
	TextKind
	CommentKind
	CDATAKind
	ShadowRootKind
)

// Attr is a DOM attribute in insertion order.
type Attr struct {
	Name  string
	Value string
}

// Node is one virtual DOM node. Fields that do not apply to Kind are zero.
// What few nodes use (doctype and document fields, form state, sheets,
// scroll offsets, shadow/frame back links) lives in a separate struct
// that only those nodes get: text nodes and plain elements, nearly every
// node, then take 144 bytes rather than 320, which a seek's copy of a
// keyframe and the masker's page model allocate thousands of.
type Node struct {
	Kind  Kind
	SVG   bool // element: built in the SVG namespace
	dirty uint8
	// H is a handle unique within the tree's lineage (clones keep it): the
	// player addresses DOM nodes by it, since rrweb ids can repeat.
	H int32

	ID       int // serialized id; 0 for nodes rrweb creates without one
	Parent   *Node
	Children []*Node

	// Element
	Tag    string // lower-case tag name as built (link with _cssText → style)
	Attrs  []Attr
	Shadow *Node // open shadow root, if attached
	Doc    *Node // an iframe's content document, if attached

	// Text, comment, CDATA
	Data string

	j *journal

	// meta is the serialized node this node was built from, for rrweb's
	// duplicate protection (isNodeMetaEqual). It is never mutated.
	meta *rrweb.Node

	x *rare // nil while every rare field is zero
}

// rare holds the fields of the few nodes that need them (see Node).
type rare struct {
	host  *Node // for a shadow root: its host element
	frame *Node // for an iframe's document: the iframe element

	// Doctype
	name, publicID, systemID string

	// Document
	compatMode string
	hasDoctype bool // the recorded document had a doctype child when built

	// Live state of form controls: the browser's dirty value/checkedness.
	valueDirty   bool
	checked      bool
	checkedDirty bool
	value        string
	selectValue  *string // last value assigned to a <select> via .value

	// sheet holds a <style>'s rules once CSSOM edited them; nil means the
	// sheet is whatever its text says.
	sheet *Sheet
	// adopted lists, in order, the style ids of the constructed sheets
	// adopted by a document or shadow root (see Tree.Sheets).
	adopted []int

	scrollLeft, scrollTop float64
}

// rv is a copy of n's rare fields (all zero when it has none), for code
// off the hot paths.
func (n *Node) rv() rare {
	if n.x != nil {
		return *n.x
	}
	return rare{}
}

// w is n's rare fields for writing, made on first use.
func (n *Node) w() *rare {
	if n.x == nil {
		n.x = &rare{}
	}
	return n.x
}

// Doctype returns a doctype node's name, public and system ids.
func (n *Node) Doctype() (name, publicID, systemID string) {
	if x := n.x; x != nil {
		return x.name, x.publicID, x.systemID
	}
	return "", "", ""
}

// CompatMode is a document's recorded compatibility mode.
func (n *Node) CompatMode() string {
	if n.x == nil {
		return ""
	}
	return n.x.compatMode
}

// Sheet is a <style>'s CSSOM-edited rules, or nil when its text rules.
func (n *Node) Sheet() *Sheet {
	if n.x == nil {
		return nil
	}
	return n.x.sheet
}

// Adopted lists, in order, the style ids of the constructed sheets adopted
// by a document or shadow root (see Tree.Sheets).
func (n *Node) Adopted() []int {
	if n.x == nil {
		return nil
	}
	return n.x.adopted
}

// Scroll is n's scroll offset.
func (n *Node) Scroll() (left, top float64) {
	if x := n.x; x != nil {
		return x.scrollLeft, x.scrollTop
	}
	return 0, 0
}

// noteDoctype records whether document n has a doctype child now.
func (n *Node) noteDoctype() {
	has := false
	for _, c := range n.Children {
		if c.Kind == DoctypeKind {
			has = true
			break
		}
	}
	if has || n.x != nil {
		n.w().hasDoctype = has
	}
}

// checkedFromAttr makes an <input>'s live checkedness follow its checked
// attribute, as a browser does until the control is dirty.
func (n *Node) checkedFromAttr() {
	if _, c := n.Attr("checked"); c || n.x != nil {
		n.w().checked = c
	}
}

// setScroll sets n's scroll offset (a zero offset on a node without one
// stays free).
func (n *Node) setScroll(left, top float64) {
	if n.x == nil && left == 0 && top == 0 {
		return
	}
	x := n.w()
	x.scrollLeft, x.scrollTop = left, top
}

// Host is a shadow root's host element (nil for other nodes).
func (n *Node) Host() *Node {
	if n.x == nil {
		return nil
	}
	return n.x.host
}

// Frame is the iframe element of an iframe's document (nil otherwise).
func (n *Node) Frame() *Node {
	if n.x == nil {
		return nil
	}
	return n.x.frame
}

// Attr returns the value of attribute name and whether it is present.
func (n *Node) Attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// SetAttr sets attribute name, keeping its position if it exists.
func (n *Node) SetAttr(name, value string) {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			n.Attrs[i].Value = value
			n.attrChanged(name)
			return
		}
	}
	n.Attrs = append(n.Attrs, Attr{Name: name, Value: value})
	n.attrChanged(name)
}

// RemoveAttr removes attribute name if present.
func (n *Node) RemoveAttr(name string) {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			n.Attrs = append(n.Attrs[:i], n.Attrs[i+1:]...)
			n.attrChanged(name)
			return
		}
	}
}

// attrChanged mirrors the HTML content-attribute side effects that matter
// for live form state: a non-dirty checkbox follows its checked attribute.
func (n *Node) attrChanged(name string) {
	n.mark(dirtyAttrs)
	if name == "checked" && n.Tag == "input" && (n.x == nil || !n.x.checkedDirty) {
		n.checkedFromAttr()
	}
}

// InputType is the lower-cased type of an <input> ("text" by default).
func (n *Node) InputType() string {
	t, ok := n.Attr("type")
	if !ok {
		return "text"
	}
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "" {
		return "text"
	}
	return t
}

// insertBefore inserts c into n's children before ref (nil = append),
// detaching c from any previous parent first, as DOM insertBefore does. It
// refuses, as the DOM does (HierarchyRequestError), to insert a node into
// itself or its own descendant, and reports false.
func (n *Node) insertBefore(c, ref *Node) bool {
	if c.isInclusiveAncestorOf(n) || c.Kind == DocumentKind || c.Kind == ShadowRootKind {
		return false
	}
	if ref == c {
		ref = c.nextSibling()
	}
	if c.Parent != nil {
		c.Parent.removeChild(c)
	}
	c.Parent = n
	if c.Kind == ElementKind && n.Kind == ElementKind && n.j != nil && !n.j.textHostNests {
		switch n.Tag {
		case "style", "textarea", "option", "optgroup", "title":
			n.j.textHostNests = true // contentChanged must walk ancestors from now on
		}
	}
	if ref == nil || ref.Parent != n {
		n.Children = append(n.Children, c)
		n.childrenChanged()
		return true
	}
	i := n.indexOf(ref)
	n.Children = append(n.Children, nil)
	copy(n.Children[i+1:], n.Children[i:])
	n.Children[i] = c
	n.childrenChanged()
	return true
}

func (n *Node) appendChild(c *Node) bool { return n.insertBefore(c, nil) }

// isInclusiveAncestorOf reports whether n is d or contains it, across shadow
// roots (to their host) and iframe documents (to their iframe).
func (n *Node) isInclusiveAncestorOf(d *Node) bool {
	for x := d; x != nil; {
		if x == n {
			return true
		}
		switch {
		case x.Parent != nil:
			x = x.Parent
		case x.Host() != nil:
			x = x.Host()
		default:
			x = x.Frame()
		}
	}
	return false
}

func (n *Node) removeChild(c *Node) bool {
	i := n.indexOf(c)
	if i < 0 {
		return false
	}
	copy(n.Children[i:], n.Children[i+1:])
	n.Children[len(n.Children)-1] = nil
	n.Children = n.Children[:len(n.Children)-1]
	c.Parent = nil
	n.childrenChanged()
	return true
}

func (n *Node) indexOf(c *Node) int {
	for i, x := range n.Children {
		if x == c {
			return i
		}
	}
	return -1
}

// childrenChanged resets derived state that a browser recomputes when an
// element's children change: a <style>'s sheet is re-parsed from its text.
func (n *Node) childrenChanged() {
	n.mark(dirtyKids)
	n.contentChanged()
}

// contentChanged propagates a change of n's text content to the elements
// whose rendering derives from it: a <style>'s sheet, a <textarea>'s value.
//
// Such an element is nearly always the changed node's parent: unless one of
// them ever got an element child in this tree's lineage, only n is looked
// at (a text change would otherwise walk every ancestor).
func (n *Node) contentChanged() {
	for p := n; p != nil && p.Kind == ElementKind; p = p.Parent {
		switch p.Tag {
		case "style":
			if p.x != nil {
				p.x.sheet = nil
			}
			p.mark(dirtyCSS)
			return
		case "textarea":
			p.mark(dirtyForm)
			return
		case "option", "optgroup", "title":
			p.mark(dirtyKids)
		}
		if n.j != nil && !n.j.textHostNests {
			return
		}
	}
}

// nextSibling returns the node after n in its parent, or nil.
func (n *Node) nextSibling() *Node {
	if n.Parent == nil {
		return nil
	}
	i := n.Parent.indexOf(n)
	if i >= 0 && i+1 < len(n.Parent.Children) {
		return n.Parent.Children[i+1]
	}
	return nil
}

// contains reports whether d is n or a light-DOM descendant of n.
func (n *Node) contains(d *Node) bool {
	for x := d; x != nil; x = x.Parent {
		if x == n {
			return true
		}
		if x.Kind == ShadowRootKind {
			return false
		}
	}
	return false
}

// TextContent is the concatenated text of n's light-DOM text descendants
// (for text-like nodes, their data).
func (n *Node) TextContent() string {
	switch n.Kind {
	case TextKind, CommentKind, CDATAKind:
		return n.Data
	}
	var b strings.Builder
	var walk func(*Node)
	walk = func(x *Node) {
		for _, c := range x.Children {
			if c.Kind == TextKind || c.Kind == CDATAKind {
				b.WriteString(c.Data)
			} else if c.Kind == ElementKind {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// setTextContent replaces n's children by one text node (none for ""), or
// sets the data of a text-like node.
func (n *Node) setTextContent(s string) {
	switch n.Kind {
	case TextKind, CommentKind, CDATAKind:
		n.Data = s
		n.mark(dirtyText)
		if n.Parent != nil {
			n.Parent.contentChanged()
		}
		return
	}
	for _, c := range n.Children {
		c.Parent = nil
	}
	n.Children = nil
	if s != "" {
		n.Children = []*Node{n.j.adopt(&Node{Kind: TextKind, Data: s, Parent: n})}
	}
	n.childrenChanged()
}
