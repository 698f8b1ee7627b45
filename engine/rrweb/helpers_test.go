package rrweb

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"reflect"
	"testing"
)

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// ev builds an event.
func ev(typ EventType, ts int64, data string) Event {
	return Event{Type: typ, Timestamp: ts, Data: json.RawMessage(data)}
}

// readTestdata reads a file under testdata/.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonValue decodes JSON into a generic value for semantic comparison.
func jsonValue(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	return v
}

// sameJSON reports whether a and b are the same JSON value (numbers
// compared as float64, -0 == 0).
func sameJSON(t testing.TB, a, b []byte) bool {
	t.Helper()
	return jsonEqual(jsonValue(t, a), jsonValue(t, b))
}

func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case float64:
		bf, ok := b.(float64)
		return ok && (a == bf || math.IsNaN(a) && math.IsNaN(bf))
	case []any:
		bb, ok := b.([]any)
		if !ok || len(a) != len(bb) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], bb[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			if !jsonEqual(v, bm[k]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// sameEvents compares events, data semantically.
func sameEvents(t testing.TB, got, want []Event) bool {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d events, want %d", len(got), len(want))
		return false
	}
	ok := true
	for i := range got {
		g, w := got[i], want[i]
		if g.Type != w.Type || g.Timestamp != w.Timestamp || !sameJSON(t, g.Data, w.Data) {
			t.Errorf("event %d = {%d %s %d}, want {%d %s %d}", i, g.Type, g.Data, g.Timestamp, w.Type, w.Data, w.Timestamp)
			ok = false
		}
	}
	return ok
}

// sameDocs compares documents, events semantically.
func sameDocs(t testing.TB, got, want *Document) bool {
	t.Helper()
	if got.Format != want.Format || got.Version != want.Version || got.ID != want.ID ||
		got.Environment != want.Environment || got.Bare != want.Bare || len(got.Tabs) != len(want.Tabs) {
		t.Errorf("document header = %+v, want %+v", *got, *want)
		return false
	}
	for _, p := range [][2]*Party{{got.User, want.User}, {got.Company, want.Company}} {
		if !sameParty(t, p[0], p[1]) {
			t.Errorf("party = %+v, want %+v", p[0], p[1])
			return false
		}
	}
	for i := range got.Tabs {
		if got.Tabs[i].ID != want.Tabs[i].ID {
			t.Errorf("tab %d id = %q, want %q", i, got.Tabs[i].ID, want.Tabs[i].ID)
			return false
		}
		if !sameEvents(t, got.Tabs[i].Events, want.Tabs[i].Events) {
			return false
		}
	}
	return true
}

func sameParty(t testing.TB, a, b *Party) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.ID != b.ID || len(a.Traits) != len(b.Traits) {
		return false
	}
	for k, v := range a.Traits {
		w, ok := b.Traits[k]
		if !ok || !sameJSON(t, v, w) {
			return false
		}
	}
	return true
}
