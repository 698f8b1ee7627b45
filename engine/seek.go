package engine

import (
	"sort"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Keyframe policy. A keyframe is a deep copy of a tab's virtual DOM after a
// given event. Seeking clones the nearest keyframe at or before the target
// and applies only the events after it, so the cost of StateAt is bounded by
// the spacing, not by the length of the recording.
//
// Spacing is measured in replay work ("cost"): a mutation costs one unit per
// add, remove, text and attribute entry (plus one), any other DOM event one
// unit, events without DOM effect nothing. A keyframe is taken when the cost
// since the previous one reaches KeyframeCost, and right after every full
// snapshot. Keyframes are kept while their estimated size stays within
// KeyframeMemory; beyond that every other keyframe is dropped and the
// spacing doubled, so memory stays bounded and seek cost degrades smoothly.
const (
	DefaultKeyframeCost   = 2000
	DefaultKeyframeMemory = 256 << 20
)

type keyframe struct {
	index int // events[:index] are applied
	tree  *vdom.Tree
	bytes int64
}

func opCost(op *vdom.Op) int {
	if op.Err != nil {
		return 0
	}
	switch op.Type {
	case rrweb.FullSnapshot:
		return 1
	case rrweb.IncrementalSnapshot:
		if op.Inc == nil && op.Rule == nil {
			return 0
		}
		if op.Source == rrweb.SourceMutation {
			return 1 + len(op.Inc.Adds) + len(op.Inc.Removes) + len(op.Inc.Texts) + len(op.Inc.Attributes)
		}
		return 1
	}
	return 0
}

// indexer is a resumable keyframe build: the replay tree, the next event to
// apply and the cost since the last keyframe.
type indexer struct {
	tree *vdom.Tree
	pos  int
	cost int
}

// index (re)builds a tab's keyframes and diagnostics from sorted event
// index from onwards (0 = everything), replaying from the last keyframe at
// or before from. Open calls it once; a live append calls it for the tail.
func (t *tab) index(from int, opts *Options) {
	t.resetIndex(from)
	t.indexSome(0, opts)
}

// resetIndex prepares a (re)build from event index from: keyframes and
// diagnostics after the last keyframe at or before it are dropped.
func (t *tab) resetIndex(from int) {
	k := sort.Search(len(t.keyframes), func(i int) bool { return t.keyframes[i].index > from }) - 1
	ix := &indexer{}
	if k >= 0 && from > 0 {
		t.keyframes = t.keyframes[:k+1]
		ix.tree = t.keyframes[k].tree.Clone()
		ix.pos = t.keyframes[k].index
	} else {
		t.keyframes = t.keyframes[:0]
		ix.tree = &vdom.Tree{}
	}
	n := 0
	for n < len(t.diagIdx) && t.diagIdx[n] < ix.pos {
		n++
	}
	t.diags, t.diagIdx = t.diags[:n], t.diagIdx[:n]
	t.ix = ix
	t.indexed = false
}

// indexSome applies up to max events (0 = all) of the pending build and
// reports whether the tab is now fully indexed.
func (t *tab) indexSome(max int, opts *Options) bool {
	ix := t.ix
	if ix == nil {
		return true
	}
	for n := 0; ix.pos < len(t.ops) && (max <= 0 || n < max); n++ {
		i := ix.pos
		if i >= t.decoded {
			if !t.eager(i) {
				t.ops[i] = vdom.DecodeOp(&t.events[i])
			}
			t.decoded = i + 1
		}
		op := &t.ops[i]
		ix.tree.SetEvent(t.orig[i])
		nd := len(ix.tree.Diags)
		ix.tree.Apply(op)
		for _, d := range ix.tree.Diags[nd:] {
			t.diags = append(t.diags, d)
			t.diagIdx = append(t.diagIdx, i)
		}
		ix.cost += opCost(op)
		if (op.Type == rrweb.FullSnapshot && op.Err == nil) || ix.cost >= t.spacing {
			t.addKeyframe(i+1, ix.tree, opts)
			ix.cost = 0
		}
		ix.pos++
	}
	ix.tree.Diags = nil
	if ix.pos < len(t.ops) {
		return false
	}
	t.ix = nil
	t.indexed = true
	return true
}

// IndexStep advances a deferred keyframe build (Options.DeferIndex) by up
// to maxEvents events per tab and reports whether every tab is indexed.
// Seeks work at any point; they replay from the nearest keyframe built so
// far.
func (s *Session) IndexStep(maxEvents int) (done bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	done = true
	for _, t := range s.tabs {
		if !t.indexSome(maxEvents, &s.opts) {
			done = false
		}
	}
	return done
}

// diagnostics returns the tab's diagnostics, replaying it once if Open did
// not index it.
func (t *tab) diagnostics() []Diagnostic {
	out := append([]Diagnostic{}, t.orderDiags...)
	if t.indexed {
		return append(out, t.diags...)
	}
	tree := &vdom.Tree{}
	var scratch vdom.Op
	for i := range t.ops {
		tree.SetEvent(t.orig[i])
		tree.Apply(t.op(i, &scratch))
	}
	return append(out, tree.Diags...)
}

// append merges late events into the sorted stream and re-indexes the tail.
// Events at or after the last timestamp (live events, the rest of a
// progressively decoded recording) cost no search or shifting; with
// Options.DeferIndex their payloads are decoded when first replayed, as at
// Open.
func (t *tab) append(events []rrweb.Event, opts *Options) {
	old := len(t.events)
	pos := old
	base := len(t.orig)
	disorder := false
	for k := range events {
		ev := events[k]
		// After every event with a timestamp <= ev's: stable, arrival order.
		i := len(t.events)
		if i > 0 && t.events[i-1].Timestamp > ev.Timestamp {
			i = sort.Search(len(t.events), func(i int) bool { return t.events[i].Timestamp > ev.Timestamp })
			disorder = true
		}
		t.events = append(t.events, rrweb.Event{})
		copy(t.events[i+1:], t.events[i:])
		t.events[i] = ev
		t.orig = append(t.orig, 0)
		copy(t.orig[i+1:], t.orig[i:])
		t.orig[i] = base + k
		t.ops = append(t.ops, vdom.Op{})
		copy(t.ops[i+1:], t.ops[i:])
		switch {
		case i < t.decoded || (i == t.decoded && !opts.DeferIndex):
			t.ops[i] = vdom.DecodeOp(&t.events[i]) // the decoded prefix stays whole
			t.decoded++
		case t.eager(i):
			t.ops[i] = vdom.DecodeOp(&t.events[i])
		}
		if i < pos {
			pos = i
		}
	}
	if disorder && len(t.orderDiags) == 0 {
		t.orderDiags = append(t.orderDiags, disorderDiag())
	}
	if pos < old {
		t.version++ // positions after pos moved: cursors there must re-seek
		t.rescan()
	} else {
		t.scanFrom(old)
	}
	switch {
	case t.indexed:
		t.index(pos, opts)
	case t.ix != nil && pos < t.ix.pos:
		t.resetIndex(pos) // a deferred build continues from before the insertion
	}
}

// rescan recomputes what is derived from the whole stream cheaply.
func (t *tab) rescan() {
	t.pages = t.pages[:0]
	t.firstFull = -1
	t.scanFrom(0)
}

// scanFrom extends the pages and the first full snapshot with events from
// index from on (those before are unchanged).
func (t *tab) scanFrom(from int) {
	for i := from; i < len(t.ops); i++ {
		op := &t.ops[i]
		if op.Type == rrweb.Meta && op.Meta != nil {
			t.pages = append(t.pages, Page{Href: op.Meta.Href, Timestamp: t.events[i].Timestamp})
		}
		if t.firstFull < 0 && op.Type == rrweb.FullSnapshot && op.Err == nil {
			t.firstFull = i
		}
	}
}

func (t *tab) addKeyframe(index int, tree *vdom.Tree, opts *Options) {
	if n := len(t.keyframes); n > 0 && t.keyframes[n-1].index == index {
		return
	}
	c := tree.Clone()
	c.Diags = nil
	t.keyframes = append(t.keyframes, keyframe{index: index, tree: c, bytes: c.SizeEstimate()})
	limit := opts.KeyframeMemory
	if limit <= 0 {
		limit = DefaultKeyframeMemory
	}
	for t.keyframeBytes() > limit && len(t.keyframes) > 2 {
		// Thin out: keep every other keyframe (always the first and the
		// newest) and double the spacing for what follows.
		kept := t.keyframes[:0]
		for i, kf := range t.keyframes {
			if i%2 == 0 || i == len(t.keyframes)-1 {
				kept = append(kept, kf)
			}
		}
		t.keyframes = kept
		t.spacing *= 2
	}
}

func (t *tab) keyframeBytes() int64 {
	var n int64
	for _, kf := range t.keyframes {
		n += kf.bytes
	}
	return n
}

// stateAt returns a fresh tree holding the tab's state with every event of
// timestamp < ts applied (the first full snapshot if none is yet: rrweb's
// poster). The caller owns the tree.
func (t *tab) stateAt(ts int64) *vdom.Tree {
	end := sort.Search(len(t.events), func(i int) bool { return t.events[i].Timestamp >= ts })
	if t.firstFull < 0 {
		return &vdom.Tree{}
	}
	if end <= t.firstFull {
		end = t.firstFull + 1
	}
	k := sort.Search(len(t.keyframes), func(i int) bool { return t.keyframes[i].index > end }) - 1
	var tree *vdom.Tree
	from := 0
	if k >= 0 {
		tree = t.keyframes[k].tree.Clone()
		from = t.keyframes[k].index
	} else {
		tree = &vdom.Tree{}
	}
	var scratch vdom.Op
	for i := from; i < end; i++ {
		tree.Apply(t.op(i, &scratch))
	}
	tree.Diags = nil
	return tree
}

// coldState replays from the first event, without keyframes: the reference
// the keyframe path must equal, and the baseline of the seek benchmark.
func (t *tab) coldState(ts int64) *vdom.Tree {
	end := sort.Search(len(t.events), func(i int) bool { return t.events[i].Timestamp >= ts })
	if t.firstFull < 0 {
		return &vdom.Tree{}
	}
	if end <= t.firstFull {
		end = t.firstFull + 1
	}
	tree := &vdom.Tree{}
	var scratch vdom.Op
	for i := 0; i < end; i++ {
		tree.Apply(t.op(i, &scratch))
	}
	tree.Diags = nil
	return tree
}
