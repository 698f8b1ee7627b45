package mask

import (
	"strconv"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// mutReader's serialized nodes and attribute objects, read as toNode and
// toAttrs build them (see mutread.go).

// Bits of the fields of a serialized node, to catch duplicates.
const (
	nType = 1 << iota
	nID
	nRootID
	nIsShadowHost
	nIsShadow
	nIsSVG
	nIsCustom
	nIsStyle
	nCompatMode
	nName
	nPublicID
	nSystemID
	nTagName
	nTextContent
	nAttributes
	nChildNodes
)

// node reads a serialized node (an object: a null node is declined, since
// masking drops it). Text-like nodes must carry their text: masking only
// looks at a textContent that is there.
func (r *mutReader) node(i, depth int) (*rrweb.Node, int, bool) {
	if depth > maxReadDepth {
		return nil, i, false
	}
	n := &rrweb.Node{}
	seen, i, ok := r.object(i, func(k []byte, i int) (bit uint32, j int, ok bool) {
		switch string(k) {
		case "type":
			var t int
			t, j, ok = r.int(i)
			n.Type = rrweb.NodeType(t)
			return nType, j, ok
		case "id":
			n.ID, j, ok = r.int(i)
			return nID, j, ok
		case "rootId":
			n.RootID, j, ok = r.int(i)
			return nRootID, j, ok
		case "isShadowHost":
			n.IsShadowHost, j, ok = r.bool(i)
			return nIsShadowHost, j, ok
		case "isShadow":
			n.IsShadow, j, ok = r.bool(i)
			return nIsShadow, j, ok
		case "isSVG":
			n.IsSVG, j, ok = r.bool(i)
			return nIsSVG, j, ok
		case "isCustom":
			n.IsCustom, j, ok = r.bool(i)
			return nIsCustom, j, ok
		case "isStyle":
			n.IsStyle, j, ok = r.bool(i)
			return nIsStyle, j, ok
		case "compatMode":
			n.CompatMode, j, ok = r.str(i)
			return nCompatMode, j, ok
		case "name":
			n.Name, j, ok = r.str(i)
			return nName, j, ok
		case "publicId":
			n.PublicID, j, ok = r.str(i)
			return nPublicID, j, ok
		case "systemId":
			n.SystemID, j, ok = r.str(i)
			return nSystemID, j, ok
		case "tagName":
			n.TagName, j, ok = r.str(i)
			return nTagName, j, ok
		case "textContent":
			n.TextContent, j, ok = r.str(i)
			return nTextContent, j, ok
		case "attributes":
			n.Attributes, j, ok = r.attrObject(i, nil, false)
			return nAttributes, j, ok
		case "childNodes":
			n.ChildNodes, j, ok = r.children(i, depth)
			return nChildNodes, j, ok
		}
		return 0, i, false
	})
	switch n.Type {
	case rrweb.TextNode, rrweb.CommentNode, rrweb.CDATANode:
		ok = ok && seen&nTextContent != 0
	}
	return n, i, ok
}

func (r *mutReader) children(i, depth int) ([]*rrweb.Node, int, bool) {
	// The list is gathered on a stack shared by all levels and copied out
	// at its exact length: the page model keeps it, and appending to a
	// fresh slice left a trail of outgrown arrays.
	base := len(r.kidStack)
	defer func() {
		clear(r.kidStack[base:])
		r.kidStack = r.kidStack[:base]
	}()
	i, more, ok := r.open(i, '[')
	for ok && more {
		var c *rrweb.Node
		if c, i, ok = r.node(i, depth+1); ok {
			r.kidStack = append(r.kidStack, c)
			i, more, ok = r.next(i, ']')
		}
	}
	// toNode: an array gives a non-nil list.
	return append([]*rrweb.Node{}, r.kidStack[base:]...), i, ok
}

// attrObject reads an attributes object as toAttrs builds it, appending to
// dst[:0]. Duplicate names are declined (masking looks at every copy).
// shared says that its short string values share allocations (see
// sharedStr): those of attribute entries, not those of added nodes.
func (r *mutReader) attrObject(i int, dst rrweb.Attributes, shared bool) (rrweb.Attributes, int, bool) {
	if dst != nil {
		return r.attrList(i, dst, shared)
	}
	// A new list (an added node's): gathered in scratch space and copied
	// out at its exact length, as children does.
	as, i, ok := r.attrList(i, r.attrScratch[:0], shared)
	out := append(rrweb.Attributes{}, as...) // toAttrs: never nil
	clear(as)
	r.attrScratch = as[:0]
	return out, i, ok
}

func (r *mutReader) attrList(i int, dst rrweb.Attributes, shared bool) (rrweb.Attributes, int, bool) {
	i, more, ok := r.open(i, '{')
	for ok && more {
		var name string
		if name, i, ok = r.name(i); !ok {
			break
		}
		for _, a := range dst {
			if a.Name == name {
				return dst, i, false
			}
		}
		if i >= len(r.b) {
			return dst, i, false
		}
		start := i
		at := rrweb.Attr{Name: name}
		switch c := r.b[i]; {
		case c == '"' && shared:
			at.Kind = rrweb.KindString
			at.Str, i, ok = r.sharedStr(i)
		case c == '"':
			at.Kind = rrweb.KindString
			at.Str, i, ok = r.str(i)
		case c == 't':
			at.Kind = rrweb.KindTrue
			i, ok = r.lit(i, "true")
		case c == 'f':
			at.Kind = rrweb.KindFalse
			i, ok = r.lit(i, "false")
		case c == 'n':
			at.Kind = rrweb.KindNull
			i, ok = r.lit(i, "null")
		case c == '{':
			at.Kind = rrweb.KindObject
			at.Style, i, ok = r.style(i)
		case c == '-' || (c >= '0' && c <= '9'):
			at.Kind = rrweb.KindNumber
			at.Str, i, ok = r.number(i)
		default:
			ok = false
		}
		if ok {
			at.Raw = r.b[start:i:i]
			dst = append(dst, at)
			i, more, ok = r.next(i, '}')
		}
	}
	return dst, i, ok
}

// number reads a JSON number (by the decoder's own grammar, which the
// payload was or will be held to) and spells it as toAttrs does.
func (r *mutReader) number(i int) (string, int, bool) {
	j, err := rrweb.ValueEnd(r.b, i)
	if err != nil {
		return "", i, false
	}
	s := string(r.b[i:j])
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	return s, j, true
}

// style reads a style-object diff as toStyle does, declining the values
// toStyle skips or reads loosely.
func (r *mutReader) style(i int) ([]rrweb.StyleProp, int, bool) {
	var props []rrweb.StyleProp
	i, more, ok := r.open(i, '{')
	for ok && more {
		var name string
		if name, i, ok = r.name(i); !ok {
			break
		}
		prop := rrweb.StyleProp{Name: name}
		switch {
		case i >= len(r.b):
			ok = false
		case r.b[i] == 'f':
			prop.Remove = true
			i, ok = r.lit(i, "false")
		case r.b[i] == '"':
			prop.Value, i, ok = r.str(i)
		case r.b[i] == '[':
			var moreV bool
			i, moreV, ok = r.open(i, '[')
			for k := 0; ok && moreV; k++ {
				var s string
				if s, i, ok = r.str(i); !ok {
					break
				}
				switch k {
				case 0:
					prop.Value = s
				case 1:
					prop.Priority = s
				}
				i, moreV, ok = r.next(i, ']')
			}
		default:
			ok = false
		}
		if ok {
			props = append(props, prop)
			i, more, ok = r.next(i, '}')
		}
	}
	return props, i, ok
}
