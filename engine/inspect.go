package engine

import (
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Inspection summarizes a recording (`reprise inspect`).
type Inspection struct {
	DurationMs         int64          `json:"durationMs"`
	FirstTimestamp     int64          `json:"firstTimestamp"`
	LastTimestamp      int64          `json:"lastTimestamp"`
	EventCount         int            `json:"eventCount"`
	Tabs               []TabSummary   `json:"tabs"`
	EventTypes         map[string]int `json:"eventTypes"`
	IncrementalSources map[string]int `json:"incrementalSources"`
	Diagnostics        []Diagnostic   `json:"diagnostics"`

	// The timeline (see Timeline): activity, tabs and key events.
	ActiveMs    int64       `json:"activeMs"`
	ThresholdMs int64       `json:"inactivityThresholdMs"`
	Inactive    []Period    `json:"inactive"`
	Skips       []Skip      `json:"skips"`
	ActiveTab   []TabChange `json:"activeTab"`
	KeyEvents   []KeyEvent  `json:"keyEvents"`

	// Spans are the recorded sessions of a multi-session replay, in time
	// order; Boundaries the offsets where a new one starts.
	Spans      []Span  `json:"spans"`
	Boundaries []int64 `json:"boundaries"`
}

// TabSummary describes one tab of an Inspection.
type TabSummary struct {
	ID             string       `json:"id"`
	Events         int          `json:"events"`
	FirstTimestamp int64        `json:"firstTimestamp"`
	LastTimestamp  int64        `json:"lastTimestamp"`
	Pages          []Page       `json:"pages"`
	Diagnostics    []Diagnostic `json:"diagnostics"`
}

// Inspect replays every tab from start to end and reports counts, pages and
// every diagnostic found on the way.
func (s *Session) Inspect() *Inspection {
	s.decodeAll()
	s.mu.RLock()
	defer s.mu.RUnlock()
	in := &Inspection{
		DurationMs:         s.last - s.first,
		FirstTimestamp:     s.first,
		LastTimestamp:      s.last,
		EventTypes:         map[string]int{},
		IncrementalSources: map[string]int{},
		Diagnostics:        []Diagnostic{},
		Spans:              s.spansLocked(),
		Boundaries:         []int64{},
	}
	for i, sp := range in.Spans {
		if i > 0 {
			in.Boundaries = append(in.Boundaries, sp.StartMs)
		}
	}
	tl := s.timeline(TimelineOptions{})
	in.ActiveMs, in.ThresholdMs, in.Inactive, in.Skips, in.ActiveTab, in.KeyEvents = tl.ActiveMs, tl.ThresholdMs, tl.Inactive, tl.Skips, tl.ActiveTab, tl.KeyEvents
	for _, t := range s.tabs {
		ts := TabSummary{
			ID:             t.id,
			Events:         len(t.events),
			FirstTimestamp: t.events[0].Timestamp,
			LastTimestamp:  t.events[len(t.events)-1].Timestamp,
			Pages:          append([]Page{}, t.pages...),
		}
		for i := range t.ops {
			op := &t.ops[i]
			in.EventTypes[op.Type.String()]++
			if op.Type == rrweb.IncrementalSnapshot && op.Source >= 0 {
				in.IncrementalSources[op.Source.String()]++
			}
		}
		ts.Diagnostics = t.diagnostics()
		in.Diagnostics = append(in.Diagnostics, ts.Diagnostics...)
		in.EventCount += len(t.events)
		in.Tabs = append(in.Tabs, ts)
	}
	return in
}
