package vdom

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// base is a small document: <html><head></head><body><div#5><span#12>…
// with ids matching rrweb-format.md §3.5's node-movement example.
const base = `{"node":{"type":0,"id":1,"childNodes":[
 {"type":1,"id":2,"name":"html","publicId":"","systemId":""},
 {"type":2,"id":3,"tagName":"html","attributes":{},"childNodes":[
  {"type":2,"id":4,"tagName":"head","attributes":{},"childNodes":[]},
  {"type":2,"id":6,"tagName":"body","attributes":{},"childNodes":[
   {"type":2,"id":5,"tagName":"div","attributes":{"id":"from"},"childNodes":[
    {"type":2,"id":12,"tagName":"span","attributes":{},"childNodes":[
     {"type":3,"id":13,"textContent":"a"},
     {"type":2,"id":14,"tagName":"i","attributes":{},"childNodes":[
      {"type":3,"id":15,"textContent":"b"},
      {"type":2,"id":16,"tagName":"b","attributes":{},"childNodes":[{"type":3,"id":17,"textContent":"1"}]},
      {"type":3,"id":18,"textContent":"c"}]},
     {"type":3,"id":19,"textContent":"d"}]}]},
   {"type":2,"id":7,"tagName":"div","attributes":{"id":"to"},"childNodes":[]}]}]}]},
 "initialOffset":{"top":0,"left":0}}`

func newTree(t *testing.T, full string) *Tree {
	t.Helper()
	var d rrweb.FullSnapshotData
	if err := json.Unmarshal([]byte(full), &d); err != nil {
		t.Fatal(err)
	}
	tr := &Tree{}
	tr.FullSnapshot(&d)
	return tr
}

func apply(t *testing.T, tr *Tree, events ...string) {
	t.Helper()
	for _, e := range events {
		var ev rrweb.Event
		if err := json.Unmarshal([]byte(e), &ev); err != nil {
			t.Fatalf("bad test event %s: %v", e, err)
		}
		op := DecodeOp(&ev)
		tr.Apply(&op)
	}
}

func body(tr *Tree) string {
	html := string(tr.HTML(tr.Doc))
	i := strings.Index(html, "<body>")
	j := strings.LastIndex(html, "</body>")
	if i < 0 || j < 0 {
		return html
	}
	return html[i+len("<body>") : j]
}

func mut(data string) string {
	return `{"type":3,"timestamp":1,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]` + data + `}}`
}

func TestMutations(t *testing.T) {
	tests := []struct {
		name   string
		events []string
		want   string // body inner HTML
		codes  []diag.Code
	}{
		{
			name: "node movement resolved through the queue (reference §3.5)",
			events: []string{`{"type":3,"timestamp":1,"data":{"source":0,"texts":[],"attributes":[],
			 "removes":[{"parentId":5,"id":12}],
			 "adds":[
			  {"parentId":7,"nextId":null,"node":{"type":2,"id":12,"tagName":"span","attributes":{},"childNodes":[]}},
			  {"parentId":12,"nextId":14,"node":{"type":3,"id":13,"textContent":"a"}},
			  {"parentId":12,"nextId":19,"node":{"type":2,"id":14,"tagName":"i","attributes":{},"childNodes":[]}},
			  {"parentId":14,"nextId":16,"node":{"type":3,"id":15,"textContent":"b"}},
			  {"parentId":14,"nextId":18,"node":{"type":2,"id":16,"tagName":"b","attributes":{},"childNodes":[]}},
			  {"parentId":16,"nextId":null,"node":{"type":3,"id":17,"textContent":"1"}},
			  {"parentId":14,"nextId":null,"node":{"type":3,"id":18,"textContent":"c"}},
			  {"parentId":12,"nextId":null,"node":{"type":3,"id":19,"textContent":"d"}}]}}`},
			want: `<div id="from"></div><div id="to"><span>a<i>b<b>1</b>c</i>d</span></div>`,
		},
		{
			name:   "texts: the last value for a node wins; null empties",
			events: []string{mut(`,"texts":[{"id":13,"value":"x"},{"id":13,"value":"y"},{"id":19,"value":null}]`)},
			want:   `<div id="from"><span>y<i>b<b>1</b>c</i></span></div><div id="to"></div>`,
		},
		{
			name: "attributes: set, remove, style object diff with priority and removal",
			events: []string{
				mut(`,"attributes":[{"id":7,"attributes":{"class":"a b","style":"color: red; margin-top: 4px"}}]`),
				mut(`,"attributes":[{"id":7,"attributes":{"class":null,"style":{"margin-top":false,"width":["10px","important"],"color":"blue"}}}]`),
			},
			want: `<div id="from"><span>a<i>b<b>1</b>c</i>d</span></div><div id="to" style="color: blue; width: 10px !important;"></div>`,
		},
		{
			name: "adds: nextId pointing later in the same batch, inserted before it",
			events: []string{mut(`,"adds":[
			  {"parentId":7,"nextId":31,"node":{"type":2,"id":30,"tagName":"p","attributes":{},"childNodes":[]}},
			  {"parentId":7,"nextId":null,"node":{"type":2,"id":31,"tagName":"em","attributes":{},"childNodes":[]}},
			  {"parentId":30,"nextId":null,"node":{"type":3,"id":32,"textContent":"p1"}}]`)},
			want: `<div id="from"><span>a<i>b<b>1</b>c</i>d</span></div><div id="to"><p>p1</p><em></em></div>`,
		},
		{
			name:   "removes: unknown target and wrong parent are diagnosed, the rest applies",
			events: []string{mut(`,"removes":[{"parentId":5,"id":999},{"parentId":7,"id":14},{"parentId":12,"id":19}]`)},
			want:   `<div id="from"><span>a<i>b<b>1</b>c</i></span></div><div id="to"></div>`,
			codes:  []diag.Code{diag.NodeNotFound, diag.RemoveNotChild},
		},
		{
			name:   "adds whose next sibling never appears are diagnosed, not placed",
			events: []string{mut(`,"adds":[{"parentId":7,"nextId":555,"node":{"type":2,"id":40,"tagName":"p","attributes":{},"childNodes":[]}}]`)},
			want:   `<div id="from"><span>a<i>b<b>1</b>c</i>d</span></div><div id="to"></div>`,
			codes:  []diag.Code{diag.UnresolvedAdd},
		},
		{
			name: "shadow root attached on first shadow add",
			events: []string{mut(`,"adds":[
			  {"parentId":7,"nextId":null,"node":{"type":2,"id":50,"tagName":"b","attributes":{},"childNodes":[],"isShadow":true}},
			  {"parentId":7,"nextId":null,"node":{"type":3,"id":51,"textContent":"light"}}]`)},
			want: `<div id="from"><span>a<i>b<b>1</b>c</i>d</span></div><div id="to"><template shadowrootmode="open"><b></b></template>light</div>`,
		},
		{
			name: "textarea value attribute replaces its text; scripts and handlers never appear",
			events: []string{mut(`,"adds":[
			  {"parentId":7,"nextId":null,"node":{"type":2,"id":60,"tagName":"textarea","attributes":{"onclick":"x()"},"childNodes":[]}},
			  {"parentId":7,"nextId":null,"node":{"type":2,"id":61,"tagName":"script","attributes":{},"childNodes":[]}},
			  {"parentId":61,"nextId":null,"node":{"type":3,"id":62,"textContent":"SCRIPT_PLACEHOLDER"}}]`),
				mut(`,"attributes":[{"id":60,"attributes":{"value":"\nline <1> & 2"}}]`)},
			want: "<div id=\"from\"><span>a<i>b<b>1</b>c</i>d</span></div><div id=\"to\"><textarea>\n\nline &lt;1&gt; &amp; 2</textarea></div>",
		},
		{
			name: "iframe document attached, then mutated through rootId",
			events: []string{
				mut(`,"adds":[{"parentId":7,"nextId":null,"node":{"type":2,"id":70,"tagName":"iframe","attributes":{"src":"https://x/"},"childNodes":[]}}]`),
				`{"type":3,"timestamp":1,"data":{"source":0,"isAttachIframe":true,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":70,"nextId":null,"node":{"type":0,"id":71,"childNodes":[{"type":2,"id":72,"tagName":"html","rootId":71,"attributes":{},"childNodes":[{"type":2,"id":73,"tagName":"body","rootId":71,"attributes":{},"childNodes":[{"type":3,"id":74,"textContent":"in \"frame\"","rootId":71}]}]}]}}]}}`,
				mut(`,"texts":[{"id":74,"value":"changed & <b>"}]`),
			},
			want: `<div id="from"><span>a<i>b<b>1</b>c</i>d</span></div><div id="to"><iframe srcdoc="<html><body>changed &amp;amp; &amp;lt;b&amp;gt;</body></html>"></iframe></div>`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := newTree(t, base)
			apply(t, tr, tc.events...)
			if got := body(tr); got != tc.want {
				t.Errorf("body:\n got %s\nwant %s", got, tc.want)
			}
			var codes []diag.Code
			for _, d := range tr.Diags {
				codes = append(codes, d.Code)
			}
			if strings.Join(codeStrings(codes), ",") != strings.Join(codeStrings(tc.codes), ",") {
				t.Errorf("diagnostics = %v, want %v (%v)", codes, tc.codes, tr.Diags)
			}
		})
	}
}

func codeStrings(cs []diag.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

const formDoc = `{"node":{"type":0,"id":1,"childNodes":[
 {"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
  {"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
   {"type":2,"id":4,"tagName":"form","attributes":{},"childNodes":[
    {"type":2,"id":5,"tagName":"input","attributes":{"type":"text","value":"old"},"childNodes":[]},
    {"type":2,"id":6,"tagName":"input","attributes":{"type":"radio","name":"r","value":"a","checked":true},"childNodes":[]},
    {"type":2,"id":7,"tagName":"input","attributes":{"type":"radio","name":"r","value":"b"},"childNodes":[]},
    {"type":2,"id":8,"tagName":"select","attributes":{},"childNodes":[
     {"type":2,"id":9,"tagName":"option","attributes":{"value":"x","selected":true},"childNodes":[{"type":3,"id":10,"textContent":"X"}]},
     {"type":2,"id":11,"tagName":"option","attributes":{},"childNodes":[{"type":3,"id":12,"textContent":" Why  not "}]}]},
    {"type":2,"id":13,"tagName":"textarea","attributes":{"value":"t0"},"childNodes":[]},
    {"type":2,"id":14,"tagName":"input","attributes":{"type":"checkbox"},"childNodes":[]},
    {"type":2,"id":15,"tagName":"input","attributes":{"type":"number"},"childNodes":[]}]}]}]}]},
 "initialOffset":{"top":0,"left":0}}`

func input(id int, text string, checked bool) string {
	b, _ := json.Marshal(text)
	c := "false"
	if checked {
		c = "true"
	}
	return `{"type":3,"timestamp":1,"data":{"source":5,"id":` + strings.TrimSpace(jsonInt(id)) + `,"text":` + string(b) + `,"isChecked":` + c + `}}`
}

func jsonInt(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestInputState(t *testing.T) {
	tr := newTree(t, formDoc)
	apply(t, tr,
		input(5, "typed\nvalue", false),
		input(7, "b", true),
		input(8, "Why not", false),
		input(13, "multi\nline", false),
		input(14, "on", true),
		input(15, "12abc", false),
		// A later value attribute change does not override a dirty value.
		mut(`,"attributes":[{"id":5,"attributes":{"value":"attr"}}]`),
	)
	want := `<form><input type="text" value="typedvalue">` +
		`<input type="radio" name="r" value="a">` +
		`<input type="radio" name="r" value="b" checked>` +
		`<select><option value="x">X</option><option selected> Why  not </option></select>` +
		"<textarea>\nmulti\nline</textarea>" +
		`<input type="checkbox" value="on" checked>` +
		`<input type="number"></form>`
	if got := body(tr); got != want {
		t.Errorf("form state:\n got %s\nwant %s", got, want)
	}
}

const styleDoc = `{"node":{"type":0,"id":1,"childNodes":[
 {"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
  {"type":2,"id":3,"tagName":"head","attributes":{},"childNodes":[
   {"type":2,"id":4,"tagName":"style","attributes":{"_cssText":"a { color: red; }@media (min-width: 1px) { b { color: blue; } }"},"childNodes":[{"type":3,"id":5,"textContent":""}]},
   {"type":2,"id":6,"tagName":"link","attributes":{"_cssText":"i { margin: 0px; }","media":"all"},"childNodes":[]}]},
  {"type":2,"id":7,"tagName":"body","attributes":{},"childNodes":[
   {"type":2,"id":8,"tagName":"div","attributes":{},"childNodes":[],"isShadowHost":true}]}]}]},
 "initialOffset":{"top":0,"left":0}}`

func TestCSSOM(t *testing.T) {
	tr := newTree(t, styleDoc)
	apply(t, tr,
		`{"type":3,"timestamp":1,"data":{"source":8,"id":4,"adds":[{"rule":"p { top: 1px; }","index":1},{"rule":"q { left: 2px; }","index":[2,0]}],"removes":[{"index":0}]}}`,
		`{"type":3,"timestamp":1,"data":{"source":13,"id":4,"index":[1,1],"set":{"property":"color","value":"green","priority":"important"}}}`,
		`{"type":3,"timestamp":1,"data":{"source":15,"id":1,"styles":[{"styleId":1,"rules":[{"rule":"html { color: black; }","index":0}]}],"styleIds":[1]}}`,
		`{"type":3,"timestamp":1,"data":{"source":15,"id":8,"styles":[{"styleId":2,"rules":[{"rule":":host { display: block; }","index":0}]}],"styleIds":[2,1,99]}}`,
		`{"type":3,"timestamp":1,"data":{"source":8,"styleId":2,"adds":[{"rule":"b { font-weight: 700; }","index":5}]}}`,
	)
	html := string(tr.HTML(tr.Doc))
	for _, want := range []string{
		"<style>p { top: 1px; }\n@media (min-width: 1px) { q { left: 2px; } b { color: green !important; } }</style>",
		"<style media=\"all\">i { margin: 0px; }</style>",
		"<style>html { color: black; }</style></head>",
		`<div><template shadowrootmode="open"><style>:host { display: block; }` + "\nb { font-weight: 700; }</style><style>html { color: black; }</style></template></div>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("snapshot lacks %q:\n%s", want, html)
		}
	}
	// A text change re-parses the sheet from text, dropping CSSOM edits.
	apply(t, tr, mut(`,"texts":[{"id":5,"value":"u { x: y; }"}]`))
	if html := string(tr.HTML(tr.Doc)); !strings.Contains(html, "<style>u { x: y; }</style>") {
		t.Errorf("text change did not reset the sheet:\n%s", html)
	}
}

func TestSnapshotConventions(t *testing.T) {
	const doc = `{"node":{"type":0,"id":1,"childNodes":[
	 {"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
	  {"type":2,"id":3,"tagName":"body","attributes":{"onload":"steal()"},"childNodes":[
	   {"type":2,"id":4,"tagName":"div","attributes":{"class":"rr-block","rr_width":"120px","rr_height":"30.5px"},"childNodes":[]},
	   {"type":2,"id":5,"tagName":"pre","attributes":{},"childNodes":[{"type":3,"id":6,"textContent":"\nx"}]},
	   {"type":2,"id":7,"tagName":"a","attributes":{"href":"https://e/?a=1&b=\"2\"","title":"x"},"childNodes":[{"type":3,"id":8,"textContent":"1 < 2 & 3 > 2"}]},
	   {"type":2,"id":9,"tagName":"img","attributes":{"src":"https://e/i.png","rr_dataURL":"data:image/png;base64,AA"},"childNodes":[]},
	   {"type":5,"id":10,"textContent":" c --> x "}]}]}]},
	 "initialOffset":{"top":0,"left":0}}`
	tr := newTree(t, doc)
	got := string(tr.HTML(tr.Doc))
	want := `<html><body>` +
		`<div class="rr-block" style="width: 120px; height: 30.5px;"></div>` +
		"<pre>\n\nx</pre>" +
		`<a href="https://e/?a=1&amp;b=&quot;2&quot;" title="x">1 &lt; 2 &amp; 3 &gt; 2</a>` +
		`<img src="data:image/png;base64,AA">` +
		`<!-- c -- > x --></body></html>`
	if got != want {
		t.Errorf("snapshot:\n got %s\nwant %s", got, want)
	}
	if strings.HasPrefix(got, "<!DOCTYPE") {
		t.Error("a document recorded without doctype must not get one")
	}
}

// contentChanged looks past the changed node's parent only once an element
// was put inside a style, textarea, option, optgroup or title in the tree's
// lineage; then a text change deep inside a <style> still drops its CSSOM
// sheet, in the tree and in its clones.
func TestTextChangeUnderNestedStyle(t *testing.T) {
	tr := newTree(t, base)
	head := tr.Node(4)
	style := tr.newNode(&Node{Kind: ElementKind, Tag: "style"})
	text := tr.newNode(&Node{Kind: TextKind, Data: "a { color: red; }"})
	head.appendChild(style)
	style.appendChild(text)
	if tr.jr().textHostNests {
		t.Fatal("a style holding only text marked as nesting elements")
	}
	style.w().sheet = &Sheet{}
	text.setTextContent("b { color: blue; }")
	if style.Sheet() != nil {
		t.Fatal("a text change in a style kept its sheet")
	}
	span := tr.newNode(&Node{Kind: ElementKind, Tag: "span"})
	inner := tr.newNode(&Node{Kind: TextKind, Data: "c { color: green; }"})
	span.appendChild(inner)
	style.appendChild(span)
	if !tr.jr().textHostNests {
		t.Fatal("an element put into a style did not turn the ancestor walk on")
	}
	c := tr.Clone()
	cs := c.Node(4).Children[len(c.Node(4).Children)-1]
	for _, x := range []struct {
		style, text *Node
	}{{style, inner}, {cs, cs.Children[len(cs.Children)-1].Children[0]}} {
		x.style.w().sheet = &Sheet{}
		x.text.setTextContent("d { color: black; }")
		if x.style.Sheet() != nil {
			t.Error("a text change inside an element in a style kept the style's sheet")
		}
	}
}
