package mask

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// Rules that make the fast path's checks matter on the fixtures: masked
// and excluded content, rules on ancestors and siblings, classes that
// change while recording.
var pathConfigs = []Config{
	{},
	{CaptureTextInput: true},
	{MaskSelectors: []string{".private", ".pii"}, ExcludeSelectors: []string{".secret-panel", ".rr-block"}},
	{MaskSelectors: []string{"td", "tr.selected", ".chg.up"}, ExcludeSelectors: []string{".msg", ".badge.hot"}},
	{CaptureTextInput: true, MaskSelectors: []string{"p", "span", "b"}, ExcludeSelectors: []string{"#board table", "time"}},
	{MaskSelectors: []string{"div + div", "li ~ li", "body .bar"}, ExcludeSelectors: []string{"header > span", "form", "iframe"}},
	{MaskSelectors: []string{"*"}},
}

func fixtureTabs(t testing.TB) map[string][]rrweb.Event {
	out := map[string][]rrweb.Event{}
	for _, p := range recordings.Paths(t, true) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := rrweb.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, tb := range doc.Tabs {
			out[filepath.Base(p)+"/"+tb.ID] = tb.Events
		}
	}
	if len(out) == 0 {
		t.Fatal("no recordings under fixtures/recordings")
	}
	return out
}

// maskBoth masks events with the fast path and with the general path
// only, and fails on any difference in output or diagnostics.
func maskBoth(t *testing.T, c Config, events []rrweb.Event) {
	t.Helper()
	r, err := Compile(c)
	if err != nil {
		t.Fatal(err)
	}
	fast, general := New(r), New(r)
	general.tabs["t"] = newTab(r)
	general.tabs["t"].general = true
	a, da := fast.Batch("t", events)
	b, db := general.Batch("t", events)
	if len(a) != len(b) {
		t.Fatalf("rules %+v: fast path gives %d events, general path %d", c, len(a), len(b))
	}
	for i := range a {
		if a[i].Type != b[i].Type || a[i].Timestamp != b[i].Timestamp || string(a[i].Data) != string(b[i].Data) {
			t.Fatalf("rules %+v: event %d differs:\n fast    %d %d %s\n general %d %d %s", c, i, a[i].Type, a[i].Timestamp, a[i].Data, b[i].Type, b[i].Timestamp, b[i].Data)
		}
	}
	if fmt.Sprint(da) != fmt.Sprint(db) {
		t.Fatalf("rules %+v: diagnostics differ:\n fast    %v\n general %v", c, da, db)
	}
}

// The fast path (mutReader, mustEdit, bytes passed through) must give
// exactly what the general path (parse, edit, write) gives.
func TestFastPathMatchesGeneralPath(t *testing.T) {
	for name, evs := range fixtureTabs(t) {
		for _, c := range pathConfigs {
			maskBoth(t, c, evs)
		}
		t.Logf("%s: %d events agree", name, len(evs))
	}
}

func FuzzFastPathMatchesGeneralPath(f *testing.F) {
	f.Add([]byte("\x04\x04\x01\x00\x02\x02\x05\x05\x00"), byte(3), "")
	f.Add([]byte("\x02\x03\x04\x05"), byte(0), `{"source":0,"texts":[{"id":8,"value":"x"},{"id":11,"value":" "}],"attributes":[{"id":17,"attributes":{"style":{"width":"1px","color":false}}}],"removes":[{"parentId":4,"id":7}],"adds":[]}`)
	f.Add([]byte(""), byte(2), `{"source":0,"adds":[{"parentId":4,"nextId":null,"node":{"type":2,"tagName":"p","attributes":{"class":"box"},"childNodes":[{"type":3,"textContent":"x","id":31}],"id":30}}]}`+"\n"+`{"source":0,"attributes":[{"id":7,"attributes":{"class":"private"}}]}`)
	f.Fuzz(func(t *testing.T, b []byte, k byte, raw string) {
		if len(b) > 256 {
			b = b[:256]
		}
		evs := append(page(), generate(b)[2:]...)
		for i, d := range strings.Split(raw, "\n") {
			evs = append(evs, rrweb.Event{Type: rrweb.IncrementalSnapshot, Data: json.RawMessage(d), Timestamp: int64(100 + i)})
		}
		cs := append([]Config{{CaptureTextInput: true, MaskSelectors: []string{".private", "p"}, ExcludeSelectors: []string{".box"}}}, pathConfigs...)
		maskBoth(t, cs[int(k)%len(cs)], evs)
	})
}

// atUncached is at() without the cache: the ancestors walked every time.
func (t *tab) atUncached(n *vdom.Node) ctx {
	var c ctx
	if p := t.parentOf(n); p != nil {
		c = t.step(t.atUncached(p), p)
	}
	return t.self(c, n)
}

// The at() cache must always give what walking the ancestors gives, and
// no context is masked while anyMask is false.
func TestContextCacheIsExact(t *testing.T) {
	check := func(t *testing.T, c Config, events []rrweb.Event) {
		r, err := Compile(c)
		if err != nil {
			t.Fatal(err)
		}
		tb := newTab(r)
		var out []rrweb.Event
		for i := range events {
			out = tb.process(&events[i], out)
			if tb.staleCache { // as the next event starts
				tb.dropCache()
				tb.staleCache = false
			}
			var walk func(n *vdom.Node)
			walk = func(n *vdom.Node) {
				got, want := tb.at(n), tb.atUncached(n)
				if got != want {
					t.Fatalf("rules %+v, after event %d: node %d: at() = %+v, want %+v", c, i, n.ID, got, want)
				}
				if want.masked && !tb.anyMask {
					t.Fatalf("rules %+v, after event %d: node %d is masked, anyMask is false", c, i, n.ID)
				}
				children(n, func(k *vdom.Node, _ bool) { walk(k) })
			}
			if tb.tree.Doc != nil {
				walk(tb.tree.Doc)
			}
		}
	}
	for name, evs := range fixtureTabs(t) {
		if strings.HasPrefix(name, "long.") {
			evs = evs[:3000] // every node after every event: the head is plenty
		}
		for _, c := range pathConfigs {
			check(t, c, evs)
		}
	}
	for _, seed := range []string{"\x04\x04\x01\x00\x02\x02\x05\x05\x00", "\x02\x05\x02\x05\x04\x01\x04\x02\x05\x05\x02", "abcdefghijklmnopqrstuvwxyz0123456789"} {
		check(t, Config{CaptureTextInput: true, MaskSelectors: []string{".private"}, ExcludeSelectors: []string{".box"}}, generate([]byte(seed)))
	}
}
