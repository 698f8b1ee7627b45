package mask

import (
	"bytes"
	"strings"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Card numbers are caught wherever they appear: a Luhn-valid run of 13–19
// digits, optionally split into groups by spaces, tabs, dashes or
// no-break spaces (at most maxSep separator characters between groups, so
// unrelated numbers in running text are not joined). The digits become
// '*' and the separators stay, so length and layout survive.

const (
	minCardDigits = 13
	maxCardDigits = 19
	maxSep        = 3
	// formDigitRun: in form values a run this long is masked even when it
	// is not Luhn-valid, because a card number is typed one digit at a time
	// and its prefixes are not Luhn-valid.
	formDigitRun = 12
)

// group is one run of digits s[start:end].
type group struct{ start, end int }

// digitRuns calls f for each run of digit groups in s.
func digitRuns(s string, f func(groups []group)) {
	var gs []group
	i := 0
	for i < len(s) {
		if !isDigit(s[i]) {
			i++
			continue
		}
		gs = gs[:0]
		for {
			st := i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			gs = append(gs, group{st, i})
			// Separators up to maxSep characters, then a digit, continue the run.
			j, n := i, 0
			for j < len(s) && n < maxSep {
				if s[j] == ' ' || s[j] == '-' || s[j] == '\t' {
					j++
				} else if s[j] == 0xc2 && j+1 < len(s) && s[j+1] == 0xa0 {
					j += 2
				} else {
					break
				}
				n++
			}
			if n == 0 || j >= len(s) || !isDigit(s[j]) {
				break
			}
			i = j
		}
		f(gs)
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// luhn checks the digits of s in groups gs.
func luhn(s string, gs []group) bool {
	sum, n := 0, 0
	for k := len(gs) - 1; k >= 0; k-- {
		for i := gs[k].end - 1; i >= gs[k].start; i-- {
			d := int(s[i] - '0')
			if n%2 == 1 {
				d *= 2
				if d > 9 {
					d -= 9
				}
			}
			sum += d
			n++
		}
	}
	return sum%10 == 0
}

// cardSpans returns the groups of s that belong to card numbers: every
// window of whole groups holding 13–19 digits that passes Luhn.
func cardSpans(s string, form bool) []group {
	var out []group
	digitRuns(s, func(gs []group) {
		total := 0
		for _, g := range gs {
			total += g.end - g.start
		}
		if form && total >= formDigitRun {
			out = append(out, gs...)
			return
		}
		marked := make([]bool, len(gs))
		for i := range gs {
			n := 0
			for j := i; j < len(gs); j++ {
				n += gs[j].end - gs[j].start
				if n > maxCardDigits {
					break
				}
				if n >= minCardDigits && luhn(s, gs[i:j+1]) {
					for k := i; k <= j; k++ {
						marked[k] = true
					}
				}
			}
		}
		for i, m := range marked {
			if m {
				out = append(out, gs[i])
			}
		}
	})
	return out
}

// scrubCards stars the digits of every card number in s. form applies the
// stricter rule for form values (any run of formDigitRun digits).
func scrubCards(s string, form bool) (string, bool) {
	if !mayHoldCard(s, form) {
		return s, false
	}
	spans := cardSpans(s, form)
	if len(spans) == 0 {
		return s, false
	}
	b := []byte(s)
	for _, g := range spans {
		for i := g.start; i < g.end; i++ {
			b[i] = '*'
		}
	}
	return string(b), true
}

// mayHoldCard is a cheap filter: does s have enough digits at all?
func mayHoldCard(s string, form bool) bool {
	need := minCardDigits
	if form {
		need = formDigitRun
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
			if n >= need {
				return true
			}
		}
	}
	return false
}

// scrubJSON stars card numbers inside every string of the JSON text b
// (object keys included; numbers are left alone: in rrweb data they are
// ids, coordinates and timestamps). It returns b itself when nothing
// changed.
func scrubJSON(b []byte) ([]byte, bool) {
	if !jsonMayHoldCard(b) {
		return b, false
	}
	var out []byte
	last := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		start := i
		esc := false
		for i++; i < len(b) && b[i] != '"'; i++ {
			if b[i] == '\\' {
				esc = true
				i++
			}
		}
		if i >= len(b) {
			break // unterminated: the caller validated b, so this is unreachable
		}
		raw := b[start : i+1]
		var repl []byte
		if !esc {
			if s, ok := scrubCards(string(raw[1:len(raw)-1]), false); ok {
				repl = append(append([]byte{'"'}, s...), '"')
			}
		} else if strings.Contains(string(raw), `\u`) || mayHoldCard(string(raw), false) {
			p := jparser{b: raw}
			if s, _, err := p.string(); err == nil {
				if t, ok := scrubCards(s, false); ok {
					repl = rrweb.AppendJSONString(nil, t)
				}
			}
		}
		if repl != nil {
			out = append(out, b[last:start]...)
			out = append(out, repl...)
			last = i + 1
		}
	}
	if out == nil {
		return b, false
	}
	return append(out, b[last:]...), true
}

// jsonMayHoldCard: some run of digits and separators holds 13 digits, or
// a \u escape could be hiding digits. Every event's bytes go through it,
// so it skips: such a run spans at least minCardDigits bytes, so when the
// last byte of a window that long cannot belong to a run, no run starts in
// the window, and most bytes are never looked at.
func jsonMayHoldCard(b []byte) bool {
	if bytes.Contains(b, []byte(`\u`)) {
		return true
	}
	// i is where the next run can start: 0 or just after a byte that ends
	// runs.
	for i := 0; i+minCardDigits <= len(b); {
		j := i + minCardDigits - 1
		if !inCardRun(b[j]) {
			i = j + 1
			continue
		}
		k := j
		for k > i && inCardRun(b[k-1]) {
			k--
		}
		n := 0
		for ; k < len(b) && inCardRun(b[k]); k++ {
			if isDigit(b[k]) {
				if n++; n >= minCardDigits {
					return true
				}
			}
		}
		i = k + 1
	}
	return false
}

// inCardRun reports whether c can be part of a card number in JSON text: a
// digit or a separator byte (the no-break space is the two bytes C2 A0).
func inCardRun(c byte) bool { return cardRunByte[c] }

var cardRunByte = func() (t [256]bool) {
	for _, c := range []byte("0123456789 -\t\xc2\xa0") {
		t[c] = true
	}
	return t
}()

// maskText is rrweb's default maskTextFn: every non-whitespace character
// becomes '*', so length and line structure are kept.
func maskText(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isJSSpace(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// maskValue is rrweb's input masking: '*' repeated value.length times
// (UTF-16 code units, as JavaScript counts).
func maskValue(s string) string {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return strings.Repeat("*", n)
}

// isJSSpace is JavaScript's \s.
func isJSSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}
