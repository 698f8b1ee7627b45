package activity

import (
	"math"
	"strconv"
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/tabs"
	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Kind is the kind of a key event.
type Kind string

// Key event kinds.
const (
	PageView  Kind = "pageview"
	Click     Kind = "click"
	Input     Kind = "input"
	RageClick Kind = "rage_click"
	DeadClick Kind = "dead_click"
	Custom    Kind = "custom"
	TabSwitch Kind = "tab_switch"
)

// Rage and dead click thresholds (see RULES.md).
const (
	RageClickCount  = 3    // clicks in a burst
	RageClickWindow = 1000 // ms from the first to the third click, and between later clicks
	RageClickRadius = 30.0 // px from the burst's first click
	DeadClickWindow = 1000 // ms without a reaction after the click
	MaxTitleLen     = 200  // runes of a page title
	// InputBurstGap: an Input more than this many ms after the previous
	// Input on the same field starts a new burst.
	InputBurstGap = 10_000
)

// KeyEvent is a key event derived from one tab's stream, in absolute time.
// Index is the position of the rrweb event it derives from in the tab's
// sorted stream and Sub orders key events derived from the same event
// (click 0, rage_click 1, dead_click 2), so that (Timestamp, Index, Sub) is
// a total, stable order.
type KeyEvent struct {
	Timestamp int64
	Index     int
	Sub       int
	Kind      Kind
	Name      string
	Target    *Target
	Props     map[string]any
}

// Facts is what Scan derives from one tab.
type Facts struct {
	// Interactions are the events IsInteraction classifies as user
	// interaction, in stream order.
	Interactions []tabs.Point
	// Visibility are the tab's reprise/tab events, in stream order.
	Visibility []tabs.Visibility
	// KeyEvents, sorted by (Index, Sub); only with Options.KeyEvents.
	KeyEvents []KeyEvent
}

// Options configures Scan.
type Options struct {
	// KeyEvents derives key events, which replays the tab's DOM; without it
	// Scan only gathers interactions and visibility (cheap).
	KeyEvents bool
	// SessionEnd is the session's last timestamp (all tabs). A click still
	// pending when the tab's stream ends is dead when SessionEnd is at least
	// DeadClickWindow after it (nothing happened in this tab meanwhile).
	SessionEnd int64
}

// Scan walks one tab's events once, in order. events must be sorted by
// timestamp (stably); ops, when not nil, are vdom.DecodeOp of each event
// (the engine decodes them once at Open), else Scan decodes them.
func Scan(events []rrweb.Event, ops []vdom.Op, opts Options) *Facts {
	s := &scanner{facts: &Facts{}, opts: opts, tree: &vdom.Tree{}, pendingTitle: -1}
	for i := range events {
		ev := &events[i]
		var op *vdom.Op
		if i < len(ops) {
			op = &ops[i]
		} else {
			o := vdom.DecodeOp(ev)
			op = &o
		}
		s.event(i, ev, op)
	}
	s.finish()
	return s.facts
}

type click struct {
	ts     int64
	index  int
	x, y   float64
	target *Target
	name   string
}

type scanner struct {
	facts *Facts
	opts  Options
	tree  *vdom.Tree

	// page views
	href         string
	hadMeta      bool
	loadSeen     bool
	pendingTitle int // index in facts.KeyEvents of a page view waiting for its snapshot

	// input bursts
	field     string // key of the field of the current input burst
	fieldLast int64  // timestamp of the burst's latest Input

	// rage clicks: an unconfirmed candidate, or a confirmed burst
	cand      []click
	rageOn    bool
	rageLast  click
	rageCount int

	// dead clicks
	pending []click
	dragSel bool // a non-collapsed selection since the last mouse/touch down
}

func (s *scanner) emit(k KeyEvent) int {
	s.facts.KeyEvents = append(s.facts.KeyEvents, k)
	return len(s.facts.KeyEvents) - 1
}

func (s *scanner) event(i int, ev *rrweb.Event, op *vdom.Op) {
	ts := ev.Timestamp
	inc := op.Inc
	if op.Type == rrweb.IncrementalSnapshot && op.Err == nil {
		switch op.Source {
		case rrweb.SourceMouseInteraction:
			inc = decodeInc(ev)
		case rrweb.SourceSelection:
			if s.opts.KeyEvents {
				inc = decodeInc(ev)
			}
		}
	}
	if IsInteraction(op.Type, op.Source, inc) {
		s.facts.Interactions = append(s.facts.Interactions, tabs.Point{Timestamp: ts, Index: i})
	}
	var visible, isVis bool
	var tag string
	var payload []byte
	if op.Type == rrweb.Custom {
		var ok bool
		if tag, payload, ok = ParseCustom(ev.Data); ok && tag == TagTab {
			if visible, isVis = ParseVisibility(payload); isVis {
				s.facts.Visibility = append(s.facts.Visibility, tabs.Visibility{Timestamp: ts, Index: i, Visible: visible})
			}
		}
	}
	if !s.opts.KeyEvents {
		return
	}

	// Dead clicks: first retire clicks whose window has passed, then let a
	// reaction clear the ones still waiting.
	s.resolveDead(ts)
	if len(s.pending) > 0 && isReaction(op, inc, isVis && !visible) {
		s.pending = s.pending[:0]
	}

	switch op.Type {
	case rrweb.DomContentLoaded, rrweb.Load:
		s.loadSeen = true
	case rrweb.Meta:
		s.closeRage()
		s.cand = s.cand[:0]
		s.field = ""
		s.pendingTitle = -1
		if op.Meta != nil {
			href := op.Meta.Href
			if !s.hadMeta || href != s.href || s.loadSeen {
				s.pendingTitle = s.emit(KeyEvent{Timestamp: ts, Index: i, Kind: PageView, Name: href})
			}
			s.href, s.hadMeta, s.loadSeen = href, true, false
		}
	case rrweb.Custom:
		if tag == TagEvent {
			if name, props, ok := ParseTrack(payload); ok {
				s.emit(KeyEvent{Timestamp: ts, Index: i, Kind: Custom, Name: name, Props: props})
			}
		}
	case rrweb.IncrementalSnapshot:
		if inc == nil {
			break
		}
		switch op.Source {
		case rrweb.SourceMouseInteraction:
			s.mouse(i, ts, inc)
		case rrweb.SourceInput:
			s.input(i, ts, inc)
		case rrweb.SourceSelection:
			if nonCollapsed(inc) {
				s.dragSel = true
			}
		}
	}

	s.tree.Apply(op)
	s.tree.Diags = s.tree.Diags[:0]

	if op.Type == rrweb.FullSnapshot {
		s.field = ""
		if s.pendingTitle >= 0 && op.Err == nil {
			if title := pageTitle(s.tree); title != "" {
				s.facts.KeyEvents[s.pendingTitle].Props = map[string]any{"title": title}
			}
			s.pendingTitle = -1
		}
	}
}

func decodeInc(ev *rrweb.Event) *rrweb.IncrementalData {
	d, err := rrweb.DecodeIncremental(ev.Data)
	if err != nil {
		return nil
	}
	return d
}

func (s *scanner) mouse(i int, ts int64, inc *rrweb.IncrementalData) {
	if inc.Type == nil {
		return
	}
	switch rrweb.MouseInteraction(*inc.Type) {
	case rrweb.MouseDown, rrweb.TouchStart:
		s.dragSel = false
	case rrweb.Blur:
		if inc.ID != nil && s.field != "" {
			if n := s.tree.Node(*inc.ID); n != nil && fieldKey(n, *inc.ID) == s.field {
				s.field = ""
			}
		}
	case rrweb.Click:
		if inc.ID == nil {
			return
		}
		id := *inc.ID
		if n := s.tree.Node(id); n != nil && s.field != "" && fieldKey(n, id) == s.field {
			s.field = "" // clicking back into the field starts a new change
		}
		t := Describe(s.tree, id)
		name := "unknown element"
		if t != nil {
			name = ClickName(t)
		} else {
			t = &Target{NodeID: id}
		}
		s.emit(KeyEvent{Timestamp: ts, Index: i, Kind: Click, Name: name, Target: t})
		c := click{ts: ts, index: i, target: t, name: name}
		if inc.X != nil && inc.Y != nil && !math.IsNaN(*inc.X) && !math.IsNaN(*inc.Y) {
			c.x, c.y = *inc.X, *inc.Y
			s.rage(c)
		}
		if !s.dragSel && deadEligible(s.tree.Node(id)) {
			s.pending = append(s.pending, c)
		}
	}
}

// input emits one input event per field per burst. A burst ends at an
// Input on another field, a Blur of the field, a Click on the field, a page
// load, or a pause of more than InputBurstGap between two Inputs on it.
func (s *scanner) input(i int, ts int64, inc *rrweb.IncrementalData) {
	if inc.ID == nil || *inc.ID < 0 || (inc.UserTriggered != nil && !*inc.UserTriggered) {
		return
	}
	n := s.tree.Node(*inc.ID)
	if n == nil || n.Kind != vdom.ElementKind {
		return
	}
	if n.Tag == "input" && n.InputType() == "radio" && (inc.IsChecked == nil || !*inc.IsChecked) {
		// rrweb's side effect of checking another radio of the group.
		return
	}
	key := fieldKey(n, *inc.ID)
	if key == s.field && ts-s.fieldLast <= InputBurstGap {
		s.fieldLast = ts
		return
	}
	s.field, s.fieldLast = key, ts
	t := DescribeField(s.tree, *inc.ID)
	s.emit(KeyEvent{Timestamp: ts, Index: i, Kind: Input, Name: FieldName(t), Target: t})
}

// fieldKey identifies a field for input bursts: a named radio button is its
// group, anything else its node.
func fieldKey(n *vdom.Node, id int) string {
	if n.Kind == vdom.ElementKind && n.Tag == "input" && n.InputType() == "radio" {
		if name, _ := n.Attr("name"); name != "" {
			return "radio\x00" + name
		}
	}
	return "node\x00" + strconv.Itoa(id)
}

func dist(a, b click) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }

// rage feeds a click with coordinates to the rage-click detector: ≥3 clicks
// within RageClickWindow of the first, all within RageClickRadius of the
// first, start a burst; the burst then extends with clicks within the radius
// of its first click and within RageClickWindow of the previous click. One
// rage_click per burst, at its first click.
func (s *scanner) rage(c click) {
	if s.rageOn {
		if c.ts-s.rageLast.ts <= RageClickWindow && dist(c, s.cand[0]) <= RageClickRadius {
			s.rageLast = c
			s.rageCount++
			return
		}
		s.closeRage()
	}
	s.cand = append(s.cand, c)
	for len(s.cand) > 0 && !candidateOK(s.cand) {
		s.cand = append(s.cand[:0], s.cand[1:]...)
	}
	if len(s.cand) >= RageClickCount {
		s.rageOn = true
		s.rageLast = s.cand[len(s.cand)-1]
		s.rageCount = len(s.cand)
		s.cand = s.cand[:1]
	}
}

func candidateOK(cs []click) bool {
	f := cs[0]
	if cs[len(cs)-1].ts-f.ts > RageClickWindow {
		return false
	}
	for _, c := range cs[1:] {
		if dist(c, f) > RageClickRadius {
			return false
		}
	}
	return true
}

func (s *scanner) closeRage() {
	if !s.rageOn {
		return
	}
	f := s.cand[0]
	s.emit(KeyEvent{Timestamp: f.ts, Index: f.index, Sub: 1, Kind: RageClick, Name: f.name, Target: f.target,
		Props: map[string]any{"clicks": s.rageCount, "durationMs": s.rageLast.ts - f.ts}})
	s.rageOn = false
	s.cand = s.cand[:0]
}

func (s *scanner) resolveDead(ts int64) {
	n := 0
	for _, c := range s.pending {
		if ts-c.ts > DeadClickWindow {
			s.emitDead(c)
			n++
			continue
		}
		break
	}
	if n > 0 {
		s.pending = append(s.pending[:0], s.pending[n:]...)
	}
}

func (s *scanner) emitDead(c click) {
	s.emit(KeyEvent{Timestamp: c.ts, Index: c.index, Sub: 2, Kind: DeadClick, Name: c.name, Target: c.target})
}

func (s *scanner) finish() {
	if !s.opts.KeyEvents {
		return
	}
	s.closeRage()
	for _, c := range s.pending {
		if s.opts.SessionEnd-c.ts >= DeadClickWindow {
			s.emitDead(c)
		}
	}
	s.pending = nil
	ks := s.facts.KeyEvents
	// Stable insertion sort by (Index, Sub): rage and dead clicks are found
	// after later events were emitted; lists are short and nearly sorted.
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && (ks[j].Index < ks[j-1].Index || (ks[j].Index == ks[j-1].Index && ks[j].Sub < ks[j-1].Sub)); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}

// isReaction reports whether an event is a visible reaction of the page
// that makes a preceding click not dead: a DOM or CSS change, canvas or
// media change, scroll, viewport change, input, navigation, a non-collapsed
// text selection, or the tab becoming hidden.
func isReaction(op *vdom.Op, inc *rrweb.IncrementalData, tabHidden bool) bool {
	switch op.Type {
	case rrweb.Meta, rrweb.FullSnapshot:
		return true
	case rrweb.Custom:
		return tabHidden
	case rrweb.IncrementalSnapshot:
		switch op.Source {
		case rrweb.SourceMutation, rrweb.SourceScroll, rrweb.SourceViewportResize, rrweb.SourceInput,
			rrweb.SourceMediaInteraction, rrweb.SourceStyleSheetRule, rrweb.SourceCanvasMutation,
			rrweb.SourceStyleDeclaration, rrweb.SourceAdoptedStyleSheet:
			return true
		case rrweb.SourceSelection:
			return inc != nil && nonCollapsed(inc)
		}
	}
	return false
}

func nonCollapsed(inc *rrweb.IncrementalData) bool {
	for _, r := range inc.Ranges {
		if r.Start != r.End || r.StartOffset != r.EndOffset {
			return true
		}
	}
	return false
}

// deadEligible reports whether a click on n can be a dead click. Excluded:
// unknown nodes, the document, <html> and <body> (clicks on the page
// background), form fields (input except button-like types, textarea,
// select, option, optgroup), labels, anything inside those, and
// contentEditable elements and their content: those react without a DOM
// change (focus, caret, native pickers).
func deadEligible(n *vdom.Node) bool {
	if n == nil || n.Kind != vdom.ElementKind || n.Tag == "html" || n.Tag == "body" {
		return false
	}
	for x := n; x != nil; x = x.Parent {
		if x.Kind != vdom.ElementKind {
			continue
		}
		switch x.Tag {
		case "textarea", "select", "option", "optgroup", "datalist", "label":
			return false
		case "input":
			if x == n {
				switch n.InputType() {
				case "button", "submit", "reset", "image":
					continue
				}
			}
			return false
		}
		if isEditable(x) {
			return false
		}
	}
	return true
}

// pageTitle is the text of the document's <head><title>, whitespace
// collapsed.
func pageTitle(tree *vdom.Tree) string {
	if tree.Doc == nil {
		return ""
	}
	for _, h := range tree.Doc.Children {
		if h.Kind != vdom.ElementKind || h.Tag != "html" {
			continue
		}
		for _, hd := range h.Children {
			if hd.Kind != vdom.ElementKind || hd.Tag != "head" {
				continue
			}
			for _, t := range hd.Children {
				if t.Kind == vdom.ElementKind && t.Tag == "title" {
					return truncate(strings.Join(strings.Fields(t.TextContent()), " "), MaxTitleLen)
				}
			}
		}
	}
	return ""
}
