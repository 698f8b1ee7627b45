package engine

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// mnode is a model of what the browser player holds for one node: the Go
// twin of the JS applier. Applying Advance's ops to a frame must give what
// a fresh frame at the later time gives.
type mnode struct {
	H    int32     `json:"h"`
	K    string    `json:"k"`
	T    string    `json:"t"`
	SVG  int       `json:"svg"`
	A    []string  `json:"a"`
	C    []*mnode  `json:"-"`
	SR   *mnode    `json:"-"`
	FD   *mnode    `json:"-"`
	CSS  *string   `json:"css"`
	V    *string   `json:"v"`
	CK   *bool     `json:"ck"`
	Sel  []int     `json:"sel"`
	SelS bool      `json:"-"`
	SX   float64   `json:"sx"`
	SY   float64   `json:"sy"`
	AD   []string  `json:"ad"`
	N    string    `json:"n"`
	P    string    `json:"p"`
	S    string    `json:"s"`
	BC   int       `json:"bc"`
	raw  rawFields `json:"-"`
}

type rawFields struct {
	C  []json.RawMessage `json:"c"`
	SR json.RawMessage   `json:"sr"`
	FD json.RawMessage   `json:"fd"`
}

type model struct {
	byH map[int32]*mnode
	doc *mnode
}

func (m *model) build(t *testing.T, raw json.RawMessage) *mnode {
	var n mnode
	if err := json.Unmarshal(raw, &n); err != nil {
		t.Fatalf("node JSON: %v: %s", err, raw)
	}
	if err := json.Unmarshal(raw, &n.raw); err != nil {
		t.Fatal(err)
	}
	var sel struct {
		Sel *[]int `json:"sel"`
	}
	json.Unmarshal(raw, &sel)
	n.SelS = sel.Sel != nil
	for _, c := range n.raw.C {
		n.C = append(n.C, m.build(t, c))
	}
	if len(n.raw.SR) > 0 {
		n.SR = m.build(t, n.raw.SR)
	}
	if len(n.raw.FD) > 0 {
		n.FD = m.build(t, n.raw.FD)
	}
	n.raw = rawFields{}
	m.byH[n.H] = &n
	return &n
}

func (m *model) load(t *testing.T, frame json.RawMessage) {
	var f struct {
		Doc json.RawMessage `json:"doc"`
	}
	if err := json.Unmarshal(frame, &f); err != nil {
		t.Fatal(err)
	}
	m.byH = map[int32]*mnode{}
	m.doc = nil
	if string(f.Doc) != "null" && len(f.Doc) > 0 {
		m.doc = m.build(t, f.Doc)
	}
}

type wireOp struct {
	O string            `json:"o"`
	N int32             `json:"n"`
	C []json.RawMessage `json:"c"`
	A []string          `json:"a"`
	V json.RawMessage   `json:"v"`
	F struct {
		V   *string `json:"v"`
		CK  *bool   `json:"ck"`
		Sel *[]int  `json:"sel"`
	} `json:"f"`
	X, Y float64
	D    json.RawMessage `json:"d"`
}

func (m *model) apply(t *testing.T, advance []byte) {
	var adv struct {
		Frame   json.RawMessage `json:"frame"`
		Batches []struct {
			Frame json.RawMessage `json:"frame"`
			Ops   []wireOp        `json:"ops"`
		} `json:"batches"`
	}
	if err := json.Unmarshal(advance, &adv); err != nil {
		t.Fatalf("advance JSON: %v: %.300s", err, advance)
	}
	if len(adv.Frame) > 0 {
		m.load(t, adv.Frame)
		return
	}
	for _, b := range adv.Batches {
		if len(b.Frame) > 0 {
			m.load(t, b.Frame)
			continue
		}
		m.ops(t, b.Ops)
	}
}

// ops applies change ops in order, as the JS painter does.
func (m *model) ops(t *testing.T, ops []wireOp) {
	t.Helper()
	for _, op := range ops {
		n := m.byH[op.N]
		if n == nil {
			t.Fatalf("op %s on unknown handle %d", op.O, op.N)
		}
		switch op.O {
		case "kids":
			n.C = n.C[:0:0]
			for _, c := range op.C {
				var takeover struct {
					H int32  `json:"h"`
					M *int32 `json:"m"`
				}
				if c[0] == '{' {
					if json.Unmarshal(c, &takeover); takeover.M == nil {
						n.C = append(n.C, m.build(t, c))
						continue
					}
					// A held node taken over by a new handle.
					took := m.byH[*takeover.M]
					if took == nil {
						t.Fatalf("kids op takes over unknown handle %d", *takeover.M)
					}
					delete(m.byH, *takeover.M)
					took.H = takeover.H
					m.byH[takeover.H] = took
					n.C = append(n.C, took)
					continue
				}
				var h int32
				json.Unmarshal(c, &h)
				if m.byH[h] == nil {
					t.Fatalf("kids op references unknown handle %d", h)
				}
				n.C = append(n.C, m.byH[h])
			}
		case "attrs":
			n.A = op.A
		case "text":
			var s string
			json.Unmarshal(op.V, &s)
			n.V = &s
		case "css":
			var s string
			json.Unmarshal(op.V, &s)
			n.CSS = &s
		case "form":
			if op.F.V != nil {
				n.V = op.F.V
			}
			if op.F.CK != nil {
				n.CK = op.F.CK
			}
			if op.F.Sel != nil {
				n.Sel, n.SelS = *op.F.Sel, true
			}
		case "scroll":
			n.SX, n.SY = op.X, op.Y
		case "adopt":
			var v []string
			json.Unmarshal(op.V, &v)
			n.AD = v
		case "doc":
			n.FD = m.build(t, op.D)
		case "shadow":
			n.SR = m.build(t, op.D)
		default:
			t.Fatalf("unknown op %q", op.O)
		}
	}
}

func attr(a []string, name string) (string, bool) {
	for i := 0; i+1 < len(a); i += 2 {
		if a[i] == name {
			return a[i+1], true
		}
	}
	return "", false
}

// dump renders what a browser would show: live form state resolved the way
// the DOM resolves it, handles included.
func dump(n *mnode, depth int, b *strings.Builder) {
	if n == nil {
		b.WriteString("(none)\n")
		return
	}
	fmt.Fprintf(b, "%s%s h%d", strings.Repeat(" ", depth), n.K, n.H)
	switch n.K {
	case "el":
		fmt.Fprintf(b, " <%s svg=%d %q>", n.T, n.SVG, n.A)
		if n.CSS != nil {
			fmt.Fprintf(b, " css=%q", *n.CSS)
		}
		switch n.T {
		case "input":
			v, _ := attr(n.A, "value")
			if n.V != nil {
				v = *n.V
			}
			_, ck := attr(n.A, "checked")
			if n.CK != nil {
				ck = *n.CK
			}
			fmt.Fprintf(b, " value=%q checked=%v", v, ck)
		case "textarea":
			fmt.Fprintf(b, " value=%q", deref(n.V))
		case "select":
			if n.SelS {
				fmt.Fprintf(b, " sel=%v", n.Sel)
			}
		}
	case "tx", "cm":
		fmt.Fprintf(b, " %q", deref(n.V))
	case "dt":
		fmt.Fprintf(b, " %q", n.N)
	}
	if n.SX != 0 || n.SY != 0 {
		fmt.Fprintf(b, " scroll=%v,%v", n.SX, n.SY)
	}
	if len(n.AD) > 0 {
		fmt.Fprintf(b, " ad=%q", n.AD)
	}
	b.WriteByte('\n')
	if n.SR != nil {
		dump(n.SR, depth+2, b)
	}
	if n.FD != nil {
		dump(n.FD, depth+2, b)
	}
	for _, c := range n.C {
		dump(c, depth+1, b)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// seekPatch asks c for a seek patch to off and applies the answer to m: its
// ops, or the whole frame c sent instead. It reports whether it was a patch.
func (m *model) seekPatch(t *testing.T, c *Cursor, off int64) bool {
	t.Helper()
	var f struct {
		Ops *[]wireOp `json:"ops"`
	}
	raw := c.SeekPatch(off)
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("patch JSON: %v: %.300s", err, raw)
	}
	if f.Ops == nil {
		m.load(t, raw)
		return false
	}
	m.ops(t, *f.Ops)
	return true
}

// freshDiff is "" when m shows what a fresh cursor on tab shows at off, and
// otherwise the first difference.
func (m *model) freshDiff(t *testing.T, s *Session, tab string, off int64) string {
	t.Helper()
	fresh, err := s.Cursor(tab)
	if err != nil {
		t.Fatal(err)
	}
	want := &model{}
	want.load(t, fresh.SeekFrame(off))
	var gb, wb strings.Builder
	dump(m.doc, 0, &gb)
	dump(want.doc, 0, &wb)
	if gb.String() == wb.String() {
		return ""
	}
	return firstDiff(wb.String(), gb.String())
}

// Frame + every Advance's ops == a fresh frame at the end, on every fixture,
// stepping forward in random increments from random starting points.
func TestCursorOpsReproduceFrames(t *testing.T) {
	for name, doc := range loadFixtures(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(doc, Options{KeyframeCost: 300})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewSource(7))
			dur := s.DurationMs()
			rounds := 4
			if testing.Short() {
				// Under WASM (make test-wasm) one round per tab still covers
				// every op kind; native runs keep four.
				rounds = 1
			}
			for _, tabID := range s.TabIDs() {
				for round := 0; round < rounds; round++ {
					c, err := s.Cursor(tabID)
					if err != nil {
						t.Fatal(err)
					}
					start := rng.Int63n(dur/2 + 1)
					m := &model{}
					m.load(t, c.SeekFrame(start))
					steps := 0
					for off := start; off <= dur+1; off += 1 + rng.Int63n(dur/25+1) {
						m.apply(t, c.Advance(off))
						steps++
						if steps%7 == 0 || off+dur/25 > dur {
							if d := m.freshDiff(t, s, tabID, off); d != "" {
								t.Fatalf("tab %s, from %d to %d: ops diverge from a fresh frame:\n%s", tabID, start, off, d)
							}
						}
					}
				}
			}
		})
	}
}

// A seek patch applied to what the player shows equals a fresh frame at the
// seek's time: on every fixture, jumping back and forth at random, with
// playback (Advance) between some jumps so that patches also start from a
// document the ops built. Every jump within one page must come as ops and
// every other as a frame.
func TestCursorPatchReproducesFrames(t *testing.T) {
	for name, doc := range loadFixtures(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(doc, Options{KeyframeCost: 300})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewSource(11))
			dur := s.DurationMs()
			// Each jump decodes two frames into the model: under -race that
			// is most of this package's time, so 16 per tab.
			jumps := 16
			if testing.Short() {
				jumps = 8
			}
			for _, tabID := range s.TabIDs() {
				c, err := s.Cursor(tabID)
				if err != nil {
					t.Fatal(err)
				}
				m := &model{}
				m.load(t, c.SeekFrame(rng.Int63n(dur+1)))
				patched := 0
				for i := 0; i < jumps; i++ {
					off := rng.Int63n(dur + 2)
					shown := m.doc
					patch := m.seekPatch(t, c, off)
					if patch {
						patched++
					}
					samePage := shown != nil && m.doc != nil && shown.H == m.doc.H
					if patch != samePage {
						t.Fatalf("tab %s, jump %d to %d: patched %v, within one page %v", tabID, i, off, patch, samePage)
					}
					if i%3 == 2 {
						off += 1 + rng.Int63n(dur/20+1)
						m.apply(t, c.Advance(off))
					}
					if d := m.freshDiff(t, s, tabID, off); d != "" {
						t.Fatalf("tab %s, jump %d to %d (patch: %v): the shown document is not a fresh frame's:\n%s", tabID, i, off, patch, d)
					}
				}
				t.Logf("tab %s: %d of %d jumps patched", tabID, patched, jumps)
				if patched == 0 {
					t.Errorf("tab %s: no jump stayed within one page: the test checked frames only", tabID)
				}
			}
		})
	}
}

// Advance backwards returns a frame, and pointer entries are in time order.
func TestCursorBackwardsAndPointer(t *testing.T) {
	docs := loadFixtures(t)
	doc := docs["checkout.json"]
	if doc == nil {
		t.Skip("checkout.json fixture missing")
	}
	s, _ := Open(doc, Options{})
	c, _ := s.Cursor("")
	c.SeekFrame(s.DurationMs() / 2)
	var adv struct {
		Frame   json.RawMessage
		Pointer []struct {
			T int64
			K string
		}
	}
	json.Unmarshal(c.Advance(s.DurationMs()), &adv)
	if len(adv.Pointer) == 0 {
		t.Fatal("no pointer entries over half of checkout")
	}
	if !sort.SliceIsSorted(adv.Pointer, func(i, j int) bool { return adv.Pointer[i].T < adv.Pointer[j].T }) {
		// rrweb batches positions per event; across events they may interleave
		// by at most one batch window, never more.
		for i := 1; i < len(adv.Pointer); i++ {
			if adv.Pointer[i].T < adv.Pointer[i-1].T-1000 {
				t.Fatalf("pointer entries out of order by more than a batch: %v", adv.Pointer[i-1:i+1])
			}
		}
	}
	json.Unmarshal(c.Advance(10), &adv)
	if len(adv.Frame) == 0 {
		t.Fatal("advancing backwards did not return a frame")
	}
}

// The frame's envelope is JSON whatever the tab id and href hold.
func TestCursorFrameEnvelopeIsJSON(t *testing.T) {
	doc := docs(t, "checkout.json")
	odd := "tab\x01\"é\u2028"
	doc.Tabs[0].ID = odd
	s, err := Open(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Cursor(odd)
	var f struct {
		Tab  string `json:"tab"`
		Href string `json:"href"`
	}
	if err := json.Unmarshal(c.SeekFrame(s.DurationMs()), &f); err != nil || f.Tab != odd || f.Href == "" {
		t.Fatalf("frame envelope: %v, %+v", err, f)
	}
}

func docs(t *testing.T, name string) *rrweb.Document {
	t.Helper()
	d := loadFixtures(t)[name]
	if d == nil {
		t.Fatalf("fixture %s missing", name)
	}
	cp := *d
	cp.Tabs = append([]rrweb.Tab(nil), d.Tabs...)
	return &cp
}
