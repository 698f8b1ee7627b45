package mask

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

const fuzzPassword = "Pw-s3cr3t-XYZ"

// gen turns fuzz bytes into a recording with password fields, card fields
// and card numbers in text, attributes and values, then mutates it.
type gen struct {
	b   []byte
	i   int
	id  int
	evs []rrweb.Event
	ts  int64
	ids []int // element ids that can take children
	ins []int // input ids
	pws []int // password fields (typing the password anywhere else is not a leak)
	txt []int // text node ids
}

func (g *gen) byte() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}

func (g *gen) card() string {
	digits := []string{"4111111111111111", "5555555555554444", "378282246310005", "4242424242424242"}[g.byte()%4]
	seps := []string{"", " ", "-", "  ", "\u00a0", " - "}
	sep := seps[g.byte()%len(seps)]
	var b strings.Builder
	for i := 0; i < len(digits); i++ {
		if i > 0 && i%4 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

func (g *gen) text() string {
	switch g.byte() % 4 {
	case 0:
		return "pay with " + g.card() + " today"
	case 1:
		return g.card()
	case 2:
		return "hello world"
	}
	return "ref " + fmt.Sprint(g.byte()*1000)
}

func (g *gen) next() int { g.id++; return g.id }

func q(s string) string { b, _ := json.Marshal(s); return string(b) }

// element returns a serialized element (flat: children added separately
// in mutations, nested in the snapshot via kids).
func (g *gen) element(kids string) (string, int) {
	id := g.next()
	switch g.byte() % 6 {
	case 0:
		g.ins = append(g.ins, id)
		g.pws = append(g.pws, id)
		return fmt.Sprintf(`{"type":2,"tagName":"input","attributes":{"type":"password","value":%s},"childNodes":[],"id":%d}`, q(fuzzPassword), id), id
	case 1:
		g.ins = append(g.ins, id)
		return fmt.Sprintf(`{"type":2,"tagName":"input","attributes":{"autocomplete":"cc-number","value":%s},"childNodes":[],"id":%d}`, q(g.card()), id), id
	case 2:
		g.ins = append(g.ins, id)
		return fmt.Sprintf(`{"type":2,"tagName":"input","attributes":{"type":"text","title":%s},"childNodes":[],"id":%d}`, q(g.text()), id), id
	case 3:
		g.ids = append(g.ids, id) // a textarea: type=password means nothing to it
		return fmt.Sprintf(`{"type":2,"tagName":"textarea","attributes":{"value":%s},"childNodes":[],"id":%d}`, q(g.text()), id), id
	}
	g.ids = append(g.ids, id)
	cls := []string{"", "private", "box", "x"}[g.byte()%4]
	return fmt.Sprintf(`{"type":2,"tagName":"div","attributes":{"class":%q,"data-x":%s},"childNodes":[%s],"id":%d}`, cls, q(g.text()), kids, id), id
}

func (g *gen) textNode() (string, int) {
	id := g.next()
	g.txt = append(g.txt, id)
	return fmt.Sprintf(`{"type":3,"textContent":%s,"id":%d}`, q(g.text()), id), id
}

func (g *gen) emit(typ rrweb.EventType, data string) {
	g.ts++
	g.evs = append(g.evs, rrweb.Event{Type: typ, Data: json.RawMessage(data), Timestamp: g.ts})
}

func (g *gen) pick(ids []int) int {
	if len(ids) == 0 {
		return 4
	}
	return ids[g.byte()%len(ids)]
}

func generate(b []byte) []rrweb.Event {
	g := &gen{b: b, id: 4}
	g.ids = []int{4}
	var kids []string
	for n := g.byte()%6 + 1; n > 0; n-- {
		if g.byte()%3 == 0 {
			t, _ := g.textNode()
			kids = append(kids, t)
		} else {
			t, _ := g.textNode()
			e, _ := g.element(t)
			kids = append(kids, e)
		}
	}
	g.emit(rrweb.Meta, `{"href":"https://x.example/","width":1,"height":1}`)
	g.emit(rrweb.FullSnapshot, `{"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{},"childNodes":[{"type":2,"tagName":"main","attributes":{},"childNodes":[`+strings.Join(kids, ",")+`],"id":4}],"id":3}],"id":2}],"id":1},"initialOffset":{"top":0,"left":0}}`)
	for g.i < len(g.b) {
		switch g.byte() % 7 {
		case 0: // type the password into a password field, one character at a time
			if len(g.pws) == 0 {
				continue
			}
			id := g.pick(g.pws)
			for k := 1; k <= len(fuzzPassword); k++ {
				g.emit(rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":5,"text":%s,"isChecked":false,"id":%d}`, q(fuzzPassword[:k]), id))
			}
		case 1: // type a card number
			g.emit(rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":5,"text":%s,"isChecked":false,"id":%d}`, q(g.card()), g.pick(g.ins)))
		case 2: // add an element with text
			t, tid := g.textNode()
			e, eid := g.element("")
			g.emit(rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":%d,"nextId":null,"node":%s},{"parentId":%d,"nextId":null,"node":%s}]}`, g.pick(g.ids), e, eid, strings.Replace(t, fmt.Sprintf(`"id":%d`, tid), fmt.Sprintf(`"id":%d`, tid), 1)))
		case 3: // text mutation with a card number
			g.emit(rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":0,"texts":[{"id":%d,"value":%s}],"attributes":[],"removes":[],"adds":[]}`, g.pick(g.txt), q(g.text())))
		case 4: // turn an element into a password field, or make it private
			k := g.byte() % 4
			attr := []string{`"type":"password"`, `"class":"private"`, `"class":"box"`, `"autocomplete":"cc-csc"`}[k]
			id := g.pick(append(append([]int(nil), g.ins...), g.ids...))
			if k == 0 {
				if len(g.ins) == 0 {
					continue
				}
				id = g.pick(g.ins) // type= only makes inputs password fields
			}
			if k == 0 || k == 3 {
				g.pws = append(g.pws, id) // a password (or card) field from now on
			}
			g.emit(rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":0,"texts":[],"attributes":[{"id":%d,"attributes":{%s,"value":%s}}],"removes":[],"adds":[]}`, id, attr, q(g.text())))
		case 5: // move a text node
			id := g.pick(g.txt)
			g.emit(rrweb.IncrementalSnapshot, fmt.Sprintf(`{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":%d,"id":%d}],"adds":[{"parentId":%d,"nextId":null,"node":{"type":3,"textContent":%s,"id":%d}}]}`, g.pick(g.ids), id, g.pick(g.ids), q(g.text()), id))
		case 6: // free-form custom event
			g.emit(rrweb.Custom, fmt.Sprintf(`{"tag":"t","payload":{"v":%s}}`, q(g.text())))
		}
	}
	return g.evs
}

// checkOutput fails on any password prefix of 4+ characters or any card
// number in any string of the output.
func checkOutput(t *testing.T, out []rrweb.Event) {
	for _, e := range out {
		var v any
		if err := json.Unmarshal(e.Data, &v); err != nil {
			t.Fatalf("output event is not JSON: %s", e.Data)
		}
		var walk func(any)
		walk = func(v any) {
			switch x := v.(type) {
			case string:
				for k := 4; k <= len(fuzzPassword); k++ {
					if strings.Contains(x, fuzzPassword[:k]) {
						t.Fatalf("password prefix %q leaks in %s", fuzzPassword[:k], e.Data)
					}
				}
				if len(cardSpans(x, false)) > 0 {
					t.Fatalf("card number leaks: %q in %s", x, e.Data)
				}
			case map[string]any:
				for k, y := range x {
					walk(k)
					walk(y)
				}
			case []any:
				for _, y := range x {
					walk(y)
				}
			}
		}
		walk(v)
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"", "\x00\x01\x02", "\x05\x00\x00\x01\x02\x04\x00\x03", "abcdefghijklmnopqrstuvwxyz0123456789", "\x04\x04\x01\x00\x02\x02\x05\x05\x00"} {
		f.Add([]byte(s))
	}
	r, err := Compile(Config{CaptureTextInput: true, MaskSelectors: []string{".private"}, ExcludeSelectors: []string{".box"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 512 {
			b = b[:512]
		}
		evs := generate(b)
		out, _ := New(r).Batch("t", evs)
		checkOutput(t, out)
		// Batch boundaries chosen by the input give the same output.
		m := New(r)
		var split []rrweb.Event
		for i := 0; i < len(evs); {
			n := 1
			if len(b) > 0 {
				n += int(b[i%len(b)] % 5)
			}
			j := min(i+n, len(evs))
			o, _ := m.Batch("t", evs[i:j])
			split = append(split, o...)
			i = j
		}
		if dump(split) != dump(out) {
			t.Fatal("batch-split output differs")
		}
	})
}

// FuzzMaskRawEvent feeds arbitrary payloads of every event type and source
// after a valid page: nothing may panic, and the output is valid JSON.
func FuzzMaskRawEvent(f *testing.F) {
	f.Add(byte(3), `{"source":0,"adds":[{"parentId":4,"node":{"type":3,"textContent":"4111111111111111","id":9}}]}`)
	f.Add(byte(3), `{"source":5,"id":5,"text":{"a":1}}`)
	f.Add(byte(2), `{"node":{"type":0,"childNodes":[{"type":2,"tagName":"input","attributes":{"type":"password","value":"x"},"id":2}],"id":1}}`)
	f.Add(byte(5), `{"tag":"x","payload":"\u0034111111111111111"}`)
	f.Add(byte(4), `{"href":7}`)
	r, _ := Compile(Config{MaskSelectors: []string{"p"}, ExcludeSelectors: []string{".box"}, ExcludeLocations: []string{"/x/**"}})
	f.Fuzz(func(t *testing.T, typ byte, data string) {
		evs := append(page(), rrweb.Event{Type: rrweb.EventType(typ % 8), Data: json.RawMessage(data), Timestamp: 9})
		out, _ := New(r).Batch("t", evs)
		for _, e := range out {
			if !json.Valid(e.Data) {
				t.Fatalf("invalid JSON out: %q", e.Data)
			}
			if strings.Contains(string(e.Data), "hunter2") {
				t.Fatalf("password leaks: %s", e.Data)
			}
			var v any
			json.Unmarshal(e.Data, &v)
			if s, _ := json.Marshal(v); len(cardSpans(string(s), false)) > 0 && strings.Contains(string(e.Data), `"`) {
				checkOutput(t, []rrweb.Event{e})
			}
		}
	})
}
