package mask

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/internal/idtable"
	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Diagnostic codes of the masker (stable; see RULES.md).
const (
	// Dropped: an event (or part of one) could not be classified safely
	// and was dropped rather than passed on in clear.
	Dropped diag.Code = "mask-dropped"
	// NoSnapshot: DOM content arrived before any full snapshot of the page
	// (or after one that could not be read); it was dropped.
	NoSnapshot diag.Code = "mask-no-snapshot"
	// Internal: the masker failed on an event; the event was dropped and
	// the tab's DOM events are dropped until its next full snapshot.
	Internal diag.Code = "mask-internal-error"
)

// MarkerTag is the Custom event tag that replaces the events of an
// excluded page.
const MarkerTag = "reprise/excluded"

// tabTag is the snippet's visibility event, kept on excluded pages because
// it carries no page content and drives the active-tab logic.
const tabTag = "reprise/tab"

// Masker masks event streams with one set of rules, keeping per-tab state
// between batches. It is not safe for concurrent use.
type Masker struct {
	rules *Rules
	tabs  map[string]*tab
}

// New returns a Masker for compiled rules.
func New(r *Rules) *Masker { return &Masker{rules: r, tabs: map[string]*tab{}} }

// Batch masks the next events of tab tabID (in emit order) and returns the
// masked events plus the diagnostics found. Masking a stream in any number
// of batches gives exactly the output of masking it in one.
func (m *Masker) Batch(tabID string, events []rrweb.Event) ([]rrweb.Event, []diag.Diagnostic) {
	t := m.tabs[tabID]
	if t == nil {
		t = newTab(m.rules)
		m.tabs[tabID] = t
	}
	out := make([]rrweb.Event, 0, len(events))
	for i := range events {
		out = t.process(&events[i], out)
	}
	d := t.diags
	t.diags = nil
	return out, d
}

// Close forgets tab tabID's state (the tab ended).
func (m *Masker) Close(tabID string) { delete(m.tabs, tabID) }

// tab is the masking state of one tab: the DOM as recorded (unmasked, the
// truth the rules are evaluated on) and what the rules decided so far.
type tab struct {
	r      *Rules
	tree   *vdom.Tree
	flags  idtable.Table[uint8]
	inputs map[int]string // last recorded value per control (to re-mask it later)
	cache  ctxCache       // at() results, valid until links or flags change

	// staleCache: a text node's own mask flag changed while masking the
	// current event; at() results are dropped when the next one starts.
	staleCache bool

	href       string // current page
	excludedBy string // exclusion reason of the current page, "" if captured
	snapshot   bool   // a readable full snapshot of the current page was seen
	anyExcl    bool   // some element is excluded: targets must be checked
	anyMask    bool   // some node is flagged masked: contexts can be masked
	index      int    // index of the next event in the tab's stream
	diags      []diag.Diagnostic

	general bool // tests: every Mutation batch takes the general path

	// Scratch space reused from event to event.
	arena  arena        // parsed values of the current event
	added  map[int]bool // ids added by the current mutation batch (one map, cleared per batch)
	reader mutReader    // typed Mutation batches
	pre    preRead      // a batch the reader read while it was decoded (Stream)
	nodes  entryNodes   // the nodes a batch's entries name
	seen   nodeSet      // reevaluate's visited elements
}

// parse parses event data into the tab's arena (valid for this event).
func (t *tab) parse(data []byte) (*value, error) { return parseIn(data, &t.arena) }

func newTab(r *Rules) *tab {
	t := &tab{r: r}
	t.resetPage()
	return t
}

// resetPage forgets everything tied to the page's node ids.
func (t *tab) resetPage() {
	t.newTree()
	t.flags.Reset()
	t.inputs = map[int]string{}
	t.snapshot = false
	t.anyExcl = false
	t.anyMask = false
}

func (t *tab) diag(sev diag.Severity, code diag.Code, format string, args ...any) {
	t.diags = append(t.diags, diag.Diagnostic{Code: code, Severity: sev, Event: t.index, Message: fmt.Sprintf(format, args...)})
}

// process masks one event, appending its output: the masked event, a
// marker in its place, or nothing. Never more than one event (Stream
// masks in place on that promise).
func (t *tab) process(ev *rrweb.Event, out []rrweb.Event) (res []rrweb.Event) {
	n0 := len(out)
	if t.staleCache {
		t.dropCache()
		t.staleCache = false
	}
	t.arena.reset()
	defer func() {
		if r := recover(); r != nil {
			// Never panic, never leak: drop what this event produced and
			// distrust the DOM state until the next full snapshot.
			t.diag(diag.Error, Internal, "masking failed (%v); event dropped, DOM events dropped until the next full snapshot", r)
			t.snapshot = false
			t.newTree()
			res = out[:n0]
		}
		t.index++
	}()
	if ev.Type == rrweb.Meta {
		return t.meta(ev, out)
	}
	if t.excludedBy != "" {
		if ev.Type == rrweb.Custom && customTag(ev.Data) == tabTag {
			return t.emit(out, *ev)
		}
		return out
	}
	switch ev.Type {
	case rrweb.FullSnapshot:
		return t.fullSnapshot(ev, out)
	case rrweb.IncrementalSnapshot:
		return t.incremental(ev, out)
	}
	return t.emit(out, *ev)
}

// emit appends ev after the last line of defence: card numbers in any
// string are starred, and data that is not valid JSON (which could not be
// scrubbed reliably) is dropped.
func (t *tab) emit(out []rrweb.Event, ev rrweb.Event) []rrweb.Event {
	return t.emitChecked(out, ev, false)
}

// emitChecked is emit; valid says ev.Data is known to be valid JSON (it
// was parsed, or written by the masker).
func (t *tab) emitChecked(out []rrweb.Event, ev rrweb.Event, valid bool) []rrweb.Event {
	if !valid && !json.Valid(ev.Data) {
		if len(ev.Data) == 0 {
			ev.Data = json.RawMessage("{}")
		} else {
			t.diag(diag.Warning, Dropped, "event data is not valid JSON; dropped")
			return out
		}
	}
	if b, changed := scrubJSON(ev.Data); changed {
		ev.Data = b
	}
	return append(out, ev)
}

// emitValue writes an edited payload back into ev and emits it.
func (t *tab) emitValue(out []rrweb.Event, ev *rrweb.Event, root *value) []rrweb.Event {
	e := *ev
	if root.dirty {
		e.Data = root.appendTo(make([]byte, 0, len(ev.Data)+64))
	}
	return t.emitChecked(out, e, true)
}

func customTag(data json.RawMessage) string {
	v, err := parseJSON(data)
	if err != nil {
		return ""
	}
	return v.get("tag").str
}

// meta handles a page load: excluded pages are replaced by one marker.
func (t *tab) meta(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	v, err := t.parse(ev.Data)
	if err != nil {
		t.diag(diag.Warning, Dropped, "meta event: %v; dropped", err)
		return out
	}
	href := v.get("href").str
	newPage := href != t.href
	if newPage {
		// A new page: node ids start again, so per-id state goes. (A
		// reload of the same URL keeps it: over-masking, never a leak.)
		t.resetPage()
		t.href = href
	}
	reason := t.r.ExcludedPage(href)
	if reason != "" {
		if t.excludedBy == "" || newPage {
			t.excludedBy = reason
			marker := []byte(`{"tag":"` + MarkerTag + `","payload":{"reason":` + strconv.Quote(reason) + `}}`)
			out = append(out, rrweb.Event{Type: rrweb.Custom, Data: marker, Timestamp: ev.Timestamp})
		}
		t.resetPage()
		return out
	}
	t.excludedBy = ""
	return t.emitValue(out, ev, v)
}

// incremental dispatches an IncrementalSnapshot event by source.
func (t *tab) incremental(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	src := ev.Source()
	switch src {
	case rrweb.SourceMutation:
		return t.mutation(ev, out)
	case rrweb.SourceInput:
		return t.input(ev, out)
	case rrweb.SourceMouseMove, rrweb.SourceTouchMove, rrweb.SourceDrag:
		return t.positions(ev, out)
	case rrweb.SourceSelection:
		return t.selection(ev, out)
	case rrweb.SourceMouseInteraction, rrweb.SourceScroll, rrweb.SourceMediaInteraction,
		rrweb.SourceCanvasMutation, rrweb.SourceStyleSheetRule, rrweb.SourceStyleDeclaration,
		rrweb.SourceAdoptedStyleSheet:
		return t.targeted(ev, out)
	}
	return t.emit(out, *ev)
}

// targetHidden reports whether node id is an excluded element or inside
// one: events aimed at it are dropped.
func (t *tab) targetHidden(id int) bool {
	n := t.tree.Node(id)
	return n != nil && (t.excluded(n) || !t.emitted(n))
}

// targeted handles events aimed at one node (data.id).
func (t *tab) targeted(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	if !t.anyExcl {
		return t.emit(out, *ev)
	}
	v, err := t.parse(ev.Data)
	if err != nil {
		t.diag(diag.Warning, Dropped, "incremental event: %v; dropped", err)
		return out
	}
	if id, ok := v.get("id").int(); ok {
		n := t.tree.Node(id)
		switch src := ev.Source(); {
		case n == nil:
		case src == rrweb.SourceAdoptedStyleSheet || src == rrweb.SourceStyleSheetRule || src == rrweb.SourceStyleDeclaration:
			// Styling, not content: kept on an excluded element itself
			// (an adoption may define sheets other roots use), dropped
			// inside one, where the target does not exist.
			if !t.emitted(n) {
				return out
			}
		case t.excluded(n) || !t.emitted(n):
			return out
		}
	}
	return t.emitValue(out, ev, v)
}

// positions drops pointer positions over excluded elements.
func (t *tab) positions(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	if !t.anyExcl {
		return t.emit(out, *ev)
	}
	v, err := t.parse(ev.Data)
	if err != nil {
		t.diag(diag.Warning, Dropped, "pointer event: %v; dropped", err)
		return out
	}
	ps := v.get("positions")
	if ps == nil || ps.kind != '[' {
		return t.emitValue(out, ev, v)
	}
	kept := 0
	for _, p := range ps.vals {
		if id, ok := p.get("id").int(); ok && t.targetHidden(id) {
			p.remove()
			continue
		}
		kept++
	}
	if kept == 0 && len(ps.vals) > 0 {
		return out
	}
	return t.emitValue(out, ev, v)
}

// selection drops selection ranges that start or end in excluded content.
func (t *tab) selection(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	if !t.anyExcl {
		return t.emit(out, *ev)
	}
	v, err := t.parse(ev.Data)
	if err != nil {
		t.diag(diag.Warning, Dropped, "selection event: %v; dropped", err)
		return out
	}
	if rs := v.get("ranges"); rs != nil && rs.kind == '[' {
		for _, r := range rs.vals {
			s, _ := r.get("start").int()
			e, _ := r.get("end").int()
			if t.targetHidden(s) || t.targetHidden(e) {
				r.remove()
			}
		}
	}
	return t.emitValue(out, ev, v)
}
