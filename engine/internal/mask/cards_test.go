package mask

import (
	"math/rand/v2"
	"testing"
)

// mayHoldCardSlow is jsonMayHoldCard's specification, byte by byte: a run
// of digits with separators reaching minCardDigits digits, or a \u escape.
func mayHoldCardSlow(b []byte) bool {
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case isDigit(c):
			n++
			if n >= minCardDigits {
				return true
			}
		case c == ' ' || c == '-' || c == '\t' || c == 0xc2 || c == 0xa0:
		case c == '\\' && i+1 < len(b) && b[i+1] == 'u':
			return true
		default:
			n = 0
		}
	}
	return false
}

// The skipping pre-filter must agree with its specification exactly: it
// decides which events are searched for card numbers at all.
func TestJSONMayHoldCardMatchesSpec(t *testing.T) {
	alphabet := []byte("0123456789 -\t\xc2\xa0\\ux\",:{}")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			// Mostly digits and separators, so that runs near the
			// threshold are common.
			if rng.IntN(4) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[i] = alphabet[rng.IntN(13)]
			}
		}
		if got, want := jsonMayHoldCard(b), mayHoldCardSlow(b); got != want {
			t.Fatalf("jsonMayHoldCard(%q) = %v, want %v", b, got, want)
		}
	}
}

func FuzzJSONMayHoldCard(f *testing.F) {
	f.Add([]byte(`{"x":"4111 1111 1111 1111"}`))
	f.Add([]byte(`{"x":1795851709986}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := jsonMayHoldCard(b), mayHoldCardSlow(b); got != want {
			t.Fatalf("jsonMayHoldCard(%q) = %v, want %v", b, got, want)
		}
	})
}
