package vdom

import (
	"math/rand/v2"
	"testing"
)

// TestHandleSet holds the bitset to a map over random handles, resets
// included.
func TestHandleSet(t *testing.T) {
	var s handleSet
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 5; round++ {
		want := map[int32]bool{}
		for i := 0; i < 2000; i++ {
			h := int32(r.IntN(5000)) - 10 // a few negatives: never members
			s.add(h)
			if h >= 0 {
				want[h] = true
			}
		}
		for h := int32(-20); h < 5100; h++ {
			if s.has(h) != want[h] {
				t.Fatalf("round %d: has(%d) = %v, want %v", round, h, s.has(h), want[h])
			}
		}
		s.reset()
		for h := int32(-20); h < 5100; h++ {
			if s.has(h) {
				t.Fatalf("round %d: %d still a member after reset", round, h)
			}
		}
	}
}
