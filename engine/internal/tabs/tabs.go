// Package tabs decides which tab of a multi-tab session is active at any
// time (DESIGN §3). It works on per-tab facts gathered by activity.Scan:
// reprise/tab visibility events and the timestamps of user interaction as
// classified by activity.IsInteraction (the one classifier).
//
// Rule, evaluated at every timestamp t over the events with timestamp <= t:
//  1. among the tabs whose latest visibility event says "visible", the one
//     whose visible event is the latest wins;
//  2. when no tab is visible (none has visibility events, or all said
//     "hidden"), the tab with the most recent user interaction;
//  3. before any of that, the tab with the session's first event.
//
// Ties (equal timestamps in several tabs) are broken by document tab order,
// the later tab being "later", then by event order within the tab.
package tabs

import "sort"

// Visibility is one reprise/tab event of a tab.
type Visibility struct {
	Timestamp int64
	Index     int // index of the event in the tab's sorted stream
	Visible   bool
}

// Point is one user-interaction event of a tab.
type Point struct {
	Timestamp int64
	Index     int
}

// Stream is what Active needs of one tab, in document tab order.
type Stream struct {
	Start        int64        // timestamp of the tab's first event
	Visibility   []Visibility // sorted by (Timestamp, Index)
	Interactions []Point      // sorted by (Timestamp, Index)
}

// Change says that from Timestamp on (inclusive) the active tab is Tab
// (an index into the streams). Index is the event (in that tab) that made
// it active, or -1 for the initial choice.
type Change struct {
	Timestamp int64
	Tab       int
	Index     int
}

type point struct {
	ts      int64
	tab     int
	index   int
	vis     bool // a visibility event (else an interaction)
	visible bool
}

// Active computes the active tab over time. The first Change is at the
// session's first timestamp; later ones only where the active tab changes.
// It returns nil when there are no streams.
func Active(streams []Stream) []Change {
	if len(streams) == 0 {
		return nil
	}
	initial, first := 0, streams[0].Start
	n := 0
	for i, s := range streams {
		if s.Start < first {
			initial, first = i, s.Start
		}
		n += len(s.Visibility) + len(s.Interactions)
	}
	pts := make([]point, 0, n)
	for i, s := range streams {
		for _, v := range s.Visibility {
			pts = append(pts, point{ts: v.Timestamp, tab: i, index: v.Index, vis: true, visible: v.Visible})
		}
		for _, p := range s.Interactions {
			pts = append(pts, point{ts: p.Timestamp, tab: i, index: p.Index})
		}
	}
	sort.SliceStable(pts, func(a, b int) bool {
		pa, pb := &pts[a], &pts[b]
		if pa.ts != pb.ts {
			return pa.ts < pb.ts
		}
		if pa.tab != pb.tab {
			return pa.tab < pb.tab
		}
		return pa.index < pb.index
	})

	type tabState struct {
		visible bool
		visSeq  int // merged-order position of its latest visible event
		visIdx  int
		hasVis  bool
	}
	st := make([]tabState, len(streams))
	lastInter, lastInterIdx := -1, -1
	winner := func() (int, int) {
		best, bestSeq, bestIdx := -1, -1, -1
		for i := range st {
			if st[i].hasVis && st[i].visible && st[i].visSeq > bestSeq {
				best, bestSeq, bestIdx = i, st[i].visSeq, st[i].visIdx
			}
		}
		if best >= 0 {
			return best, bestIdx
		}
		if lastInter >= 0 {
			return lastInter, lastInterIdx
		}
		return initial, -1
	}

	var out []Change
	cur := -1
	emit := func(ts int64) {
		tab, idx := winner()
		if tab != cur {
			if len(out) == 0 && ts > first {
				// Nothing happened at the first timestamp: the initial tab
				// is active from the start.
				out = append(out, Change{Timestamp: first, Tab: initial, Index: -1})
				cur = initial
				if tab == cur {
					return
				}
			}
			out = append(out, Change{Timestamp: ts, Tab: tab, Index: idx})
			cur = tab
		}
	}
	for i := 0; i < len(pts); i++ {
		p := &pts[i]
		if p.vis {
			st[p.tab].hasVis = true
			st[p.tab].visible = p.visible
			if p.visible {
				st[p.tab].visSeq, st[p.tab].visIdx = i, p.index
			}
		} else {
			lastInter, lastInterIdx = p.tab, p.index
		}
		if i+1 == len(pts) || pts[i+1].ts != p.ts {
			ts := p.ts
			if ts < first {
				ts = first
			}
			emit(ts)
		}
	}
	if len(out) == 0 {
		out = append(out, Change{Timestamp: first, Tab: initial, Index: -1})
	}
	return out
}

// At returns the active tab (stream index) at timestamp ts: the last change
// with Timestamp <= ts; before the first change, the first change's tab.
// It returns -1 when changes is empty.
func At(changes []Change, ts int64) int {
	if len(changes) == 0 {
		return -1
	}
	i := sort.Search(len(changes), func(i int) bool { return changes[i].Timestamp > ts })
	if i == 0 {
		return changes[0].Tab
	}
	return changes[i-1].Tab
}
