package mask

import (
	"encoding/json"
	"strconv"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// The masker parses event data once into values (jsonv.go) and builds the
// engine's wire structs from them for the virtual DOM, keeping the link
// from each serialized node back to its JSON so that masking edits the
// JSON in place.

// snode is a serialized node with its JSON.
type snode struct {
	n    *rrweb.Node
	v    *value
	kids []*snode
}

// toNode builds the rrweb.Node tree of a serialized node value. A value
// that is not an object yields nil.
func toNode(v *value, depth int) *snode {
	if v == nil || v.kind != '{' || depth > maxJSONDepth {
		return nil
	}
	n := &rrweb.Node{}
	s := &snode{n: n, v: v}
	for i, k := range v.keys {
		m := v.vals[i]
		switch k {
		case "type":
			t, _ := m.int()
			n.Type = rrweb.NodeType(t)
		case "id":
			n.ID, _ = m.int()
		case "rootId":
			n.RootID, _ = m.int()
		case "isShadowHost":
			n.IsShadowHost = m.isTrue()
		case "isShadow":
			n.IsShadow = m.isTrue()
		case "isSVG":
			n.IsSVG = m.isTrue()
		case "isCustom":
			n.IsCustom = m.isTrue()
		case "isStyle":
			n.IsStyle = m.isTrue()
		case "compatMode":
			n.CompatMode = m.str
		case "name":
			n.Name = m.str
		case "publicId":
			n.PublicID = m.str
		case "systemId":
			n.SystemID = m.str
		case "tagName":
			n.TagName = m.str
		case "textContent":
			n.TextContent = m.str
		case "attributes":
			n.Attributes = toAttrs(m)
		case "childNodes":
			if m.kind != '[' {
				continue
			}
			n.ChildNodes = make([]*rrweb.Node, 0, len(m.vals))
			s.kids = make([]*snode, 0, len(m.vals))
			for _, c := range m.vals {
				if cs := toNode(c, depth+1); cs != nil {
					n.ChildNodes = append(n.ChildNodes, cs.n)
					s.kids = append(s.kids, cs)
				}
			}
		}
	}
	return s
}

// toAttrs builds rrweb.Attributes from an attributes object, as
// rrweb.Attributes.UnmarshalJSON does.
func toAttrs(v *value) rrweb.Attributes {
	if v == nil || v.kind != '{' {
		return nil
	}
	out := make(rrweb.Attributes, 0, len(v.keys))
	for i, k := range v.keys {
		m := v.vals[i]
		at := rrweb.Attr{Name: k, Raw: json.RawMessage(m.raw)}
		switch m.kind {
		case '"':
			at.Kind, at.Str = rrweb.KindString, m.str
		case 't':
			at.Kind = rrweb.KindTrue
		case 'f':
			at.Kind = rrweb.KindFalse
		case 'n':
			at.Kind = rrweb.KindNull
		case '{':
			at.Kind = rrweb.KindObject
			at.Style = toStyle(m)
		case '[':
			at.Kind = rrweb.KindOther
		default:
			at.Kind, at.Str = rrweb.KindNumber, m.str
			if f, err := strconv.ParseFloat(m.str, 64); err == nil {
				at.Str = strconv.FormatFloat(f, 'f', -1, 64)
			}
		}
		replaced := false
		for j := range out {
			if out[j].Name == k {
				out[j], replaced = at, true
				break
			}
		}
		if !replaced {
			out = append(out, at)
		}
	}
	return out
}

func toStyle(v *value) []rrweb.StyleProp {
	var props []rrweb.StyleProp
	for i, k := range v.keys {
		m := v.vals[i]
		p := rrweb.StyleProp{Name: k}
		switch m.kind {
		case 'f':
			p.Remove = true
		case '"':
			p.Value = m.str
		case '[':
			if len(m.vals) > 0 {
				p.Value = m.vals[0].str
			}
			if len(m.vals) > 1 {
				p.Priority = m.vals[1].str
			}
		default:
			continue
		}
		props = append(props, p)
	}
	return props
}

// mutation is a Mutation payload with the JSON of each entry.
type mutation struct {
	d       rrweb.IncrementalData
	root    *value
	adds    []*snode // parallel to d.Adds (nil when the entry has no node)
	addV    []*value // the entries themselves
	removeV []*value
	textV   []*value
	attrV   []*value
}

func toMutation(root *value) *mutation {
	m := &mutation{root: root}
	m.d.Source = rrweb.SourceMutation
	m.d.IsAttachIframe = root.get("isAttachIframe").isTrue()
	if a := root.get("removes"); a != nil && a.kind == '[' {
		for _, e := range a.vals {
			r := rrweb.RemoveMutation{}
			r.ParentID, _ = e.get("parentId").int()
			r.ID, _ = e.get("id").int()
			r.IsShadow = e.get("isShadow").isTrue()
			m.d.Removes = append(m.d.Removes, r)
			m.removeV = append(m.removeV, e)
		}
	}
	if a := root.get("adds"); a != nil && a.kind == '[' {
		for _, e := range a.vals {
			am := rrweb.AddMutation{}
			am.ParentID, _ = e.get("parentId").int()
			am.NextID = optInt(e.get("nextId"))
			am.PreviousID = optInt(e.get("previousId"))
			sn := toNode(e.get("node"), 0)
			if sn != nil {
				am.Node = sn.n
			}
			m.d.Adds = append(m.d.Adds, am)
			m.adds = append(m.adds, sn)
			m.addV = append(m.addV, e)
		}
	}
	if a := root.get("texts"); a != nil && a.kind == '[' {
		for _, e := range a.vals {
			t := rrweb.TextMutation{}
			t.ID, _ = e.get("id").int()
			if v := e.get("value"); v != nil && v.kind == '"' {
				s := v.str
				t.Value = &s
			}
			m.d.Texts = append(m.d.Texts, t)
			m.textV = append(m.textV, e)
		}
	}
	if a := root.get("attributes"); a != nil && a.kind == '[' {
		for _, e := range a.vals {
			am := rrweb.AttributeMutation{}
			am.ID, _ = e.get("id").int()
			am.Attributes = toAttrs(e.get("attributes"))
			m.d.Attributes = append(m.d.Attributes, am)
			m.attrV = append(m.attrV, e)
		}
	}
	return m
}

func optInt(v *value) *int {
	if v == nil || v.kind == 'n' {
		return nil
	}
	n, ok := v.int()
	if !ok {
		return nil
	}
	return &n
}
