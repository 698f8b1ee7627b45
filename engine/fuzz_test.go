package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// exercise runs everything a caller can do with a session; it must never
// panic whatever the input.
func exercise(t *testing.T, doc *rrweb.Document) {
	s, err := Open(doc, Options{KeyframeCost: 5})
	if err != nil {
		return
	}
	in := s.Inspect()
	for _, off := range []int64{0, 1, s.DurationMs() / 2, s.DurationMs() + 1} {
		for _, id := range s.TabIDs() {
			if _, err := s.SnapshotHTML(id, off); err != nil && !strings.Contains(err.Error(), "no full snapshot") {
				t.Fatalf("snapshot: unexpected error %v", err)
			}
		}
	}
	if _, err := json.Marshal(in); err != nil {
		t.Fatalf("inspection does not encode: %v", err)
	}
}

// FuzzOpen feeds arbitrary bytes through decoding and replay.
func FuzzOpen(f *testing.F) {
	if data, err := os.ReadFile("../fixtures/recordings/checkout.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`[{"type":4,"data":{"href":"x","width":1,"height":1},"timestamp":1},{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"top":0,"left":0}},"timestamp":2}]`))
	f.Add([]byte(`[{"type":3,"data":{"source":0,"adds":[{"parentId":1,"nextId":2,"node":{"type":0,"id":1}}]},"timestamp":1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := rrweb.Decode(data)
		if err != nil {
			return
		}
		exercise(t, doc)
	})
}

// FuzzMutations turns fuzz bytes into a stream of structurally valid but
// adversarial events over a small id space: moves into descendants,
// duplicate ids, shadow and iframe adds, removes of ancestors, CSSOM edits
// on anything, form input on anything.
func FuzzMutations(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("the quick brown fox jumps over the lazy dog 0123456789"))
	f.Add([]byte{3, 3, 3, 9, 9, 9, 1, 1, 200, 201, 202, 7, 7, 7, 7})
	f.Fuzz(func(t *testing.T, prog []byte) {
		doc := &rrweb.Document{Tabs: []rrweb.Tab{{ID: "t", Events: generate(prog)}}}
		exercise(t, doc)
	})
}

const fuzzBase = `{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"id":3,"tagName":"head","attributes":{},"childNodes":[{"type":2,"id":4,"tagName":"style","attributes":{"_cssText":"a{b:c}@media x{d{e:f}}"},"childNodes":[{"type":3,"id":5,"textContent":""}]}]},{"type":2,"id":6,"tagName":"body","attributes":{},"childNodes":[{"type":2,"id":7,"tagName":"iframe","attributes":{},"childNodes":[]},{"type":2,"id":8,"tagName":"div","attributes":{},"childNodes":[],"isShadowHost":true},{"type":2,"id":9,"tagName":"select","attributes":{},"childNodes":[{"type":2,"id":10,"tagName":"option","attributes":{"value":"v"},"childNodes":[]}]}]}]}]},"initialOffset":{"top":0,"left":0}}`

func generate(prog []byte) []rrweb.Event {
	evs := []rrweb.Event{
		{Type: rrweb.Meta, Timestamp: 1, Data: json.RawMessage(`{"href":"http://x/","width":800,"height":600}`)},
		{Type: rrweb.FullSnapshot, Timestamp: 2, Data: json.RawMessage(fuzzBase)},
	}
	tags := []string{"div", "span", "iframe", "style", "textarea", "input", "html", "svg", "option"}
	ts := int64(3)
	for i := 0; i+3 < len(prog); i += 4 {
		op, a, b, c := prog[i]%12, int(prog[i+1]%24), int(prog[i+2]%24), prog[i+3]
		var data string
		switch op {
		case 0, 1: // add an element or text, possibly shadow, possibly before b
			next := "null"
			if c%3 == 0 {
				next = fmt.Sprint(b)
			}
			node := fmt.Sprintf(`{"type":2,"id":%d,"tagName":%q,"attributes":{"class":"c%d"},"childNodes":[],"isShadow":%v}`, 11+int(c%13), tags[int(c)%len(tags)], c, c%5 == 0)
			if op == 1 {
				node = fmt.Sprintf(`{"type":3,"id":%d,"textContent":"t%d"}`, 11+int(c%13), c)
			}
			data = fmt.Sprintf(`{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":%d,"nextId":%s,"node":%s}]}`, a, next, node)
		case 2: // move a into b (possibly its own descendant)
			data = fmt.Sprintf(`{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":%d,"id":%d}],"adds":[{"parentId":%d,"nextId":null,"node":{"type":2,"id":%d,"tagName":"div","attributes":{},"childNodes":[]}}]}`, b, a, b, a)
		case 3:
			data = fmt.Sprintf(`{"source":0,"texts":[{"id":%d,"value":"x%d"}],"attributes":[{"id":%d,"attributes":{"style":{"color":"red","top":false},"value":"v","_cssText":"z{}"}}],"removes":[],"adds":[]}`, a, c, b)
		case 4: // iframe document into any element
			data = fmt.Sprintf(`{"source":0,"isAttachIframe":true,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":%d,"nextId":null,"node":{"type":0,"id":%d,"childNodes":[{"type":2,"id":%d,"tagName":"html","rootId":%d,"attributes":{},"childNodes":[]}]}}]}`, a, 30+int(c%5), b, 30+int(c%5))
		case 5:
			data = fmt.Sprintf(`{"source":8,"id":%d,"adds":[{"rule":"x{y:z}","index":[%d,%d]}],"removes":[{"index":%d}]}`, a, c%3, b%3, b%4)
		case 6:
			data = fmt.Sprintf(`{"source":13,"id":%d,"index":[%d,%d],"set":{"property":"p","value":"v"},"remove":{"property":"q"}}`, a, c%3, b%3)
		case 7:
			data = fmt.Sprintf(`{"source":15,"id":%d,"styles":[{"styleId":%d,"rules":[{"rule":"s{t:u}","index":%d}]}],"styleIds":[%d,%d]}`, a, c%4, b, c%4, b%4)
		case 8:
			data = fmt.Sprintf(`{"source":5,"id":%d,"text":"in%d","isChecked":%v}`, a, c, c%2 == 0)
		case 9:
			data = fmt.Sprintf(`{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":%d,"id":%d,"isShadow":%v}],"adds":[]}`, b, a, c%2 == 0)
		case 10:
			data = fmt.Sprintf(`{"source":3,"id":%d,"x":%d,"y":%d}`, a, b, c)
		case 11: // a whole new page now and then
			evs = append(evs, rrweb.Event{Type: rrweb.FullSnapshot, Timestamp: ts, Data: json.RawMessage(fuzzBase)})
			ts++
			continue
		}
		evs = append(evs, rrweb.Event{Type: rrweb.IncrementalSnapshot, Timestamp: ts, Data: json.RawMessage(data)})
		ts += int64(c % 3)
	}
	return evs
}

// TestGeneratedStreamsReplayConsistently runs the adversarial generator on
// fixed programs and checks, beyond not panicking, that keyframe seeking
// still equals cold replay on such data.
func TestGeneratedStreamsReplayConsistently(t *testing.T) {
	seeds := 200
	if testing.Short() {
		seeds = 40
	}
	for seed := 0; seed < seeds; seed++ {
		prog := make([]byte, 400)
		x := uint32(seed*2654435761 + 1)
		for i := range prog {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			prog[i] = byte(x)
		}
		doc := &rrweb.Document{Tabs: []rrweb.Tab{{ID: "t", Events: generate(prog)}}}
		s, err := Open(doc, Options{KeyframeCost: 3})
		if err != nil {
			t.Fatal(err)
		}
		tb := s.tabs[0]
		for _, ts := range []int64{3, tb.events[len(tb.events)/2].Timestamp, tb.events[len(tb.events)-1].Timestamp + 1} {
			if g, w := tb.stateAt(ts).Digest(), tb.coldState(ts).Digest(); g != w {
				t.Fatalf("seed %d ts %d: keyframe state differs:\n%s", seed, ts, firstDiff(w, g))
			}
		}
	}
}

// FuzzPatch: on FuzzMutations' adversarial streams, a seek patch applied to
// what the player shows equals a fresh frame at the seek's time, whatever
// order the jumps come in (the last bytes pick them).
func FuzzPatch(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, []byte{9, 2, 7, 0})
	f.Add([]byte("the quick brown fox jumps over the lazy dog 0123456789"), []byte{1, 8, 3, 8})
	f.Add([]byte{3, 3, 3, 9, 9, 9, 1, 1, 200, 201, 202, 7, 7, 7, 7}, []byte{5, 0, 5})
	f.Fuzz(func(t *testing.T, prog, jumps []byte) {
		doc := &rrweb.Document{Tabs: []rrweb.Tab{{ID: "t", Events: generate(prog)}}}
		s, err := Open(doc, Options{KeyframeCost: 5})
		if err != nil {
			return
		}
		c, err := s.Cursor("")
		if err != nil {
			return
		}
		dur := s.DurationMs()
		m := &model{}
		m.load(t, c.SeekFrame(dur))
		for i, j := range jumps {
			if i == 16 {
				break
			}
			off := int64(j) * (dur + 2) / 255
			patch := m.seekPatch(t, c, off)
			if d := m.freshDiff(t, s, "", off); d != "" {
				t.Fatalf("jump %d to %d (patch: %v): not a fresh frame's document:\n%s", i, off, patch, d)
			}
		}
	})
}
