package mask

import "unicode/utf8"

// mutReader's tokens: strings as parse decodes them, plain integers,
// literals, and the punctuation of objects and arrays (see mutread.go).

// ws skips white space.
func (r *mutReader) ws(i int) int {
	b := r.b
	if i < len(b) && b[i] > ' ' {
		return i // rrweb writes none
	}
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// open reads the start of a container (c is '{' or '['); more is false for
// an empty one, which is then read whole.
func (r *mutReader) open(i int, c byte) (j int, more, ok bool) {
	if i >= len(r.b) || r.b[i] != c {
		return i, false, false
	}
	i = r.ws(i + 1)
	if i < len(r.b) && r.b[i] == c+2 { // '}' == '{'+2, ']' == '['+2
		return i + 1, false, true
	}
	return i, true, true
}

// object reads the members of the object at b[i], in any order and with
// any spacing. member reads the value of key k at i and returns the key's
// bit; an unknown key (member's ok false) or a key read twice declines the
// object. seen holds the bits of the keys read.
func (r *mutReader) object(i int, member func(k []byte, i int) (bit uint32, j int, ok bool)) (seen uint32, j int, ok bool) {
	i, more, ok := r.open(i, '{')
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint32
		bit, i, ok = member(k, i)
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	return seen, i, ok
}

// next reads what follows a member or element: a comma (more) or the
// container's end (c is '}' or ']').
func (r *mutReader) next(i int, c byte) (j int, more, ok bool) {
	i = r.ws(i)
	if i < len(r.b) {
		switch r.b[i] {
		case ',':
			return r.ws(i + 1), true, true
		case c:
			return i + 1, false, true
		}
	}
	return i, false, false
}

// key reads `"name" :` up to the value. Keys with escapes or beyond ASCII
// are declined: rrweb writes none in the keys read with it.
func (r *mutReader) key(i int) (k []byte, j int, ok bool) {
	b := r.b
	if i >= len(b) || b[i] != '"' {
		return nil, i, false
	}
	j = i + 1
	for j < len(b) && keyByte[b[j]] {
		j++
	}
	if j >= len(b) || b[j] != '"' {
		return nil, i, false
	}
	k = b[i+1 : j]
	if j+1 < len(b) && b[j+1] == ':' {
		return k, r.ws(j + 2), true
	}
	j = r.ws(j + 1)
	if j >= len(b) || b[j] != ':' {
		return nil, i, false
	}
	return k, r.ws(j + 1), true
}

// keyByte tells the bytes of the keys key reads: printable ASCII but a
// quote or a backslash.
var keyByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// name reads an object key that is a name (attributes, style properties):
// any key, decoded as parse decodes keys.
func (r *mutReader) name(i int) (k string, j int, ok bool) {
	p := jparser{b: r.b, i: i}
	if i >= len(r.b) || r.b[i] != '"' {
		return "", i, false
	}
	if end := p.plainStringEnd(); end > 0 {
		k = key(r.b[i+1 : end-1])
		p.i = end
		r.noteDigits(r.b[i+1 : end-1])
	} else {
		var err error
		if k, _, err = p.string(); err != nil {
			return "", i, false
		}
		r.mayCard = true
	}
	j = r.ws(p.i)
	if j >= len(r.b) || r.b[j] != ':' {
		return "", i, false
	}
	return k, r.ws(j + 1), true
}

// str reads a string as parse does.
func (r *mutReader) str(i int) (string, int, bool) {
	b := r.b
	if i >= len(b) || b[i] != '"' {
		return "", i, false
	}
	var high byte
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		if plainByte[c] {
			high |= c
			continue
		}
		if c == '"' {
			raw := b[i+1 : j]
			if high < 0x80 || utf8.Valid(raw) {
				r.noteDigits(raw)
				return string(raw), j + 1, true
			}
		}
		break // escapes, invalid UTF-8 (replaced), errors: parse's decoder
	}
	r.mayCard = true
	p := jparser{b: b, i: i}
	s, _, err := p.string()
	return s, p.i, err == nil
}

// noteDigits notes whether plain string raw could hold a card number:
// whether it has minCardDigits digits (as mayHoldCard counts them).
func (r *mutReader) noteDigits(raw []byte) {
	if len(raw) < minCardDigits {
		return
	}
	n := 0
	for _, c := range raw {
		if isDigit(c) {
			n++
		}
	}
	if n >= minCardDigits {
		r.mayCard = true
	}
}

// plainByte tells the bytes a string can hold as they are: not a quote,
// a backslash or a control character.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// sharedStr reads a string value of a text or attribute entry: a short
// plain one is placed in store's current block, any other is read by str.
func (r *mutReader) sharedStr(i int) (string, int, bool) {
	b := r.b
	if i < len(b) && b[i] == '"' {
		var high byte
		end := min(len(b), i+2+maxShared)
		for j := i + 1; j < end; j++ {
			c := b[j]
			if plainByte[c] {
				high |= c
				continue
			}
			if c == '"' && (high < 0x80 || utf8.Valid(b[i+1:j])) {
				r.noteDigits(b[i+1 : j])
				return r.keep(b[i+1 : j]), j + 1, true
			}
			break
		}
	}
	return r.str(i)
}

// pointTexts points the texts at their values (vals may have moved while
// growing).
func (r *mutReader) pointTexts() {
	k := 0
	for i := range r.texts {
		if r.texts[i].Value != nil {
			r.texts[i].Value = &r.vals[k]
			k++
		}
	}
}

// keep returns b as a string placed in the current block of store, or in
// a new one when it does not fit. A strings.Builder never changes what it
// has handed out and, while its capacity lasts, appends in place, so the
// values of several batches share one allocation.
func (r *mutReader) keep(b []byte) string {
	if len(b) == 0 {
		return "" // pointing nowhere, keeping no block alive
	}
	if r.store.Cap()-r.store.Len() < len(b) {
		r.store.Reset() // the strings handed out keep the old block
		r.store.Grow(max(maxBlock, len(b)))
	}
	n := r.store.Len()
	r.store.Write(b)
	return r.store.String()[n:]
}

func (r *mutReader) lit(i int, s string) (int, bool) {
	if len(r.b)-i >= len(s) && string(r.b[i:i+len(s)]) == s {
		return i + len(s), true
	}
	return i, false
}

// int reads a plain integer (no fraction, exponent or leading zero, at
// most 15 digits): what parse reads as a number and int() as exactly it.
func (r *mutReader) int(i int) (int, int, bool) {
	b := r.b
	neg := i < len(b) && b[i] == '-'
	j := i
	if neg {
		j++
	}
	start, n := j, 0
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		n = n*10 + int(b[j]-'0')
		j++
	}
	if digits := j - start; digits == 0 || digits > 15 || (digits > 1 && b[start] == '0') {
		return 0, i, false
	}
	if j < len(b) {
		switch b[j] {
		case '.', 'e', 'E', '+', '-':
			return 0, i, false
		}
	}
	if neg {
		n = -n
	}
	return n, j, true
}

// optInt reads an integer or null (nil), as optInt does.
func (r *mutReader) optInt(i int) (*int, int, bool) {
	if j, ok := r.lit(i, "null"); ok {
		return nil, j, true
	}
	n, j, ok := r.int(i)
	return &n, j, ok
}

func (r *mutReader) bool(i int) (bool, int, bool) {
	if j, ok := r.lit(i, "true"); ok {
		return true, j, true
	}
	j, ok := r.lit(i, "false")
	return false, j, ok
}

// boolOrNull reads what isTrue() reads as true or false.
func (r *mutReader) boolOrNull(i int) (bool, int, bool) {
	if j, ok := r.lit(i, "null"); ok {
		return false, j, true
	}
	return r.bool(i)
}

// list opens an entry list: null (nothing to read) or an array.
func (r *mutReader) list(i int) (j int, more, ok bool) {
	if j, ok := r.lit(i, "null"); ok {
		return j, false, true
	}
	return r.open(i, '[')
}
