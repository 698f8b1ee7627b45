package mask

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// value is a parsed JSON value that remembers its source bytes, so that the
// masker can rewrite exactly the parts it must change and copy everything
// else verbatim: unknown fields, key order and number spelling survive, and
// an event nobody edits is written back byte for byte.
type value struct {
	kind   byte   // '{' '[' '"' '0' (number) 't' 'f' 'n'
	raw    []byte // the value's source bytes
	str    string // decoded string (kind '"') or number text (kind '0')
	keys   []string
	vals   []*value // object member values (parallel to keys) or array elements
	parent *value

	*edits      // nil until the value is edited
	drop   bool // removed from its parent array or object
	dirty  bool // this value or a descendant was edited
}

// edits are the rare parts of a value, kept out of line so that parsing
// (which allocates one value per JSON value) stays small.
type edits struct {
	repl  []byte   // written instead of the value
	extra [][]byte // appended array elements or `"key":value` object members
}

func (v *value) edit() *edits {
	if v.edits == nil {
		v.edits = &edits{}
	}
	return v.edits
}

// arena recycles values between events: a tab parses one event at a time
// and drops its values once the event is written, so the same memory
// (and the key/element slices' capacity) serves every event.
type arena struct {
	chunks [][]value
	ci, i  int
}

const arenaChunk = 256

func (a *arena) reset() { a.ci, a.i = 0, 0 }

func (a *arena) alloc(parent *value) *value {
	if a.ci < len(a.chunks) && a.i == len(a.chunks[a.ci]) {
		a.ci, a.i = a.ci+1, 0
	}
	if a.ci == len(a.chunks) {
		a.chunks = append(a.chunks, make([]value, arenaChunk))
	}
	v := &a.chunks[a.ci][a.i]
	a.i++
	keys, vals := v.keys[:0], v.vals[:0]
	*v = value{keys: keys, vals: vals, parent: parent}
	return v
}

// maxJSONDepth bounds nesting (hostile input must not exhaust the stack).
const maxJSONDepth = 10000

var errDepth = errors.New("json nested too deeply")

// parseJSON parses one JSON value occupying all of b (surrounding space
// allowed).
func parseJSON(b []byte) (*value, error) { return parseIn(b, nil) }

// parseIn parses b with values from arena a (nil: fresh allocations). The
// result is valid until a is reset.
func parseIn(b []byte, a *arena) (*value, error) {
	p := jparser{b: b, ar: a}
	p.space()
	v, err := p.value(nil, 0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(b) {
		return nil, fmt.Errorf("byte %d: trailing data", p.i)
	}
	return v, nil
}

type jparser struct {
	b    []byte
	i    int
	slab []value // values are carved from slabs: one allocation per 64 values
	ar   *arena
}

func (p *jparser) alloc(parent *value) *value {
	if p.ar != nil {
		return p.ar.alloc(parent)
	}
	if len(p.slab) == 0 {
		// Roughly one value per 12 bytes of JSON, capped: small payloads
		// (most events) get a small slab.
		n := min(64, 4+(len(p.b)-p.i)/12)
		p.slab = make([]value, n)
	}
	v := &p.slab[0]
	p.slab = p.slab[1:]
	v.parent = parent
	return v
}

// key returns an object key, without allocating for the keys rrweb uses.
func key(raw []byte) string {
	switch string(raw) {
	case "id":
		return "id"
	case "type":
		return "type"
	case "parentId":
		return "parentId"
	case "nextId":
		return "nextId"
	case "node":
		return "node"
	case "tagName":
		return "tagName"
	case "attributes":
		return "attributes"
	case "childNodes":
		return "childNodes"
	case "textContent":
		return "textContent"
	case "source":
		return "source"
	case "texts":
		return "texts"
	case "removes":
		return "removes"
	case "adds":
		return "adds"
	case "value":
		return "value"
	case "class":
		return "class"
	case "style":
		return "style"
	case "rootId":
		return "rootId"
	case "isShadow":
		return "isShadow"
	case "positions":
		return "positions"
	case "x":
		return "x"
	case "y":
		return "y"
	case "timeOffset":
		return "timeOffset"
	}
	return string(raw)
}

func (p *jparser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jparser) value(parent *value, depth int) (*value, error) {
	if depth > maxJSONDepth {
		return nil, errDepth
	}
	if p.i >= len(p.b) {
		return nil, fmt.Errorf("byte %d: unexpected end", p.i)
	}
	start := p.i
	v := p.alloc(parent)
	switch c := p.b[p.i]; {
	case c == '{':
		v.kind = '{'
		p.i++
		p.space()
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			break
		}
		for {
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != '"' {
				return nil, fmt.Errorf("byte %d: object key expected", p.i)
			}
			var k string
			if kEnd := p.plainStringEnd(); kEnd > 0 {
				k = key(p.b[p.i+1 : kEnd-1])
				p.i = kEnd
			} else {
				var err error
				if k, _, err = p.string(); err != nil {
					return nil, err
				}
			}
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return nil, fmt.Errorf("byte %d: ':' expected", p.i)
			}
			p.i++
			p.space()
			m, err := p.value(v, depth+1)
			if err != nil {
				return nil, err
			}
			for i, pk := range v.keys {
				if pk == k && !v.vals[i].drop {
					// JSON.parse keeps the last duplicate; the earlier copy is
					// what a replayer never shows, and so what masking would
					// never look at: it is not written back at all.
					v.vals[i].remove()
				}
			}
			v.keys = append(v.keys, k)
			v.vals = append(v.vals, m)
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == '}' {
				p.i++
				break
			}
			return nil, fmt.Errorf("byte %d: ',' or '}' expected", p.i)
		}
	case c == '[':
		v.kind = '['
		p.i++
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			break
		}
		for {
			p.space()
			e, err := p.value(v, depth+1)
			if err != nil {
				return nil, err
			}
			v.vals = append(v.vals, e)
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				break
			}
			return nil, fmt.Errorf("byte %d: ',' or ']' expected", p.i)
		}
	case c == '"':
		v.kind = '"'
		s, _, err := p.string()
		if err != nil {
			return nil, err
		}
		v.str = s
	case c == 't' || c == 'f' || c == 'n':
		lit := "null"
		if c == 't' {
			lit = "true"
		} else if c == 'f' {
			lit = "false"
		}
		if len(p.b)-p.i < len(lit) || string(p.b[p.i:p.i+len(lit)]) != lit {
			return nil, fmt.Errorf("byte %d: invalid literal", p.i)
		}
		v.kind = c
		p.i += len(lit)
	case c == '-' || (c >= '0' && c <= '9'):
		v.kind = '0'
		p.i++
		for p.i < len(p.b) {
			c := p.b[p.i]
			if (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' {
				p.i++
				continue
			}
			break
		}
		v.str = string(p.b[start:p.i])
		if _, err := strconv.ParseFloat(v.str, 64); err != nil && !isRangeErr(err) {
			return nil, fmt.Errorf("byte %d: invalid number %q", start, v.str)
		}
	default:
		return nil, fmt.Errorf("byte %d: unexpected %q", p.i, c)
	}
	v.raw = p.b[start:p.i:p.i]
	return v, nil
}

func isRangeErr(err error) bool {
	var ne *strconv.NumError
	return errors.As(err, &ne) && ne.Err == strconv.ErrRange
}

// plainStringEnd returns the end of the string at p.i when it has no
// escapes and is ASCII, else 0.
func (p *jparser) plainStringEnd() int {
	for j := p.i + 1; j < len(p.b); j++ {
		switch c := p.b[j]; {
		case c == '"':
			return j + 1
		case c == '\\' || c < 0x20 || c >= 0x80:
			return 0
		}
	}
	return 0
}

// string parses a JSON string at p.b[p.i] == '"'.
func (p *jparser) string() (string, bool, error) {
	start := p.i
	p.i++
	esc := false
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			raw := p.b[start+1 : p.i-1]
			if !esc {
				if !utf8.Valid(raw) {
					return string([]rune(string(raw))), false, nil // invalid bytes become U+FFFD, as JSON.parse would see them
				}
				return string(raw), false, nil
			}
			var s string
			if err := json.Unmarshal(p.b[start:p.i], &s); err != nil {
				return "", true, fmt.Errorf("byte %d: %v", start, err)
			}
			return s, true, nil
		case c == '\\':
			esc = true
			p.i += 2
		case c < 0x20:
			return "", false, fmt.Errorf("byte %d: control character in string", p.i)
		default:
			p.i++
		}
	}
	return "", false, fmt.Errorf("byte %d: unterminated string", start)
}

// get returns the object member named key, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != '{' {
		return nil
	}
	for i := len(v.keys) - 1; i >= 0; i-- { // JSON.parse: the last duplicate wins
		if v.keys[i] == key {
			return v.vals[i]
		}
	}
	return nil
}

// int reads a number member as an int (floats truncated toward zero);
// ok is false when absent or not a number.
func (v *value) int() (int, bool) {
	if v == nil || v.kind != '0' {
		return 0, false
	}
	if n, err := strconv.Atoi(v.str); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(v.str, 64)
	if err != nil || f != f || f > 1<<53 || f < -(1<<53) {
		return 0, false
	}
	return int(f), true
}

func (v *value) isTrue() bool { return v != nil && v.kind == 't' }

// markDirty flags v and its ancestors as edited.
func (v *value) markDirty() {
	for x := v; x != nil && !x.dirty; x = x.parent {
		x.dirty = true
	}
}

// setString replaces v by the JSON string s.
func (v *value) setString(s string) {
	v.edit().repl = rrweb.AppendJSONString(nil, s)
	v.markDirty()
}

// setRaw replaces v by raw JSON.
func (v *value) setRaw(raw []byte) {
	v.edit().repl = raw
	v.markDirty()
}

// remove drops v from its parent.
func (v *value) remove() {
	v.drop = true
	if v.parent != nil {
		v.parent.markDirty()
	}
}

// push appends raw JSON elements to an array value.
func (v *value) push(raw ...[]byte) {
	if len(raw) == 0 {
		return
	}
	e := v.edit()
	e.extra = append(e.extra, raw...)
	v.markDirty()
}

// setMember appends `"key":raw` to an object value (the caller makes sure
// the key is absent).
func (v *value) setMember(key string, raw []byte) {
	m := rrweb.AppendJSONString(nil, key)
	m = append(m, ':')
	e := v.edit()
	e.extra = append(e.extra, append(m, raw...))
	v.markDirty()
}

// appendTo writes v with its edits.
func (v *value) appendTo(dst []byte) []byte {
	var extra [][]byte
	if v.edits != nil {
		if v.repl != nil {
			return append(dst, v.repl...)
		}
		extra = v.extra
	}
	if !v.dirty {
		return append(dst, v.raw...)
	}
	n := 0
	sep := func() {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
	}
	switch v.kind {
	case '{':
		dst = append(dst, '{')
		for i, m := range v.vals {
			if m.drop {
				continue
			}
			sep()
			dst = rrweb.AppendJSONString(dst, v.keys[i])
			dst = append(dst, ':')
			dst = m.appendTo(dst)
		}
		for _, e := range extra {
			sep()
			dst = append(dst, e...)
		}
		return append(dst, '}')
	case '[':
		dst = append(dst, '[')
		for _, e := range v.vals {
			if e.drop {
				continue
			}
			sep()
			dst = e.appendTo(dst)
		}
		for _, e := range extra {
			sep()
			dst = append(dst, e...)
		}
		return append(dst, ']')
	}
	return append(dst, v.raw...)
}
