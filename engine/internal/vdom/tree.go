package vdom

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/internal/idtable"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Tree is the replay state of one tab: its document, the id mirror and the
// constructed style sheets. The zero value is an empty tab (no snapshot yet).
type Tree struct {
	Doc *Node // top document; nil before the first full snapshot

	mirror idtable.Table[*Node]
	// Sheets maps constructed style sheet ids (AdoptedStyleSheet's styleId
	// space, reset at each full snapshot) to their sheets.
	Sheets map[int]*Sheet
	// docQueue holds iframe documents whose iframe is not built yet
	// (rrweb's newDocumentQueue).
	docQueue []*rrweb.AddMutation

	// Href, Width and Height come from the latest Meta / ViewportResize.
	Href          string
	Width, Height float64

	j *journal

	// Diags collects diagnostics; Event is filled in by the caller.
	Diags []diag.Diagnostic
	event int
}

// Node returns the node mapped to id, or nil.
func (t *Tree) Node(id int) *Node { return t.mirror.Get(id) }

// SetEvent sets the event index that later diagnostics are attributed to.
func (t *Tree) SetEvent(i int) { t.event = i }

func (t *Tree) warn(code diag.Code, format string, args ...any) {
	t.Diags = append(t.Diags, diag.Diagnostic{Code: code, Severity: diag.Warning, Event: t.event, Message: fmt.Sprintf(format, args...)})
}

func (t *Tree) info(code diag.Code, format string, args ...any) {
	t.Diags = append(t.Diags, diag.Diagnostic{Code: code, Severity: diag.Info, Event: t.event, Message: fmt.Sprintf(format, args...)})
}

func (t *Tree) add(n *Node, sn *rrweb.Node) {
	n.ID = sn.ID
	n.meta = sn
	t.mirror.Set(sn.ID, n)
}

// unmap removes n and its light-DOM descendants from the mirror, by id, as
// rrweb's Mirror.removeNodeFromMap does (shadow roots and iframe documents
// stay mapped).
func (t *Tree) unmap(n *Node) {
	if n.ID != 0 {
		t.mirror.Delete(n.ID)
	}
	for _, c := range n.Children {
		t.unmap(c)
	}
}

// FullSnapshot resets the tab and rebuilds the document from a snapshot.
func (t *Tree) FullSnapshot(d *rrweb.FullSnapshotData) {
	t.mirror = idtable.Table[*Node]{}
	t.Sheets = map[int]*Sheet{}
	t.docQueue = nil
	t.Doc = t.newNode(&Node{Kind: DocumentKind})
	if d.Node == nil || d.Node.Type != rrweb.DocumentNode {
		t.warn(diag.BuildFailed, "full snapshot root is not a document node")
		return
	}
	t.build(d.Node, t.Doc, false)
	t.applyRecordedScroll()
	t.Doc.setScroll(d.InitialOffset.Left, d.InitialOffset.Top)
}

// applyRecordedScroll applies rr_scrollLeft/Top of every mapped element, as
// rrweb's rebuild does once the tree is complete.
func (t *Tree) applyRecordedScroll() {
	for _, n := range t.mirror.All() {
		if n.Kind != ElementKind || n.meta == nil {
			continue
		}
		for _, a := range n.meta.Attributes {
			switch a.Name {
			case "rr_scrollLeft":
				_, st := n.Scroll()
				n.setScroll(attrFloat(a), st)
			case "rr_scrollTop":
				sl, _ := n.Scroll()
				n.setScroll(sl, attrFloat(a))
			}
		}
	}
}

func attrFloat(a rrweb.Attr) float64 {
	var f float64
	fmt.Sscan(a.Str, &f)
	return f
}

// build is rrweb's buildNodeWithSN: it creates the node for sn (or reuses
// an identical one already mapped), maps it, and unless skipChild builds its
// children. doc is the document the node belongs to.
func (t *Tree) build(sn *rrweb.Node, doc *Node, skipChild bool) *Node {
	return t.buildWith(sn, doc, skipChild, nil)
}

func (t *Tree) buildWith(sn *rrweb.Node, doc *Node, skipChild bool, textOverride map[*rrweb.Node]string) *Node {
	if sn == nil {
		return nil
	}
	if ex := t.mirror.Get(sn.ID); ex != nil && ex.meta != nil && metaEqual(ex.meta, sn) {
		return ex
	}
	var n *Node
	childOverride := map[*rrweb.Node]string(nil)
	dropChildren := false
	switch sn.Type {
	case rrweb.DocumentNode:
		// rrweb builds a document into the target document itself after
		// doc.open(), which empties it.
		n = doc
		for _, c := range n.Children {
			c.Parent = nil
		}
		n.Children = nil
		if sn.CompatMode != "" || n.x != nil {
			x := n.w()
			x.compatMode = sn.CompatMode
			x.adopted = nil
		}
	case rrweb.DocumentTypeNode:
		name := sn.Name
		if name == "" {
			name = "html"
		}
		n = t.newNode(&Node{Kind: DoctypeKind, x: &rare{name: name, publicID: sn.PublicID, systemID: sn.SystemID}})
	case rrweb.ElementNode:
		n, childOverride, dropChildren = t.buildElement(sn)
	case rrweb.TextNode:
		text := sn.TextContent
		if o, ok := textOverride[sn]; ok {
			text = o
		}
		n = t.newNode(&Node{Kind: TextKind, Data: text})
	case rrweb.CommentNode:
		n = t.newNode(&Node{Kind: CommentKind, Data: sn.TextContent})
	case rrweb.CDATANode:
		// Chromium refuses to create CDATA sections in HTML documents, so
		// rrweb's rebuild skips them ("Failed to rebuild").
		t.info(diag.BuildFailed, "CDATA node %d skipped: not allowed in HTML documents", sn.ID)
		return nil
	default:
		t.warn(diag.BuildFailed, "node %d has unknown type %d", sn.ID, sn.Type)
		return nil
	}
	if sn.RootID != 0 && t.mirror.Get(sn.RootID) != doc {
		t.mirror.Set(sn.RootID, doc)
	}
	t.add(n, sn)
	if (sn.Type == rrweb.DocumentNode || sn.Type == rrweb.ElementNode) && !skipChild && !dropChildren {
		for _, csn := range sn.ChildNodes {
			c := t.buildWith(csn, doc, false, childOverride)
			if c == nil {
				continue
			}
			parent := n
			if csn.IsShadow && n.Kind == ElementKind && n.Shadow != nil {
				parent = n.Shadow
			}
			if !parent.appendChild(c) {
				t.warn(diag.BuildFailed, "node %d cannot be a child of node %d (it contains it)", csn.ID, sn.ID)
				continue
			}
			if c.Kind == ElementKind && c.Tag == "iframe" {
				t.attachQueuedDocument(c)
			}
		}
	}
	if sn.Type == rrweb.DocumentNode {
		n.noteDoctype()
	}
	return n
}

// svgTags maps lower-cased SVG tag names to their camelCase DOM names.
var svgTags = map[string]string{
	"altglyph": "altGlyph", "altglyphdef": "altGlyphDef", "altglyphitem": "altGlyphItem",
	"animatecolor": "animateColor", "animatemotion": "animateMotion", "animatetransform": "animateTransform",
	"clippath": "clipPath", "feblend": "feBlend", "fecolormatrix": "feColorMatrix",
	"fecomponenttransfer": "feComponentTransfer", "fecomposite": "feComposite",
	"feconvolvematrix": "feConvolveMatrix", "fediffuselighting": "feDiffuseLighting",
	"fedisplacementmap": "feDisplacementMap", "fedistantlight": "feDistantLight",
	"fedropshadow": "feDropShadow", "feflood": "feFlood", "fefunca": "feFuncA", "fefuncb": "feFuncB",
	"fefuncg": "feFuncG", "fefuncr": "feFuncR", "fegaussianblur": "feGaussianBlur", "feimage": "feImage",
	"femerge": "feMerge", "femergenode": "feMergeNode", "femorphology": "feMorphology",
	"feoffset": "feOffset", "fepointlight": "fePointLight", "fespecularlighting": "feSpecularLighting",
	"fespotlight": "feSpotLight", "fetile": "feTile", "feturbulence": "feTurbulence",
	"foreignobject": "foreignObject", "glyphref": "glyphRef", "lineargradient": "linearGradient",
	"radialgradient": "radialGradient",
}

// buildElement is rrweb's buildNode for elements. It returns the text each
// serialized child text node must take (from _cssText) and whether the
// serialized children must be ignored (textarea value).
func (t *Tree) buildElement(sn *rrweb.Node) (*Node, map[*rrweb.Node]string, bool) {
	tag := strings.ToLower(sn.TagName)
	_, hasCSS := sn.Attributes.Get("_cssText")
	if tag == "link" && hasCSS {
		tag = "style"
	}
	n := t.newNode(&Node{Kind: ElementKind, Tag: tag, SVG: sn.IsSVG})
	var override map[*rrweb.Node]string
	drop := false
	var special []rrweb.Attr
	rel, _ := sn.Attributes.Get("rel")
	for _, a := range sn.Attributes {
		if a.Kind == rrweb.KindNull {
			continue
		}
		if tag == "option" && a.Name == "selected" && a.Kind == rrweb.KindFalse {
			continue
		}
		val := attrString(a)
		if strings.HasPrefix(a.Name, "rr_") {
			special = append(special, a)
			continue
		}
		if a.Name == "_cssTextSplits" {
			continue
		}
		if a.Kind == rrweb.KindString {
			if tag == "style" && a.Name == "_cssText" {
				override = t.buildStyleText(sn, n, val)
				continue
			}
			if tag == "textarea" && a.Name == "value" {
				n.appendChild(t.newNode(&Node{Kind: TextKind, Data: val}))
				drop = true
				continue
			}
		}
		switch {
		case tag == "meta" && a.Name == "content" && attrIs(sn.Attributes, "http-equiv", "Content-Security-Policy"):
			// A recorded CSP would block the replay's own styles.
			n.SetAttr("csp-content", val)
			continue
		case tag == "link" && ((rel.Str == "preload" && attrIs(sn.Attributes, "as", "script")) || rel.Str == "modulepreload"):
			continue
		case tag == "link" && rel.Str == "prefetch" && strings.HasSuffix(strings.ToLower(hrefPath(sn.Attributes)), ".js"):
			continue
		case tag == "img" && a.Name == "srcset" && hasAttr(sn.Attributes, "rr_dataURL"):
			n.SetAttr("rrweb-original-srcset", val)
			continue
		}
		if !validAttrName(a.Name) {
			t.info(diag.InvalidAttribute, "node %d: attribute name %q is not valid", sn.ID, a.Name)
			continue
		}
		n.SetAttr(a.Name, val)
	}
	for _, a := range special {
		val := attrString(a)
		switch a.Name {
		case "rr_dataURL":
			if tag == "img" {
				src, _ := sn.Attributes.Get("src")
				n.SetAttr("rrweb-original-src", src.Str)
				n.SetAttr("src", val)
			}
		case "rr_width":
			setStyleProperty(n, "width", val, "")
		case "rr_height":
			setStyleProperty(n, "height", val, "")
		case "rr_open_mode":
			n.SetAttr("rr_open_mode", val)
		}
	}
	if sn.IsShadowHost {
		n.Shadow = t.newNode(&Node{Kind: ShadowRootKind, x: &rare{host: n}})
	}
	if tag == "input" {
		n.checkedFromAttr()
	}
	return n, override, drop
}

// buildStyleText distributes _cssText over a <style>'s serialized text
// children (split at rrweb's "/* rr_split */" markers), or appends one
// unmapped text node when there are none.
func (t *Tree) buildStyleText(sn *rrweb.Node, n *Node, css string) map[*rrweb.Node]string {
	var texts []*rrweb.Node
	for _, c := range sn.ChildNodes {
		if c.Type == rrweb.TextNode {
			texts = append(texts, c)
		}
	}
	if len(sn.ChildNodes) == 0 {
		n.appendChild(t.newNode(&Node{Kind: TextKind, Data: css}))
		return nil
	}
	splits := strings.Split(css, "/* rr_split */")
	for len(splits) > 1 && len(splits) > len(texts) {
		last := len(splits)
		splits = append(splits[:last-2], splits[last-2]+splits[last-1])
	}
	out := map[*rrweb.Node]string{}
	for i, tn := range texts {
		if i == len(splits) {
			break
		}
		out[tn] = splits[i]
	}
	return out
}

func attrString(a rrweb.Attr) string {
	switch a.Kind {
	case rrweb.KindString, rrweb.KindNumber:
		return a.Str
	case rrweb.KindTrue:
		return ""
	case rrweb.KindFalse:
		return "false"
	}
	return string(a.Raw)
}

func attrIs(as rrweb.Attributes, name, want string) bool {
	a, ok := as.Get(name)
	return ok && a.Kind == rrweb.KindString && a.Str == want
}

func hasAttr(as rrweb.Attributes, name string) bool {
	a, ok := as.Get(name)
	return ok && a.Kind != rrweb.KindNull
}

func hrefPath(as rrweb.Attributes) string {
	a, _ := as.Get("href")
	s := a.Str
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// validAttrName rejects names setAttribute throws on.
func validAttrName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c <= ' ', c == '"', c == '\'', c == '>', c == '/', c == '=', c == '<', c == 0x7f:
			return false
		}
	}
	return true
}

// metaEqual is rrweb's isNodeMetaEqual.
func metaEqual(a, b *rrweb.Node) bool {
	if a == b {
		return true
	}
	if a.Type != b.Type {
		return false
	}
	switch a.Type {
	case rrweb.DocumentNode:
		return a.CompatMode == b.CompatMode
	case rrweb.DocumentTypeNode:
		return a.Name == b.Name && a.PublicID == b.PublicID && a.SystemID == b.SystemID
	case rrweb.CommentNode, rrweb.TextNode, rrweb.CDATANode:
		return a.TextContent == b.TextContent
	case rrweb.ElementNode:
		if a.TagName != b.TagName || a.IsSVG != b.IsSVG || len(a.Attributes) != len(b.Attributes) {
			return false
		}
		for i := range a.Attributes {
			x, y := a.Attributes[i], b.Attributes[i]
			if x.Name != y.Name || !bytes.Equal(bytes.TrimSpace(x.Raw), bytes.TrimSpace(y.Raw)) {
				return false
			}
		}
		return true
	}
	return false
}

// attachQueuedDocument attaches a queued iframe document to a newly built
// iframe whose id it names.
func (t *Tree) attachQueuedDocument(iframe *Node) {
	if iframe.ID == 0 {
		return
	}
	for i, m := range t.docQueue {
		if m.ParentID == iframe.ID {
			t.docQueue = append(t.docQueue[:i:i], t.docQueue[i+1:]...)
			t.attachDocument(m, iframe)
			return
		}
	}
}

// attachDocument builds an iframe's whole document from an isAttachIframe
// add, replacing what the iframe showed before.
func (t *Tree) attachDocument(m *rrweb.AddMutation, iframe *Node) {
	if iframe.Doc == nil {
		iframe.Doc = t.newNode(&Node{Kind: DocumentKind, x: &rare{frame: iframe}})
	}
	t.build(m.Node, iframe.Doc, false)
	iframe.mark(dirtyDoc)
}
