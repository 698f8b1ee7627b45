package engine

import (
	"encoding/json"
	"math/rand"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// loadFixtures opens every real recording under fixtures/recordings (the
// long one too, in -short mode), by file name.
func loadFixtures(t testing.TB) map[string]*rrweb.Document {
	t.Helper()
	docs := map[string]*rrweb.Document{}
	for _, f := range readFixtures(t, false) {
		docs[filepath.Base(f.path)] = f.doc
	}
	return docs
}

// Seek equals cold replay: for random offsets, the state reached through a
// keyframe plus delta is exactly the state of applying every event from the
// start. Keyframes are made dense so that most offsets land between two.
func TestSeekEqualsColdReplay(t *testing.T) {
	for name, doc := range loadFixtures(t) {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && len(doc.Tabs[0].Events) > 20000 {
				t.Skip("long fixture skipped in -short mode")
			}
			costs := []int{7, 150}
			if testing.Short() {
				costs = []int{7} // dense: every recording gets several keyframes
			}
			for _, cost := range costs {
				s, err := Open(doc, Options{KeyframeCost: cost})
				if err != nil {
					t.Fatal(err)
				}
				rng := rand.New(rand.NewSource(int64(cost)))
				for _, tb := range s.tabs {
					if cost == 7 && len(tb.keyframes) < 3 {
						t.Fatalf("tab %s: only %d keyframes at cost %d", tb.id, len(tb.keyframes), cost)
					}
					first, last := tb.events[0].Timestamp, tb.events[len(tb.events)-1].Timestamp
					n := 25
					if testing.Short() {
						n = 8
					}
					for i := 0; i < n; i++ {
						ts := first + rng.Int63n(last-first+2)
						if i == 0 {
							ts = last + 1
						}
						got, want := tb.stateAt(ts), tb.coldState(ts)
						if g, w := got.Digest(), want.Digest(); g != w {
							t.Fatalf("tab %s, cost %d, ts %d: keyframe state differs from cold replay:\n%s", tb.id, cost, ts, firstDiff(w, g))
						}
					}
				}
			}
		})
	}
}

func firstDiff(want, got string) string {
	wl, gl := splitLines(want), splitLines(got)
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n- " + w + "\n+ " + g
		}
	}
	return "(equal)"
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// A deferred, stepped keyframe build gives exact states at every stage and
// ends with the same keyframes and diagnostics as an eager open.
func TestDeferredIndex(t *testing.T) {
	docs := loadFixtures(t)
	for _, name := range []string{"dynamic.json", "multitab.json"} {
		doc := docs[name]
		if doc == nil {
			t.Fatalf("fixture %s missing", name)
		}
		eager, err := Open(doc, Options{KeyframeCost: 50})
		if err != nil {
			t.Fatal(err)
		}
		lazy, _ := Open(doc, Options{KeyframeCost: 50, DeferIndex: true})
		for _, tb := range lazy.tabs {
			if len(tb.keyframes) != 0 || tb.indexed || tb.decoded != 0 {
				t.Fatalf("%s: deferred open built keyframes or decoded payloads", name)
			}
		}
		rng := rand.New(rand.NewSource(3))
		for step := 0; ; step++ {
			for _, tb := range lazy.tabs {
				first, last := tb.events[0].Timestamp, tb.events[len(tb.events)-1].Timestamp
				ts := first + rng.Int63n(last-first+2)
				if g, w := tb.stateAt(ts).Digest(), tb.coldState(ts).Digest(); g != w {
					t.Fatalf("%s step %d: state differs from cold replay:\n%s", name, step, firstDiff(w, g))
				}
			}
			if step == 2 {
				// Passes that read every payload decode the rest on demand,
				// mid-build, and agree with the eager session.
				g, _ := json.Marshal(lazy.Timeline(TimelineOptions{}))
				w, _ := json.Marshal(eager.Timeline(TimelineOptions{}))
				if string(g) != string(w) {
					t.Fatalf("%s: timeline mid-build differs from the eager session", name)
				}
			}
			if lazy.IndexStep(40) {
				break
			}
		}
		for i, tb := range lazy.tabs {
			et := eager.tabs[i]
			if len(tb.keyframes) != len(et.keyframes) || len(tb.diags) != len(et.diags) {
				t.Fatalf("%s tab %s: %d keyframes / %d diags, eager %d / %d", name, tb.id, len(tb.keyframes), len(tb.diags), len(et.keyframes), len(et.diags))
			}
			for k := range tb.keyframes {
				if tb.keyframes[k].index != et.keyframes[k].index || tb.keyframes[k].tree.Digest() != et.keyframes[k].tree.Digest() {
					t.Fatalf("%s tab %s: keyframe %d differs from the eager build", name, tb.id, k)
				}
			}
		}
	}
}
