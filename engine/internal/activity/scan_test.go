package activity

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

func TestRageClicks(t *testing.T) {
	type c struct {
		dt   int64
		x, y float64
	}
	cases := []struct {
		name   string
		clicks []c
		want   []string // rage_click summaries
		props  []map[string]any
	}{
		{"3 clicks within 1000 ms, same spot", []c{{0, 100, 100}, {400, 100, 100}, {1000, 100, 100}},
			[]string{"rage_click@2000:button#go.primary.big.extra \"Go now\""}, []map[string]any{{"clicks": 3, "durationMs": int64(1000)}}},
		{"third click at 1001 ms: none", []c{{0, 100, 100}, {400, 100, 100}, {1001, 100, 100}}, nil, nil},
		{"exactly 30 px from the first", []c{{0, 100, 100}, {100, 130, 100}, {200, 100, 130}},
			[]string{"rage_click@2000:button#go.primary.big.extra \"Go now\""}, nil},
		{"30.1 px from the first: none", []c{{0, 100, 100}, {100, 130.1, 100}, {200, 100, 100}}, nil, nil},
		{"within 30 px of each other but not of the first: none", []c{{0, 100, 100}, {100, 125, 100}, {200, 150, 100}}, nil, nil},
		{"2 clicks: none", []c{{0, 100, 100}, {100, 100, 100}}, nil, nil},
		{"one event per burst, extended while ≤1000 ms apart", []c{{0, 100, 100}, {300, 101, 100}, {600, 102, 100}, {1500, 100, 101}, {2400, 100, 100}},
			[]string{"rage_click@2000:button#go.primary.big.extra \"Go now\""}, []map[string]any{{"clicks": 5, "durationMs": int64(2400)}}},
		{"gap over 1000 ms ends the burst; a new burst starts", []c{{0, 100, 100}, {100, 100, 100}, {200, 100, 100}, {1300, 100, 100}, {1400, 100, 100}, {1500, 100, 100}},
			[]string{"rage_click@2000:button#go.primary.big.extra \"Go now\"", "rage_click@3300:button#go.primary.big.extra \"Go now\""},
			[]map[string]any{{"clicks": 3, "durationMs": int64(200)}, {"clicks": 3, "durationMs": int64(200)}}},
		{"a far click ends the burst", []c{{0, 100, 100}, {100, 100, 100}, {200, 100, 100}, {300, 500, 500}},
			[]string{"rage_click@2000:button#go.primary.big.extra \"Go now\""}, []map[string]any{{"clicks": 3, "durationMs": int64(200)}}},
		{"sliding start: first click dropped", []c{{0, 500, 500}, {100, 100, 100}, {200, 100, 100}, {300, 100, 100}},
			[]string{"rage_click@2100:button#go.primary.big.extra \"Go now\""}, nil},
		{"sliding start: old click expires", []c{{0, 100, 100}, {900, 100, 100}, {1500, 100, 100}, {1800, 100, 100}},
			[]string{"rage_click@2900:button#go.primary.big.extra \"Go now\""}, []map[string]any{{"clicks": 3, "durationMs": int64(900)}}},
	}
	for _, tc := range cases {
		evs := start(1000)
		for _, k := range tc.clicks {
			evs = append(evs, clickAt(2000+k.dt, idButton, k.x, k.y), mutation(2000+k.dt+10))
		}
		f := scan(evs)
		rage := ofKind(f.KeyEvents, RageClick)
		if got := summary(rage); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q want %q", tc.name, got, tc.want)
			continue
		}
		for i, p := range tc.props {
			if !reflect.DeepEqual(rage[i].Props, p) {
				t.Errorf("%s: props %v want %v", tc.name, rage[i].Props, p)
			}
		}
		if n := len(ofKind(f.KeyEvents, Click)); n != len(tc.clicks) {
			t.Errorf("%s: %d click events, want %d", tc.name, n, len(tc.clicks))
		}
	}
}

func TestRageClickNeedsCoordinatesAndResetsOnPageLoad(t *testing.T) {
	noXY := inc(2100, rrweb.SourceMouseInteraction, obj{"type": 2, "id": idButton})
	f := scan(cat(start(1000), clickAt(2000, idButton, 10, 10), noXY, clickAt(2200, idButton, 10, 10)))
	if r := ofKind(f.KeyEvents, RageClick); len(r) != 0 {
		t.Errorf("clicks without x/y must not count: %q", summary(r))
	}
	f = scan(cat(start(1000), clickAt(2000, idButton, 10, 10), clickAt(2100, idButton, 10, 10), meta(2150, "https://shop.example/b"), full(2150, "B"), clickAt(2200, idButton, 10, 10)))
	if r := ofKind(f.KeyEvents, RageClick); len(r) != 0 {
		t.Errorf("a page load ends a candidate: %q", summary(r))
	}
}

func TestDeadClicks(t *testing.T) {
	cases := []struct {
		name   string
		events []rrweb.Event
		dead   []string
	}{
		{"mutation at 999 ms", cat(start(0), clickAt(1000, idButton, 1, 1), mutation(1999), move(5000)), nil},
		{"mutation at 1000 ms still counts", cat(start(0), clickAt(1000, idButton, 1, 1), mutation(2000), move(5000)), nil},
		{"mutation at 1001 ms: dead", cat(start(0), clickAt(1000, idButton, 1, 1), mutation(2001), move(5000)),
			[]string{`dead_click@1000:button#go.primary.big.extra "Go now"`}},
		{"only mouse moves and clicks after: dead", cat(start(0), clickAt(1000, idButton, 1, 1), move(1500), mouse(1600, rrweb.Focus, idButton, 0, 0), move(2500)),
			[]string{`dead_click@1000:button#go.primary.big.extra "Go now"`}},
		{"scroll reacts", cat(start(0), clickAt(1000, idLink, 1, 1), inc(1500, rrweb.SourceScroll, obj{"id": 1, "x": 0, "y": 300}), move(5000)), nil},
		{"navigation reacts", cat(start(0), clickAt(1000, idLink, 1, 1), meta(1800, "https://shop.example/next"), full(1800, "Next"), move(5000)), nil},
		{"style sheet rule reacts", cat(start(0), clickAt(1000, idButton, 1, 1), inc(1100, rrweb.SourceStyleSheetRule, obj{"id": 4, "adds": []obj{{"rule": "a{}", "index": 0}}}), move(5000)), nil},
		{"tab hidden reacts (opened another tab)", cat(start(0), clickAt(1000, idLink, 1, 1), vis(1200, "hidden"), move(5000)), nil},
		{"tab visible does not react", cat(start(0), clickAt(1000, idLink, 1, 1), vis(1200, "visible"), move(5000)),
			[]string{`dead_click@1000:a "Link"`}},
		{"track() does not react", cat(start(0), clickAt(1000, idLink, 1, 1), custom(1200, TagEvent, obj{"name": "x"}), move(5000)),
			[]string{`dead_click@1000:a "Link"`}},
		{"collapsed selection does not react", cat(start(0), clickAt(1000, idLong, 1, 1), selection(1001, 20, 3, 20, 3), move(5000)),
			[]string{`dead_click@1000:p.long "This is a very long paragraph of visible text that goes on…"`}},
		{"word selection (double click) reacts", cat(start(0), clickAt(1000, idLong, 1, 1), clickAt(1100, idLong, 1, 1), selection(1101, 20, 3, 20, 9), move(5000)), nil},
		{"drag-select ending in a click is not dead", cat(start(0), mouse(900, rrweb.MouseDown, idLong, 1, 1), selection(950, 20, 0, 20, 5), mouse(1000, rrweb.MouseUp, idLong, 1, 1), clickAt(1000, idLong, 1, 1), move(5000)), nil},
		{"mousedown resets the drag state", cat(start(0), selection(500, 20, 0, 20, 5), mouse(900, rrweb.MouseDown, idLong, 1, 1), clickAt(1000, idLong, 1, 1), move(5000)),
			[]string{`dead_click@1000:p.long "This is a very long paragraph of visible text that goes on…"`}},
		{"click on input not dead", cat(start(0), clickAt(1000, idEmail, 1, 1), move(5000)), nil},
		{"click on textarea not dead", cat(start(0), clickAt(1000, idNotes, 1, 1), move(5000)), nil},
		{"click on select not dead", cat(start(0), clickAt(1000, idSelect, 1, 1), move(5000)), nil},
		{"click on label not dead", cat(start(0), clickAt(1000, idLabel, 1, 1), move(5000)), nil},
		{"click on radio not dead", cat(start(0), clickAt(1000, idShipA, 1, 1), move(5000)), nil},
		{"click on contentEditable not dead", cat(start(0), clickAt(1000, idEditable, 1, 1), move(5000)), nil},
		{"click inside contentEditable not dead", cat(start(0), clickAt(1000, idSpan, 1, 1), move(5000)), nil},
		{"click on body not dead", cat(start(0), clickAt(1000, idBody, 1, 1), move(5000)), nil},
		{"click on the document not dead", cat(start(0), clickAt(1000, idDoc, 1, 1), move(5000)), nil},
		{"click on unknown node not dead", cat(start(0), clickAt(1000, 999, 1, 1), move(5000)), nil},
		{"submit input can be dead", cat(start(0), clickAt(1000, idSubmit, 1, 1), move(5000)),
			[]string{`dead_click@1000:input "Send it"`}},
		{"shadow DOM button can be dead", cat(start(0), clickAt(1000, idInner, 1, 1), move(5000)),
			[]string{`dead_click@1000:button.inner "Inner"`}},
		{"stream ends before the window, session too: undecided", cat(start(0), clickAt(1000, idButton, 1, 1), move(1500)), nil},
		{"each click of a dead burst is judged", cat(start(0), clickAt(1000, idButton, 1, 1), clickAt(1200, idButton, 1, 1), move(2300)),
			[]string{`dead_click@1000:button#go.primary.big.extra "Go now"`, `dead_click@1200:button#go.primary.big.extra "Go now"`}},
	}
	for _, tc := range cases {
		f := scan(tc.events)
		if got := summary(ofKind(f.KeyEvents, DeadClick)); !reflect.DeepEqual(got, tc.dead) {
			t.Errorf("%s: got %q want %q", tc.name, got, tc.dead)
		}
	}
	// The session end (other tabs) decides a click at the end of this tab.
	evs := cat(start(0), clickAt(1000, idButton, 1, 1))
	for _, c := range []struct {
		end  int64
		dead int
	}{{1999, 0}, {2000, 1}, {9000, 1}} {
		f := Scan(evs, nil, Options{KeyEvents: true, SessionEnd: c.end})
		if n := len(ofKind(f.KeyEvents, DeadClick)); n != c.dead {
			t.Errorf("session end %d: %d dead clicks, want %d", c.end, n, c.dead)
		}
	}
}

func TestKeyEventOrder(t *testing.T) {
	f := scan(cat(start(0), clickAt(1000, idButton, 1, 1), clickAt(1000, idButton, 1, 1), clickAt(1000, idButton, 1, 1), move(3000)))
	want := []string{
		"pageview@0:https://shop.example/",
		`click@1000:button#go.primary.big.extra "Go now"`,
		`rage_click@1000:button#go.primary.big.extra "Go now"`,
		`dead_click@1000:button#go.primary.big.extra "Go now"`,
		`click@1000:button#go.primary.big.extra "Go now"`,
		`dead_click@1000:button#go.primary.big.extra "Go now"`,
		`click@1000:button#go.primary.big.extra "Go now"`,
		`dead_click@1000:button#go.primary.big.extra "Go now"`,
	}
	if got := summary(f.KeyEvents); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestInputBursts(t *testing.T) {
	evs := cat(start(0),
		clickAt(1000, idEmail, 1, 1),
		input(1100, idEmail, "j", false), input(1200, idEmail, "ja", false), input(1300, idEmail, "jan", false),
		input(1400, idEmail2, "x", false),
		input(1500, idEmail, "jane", false), // back to the first field: new burst
		mouse(1600, rrweb.Blur, idEmail, 0, 0),
		input(1700, idEmail, "jane@", false),                                     // after blur: new burst
		input(1800, idShipA, "alpha", true), input(1800, idShipB, "beta", false), // radio + side effect
		mouse(1850, rrweb.Blur, idShipA, 0, 0),
		input(1900, idShipB, "beta", true), input(1900, idShipA, "alpha", false),
		input(2000, idNotes, "secret notes typed", false),
		inc(2100, rrweb.SourceInput, obj{"id": idNotes, "text": "programmatic", "userTriggered": false}),
		input(2200, idSelect, "ca", false),
		input(2300, -1, "ghost", false),
		input(2400, 999, "ghost", false),
		inc(2500, rrweb.SourceInput, obj{"text": "no id"}),
		input(3000, idEmail2, "a", false), clickAt(3050, idButton, 0, 0), input(3070, idEmail2, "", false), // click elsewhere (Enter submits): same burst
		clickAt(3100, idEmail2, 1, 1), input(3200, idEmail2, "ab", false), // click on the field: new burst
		input(13200, idEmail2, "abc", false),  // exactly InputBurstGap later: same burst
		input(23201, idEmail2, "abcd", false), // more than InputBurstGap later: new burst
	)
	f := scan(evs)
	got := summary(ofKind(f.KeyEvents, Input))
	want := []string{
		"input@1100:Email", "input@1400:Second email", "input@1500:Email", "input@1700:Email",
		"input@1800:ship", "input@1900:ship", "input@2000:notes", "input@2200:country",
		"input@3000:Second email", "input@3200:Second email", "input@23201:Second email",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	in := ofKind(f.KeyEvents, Input)
	if tg := in[0].Target; tg.Tag != "input" || tg.Type != "email" || tg.Name != "email" || tg.ID != "email" || tg.Label != "Email" || tg.Text != "" {
		t.Errorf("email target: %+v", tg)
	}
	if tg := in[4].Target; !reflect.DeepEqual(*tg, Target{Tag: "input", Type: "radio", Name: "ship"}) {
		t.Errorf("radio target must be the group only: %+v", tg)
	}
	b, _ := json.Marshal(f.KeyEvents)
	for _, secret := range []string{"jane", "ghost", "secret", "programmatic", "alpha", "beta", "prefilled", "Canada", `"ca"`} {
		if strings.Contains(string(b), secret) {
			t.Errorf("key events leak %q: %s", secret, b)
		}
	}
}

func TestPageViews(t *testing.T) {
	evs := cat(
		meta(0, "https://a.example/"), full(1, "  Page\n A "),
		meta(5000, "https://a.example/"), full(5000, "Checkout snapshot"), // checkout: same href
		meta(6000, "https://a.example/b"), full(6000, ""), // no title
		ev(7000, rrweb.DomContentLoaded, obj{}), ev(7001, rrweb.Load, obj{}),
		meta(7002, "https://a.example/b"), full(7003, "Reloaded"), // reload recorded from the start
		meta(8000, "https://a.example/c"), // no snapshot follows
		meta(9000, "https://a.example/d"), ev(9001, rrweb.FullSnapshot, obj{"node": "bad"}),
	)
	f := scan(evs)
	pv := ofKind(f.KeyEvents, PageView)
	type p struct {
		ts    int64
		name  string
		title any
	}
	var got []p
	for _, k := range pv {
		got = append(got, p{k.Timestamp, k.Name, k.Props["title"]})
	}
	want := []p{
		{0, "https://a.example/", "Page A"},
		{6000, "https://a.example/b", nil},
		{7002, "https://a.example/b", "Reloaded"},
		{8000, "https://a.example/c", nil},
		{9000, "https://a.example/d", nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestClickTargets(t *testing.T) {
	evs := cat(start(0), attachFrame(10),
		clickAt(1000, idButton, 1, 1), mutation(1001),
		clickAt(2000, idLong, 1, 1), mutation(2001),
		clickAt(3000, idInner, 1, 1), mutation(3001),
		clickAt(4000, idFrameBtn, 1, 1), mutation(4001),
		clickAt(5000, idEditable, 1, 1),
		clickAt(6000, idNotes, 1, 1),
		clickAt(7000, idMain, 1, 1), mutation(7001),
		clickAt(8000, idBody, 1, 1),
		clickAt(9000, 999, 1, 1),
		clickAt(10000, idEmail, 1, 1),
		clickAt(11000, idSelect, 1, 1),
	)
	f := scan(evs)
	var got []Target
	for _, k := range ofKind(f.KeyEvents, Click) {
		got = append(got, *k.Target)
	}
	want := []Target{
		{NodeID: idButton, Tag: "button", ID: "go", Classes: []string{"primary", "big", "extra", "more"}, Text: "Go now", Selector: "main#app.shell > button#go.primary.big.extra"},
		{NodeID: idLong, Tag: "p", Classes: []string{"long"}, Text: "This is a very long paragraph of visible text that goes on…", Selector: "main#app.shell > p.long"},
		{NodeID: idInner, Tag: "button", Classes: []string{"inner"}, Text: "Inner", Selector: "main#app.shell > div#host >> button.inner"},
		{NodeID: idFrameBtn, Tag: "button", ID: "fb", Text: "Frame btn", Selector: "main#app.shell > iframe#frm >> button#fb"},
		{NodeID: idEditable, Tag: "div", Classes: []string{"editor"}, Selector: "main#app.shell > div.editor"},
		{NodeID: idNotes, Tag: "textarea", ID: "notes", Selector: "main#app.shell > textarea#notes", Name: "notes"},
		{NodeID: idMain, Tag: "main", ID: "app", Classes: []string{"shell"}, Text: "Go now Email This is a very long paragraph of visible text…", Selector: "main#app.shell"},
		{NodeID: idBody, Tag: "body", Text: "Go now Email This is a very long paragraph of visible text…", Selector: "body"},
		{NodeID: 999},
		{NodeID: idEmail, Tag: "input", ID: "email", Type: "email", Name: "email", Label: "Email", Selector: "main#app.shell > label > input#email"},
		{NodeID: idSelect, Tag: "select", ID: "country", Name: "country", Selector: "main#app.shell > select#country"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d clicks want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("click %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	names := summary(ofKind(f.KeyEvents, Click))
	if names[0] != `click@1000:button#go.primary.big.extra "Go now"` || names[8] != "click@9000:unknown element" || names[9] != `click@10000:input#email "Email"` {
		t.Errorf("names: %q", names)
	}
	b, _ := json.Marshal(f.KeyEvents)
	for _, secret := range []string{"secret", "prefilled", "Canada"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("click descriptions leak %q: %s", secret, b)
		}
	}
}

func TestCustomEvents(t *testing.T) {
	evs := cat(start(0),
		custom(100, TagEvent, obj{"name": "signup", "props": obj{"plan": "pro"}}),
		custom(200, TagEvent, "just a string"),
		custom(300, TagEvent, obj{"name": 5}),
		custom(400, TagEvent, nil),
		custom(500, "other/tag", obj{"name": "nope"}),
		ev(600, rrweb.Custom, "not an object"),
		rrweb.Event{Type: rrweb.Custom, Data: json.RawMessage(`{"tag":`), Timestamp: 700},
		rrweb.Event{Type: rrweb.Custom, Data: nil, Timestamp: 800},
		custom(900, TagEvent, obj{"name": "plain"}),
		custom(1000, TagTab, obj{"state": "hidden"}),
		custom(1100, TagTab, "visible"),
	)
	f := scan(evs)
	if got, want := summary(ofKind(f.KeyEvents, Custom)), []string{"custom@100:signup", "custom@900:plain"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
	if p := ofKind(f.KeyEvents, Custom)[0].Props; !reflect.DeepEqual(p, map[string]any{"plan": "pro"}) {
		t.Errorf("props %v", p)
	}
	if len(f.Visibility) != 1 || f.Visibility[0].Visible || f.Visibility[0].Timestamp != 1000 {
		t.Errorf("visibility %+v", f.Visibility)
	}
}

func TestScanInteractionsAndLightMode(t *testing.T) {
	evs := cat(start(0), move(100), mouse(200, rrweb.Blur, idEmail, 0, 0), clickAt(300, idButton, 1, 1),
		mutation(400), input(500, idEmail, "x", false), vis(600, "visible"),
		inc(700, rrweb.SourceInput, obj{"id": idEmail, "text": "y", "userTriggered": false}), selection(800, 20, 0, 20, 0))
	full := scan(evs)
	light := Scan(evs, nil, Options{})
	var ts []int64
	for _, p := range full.Interactions {
		ts = append(ts, p.Timestamp)
	}
	if want := []int64{100, 300, 500, 800}; !reflect.DeepEqual(ts, want) {
		t.Errorf("interactions %v want %v", ts, want)
	}
	if !reflect.DeepEqual(full.Interactions, light.Interactions) || !reflect.DeepEqual(full.Visibility, light.Visibility) {
		t.Error("light mode must gather the same interactions and visibility")
	}
	if light.KeyEvents != nil {
		t.Error("light mode derives no key events")
	}
}

func TestScanNeverPanicsOnBadPayloads(t *testing.T) {
	bad := []json.RawMessage{nil, json.RawMessage(`null`), json.RawMessage(`[]`), json.RawMessage(`"x"`), json.RawMessage(`{`), json.RawMessage(`{"source":2}`),
		json.RawMessage(`{"source":2,"type":2}`), json.RawMessage(`{"source":2,"type":2,"id":"x"}`), json.RawMessage(`{"source":5,"id":1e30}`),
		json.RawMessage(`{"source":14,"ranges":null}`), json.RawMessage(`{"source":0,"adds":[{"parentId":1,"node":null}]}`),
		json.RawMessage(`{"href":5}`), json.RawMessage(`{"node":{"type":0,"childNodes":[null]}}`), json.RawMessage(`{"source":2,"type":2,"id":8,"x":1e400}`)}
	var evs []rrweb.Event
	for i, d := range bad {
		for typ := rrweb.EventType(0); typ <= 7; typ++ {
			evs = append(evs, rrweb.Event{Type: typ, Data: d, Timestamp: int64(i*10) + int64(typ)})
		}
	}
	evs = append(start(0), evs...)
	_ = scan(evs)
	_ = Scan(evs, nil, Options{})
}
