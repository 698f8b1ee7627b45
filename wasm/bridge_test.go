package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "fixtures", "recordings", name))
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return data
}

func mustJSON(t *testing.T, data []byte, err error, v any) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, data)
	}
}

func TestOpenInfoSeekAdvance(t *testing.T) {
	b := newBridge()
	h, err := b.open(fixture(t, "checkout.json"))
	if err != nil {
		t.Fatal(err)
	}
	var info infoJSON
	raw, err := b.info(h)
	mustJSON(t, raw, err, &info)
	if info.DurationMs <= 0 || len(info.Tabs) != 1 || info.Tabs[0] != "tab-1" || info.Format != "json" || len(info.Spans) != 1 {
		t.Fatalf("info = %+v", info)
	}
	c, err := b.cursor(h, "")
	if err != nil {
		t.Fatal(err)
	}
	var frame struct {
		Tab string
		T   int64
		W   float64
		Doc *struct {
			K string
			C []json.RawMessage
		}
	}
	raw, err = b.seek(c, info.DurationMs/2, false)
	mustJSON(t, raw, err, &frame)
	if frame.Tab != "tab-1" || frame.T != info.DurationMs/2 || frame.W <= 0 || frame.Doc == nil || frame.Doc.K != "doc" {
		t.Fatalf("frame = %+v", frame)
	}
	var adv struct {
		T       int64
		Batches []json.RawMessage
		Pointer []json.RawMessage
	}
	raw, err = b.advance(c, info.DurationMs+1)
	mustJSON(t, raw, err, &adv)
	if adv.T != info.DurationMs+1 || len(adv.Batches) == 0 || len(adv.Pointer) == 0 {
		t.Fatalf("advance over the second half: %d batches, %d pointer entries", len(adv.Batches), len(adv.Pointer))
	}
	var tl struct {
		DurationMs int64
		Skips      []json.RawMessage
		ActiveTab  []struct{ TabID string }
		KeyEvents  []struct{ Kind string }
	}
	raw, err = b.timeline(h, 0)
	mustJSON(t, raw, err, &tl)
	if tl.DurationMs != info.DurationMs || len(tl.KeyEvents) == 0 || len(tl.ActiveTab) == 0 {
		t.Fatalf("timeline = %+v", tl)
	}
	if id, err := b.activeTab(h, 0); err != nil || id != "tab-1" {
		t.Fatalf("activeTab = %q, %v", id, err)
	}
}

func TestOpenGzipAndErrors(t *testing.T) {
	b := newBridge()
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(fixture(t, "navigation.json"))
	w.Close()
	h, err := b.open(gz.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := b.info(h)
	var info infoJSON
	mustJSON(t, raw, err, &info)
	if !info.Gzip {
		t.Fatal("gzip not reported")
	}
	if _, err := b.open([]byte("not a recording")); err == nil {
		t.Fatal("garbage opened")
	}
	if _, err := b.open(nil); err == nil {
		t.Fatal("empty input opened")
	}
	if _, err := b.cursor(h, "no-such-tab"); err == nil {
		t.Fatal("cursor on an unknown tab")
	}
	for name, call := range map[string]func() error{
		"info":     func() error { _, err := b.info(999); return err },
		"timeline": func() error { _, err := b.timeline(999, 0); return err },
		"seek":     func() error { _, err := b.seek(999, 0, false); return err },
		"advance":  func() error { _, err := b.advance(999, 0); return err },
		"cursor":   func() error { _, err := b.cursor(999, ""); return err },
		"append":   func() error { _, err := b.appendEvents(999, "t", []byte("[]")); return err },
		"close":    func() error { return b.close(999) },
	} {
		if err := call(); !errors.Is(err, errHandle) {
			t.Errorf("%s on a bad handle: %v", name, err)
		}
	}
}

// Live: appending the second half of a recording extends the duration and
// an existing cursor advances into it.
func TestAppendAndClose(t *testing.T) {
	var events []json.RawMessage
	if err := json.Unmarshal(fixture(t, "checkout.json"), &events); err != nil {
		t.Fatal(err)
	}
	half := len(events) / 2
	first, _ := json.Marshal(events[:half])
	rest, _ := json.Marshal(events[half:])
	b := newBridge()
	h, err := b.open(first)
	if err != nil {
		t.Fatal(err)
	}
	var before, after infoJSON
	raw, err := b.info(h)
	mustJSON(t, raw, err, &before)
	c, _ := b.cursor(h, "")
	b.seek(c, before.DurationMs+1, false)
	if _, err := b.appendEvents(h, "", rest); err == nil {
		t.Fatal("bare events appended without a tab id")
	}
	n, err := b.appendEvents(h, "tab-1", rest)
	if err != nil || n != len(events)-half {
		t.Fatalf("append: %d, %v", n, err)
	}
	raw, err = b.info(h)
	mustJSON(t, raw, err, &after)
	if after.DurationMs <= before.DurationMs {
		t.Fatalf("duration %d → %d after append", before.DurationMs, after.DurationMs)
	}
	raw, _ = b.advance(c, after.DurationMs+1)
	if !bytes.Contains(raw, []byte(`"ops"`)) {
		t.Fatalf("advance after append has no ops: %.200s", raw)
	}
	// A session document appends to the tabs it names (here a new one).
	doc := `{"format":"reprise-session","version":1,"tabs":[{"id":"tab-2","events":` + string(rest) + `}]}`
	if _, err := b.appendEvents(h, "", []byte(doc)); err != nil {
		t.Fatal(err)
	}
	raw, err = b.info(h)
	mustJSON(t, raw, err, &after)
	if strings.Join(after.Tabs, ",") != "tab-1,tab-2" {
		t.Fatalf("tabs after appending a document: %v", after.Tabs)
	}
	if err := b.close(h); err != nil {
		t.Fatal(err)
	}
	if _, err := b.seek(c, 0, false); !errors.Is(err, errHandle) {
		t.Fatal("cursor survived closing its session")
	}
	if len(b.sessions) != 0 || len(b.cursors) != 0 {
		t.Fatalf("leaked handles: %d sessions, %d cursors", len(b.sessions), len(b.cursors))
	}
}

func TestGuardRecoversPanics(t *testing.T) {
	out, err := guard(func() (int, error) {
		var m map[string]int
		m["x"] = 1 // nil map write panics
		return 1, nil
	})
	if err == nil || out != 0 || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("guard = %d, %v", out, err)
	}
	out, err = guard(func() (int, error) { return 7, nil })
	if out != 7 || err != nil {
		t.Fatalf("guard passthrough = %d, %v", out, err)
	}
}

// Progressive opening: an event array is open after its first full
// snapshot, the rest arrives through index steps (info says so until it is
// complete), and the session ends up the one a whole-file open gives; a
// defect later in the file reports an error and keeps what came before.
func TestOpenProgressively(t *testing.T) {
	data := fixture(t, "dynamic.json")
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	whole := newBridge()
	wh, err := whole.open([]byte(`{"format":"reprise-session","version":1,"tabs":[{"id":"tab-1","events":` + string(data) + `}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var want infoJSON
	raw, err := whole.info(wh)
	mustJSON(t, raw, err, &want)
	if !want.Complete {
		t.Fatal("a session document (not progressive) must be complete at once")
	}
	for _, in := range [][]byte{data, gz.Bytes()} {
		b := newBridge()
		b.firstEvents = 20
		h, err := b.open(in)
		if err != nil {
			t.Fatal(err)
		}
		var info infoJSON
		raw, err := b.info(h)
		mustJSON(t, raw, err, &info)
		if info.Complete || info.DurationMs >= want.DurationMs {
			t.Fatalf("right after open: complete=%v, duration %d of %d", info.Complete, info.DurationMs, want.DurationMs)
		}
		c, _ := b.cursor(h, "")
		raw, err = b.seek(c, info.DurationMs, false)
		var frame struct{ Doc *struct{ K string } }
		mustJSON(t, raw, err, &frame)
		if frame.Doc == nil {
			t.Fatal("no first frame before the rest is decoded")
		}
		steps, decoding := 0, 0
		for {
			st, err := b.index(h, 5)
			if err != nil {
				t.Fatal(err)
			}
			steps++
			if st == statusDecoding {
				decoding++
			}
			if st == statusDone {
				break
			}
		}
		raw, err = b.info(h)
		mustJSON(t, raw, err, &info)
		if !info.Complete || info.DurationMs != want.DurationMs || decoding == 0 {
			t.Fatalf("after %d steps (%d decoding): %+v, want duration %d", steps, decoding, info, want.DurationMs)
		}
		got, err := b.timeline(h, 0)
		exp, err2 := whole.timeline(wh, 0)
		if err != nil || err2 != nil || string(got) != string(exp) {
			t.Fatalf("timeline differs from the whole-file open (%v, %v)", err, err2)
		}
		c2, _ := whole.cursor(wh, "")
		for _, at := range []int64{0, want.DurationMs / 3, want.DurationMs} {
			g, _ := b.seek(c, at, false)
			e, _ := whole.seek(c2, at, false)
			if string(g) != string(e) {
				t.Fatalf("frame at %d differs from the whole-file open", at)
			}
		}
	}
	// Cut in the middle: open works, an index step reports the defect, and
	// the part before it stays playable.
	cut := data[:len(data)*2/3]
	b := newBridge()
	b.firstEvents = 20
	h, err := b.open(cut)
	if err != nil {
		t.Fatal(err)
	}
	var stepErr error
	for i := 0; i < 1000 && stepErr == nil; i++ {
		var st int
		if st, stepErr = b.index(h, 5); st == statusDone {
			break
		}
	}
	if stepErr == nil || !strings.Contains(stepErr.Error(), "readable up to event") {
		t.Fatalf("a cut recording: %v", stepErr)
	}
	var info infoJSON
	raw, err = b.info(h)
	mustJSON(t, raw, err, &info)
	if !info.Complete || info.DurationMs <= 0 {
		t.Fatalf("after the defect: %+v", info)
	}
	if st, err := b.index(h, 5); err != nil || st == statusDecoding {
		t.Fatalf("indexing after the defect: %d, %v", st, err)
	}
	// Cut inside the first batch, after the first full snapshot: open still
	// shows that page; the first index step reports the defect.
	b = newBridge()
	if h, err = b.open(cut); err != nil {
		t.Fatalf("a recording cut after its first page did not open: %v", err)
	}
	raw, err = b.info(h)
	mustJSON(t, raw, err, &info)
	if info.Complete || info.DurationMs <= 0 {
		t.Fatalf("cut in the first batch: %+v", info)
	}
	if _, err := b.index(h, 5); err == nil || !strings.Contains(err.Error(), "readable up to event") {
		t.Fatalf("first index step after an early defect: %v", err)
	}
	raw, err = b.info(h)
	mustJSON(t, raw, err, &info)
	if !info.Complete {
		t.Fatal("still incomplete after the defect was reported")
	}
	// Cut before any full snapshot: nothing to show, open refuses.
	if _, err := newBridge().open(data[:len(data)/50]); err == nil {
		t.Fatal("a recording cut before its first full snapshot opened")
	}
}
