package selector

import (
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
)

// el builds an element; attrs is "name=value" pairs separated by '|'.
func el(tag, attrs string, kids ...*vdom.Node) *vdom.Node {
	n := &vdom.Node{Kind: vdom.ElementKind, Tag: tag}
	if attrs != "" {
		for _, kv := range strings.Split(attrs, "|") {
			k, v, _ := strings.Cut(kv, "=")
			n.Attrs = append(n.Attrs, vdom.Attr{Name: k, Value: v})
		}
	}
	for _, k := range kids {
		k.Parent = n
		n.Children = append(n.Children, k)
	}
	return n
}

func text(s string) *vdom.Node { return &vdom.Node{Kind: vdom.TextKind, Data: s} }

// fixture is:
//
//	<body class="page">
//	  <form id="f" class="checkout form">
//	    <input id="pw" type="password" autocomplete="new-password">
//	    text
//	    <input id="cc" name="cc-number" autocomplete="cc-number" lang="en-US" data-x="A b">
//	    <p id="p1" class="private">hi</p>
//	    <p id="p2">x</p>
//	    <host id="h"> shadow: <span id="s" class="in-shadow"></span> </host>
//	  </form>
//	</body>
func fixture() (root *vdom.Node, byID map[string]*vdom.Node) {
	span := el("span", "id=s|class=in-shadow")
	host := el("host", "id=h")
	sr := &vdom.Node{Kind: vdom.ShadowRootKind, Parent: host, Children: []*vdom.Node{span}}
	span.Parent = sr
	host.Shadow = sr
	root = el("body", "class=page",
		el("form", "id=f|class=checkout  form",
			el("input", "id=pw|type=password|autocomplete=new-password"),
			text("text"),
			el("input", "id=cc|name=cc-number|autocomplete=cc-number|lang=en-US|data-x=A b"),
			el("p", "id=p1|class=private", text("hi")),
			el("p", "id=p2", text("x")),
			host,
		))
	byID = map[string]*vdom.Node{}
	var walk func(*vdom.Node)
	walk = func(n *vdom.Node) {
		if v, ok := n.Attr("id"); ok {
			byID[v] = n
		}
		for _, c := range n.Children {
			walk(c)
		}
		if n.Shadow != nil {
			walk(n.Shadow)
		}
	}
	walk(root)
	return root, byID
}

func TestMatch(t *testing.T) {
	_, by := fixture()
	tests := []struct {
		sel  string
		node string
		want bool
	}{
		{"input", "pw", true},
		{"INPUT", "pw", true},
		{"p", "pw", false},
		{"*", "pw", true},
		{"#pw", "pw", true},
		{"#PW", "pw", false},
		{".private", "p1", true},
		{".private", "p2", false},
		{".checkout.form", "f", true},
		{".checkout.nope", "f", false},
		{"[type]", "pw", true},
		{"[TYPE]", "pw", true},
		{"[type]", "cc", false},
		{"[type=password]", "pw", true},
		{`[type="password"]`, "pw", true},
		{"[type='PASSWORD']", "pw", false},
		{"[type='PASSWORD' i]", "pw", true},
		{"[type=PASSWORD s]", "pw", false},
		{"[autocomplete^=cc-]", "cc", true},
		{"[autocomplete^=cc-]", "pw", false},
		{"[autocomplete$=password]", "pw", true},
		{"[autocomplete*=w-pa]", "pw", true},
		{"[autocomplete*='']", "pw", false},
		{"[data-x~=b]", "cc", true},
		{"[data-x~=B]", "cc", false},
		{"[data-x~=B i]", "cc", true},
		{"[lang|=en]", "cc", true},
		{"[lang|=en-US]", "cc", true},
		{"[lang|=e]", "cc", false},
		{"input:not([type=password])", "cc", true},
		{"input:not([type=password])", "pw", false},
		{"input:not(.a, #pw)", "pw", false},
		{":is(p, input)[autocomplete]", "cc", true},
		{":where(.private, .x)", "p1", true},
		{":is(.a)", "p1", false},
		{"form input", "cc", true},
		{"body input", "cc", true},
		{"body > input", "cc", false},
		{"form > input", "cc", true},
		{"body > form > p.private", "p1", true},
		{"input + p", "p1", true},
		{"input + p", "p2", false},
		{"#pw + input", "cc", true}, // the text node between does not count
		{"#pw ~ p", "p2", true},
		{"p ~ #pw", "pw", false},
		{"#pw ~ p + p", "p2", true},
		{".page .checkout p:not(.private)", "p2", true},
		{"form span", "s", true}, // shadow content is inside its host
		{"host > span", "s", true},
		{"p, span.in-shadow", "s", true},
		{"p , input", "pw", true},
		{"div, a", "pw", false},
		{"form   >   input[id=cc]", "cc", true},
	}
	for _, tt := range tests {
		s, err := Parse(tt.sel)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.sel, err)
			continue
		}
		if got := s.Match(by[tt.node]); got != tt.want {
			t.Errorf("%q on #%s = %v, want %v", tt.sel, tt.node, got, tt.want)
		}
	}
}

func TestMatchNonElements(t *testing.T) {
	s := MustParse("*")
	var nilSel *Selector
	if s.Match(text("x")) || s.Match(nil) || nilSel.Match(el("p", "")) {
		t.Fatal("only elements match")
	}
}

func TestMatchWithCustomParent(t *testing.T) {
	// An iframe's document has no Parent in the vdom; the masker's parent
	// function links it to the <iframe>.
	inner := el("input", "id=x")
	doc := &vdom.Node{Kind: vdom.DocumentKind, Children: []*vdom.Node{el("html", "", el("body", "", inner))}}
	doc.Children[0].Parent = doc
	frame := el("iframe", "class=private")
	parent := func(n *vdom.Node) *vdom.Node {
		p := n.Parent
		if p == doc {
			return frame
		}
		if p == nil || p.Kind != vdom.ElementKind {
			return nil
		}
		return p
	}
	s := MustParse(".private input")
	if s.Match(inner) {
		t.Fatal("default parent must stop at the document")
	}
	if !s.MatchWith(inner, parent) {
		t.Fatal("custom parent should cross into the iframe")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ sel, want string }{
		{"", "selector expected"},
		{"  ", "selector expected"},
		{"a,", "selector expected"},
		{",a", "selector expected before \",\""},
		{"a >", "selector expected"},
		{"a > > b", "unexpected \">\""},
		{"a:hover", "pseudo-class :hover is not supported"},
		{"li:nth-child(2)", "pseudo-class :nth-child() is not supported"},
		{"p::before", "pseudo-elements are not supported"},
		{"svg|rect", "namespace prefixes are not supported"},
		{"[xlink|href]", "namespace prefixes are not supported"},
		{"[a", "missing ']'"},
		{"[a=]", "name expected"},
		{"[a=b c]", "missing ']'"},
		{"[a!=b]", "unexpected \"!\""},
		{"[a^b]", "expected '='"},
		{"[a='b]", "unterminated string"},
		{"#1a", "not a valid name"},
		{".-1", "not a valid name"},
		{"a:not(b", "missing ')'"},
		{"a:not()", "selector expected"},
		{"a{", "unexpected \"{\""},
		{"a\\", "escape at end"},
		{strings.Repeat(":not(", 40) + "a" + strings.Repeat(")", 40), "nesting deeper"},
		{"a:not(b c)", ":not() takes compound selectors only"},
		{":is(a > b)", ":is() takes compound selectors only"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.sel)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error containing %q", tt.sel, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want it to contain %q", tt.sel, err, tt.want)
		}
		if !strings.Contains(err.Error(), "selector ") {
			t.Errorf("Parse(%q) error %v does not name the selector", tt.sel, err)
		}
	}
}

func TestEscapes(t *testing.T) {
	n := el("p", "id=1a|class=a:b c.d")
	for _, sel := range []string{`#\31 a`, `.a\:b`, `.c\.d`, `[class~="a:b"]`, `p[id='1\61']`} {
		if !MustParse(sel).Match(n) {
			t.Errorf("%q should match", sel)
		}
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		sel      string
		attrs    string
		anc, sib bool
	}{
		{"input", "", false, false},
		{"#a.b[c^=d]", "id,class,c", false, false},
		{".x input", "class", true, false},
		{"a > b", "", true, false},
		{"a + b", "", false, true},
		{"p ~ q:not(.q)", "class", false, true},
		{":is([Data-Y])", "data-y", false, false},
	}
	for _, tt := range tests {
		f := MustParse(tt.sel).Features()
		if got := strings.Join(f.Attrs, ","); got != tt.attrs || f.Ancestors != tt.anc || f.Siblings != tt.sib {
			t.Errorf("Features(%q) = %q anc=%v sib=%v, want %q %v %v", tt.sel, got, f.Ancestors, f.Siblings, tt.attrs, tt.anc, tt.sib)
		}
	}
}

func TestString(t *testing.T) {
	if got := MustParse("  a ,  b  ").String(); got != "  a ,  b  " {
		t.Fatalf("String = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"a", "#x.y[z^='w' i] > p + q ~ r", ":not(:is(a, b))", "[a|=b]", "\\31 a", "a,b", "::x", "[x"} {
		f.Add(s)
	}
	_, by := fixture()
	deep := deepFixture()
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse(src)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		// A parsed selector must match without panicking, and re-parsing
		// its own source must give an equivalent selector.
		s2, err := Parse(s.String())
		if err != nil {
			t.Fatalf("re-parse of %q (from %q): %v", s.String(), src, err)
		}
		for _, n := range by {
			if s.Match(n) != s2.Match(n) {
				t.Fatalf("%q and its re-parse disagree on %v", src, n.Attrs)
			}
		}
		parts := 0
		for _, cx := range s.list {
			parts += len(cx.parts)
		}
		for i, n := range deep {
			if parts > 6 {
				break // the unpruned oracle is exponential in the chain length
			}
			if s.Match(n) != naive(s, n) {
				t.Fatalf("%q on deep node %d: pruned and naive matchers disagree", src, i)
			}
		}
		_ = s.Features()
	})
}

// naiveMatch is the textbook backtracking matcher without pruning, the
// oracle for the pruned one.
func naiveMatch(c *complexSel, n *vdom.Node, k int) bool {
	part := &c.parts[k]
	if !part.match(n, DefaultParent) {
		return false
	}
	if k+1 == len(c.parts) {
		return true
	}
	switch part.comb {
	case combChild:
		p := DefaultParent(n)
		return p != nil && naiveMatch(c, p, k+1)
	case combDescendant:
		for p := DefaultParent(n); p != nil; p = DefaultParent(p) {
			if naiveMatch(c, p, k+1) {
				return true
			}
		}
	case combNext:
		p := prevElement(n)
		return p != nil && naiveMatch(c, p, k+1)
	case combSubsequent:
		for p := prevElement(n); p != nil; p = prevElement(p) {
			if naiveMatch(c, p, k+1) {
				return true
			}
		}
	}
	return false
}

func naive(s *Selector, n *vdom.Node) bool {
	for i := range s.list {
		if naiveMatch(&s.list[i], n, 0) {
			return true
		}
	}
	return false
}

// deepFixture is a tree of nested divs and p siblings with classes a/b.
func deepFixture() []*vdom.Node {
	var all []*vdom.Node
	var build func(depth int) *vdom.Node
	build = func(depth int) *vdom.Node {
		cls := []string{"a", "b", "a b", ""}[depth%4]
		n := el([]string{"div", "p", "span"}[depth%3], "class="+cls)
		all = append(all, n)
		if depth < 12 {
			for i := 0; i < 2; i++ {
				c := build(depth + 1 + i)
				c.Parent = n
				n.Children = append(n.Children, c)
			}
		}
		return n
	}
	build(0)
	return all
}

func TestPrunedMatchesNaive(t *testing.T) {
	nodes := deepFixture()
	sels := []string{
		".a .b", ".a > .b", ".a + .b", ".a ~ .b", "div .a > p", "div ~ p .a", ".a .a .a .a .b",
		"div > div + p", "span ~ div > .b", ".b ~ .a .b", ".a > .a ~ .b > .a", "* * * * * * p",
		"div p span div", ".a + .a + .a", ".a ~ .b ~ .a .b",
	}
	for _, src := range sels {
		s := MustParse(src)
		for i, n := range nodes {
			if got, want := s.Match(n), naive(s, n); got != want {
				t.Errorf("%q on node %d: pruned %v, naive %v", src, i, got, want)
			}
		}
	}
}

func TestDeepChainIsFast(t *testing.T) {
	// 60 nested divs; a 30-part descendant chain that cannot match would
	// take C(60,30) steps without pruning.
	leaf := el("div", "")
	n := leaf
	for i := 0; i < 60; i++ {
		p := el("div", "")
		n.Parent = p
		p.Children = []*vdom.Node{n}
		n = p
	}
	s := MustParse(".x " + strings.Repeat("div ", 29) + "div")
	if s.Match(leaf) {
		t.Fatal("must not match")
	}
}
