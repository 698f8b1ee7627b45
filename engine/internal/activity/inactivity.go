package activity

import "slices"

// DefaultInactivityThreshold is the gap, in ms, above which a period without
// user interaction in any tab is inactive (rrweb's inactivePeriodThreshold,
// PostHog's default).
const DefaultInactivityThreshold = 10_000

// Skip plan constants (ms): the player keeps showing SkipLead after the last
// interaction before it jumps, and lands SkipResume before the next one.
const (
	SkipLead   = 1_000
	SkipResume = 1_000
)

// Period is an inactive period in absolute rrweb timestamps. Trailing is
// true when the period runs to the end of the recording without a later
// interaction.
type Period struct {
	Start, End int64
	Trailing   bool
}

// InactivePeriods returns the periods longer than threshold (ms; <= 0 means
// DefaultInactivityThreshold) without user interaction. interactions are the
// timestamps of interaction events of ALL tabs, in any order; first and last
// are the session's first and last event timestamps.
//
// The start of the recording counts as an interaction point (as in rrweb's
// getInactivePeriods) and the end of the recording closes a trailing gap.
// A gap between consecutive points p < q is inactive when q-p > threshold
// (strictly); the period is [p, q].
func InactivePeriods(interactions []int64, first, last, threshold int64) []Period {
	if threshold <= 0 {
		threshold = DefaultInactivityThreshold
	}
	var out []Period
	prev := first
	visit := func(ts int64, trailing bool) {
		if ts-prev > threshold {
			out = append(out, Period{Start: prev, End: ts, Trailing: trailing})
		}
		if ts > prev {
			prev = ts
		}
	}
	for _, ts := range sortedCopy(interactions) {
		if ts < first || ts > last {
			continue
		}
		visit(ts, false)
	}
	visit(last, true)
	return out
}

// Skip is one jump of the skip plan: when the playhead reaches From, the
// player seeks to To (absolute rrweb timestamps).
type Skip struct {
	From, To int64
}

// SkipPlan turns inactive periods into jumps: From = Start+SkipLead (the
// player still shows the first second after the last interaction, so its
// effect is visible) and To = End-SkipResume (playback resumes one second
// before the next interaction, so it is not missed). A trailing period jumps
// to its End, the end of the recording. Jumps shorter than 1 ms (only
// possible with thresholds below 2 s) are left out.
func SkipPlan(periods []Period) []Skip {
	var out []Skip
	for _, p := range periods {
		from, to := p.Start+SkipLead, p.End-SkipResume
		if p.Trailing {
			to = p.End
		}
		if to > from {
			out = append(out, Skip{From: from, To: to})
		}
	}
	return out
}

func sortedCopy(ts []int64) []int64 {
	sorted := true
	for i := 1; i < len(ts); i++ {
		if ts[i] < ts[i-1] {
			sorted = false
			break
		}
	}
	if sorted {
		return ts
	}
	c := append([]int64(nil), ts...)
	slices.Sort(c)
	return c
}
