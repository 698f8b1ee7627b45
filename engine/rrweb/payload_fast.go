package rrweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// A dedicated decoder for the payloads replay reads on every event. It
// produces exactly what encoding/json produces (FuzzPayloadDecoders and
// TestPayloadDecodersAgree hold it to that) at several times the speed,
// because these payloads are most of a recording's bytes. It is strict:
// anything unexpected (a type mismatch, an exotic number) makes it give up,
// and the caller falls back to encoding/json, so results and errors for odd
// input are encoding/json's own.

var errSlow = errors.New("rrweb: fast path declined")

type reader struct {
	b []byte
	i int
}

func (r *reader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// done reports whether only white space is left.
func (r *reader) done() bool {
	r.ws()
	return r.i >= len(r.b)
}

func (r *reader) peek() byte {
	r.ws()
	if r.i >= len(r.b) {
		return 0
	}
	return r.b[r.i]
}

func (r *reader) lit(s string) bool {
	if len(r.b)-r.i >= len(s) && string(r.b[r.i:r.i+len(s)]) == s {
		r.i += len(s)
		return true
	}
	return false
}

// object calls f for each key; f must consume the value.
func (r *reader) object(f func(key []byte) error) error {
	if r.peek() != '{' {
		return errSlow
	}
	r.i++
	if r.peek() == '}' {
		r.i++
		return nil
	}
	for {
		if r.peek() != '"' {
			return errSlow
		}
		start := r.i + 1
		end := start
		for end < len(r.b) && r.b[end] != '"' {
			if r.b[end] == '\\' || r.b[end] < 0x20 {
				return errSlow // escaped keys, invalid JSON: encoding/json's call
			}
			end++
		}
		if end >= len(r.b) {
			return errSlow
		}
		key := r.b[start:end]
		r.i = end + 1
		if r.peek() != ':' {
			return errSlow
		}
		r.i++
		r.ws()
		if err := f(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return nil
		default:
			return errSlow
		}
	}
}

// array calls f for each element; f must consume it.
func (r *reader) array(f func() error) error {
	if r.peek() == 'n' && r.lit("null") {
		return nil
	}
	if r.peek() != '[' {
		return errSlow
	}
	r.i++
	if r.peek() == ']' {
		r.i++
		return nil
	}
	for {
		r.ws()
		if err := f(); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return nil
		default:
			return errSlow
		}
	}
}

// list prepares a slice field for an array value as encoding/json does: a
// JSON null leaves nil (and reports false: nothing to read), an array
// starts from an empty non-nil slice.
func (r *reader) isNull() bool { return r.peek() == 'n' && r.lit("null") }

// unknown consumes the value of a key the fast path does not know, but
// declines when encoding/json would match the key to a field anyway
// (its key matching is case-insensitive).
func (r *reader) unknown(k []byte, known ...string) error {
	for _, kn := range known {
		if bytes.EqualFold(k, []byte(kn)) {
			return errSlow
		}
	}
	_, err := r.raw()
	return err
}

// raw returns the next value's bytes, validated by a skip.
func (r *reader) raw() ([]byte, error) {
	r.ws()
	start := r.i
	end, err := skipValue(r.b, r.i)
	if err != nil {
		return nil, errSlow
	}
	r.i = end
	return r.b[start:end:end], nil
}

func (r *reader) str() (string, error) {
	if r.peek() != '"' {
		return "", errSlow
	}
	start := r.i
	j := start + 1
	esc := false
	for j < len(r.b) && r.b[j] != '"' {
		if r.b[j] == '\\' {
			esc = true
			j++
		} else if r.b[j] < 0x20 {
			return "", errSlow
		}
		j++
	}
	if j >= len(r.b) {
		return "", errSlow
	}
	r.i = j + 1
	if !esc {
		if !utf8.Valid(r.b[start+1 : j]) {
			return "", errSlow // encoding/json substitutes U+FFFD
		}
		return string(r.b[start+1 : j]), nil
	}
	var s string
	if err := json.Unmarshal(r.b[start:j+1], &s); err != nil {
		return "", errSlow
	}
	return s, nil
}

// strPtr reads a string or null.
func (r *reader) strPtr() (*string, error) {
	if r.peek() == 'n' && r.lit("null") {
		return nil, nil
	}
	s, err := r.str()
	return &s, err
}

func (r *reader) number() ([]byte, error) {
	r.ws()
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			r.i++
			continue
		}
		break
	}
	if r.i == start {
		return nil, errSlow
	}
	return r.b[start:r.i], nil
}

func (r *reader) int() (int, error) {
	tok, err := r.number()
	if err != nil {
		return 0, err
	}
	if !validNumber(tok) {
		return 0, errSlow
	}
	for k, c := range tok {
		if !(c >= '0' && c <= '9' || c == '-' && k == 0) {
			return 0, errSlow // 1.0, 1e3: encoding/json's call
		}
	}
	v, err := strconv.Atoi(string(tok))
	if err != nil {
		return 0, errSlow
	}
	return v, nil
}

func (r *reader) intPtr() (*int, error) {
	if r.peek() == 'n' && r.lit("null") {
		return nil, nil
	}
	v, err := r.int()
	return &v, err
}

func (r *reader) float() (float64, error) {
	tok, err := r.number()
	if err != nil {
		return 0, err
	}
	if !validNumber(tok) {
		return 0, errSlow
	}
	return strconv.ParseFloat(string(tok), 64)
}

// floatOrNull reads a number into f; null leaves it alone (encoding/json).
func (r *reader) floatOrNull(f *float64) error {
	if r.peek() == 'n' && r.lit("null") {
		return nil
	}
	v, err := r.float()
	*f = v
	return err
}

func (r *reader) floatPtr() (*float64, error) {
	if r.peek() == 'n' && r.lit("null") {
		return nil, nil
	}
	v, err := r.float()
	return &v, err
}

func (r *reader) boolean() (bool, error) {
	switch {
	case r.lit("true"):
		return true, nil
	case r.lit("false"):
		return false, nil
	case r.lit("null"):
		return false, nil
	}
	return false, errSlow
}

func (r *reader) boolPtr() (*bool, error) {
	if r.peek() == 'n' && r.lit("null") {
		return nil, nil
	}
	v, err := r.boolean()
	return &v, err
}

// validNumber is JSON's number grammar.
func validNumber(t []byte) bool {
	i := 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	if i >= len(t) {
		return false
	}
	if t[i] == '0' {
		i++
	} else if t[i] >= '1' && t[i] <= '9' {
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		if i >= len(t) || t[i] < '0' || t[i] > '9' {
			return false
		}
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		if i >= len(t) || t[i] < '0' || t[i] > '9' {
			return false
		}
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
	}
	return i == len(t)
}

func (r *reader) node() (*Node, error) {
	if r.peek() == 'n' && r.lit("null") {
		return nil, nil
	}
	n := &Node{}
	err := r.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "type":
			var v int
			v, err = r.int()
			n.Type = NodeType(v)
		case "id":
			n.ID, err = r.int()
		case "rootId":
			n.RootID, err = r.int()
		case "isShadowHost":
			n.IsShadowHost, err = r.boolean()
		case "isShadow":
			n.IsShadow, err = r.boolean()
		case "childNodes":
			if r.isNull() {
				n.ChildNodes = nil
				return nil
			}
			n.ChildNodes = make([]*Node, 0)
			err = r.array(func() error {
				c, err := r.node()
				n.ChildNodes = append(n.ChildNodes, c)
				return err
			})
		case "compatMode":
			n.CompatMode, err = r.str()
		case "name":
			n.Name, err = r.str()
		case "publicId":
			n.PublicID, err = r.str()
		case "systemId":
			n.SystemID, err = r.str()
		case "tagName":
			n.TagName, err = r.str()
		case "attributes":
			var raw []byte
			if raw, err = r.raw(); err == nil {
				err = n.Attributes.UnmarshalJSON(raw)
			}
		case "isSVG":
			n.IsSVG, err = r.boolean()
		case "isCustom":
			n.IsCustom, err = r.boolean()
		case "textContent":
			n.TextContent, err = r.str()
		case "isStyle":
			n.IsStyle, err = r.boolean()
		default:
			err = r.unknown(k, "type", "id", "rootId", "isShadowHost", "isShadow", "childNodes", "compatMode", "name",
				"publicId", "systemId", "tagName", "attributes", "isSVG", "isCustom", "textContent", "isStyle")
		}
		return err
	})
	return n, err
}

func (r *reader) indexPath(p *IndexPath) error {
	raw, err := r.raw()
	if err != nil {
		return err
	}
	return p.UnmarshalJSON(raw)
}

func (r *reader) ruleAdds(out *[]RuleAdd) error {
	if r.isNull() {
		*out = nil
		return nil
	}
	*out = make([]RuleAdd, 0)
	return r.array(func() error {
		var a RuleAdd
		err := r.object(func(k []byte) error {
			switch string(k) {
			case "rule":
				s, err := r.str()
				a.Rule = s
				return err
			case "index":
				return r.indexPath(&a.Index)
			}
			return r.unknown(k, "rule", "index")
		})
		*out = append(*out, a)
		return err
	})
}

func decodeIncrementalFast(data []byte) (*IncrementalData, error) {
	d := &IncrementalData{}
	r := &reader{b: data}
	err := r.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "source":
			var v int
			v, err = r.int()
			d.Source = IncrementalSource(v)
		case "texts":
			if r.isNull() {
				d.Texts = nil
				return nil
			}
			d.Texts = make([]TextMutation, 0)
			err = r.array(func() error {
				var t TextMutation
				err := r.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "id":
						t.ID, err = r.int()
					case "value":
						t.Value, err = r.strPtr()
					default:
						err = r.unknown(k, "id", "value")
					}
					return err
				})
				d.Texts = append(d.Texts, t)
				return err
			})
		case "attributes":
			if r.isNull() {
				d.Attributes = nil
				return nil
			}
			d.Attributes = make([]AttributeMutation, 0)
			err = r.array(func() error {
				var a AttributeMutation
				err := r.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "id":
						a.ID, err = r.int()
					case "attributes":
						var raw []byte
						if raw, err = r.raw(); err == nil {
							err = a.Attributes.UnmarshalJSON(raw)
						}
					default:
						err = r.unknown(k, "id", "attributes")
					}
					return err
				})
				d.Attributes = append(d.Attributes, a)
				return err
			})
		case "removes":
			if r.isNull() {
				d.Removes = nil
				return nil
			}
			d.Removes = make([]RemoveMutation, 0)
			err = r.array(func() error {
				var m RemoveMutation
				err := r.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "parentId":
						m.ParentID, err = r.int()
					case "id":
						m.ID, err = r.int()
					case "isShadow":
						m.IsShadow, err = r.boolean()
					default:
						err = r.unknown(k, "parentId", "id", "isShadow")
					}
					return err
				})
				d.Removes = append(d.Removes, m)
				return err
			})
		case "adds":
			if r.isNull() {
				d.Adds = nil
				return nil
			}
			d.Adds = make([]AddMutation, 0)
			err = r.array(func() error {
				var m AddMutation
				err := r.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "parentId":
						m.ParentID, err = r.int()
					case "nextId":
						m.NextID, err = r.intPtr()
					case "previousId":
						m.PreviousID, err = r.intPtr()
					case "node":
						m.Node, err = r.node()
					default:
						err = r.unknown(k, "parentId", "nextId", "previousId", "node")
					}
					return err
				})
				d.Adds = append(d.Adds, m)
				return err
			})
		case "isAttachIframe":
			d.IsAttachIframe, err = r.boolean()
		case "positions":
			if r.isNull() {
				d.Positions = nil
				return nil
			}
			d.Positions = make([]Position, 0)
			err = r.array(func() error {
				var p Position
				err := r.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "x":
						err = r.floatOrNull(&p.X)
					case "y":
						err = r.floatOrNull(&p.Y)
					case "id":
						if r.peek() == 'n' && r.lit("null") {
							return nil
						}
						p.ID, err = r.int()
					case "timeOffset":
						err = r.floatOrNull(&p.TimeOffset)
					default:
						err = r.unknown(k, "x", "y", "id", "timeOffset")
					}
					return err
				})
				d.Positions = append(d.Positions, p)
				return err
			})
		case "type":
			d.Type, err = r.intPtr()
		case "id":
			d.ID, err = r.intPtr()
		case "x":
			d.X, err = r.floatPtr()
		case "y":
			d.Y, err = r.floatPtr()
		case "pointerType":
			d.PointerType, err = r.intPtr()
		case "width":
			err = r.floatOrNull(&d.Width)
		case "height":
			err = r.floatOrNull(&d.Height)
		case "text":
			d.Text, err = r.strPtr()
		case "isChecked":
			d.IsChecked, err = r.boolPtr()
		case "userTriggered":
			d.UserTriggered, err = r.boolPtr()
		case "styleId":
			d.StyleID, err = r.intPtr()
		case "index":
			err = r.indexPath(&d.Index)
		case "styles":
			if r.isNull() {
				d.Styles = nil
				return nil
			}
			d.Styles = make([]AdoptedStyle, 0)
			err = r.array(func() error {
				var s AdoptedStyle
				err := r.object(func(k []byte) error {
					switch string(k) {
					case "styleId":
						v, err := r.int()
						s.StyleID = v
						return err
					case "rules":
						return r.ruleAdds(&s.Rules)
					}
					return r.unknown(k, "styleId", "rules")
				})
				d.Styles = append(d.Styles, s)
				return err
			})
		case "styleIds":
			if r.isNull() {
				d.StyleIDs = nil
				return nil
			}
			d.StyleIDs = make([]int, 0)
			err = r.array(func() error {
				v, err := r.int()
				d.StyleIDs = append(d.StyleIDs, v)
				return err
			})
		default:
			// set/remove/ranges and unknown keys: rare, leave to encoding/json.
			err = r.unknown(k, "source", "texts", "attributes", "removes", "adds", "isAttachIframe", "positions", "type",
				"id", "x", "y", "pointerType", "width", "height", "text", "isChecked", "userTriggered", "styleId",
				"index", "set", "remove", "styles", "styleIds", "ranges")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !r.done() {
		return nil, errSlow
	}
	return d, nil
}

func decodeFullSnapshotFast(data []byte) (*FullSnapshotData, error) {
	d := &FullSnapshotData{}
	r := &reader{b: data}
	err := r.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "node":
			d.Node, err = r.node()
		case "initialOffset":
			if r.isNull() {
				return nil
			}
			err = r.object(func(k []byte) error {
				switch string(k) {
				case "top":
					return r.floatOrNull(&d.InitialOffset.Top)
				case "left":
					return r.floatOrNull(&d.InitialOffset.Left)
				}
				return r.unknown(k, "top", "left")
			})
		default:
			err = r.unknown(k, "node", "initialOffset")
		}
		return err
	})
	if err != nil || !r.done() {
		return nil, errSlow
	}
	return d, nil
}

// DecodeFullSnapshot decodes a FullSnapshot payload.
func DecodeFullSnapshot(data json.RawMessage) (*FullSnapshotData, error) {
	if d, err := decodeFullSnapshotFast(data); err == nil {
		return d, nil
	}
	var d FullSnapshotData
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	return &d, nil
}
