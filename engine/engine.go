// Package engine is the public API of Reprise's replay engine: it opens rrweb
// recordings (one stream per tab), reconstructs the DOM exactly as rrweb's
// Replayer shows it at any moment, and serializes that state as standalone
// snapshot HTML. It is pure: no I/O, no clock, no logging; time comes only
// from event timestamps. A Session is safe for concurrent readers.
package engine

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Options configures Open. The zero value is ready to use.
type Options struct {
	// KeyframeCost is the replay work between two keyframes (see seek.go);
	// 0 means DefaultKeyframeCost. Negative means no keyframes and no replay
	// at Open: right for one-shot use such as a single snapshot, where every
	// StateAt replays from the start and Inspect replays to diagnose.
	KeyframeCost int
	// KeyframeMemory caps the estimated bytes of all keyframes of a tab;
	// 0 means DefaultKeyframeMemory (256 MiB).
	KeyframeMemory int64
	// DeferIndex makes Open return before keyframes are built and before
	// most payloads are decoded (only Meta and FullSnapshot events are): the
	// caller builds keyframes with IndexStep, which decodes as it goes (a
	// player paints its first frame first). Until then seeks replay from the
	// nearest keyframe built so far, decoding what they need on the way.
	DeferIndex bool
	// InactivityThreshold is the time in ms without user interaction in any
	// tab after which a period counts as inactive; 0 means 10 000 ms.
	InactivityThreshold int64
}

// Diagnostic reports bad or inconsistent data found while replaying; see
// the Code constants in the README for the stable list.
type Diagnostic = diag.Diagnostic

// Sentinel errors callers branch on.
var (
	ErrNoEvents   = errors.New("engine: recording has no events")
	ErrUnknownTab = errors.New("engine: no such tab")
	ErrNoSnapshot = errors.New("engine: no full snapshot before that time")
)

// Session is an opened recording.
type Session struct {
	mu    sync.RWMutex // Append writes; everything else reads
	opts  Options
	doc   *rrweb.Document
	tabs  []*tab
	first int64      // earliest timestamp over all tabs
	last  int64      // latest timestamp over all tabs
	spans []spanInfo // set by OpenMany
}

// tab is one tab's stream sorted by timestamp (stable), with each event
// decoded once for replay.
type tab struct {
	id         string
	events     []rrweb.Event // sorted
	orig       []int         // emit-order index of each sorted event
	ops        []vdom.Op     // decoded payloads: see op()
	decoded    int           // ops[:decoded] are decoded (and every Meta/FullSnapshot)
	pages      []Page
	firstFull  int          // index of the first full snapshot, -1 if none
	orderDiags []Diagnostic // from sorting
	diags      []Diagnostic // from replaying every event once
	diagIdx    []int        // sorted event index of each of diags

	indexed   bool     // keyframes and diags built (KeyframeCost >= 0)
	ix        *indexer // a deferred or interrupted keyframe build
	keyframes []keyframe
	spacing   int // current keyframe cost spacing
	version   int // bumped when a live insertion shifts existing positions
}

// Page is one page load (Meta event) of a tab.
type Page struct {
	Href      string `json:"href"`
	Timestamp int64  `json:"timestamp"`
}

// Open prepares a decoded recording for replay: events are sorted by
// timestamp per tab (stably, as rrweb does) and decoded once.
func Open(doc *rrweb.Document, opts Options) (*Session, error) {
	if doc == nil {
		return nil, ErrNoEvents
	}
	s := &Session{doc: doc, opts: opts}
	seen := map[string]bool{}
	total := 0
	for i := range doc.Tabs {
		tb := &doc.Tabs[i]
		if seen[tb.ID] {
			return nil, fmt.Errorf("engine: tab id %q appears twice", tb.ID)
		}
		seen[tb.ID] = true
		if len(tb.Events) == 0 {
			continue
		}
		t := newTab(tb, &s.opts)
		if total == 0 || t.events[0].Timestamp < s.first {
			s.first = t.events[0].Timestamp
		}
		if lt := t.events[len(t.events)-1].Timestamp; total == 0 || lt > s.last {
			s.last = lt
		}
		total += len(t.events)
		s.tabs = append(s.tabs, t)
	}
	if total == 0 {
		return nil, ErrNoEvents
	}
	return s, nil
}

func newTab(tb *rrweb.Tab, opts *Options) *tab {
	n := len(tb.Events)
	t := &tab{id: tb.ID, events: make([]rrweb.Event, n), orig: make([]int, n), ops: make([]vdom.Op, n), firstFull: -1}
	t.spacing = opts.KeyframeCost
	if t.spacing <= 0 {
		t.spacing = DefaultKeyframeCost
	}
	copy(t.events, tb.Events)
	for i := range t.orig {
		t.orig[i] = i
	}
	if !sort.SliceIsSorted(t.events, func(i, j int) bool { return t.events[i].Timestamp < t.events[j].Timestamp }) {
		t.orderDiags = append(t.orderDiags, disorderDiag())
		sort.Stable(byTime{t})
	}
	if opts.DeferIndex {
		for i := range t.events {
			if t.eager(i) {
				t.ops[i] = vdom.DecodeOp(&t.events[i])
			}
		}
	} else {
		decodeOps(t.ops, t.events)
		t.decoded = n
	}
	t.rescan()
	switch {
	case opts.KeyframeCost < 0:
	case opts.DeferIndex:
		t.resetIndex(0)
	default:
		t.index(0, opts)
	}
	return t
}

func disorderDiag() Diagnostic {
	return Diagnostic{Code: diag.TimestampDisorder, Severity: diag.Info, Event: -1,
		Message: "events are not in timestamp order; replayed sorted (stable), as rrweb does"}
}

// decodeOps decodes every event's payload, in parallel: events are
// independent, and JSON decoding is most of the cost of opening.
func decodeOps(ops []vdom.Op, events []rrweb.Event) {
	workers := runtime.GOMAXPROCS(0)
	if workers > 8 {
		workers = 8
	}
	if workers < 2 || len(events) < 2048 {
		for i := range events {
			ops[i] = vdom.DecodeOp(&events[i])
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (len(events) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(events))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				ops[i] = vdom.DecodeOp(&events[i])
			}
		}()
	}
	wg.Wait()
}

// eager tells the events decoded at Open even when decoding is deferred:
// the page loads (Meta) and full snapshots, which a first frame needs.
func (t *tab) eager(i int) bool {
	typ := t.events[i].Type
	return typ == rrweb.Meta || typ == rrweb.FullSnapshot
}

// op returns event i decoded: the stored op when it is decoded, else a
// decode into scratch (readers never write shared state).
func (t *tab) op(i int, scratch *vdom.Op) *vdom.Op {
	if i < t.decoded || t.eager(i) {
		return &t.ops[i]
	}
	*scratch = vdom.DecodeOp(&t.events[i])
	return scratch
}

// decodeAll decodes every payload in place (write lock held).
func (t *tab) decodeAll() {
	if t.decoded < len(t.ops) {
		decodeOps(t.ops[t.decoded:], t.events[t.decoded:])
		t.decoded = len(t.ops)
	}
}

// decodeAll makes sure every payload is decoded, for the passes that read
// them all (timeline, active tab, inspect).
func (s *Session) decodeAll() {
	s.mu.RLock()
	need := false
	for _, t := range s.tabs {
		need = need || t.decoded < len(t.ops)
	}
	s.mu.RUnlock()
	if !need {
		return
	}
	s.mu.Lock()
	for _, t := range s.tabs {
		t.decodeAll()
	}
	s.mu.Unlock()
}

type byTime struct{ t *tab }

func (b byTime) Len() int { return len(b.t.events) }
func (b byTime) Less(i, j int) bool {
	return b.t.events[i].Timestamp < b.t.events[j].Timestamp
}
func (b byTime) Swap(i, j int) {
	b.t.events[i], b.t.events[j] = b.t.events[j], b.t.events[i]
	b.t.orig[i], b.t.orig[j] = b.t.orig[j], b.t.orig[i]
}

// FirstTimestamp is the earliest event timestamp over all tabs; offsets are
// measured from it.
func (s *Session) FirstTimestamp() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.first
}

// DurationMs is the time from the first to the last event over all tabs.
func (s *Session) DurationMs() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.last - s.first
}

// TabIDs lists the tabs that have events, in document order.
func (s *Session) TabIDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]string, len(s.tabs))
	for i, t := range s.tabs {
		ids[i] = t.id
	}
	return ids
}

func (s *Session) tab(id string, at int64) (*tab, error) {
	if id == "" {
		if len(s.tabs) == 1 {
			return s.tabs[0], nil
		}
		if i := s.activeTabIndexAt(at); i >= 0 {
			return s.tabs[i], nil
		}
		return s.tabs[0], nil
	}
	for _, t := range s.tabs {
		if t.id == id {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownTab, id)
}

// SnapshotHTML returns the snapshot HTML of tab tabID ("" = the only or
// active tab) at offsetMs milliseconds after the session's first event:
// every event with timestamp < first+offsetMs is applied, as rrweb's
// Replayer.pause(offset) shows.
func (s *Session) SnapshotHTML(tabID string, offsetMs int64) ([]byte, error) {
	return s.SnapshotHTMLAt(tabID, s.FirstTimestamp()+offsetMs)
}

// SnapshotHTMLAt is SnapshotHTML at an absolute rrweb timestamp.
func (s *Session) SnapshotHTMLAt(tabID string, timestamp int64) ([]byte, error) {
	if tabID == "" {
		s.decodeAll() // the active tab is read from every tab's events
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, err := s.tab(tabID, timestamp)
	if err != nil {
		return nil, err
	}
	tree := t.stateAt(timestamp)
	if tree.Doc == nil {
		return nil, fmt.Errorf("%w (tab %q, timestamp %d)", ErrNoSnapshot, t.id, timestamp)
	}
	return tree.HTML(tree.Doc), nil
}
