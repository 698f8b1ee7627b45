package activity

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Custom event tags written by the Reprise snippet (DESIGN §3).
const (
	TagEvent = "reprise/event" // track(name, props)
	TagTab   = "reprise/tab"   // tab visibility
)

// MaxNameLen caps a track() event name (runes); longer names are cut.
const MaxNameLen = 200

// ParseCustom decodes a Custom event's data into its tag and payload. ok is
// false when data is not an object with a string tag.
func ParseCustom(data []byte) (tag string, payload json.RawMessage, ok bool) {
	var c struct {
		Tag     *string         `json:"tag"`
		Payload json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(data, &c) != nil || c.Tag == nil {
		return "", nil, false
	}
	return *c.Tag, c.Payload, true
}

// ParseTrack reads a reprise/event payload {"name": string, "props": object}.
// ok is false (the event is skipped) unless payload is an object whose name
// is a non-blank string. props is nil unless it is a JSON object; numbers
// keep their exact text (json.Number).
func ParseTrack(payload json.RawMessage) (name string, props map[string]any, ok bool) {
	var p struct {
		Name  json.RawMessage `json:"name"`
		Props json.RawMessage `json:"props"`
	}
	if !isObject(payload) || json.Unmarshal(payload, &p) != nil {
		return "", nil, false
	}
	if json.Unmarshal(p.Name, &name) != nil {
		return "", nil, false
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, false
	}
	name = truncate(name, MaxNameLen)
	if isObject(p.Props) {
		dec := json.NewDecoder(bytes.NewReader(p.Props))
		dec.UseNumber()
		var m map[string]any
		if dec.Decode(&m) == nil && len(m) > 0 {
			props = m
		}
	}
	return name, props, true
}

// ParseVisibility reads a reprise/tab payload {"state": "visible"|"hidden"}.
// ok is false for anything else.
func ParseVisibility(payload json.RawMessage) (visible, ok bool) {
	var p struct {
		State json.RawMessage `json:"state"`
	}
	if !isObject(payload) || json.Unmarshal(payload, &p) != nil {
		return false, false
	}
	var s string
	if json.Unmarshal(p.State, &s) != nil {
		return false, false
	}
	switch s {
	case "visible":
		return true, true
	case "hidden":
		return false, true
	}
	return false, false
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}
