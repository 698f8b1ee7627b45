package rrweb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// MetaData is the payload of a Meta event.
type MetaData struct {
	Href   string  `json:"href"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// FullSnapshotData is the payload of a FullSnapshot event.
type FullSnapshotData struct {
	Node          *Node `json:"node"`
	InitialOffset struct {
		Top  float64 `json:"top"`
		Left float64 `json:"left"`
	} `json:"initialOffset"`
}

// CustomData is the payload of a Custom event.
type CustomData struct {
	Tag     string          `json:"tag"`
	Payload json.RawMessage `json:"payload"`
}

// Node is a serialized DOM node (rrweb-snapshot's serializedNodeWithId). One
// struct covers all node types; fields irrelevant to Type stay zero.
type Node struct {
	Type         NodeType   `json:"type"`
	ID           int        `json:"id"`
	RootID       int        `json:"rootId,omitempty"`
	IsShadowHost bool       `json:"isShadowHost,omitempty"`
	IsShadow     bool       `json:"isShadow,omitempty"`
	ChildNodes   []*Node    `json:"childNodes,omitempty"`
	CompatMode   string     `json:"compatMode,omitempty"`
	Name         string     `json:"name,omitempty"`
	PublicID     string     `json:"publicId,omitempty"`
	SystemID     string     `json:"systemId,omitempty"`
	TagName      string     `json:"tagName,omitempty"`
	Attributes   Attributes `json:"attributes,omitempty"`
	IsSVG        bool       `json:"isSVG,omitempty"`
	IsCustom     bool       `json:"isCustom,omitempty"`
	TextContent  string     `json:"textContent,omitempty"`
	IsStyle      bool       `json:"isStyle,omitempty"`
}

// ValueKind tells which JSON type an attribute value had.
type ValueKind uint8

// Attribute value kinds. rrweb attribute values are loosely typed.
const (
	KindString ValueKind = iota
	KindNumber
	KindTrue
	KindFalse
	KindNull
	KindObject // a style-object diff (only in mutations, on "style")
	KindOther  // any other JSON value (arrays, nested objects elsewhere)
)

// Attr is one attribute in recorded order. Str holds the string value, the
// number's JSON text, or "" for true/false/null. Style holds a style-object
// diff when Kind is KindObject; Raw keeps the original JSON of the value.
type Attr struct {
	Name  string
	Kind  ValueKind
	Str   string
	Style []StyleProp
	Raw   json.RawMessage
}

// StyleProp is one entry of a style-object attribute diff:
// Remove for `false`, otherwise Value and Priority ([value, priority] form).
type StyleProp struct {
	Name     string
	Value    string
	Priority string
	Remove   bool
}

// Attributes is an ordered attribute list: JSON object key order is kept
// because it is the order in which rrweb sets attributes.
type Attributes []Attr

// Get returns the attribute named name.
func (a Attributes) Get(name string) (Attr, bool) {
	for _, at := range a {
		if at.Name == name {
			return at, true
		}
	}
	return Attr{}, false
}

// UnmarshalJSON decodes an attributes object keeping key order. It walks
// the bytes itself (encoding/json has already validated them) because
// attribute objects are the bulk of every snapshot; values keep their raw
// JSON as a sub-slice of the event's data, which is immutable.
func (a *Attributes) UnmarshalJSON(b []byte) error {
	i := wsEnd(b, 0)
	if i < len(b) && b[i] == 'n' {
		*a = nil
		return nil
	}
	if i >= len(b) || b[i] != '{' {
		return fmt.Errorf("rrweb: attributes: want object")
	}
	out := make(Attributes, 0, 4)
	i++
	for {
		i = wsEnd(b, i)
		if i >= len(b) {
			return fmt.Errorf("rrweb: attributes: unterminated object")
		}
		if b[i] == '}' {
			break
		}
		if b[i] == ',' {
			i++
			continue
		}
		kEnd := valueEnd(b, i)
		name, err := jsonString(b[i:kEnd])
		if err != nil {
			return fmt.Errorf("rrweb: attribute name: %w", err)
		}
		i = wsEnd(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return fmt.Errorf("rrweb: attribute %q: missing ':'", name)
		}
		i = wsEnd(b, i+1)
		vEnd := valueEnd(b, i)
		at, err := parseAttr(name, json.RawMessage(b[i:vEnd:vEnd]))
		if err != nil {
			return err
		}
		i = vEnd
		// A repeated key: JSON.parse keeps the last value in the first position.
		replaced := false
		for k := range out {
			if out[k].Name == name {
				out[k] = at
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, at)
		}
	}
	*a = out
	return nil
}

func wsEnd(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the end of the (valid) JSON value starting at i.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(b)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = valueEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\t' && b[j] != '\r' {
		j++
	}
	return j
}

// jsonString decodes a JSON string literal, without allocating twice when
// it has no escapes.
func jsonString(lit []byte) (string, error) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", fmt.Errorf("want a string")
	}
	if bytes.IndexByte(lit, '\\') < 0 {
		return string(lit[1 : len(lit)-1]), nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
}

func parseAttr(name string, raw json.RawMessage) (Attr, error) {
	at := Attr{Name: name, Raw: raw}
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return at, fmt.Errorf("rrweb: attribute %q: empty value", name)
	}
	switch t[0] {
	case '"':
		at.Kind = KindString
		str, err := jsonString(t)
		if err != nil {
			return at, fmt.Errorf("rrweb: attribute %q: %w", name, err)
		}
		at.Str = str
	case 't':
		at.Kind = KindTrue
	case 'f':
		at.Kind = KindFalse
	case 'n':
		at.Kind = KindNull
	case '{':
		at.Kind = KindObject
		props, err := parseStyleObject(t)
		if err != nil {
			return at, fmt.Errorf("rrweb: attribute %q: %w", name, err)
		}
		at.Style = props
	case '[':
		at.Kind = KindOther
	default:
		at.Kind = KindNumber
		at.Str = string(t)
		// JS stringifies numbers in their shortest form.
		if f, err := strconv.ParseFloat(at.Str, 64); err == nil {
			at.Str = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	return at, nil
}

func parseStyleObject(b []byte) ([]StyleProp, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var props []StyleProp
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := kt.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		p := StyleProp{Name: name}
		switch x := v.(type) {
		case bool:
			if x {
				continue // not a form rrweb emits; ignore like the replayer's setProperty(true) would be odd
			}
			p.Remove = true
		case string:
			p.Value = x
		case []any:
			if len(x) > 0 {
				p.Value, _ = x[0].(string)
			}
			if len(x) > 1 {
				p.Priority, _ = x[1].(string)
			}
		default:
			continue
		}
		props = append(props, p)
	}
	return props, nil
}

// MarshalJSON writes the attributes back in order, values as they came.
func (a Attributes) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, at := range a {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(at.Name)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(at.rawValue())
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func (at Attr) rawValue() []byte {
	if len(at.Raw) > 0 {
		return at.Raw
	}
	switch at.Kind {
	case KindTrue:
		return []byte("true")
	case KindFalse:
		return []byte("false")
	case KindNull:
		return []byte("null")
	case KindNumber:
		return []byte(at.Str)
	}
	s, _ := json.Marshal(at.Str)
	return s
}

// IncrementalData holds the fields of an IncrementalSnapshot payload that
// the engine reads. Sources whose field names collide (StyleSheetRule's
// adds/removes) are decoded with DecodeStyleSheetRule instead.
type IncrementalData struct {
	Source IncrementalSource `json:"source"`

	// Mutation
	Texts          []TextMutation      `json:"texts"`
	Attributes     []AttributeMutation `json:"attributes"`
	Removes        []RemoveMutation    `json:"removes"`
	Adds           []AddMutation       `json:"adds"`
	IsAttachIframe bool                `json:"isAttachIframe"`

	// MouseMove, TouchMove, Drag
	Positions []Position `json:"positions"`

	// MouseInteraction (Type), MediaInteraction (Type), Scroll, Input, …
	Type        *int     `json:"type"`
	ID          *int     `json:"id"`
	X           *float64 `json:"x"`
	Y           *float64 `json:"y"`
	PointerType *int     `json:"pointerType"`

	// ViewportResize
	Width  float64 `json:"width"`
	Height float64 `json:"height"`

	// Input
	Text          *string `json:"text"`
	IsChecked     *bool   `json:"isChecked"`
	UserTriggered *bool   `json:"userTriggered"`

	// StyleDeclaration
	StyleID *int             `json:"styleId"`
	Index   IndexPath        `json:"index"`
	Set     *StyleDeclSet    `json:"set"`
	Remove  *StyleDeclRemove `json:"remove"`

	// AdoptedStyleSheet
	Styles   []AdoptedStyle `json:"styles"`
	StyleIDs []int          `json:"styleIds"`

	// Selection
	Ranges []SelectionRange `json:"ranges"`
}

// TextMutation sets a text node's content (nil = null = empty).
type TextMutation struct {
	ID    int     `json:"id"`
	Value *string `json:"value"`
}

// AttributeMutation changes attributes of one node.
type AttributeMutation struct {
	ID         int        `json:"id"`
	Attributes Attributes `json:"attributes"`
}

// RemoveMutation removes node ID from ParentID.
type RemoveMutation struct {
	ParentID int  `json:"parentId"`
	ID       int  `json:"id"`
	IsShadow bool `json:"isShadow,omitempty"`
}

// AddMutation adds Node under ParentID before NextID (nil = append).
type AddMutation struct {
	ParentID   int   `json:"parentId"`
	NextID     *int  `json:"nextId"`
	PreviousID *int  `json:"previousId,omitempty"`
	Node       *Node `json:"node"`
}

// Position is one sampled pointer position.
type Position struct {
	X          float64 `json:"x"`
	Y          float64 `json:"y"`
	ID         int     `json:"id"`
	TimeOffset float64 `json:"timeOffset"`
}

// IndexPath is a CSS rule index: a number or a path into nested grouping
// rules. An absent index is nil.
type IndexPath []int

// UnmarshalJSON accepts a number or an array of numbers.
func (p *IndexPath) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || string(t) == "null" {
		*p = nil
		return nil
	}
	if t[0] == '[' {
		var fs []float64
		if err := json.Unmarshal(t, &fs); err != nil {
			return err
		}
		out := make(IndexPath, len(fs))
		for i, f := range fs {
			out[i] = int(f)
		}
		*p = out
		return nil
	}
	var f float64
	if err := json.Unmarshal(t, &f); err != nil {
		return err
	}
	*p = IndexPath{int(f)}
	return nil
}

// StyleDeclSet is StyleDeclaration's set.
type StyleDeclSet struct {
	Property string  `json:"property"`
	Value    *string `json:"value"`
	Priority *string `json:"priority"`
}

// StyleDeclRemove is StyleDeclaration's remove.
type StyleDeclRemove struct {
	Property string `json:"property"`
}

// AdoptedStyle is a constructed stylesheet first seen in an AdoptedStyleSheet event.
type AdoptedStyle struct {
	StyleID int       `json:"styleId"`
	Rules   []RuleAdd `json:"rules"`
}

// SelectionRange is one range of a Selection event.
type SelectionRange struct {
	Start       int `json:"start"`
	StartOffset int `json:"startOffset"`
	End         int `json:"end"`
	EndOffset   int `json:"endOffset"`
}

// RuleAdd is an insertRule: the rule text at an index (path).
type RuleAdd struct {
	Rule  string    `json:"rule"`
	Index IndexPath `json:"index"`
}

// RuleRemove is a deleteRule at an index (path).
type RuleRemove struct {
	Index IndexPath `json:"index"`
}

// StyleSheetRuleData is the payload of a StyleSheetRule incremental event.
type StyleSheetRuleData struct {
	ID          *int         `json:"id"`
	StyleID     *int         `json:"styleId"`
	Adds        []RuleAdd    `json:"adds"`
	Removes     []RuleRemove `json:"removes"`
	Replace     *string      `json:"replace"`
	ReplaceSync *string      `json:"replaceSync"`
}

// DecodeIncremental decodes an IncrementalSnapshot payload. For
// SourceStyleSheetRule use DecodeStyleSheetRule.
func DecodeIncremental(data json.RawMessage) (*IncrementalData, error) {
	if d, err := decodeIncrementalFast(data); err == nil {
		return d, nil
	}
	var d IncrementalData
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("rrweb: incremental payload: %w", err)
	}
	return &d, nil
}

// DecodeStyleSheetRule decodes a StyleSheetRule payload.
func DecodeStyleSheetRule(data json.RawMessage) (*StyleSheetRuleData, error) {
	var d StyleSheetRuleData
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("rrweb: stylesheet rule payload: %w", err)
	}
	return &d, nil
}
