package mask

import (
	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Stream masks one tab's bare event list while rrweb's decoder reads it
// (it is an rrweb.EventHook): the decoder offers each event's data before
// scanning it, and the masker's reader, which reads every Mutation payload
// anyway, reads it there, so the payload is scanned once instead of twice.
// The output equals masking the decoded list with Batch.
//
// It masks in place: each event becomes its masked self, or leaves the
// list (the tab turns one event into at most one). No second list of a
// long recording's events is built.
type Stream struct {
	t      *tab
	one    []rrweb.Event // what the tab made of the current event
	events int
	kept   int
}

// Stream starts masking tab tabID's events as they are decoded.
func (m *Masker) Stream(tabID string) *Stream {
	t := m.tabs[tabID]
	if t == nil {
		t = newTab(m.rules)
		m.tabs[tabID] = t
	}
	return &Stream{t: t}
}

// Payload reads a Mutation payload laid out as rrweb writes it; anything
// else is left to the decoder and read when its event comes.
func (s *Stream) Payload(typ rrweb.EventType, data []byte) (int, bool) {
	s.t.pre = preRead{}
	if typ != rrweb.IncrementalSnapshot || s.t.general || !hasPrefix(data, `{"source":0,`) {
		return 0, false
	}
	n, d, ok := s.t.reader.readPrefix(data)
	if !ok {
		return 0, false
	}
	s.t.pre = preRead{at: &data[0], n: n, d: d}
	return n, true
}

// Event masks the next event in place; false drops it.
func (s *Stream) Event(ev *rrweb.Event) bool {
	s.events++
	s.one = s.t.process(ev, s.one[:0])
	if len(s.one) == 0 {
		return false
	}
	*ev = s.one[0]
	s.one[0] = rrweb.Event{}
	s.kept++
	return true
}

// Events is how many events the stream was given; Kept how many of them
// stay in the list.
func (s *Stream) Events() int { return s.events }
func (s *Stream) Kept() int   { return s.kept }

// Diagnostics returns what masking found, once.
func (s *Stream) Diagnostics() []diag.Diagnostic {
	d := s.t.diags
	s.t.diags = nil
	return d
}

// preRead is a batch read from the decoder's input: the reader's result
// for the data at at, n bytes long, until the reader reads again.
type preRead struct {
	at *byte
	n  int
	d  *rrweb.IncrementalData
}

// readBatch reads a Mutation payload, taking the one the reader read as
// it was decoded when data is that very payload.
func (t *tab) readBatch(data []byte) (*rrweb.IncrementalData, bool) {
	p := t.pre
	t.pre = preRead{}
	if p.n > 0 && len(data) == p.n && &data[0] == p.at {
		return p.d, true
	}
	return t.reader.read(data)
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
