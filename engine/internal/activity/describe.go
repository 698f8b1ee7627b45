package activity

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
)

// Limits of a target description.
const (
	MaxTextLen       = 60 // runes of visible text / label text
	MaxClasses       = 10 // classes listed in Target.Classes
	MaxPathSegments  = 10 // nearest ancestors in Target.Selector
	maxSegClasses    = 3  // classes per selector segment and in the name
	maxTextScanNodes = 2000
)

// Target describes the element a click or an input change was aimed at, as
// the DOM was at that moment. It never holds a form control's value.
type Target struct {
	NodeID   int      `json:"nodeId,omitempty"`
	Tag      string   `json:"tag"`
	ID       string   `json:"id,omitempty"`
	Classes  []string `json:"classes,omitempty"`
	Text     string   `json:"text,omitempty"`
	Selector string   `json:"selector,omitempty"`
	// Form fields: input type, name attribute, label text.
	Type  string `json:"type,omitempty"`
	Name  string `json:"name,omitempty"`
	Label string `json:"label,omitempty"`
}

// Describe describes node id of tree for a click: tag, id, classes, short
// visible text and CSS path. It returns nil when the node is unknown.
func Describe(tree *vdom.Tree, id int) *Target {
	n := tree.Node(id)
	if n == nil {
		return nil
	}
	t := &Target{NodeID: id, Tag: tagOf(n)}
	if n.Kind != vdom.ElementKind {
		return t
	}
	t.ID = attrTrim(n, "id")
	t.Classes = classes(n, MaxClasses)
	t.Selector = selector(tree, n)
	if n.Tag == "input" {
		t.Type = n.InputType()
	}
	if nm, ok := n.Attr("name"); ok && isFormControl(n) {
		t.Name = strings.TrimSpace(nm)
	}
	t.Text = visibleText(n)
	if isFormControl(n) {
		t.Label = labelText(tree, n)
	}
	return t
}

// DescribeField describes a form field for an input change: identity only
// (tag, type, name, id, label, path), never its value or text. A radio
// button is described by its group (name), not by the option chosen, since
// the option is the value.
func DescribeField(tree *vdom.Tree, id int) *Target {
	n := tree.Node(id)
	if n == nil || n.Kind != vdom.ElementKind {
		return nil
	}
	t := &Target{NodeID: id, Tag: n.Tag}
	if n.Tag == "input" {
		t.Type = n.InputType()
	}
	if nm, ok := n.Attr("name"); ok {
		t.Name = strings.TrimSpace(nm)
	}
	if t.Type == "radio" && t.Name != "" {
		t.NodeID = 0 // the group, not the option chosen
		return t
	}
	t.ID = attrTrim(n, "id")
	t.Classes = classes(n, MaxClasses)
	t.Selector = selector(tree, n)
	t.Label = labelText(tree, n)
	return t
}

// ClickName is the readable one-line name of a clicked target:
// tag#id.class1.class2 "text" (a form control's label stands in for text).
func ClickName(t *Target) string {
	if t == nil {
		return "unknown element"
	}
	var b strings.Builder
	b.WriteString(t.Tag)
	if t.ID != "" {
		b.WriteString("#" + cssIdent(t.ID))
	}
	for i, c := range t.Classes {
		if i == maxSegClasses {
			break
		}
		b.WriteString("." + cssIdent(c))
	}
	switch {
	case t.Text != "":
		b.WriteString(" " + strconv.Quote(t.Text))
	case t.Label != "":
		b.WriteString(" " + strconv.Quote(t.Label))
	}
	return b.String()
}

// FieldName is the readable name of a field: its label, else its name
// attribute, id, or tag/type.
func FieldName(t *Target) string {
	switch {
	case t == nil:
		return "unknown field"
	case t.Label != "":
		return t.Label
	case t.Name != "":
		return t.Name
	case t.ID != "":
		return t.ID
	case t.Type != "":
		return t.Tag + "[type=" + t.Type + "]"
	}
	return t.Tag
}

func tagOf(n *vdom.Node) string {
	switch n.Kind {
	case vdom.ElementKind:
		return n.Tag
	case vdom.DocumentKind:
		return "#document"
	case vdom.TextKind:
		return "#text"
	case vdom.ShadowRootKind:
		return "#shadow-root"
	}
	return "#node"
}

func attrTrim(n *vdom.Node, name string) string {
	v, _ := n.Attr(name)
	return strings.TrimSpace(v)
}

func classes(n *vdom.Node, max int) []string {
	v, _ := n.Attr("class")
	f := strings.Fields(v)
	if len(f) > max {
		f = f[:max]
	}
	if len(f) == 0 {
		return nil
	}
	return f
}

// isFormControl: elements whose content is a user-entered value.
func isFormControl(n *vdom.Node) bool {
	switch n.Tag {
	case "input", "textarea", "select", "option", "optgroup", "datalist":
		return true
	}
	return false
}

// isEditable reports whether n is contentEditable itself (attribute present
// and not "false").
func isEditable(n *vdom.Node) bool {
	v, ok := n.Attr("contenteditable")
	return ok && !strings.EqualFold(strings.TrimSpace(v), "false")
}

// insideValue reports whether n is, or is inside, an element whose text is
// (or may be) a typed value: form controls and contentEditable subtrees.
func insideValue(n *vdom.Node) bool {
	for x := n; x != nil; x = x.Parent {
		if x.Kind == vdom.ElementKind && (isFormControl(x) || isEditable(x)) {
			return true
		}
	}
	return false
}

// visibleText is the short visible text of a click target: its text (form
// controls, contentEditable, script/style/template subtrees skipped), else
// for button-like inputs their value attribute (the label the user sees),
// else aria-label, alt or title.
func visibleText(n *vdom.Node) string {
	if n.Kind != vdom.ElementKind {
		return ""
	}
	if n.Tag == "input" {
		switch n.InputType() {
		case "submit", "button", "reset":
			v, _ := n.Attr("value")
			return shorten(v)
		case "image":
			v, _ := n.Attr("alt")
			return shorten(v)
		}
	}
	if insideValue(n) {
		return ""
	}
	if s := shorten(textOf(n)); s != "" {
		return s
	}
	for _, a := range []string{"aria-label", "alt", "title"} {
		if v, ok := n.Attr(a); ok && strings.TrimSpace(v) != "" {
			return shorten(v)
		}
	}
	return ""
}

// textOf concatenates the text of n's light-DOM descendants, skipping
// subtrees that hold values or no visible text. It stops early once it has
// more than enough text.
func textOf(n *vdom.Node) string {
	var b strings.Builder
	visited := 0
	var walk func(*vdom.Node)
	walk = func(x *vdom.Node) {
		for _, c := range x.Children {
			if b.Len() > 4*MaxTextLen || visited > maxTextScanNodes {
				return
			}
			visited++
			switch c.Kind {
			case vdom.TextKind:
				b.WriteString(c.Data)
			case vdom.ElementKind:
				switch c.Tag {
				case "script", "style", "noscript", "template", "head", "title":
					continue
				}
				sep := !isInline(c.Tag)
				if sep {
					b.WriteByte(' ')
				}
				if isFormControl(c) || isEditable(c) {
					continue
				}
				walk(c)
				if sep {
					b.WriteByte(' ')
				}
			}
		}
	}
	walk(n)
	return b.String()
}

// isInline: phrasing elements that do not separate words.
func isInline(tag string) bool {
	switch tag {
	case "b", "i", "em", "strong", "span", "code", "small", "sub", "sup", "u", "mark", "s", "abbr", "kbd", "q", "font", "bdi", "bdo", "wbr":
		return true
	}
	return false
}

// shorten collapses whitespace and cuts s to MaxTextLen runes, ending a cut
// string with "…".
func shorten(s string) string {
	return truncate(strings.Join(strings.Fields(s), " "), MaxTextLen)
}

func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

// labelText finds a field's label: an ancestor <label>, else a <label
// for=id> in the same document. Only the label's own text counts (controls
// inside it are skipped).
func labelText(tree *vdom.Tree, n *vdom.Node) string {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == vdom.ElementKind && p.Tag == "label" {
			if s := shorten(textOf(p)); s != "" {
				return s
			}
			break
		}
	}
	id := attrTrim(n, "id")
	if id != "" {
		root := n
		for root.Parent != nil {
			root = root.Parent
		}
		if l := findLabelFor(root, id, 0); l != nil {
			if s := shorten(textOf(l)); s != "" {
				return s
			}
		}
	}
	if v, ok := n.Attr("aria-label"); ok {
		return shorten(v)
	}
	return ""
}

func findLabelFor(x *vdom.Node, id string, depth int) *vdom.Node {
	if depth > 512 {
		return nil
	}
	for _, c := range x.Children {
		if c.Kind != vdom.ElementKind {
			continue
		}
		if c.Tag == "label" {
			if f, ok := c.Attr("for"); ok && strings.TrimSpace(f) == id {
				return c
			}
		}
		if l := findLabelFor(c, id, depth+1); l != nil {
			return l
		}
	}
	return nil
}

// selector builds a readable CSS path from below <body> to n, such as
// `main > form#checkout > div.actions > button#submit`: each segment is the
// tag, #id and up to three classes. Shadow-root and iframe boundaries are
// written " >> " (the host / the iframe element comes first). Only the
// MaxPathSegments nearest segments are kept.
func selector(tree *vdom.Tree, n *vdom.Node) string {
	var segs []string
	for x := n; x != nil && len(segs) < MaxPathSegments; {
		switch x.Kind {
		case vdom.ElementKind:
			if (x.Tag == "body" || x.Tag == "html") && x != n {
				x = rootOf(x)
				continue
			}
			segs = append(segs, segment(x))
			x = x.Parent
		case vdom.ShadowRootKind:
			segs = append(segs, ">>")
			if x.Parent != nil {
				x = x.Parent
			} else if tree.Doc != nil {
				x = findOwner(tree.Doc, x, 0)
			} else {
				x = nil
			}
		case vdom.DocumentKind:
			if x == tree.Doc || tree.Doc == nil {
				x = nil
				continue
			}
			fr := findOwner(tree.Doc, x, 0)
			if fr == nil {
				x = nil
				continue
			}
			segs = append(segs, ">>")
			x = fr
		default:
			x = x.Parent
		}
	}
	var b strings.Builder
	boundary := false
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i] == ">>" {
			boundary = true
			continue
		}
		if b.Len() > 0 {
			if boundary {
				b.WriteString(" >> ")
			} else {
				b.WriteString(" > ")
			}
		}
		boundary = false
		b.WriteString(segs[i])
	}
	return b.String()
}

// rootOf climbs from x to the top of its tree (document or detached root).
func rootOf(x *vdom.Node) *vdom.Node {
	for x.Parent != nil && x.Kind != vdom.ShadowRootKind {
		x = x.Parent
	}
	if x.Kind == vdom.ElementKind {
		return nil // detached subtree: stop
	}
	return x
}

func segment(x *vdom.Node) string {
	s := x.Tag
	if id := attrTrim(x, "id"); id != "" && !strings.ContainsAny(id, " \t\n") {
		s += "#" + cssIdent(id)
	}
	for _, c := range classes(x, maxSegClasses) {
		s += "." + cssIdent(c)
	}
	return s
}

// findOwner finds the element whose iframe content document or shadow root
// is target (the vdom does not link those back to their element).
func findOwner(x, target *vdom.Node, depth int) *vdom.Node {
	if depth > 512 {
		return nil
	}
	for _, c := range x.Children {
		if c.Kind != vdom.ElementKind {
			continue
		}
		if c.Doc == target || c.Shadow == target {
			return c
		}
		if c.Doc != nil {
			if f := findOwner(c.Doc, target, depth+1); f != nil {
				return f
			}
		}
		if c.Shadow != nil {
			if f := findOwner(c.Shadow, target, depth+1); f != nil {
				return f
			}
		}
		if f := findOwner(c, target, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// cssIdent escapes s for use as a CSS identifier (CSS.escape rules, ASCII).
func cssIdent(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r == '-', r >= 0x80:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 || (i == 1 && s[0] == '-') {
				b.WriteString(`\3` + string(r) + " ")
			} else {
				b.WriteRune(r)
			}
		case r == 0:
			b.WriteRune('\uFFFD')
		default:
			b.WriteByte('\\')
			b.WriteRune(r)
		}
	}
	return b.String()
}
