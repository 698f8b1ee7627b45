package mask

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

func TestScrubCards(t *testing.T) {
	tests := []struct{ in, want string }{
		{"4111111111111111", "****************"},
		{"card 4111 1111 1111 1111 exp", "card **** **** **** **** exp"},
		{"4111-1111-1111-1111", "****-****-****-****"},
		{"4111  1111\u00a01111 - 1111", "****  ****\u00a0**** - ****"},
		{"378282246310005", "***************"},                 // Amex, 15
		{"3782 822463 10005", "**** ****** *****"},             // Amex grouping
		{"4111111111111112", "4111111111111112"},               // Luhn fails
		{"411111111111", "411111111111"},                       // 12 digits
		{"12345678901234567890123", "12345678901234567890123"}, // too long, one run
		{"4111111111111111 4242424242424242", "**************** ****************"},
		{"order 1795851709986", "order 1795851709986"}, // 13 digits, Luhn fails
		{"x4111111111111111y", "x****************y"},
		{"", ""},
	}
	for _, tt := range tests {
		if got, _ := scrubCards(tt.in, false); got != tt.want {
			t.Errorf("scrubCards(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Form values: long digit runs go even when not (yet) Luhn-valid.
	if got, _ := scrubCards("4111 1111 1111 1", true); got != "**** **** **** *" {
		t.Errorf("form prefix = %q", got)
	}
	if got, _ := scrubCards("+1 555 0100", true); got != "+1 555 0100" {
		t.Errorf("short numbers stay: %q", got)
	}
}

func TestScrubJSON(t *testing.T) {
	in := `{"a":"4111 1111 1111 1111","n":4111111111111111,"e":"\u0034111111111111111","k":{"4111111111111111":1}}`
	got, changed := scrubJSON([]byte(in))
	want := `{"a":"**** **** **** ****","n":4111111111111111,"e":"****************","k":{"****************":1}}`
	if !changed || string(got) != want {
		t.Fatalf("scrubJSON = %s", got)
	}
	if out, changed := scrubJSON([]byte(`{"x":1795851709986}`)); changed || string(out) != `{"x":1795851709986}` {
		t.Fatal("numbers must be left alone")
	}
}

func TestMaskForms(t *testing.T) {
	if got := maskText(" Jane\tQ.\nPrivé 😀 "); got != " ****\t**\n***** * " {
		t.Errorf("maskText = %q", got)
	}
	if got := maskValue("a b😀"); got != "*****" { // UTF-16 length, as JS
		t.Errorf("maskValue = %q", got)
	}
}

func TestGlobs(t *testing.T) {
	tests := []struct {
		domains, locations []string
		href, want         string
	}{
		{[]string{"*.corp.example"}, nil, "https://a.b.corp.example/x", ReasonDomain},
		{[]string{"*.corp.example"}, nil, "https://corp.example/x", ""},
		{[]string{"corp.example"}, nil, "https://CORP.example:8443/x", ReasonDomain},
		{[]string{"127.0.0.*"}, nil, "http://127.0.0.1:41913/checkout/", ReasonDomain},
		{nil, []string{"/account/**"}, "https://x/account", ReasonLocation},
		{nil, []string{"/account/**"}, "https://x/account/a/b?q=1#f", ReasonLocation},
		{nil, []string{"/account/**"}, "https://x/accounts", ""},
		{nil, []string{"/admin/*/settings"}, "https://x/admin/42/settings", ReasonLocation},
		{nil, []string{"/admin/*/settings"}, "https://x/admin/4/2/settings", ""},
		{nil, []string{"/admin/**/settings"}, "https://x/admin/4/2/settings", ReasonLocation},
		{nil, []string{"/check*"}, "http://h/checkout/", ReasonLocation},
		{nil, []string{"/p?ge"}, "http://h/page", ReasonLocation},
		{nil, []string{"shop.example/pay/**"}, "https://shop.example/pay/card", ReasonLocation},
		{nil, []string{"shop.example/pay/**"}, "https://other.example/pay/card", ""},
		{nil, []string{"/a/**/b/*/c"}, "https://h/a/x/y/b/z/c", ReasonLocation},
		{[]string{"x.com"}, nil, "not a url", ""},
	}
	for _, tt := range tests {
		r, err := Compile(Config{ExcludeDomains: tt.domains, ExcludeLocations: tt.locations})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ExcludedPage(tt.href); got != tt.want {
			t.Errorf("%v %v on %q = %q, want %q", tt.domains, tt.locations, tt.href, got, tt.want)
		}
	}
	for _, bad := range []Config{
		{ExcludeDomains: []string{""}}, {ExcludeDomains: []string{"https://a"}}, {ExcludeDomains: []string{"a:80"}},
		{ExcludeLocations: []string{"https://a/b"}}, {ExcludeLocations: []string{"/a#b"}}, {ExcludeLocations: []string{" "}},
	} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("Compile(%+v) accepted a bad pattern", bad)
		}
	}
}

// ev builds an event; data is JSON.
func ev(typ rrweb.EventType, ts int64, data string) rrweb.Event {
	if !json.Valid([]byte(data)) {
		panic("invalid test JSON: " + data)
	}
	return rrweb.Event{Type: typ, Data: json.RawMessage(data), Timestamp: ts}
}

func mut(ts int64, data string) rrweb.Event {
	return ev(rrweb.IncrementalSnapshot, ts, `{"source":0,`+data+`}`)
}

// page is a small page exercising every place data hides:
//
//	1 doc > 2 html > 3 body > 4 form#f
//	  5 input#pw type=password value=hunter2
//	  6 input#name value="Jane Doe" placeholder="Your name"
//	  7 p.note > 8 "Call Jane"
//	  9 div#host (shadow) > 10 span > 11 "shadow secret"
//	  12 iframe#frame
//	  13 textarea > value "my notes"
//	  14 select > 15 option[value=a][selected] > 16 "Alpha"
//	  17 div.box style="width: 10px; height: 20px; color: red" > 18 "boxed"
func page() []rrweb.Event {
	return []rrweb.Event{
		ev(rrweb.Meta, 1, `{"href":"https://shop.example/pay","width":800,"height":600}`),
		ev(rrweb.FullSnapshot, 2, `{"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{},"childNodes":[{"type":2,"tagName":"form","attributes":{"id":"f"},"childNodes":[`+
			`{"type":2,"tagName":"input","attributes":{"id":"pw","type":"password","value":"hunter2"},"childNodes":[],"id":5},`+
			`{"type":2,"tagName":"input","attributes":{"id":"name","value":"Jane Doe","placeholder":"Your name"},"childNodes":[],"id":6},`+
			`{"type":2,"tagName":"p","attributes":{"class":"note"},"childNodes":[{"type":3,"textContent":"Call Jane","id":8}],"id":7},`+
			`{"type":2,"tagName":"div","attributes":{"id":"host"},"childNodes":[{"type":2,"tagName":"span","attributes":{},"childNodes":[{"type":3,"textContent":"shadow secret","id":11}],"id":10,"isShadow":true}],"id":9,"isShadowHost":true},`+
			`{"type":2,"tagName":"iframe","attributes":{"id":"frame"},"childNodes":[],"id":12},`+
			`{"type":2,"tagName":"textarea","attributes":{"value":"my notes"},"childNodes":[],"id":13},`+
			`{"type":2,"tagName":"select","attributes":{},"childNodes":[{"type":2,"tagName":"option","attributes":{"value":"a","selected":true},"childNodes":[{"type":3,"textContent":"Alpha","id":16}],"id":15}],"id":14},`+
			`{"type":2,"tagName":"div","attributes":{"class":"box","style":"width: 10px; height: 20px; color: red"},"childNodes":[{"type":3,"textContent":"boxed","id":18}],"id":17}`+
			`],"id":4}],"id":3}],"id":2}],"id":1},"initialOffset":{"top":0,"left":0}}`),
		// The iframe's document arrives separately.
		mut(3, `"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":12,"nextId":null,"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{},"childNodes":[{"type":2,"tagName":"input","attributes":{"id":"otp","autocomplete":"one-time-code","value":"123456"},"childNodes":[],"id":23,"rootId":20},{"type":3,"textContent":"frame text","id":24,"rootId":20}],"id":22,"rootId":20}],"id":21,"rootId":20}],"id":20}}],"isAttachIframe":true`),
	}
}

func run(t *testing.T, c Config, events []rrweb.Event) []rrweb.Event {
	t.Helper()
	r, err := Compile(c)
	if err != nil {
		t.Fatal(err)
	}
	out, diags := New(r).Batch("t", events)
	for _, d := range diags {
		t.Logf("diagnostic: %+v", d)
	}
	return out
}

func dump(events []rrweb.Event) string {
	var b strings.Builder
	for _, e := range events {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// golden compares got with testdata/<name>.golden (UPDATE_GOLDEN=1 rewrites).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from golden:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

// replay applies events to a fresh virtual DOM.
func replay(t *testing.T, events []rrweb.Event) *vdom.Tree {
	t.Helper()
	tree := &vdom.Tree{}
	for i := range events {
		op := vdom.DecodeOp(&events[i])
		tree.SetEvent(i)
		tree.Apply(&op)
	}
	for _, d := range tree.Diags {
		t.Errorf("replay of masked output: %+v", d)
	}
	return tree
}

func TestScenarios(t *testing.T) {
	capture := Config{CaptureTextInput: true}
	tests := []struct {
		name   string
		cfg    Config
		events []rrweb.Event
		leaks  []string // must not appear in the output
		keeps  []string // must appear
	}{
		{"defaults", capture, page(),
			[]string{"hunter2", "123456"}, []string{"Jane Doe", "Call Jane", "shadow secret", "frame text", `"selected":true`}},
		{"strict", Config{}, page(),
			[]string{"hunter2", "123456", "Jane Doe", "my notes", `"selected":true`}, []string{"Call Jane", "Your name"}},
		{"mask-selector", Config{CaptureTextInput: true, MaskSelectors: []string{"form"}}, page(),
			[]string{"hunter2", "Jane Doe", "Your name", "Call Jane", "shadow secret", "frame text", "my notes", "Alpha", "123456"}, nil},
		{"mask-shadow-and-frame", Config{CaptureTextInput: true, MaskSelectors: []string{"#host", "iframe"}}, page(),
			[]string{"shadow secret", "frame text"}, []string{"Call Jane", "Jane Doe"}},
		{"exclude", Config{CaptureTextInput: true, ExcludeSelectors: []string{".box", "#host", "iframe"}}, append(page(),
			ev(rrweb.IncrementalSnapshot, 4, `{"source":2,"type":2,"id":18,"x":1,"y":2}`),
			ev(rrweb.IncrementalSnapshot, 5, `{"source":1,"positions":[{"x":1,"y":1,"id":18,"timeOffset":0},{"x":2,"y":2,"id":7,"timeOffset":0}]}`),
			ev(rrweb.IncrementalSnapshot, 6, `{"source":5,"text":"999999","isChecked":false,"id":23}`),
			mut(7, `"texts":[{"id":18,"value":"boxed again"}],"attributes":[{"id":17,"attributes":{"title":"box title"}}],"removes":[],"adds":[{"parentId":17,"nextId":null,"node":{"type":3,"textContent":"added in box","id":30}}]`),
		),
			[]string{"boxed", "shadow secret", "frame text", "box title", "added in box", "color: red", `"id":18,`, "999999"},
			[]string{`"class":"rr-block","style":"width: 10px; height: 20px;"`, `"id":7,`}},
		{"class-added-later", Config{CaptureTextInput: true, MaskSelectors: []string{".private"}}, append(page(),
			ev(rrweb.IncrementalSnapshot, 4, `{"source":5,"text":"Jane Q","isChecked":false,"id":6}`),
			mut(5, `"texts":[],"attributes":[{"id":4,"attributes":{"class":"private"}}],"removes":[],"adds":[]`),
			ev(rrweb.IncrementalSnapshot, 6, `{"source":5,"text":"Jane Q. Private","isChecked":false,"id":6}`),
		),
			[]string{"Jane Q. Private"}, nil},
		{"password-toggle", capture, append(page(),
			// Show-password: the field becomes text (rrweb adds data-rr-is-password).
			mut(4, `"texts":[],"attributes":[{"id":5,"attributes":{"type":"text"}}],"removes":[],"adds":[]`),
			ev(rrweb.IncrementalSnapshot, 5, `{"source":5,"text":"hunter22","isChecked":false,"id":5}`),
			// A plain field turned into a password field later.
			ev(rrweb.IncrementalSnapshot, 6, `{"source":5,"text":"visible-then-secret","isChecked":false,"id":6}`),
			mut(7, `"texts":[],"attributes":[{"id":6,"attributes":{"type":"password"}}],"removes":[],"adds":[]`),
			ev(rrweb.IncrementalSnapshot, 8, `{"source":5,"text":"typed-after-toggle","isChecked":false,"id":6}`),
		),
			[]string{"hunter2", "typed-after-toggle"}, []string{`"userTriggered":false`}},
		{"move-into-masked", Config{CaptureTextInput: true, MaskSelectors: []string{".note"}}, append(page(),
			// Move the select's option text node into p.note.
			mut(4, `"texts":[],"attributes":[],"removes":[{"parentId":15,"id":16}],"adds":[{"parentId":7,"nextId":null,"node":{"type":3,"textContent":"Alpha","id":16}}]`),
			// and the text of p.note out of it: it stays masked.
			mut(5, `"texts":[],"attributes":[],"removes":[{"parentId":7,"id":8}],"adds":[{"parentId":3,"nextId":null,"node":{"type":3,"textContent":"Call Jane","id":8}}]`),
		),
			[]string{"Call Jane"}, nil},
		{"cards-anywhere", capture, append(page(),
			mut(4, `"texts":[{"id":8,"value":"Paid with 4242 4242 4242 4242"}],"attributes":[{"id":7,"attributes":{"data-card":"4242-4242-4242-4242"}}],"removes":[],"adds":[]`),
			ev(rrweb.Custom, 5, `{"tag":"x","payload":{"note":"4242424242424242"}}`),
			ev(rrweb.IncrementalSnapshot, 6, `{"source":5,"text":"5555 5555 5555 4","isChecked":false,"id":6}`),
		),
			[]string{"4242", "5555 5555 5555"}, []string{"Paid with **** **** **** ****"}},
		{"excluded-location", Config{ExcludeLocations: []string{"/pay"}}, append(page(),
			ev(rrweb.Custom, 4, `{"tag":"reprise/tab","payload":{"state":"hidden"}}`),
			ev(rrweb.Meta, 10, `{"href":"https://shop.example/home","width":800,"height":600}`),
		),
			[]string{"Jane", "hunter2", "shop.example/pay"}, []string{`"reason":"location"`, `"state":"hidden"`, "shop.example/home"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := run(t, tt.cfg, tt.events)
			got := dump(out)
			for _, s := range tt.leaks {
				if strings.Contains(got, s) {
					t.Errorf("output contains %q", s)
				}
			}
			for _, s := range tt.keeps {
				if !strings.Contains(got, s) {
					t.Errorf("output lacks %q", s)
				}
			}
			if tt.name != "excluded-location" {
				replay(t, out)
			}
			golden(t, "scenario-"+tt.name, got)
			// Batch boundaries never matter.
			r, _ := Compile(tt.cfg)
			m := New(r)
			var split []rrweb.Event
			for i := range tt.events {
				o, _ := m.Batch("t", tt.events[i:i+1])
				split = append(split, o...)
			}
			if dump(split) != got {
				t.Error("one-event batches differ from one batch")
			}
		})
	}
}

func TestClassAddedLaterOverwritesDOM(t *testing.T) {
	out := run(t, Config{CaptureTextInput: true, MaskSelectors: []string{".private"}}, append(page(),
		ev(rrweb.IncrementalSnapshot, 4, `{"source":5,"text":"Jane Q","isChecked":false,"id":6}`),
		mut(5, `"texts":[],"attributes":[{"id":4,"attributes":{"class":"private"}}],"removes":[],"adds":[]`),
	))
	tree := replay(t, out)
	html := string(tree.HTML(tree.Doc))
	for _, leak := range []string{"Jane", "Call", "my notes", "Your name"} {
		if strings.Contains(html, leak) {
			t.Errorf("replayed DOM still shows %q:\n%s", leak, html)
		}
	}
	if !strings.Contains(html, `value="**** *"`) {
		t.Errorf("live value not overwritten:\n%s", html)
	}
}

func TestExcludeLaterEmptiesElement(t *testing.T) {
	out := run(t, Config{CaptureTextInput: true, ExcludeSelectors: []string{".gone"}}, append(page(),
		mut(4, `"texts":[],"attributes":[{"id":17,"attributes":{"class":"box gone","title":"t"}}],"removes":[],"adds":[]`),
		mut(5, `"texts":[{"id":18,"value":"later"}],"attributes":[],"removes":[],"adds":[{"parentId":17,"nextId":null,"node":{"type":3,"textContent":"new","id":40}}]`),
		ev(rrweb.IncrementalSnapshot, 6, `{"source":3,"id":17,"x":0,"y":5}`),
	))
	tree := replay(t, out)
	box := tree.Node(17)
	if box == nil || len(box.Children) != 0 {
		t.Fatalf("excluded box still has content: %+v", box)
	}
	if cls, _ := box.Attr("class"); cls != "rr-block" {
		t.Errorf("class = %q", cls)
	}
	if _, ok := box.Attr("title"); ok {
		t.Error("title kept")
	}
	if st, _ := box.Attr("style"); st != "width: 10px; height: 20px;" {
		t.Errorf("style = %q", st)
	}
	if got := dump(out); strings.Contains(got, "later") || strings.Contains(got, `"source":3,"id":17`) {
		t.Errorf("events inside/on the excluded element kept:\n%s", got)
	}
}

func TestBadDataNeverLeaks(t *testing.T) {
	events := []rrweb.Event{
		mut(1, `"texts":[{"id":8,"value":"before snapshot"}],"attributes":[],"removes":[],"adds":[]`),
		ev(rrweb.IncrementalSnapshot, 2, `{"source":5,"text":"no snapshot yet","id":6}`),
	}
	events = append(events, page()...)
	events = append(events,
		rrweb.Event{Type: rrweb.Custom, Data: json.RawMessage(`{"tag":"x","payload":"4111111111111111`), Timestamp: 9},
		ev(rrweb.IncrementalSnapshot, 10, `{"source":5,"text":"ghost value","id":999}`),
		mut(11, `"adds":[{"parentId":999,"nextId":null,"node":{"type":3,"textContent":"orphan text","id":50}}],"texts":"nope","removes":[{"parentId":1}],"attributes":[{"id":6}]`),
		ev(rrweb.FullSnapshot, 12, `{"node":{"type":2,"tagName":"p","textContent":"not a document"}}`),
		mut(13, `"texts":[{"id":8,"value":"after a bad snapshot"}],"attributes":[],"removes":[],"adds":[]`),
	)
	r, _ := Compile(Config{CaptureTextInput: true})
	out, diags := New(r).Batch("t", events)
	got := dump(out)
	for _, s := range []string{"before snapshot", "no snapshot yet", "4111111111111111", "ghost value", "orphan text", "not a document", "after a bad snapshot"} {
		if strings.Contains(got, s) {
			t.Errorf("output contains %q", s)
		}
	}
	codes := map[string]bool{}
	for _, d := range diags {
		codes[string(d.Code)] = true
	}
	for _, c := range []string{string(NoSnapshot), string(Dropped)} {
		if !codes[c] {
			t.Errorf("no %s diagnostic in %+v", c, diags)
		}
	}
}

func TestUnchangedEventsKeepTheirBytes(t *testing.T) {
	events := page()
	events = append(events, ev(rrweb.IncrementalSnapshot, 4, `{"source":1,"positions":[{"x":1.50,"y":2,"id":7,"timeOffset":-10}],"extra":[1, 2]}`))
	out := run(t, Config{CaptureTextInput: true}, events)
	last := out[len(out)-1]
	if !bytes.Equal(last.Data, events[len(events)-1].Data) {
		t.Errorf("untouched event rewritten: %s", last.Data)
	}
}

// Duplicate JSON keys: a replayer (JSON.parse) sees only the last copy, so
// masking judged only that one; the earlier copies must not be written
// back in clear. Found by review: they used to pass through.
func TestDuplicateKeysNeverLeak(t *testing.T) {
	events := page()
	events = append(events,
		// Two "texts" arrays in one batch: the first would be stored as is.
		mut(4, `"texts":[{"id":8,"value":"SECRET-TEXT-1"}],"texts":[{"id":8,"value":"masked anyway"}],"attributes":[],"removes":[],"adds":[]`),
		// Two "childNodes" in one added node.
		mut(5, `"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":7,"nextId":null,"node":{"type":2,"tagName":"b","attributes":{},"childNodes":[{"type":3,"textContent":"SECRET-TEXT-2","id":41}],"childNodes":[],"id":40}}]`),
		// Two "value"s in an attribute entry of a password field.
		mut(6, `"texts":[],"attributes":[{"id":5,"attributes":{"value":"SECRET-PW-3","value":"x"}}],"removes":[],"adds":[]`),
		// Two "text"s in an Input event on the password field.
		ev(rrweb.IncrementalSnapshot, 7, `{"source":5,"text":"SECRET-PW-4","text":"y","isChecked":false,"id":5}`),
	)
	out := run(t, Config{MaskSelectors: []string{".note"}}, events)
	got := dump(out)
	for _, s := range []string{"SECRET-TEXT-1", "SECRET-TEXT-2", "SECRET-PW-3", "SECRET-PW-4"} {
		if strings.Contains(got, s) {
			t.Errorf("output contains %q:\n%s", s, got)
		}
	}
}
