package vdom

import (
	"strings"
)

// HTML serializes a document as a standalone snapshot (DESIGN.md §4): live
// form state as attributes, open shadow roots as declarative shadow DOM,
// iframe documents as srcdoc, scripts and handlers removed, rrweb's own
// artefacts absent, constructed sheets as <style> elements.
func (t *Tree) HTML(doc *Node) []byte {
	if doc == nil {
		return nil
	}
	w := &htmlWriter{t: t}
	w.b.Grow(64 << 10)
	w.document(doc)
	return []byte(w.b.String())
}

type htmlWriter struct {
	t *Tree
	b strings.Builder
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true,
	"wbr": true, "basefont": true, "bgsound": true, "frame": true, "keygen": true,
}

// rawTextElements hold text the HTML parser does not decode.
var rawTextElements = map[string]bool{
	"style": true, "xmp": true, "noembed": true, "noframes": true,
}

func (w *htmlWriter) document(doc *Node) {
	for _, c := range doc.Children {
		w.node(c, doc)
	}
}

func (w *htmlWriter) node(n *Node, doc *Node) {
	switch n.Kind {
	case DoctypeKind:
		w.b.WriteString("<!DOCTYPE ")
		name, pub, sys := n.Doctype()
		w.b.WriteString(name)
		switch {
		case pub != "":
			w.b.WriteString(` PUBLIC "` + pub + `"`)
			if sys != "" {
				w.b.WriteString(` "` + sys + `"`)
			}
		case sys != "":
			w.b.WriteString(` SYSTEM "` + sys + `"`)
		}
		w.b.WriteString(">")
	case TextKind, CDATAKind:
		escapeText(&w.b, n.Data)
	case CommentKind:
		w.b.WriteString("<!--")
		w.b.WriteString(strings.ReplaceAll(n.Data, "-->", "-- >"))
		w.b.WriteString("-->")
	case ElementKind:
		w.element(n, doc)
	}
}

func (w *htmlWriter) element(n *Node, doc *Node) { w.elementSel(n, doc, noSel) }

// Selection overrides for an <option> whose <select> had a value assigned.
const (
	noSel = iota
	selFalse
	selTrue
)

func (w *htmlWriter) elementSel(n *Node, doc *Node, sel int) {
	if n.Tag == "script" {
		return // scripts never reach a snapshot
	}
	tag := tagName(n)
	w.b.WriteByte('<')
	w.b.WriteString(tag)
	w.attributes(n, sel)
	w.b.WriteByte('>')
	if voidElements[n.Tag] && !n.SVG {
		return
	}
	if n.Shadow != nil {
		w.b.WriteString(`<template shadowrootmode="open">`)
		for _, c := range n.Shadow.Children {
			w.node(c, doc)
		}
		w.adopted(n.Shadow)
		w.b.WriteString("</template>")
	}
	switch {
	case n.Tag == "iframe" && !n.SVG:
		// The document travels in srcdoc; iframe children are inert text.
	case n.Tag == "style":
		css := n.TextContent()
		if s := n.Sheet(); s != nil {
			css = s.CSS()
		}
		w.b.WriteString(escapeRawText(css, tag))
	case n.Tag == "textarea" && !n.SVG:
		w.b.WriteByte('\n')
		escapeText(&w.b, n.LiveValue())
	case rawTextElements[n.Tag] && !n.SVG:
		w.b.WriteString(escapeRawText(n.TextContent(), tag))
	default:
		if (n.Tag == "pre" || n.Tag == "listing") && !n.SVG {
			w.b.WriteByte('\n')
		}
		var sel []bool
		selOK := false
		if n.Tag == "select" {
			sel, selOK = n.SelectedOptions()
		}
		opt := 0
		for _, c := range n.Children {
			if selOK {
				opt = w.withSelection(c, doc, sel, opt)
				continue
			}
			w.node(c, doc)
		}
		if n.Tag == "head" && n.Parent != nil && n.Parent.Tag == "html" && n.Parent.Parent == doc {
			w.adopted(doc)
		}
	}
	w.b.WriteString("</")
	w.b.WriteString(tag)
	w.b.WriteByte('>')
}

// withSelection writes a <select>'s child with the live selection applied
// to its options; opt counts options seen so far.
func (w *htmlWriter) withSelection(c *Node, doc *Node, sel []bool, opt int) int {
	if c.Kind != ElementKind || (c.Tag != "option" && c.Tag != "optgroup") {
		w.node(c, doc)
		return opt
	}
	if c.Tag == "option" {
		w.option(c, sel[opt])
		return opt + 1
	}
	w.b.WriteString("<optgroup")
	w.attributes(c, noSel)
	w.b.WriteByte('>')
	for _, g := range c.Children {
		if g.Kind == ElementKind && g.Tag == "option" {
			w.option(g, sel[opt])
			opt++
			continue
		}
		w.node(g, doc)
	}
	w.b.WriteString("</optgroup>")
	return opt
}

func (w *htmlWriter) option(o *Node, selected bool) {
	if selected {
		w.elementSel(o, nil, selTrue)
	} else {
		w.elementSel(o, nil, selFalse)
	}
}

// adopted writes a document's or shadow root's constructed sheets.
func (w *htmlWriter) adopted(host *Node) {
	for _, id := range host.Adopted() {
		if s := w.t.Sheets[id]; s != nil {
			w.b.WriteString("<style>")
			w.b.WriteString(escapeRawText(s.CSS(), "style"))
			w.b.WriteString("</style>")
		}
	}
}

func (w *htmlWriter) attributes(n *Node, sel int) {
	isInput := n.Tag == "input" && !n.SVG
	typ := ""
	if isInput {
		typ = n.InputType()
	}
	for _, a := range n.Attrs {
		name := a.Name
		lname := strings.ToLower(name)
		switch {
		case !keepAttr(n, name):
			continue
		case isInput && lname == "value" && typ != "checkbox" && typ != "radio":
			continue // written below from the live value
		case isInput && lname == "checked" && (typ == "checkbox" || typ == "radio"):
			continue
		case (n.Tag == "select" || n.Tag == "textarea") && lname == "value":
			continue
		case sel != noSel && lname == "selected":
			continue
		}
		w.attr(name, a.Value)
	}
	if isInput {
		switch typ {
		case "checkbox", "radio":
			if n.Checked() {
				w.b.WriteString(" checked")
			}
		case "file":
		default:
			if v := n.LiveValue(); v != "" {
				w.attr("value", v)
			}
		}
	}
	if sel == selTrue {
		w.b.WriteString(" selected")
	}
	if n.Tag == "iframe" && n.Doc != nil {
		var inner htmlWriter
		inner.t = w.t
		inner.document(n.Doc)
		w.attr("srcdoc", inner.b.String())
	}
}

func (w *htmlWriter) attr(name, value string) {
	w.b.WriteByte(' ')
	w.b.WriteString(name)
	if value == "" {
		return
	}
	w.b.WriteString(`="`)
	escapeAttr(&w.b, value)
	w.b.WriteByte('"')
}

// tagName returns the tag to write: camelCase for SVG, "div" for names a
// parser would not read back as one tag.
func tagName(n *Node) string {
	tag := n.Tag
	if n.SVG {
		if c, ok := svgTags[tag]; ok {
			tag = c
		}
	}
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.') {
			return "div"
		}
	}
	if tag == "" {
		return "div"
	}
	return tag
}

func escapeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

func escapeAttr(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escapeRawText keeps raw text from closing its element early: "</tag"
// inside it is broken with a CSS-neutral backslash escape.
func escapeRawText(s, tag string) string {
	lower := strings.ToLower(s)
	needle := "</" + strings.ToLower(tag)
	if !strings.Contains(lower, needle) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(strings.ToLower(s), needle)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(`<\/`)
		s = s[i+2:]
	}
}
