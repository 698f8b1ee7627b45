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

// index builds a tab's keyframes by replaying it once from the start (or
// from keyframe k onwards after a live append), collecting diagnostics.
func (t *tab) index(from int, opts *Options) {
	var tree *vdom.Tree
	if from == 0 || len(t.keyframes) == 0 {
		t.keyframes = t.keyframes[:0]
		t.diags = append(t.diags[:0], t.orderDiags...)
		tree = &vdom.Tree{}
		from = 0
	} else {
		kf := t.keyframes[len(t.keyframes)-1]
		tree = kf.tree.Clone()
		from = kf.index
	}
	cost := 0
	for i := from; i < len(t.ops); i++ {
		op := &t.ops[i]
		tree.SetEvent(t.orig[i])
		nd := len(tree.Diags)
		tree.Apply(op)
		t.diags = append(t.diags, tree.Diags[nd:]...)
		c := opCost(op)
		cost += c
		if (op.Type == rrweb.FullSnapshot && op.Err == nil) || cost >= t.spacing {
			t.addKeyframe(i+1, tree, opts)
			cost = 0
		}
	}
	tree.Diags = nil
	t.head = tree
	t.headIndex = len(t.ops)
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
	for i := from; i < end; i++ {
		tree.Apply(&t.ops[i])
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
	for i := 0; i < end; i++ {
		tree.Apply(&t.ops[i])
	}
	tree.Diags = nil
	return tree
}
