package rrweb

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Shared decoding of msgpack and CBOR: each format only tokenizes
// (tokenReader); the document/event structure and the conversion of data
// to JSON are written once here.

// tokKind is the kind of a binary token.
type tokKind uint8

const (
	tNil tokKind = iota
	tBool
	tInt   // fits int64
	tUint  // > MaxInt64
	tFloat // f (from a half, single or double float)
	tString
	tBytes
	tArray // n elements, -1 = indefinite (CBOR)
	tMap   // n pairs, -1 = indefinite (CBOR)
	tBreak // CBOR end of an indefinite container
)

// String names a token kind in error messages.
func (k tokKind) String() string {
	return [...]string{"nil", "bool", "integer", "integer", "float", "string",
		"byte string", "array", "map", "break"}[k]
}

// token is one decoded header (containers) or scalar.
type token struct {
	kind tokKind
	b    bool
	n    int // container length
	i    int64
	u    uint64
	f    float64
	s    []byte // string/bytes content; may alias the input
}

// tokenReader tokenizes one binary format.
type tokenReader interface {
	next() (token, error)
	// atBreak consumes a CBOR break byte if one is next.
	atBreak() bool
	offset() int
	remaining() int
}

// more reports whether element i of a container of n elements exists
// (n < 0: indefinite, until a break, which it consumes).
func more(r tokenReader, n, i int) bool {
	if n >= 0 {
		return i < n
	}
	return !r.atBreak()
}

// decodeBinary decodes a bare event array or a session document.
func (d *decoder) decodeBinary(r tokenReader) (*Document, error) {
	// Event data as JSON is typically ~1.1–1.4× its binary size; one
	// arena sized for that avoids regrowth copies.
	arena := make([]byte, 0, r.remaining()+r.remaining()/2)
	tok, err := r.next()
	if err != nil {
		return nil, err
	}
	var doc *Document
	var spans [][]span
	switch tok.kind {
	case tArray:
		events, sp, err := d.binEvents(r, tok.n, &arena)
		if err != nil {
			return nil, err
		}
		doc, spans = bareDocument(events), [][]span{sp}
	case tMap:
		doc, spans, err = d.binDocument(r, tok.n, &arena)
		if err != nil {
			return nil, err
		}
	default:
		return nil, invalidf("byte 0: top-level %v, want an event array or a session document map", tok.kind)
	}
	if r.remaining() != 0 {
		return nil, invalidf("byte %d: trailing data", r.offset())
	}
	for t := range doc.Tabs {
		for k, sp := range spans[t] {
			if sp.start >= 0 {
				doc.Tabs[t].Events[k].Data = arena[sp.start:sp.end:sp.end]
			}
		}
	}
	return doc, nil
}

// span locates an event's data in the arena (start < 0: data is elsewhere).
type span struct{ start, end int }

// binEvents decodes n events (maps or packed strings); data JSON goes to
// the arena and is located by the returned spans.
func (d *decoder) binEvents(r tokenReader, n int, arena *[]byte) ([]Event, []span, error) {
	// Declared lengths are untrusted: bound the pre-allocation by what the
	// remaining input could hold (an event takes well over 8 bytes).
	c := min(max(n, 0), r.remaining()/8+1, d.maxEvents-d.events)
	events, spans := make([]Event, 0, c), make([]span, 0, c)
	for k := 0; more(r, n, k); k++ {
		at := r.offset()
		if err := d.countEvent(); err != nil {
			return nil, nil, err
		}
		ev, sp, err := d.binEvent(r, arena)
		if err != nil {
			return nil, nil, fmt.Errorf("event %d (byte %d): %w", k, at, err)
		}
		events, spans = append(events, ev), append(spans, sp)
	}
	return events, spans, nil
}

// binEvent decodes one event map or packed/JSON string.
func (d *decoder) binEvent(r tokenReader, arena *[]byte) (Event, span, error) {
	var ev Event
	sp := span{-1, -1}
	tok, err := r.next()
	if err != nil {
		return ev, sp, err
	}
	switch tok.kind {
	case tString:
		ev, err = d.unpackString(bytes.Clone(tok.s))
		return ev, sp, err
	case tMap:
	default:
		return ev, sp, invalidf("event is a %v, want a map or a packed string", tok.kind)
	}
	haveType, haveTS := false, false
	for k := 0; more(r, tok.n, k); k++ {
		key, err := binKey(r)
		if err != nil {
			return ev, sp, err
		}
		switch string(key) {
		case "type":
			n, err := binInt(r, "type")
			if err != nil {
				return ev, sp, err
			}
			if n < -1<<31 || n > 1<<31-1 {
				return ev, sp, invalidf("type %d out of range", n)
			}
			ev.Type, haveType = EventType(n), true
		case "timestamp":
			if ev.Timestamp, err = binInt(r, "timestamp"); err != nil {
				return ev, sp, err
			}
			haveTS = true
		case "data":
			start := len(*arena)
			if *arena, err = appendBinJSON(r, *arena, 0); err != nil {
				return ev, sp, fmt.Errorf("data: %w", err)
			}
			sp = span{start, len(*arena)}
		default:
			if err := skipBin(r, 0); err != nil {
				return ev, sp, err
			}
		}
	}
	if !haveType {
		return ev, sp, invalidf("event has no \"type\"")
	}
	if !haveTS {
		return ev, sp, invalidf("event has no \"timestamp\"")
	}
	if sp.start < 0 {
		ev.Data = emptyData()
	}
	return ev, sp, nil
}

// binDocument decodes the map of a session document (header read).
func (d *decoder) binDocument(r tokenReader, n int, arena *[]byte) (*Document, [][]span, error) {
	doc := &Document{}
	var spans [][]span
	haveFormat, haveVersion := false, false
	for k := 0; more(r, n, k); k++ {
		at := r.offset()
		key, err := binKey(r)
		if err != nil {
			return nil, nil, err
		}
		switch string(key) {
		case "format":
			doc.Format, err = binString(r)
			haveFormat = true
		case "version":
			var v int64
			v, err = binInt(r, "version")
			doc.Version, haveVersion = int(v), true
			if v != int64(doc.Version) {
				doc.Version = -1
			}
		case "id":
			doc.ID, err = binString(r)
		case "environment":
			doc.Environment, err = binString(r)
		case "user":
			doc.User, err = binParty(r)
		case "company":
			doc.Company, err = binParty(r)
		case "tabs":
			if doc.Tabs, spans, err = d.binTabs(r, arena); err != nil {
				return nil, nil, err
			}
		default:
			err = skipBin(r, 0)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("byte %d: %q: %w", at, key, err)
		}
	}
	if err := checkDocument(doc, haveFormat, haveVersion); err != nil {
		return nil, nil, err
	}
	return doc, spans, nil
}

// binTabs decodes the tabs array.
func (d *decoder) binTabs(r tokenReader, arena *[]byte) ([]Tab, [][]span, error) {
	tok, err := r.next()
	if err != nil {
		return nil, nil, err
	}
	if tok.kind == tNil {
		return nil, nil, nil
	}
	if tok.kind != tArray {
		return nil, nil, invalidf("\"tabs\" is a %v, want an array", tok.kind)
	}
	var tabs []Tab
	var spans [][]span
	for k := 0; more(r, tok.n, k); k++ {
		at := r.offset()
		m, err := r.next()
		if err != nil {
			return nil, nil, err
		}
		if m.kind != tMap {
			return nil, nil, invalidf("byte %d: tab %d is a %v, want a map", at, k, m.kind)
		}
		t := Tab{Events: []Event{}}
		var sp []span
		for j := 0; more(r, m.n, j); j++ {
			key, err := binKey(r)
			if err != nil {
				return nil, nil, fmt.Errorf("tab %d: %w", k, err)
			}
			switch string(key) {
			case "id":
				if t.ID, err = binString(r); err != nil {
					return nil, nil, fmt.Errorf("tab %d: \"id\": %w", k, err)
				}
			case "events":
				at := r.offset()
				h, err := r.next()
				if err != nil {
					return nil, nil, fmt.Errorf("tab %d: %w", k, err)
				}
				if h.kind == tNil {
					continue
				}
				if h.kind != tArray {
					return nil, nil, invalidf("tab %d: byte %d: \"events\" is a %v, want an array", k, at, h.kind)
				}
				if t.Events, sp, err = d.binEvents(r, h.n, arena); err != nil {
					return nil, nil, fmt.Errorf("tab %d (%q): %w", k, t.ID, err)
				}
			default:
				if err := skipBin(r, 0); err != nil {
					return nil, nil, fmt.Errorf("tab %d: %w", k, err)
				}
			}
		}
		if len(sp) != len(t.Events) {
			sp = make([]span, len(t.Events)) // events absent
		}
		tabs, spans = append(tabs, t), append(spans, sp)
	}
	return tabs, spans, nil
}

// binParty decodes a user/company map (nil → nil). Trait keys are kept in
// a map, so their order is not preserved (Encode sorts them).
func binParty(r tokenReader) (*Party, error) {
	tok, err := r.next()
	if err != nil {
		return nil, err
	}
	if tok.kind == tNil {
		return nil, nil
	}
	if tok.kind != tMap {
		return nil, invalidf("is a %v, want a map", tok.kind)
	}
	p := &Party{}
	for k := 0; more(r, tok.n, k); k++ {
		key, err := binKey(r)
		if err != nil {
			return nil, err
		}
		switch string(key) {
		case "id":
			if p.ID, err = binString(r); err != nil {
				return nil, fmt.Errorf("\"id\": %w", err)
			}
		case "traits":
			h, err := r.next()
			if err != nil {
				return nil, err
			}
			if h.kind == tNil {
				continue
			}
			if h.kind != tMap {
				return nil, invalidf("\"traits\" is a %v, want a map", h.kind)
			}
			p.Traits = map[string]json.RawMessage{}
			for j := 0; more(r, h.n, j); j++ {
				tk, err := binKey(r)
				if err != nil {
					return nil, fmt.Errorf("traits: %w", err)
				}
				v, err := appendBinJSON(r, nil, 0)
				if err != nil {
					return nil, fmt.Errorf("traits %q: %w", tk, err)
				}
				p.Traits[string(tk)] = v
			}
		default:
			if err := skipBin(r, 0); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// binKey reads a map key, which must be a string.
func binKey(r tokenReader) ([]byte, error) {
	at := r.offset()
	tok, err := r.next()
	if err != nil {
		return nil, err
	}
	if tok.kind != tString {
		return nil, invalidf("byte %d: map key is a %v, want a string", at, tok.kind)
	}
	return tok.s, nil
}

// binString reads a string value (nil → "").
func binString(r tokenReader) (string, error) {
	tok, err := r.next()
	if err != nil {
		return "", err
	}
	switch tok.kind {
	case tString:
		return string(toValidUTF8(tok.s)), nil
	case tNil:
		return "", nil
	}
	return "", invalidf("is a %v, want a string", tok.kind)
}

// binInt reads an integer, rounding a float to the nearest integer.
func binInt(r tokenReader, name string) (int64, error) {
	tok, err := r.next()
	if err != nil {
		return 0, err
	}
	switch tok.kind {
	case tInt:
		return tok.i, nil
	case tFloat:
		return floatToInt(tok.f, name)
	case tUint:
		return 0, invalidf("%s %d out of int64 range", name, tok.u)
	}
	return 0, invalidf("%s is a %v, want a number", name, tok.kind)
}

// skipBin skips one value.
func skipBin(r tokenReader, depth int) error {
	tok, err := r.next()
	if err != nil {
		return err
	}
	return skipBinTok(r, tok, depth)
}

func skipBinTok(r tokenReader, tok token, depth int) error {
	switch tok.kind {
	case tArray, tMap:
		if depth >= maxDepth {
			return invalidf("byte %d: nesting deeper than %d", r.offset(), maxDepth)
		}
		per := 1
		if tok.kind == tMap {
			per = 2
		}
		for k := 0; more(r, tok.n, k); k++ {
			for j := 0; j < per; j++ {
				if err := skipBin(r, depth+1); err != nil {
					return err
				}
			}
		}
	case tBreak:
		return invalidf("byte %d: unexpected break", r.offset()-1)
	}
	return nil
}

// appendBinJSON converts one value to JSON (see DecodeWith for the rules).
func appendBinJSON(r tokenReader, dst []byte, depth int) ([]byte, error) {
	tok, err := r.next()
	if err != nil {
		return dst, err
	}
	switch tok.kind {
	case tNil:
		return append(dst, "null"...), nil
	case tBool:
		return strconv.AppendBool(dst, tok.b), nil
	case tInt:
		return strconv.AppendInt(dst, tok.i, 10), nil
	case tUint:
		return strconv.AppendUint(dst, tok.u, 10), nil
	case tFloat:
		// Half and single floats are written as the exact float64 they
		// denote (as JS msgpack/CBOR decoders see them), not their
		// shortest 32-bit form, which would denote another float64.
		return appendJSONFloat(dst, tok.f, 64)
	case tString:
		return AppendJSONString(dst, string(tok.s)), nil
	case tBytes:
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, tok.s)
		return append(dst, '"'), nil
	case tArray, tMap:
		if depth >= maxDepth {
			return dst, invalidf("byte %d: nesting deeper than %d", r.offset(), maxDepth)
		}
		open, close := byte('['), byte(']')
		if tok.kind == tMap {
			open, close = '{', '}'
		}
		dst = append(dst, open)
		for k := 0; more(r, tok.n, k); k++ {
			if k > 0 {
				dst = append(dst, ',')
			}
			if tok.kind == tMap {
				key, err := binKey(r)
				if err != nil {
					return dst, err
				}
				dst = AppendJSONString(dst, string(key))
				dst = append(dst, ':')
			}
			if dst, err = appendBinJSON(r, dst, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, close), nil
	}
	return dst, invalidf("byte %d: unexpected break", r.offset()-1)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
