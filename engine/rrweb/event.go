// Package rrweb is the rrweb 2.x wire format: the pinned numeric enums, the
// event envelope, typed payloads and the container formats (JSON array,
// NDJSON, msgpack, CBOR, @rrweb/packer strings, gzip, Reprise session
// documents). It is a leaf package: it knows nothing of replay semantics.
package rrweb

import (
	"bytes"
	"encoding/json"
)

// EventType is the top-level rrweb event type (wire value is the integer).
type EventType int

// EventType values, pinned to rrweb's numbering.
const (
	DomContentLoaded    EventType = 0
	Load                EventType = 1
	FullSnapshot        EventType = 2
	IncrementalSnapshot EventType = 3
	Meta                EventType = 4
	Custom              EventType = 5
	Plugin              EventType = 6
	Asset               EventType = 7
)

// IncrementalSource is data.source of an IncrementalSnapshot event.
type IncrementalSource int

// IncrementalSource values, pinned to rrweb's numbering.
const (
	SourceMutation          IncrementalSource = 0
	SourceMouseMove         IncrementalSource = 1
	SourceMouseInteraction  IncrementalSource = 2
	SourceScroll            IncrementalSource = 3
	SourceViewportResize    IncrementalSource = 4
	SourceInput             IncrementalSource = 5
	SourceTouchMove         IncrementalSource = 6
	SourceMediaInteraction  IncrementalSource = 7
	SourceStyleSheetRule    IncrementalSource = 8
	SourceCanvasMutation    IncrementalSource = 9
	SourceFont              IncrementalSource = 10
	SourceLog               IncrementalSource = 11
	SourceDrag              IncrementalSource = 12
	SourceStyleDeclaration  IncrementalSource = 13
	SourceSelection         IncrementalSource = 14
	SourceAdoptedStyleSheet IncrementalSource = 15
	SourceCustomElement     IncrementalSource = 16
)

// NodeType is the type of a serialized node.
type NodeType int

// NodeType values, pinned to rrweb-snapshot's numbering.
const (
	DocumentNode     NodeType = 0
	DocumentTypeNode NodeType = 1
	ElementNode      NodeType = 2
	TextNode         NodeType = 3
	CDATANode        NodeType = 4
	CommentNode      NodeType = 5
)

// MouseInteraction is data.type of a MouseInteraction incremental event.
type MouseInteraction int

// MouseInteraction values, pinned to rrweb's numbering.
const (
	MouseUp           MouseInteraction = 0
	MouseDown         MouseInteraction = 1
	Click             MouseInteraction = 2
	ContextMenu       MouseInteraction = 3
	DblClick          MouseInteraction = 4
	Focus             MouseInteraction = 5
	Blur              MouseInteraction = 6
	TouchStart        MouseInteraction = 7
	TouchMoveDeparted MouseInteraction = 8
	TouchEnd          MouseInteraction = 9
	TouchCancel       MouseInteraction = 10
)

// Event is one rrweb event envelope. Data is kept as raw JSON so that
// unknown types and sources pass through untouched; typed views are
// obtained with the Decode* helpers in payload.go.
type Event struct {
	Type      EventType       `json:"type"`
	Data      json.RawMessage `json:"data"`
	Timestamp int64           `json:"timestamp"`
}

// Source returns data.source of an IncrementalSnapshot event, or -1 when the
// event is not incremental or carries no readable source. It is cheap in
// the common case: rrweb writes the source first, so a prefix read does.
func (e *Event) Source() IncrementalSource {
	if e.Type != IncrementalSnapshot {
		return -1
	}
	const prefix = `{"source":`
	data := e.Data
	if bytes.HasPrefix(data, []byte(prefix)) {
		v, i := 0, len(prefix)
		for ; i < len(data) && data[i] >= '0' && data[i] <= '9' && i < len(prefix)+4; i++ {
			v = v*10 + int(data[i]-'0')
		}
		if i > len(prefix) && i < len(data) && (data[i] == ',' || data[i] == '}') {
			return IncrementalSource(v)
		}
	}
	var s struct {
		Source *float64 `json:"source"`
	}
	if json.Unmarshal(data, &s) != nil || s.Source == nil {
		return -1
	}
	return IncrementalSource(*s.Source)
}
