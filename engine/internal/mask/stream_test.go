package mask

import (
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// TestProcessEmitsAtMostOneEvent holds the tab to the promise Stream masks
// in place on: one event in, at most one out, for every fixture event
// under every rule set of the path tests and page exclusions, on both
// paths (the long fixture adds nothing the others lack but time).
func TestProcessEmitsAtMostOneEvent(t *testing.T) {
	configs := append(pathConfigs[:len(pathConfigs):len(pathConfigs)],
		Config{ExcludeLocations: []string{"/desk/inbox.html", "/nav/b.html", "/checkout/**"}})
	for name, events := range fixtureTabs(t) {
		if strings.HasPrefix(name, "long.") {
			continue
		}
		for _, c := range configs {
			r, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, general := range []bool{false, true} {
				tb := newTab(r)
				tb.general = general
				var out []rrweb.Event
				for i := range events {
					n := len(out)
					out = tb.process(&events[i], out)
					if len(out)-n > 1 {
						t.Fatalf("%s, rules %+v, general %v: event %d became %d events", name, c, general, i, len(out)-n)
					}
				}
			}
		}
	}
}

// TestStreamMasksInPlaceAsBatch: what Stream leaves in the list is what
// Batch returns for the same events.
func TestStreamMasksInPlaceAsBatch(t *testing.T) {
	r, err := Compile(Config{MaskSelectors: []string{".private"}, ExcludeLocations: []string{"/nav/b.html"}})
	if err != nil {
		t.Fatal(err)
	}
	for name, events := range fixtureTabs(t) {
		want, wantD := New(r).Batch("t", events)
		s := New(r).Stream("t")
		var got []rrweb.Event
		for _, ev := range events {
			if s.Event(&ev) {
				got = append(got, ev)
			}
		}
		if s.Events() != len(events) || s.Kept() != len(got) || len(got) != len(want) {
			t.Fatalf("%s: %d events in, %d kept, %d listed, Batch gives %d", name, s.Events(), s.Kept(), len(got), len(want))
		}
		for i := range got {
			if got[i].Type != want[i].Type || got[i].Timestamp != want[i].Timestamp || string(got[i].Data) != string(want[i].Data) {
				t.Fatalf("%s: event %d differs from Batch's", name, i)
			}
		}
		if d := s.Diagnostics(); len(d) != len(wantD) {
			t.Errorf("%s: %d diagnostics, Batch %d", name, len(d), len(wantD))
		}
	}
}
