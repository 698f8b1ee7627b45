package engine

import (
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// appendInBatches opens the first n events of tab 0 of doc and appends the
// rest in random batch sizes, as the player does when it opens a recording
// progressively (and as live mode does).
func appendInBatches(t *testing.T, events []rrweb.Event, n int, opts Options, rng *rand.Rand) *Session {
	t.Helper()
	s, err := Open(&rrweb.Document{Bare: true, Tabs: []rrweb.Tab{{ID: rrweb.DefaultTabID, Events: events[:n]}}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := n; i < len(events); {
		k := min(len(events)-i, 1+rng.Intn(400))
		if err := s.Append(rrweb.DefaultTabID, events[i:i+k]); err != nil {
			t.Fatal(err)
		}
		i += k
	}
	return s
}

// TestAppendEqualsOpen: a session built from a first batch plus appended
// batches — in timestamp order, or with events arriving late across batch
// boundaries — is the session Open gives for all the events: the same
// states everywhere (digest, against a cold replay of the whole stream),
// the same timeline, inspection and keyframes once indexed.
func TestAppendEqualsOpen(t *testing.T) {
	docs := loadFixtures(t)
	for _, name := range []string{"checkout.json", "dynamic.json", "navigation.json", "clicks.json"} {
		doc := docs[name]
		if doc == nil {
			t.Fatalf("fixture %s missing", name)
		}
		if !doc.Bare {
			t.Fatalf("%s: expected a bare event list", name)
		}
		base := doc.Tabs[0].Events
		late := make([]rrweb.Event, len(base))
		copy(late, base)
		rng := rand.New(rand.NewSource(11))
		// Late arrivals: some events swap places with one up to 30 later,
		// so a batch can hold an event older than the previous batch's last.
		for i := 0; i+1 < len(late); i++ {
			if rng.Intn(25) == 0 {
				j := min(len(late)-1, i+1+rng.Intn(30))
				late[i], late[j] = late[j], late[i]
			}
		}
		for _, tc := range []struct {
			what   string
			events []rrweb.Event
		}{{"in order", base}, {"late arrivals", late}} {
			for _, deferred := range []bool{false, true} {
				opts := Options{KeyframeCost: 60, DeferIndex: deferred}
				want, err := Open(&rrweb.Document{Bare: true, Tabs: []rrweb.Tab{{ID: rrweb.DefaultTabID, Events: tc.events}}}, Options{KeyframeCost: 60})
				if err != nil {
					t.Fatal(err)
				}
				n := 1 + rng.Intn(min(40, len(tc.events)))
				got := appendInBatches(t, tc.events, n, opts, rng)
				for !got.IndexStep(97) {
				}
				label := name + " " + tc.what
				if deferred {
					label += " (deferred)"
				}
				if got.DurationMs() != want.DurationMs() || got.FirstTimestamp() != want.FirstTimestamp() {
					t.Fatalf("%s: duration/first %d/%d, want %d/%d", label, got.DurationMs(), got.FirstTimestamp(), want.DurationMs(), want.FirstTimestamp())
				}
				gt, wt := got.tabs[0], want.tabs[0]
				first, last := wt.events[0].Timestamp, wt.events[len(wt.events)-1].Timestamp
				for k := 0; k < 12; k++ {
					ts := first + rng.Int63n(last-first+2)
					if g, w := gt.stateAt(ts).Digest(), wt.coldState(ts).Digest(); g != w {
						t.Fatalf("%s: state at %d differs:\n%s", label, ts-first, firstDiff(w, g))
					}
				}
				if len(gt.keyframes) != len(wt.keyframes) {
					t.Fatalf("%s: %d keyframes, want %d", label, len(gt.keyframes), len(wt.keyframes))
				}
				for k := range gt.keyframes {
					if gt.keyframes[k].index != wt.keyframes[k].index || gt.keyframes[k].tree.Digest() != wt.keyframes[k].tree.Digest() {
						t.Fatalf("%s: keyframe %d differs", label, k)
					}
				}
				for _, pair := range [][2]any{
					{got.Timeline(TimelineOptions{}), want.Timeline(TimelineOptions{})},
					{got.Inspect(), want.Inspect()},
				} {
					g, _ := json.Marshal(pair[0])
					w, _ := json.Marshal(pair[1])
					if string(g) != string(w) {
						t.Fatalf("%s: %T differs:\n got %.600s\nwant %.600s", label, pair[0], g, w)
					}
				}
			}
		}
	}
}
