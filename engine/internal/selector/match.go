package selector

import (
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
)

// ParentFunc returns the element a selector treats as n's parent, or nil.
// The default (DefaultParent) crosses shadow roots to their host; the
// masker also crosses iframe documents to their <iframe>, so that a rule
// like `.private *` covers everything the user sees inside.
type ParentFunc func(n *vdom.Node) *vdom.Node

// DefaultParent is n's parent element, crossing a shadow root to its host
// when the shadow root's Parent links it (callers that track hosts
// themselves, like the masker, pass their own ParentFunc).
func DefaultParent(n *vdom.Node) *vdom.Node {
	p := n.Parent
	if p != nil && p.Kind == vdom.ShadowRootKind {
		p = p.Parent
	}
	if p == nil || p.Kind != vdom.ElementKind {
		return nil
	}
	return p
}

// Match reports whether element n matches s (DefaultParent ancestry).
func (s *Selector) Match(n *vdom.Node) bool { return s.MatchWith(n, DefaultParent) }

// MatchWith reports whether element n matches s, with parent giving the
// ancestry used by the descendant and child combinators. Sibling
// combinators look at n's element siblings within its own parent (light
// DOM list or shadow root).
func (s *Selector) MatchWith(n *vdom.Node, parent ParentFunc) bool {
	if s == nil || n == nil || n.Kind != vdom.ElementKind {
		return false
	}
	if parent == nil {
		parent = DefaultParent
	}
	for i := range s.list {
		if s.list[i].match(n, 0, parent) == matched {
			return true
		}
	}
	return false
}

// result is a match outcome with Servo's pruning hints: they stop the
// backtracking search early so that chains of descendant and sibling
// combinators cost time linear in the tree, not exponential.
type result uint8

const (
	matched result = iota
	// retrySibling: an earlier sibling of the element may still match.
	retrySibling
	// retryAncestor: no sibling can help, but a further ancestor may.
	retryAncestor
	// failGlobal: no other candidate can match (ran out of ancestors).
	failGlobal
)

// match matches n against parts[k] and, leftwards, the rest.
func (c *complexSel) match(n *vdom.Node, k int, parent ParentFunc) result {
	part := &c.parts[k]
	if !part.match(n, parent) {
		return retrySibling
	}
	if k+1 == len(c.parts) {
		return matched
	}
	comb := part.comb
	next := func(x *vdom.Node) *vdom.Node {
		if comb == combChild || comb == combDescendant {
			return parent(x)
		}
		return prevElement(x)
	}
	notFound := failGlobal
	if comb == combNext || comb == combSubsequent {
		notFound = retryAncestor
	}
	for x := next(n); ; x = next(x) {
		if x == nil {
			return notFound
		}
		r := c.match(x, k+1, parent)
		switch {
		case r == matched || comb == combNext:
			return r
		case r == retrySibling && comb == combChild:
			return retryAncestor
		case r == failGlobal, r == retryAncestor && comb != combDescendant, comb == combChild:
			return r
		}
	}
}

// prevElement is the element sibling before n, or nil.
func prevElement(n *vdom.Node) *vdom.Node {
	p := n.Parent
	if p == nil {
		return nil
	}
	idx := -1
	for i, c := range p.Children {
		if c == n {
			idx = i
			break
		}
	}
	for i := idx - 1; i >= 0; i-- {
		if p.Children[i].Kind == vdom.ElementKind {
			return p.Children[i]
		}
	}
	return nil
}

func (c *compound) match(n *vdom.Node, parent ParentFunc) bool {
	if c.tag != "" && !strings.EqualFold(c.tag, n.Tag) {
		return false
	}
	for _, id := range c.ids {
		if v, ok := attr(n, "id"); !ok || v != id {
			return false
		}
	}
	if len(c.cls) > 0 {
		v, ok := attr(n, "class")
		if !ok {
			return false
		}
		for _, want := range c.cls {
			if !hasWord(v, want, false) {
				return false
			}
		}
	}
	for i := range c.attrs {
		if !c.attrs[i].match(n) {
			return false
		}
	}
	for _, s := range c.not {
		if s.MatchWith(n, parent) {
			return false
		}
	}
	for _, s := range c.is {
		if !s.MatchWith(n, parent) {
			return false
		}
	}
	return true
}

// attr looks an attribute up by ASCII case-insensitive name, as HTML does.
func attr(n *vdom.Node, name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name == name || strings.EqualFold(a.Name, name) {
			return a.Value, true
		}
	}
	return "", false
}

func (a *attrSel) match(n *vdom.Node) bool {
	v, ok := attr(n, a.name)
	if !ok {
		return false
	}
	want := a.val
	if a.ifold {
		v, want = strings.ToLower(v), strings.ToLower(want)
	}
	switch a.op {
	case opExists:
		return true
	case opEq:
		return v == want
	case opPrefix:
		return want != "" && strings.HasPrefix(v, want)
	case opSuffix:
		return want != "" && strings.HasSuffix(v, want)
	case opContains:
		return want != "" && strings.Contains(v, want)
	case opWord:
		return hasWord(v, want, false)
	case opDash:
		return v == want || strings.HasPrefix(v, want+"-")
	}
	return false
}

// hasWord reports whether the whitespace-separated list v contains w. A w
// with whitespace in it never equals a token, so it needs no check of its
// own (this runs for every class selector on every element tested).
func hasWord(v, w string, fold bool) bool {
	if w == "" {
		return false
	}
	for len(v) > 0 {
		i := 0
		for i < len(v) && isSpace(v[i]) {
			i++
		}
		j := i
		for j < len(v) && !isSpace(v[j]) {
			j++
		}
		if tok := v[i:j]; tok == w || (fold && strings.EqualFold(tok, w)) {
			return true
		}
		v = v[j:]
	}
	return false
}

// Features describes what a selector depends on, so that a caller can
// decide which elements to re-match after a DOM change.
type Features struct {
	// Attrs are the lower-cased attribute names read ("class" for .c,
	// "id" for #i). A change to any other attribute cannot change a match.
	Attrs []string
	// Ancestors is true when a match depends on ancestors (descendant or
	// child combinators), so an ancestor's change can change it.
	Ancestors bool
	// Siblings is true when a match depends on earlier siblings (+, ~).
	Siblings bool
}

// Features reports what s depends on.
func (s *Selector) Features() Features {
	var f Features
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			f.Attrs = append(f.Attrs, name)
		}
	}
	var walk func(*Selector)
	walk = func(s *Selector) {
		for _, cx := range s.list {
			for _, c := range cx.parts {
				switch c.comb {
				case combChild, combDescendant:
					f.Ancestors = true
				case combNext, combSubsequent:
					f.Siblings = true
				}
				if len(c.ids) > 0 {
					add("id")
				}
				if len(c.cls) > 0 {
					add("class")
				}
				for _, a := range c.attrs {
					add(a.name)
				}
				for _, x := range c.not {
					walk(x)
				}
				for _, x := range c.is {
					walk(x)
				}
			}
		}
	}
	walk(s)
	return f
}
