package rrweb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// decodeJSON decodes the JSON family (array, session document, NDJSON);
// b is owned and b[i] is the first significant byte.
func (d *decoder) decodeJSON(b []byte, i int) (*Document, Format, error) {
	switch b[i] {
	case '[':
		events, end, err := d.parseEventArray(b, i, len(b)/512)
		if err != nil {
			return nil, FormatJSON, err
		}
		if end = skipSpace(b, end); end != len(b) {
			return nil, FormatJSON, invalidf("byte %d: trailing data after the event array", end)
		}
		return bareDocument(events), FormatJSON, nil
	case '{':
		if looksLikeDocument(b, i) {
			d.hook = nil // tabs, not a bare list: the hook follows none of it
			doc, end, err := d.parseDocument(b, i)
			if err != nil {
				return nil, FormatJSON, err
			}
			if end = skipSpace(b, end); end != len(b) {
				return nil, FormatJSON, invalidf("byte %d: trailing data after the session document", end)
			}
			return doc, FormatJSON, nil
		}
	}
	events, err := d.parseNDJSON(b, i)
	if err != nil {
		return nil, FormatNDJSON, err
	}
	return bareDocument(events), FormatNDJSON, nil
}

// bareDocument wraps a bare event list.
func bareDocument(events []Event) *Document {
	return &Document{Format: DocumentFormat, Version: 1, Bare: true,
		Tabs: []Tab{{ID: DefaultTabID, Events: events}}}
}

// looksLikeDocument reports whether the object at b[i] is a session
// document rather than an event: its first distinctive key decides.
func looksLikeDocument(b []byte, i int) bool {
	i = skipSpace(b, i+1)
	for i < len(b) && b[i] == '"' {
		kEnd, esc, err := scanString(b, i)
		if err != nil {
			return false
		}
		key := b[i+1 : kEnd-1]
		if esc {
			key = appendUnquoted(nil, b[i:kEnd])
		}
		switch string(key) {
		case "format", "version", "tabs":
			return true
		case "type", "timestamp", "data":
			return false
		}
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		if i, err = skipValue(b, skipSpace(b, i+1)); err != nil {
			return false
		}
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != ',' {
			return false
		}
		i = skipSpace(b, i+1)
	}
	return false
}

// parseElement parses one event at b[i]: an object or a (packed or JSON)
// string. It returns the offset after it.
func (d *decoder) parseElement(b []byte, i int) (Event, int, error) {
	if err := d.countEvent(); err != nil {
		return Event{}, i, err
	}
	switch {
	case i < len(b) && b[i] == '{':
		ev, _, end, err := parseEventObjectHook(b, i, d.hook)
		return ev, end, err
	case i < len(b) && b[i] == '"':
		end, _, err := scanString(b, i)
		if err != nil {
			return Event{}, end, err
		}
		ev, err := d.unpackJSONString(b[i:end])
		return ev, end, err
	case i >= len(b):
		return Event{}, i, invalidf("unexpected end of input")
	}
	return Event{}, i, invalidf("expected an event object or a packed string, found %q", b[i])
}

// growEvents makes room in a full event list for the events the rest of b
// likely holds, at the average size of those read so far (b[first:end]),
// plus an eighth, and at most four times the list (many small events
// followed by one huge one must not reserve room for millions). Growing
// once to the projected size instead of by append's factor of 1.25 saves
// most of the allocating and copying on a long recording, and the garbage
// that made the masking pipeline page-fault.
func (d *decoder) growEvents(events []Event, b []byte, first, end int) []Event {
	n := len(events) + 1 // the event about to be appended was read too
	more := n/4 + 16
	if read := end - first; read > 0 {
		projected := int64(len(b)-end) * int64(n) / int64(read) * 9 / 8
		more = max(more, int(min(projected, 3*int64(n))))
	}
	return slices.Grow(events, min(more, max(d.maxEvents-d.events, 1)))
}

// add appends ev, read from b[:end] of a list that starts at b[first], to
// events; the hook, if any, then rewrites or drops it.
func (d *decoder) add(events []Event, ev Event, b []byte, first, end int) []Event {
	if len(events) == cap(events) {
		events = d.growEvents(events, b, first, end)
	}
	events = append(events, ev)
	if d.hook != nil && !d.hook.Event(&events[len(events)-1]) {
		events = events[:len(events)-1]
	}
	return events
}

// parseEventArray parses a JSON array of events starting at b[i] == '['.
// capHint pre-sizes the result (bounded by the events left to MaxEvents).
func (d *decoder) parseEventArray(b []byte, i, capHint int) ([]Event, int, error) {
	events := make([]Event, 0, min(capHint, d.maxEvents-d.events)+1)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return events, i + 1, nil
	}
	first := i
	for k := 0; ; k++ {
		start := i
		ev, end, err := d.parseElement(b, i)
		if err != nil {
			return nil, end, fmt.Errorf("event %d (byte %d): %w", k, start, err)
		}
		events = d.add(events, ev, b, first, end)
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			return events, i + 1, nil
		}
		if i >= len(b) {
			return nil, i, invalidf("byte %d: truncated event array", i)
		}
		return nil, i, invalidf("byte %d: expected ',' or ']' after event %d", i, k)
	}
}

// parseNDJSON parses whitespace-separated events (NDJSON / JSON Lines).
func (d *decoder) parseNDJSON(b []byte, i int) ([]Event, error) {
	events := make([]Event, 0, min(len(b)/512, d.maxEvents)+1)
	i = skipSpace(b, i)
	first := i
	for k := 0; i < len(b); k++ {
		ev, end, err := d.parseElement(b, i)
		if err != nil {
			return nil, fmt.Errorf("line %d (event %d, byte %d): %w", lineOf(b, i), k, i, err)
		}
		events = d.add(events, ev, b, first, end)
		i = skipSpace(b, end)
	}
	return events, nil
}

// lineOf returns the 1-based line number of offset i.
func lineOf(b []byte, i int) int {
	return bytes.Count(b[:min(i, len(b))], []byte{'\n'}) + 1
}

// parseDocument parses a session document object at b[i] == '{'.
func (d *decoder) parseDocument(b []byte, i int) (*Document, int, error) {
	doc := &Document{}
	haveFormat, haveVersion := false, false
	end, err := forEachMember(b, i, func(key []byte, at int) (int, error) {
		if string(key) == "tabs" {
			tabs, end, err := d.parseTabs(b, at)
			doc.Tabs = tabs
			return end, err // positions inside are already named
		}
		end, err := skipValue(b, at)
		if err != nil {
			return end, err
		}
		val := b[at:end:end]
		switch string(key) {
		case "format":
			doc.Format, err = jsonStringField(val)
			haveFormat = true
		case "version":
			var n int64
			n, err = parseIntField(val, "version")
			doc.Version, haveVersion = int(n), true
			if n != int64(doc.Version) {
				doc.Version = -1
			}
		case "id":
			doc.ID, err = jsonStringField(val)
		case "environment":
			doc.Environment, err = jsonStringField(val)
		case "user":
			doc.User, err = jsonParty(val)
		case "company":
			doc.Company, err = jsonParty(val)
		}
		if err != nil {
			return at, fmt.Errorf("byte %d: %q: %w", at, key, err)
		}
		return end, nil
	})
	if err != nil {
		return nil, end, err
	}
	if err := checkDocument(doc, haveFormat, haveVersion); err != nil {
		return nil, end, err
	}
	return doc, end, nil
}

// checkDocument validates the header and tab ids of a decoded document.
func checkDocument(doc *Document, haveFormat, haveVersion bool) error {
	if doc.Tabs == nil {
		doc.Tabs = []Tab{}
	}
	if !haveFormat || doc.Format != DocumentFormat {
		return invalidf("not a session document: format %q, want %q", doc.Format, DocumentFormat)
	}
	if !haveVersion || doc.Version != 1 {
		return invalidf("unsupported session document version %d, want 1", doc.Version)
	}
	seen := make(map[string]bool, len(doc.Tabs))
	for k, t := range doc.Tabs {
		if t.ID == "" {
			return invalidf("tab %d: missing id", k)
		}
		if seen[t.ID] {
			return invalidf("tab %d: duplicate id %q", k, t.ID)
		}
		seen[t.ID] = true
	}
	return nil
}

// parseTabs parses the "tabs" array at b[i] and returns the offset after it.
func (d *decoder) parseTabs(b []byte, i int) ([]Tab, int, error) {
	if i < len(b) && b[i] == 'n' {
		end, err := scanLiteral(b, i, "null")
		return nil, end, err
	}
	if i >= len(b) || b[i] != '[' {
		return nil, i, invalidf("byte %d: \"tabs\" must be an array", i)
	}
	tabs := []Tab{}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return tabs, i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '{' {
			return nil, i, invalidf("byte %d: tab %d must be an object", i, len(tabs))
		}
		var t Tab
		k := len(tabs)
		end, err := forEachMember(b, i, func(key []byte, at int) (int, error) {
			switch string(key) {
			case "id":
				end, err := skipValue(b, at)
				if err != nil {
					return end, err
				}
				if t.ID, err = jsonStringField(b[at:end]); err != nil {
					return at, fmt.Errorf("tab %d: byte %d: \"id\": %w", k, at, err)
				}
				return end, nil
			case "events":
				if at < len(b) && b[at] == 'n' {
					return scanLiteral(b, at, "null")
				}
				if at >= len(b) || b[at] != '[' {
					return at, invalidf("tab %d: byte %d: \"events\" must be an array", k, at)
				}
				evs, end, err := d.parseEventArray(b, at, 0)
				if err != nil {
					return end, fmt.Errorf("tab %d (%q): %w", k, t.ID, err)
				}
				t.Events = evs
				return end, nil
			}
			return skipValue(b, at)
		})
		if err != nil {
			return nil, end, err
		}
		if t.Events == nil {
			t.Events = []Event{}
		}
		tabs = append(tabs, t)
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			return tabs, i + 1, nil
		}
		return nil, i, invalidf("byte %d: expected ',' or ']' after tab %d", i, k)
	}
}

// forEachMember calls fn for each member of the object at b[i] == '{' with
// the unquoted key and the value's offset; fn returns the offset after the
// value (skipValue for values it does not want). forEachMember
// returns the offset after the object.
func forEachMember(b []byte, i int, fn func(key []byte, at int) (int, error)) (int, error) {
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, invalidf("byte %d: expected object key", i)
		}
		kEnd, esc, err := scanString(b, i)
		if err != nil {
			return kEnd, err
		}
		key := b[i+1 : kEnd-1]
		if esc {
			key = appendUnquoted(nil, b[i:kEnd])
		}
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return i, invalidf("byte %d: expected ':'", i)
		}
		at := skipSpace(b, i+1)
		if i, err = fn(key, at); err != nil {
			return i, err
		}
		i = skipSpace(b, i)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		return i, invalidf("byte %d: expected ',' or '}'", i)
	}
}

// jsonStringField returns the string value val (null → "").
func jsonStringField(val []byte) (string, error) {
	switch val[0] {
	case '"':
		return string(appendUnquoted(nil, val)), nil
	case 'n':
		return "", nil
	}
	return "", invalidf("must be a string")
}

// jsonParty decodes a user/company object (null → nil).
func jsonParty(val []byte) (*Party, error) {
	if val[0] == 'n' {
		return nil, nil
	}
	if val[0] != '{' {
		return nil, invalidf("must be an object")
	}
	var p Party
	if err := json.Unmarshal(val, &p); err != nil {
		return nil, invalidf("%v", err)
	}
	return &p, nil
}
