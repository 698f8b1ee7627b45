package idtable

import (
	"math/rand/v2"
	"testing"
)

// TestTableAgainstMap runs random operations on a Table and on a map (the
// oracle) and compares them after each step. The id mixes grow the slice,
// overflow it into the map (huge and negative ids) and then grow it over
// ids already in the map.
func TestTableAgainstMap(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   func(r *rand.Rand, step int) int
	}{
		{"dense", func(r *rand.Rand, _ int) int { return r.IntN(3000) }},
		{"rising", func(r *rand.Rand, step int) int { return step/2 + r.IntN(50) }},
		{"spread", func(r *rand.Rand, _ int) int { return r.IntN(1 << 16) }},
		{"mixed", func(r *rand.Rand, _ int) int {
			switch r.IntN(10) {
			case 0:
				return -r.IntN(100)
			case 1:
				return 1<<40 + r.IntN(10)
			default:
				return r.IntN(20000)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			var tb Table[int]
			oracle := map[int]int{}
			for step := range 20000 {
				id := tc.id(r, step)
				switch op := r.IntN(10); {
				case op < 6:
					v := r.IntN(5) // 0 deletes
					tb.Set(id, v)
					if v == 0 {
						delete(oracle, id)
					} else {
						oracle[id] = v
					}
				case op < 9:
					tb.Delete(id)
					delete(oracle, id)
				default:
					if got, want := tb.Get(id), oracle[id]; got != want {
						t.Fatalf("step %d: Get(%d) = %d, want %d", step, id, got, want)
					}
				}
				if step%997 == 0 {
					same(t, &tb, oracle)
				}
				if step == 15000 {
					tb.Reset()
					clear(oracle)
				}
			}
			same(t, &tb, oracle)
			if tc.name == "mixed" && tb.sparse == nil {
				t.Error("huge and negative ids never reached the map")
			}
		})
	}
}

func same(t *testing.T, tb *Table[int], oracle map[int]int) {
	t.Helper()
	if tb.Len() != len(oracle) {
		t.Fatalf("Len = %d, want %d", tb.Len(), len(oracle))
	}
	seen := map[int]bool{}
	last := -1
	inDense := true
	for id, v := range tb.All() {
		if seen[id] {
			t.Fatalf("All yielded id %d twice", id)
		}
		seen[id] = true
		if oracle[id] != v {
			t.Fatalf("All yielded %d=%d, want %d", id, v, oracle[id])
		}
		if id >= 0 && id < len(tb.dense) {
			if !inDense || id < last {
				t.Fatalf("slice ids out of order at %d", id)
			}
			last = id
		} else {
			inDense = false
		}
	}
	if len(seen) != len(oracle) {
		t.Fatalf("All yielded %d entries, want %d", len(seen), len(oracle))
	}
	for id, v := range oracle {
		if tb.Get(id) != v {
			t.Fatalf("Get(%d) = %d, want %d", id, tb.Get(id), v)
		}
	}
	for id := range tb.sparse {
		if id >= 0 && id < len(tb.dense) {
			t.Fatalf("id %d is in the map though the slice covers it", id)
		}
	}
}

// TestSlackBound: one huge id among few entries stays out of the slice.
func TestSlackBound(t *testing.T) {
	var tb Table[*int]
	x := 1
	for id := 1; id <= 100; id++ {
		tb.Set(id, &x)
	}
	tb.Set(50_000_000, &x)
	if len(tb.dense) > perEntry*tb.Len()+minDense {
		t.Fatalf("slice of %d slots for %d entries", len(tb.dense), tb.Len())
	}
	if tb.Get(50_000_000) != &x || tb.Get(100) != &x || tb.Get(101) != nil {
		t.Fatal("lookups wrong after an overflow")
	}
	tb.Set(7, nil)
	if tb.Get(7) != nil || tb.Len() != 100 {
		t.Fatalf("Set nil must delete: Get(7)=%v Len=%d", tb.Get(7), tb.Len())
	}
}

func TestSizeLike(t *testing.T) {
	var a Table[int]
	for id := 1; id < 500; id++ {
		a.Set(id, id)
	}
	b := SizeLike[string](&a)
	if len(b.dense) != len(a.dense) || b.Len() != 0 {
		t.Fatalf("SizeLike: %d slots, %d entries; want %d, 0", len(b.dense), b.Len(), len(a.dense))
	}
}
