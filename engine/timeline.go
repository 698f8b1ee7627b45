package engine

import (
	"sort"

	"github.com/reprise-dev/reprise/engine/internal/activity"
	"github.com/reprise-dev/reprise/engine/internal/tabs"
)

// TimelineOptions configures Session.Timeline. The zero value uses the
// defaults.
type TimelineOptions struct {
	// InactivityThreshold is the gap in ms without user interaction (in any
	// tab) above which a period is inactive; 0 means 10 000 ms.
	InactivityThreshold int64
}

// Timeline is what the player's timeline and the activity log show: the
// inactive periods and the skip plan, the active tab over time and the key
// events. All times are ms offsets from the session's first event (all
// tabs). The rules are documented in engine/internal/activity/RULES.md.
type Timeline struct {
	DurationMs  int64       `json:"durationMs"`
	ActiveMs    int64       `json:"activeMs"`
	ThresholdMs int64       `json:"thresholdMs"`
	Inactive    []Period    `json:"inactive"`
	Skips       []Skip      `json:"skips"`
	ActiveTab   []TabChange `json:"activeTab"`
	KeyEvents   []KeyEvent  `json:"keyEvents"`
}

// Period is an inactive period [StartMs, EndMs].
type Period struct {
	StartMs int64 `json:"startMs"`
	EndMs   int64 `json:"endMs"`
}

// Skip is one jump of the skip plan: with "skip inactivity" on, when the
// playhead reaches FromMs the player seeks to ToMs.
type Skip struct {
	FromMs int64 `json:"fromMs"`
	ToMs   int64 `json:"toMs"`
}

// TabChange says that from OffsetMs on (inclusive) the active tab is TabID.
type TabChange struct {
	OffsetMs int64  `json:"offsetMs"`
	TabID    string `json:"tabId"`
}

// KeyEventKind is the kind of a key event.
type KeyEventKind = activity.Kind

// Key event kinds.
const (
	KindPageView  = activity.PageView
	KindClick     = activity.Click
	KindInput     = activity.Input
	KindRageClick = activity.RageClick
	KindDeadClick = activity.DeadClick
	KindCustom    = activity.Custom
	KindTabSwitch = activity.TabSwitch
)

// Target describes the element of a click or input key event.
type Target = activity.Target

// KeyEvent is one entry of the activity log.
type KeyEvent struct {
	OffsetMs int64          `json:"offsetMs"`
	TabID    string         `json:"tabId"`
	Kind     KeyEventKind   `json:"kind"`
	Name     string         `json:"name"`
	Target   *Target        `json:"target,omitempty"`
	Props    map[string]any `json:"props,omitempty"`
}

// Timeline derives the session's timeline: one pass over each tab (which
// replays the tab's DOM to describe click targets and fields), then the
// cross-tab rules (inactivity, active tab). It is deterministic.
func (s *Session) Timeline(opts TimelineOptions) *Timeline {
	s.decodeAll()
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.timeline(opts)
}

func (s *Session) timeline(opts TimelineOptions) *Timeline {
	threshold := opts.InactivityThreshold
	if threshold <= 0 {
		threshold = s.opts.InactivityThreshold
	}
	if threshold <= 0 {
		threshold = activity.DefaultInactivityThreshold
	}
	facts := make([]*activity.Facts, len(s.tabs))
	for i, t := range s.tabs {
		facts[i] = activity.Scan(t.events, t.ops, activity.Options{KeyEvents: true, SessionEnd: s.last})
	}
	tl := &Timeline{
		DurationMs:  s.last - s.first,
		ThresholdMs: threshold,
		Inactive:    []Period{},
		Skips:       []Skip{},
		ActiveTab:   []TabChange{},
		KeyEvents:   []KeyEvent{},
	}

	var inter []int64
	for _, f := range facts {
		for _, p := range f.Interactions {
			inter = append(inter, p.Timestamp)
		}
	}
	periods := activity.InactivePeriods(inter, s.first, s.last, threshold)
	tl.ActiveMs = tl.DurationMs
	for _, p := range periods {
		tl.Inactive = append(tl.Inactive, Period{StartMs: p.Start - s.first, EndMs: p.End - s.first})
		tl.ActiveMs -= p.End - p.Start
	}
	for _, k := range activity.SkipPlan(periods) {
		tl.Skips = append(tl.Skips, Skip{FromMs: k.From - s.first, ToMs: k.To - s.first})
	}

	changes := s.activeTabs(facts)
	type keyed struct {
		ev         KeyEvent
		ts         int64
		tab, index int
		sub        int
	}
	var all []keyed
	for i, c := range changes {
		tl.ActiveTab = append(tl.ActiveTab, TabChange{OffsetMs: c.Timestamp - s.first, TabID: s.tabs[c.Tab].id})
		if i == 0 {
			continue
		}
		all = append(all, keyed{
			ev: KeyEvent{OffsetMs: c.Timestamp - s.first, TabID: s.tabs[c.Tab].id, Kind: KindTabSwitch,
				Name: s.tabs[c.Tab].id, Props: map[string]any{"from": s.tabs[changes[i-1].Tab].id}},
			ts: c.Timestamp, tab: c.Tab, index: c.Index, sub: -1,
		})
	}
	for ti, f := range facts {
		for _, k := range f.KeyEvents {
			all = append(all, keyed{
				ev: KeyEvent{OffsetMs: k.Timestamp - s.first, TabID: s.tabs[ti].id, Kind: k.Kind, Name: k.Name,
					Target: k.Target, Props: k.Props},
				ts: k.Timestamp, tab: ti, index: k.Index, sub: k.Sub,
			})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := &all[i], &all[j]
		if a.ts != b.ts {
			return a.ts < b.ts
		}
		if a.tab != b.tab {
			return a.tab < b.tab
		}
		if a.index != b.index {
			return a.index < b.index
		}
		return a.sub < b.sub
	})
	for _, k := range all {
		tl.KeyEvents = append(tl.KeyEvents, k.ev)
	}
	return tl
}

func (s *Session) activeTabs(facts []*activity.Facts) []tabs.Change {
	streams := make([]tabs.Stream, len(s.tabs))
	for i, t := range s.tabs {
		streams[i] = tabs.Stream{Start: t.events[0].Timestamp, Visibility: facts[i].Visibility, Interactions: facts[i].Interactions}
	}
	return tabs.Active(streams)
}

// ActiveTabAt returns the id of the tab that is active offsetMs after the
// session's first event (DESIGN §3; events at exactly that offset count).
// It does not replay the DOM: it only reads visibility events and the
// interaction classifier.
func (s *Session) ActiveTabAt(offsetMs int64) string {
	s.decodeAll()
	s.mu.RLock()
	defer s.mu.RUnlock()
	if i := s.activeTabIndexAt(s.first + offsetMs); i >= 0 {
		return s.tabs[i].id
	}
	return ""
}

// activeTabIndexAt is the index of the tab active at timestamp ts, or -1.
func (s *Session) activeTabIndexAt(ts int64) int {
	facts := make([]*activity.Facts, len(s.tabs))
	for i, t := range s.tabs {
		facts[i] = activity.Scan(t.events, t.ops, activity.Options{})
	}
	return tabs.At(s.activeTabs(facts), ts)
}

// ActiveTabs returns the active-tab changes without deriving key events
// (cheaper than Timeline when only the tab strip is needed).
func (s *Session) ActiveTabs() []TabChange {
	s.decodeAll()
	s.mu.RLock()
	defer s.mu.RUnlock()
	facts := make([]*activity.Facts, len(s.tabs))
	for i, t := range s.tabs {
		facts[i] = activity.Scan(t.events, t.ops, activity.Options{})
	}
	out := []TabChange{}
	for _, c := range s.activeTabs(facts) {
		out = append(out, TabChange{OffsetMs: c.Timestamp - s.first, TabID: s.tabs[c.Tab].id})
	}
	return out
}
