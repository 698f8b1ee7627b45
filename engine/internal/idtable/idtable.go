// Package idtable maps rrweb node ids to values.
//
// rrweb numbers the nodes of a page 1, 2, 3, … in the order it first
// serializes them, so ids are small and dense: a slice indexed by id finds
// a node without hashing, which a map did on every lookup of every
// mutation (the replay engine's and the masker's hottest lookups). Ids
// that would make the slice much larger than the entries it holds (a
// stray huge id, or negative ones) go to a map instead.
package idtable

import "iter"

// Table maps ids to values of V. The zero value of V means "no entry":
// Set with it deletes. The zero Table is empty and ready to use.
type Table[V comparable] struct {
	// dense[id] for 0 <= id < len(dense); every other id is in sparse.
	dense  []V
	sparse map[int]V
	n      int // entries (non-zero values)
}

// Slack bounds the slice: it grows to cover an id only while its new
// length stays under perEntry slots per entry held plus minDense, so
// however the ids are spread it never grows past about 8n+1024 slots for
// the n entries it holds at that moment (it does not shrink when entries
// go).
const (
	perEntry = 8
	minDense = 1024
)

// Get returns the value of id, or the zero value.
func (t *Table[V]) Get(id int) V {
	if uint(id) < uint(len(t.dense)) {
		return t.dense[id]
	}
	if t.sparse != nil {
		return t.sparse[id]
	}
	var zero V
	return zero
}

// Set maps id to v; the zero value deletes id.
func (t *Table[V]) Set(id int, v V) {
	var zero V
	if v == zero {
		t.Delete(id)
		return
	}
	if uint(id) < uint(len(t.dense)) {
		if t.dense[id] == zero {
			t.n++
		}
		t.dense[id] = v
		return
	}
	if id >= 0 && id < perEntry*(t.n+1)+minDense {
		t.grow(id) // may move id over from the map
		if t.dense[id] == zero {
			t.n++
		}
		t.dense[id] = v
		return
	}
	if t.sparse == nil {
		t.sparse = map[int]V{}
	}
	if _, ok := t.sparse[id]; !ok {
		t.n++
	}
	t.sparse[id] = v
}

// grow extends dense to cover id (doubling, within the slack bound) and
// moves the map's entries it now covers into it.
func (t *Table[V]) grow(id int) {
	size := max(2*len(t.dense), id+1, 64)
	size = max(min(size, perEntry*(t.n+1)+minDense), id+1)
	if size <= cap(t.dense) {
		t.dense = t.dense[:size]
	} else {
		d := make([]V, size)
		copy(d, t.dense)
		t.dense = d
	}
	for k, v := range t.sparse {
		if k >= 0 && k < size {
			t.dense[k] = v
			delete(t.sparse, k)
		}
	}
}

// Delete removes id.
func (t *Table[V]) Delete(id int) {
	var zero V
	if uint(id) < uint(len(t.dense)) {
		if t.dense[id] != zero {
			t.n--
			t.dense[id] = zero
		}
		return
	}
	if _, ok := t.sparse[id]; ok {
		t.n--
		delete(t.sparse, id)
	}
}

// Len is the number of entries.
func (t *Table[V]) Len() int { return t.n }

// Reset empties the table, keeping its slice for reuse.
func (t *Table[V]) Reset() {
	clear(t.dense)
	t.sparse = nil
	t.n = 0
}

// All yields each entry: the slice's in increasing id order, then the
// map's. The loop must not change the table.
func (t *Table[V]) All() iter.Seq2[int, V] {
	return func(yield func(int, V) bool) {
		var zero V
		for id, v := range t.dense {
			if v != zero && !yield(id, v) {
				return
			}
		}
		for id, v := range t.sparse {
			if !yield(id, v) {
				return
			}
		}
	}
}

// SizeLike returns an empty table whose slice is as long as t's, so that
// copying t's entries into it does not grow it step by step.
func SizeLike[V, W comparable](t *Table[W]) Table[V] {
	return Table[V]{dense: make([]V, len(t.dense))}
}

// Bytes approximates the memory the table holds of its own.
func (t *Table[V]) Bytes(slot, perSparse int) int64 {
	return int64(cap(t.dense))*int64(slot) + int64(len(t.sparse))*int64(perSparse)
}
