package engine

import (
	"fmt"
	"sort"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Span is one recorded session inside a replay: a multi-session replay
// plays several sessions of one user back to back on one timeline.
type Span struct {
	ID      string   `json:"id"`
	StartMs int64    `json:"startMs"` // offset of its first event
	EndMs   int64    `json:"endMs"`   // offset of its last event
	Tabs    []string `json:"tabs"`
}

type spanInfo struct {
	id          string
	first, last int64
	tabs        []string
}

// OpenMany opens several sessions (of one user) as one continuous replay,
// ordered by their first event. Each tab keeps its own stream and id space;
// its id becomes "<session id>/<tab id>" (session id, or "session-N" when a
// document has none). The time between sessions is ordinary inactive time,
// so the skip plan jumps over it.
func OpenMany(docs []*rrweb.Document, opts Options) (*Session, error) {
	if len(docs) == 1 {
		return Open(docs[0], opts)
	}
	type item struct {
		doc   *rrweb.Document
		first int64
		label string
	}
	var items []item
	for i, d := range docs {
		if d == nil {
			continue
		}
		first, _, ok := docBounds(d)
		if !ok {
			continue
		}
		label := d.ID
		if label == "" {
			label = fmt.Sprintf("session-%d", i+1)
		}
		items = append(items, item{d, first, label})
	}
	if len(items) == 0 {
		return nil, ErrNoEvents
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].first < items[j].first })
	seen := map[string]int{}
	combined := &rrweb.Document{Format: rrweb.DocumentFormat, Version: 1}
	var spans []spanInfo
	for _, it := range items {
		label := it.label
		if n := seen[label]; n > 0 {
			label = fmt.Sprintf("%s~%d", label, n+1)
		}
		seen[it.label]++
		first, last, _ := docBounds(it.doc)
		sp := spanInfo{id: label, first: first, last: last}
		for _, tb := range it.doc.Tabs {
			if len(tb.Events) == 0 {
				continue
			}
			id := label + "/" + tb.ID
			combined.Tabs = append(combined.Tabs, rrweb.Tab{ID: id, Events: tb.Events})
			sp.tabs = append(sp.tabs, id)
		}
		if combined.User == nil {
			combined.User = it.doc.User
		}
		if combined.Company == nil {
			combined.Company = it.doc.Company
		}
		spans = append(spans, sp)
	}
	s, err := Open(combined, opts)
	if err != nil {
		return nil, err
	}
	s.spans = spans
	return s, nil
}

// docBounds is the first and last timestamp over a document's tabs.
func docBounds(d *rrweb.Document) (first, last int64, ok bool) {
	for _, tb := range d.Tabs {
		for _, ev := range tb.Events {
			if !ok || ev.Timestamp < first {
				first = ev.Timestamp
			}
			if !ok || ev.Timestamp > last {
				last = ev.Timestamp
			}
			ok = true
		}
	}
	return first, last, ok
}

// Spans lists the sessions of the replay (one for a single recording).
func (s *Session) Spans() []Span {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.spansLocked()
}

func (s *Session) spansLocked() []Span {
	if len(s.spans) == 0 {
		ids := make([]string, len(s.tabs))
		for i, t := range s.tabs {
			ids[i] = t.id
		}
		return []Span{{ID: s.doc.ID, StartMs: 0, EndMs: s.last - s.first, Tabs: ids}}
	}
	out := make([]Span, len(s.spans))
	for i, sp := range s.spans {
		out[i] = Span{ID: sp.id, StartMs: sp.first - s.first, EndMs: sp.last - s.first, Tabs: append([]string{}, sp.tabs...)}
	}
	return out
}
