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
	i, more, ok := r.open(i, '{')
	var seen uint32
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint32
		switch string(k) {
		case "type":
			bit = nType
			var t int
			t, i, ok = r.int(i)
			n.Type = rrweb.NodeType(t)
		case "id":
			bit = nID
			n.ID, i, ok = r.int(i)
		case "rootId":
			bit = nRootID
			n.RootID, i, ok = r.int(i)
		case "isShadowHost":
			bit = nIsShadowHost
			n.IsShadowHost, i, ok = r.bool(i)
		case "isShadow":
			bit = nIsShadow
			n.IsShadow, i, ok = r.bool(i)
		case "isSVG":
			bit = nIsSVG
			n.IsSVG, i, ok = r.bool(i)
		case "isCustom":
			bit = nIsCustom
			n.IsCustom, i, ok = r.bool(i)
		case "isStyle":
			bit = nIsStyle
			n.IsStyle, i, ok = r.bool(i)
		case "compatMode":
			bit = nCompatMode
			n.CompatMode, i, ok = r.str(i)
		case "name":
			bit = nName
			n.Name, i, ok = r.str(i)
		case "publicId":
			bit = nPublicID
			n.PublicID, i, ok = r.str(i)
		case "systemId":
			bit = nSystemID
			n.SystemID, i, ok = r.str(i)
		case "tagName":
			bit = nTagName
			n.TagName, i, ok = r.str(i)
		case "textContent":
			bit = nTextContent
			n.TextContent, i, ok = r.str(i)
		case "attributes":
			bit = nAttributes
			n.Attributes, i, ok = r.attrObject(i, nil, -1)
		case "childNodes":
			bit = nChildNodes
			n.ChildNodes, i, ok = r.children(i, depth)
		default:
			ok = false
		}
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	switch n.Type {
	case rrweb.TextNode, rrweb.CommentNode, rrweb.CDATANode:
		ok = ok && seen&nTextContent != 0
	}
	return n, i, ok
}

func (r *mutReader) children(i, depth int) ([]*rrweb.Node, int, bool) {
	kids := []*rrweb.Node{} // toNode: an array gives a non-nil list
	i, more, ok := r.open(i, '[')
	for ok && more {
		var c *rrweb.Node
		if c, i, ok = r.node(i, depth+1); ok {
			kids = append(kids, c)
			i, more, ok = r.next(i, ']')
		}
	}
	return kids, i, ok
}

// attrObject reads an attributes object as toAttrs builds it, appending to
// dst[:0]. Duplicate names are declined (masking looks at every copy).
// entry is the index in attrs of the entry it is read for (its string
// values then share, see sharedStr), -1 for a node's.
func (r *mutReader) attrObject(i int, dst rrweb.Attributes, entry int) (rrweb.Attributes, int, bool) {
	if dst == nil {
		dst = rrweb.Attributes{}
	}
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
		case c == '"' && entry >= 0:
			at.Kind = rrweb.KindString
			at.Str, i, ok = r.sharedStr(i, entry, len(dst))
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

// number reads a JSON number and spells it as toAttrs does.
func (r *mutReader) number(i int) (string, int, bool) {
	b, j := r.b, i
	for j < len(b) {
		c := b[j]
		if !isDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			break
		}
		j++
	}
	tok := b[i:j]
	if !strictNumber(tok) {
		return "", i, false
	}
	s := string(tok)
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
