package mask

import (
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/selector"
	"github.com/reprise-dev/reprise/engine/internal/vdom"
)

// Per-element flags, keyed by node id and sticky for the page: once an
// element matched, it stays masked/excluded/secret even if it stops
// matching or moves, because what it held was private.
const (
	fMask   uint8 = 1 << iota // matched a mask selector
	fExcl                     // matched an exclude selector
	fSecret                   // a password / card / one-time-code / hidden field
)

// vpolicy is how a form value is masked.
type vpolicy uint8

const (
	vNone vpolicy = iota // clear (card numbers still scrubbed)
	vText                // '*' per non-whitespace character (mask selectors)
	vFull                // '*' per character (inputs, as rrweb masks them)
)

// ctx is what a node inherits from its ancestors.
type ctx struct {
	hidden bool    // a strict ancestor is excluded: the node is not emitted
	masked bool    // the node or an ancestor matched a mask selector
	code   bool    // the node is or is inside <style>/<script>: CSS/JS, not text
	owner  vpolicy // the value policy of the parent <textarea>/<select> (through <optgroup>)
	form   bool    // the parent is a <textarea>: its text is a form value
}

// parentOf is the composed parent: shadow roots lead to their host and an
// iframe's document to its <iframe>, so that rules cover what the user
// sees inside them.
func (t *tab) parentOf(n *vdom.Node) *vdom.Node {
	switch {
	case n.Parent != nil:
		return n.Parent
	case n.Kind == vdom.ShadowRootKind:
		return n.Host()
	case n.Kind == vdom.DocumentKind:
		return n.Frame() // nil for the top document
	}
	return nil
}

// elementParent is parentOf restricted to elements, for selector matching.
func (t *tab) elementParent(n *vdom.Node) *vdom.Node {
	for p := t.parentOf(n); p != nil; p = t.parentOf(p) {
		if p.Kind == vdom.ElementKind {
			return p
		}
	}
	return nil
}

// at is the context of n (its own flags included). Results are cached
// across events, since most events change neither links nor flags (see
// ctxCache): the cache is told when links change (a full snapshot, a
// batch that reshapes the tree: see relink) and when flags or tag names
// change (evaluate, relink; the mask flag of a text node from the next
// event on, see maskTextOf), so that a cached result is always what
// walking the ancestors would give.
func (t *tab) at(n *vdom.Node) ctx {
	if n == nil {
		return ctx{}
	}
	p := t.parentOf(n)
	if e := t.cache.entry(n); e != nil {
		if e.epoch == t.cache.epoch {
			return e.c
		}
		if e.ph == handle(p) {
			// Links changed since: the entry counts if the parent's
			// does and is the one it was derived from.
			pstamp := e.pstamp
			ok := p == nil
			if !ok {
				t.at(p)
				pe := t.cache.entry(p)
				ok = pe != nil && pe.stamp == pstamp
			}
			if ok {
				e.epoch = t.cache.epoch
				return e.c
			}
		}
	}
	var c ctx
	var pstamp uint64
	if p != nil {
		c = t.step(t.at(p), p)
		pe := t.cache.entry(p)
		if pe == nil {
			// An uncached parent (no id): n's entry could not be checked.
			return t.self(c, n)
		}
		pstamp = pe.stamp
	}
	c = t.self(c, n)
	t.cache.put(n, p, pstamp, c)
	return c
}

// step derives a child's context from its parent p's context pc.
func (t *tab) step(pc ctx, p *vdom.Node) ctx {
	c := ctx{hidden: pc.hidden, masked: pc.masked, code: pc.code}
	if p != nil && p.Kind == vdom.ElementKind {
		if t.flags.Get(p.ID)&fExcl != 0 {
			c.hidden = true
		}
		switch p.Tag {
		case "textarea":
			c.owner, c.form = t.valuePolicy(p, pc), true
		case "select":
			c.owner = t.valuePolicy(p, pc)
		case "optgroup":
			c.owner = pc.owner
		}
	}
	return c
}

// self folds n's own flags into the context it inherited. A text node
// that was shown masked once stays masked (moving it out of a masked
// element does not make it public).
func (t *tab) self(c ctx, n *vdom.Node) ctx {
	if n.Kind != vdom.ElementKind && n.ID != 0 && t.flags.Get(n.ID)&fMask != 0 {
		c.masked = true
	}
	if n.Kind == vdom.ElementKind {
		if t.flags.Get(n.ID)&fMask != 0 {
			c.masked = true
		}
		if n.Tag == "style" || n.Tag == "script" {
			c.code = true
		}
	}
	return c
}

// dropCache invalidates at() results (flags or links changed).
func (t *tab) dropCache() { t.cache.drop() }

// newTree starts an empty DOM (the next full snapshot fills it).
func (t *tab) newTree() {
	t.tree = &vdom.Tree{}
	t.cache.reset()
}

// excluded reports whether element n itself is an excluded placeholder.
func (t *tab) excluded(n *vdom.Node) bool {
	return n != nil && n.Kind == vdom.ElementKind && t.flags.Get(n.ID)&fExcl != 0
}

// emitted reports whether n is present in the masked output's DOM.
func (t *tab) emitted(n *vdom.Node) bool {
	if n == nil {
		return false
	}
	return !t.anyExcl || !t.at(n).hidden // nothing is hidden until something is excluded
}

// valuePolicy is the masking of form control n's value, c being n's context.
func (t *tab) valuePolicy(n *vdom.Node, c ctx) vpolicy {
	switch {
	case t.flags.Get(n.ID)&fSecret != 0:
		return vFull
	case !t.r.capture && textLike(n):
		return vFull
	case c.masked:
		return vText
	}
	return vNone
}

// textLike: controls whose value is what the user typed or chose (rrweb's
// maskAllInputs set). Checkbox/radio/button values are page-authored.
func textLike(n *vdom.Node) bool {
	switch n.Tag {
	case "textarea", "select":
		return true
	case "input":
		switch n.InputType() {
		case "checkbox", "radio", "submit", "reset", "button", "image":
			return false
		}
		return true
	}
	return false
}

// formControl reports whether n has a user value (input, textarea, select).
func formControl(n *vdom.Node) bool {
	return n.Kind == vdom.ElementKind && (n.Tag == "input" || n.Tag == "textarea" || n.Tag == "select")
}

// applyValue masks a form value under policy p.
func applyValue(p vpolicy, s string) string {
	switch p {
	case vFull:
		return maskValue(s)
	case vText:
		return maskText(s)
	}
	s, _ = scrubCards(s, true)
	return s
}

// maskTextOf masks text node n's data s in context c, remembering that
// it was masked.
func (t *tab) maskTextOf(n *vdom.Node, c ctx, s string) string {
	if c.masked && !c.code && n != nil && n.ID != 0 && n.Kind != vdom.ElementKind && t.flags.Get(n.ID)&fMask == 0 {
		// Every decision within one event sees the contexts the event
		// started with; the flag shows in at() from the next event on.
		t.flags.Set(n.ID, t.flags.Get(n.ID)|fMask)
		t.staleCache = true
		t.anyMask = true
	}
	return maskTextNode(c, s)
}

// maskTextNode masks the data of a text or comment node in context c.
func maskTextNode(c ctx, s string) string {
	switch {
	case c.form:
		return applyValue(c.owner, s)
	case c.masked && !c.code:
		return maskText(s)
	}
	return s
}

// attrAction is what happens to one attribute value.
type attrAction uint8

const (
	attrKeep attrAction = iota
	attrMask
	attrDrop
)

// maskAttr decides the fate of attribute name on element n (context c)
// and returns the masked value when attrMask.
func (t *tab) maskAttr(n *vdom.Node, c ctx, name, val string) (attrAction, string) {
	lname := strings.ToLower(name)
	switch {
	case lname == "value" && formControl(n) && (n.Tag != "input" || textLike(n) || t.flags.Get(n.ID)&fSecret != 0):
		m := applyValue(t.valuePolicy(n, c), val)
		if m == val {
			return attrKeep, val
		}
		return attrMask, m
	case lname == "selected" && n.Tag == "option" && c.owner != vNone:
		return attrDrop, ""
	case c.masked && isMaskedAttribute(lname):
		if m := maskText(val); m != val {
			return attrMask, m
		}
	}
	return attrKeep, val
}

// isSecret applies the always-on defaults to element n.
func isSecret(n *vdom.Node) bool {
	if n.Tag == "input" {
		switch n.InputType() {
		case "password", "hidden":
			return true
		}
		if _, ok := n.Attr("data-rr-is-password"); ok {
			return true
		}
	}
	ac, ok := n.Attr("autocomplete")
	if !ok {
		return false
	}
	for _, tok := range strings.Fields(strings.ToLower(ac)) {
		switch {
		case tok == "current-password", tok == "new-password", tok == "one-time-code", strings.HasPrefix(tok, "cc-"):
			return true
		}
	}
	return false
}

// evaluate matches element n against the rules and records new flags; it
// returns the bits that were not set before.
func (t *tab) evaluate(n *vdom.Node) uint8 {
	if n == nil || n.Kind != vdom.ElementKind {
		return 0
	}
	if n.ID == 0 {
		return 0
	}
	old := t.flags.Get(n.ID)
	f := old
	if f&fMask == 0 && t.matchAny(t.r.mask, n) {
		f |= fMask
	}
	if f&fExcl == 0 && t.matchAny(t.r.exclude, n) {
		f |= fExcl
	}
	if f&fSecret == 0 && isSecret(n) {
		f |= fSecret
	}
	if f == old {
		return 0
	}
	t.flags.Set(n.ID, f)
	t.dropCache()
	if f&fExcl != 0 {
		t.anyExcl = true
	}
	if f&fMask != 0 {
		t.anyMask = true
	}
	return f &^ old
}

func (t *tab) matchAny(sels []*selector.Selector, n *vdom.Node) bool {
	for _, s := range sels {
		if s.MatchWith(n, t.elementParent) {
			return true
		}
	}
	return false
}

// children calls f for each composed child of n: light children, shadow
// children (shadow true) and an iframe's document.
func children(n *vdom.Node, f func(c *vdom.Node, shadow bool)) {
	for _, c := range n.Children {
		f(c, false)
	}
	if n.Shadow != nil {
		for _, c := range n.Shadow.Children {
			f(c, true)
		}
	}
	if n.Doc != nil {
		f(n.Doc, false)
	}
}
