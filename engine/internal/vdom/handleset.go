package vdom

// handleSet is a set of node handles as a bitset. Handles are small
// positive integers handed out in order, and a frame marks every node it
// sends: hashing each into a map was ~40 % of encoding a frame (more under
// WASM). The zero value is an empty set.
type handleSet []uint64

func (s handleSet) has(h int32) bool {
	i := int(h) >> 6
	return h >= 0 && i < len(s) && s[i]&(1<<(uint(h)&63)) != 0
}

func (s *handleSet) add(h int32) {
	if h < 0 {
		return // never handed out; has reports it absent too
	}
	i := int(h) >> 6
	if i >= len(*s) {
		*s = append(*s, make([]uint64, i+1-len(*s))...)
	}
	(*s)[i] |= 1 << (uint(h) & 63)
}

// reset empties the set, keeping its memory for the next frame.
func (s *handleSet) reset() { clear(*s) }
