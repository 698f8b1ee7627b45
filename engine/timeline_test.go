package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// ---- synthetic streams -------------------------------------------------

// snapshot is a small page: body(3) > main#app(4) > [button#buy.primary(5)
// "Buy", input#q name=q (7), div#log (8)].
const snapshotData = `{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
 {"type":2,"id":10,"tagName":"head","attributes":{},"childNodes":[{"type":2,"id":11,"tagName":"title","attributes":{},"childNodes":[{"type":3,"id":12,"textContent":"%s"}]}]},
 {"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
  {"type":2,"id":4,"tagName":"main","attributes":{"id":"app"},"childNodes":[
   {"type":2,"id":5,"tagName":"button","attributes":{"id":"buy","class":"primary"},"childNodes":[{"type":3,"id":6,"textContent":"Buy"}]},
   {"type":2,"id":7,"tagName":"input","attributes":{"id":"q","name":"q","type":"search"},"childNodes":[]},
   {"type":2,"id":8,"tagName":"div","attributes":{"id":"log"},"childNodes":[]}]}]}]}]},"initialOffset":{"top":0,"left":0}}`

func e(ts int64, typ rrweb.EventType, data string) rrweb.Event {
	return rrweb.Event{Type: typ, Data: json.RawMessage(data), Timestamp: ts}
}

func pageLoad(ts int64, href, title string) []rrweb.Event {
	return []rrweb.Event{
		e(ts, rrweb.Meta, fmt.Sprintf(`{"href":%q,"width":1000,"height":800}`, href)),
		e(ts, rrweb.FullSnapshot, fmt.Sprintf(snapshotData, title)),
	}
}

func mv(ts int64) rrweb.Event {
	return e(ts, rrweb.IncrementalSnapshot, `{"source":1,"positions":[{"x":10,"y":10,"id":3,"timeOffset":-20}]}`)
}

func clk(ts int64, id int) rrweb.Event {
	return e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":2,"type":2,"id":%d,"x":50,"y":60}`, id))
}

func typed(ts int64, id int, text string) rrweb.Event {
	return e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":5,"id":%d,"text":%q,"isChecked":false}`, id, text))
}

func mut(ts int64) rrweb.Event {
	return e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":0,"texts":[],"attributes":[{"id":8,"attributes":{"data-t":"%d"}}],"removes":[],"adds":[]}`, ts))
}

func tabVis(ts int64, state string) rrweb.Event {
	return e(ts, rrweb.Custom, fmt.Sprintf(`{"tag":"reprise/tab","payload":{"state":%q}}`, state))
}

func track(ts int64, payload string) rrweb.Event {
	return e(ts, rrweb.Custom, `{"tag":"reprise/event","payload":`+payload+`}`)
}

func join(parts ...any) []rrweb.Event {
	var out []rrweb.Event
	for _, p := range parts {
		switch x := p.(type) {
		case rrweb.Event:
			out = append(out, x)
		case []rrweb.Event:
			out = append(out, x...)
		}
	}
	return out
}

func session(t testing.TB, tabs ...[]rrweb.Event) *Session {
	t.Helper()
	doc := &rrweb.Document{Format: rrweb.DocumentFormat, Version: 1}
	for i, evs := range tabs {
		doc.Tabs = append(doc.Tabs, rrweb.Tab{ID: fmt.Sprintf("tab-%d", i+1), Events: evs})
	}
	s, err := Open(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const t0 = 1_700_000_000_000

// syntheticSessions are the golden cases. Their golden files were checked
// by hand against RULES.md (see the comments).
var syntheticSessions = map[string]func() [][]rrweb.Event{
	// Background DOM changes during a 27.5 s idle gap, then a click, then
	// 15 s of mutations only: inactive [2000, 29500] and a trailing
	// [29500, 44500]; skips [3000, 28500] and [30500, 44500].
	"idle_background": func() [][]rrweb.Event {
		evs := join(pageLoad(t0, "https://shop.example/", "Shop"), mv(t0+1000), clk(t0+2000, 5), mut(t0+2100))
		for ts := int64(3000); ts < 29500; ts += 1000 {
			evs = append(evs, mut(t0+ts))
		}
		evs = append(evs, clk(t0+29500, 5), mut(t0+29600))
		for ts := int64(31000); ts <= 44500; ts += 1500 {
			evs = append(evs, mut(t0+ts))
		}
		return [][]rrweb.Event{evs}
	},
	// No events at all for 20 s: the gap at the start (snapshot at 0, first
	// interaction at 12 s) and the silent gap [13000, 33000]; the
	// search field is typed (one input event, never the text); the click on
	// #buy at 33000 gets no reaction before the recording ends at 34500:
	// dead.
	"idle_silent": func() [][]rrweb.Event {
		return [][]rrweb.Event{join(pageLoad(t0, "https://shop.example/", "Shop"),
			clk(t0+12000, 7), typed(t0+12100, 7, "hunter2"), typed(t0+12200, 7, "hunter22"), mv(t0+13000),
			clk(t0+33000, 5), mv(t0+34500))}
	},
	// Two tabs with visibility events: tab-1 visible at 0, tab-2 opened
	// and visible at 5000 (tab-1 hidden at 5000), back to tab-1 at 9000,
	// tab-2 again at 9000+ (ping-pong), the user works only in the
	// background tab-2 from 20000 to 35000 while tab-1 is visible again
	// from 20000: the session stays active (interaction in any tab).
	"multitab": func() [][]rrweb.Event {
		tab1 := join(pageLoad(t0, "https://shop.example/", "Shop"), tabVis(t0, "visible"), mv(t0+1000), clk(t0+2000, 5), mut(t0+2050),
			tabVis(t0+5000, "hidden"), tabVis(t0+9000, "visible"), tabVis(t0+9500, "hidden"), tabVis(t0+20000, "visible"),
			track(t0+21000, `{"name":"coupon_applied","props":{"code":"SPRING","pct":15}}`), track(t0+21001, `{"name":7}`), track(t0+21002, `"odd"`))
		tab2 := join(pageLoad(t0+4800, "https://shop.example/help", "Help"), tabVis(t0+5000, "visible"), mv(t0+6000), tabVis(t0+9000, "hidden"),
			tabVis(t0+9500, "visible"), mv(t0+10000))
		for ts := int64(20000); ts <= 35000; ts += 5000 {
			tab2 = append(tab2, mv(t0+ts))
		}
		return [][]rrweb.Event{tab1, tab2}
	},
	// Out-of-order events and equal timestamps; no visibility events, so the
	// active tab follows interaction: tab-2 at 800 (an event recorded late),
	// tab-1 at 1000 (click), and at 3000 both tabs interact (tie: tab-2,
	// later in document order, wins).
	"out_of_order": func() [][]rrweb.Event {
		tab1 := join(mv(t0+3000), pageLoad(t0, "https://a.example/", "A"), clk(t0+1000, 5), mut(t0+1500), mv(t0+500))
		tab2 := join(pageLoad(t0+200, "https://b.example/", "B"), mv(t0+3000), mv(t0+800))
		return [][]rrweb.Event{tab1, tab2}
	},
}

func TestTimelineGolden(t *testing.T) {
	for name, mk := range syntheticSessions {
		t.Run(name, func(t *testing.T) {
			s := session(t, mk()...)
			got, err := json.MarshalIndent(s.Timeline(TimelineOptions{}), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "timeline", name+".golden.json")
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with UPDATE_GOLDEN=1)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("timeline differs from %s:\n%s", path, got)
			}
		})
	}
}

// TestTimelineRules pins the cross-tab rules with explicit expectations (the
// golden files hold the complete output).
func TestTimelineRules(t *testing.T) {
	s := session(t, syntheticSessions["idle_background"]()...)
	tl := s.Timeline(TimelineOptions{})
	if want := []Period{{2000, 29500}, {29500, 44500}}; !reflect.DeepEqual(tl.Inactive, want) {
		t.Errorf("idle_background inactive %v want %v", tl.Inactive, want)
	}
	if want := []Skip{{3000, 28500}, {30500, 44500}}; !reflect.DeepEqual(tl.Skips, want) {
		t.Errorf("idle_background skips %v want %v", tl.Skips, want)
	}
	if tl.DurationMs != 44500 || tl.ActiveMs != 44500-27500-15000 {
		t.Errorf("duration %d active %d", tl.DurationMs, tl.ActiveMs)
	}
	if tl := s.Timeline(TimelineOptions{InactivityThreshold: 30000}); len(tl.Inactive) != 0 || tl.ActiveMs != tl.DurationMs || tl.ThresholdMs != 30000 {
		t.Errorf("threshold option ignored: %+v", tl)
	}

	s = session(t, syntheticSessions["idle_silent"]()...)
	tl = s.Timeline(TimelineOptions{})
	if want := []Period{{0, 12000}, {13000, 33000}}; !reflect.DeepEqual(tl.Inactive, want) {
		t.Errorf("idle_silent inactive %v want %v", tl.Inactive, want)
	}
	var kinds []string
	for _, k := range tl.KeyEvents {
		kinds = append(kinds, fmt.Sprintf("%d %s %s", k.OffsetMs, k.Kind, k.Name))
	}
	want := []string{"0 pageview https://shop.example/", `12000 click input#q`, "12100 input q", `33000 click button#buy.primary "Buy"`, `33000 dead_click button#buy.primary "Buy"`}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("idle_silent key events %q\nwant %q", kinds, want)
	}
	b, _ := json.Marshal(tl)
	if bytes.Contains(b, []byte("hunter")) {
		t.Errorf("typed value leaked: %s", b)
	}

	s = session(t, syntheticSessions["multitab"]()...)
	tl = s.Timeline(TimelineOptions{})
	if len(tl.Inactive) != 0 {
		t.Errorf("multitab: interaction in the background tab keeps the session active: %v", tl.Inactive)
	}
	wantTabs := []TabChange{{0, "tab-1"}, {5000, "tab-2"}, {9000, "tab-1"}, {9500, "tab-2"}, {20000, "tab-1"}}
	if !reflect.DeepEqual(tl.ActiveTab, wantTabs) {
		t.Errorf("multitab active tabs %v want %v", tl.ActiveTab, wantTabs)
	}
	for _, c := range []struct {
		off  int64
		want string
	}{{-5, "tab-1"}, {0, "tab-1"}, {4999, "tab-1"}, {5000, "tab-2"}, {8999, "tab-2"}, {9000, "tab-1"}, {9500, "tab-2"}, {19999, "tab-2"}, {20000, "tab-1"}, {99999, "tab-1"}} {
		if got := s.ActiveTabAt(c.off); got != c.want {
			t.Errorf("ActiveTabAt(%d) = %s want %s", c.off, got, c.want)
		}
	}
	if got := s.ActiveTabs(); !reflect.DeepEqual(got, wantTabs) {
		t.Errorf("ActiveTabs %v", got)
	}
	var switches []string
	for _, k := range tl.KeyEvents {
		if k.Kind == KindTabSwitch {
			switches = append(switches, fmt.Sprintf("%d %s from %v", k.OffsetMs, k.TabID, k.Props["from"]))
		}
	}
	if want := []string{"5000 tab-2 from tab-1", "9000 tab-1 from tab-2", "9500 tab-2 from tab-1", "20000 tab-1 from tab-2"}; !reflect.DeepEqual(switches, want) {
		t.Errorf("tab switches %q want %q", switches, want)
	}

	s = session(t, syntheticSessions["out_of_order"]()...)
	tl = s.Timeline(TimelineOptions{})
	if want := []TabChange{{0, "tab-1"}, {800, "tab-2"}, {1000, "tab-1"}, {3000, "tab-2"}}; !reflect.DeepEqual(tl.ActiveTab, want) {
		t.Errorf("out_of_order active tabs %v want %v", tl.ActiveTab, want)
	}
	for i := 1; i < len(tl.KeyEvents); i++ {
		if tl.KeyEvents[i].OffsetMs < tl.KeyEvents[i-1].OffsetMs {
			t.Errorf("key events not sorted: %+v", tl.KeyEvents)
		}
	}
}

func TestTimelineDeterministicAndEmptyLists(t *testing.T) {
	for name, mk := range syntheticSessions {
		s := session(t, mk()...)
		a, _ := json.Marshal(s.Timeline(TimelineOptions{}))
		b, _ := json.Marshal(s.Timeline(TimelineOptions{}))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: not deterministic", name)
		}
	}
	s := session(t, []rrweb.Event{mv(t0)})
	b, _ := json.Marshal(s.Timeline(TimelineOptions{}))
	if want := `{"durationMs":0,"activeMs":0,"thresholdMs":10000,"inactive":[],"skips":[],"activeTab":[{"offsetMs":0,"tabId":"tab-1"}],"keyEvents":[]}`; string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
}

// ---- recorded fixtures ---------------------------------------------------

type harnessAction struct {
	T        int64   `json:"t"`
	TEnd     int64   `json:"tEnd"`
	Type     string  `json:"type"`
	Selector string  `json:"selector"`
	Frame    string  `json:"frame"`
	Text     string  `json:"text"`
	URL      string  `json:"url"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	Tab      string  `json:"tab"`
	Ms       int64   `json:"ms"`
	Times    int     `json:"times"`
}

func loadFixture(t *testing.T, name string) (*Session, []harnessAction) {
	t.Helper()
	dir := filepath.Join("..", "fixtures", "recordings")
	var data []byte
	var err error
	for _, f := range []string{name + ".json", name + ".json.gz"} {
		if data, err = os.ReadFile(filepath.Join(dir, f)); err == nil {
			break
		}
	}
	if err != nil {
		t.Skipf("fixture %s not recorded yet (no %s.json or %s.json.gz in %s)", name, name, name, dir)
	}
	doc, _, err := rrweb.Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	s, err := Open(doc, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ab, err := os.ReadFile(filepath.Join(dir, name+".actions.json"))
	if err != nil {
		t.Skipf("fixture %s has no action log (%v)", name, err)
	}
	var log struct {
		Actions []harnessAction `json:"actions"`
	}
	if err := json.Unmarshal(ab, &log); err != nil {
		t.Fatalf("%s actions: %v", name, err)
	}
	return s, log.Actions
}

// selectorMatches tells whether a key event target fits a harness selector
// of the forms used by the scenarios: #id, tag, .class chains, and
// tag[name=x][value=y] (radio groups are described by name only).
func selectorMatches(tg *Target, sel string) bool {
	if tg == nil {
		return false
	}
	sel = strings.TrimSpace(sel)
	if i := strings.LastIndexByte(sel, ' '); i >= 0 {
		sel = sel[i+1:] // descendant selector: the last compound is the target
	}
	if strings.HasPrefix(sel, "#") {
		return tg.ID == sel[1:]
	}
	if i := strings.IndexByte(sel, '['); i >= 0 {
		tag, rest := sel[:i], sel[i:]
		if tag != "" && tag != tg.Tag {
			return false
		}
		for _, part := range strings.Split(strings.Trim(rest, "[]"), "][") {
			k, v, _ := strings.Cut(part, "=")
			if k == "name" && strings.Trim(v, `"'`) != tg.Name {
				return false
			}
		}
		return true
	}
	parts := strings.Split(sel, ".")
	if parts[0] != "" && parts[0] != tg.Tag {
		return false
	}
	for _, c := range parts[1:] {
		found := false
		for _, have := range tg.Classes {
			found = found || have == c
		}
		if !found {
			return false
		}
	}
	return true
}

const slackMs = 100

// checkAgainstActions checks a fixture's timeline against its harness
// action log, for every action type the harness logs:
//   - click: a click key event within [t−100, tEnd+100] ms on the selector;
//   - type: an input key event within the same window on that field, and
//     the typed text (and each of its lines) appears nowhere in the JSON;
//   - navigate / back: a pageview of that URL within the window;
//   - idle / wait (ms > 12 s): an inactive period covering most of it;
//   - rage-click: a rage_click key event within the window;
//   - dead-click: a dead_click key event within the window;
//   - switch-tab / tab: the active tab becomes action.tab within the window.
//
// Unknown action types are listed, not failed, so that new harness actions
// show up in the test log.
func checkAgainstActions(t *testing.T, s *Session, tl *Timeline, actions []harnessAction) {
	t.Helper()
	first := s.FirstTimestamp()
	js, _ := json.Marshal(tl)
	within := func(k KeyEvent, a harnessAction) bool {
		end := a.TEnd
		if end < a.T {
			end = a.T
		}
		ts := first + k.OffsetMs
		return ts >= a.T-slackMs && ts <= end+slackMs
	}
	find := func(kind KeyEventKind, a harnessAction, match func(KeyEvent) bool) bool {
		for _, k := range tl.KeyEvents {
			if k.Kind == kind && within(k, a) && (match == nil || match(k)) {
				return true
			}
		}
		return false
	}
	unknown := map[string]int{}
	for _, a := range actions {
		switch a.Type {
		case "click":
			if !find(KindClick, a, func(k KeyEvent) bool { return selectorMatches(k.Target, a.Selector) }) {
				t.Errorf("click on %s at %d (+%d ms) has no click key event on that target", a.Selector, a.T, a.T-first)
			}
		case "type":
			if !find(KindInput, a, func(k KeyEvent) bool { return selectorMatches(k.Target, a.Selector) }) {
				t.Errorf("typing into %s at %d (+%d ms) has no input key event on that field", a.Selector, a.T, a.T-first)
			}
			for _, secret := range append([]string{a.Text}, strings.Split(a.Text, "\n")...) {
				if len(secret) >= 3 && bytes.Contains(js, []byte(secret)) {
					t.Errorf("typed value %q appears in the timeline JSON", secret)
				}
			}
		case "navigate", "back":
			if a.URL != "" && !find(KindPageView, a, func(k KeyEvent) bool { return k.Name == a.URL }) {
				t.Errorf("%s to %s at +%d ms has no pageview", a.Type, a.URL, a.T-first)
			}
		case "idle", "wait":
			if a.Ms > 12000 {
				covered := false
				for _, p := range tl.Inactive {
					covered = covered || (first+p.StartMs <= a.T+2000 && first+p.EndMs >= a.T+a.Ms-2000)
				}
				if !covered {
					t.Errorf("idle of %d ms at +%d ms is not an inactive period: %v", a.Ms, a.T-first, tl.Inactive)
				}
			}
		case "rage-click", "rage":
			if !find(KindRageClick, a, nil) {
				t.Errorf("rage click at +%d ms not detected", a.T-first)
			}
		case "dead-click", "dead":
			if !find(KindDeadClick, a, nil) {
				t.Errorf("dead click at +%d ms not detected", a.T-first)
			}
		case "switch-tab", "tab":
			if a.Tab != "" {
				if got := s.ActiveTabAt(a.TEnd + slackMs - first); got != a.Tab {
					t.Errorf("switch to %s at +%d ms: active tab is %s", a.Tab, a.T-first, got)
				}
			}
		case "mouse-path", "wheel", "press", "resize", "drag-select":
			// interaction without a key event of its own
		default:
			unknown[a.Type]++
		}
	}
	if len(unknown) > 0 {
		t.Logf("action types not checked: %v", unknown)
	}
}

// timelineFixtures: recorded fixture → expectations beyond the generic
// action-log check. Fixtures that are not recorded yet are skipped.
var timelineFixtures = []struct {
	name  string
	check func(t *testing.T, s *Session, tl *Timeline)
}{
	{"checkout", checkCheckout},
	{"dynamic", func(t *testing.T, s *Session, tl *Timeline) {
		if len(tl.Inactive) != 0 {
			t.Errorf("dynamic has no idle gap: %v", tl.Inactive)
		}
	}},
	{"navigation", func(t *testing.T, s *Session, tl *Timeline) {
		n := 0
		for _, k := range tl.KeyEvents {
			if k.Kind == KindPageView {
				n++
			}
		}
		if n < 2 {
			t.Errorf("navigation: %d page views", n)
		}
	}},
	{"long", func(t *testing.T, s *Session, tl *Timeline) {
		// The scenario leaves the page alone (live ticker still updating)
		// for about a minute after the first chat message.
		checkHasIdle(t, s, tl)
	}},
	// idle: two idle gaps > 12 s, one while a ticker mutates the page every
	// second, one with no events at all (both logged as {type:"idle", ms}).
	{"idle", func(t *testing.T, s *Session, tl *Timeline) {
		checkHasIdle(t, s, tl)
		n := 0
		for _, p := range tl.Inactive {
			if p.EndMs-p.StartMs > 12000 {
				n++
			}
		}
		if n != 2 {
			t.Errorf("idle: %d inactive periods over 12 s, want 2: %v", n, tl.Inactive)
		}
	}},
	// multitab: three tabs, switched with visibility events (the action log
	// checks the active tab after every switch).
	{"multitab", func(t *testing.T, s *Session, tl *Timeline) {
		if got := s.TabIDs(); !reflect.DeepEqual(got, []string{"tab-a", "tab-b", "tab-c"}) {
			t.Errorf("multitab tabs %v", got)
		}
		seen := map[string]bool{}
		for _, c := range tl.ActiveTab {
			seen[c.TabID] = true
		}
		if len(seen) != 3 || len(tl.ActiveTab) < 7 {
			t.Errorf("multitab active tabs: %v", tl.ActiveTab)
		}
		switches := 0
		for _, k := range tl.KeyEvents {
			if k.Kind == KindTabSwitch {
				switches++
			}
		}
		if switches != len(tl.ActiveTab)-1 {
			t.Errorf("%d tab_switch key events for %d active-tab changes", switches, len(tl.ActiveTab)-1)
		}
	}},
	// clicks: rage and dead clicks are checked by the action log; here the
	// clicks that do change the page must not be dead, and there are
	// exactly the two rage bursts the harness made.
	{"clicks", func(t *testing.T, s *Session, tl *Timeline) {
		rage := 0
		for _, k := range tl.KeyEvents {
			switch k.Kind {
			case KindRageClick:
				rage++
			case KindDeadClick:
				if k.Target != nil && (k.Target.ID == "toggle" || k.Target.ID == "more" || k.Target.Tag == "td") {
					t.Errorf("a click that changes the page is reported dead: %+v", k)
				}
			}
		}
		if rage != 2 {
			t.Errorf("clicks: %d rage_click key events, want 2", rage)
		}
	}},
}

func checkHasIdle(t *testing.T, s *Session, tl *Timeline) {
	long := false
	for _, p := range tl.Inactive {
		long = long || p.EndMs-p.StartMs > 12000
	}
	if !long {
		t.Errorf("no inactive period over 12 s: %v", tl.Inactive)
	}
	if len(tl.Skips) == 0 {
		t.Error("no skip planned")
	}
}

func checkCheckout(t *testing.T, s *Session, tl *Timeline) {
	// Every field typed is found by its field name (name attribute) too.
	names := map[string]bool{}
	for _, k := range tl.KeyEvents {
		if k.Kind == KindInput && k.Target != nil {
			names[k.Target.Name] = true
		}
	}
	for _, n := range []string{"name", "email", "password", "cc-number", "cc-exp", "cc-csc", "notes", "country", "shipping", "save-card"} {
		if !names[n] {
			t.Errorf("no input event for field %q (have %v)", n, names)
		}
	}
	js, _ := json.Marshal(tl)
	for _, secret := range []string{"Jane Doe", "jane.doe", "Sup3rSecret", "4111", "12/29", "737", "Leave at the back", "tok_hidden", "Ring twice"} {
		if bytes.Contains(js, []byte(secret)) {
			t.Errorf("value %q appears in the timeline JSON", secret)
		}
	}
	if len(tl.KeyEvents) == 0 || tl.KeyEvents[0].Kind != KindPageView || tl.KeyEvents[0].Props["title"] != "Acme Store — Checkout" {
		t.Errorf("first key event: %+v", tl.KeyEvents[0])
	}
	for _, k := range tl.KeyEvents {
		if k.Kind == KindDeadClick || k.Kind == KindRageClick {
			t.Errorf("checkout has no rage/dead clicks: %+v", k)
		}
		if k.Kind == KindClick && k.Target != nil && k.Target.ID == "submit" && k.Target.Selector != "main > form#checkout > div.actions > button#submit" {
			t.Errorf("submit selector %q", k.Target.Selector)
		}
	}
	if len(tl.Inactive) != 0 || tl.ActiveMs != tl.DurationMs {
		t.Errorf("checkout is active throughout: %v", tl.Inactive)
	}
}

func TestTimelineFixtures(t *testing.T) {
	for _, f := range timelineFixtures {
		t.Run(f.name, func(t *testing.T) {
			s, actions := loadFixture(t, f.name)
			tl := s.Timeline(TimelineOptions{})
			checkAgainstActions(t, s, tl, actions)
			if f.check != nil {
				f.check(t, s, tl)
			}
			for i := 1; i < len(tl.KeyEvents); i++ {
				if tl.KeyEvents[i].OffsetMs < tl.KeyEvents[i-1].OffsetMs {
					t.Fatalf("key events not sorted at %d", i)
				}
			}
		})
	}
}

// BenchmarkTimeline measures one Timeline over the largest recorded
// fixture (one replay pass per tab).
func BenchmarkTimeline(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "fixtures", "recordings", "dynamic.json"))
	if err != nil {
		b.Skip("dynamic fixture not recorded")
	}
	doc, _, err := rrweb.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(doc, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.Timeline(TimelineOptions{})
	}
}

// ---- fuzz ------------------------------------------------------------------

// FuzzTimeline builds multi-tab event streams from arbitrary bytes: each
// 4-byte chunk picks a tab, an event type/source, a timestamp step (which
// may go backwards) and a payload template filled with fuzzed ids and
// coordinates; raw fuzzed bytes are used as payloads too.
func FuzzTimeline(f *testing.F) {
	f.Add([]byte{0, 2, 0, 0, 0, 3, 2, 8, 1, 3, 5, 7, 0, 5, 0, 0, 1, 5, 1, 0})
	f.Add([]byte("\x00\x02\x00\x00\x01\x02\x00\x00\x00\x03\x02\x05\x00\x03\x02\x05\x00\x03\x02\x05\x01\x05\x02\x01"))
	f.Add([]byte(`{"type":3,"data":{"source":2,"type":2,"id":5}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		payloads := []string{
			`{"source":%d,"type":%d,"id":%d,"x":%d,"y":%d}`,
			`{"source":%d,"id":%d,"text":"t%d","isChecked":%t,"userTriggered":%t}`,
			`{"source":%d,"ranges":[{"start":%d,"startOffset":%d,"end":%d,"endOffset":%d}]}`,
			`{"source":%d,"texts":[{"id":%d,"value":"v"}],"attributes":[{"id":%d,"attributes":{"class":"c%d"}}],"removes":[{"parentId":%d,"id":%d}],"adds":[{"parentId":4,"nextId":null,"node":{"type":2,"id":%d,"tagName":"b","attributes":{},"childNodes":[]}}]}`,
		}
		tabs := make([][]rrweb.Event, 3)
		ts := int64(t0)
		for i := 0; i+4 <= len(data) && i < 4*400; i += 4 {
			b := data[i : i+4]
			tab := int(b[0]) % 3
			ts += int64(int8(b[3])) * 37
			var ev rrweb.Event
			switch b[1] % 8 {
			case 0:
				tabs[tab] = append(tabs[tab], pageLoad(ts, fmt.Sprintf("https://x.example/%d", b[2]%3), "T")...)
				continue
			case 1:
				ev = e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(payloads[0], 2, int(b[2])%11, int(b[3])%12-1, b[2], b[3]))
			case 2:
				ev = e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(payloads[1], 5, int(b[2])%12-1, b[3], b[2]&1 == 1, b[3]&1 == 1))
			case 3:
				ev = e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(payloads[2], 14, b[2]%12, b[3]%3, b[2]%12, b[2]%3))
			case 4:
				ev = e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(payloads[3], 0, b[2]%12, b[3]%12, b[2], b[3]%12, b[2]%12, 100+int(b[3])))
			case 5:
				states := []string{`{"state":"visible"}`, `{"state":"hidden"}`, `{"name":"n","props":{"a":1}}`, `null`, `{"name":[1]}`}
				tags := []string{"reprise/tab", "reprise/tab", "reprise/event", "reprise/event", "other"}
				k := int(b[2]) % len(states)
				ev = e(ts, rrweb.Custom, `{"tag":"`+tags[k]+`","payload":`+states[k]+`}`)
			case 6:
				ev = rrweb.Event{Type: rrweb.EventType(b[2] % 9), Data: json.RawMessage(data[i:]), Timestamp: ts}
			case 7:
				ev = e(ts, rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":%d}`, b[2]%20))
			}
			tabs[tab] = append(tabs[tab], ev)
		}
		doc := &rrweb.Document{Format: rrweb.DocumentFormat, Version: 1}
		for i, evs := range tabs {
			doc.Tabs = append(doc.Tabs, rrweb.Tab{ID: fmt.Sprintf("tab-%d", i+1), Events: evs})
		}
		s, err := Open(doc, Options{})
		if err != nil {
			return
		}
		for _, th := range []int64{0, 1, 500} {
			tl := s.Timeline(TimelineOptions{InactivityThreshold: th})
			if tl.ActiveMs < 0 || tl.ActiveMs > tl.DurationMs {
				t.Fatalf("activeMs %d of %d", tl.ActiveMs, tl.DurationMs)
			}
			if len(tl.ActiveTab) == 0 || tl.ActiveTab[0].OffsetMs != 0 {
				t.Fatalf("activeTab %v", tl.ActiveTab)
			}
			for i := 1; i < len(tl.KeyEvents); i++ {
				if tl.KeyEvents[i].OffsetMs < tl.KeyEvents[i-1].OffsetMs {
					t.Fatalf("key events not sorted")
				}
			}
			if _, err := json.Marshal(tl); err != nil {
				t.Fatal(err)
			}
		}
		_ = s.ActiveTabAt(s.DurationMs() / 2)
	})
}

// TestTimelineConcurrent: Timeline only reads the Session (run with -race).
func TestTimelineConcurrent(t *testing.T) {
	s := session(t, syntheticSessions["multitab"]()...)
	want, _ := json.Marshal(s.Timeline(TimelineOptions{}))
	done := make(chan []byte)
	for range 4 {
		go func() {
			b, _ := json.Marshal(s.Timeline(TimelineOptions{}))
			_ = s.ActiveTabAt(7000)
			done <- b
		}()
	}
	for range 4 {
		if got := <-done; !bytes.Equal(got, want) {
			t.Error("concurrent Timeline differs")
		}
	}
}
