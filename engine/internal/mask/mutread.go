package mask

import (
	"strconv"
	"unicode/utf8"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// mutReader reads a Mutation payload straight into the batch the virtual
// DOM applies, without a JSON tree: most batches need no edit (see
// mustEdit), and then none is built at all.
//
// It is closed and strict: it knows the shape rrweb writes and declines
// anything else (a key it does not know, a duplicate key, a value of
// another type, a lenient number, deep nesting), and the batch then takes
// the general path (parse, toMutation). For what it accepts, parse accepts
// too and toMutation reads the same batch: strings are decoded as parse
// decodes them, and ids are plain integers whose reading cannot differ
// (FuzzMutReader holds it to that).
//
// Every method takes the offset to read at and returns the offset after
// what it read; ok false means declined.
type mutReader struct {
	b []byte
	d rrweb.IncrementalData
	// Entry lists reused between batches (the virtual DOM keeps none of
	// them, only strings, added nodes and add entries, which are fresh).
	texts   []rrweb.TextMutation
	attrs   []rrweb.AttributeMutation
	removes []rrweb.RemoveMutation
	vals    []string // text values, pointed to by texts

	// Short values of texts and attributes, to be cut from one string.
	blk  []byte
	fixs []strFix

	// mayCard: some string of the payload has an escape or enough digits
	// for a card number; when false, scrubJSON would find none, and the
	// payload need not be searched again.
	mayCard bool
}

// strFix places blk[off:off+n] in vals[entry] (attr < 0) or in
// attrs[entry].Attributes[attr].Str.
type strFix struct{ entry, attr, off, n int }

// Short string values of a batch share one allocation: a batch of text
// and attribute updates carries a handful of short values, and one
// allocation for all costs much less than one each. The DOM keeps them,
// and a shared allocation lives as long as any of its values does, so
// only values of up to maxShared bytes share, up to maxBlock bytes a
// batch: what a value can keep alive beyond itself stays small.
const (
	maxShared = 64
	maxBlock  = 512
)

// maxReadDepth bounds node nesting on this path; deeper trees are rare and
// take the general path.
const maxReadDepth = 256

// read reads data. The result is valid until the next call.
func (r *mutReader) read(data []byte) (*rrweb.IncrementalData, bool) {
	r.b = data
	r.reset()
	ok := r.layout()
	if !ok {
		r.reset()
		ok = r.members()
	}
	if !ok {
		return nil, false
	}
	r.share()
	// toMutation leaves empty lists nil.
	if len(r.texts) > 0 {
		r.d.Texts = r.texts
	}
	if len(r.attrs) > 0 {
		r.d.Attributes = r.attrs
	}
	if len(r.removes) > 0 {
		r.d.Removes = r.removes
	}
	return &r.d, true
}

func (r *mutReader) reset() {
	// Only these fields are ever set (Source stays SourceMutation).
	r.d.Source = rrweb.SourceMutation
	r.d.Texts, r.d.Attributes, r.d.Removes, r.d.Adds, r.d.IsAttachIframe = nil, nil, nil, nil, false
	r.texts, r.attrs, r.removes, r.vals = r.texts[:0], r.attrs[:0], r.removes[:0], r.vals[:0]
	r.blk, r.fixs = r.blk[:0], r.fixs[:0]
	r.mayCard = false
}

// layout reads the payload as rrweb lays it out, keys in their order with
// no space: most payloads, read without looking keys up.
func (r *mutReader) layout() bool {
	i, ok := r.lit(0, `{"source":0,"texts":`)
	if ok {
		i, ok = r.readTexts(i)
	}
	if ok {
		i, ok = r.lit(i, `,"attributes":`)
	}
	if ok {
		i, ok = r.readAttrEntries(i)
	}
	if ok {
		i, ok = r.lit(i, `,"removes":`)
	}
	if ok {
		i, ok = r.readRemoves(i)
	}
	if ok {
		i, ok = r.lit(i, `,"adds":`)
	}
	if ok {
		r.d.Adds, i, ok = r.adds(i)
	}
	return ok && i+1 == len(r.b) && r.b[i] == '}'
}

// members reads the payload's members in any order, with any spacing.
func (r *mutReader) members() bool {
	i, more, ok := r.open(r.ws(0), '{')
	var seen uint8
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint8
		switch string(k) {
		case "source":
			bit = 1
			_, i, ok = r.int(i)
		case "texts":
			bit = 2
			i, ok = r.readTexts(i)
		case "attributes":
			bit = 4
			i, ok = r.readAttrEntries(i)
		case "removes":
			bit = 8
			i, ok = r.readRemoves(i)
		case "adds":
			bit = 16
			r.d.Adds, i, ok = r.adds(i)
		case "isAttachIframe":
			bit = 32
			r.d.IsAttachIframe, i, ok = r.boolOrNull(i)
		default:
			ok = false
		}
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	return ok && r.ws(i) == len(r.b)
}

// ws skips white space.
func (r *mutReader) ws(i int) int {
	b := r.b
	if i < len(b) && b[i] > ' ' {
		return i // rrweb writes none
	}
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// open reads the start of a container (c is '{' or '['); more is false for
// an empty one, which is then read whole.
func (r *mutReader) open(i int, c byte) (j int, more, ok bool) {
	if i >= len(r.b) || r.b[i] != c {
		return i, false, false
	}
	i = r.ws(i + 1)
	if i < len(r.b) && r.b[i] == c+2 { // '}' == '{'+2, ']' == '['+2
		return i + 1, false, true
	}
	return i, true, true
}

// next reads what follows a member or element: a comma (more) or the
// container's end (c is '}' or ']').
func (r *mutReader) next(i int, c byte) (j int, more, ok bool) {
	i = r.ws(i)
	if i < len(r.b) {
		switch r.b[i] {
		case ',':
			return r.ws(i + 1), true, true
		case c:
			return i + 1, false, true
		}
	}
	return i, false, false
}

// key reads `"name" :` up to the value. Keys with escapes or beyond ASCII
// are declined: rrweb writes none in the keys read with it.
func (r *mutReader) key(i int) (k []byte, j int, ok bool) {
	b := r.b
	if i >= len(b) || b[i] != '"' {
		return nil, i, false
	}
	j = i + 1
	for j < len(b) && keyByte[b[j]] {
		j++
	}
	if j >= len(b) || b[j] != '"' {
		return nil, i, false
	}
	k = b[i+1 : j]
	if j+1 < len(b) && b[j+1] == ':' {
		return k, r.ws(j + 2), true
	}
	j = r.ws(j + 1)
	if j >= len(b) || b[j] != ':' {
		return nil, i, false
	}
	return k, r.ws(j + 1), true
}

// keyByte tells the bytes of the keys key reads: printable ASCII but a
// quote or a backslash.
var keyByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// name reads an object key that is a name (attributes, style properties):
// any key, decoded as parse decodes keys.
func (r *mutReader) name(i int) (k string, j int, ok bool) {
	p := jparser{b: r.b, i: i}
	if i >= len(r.b) || r.b[i] != '"' {
		return "", i, false
	}
	if end := p.plainStringEnd(); end > 0 {
		k = key(r.b[i+1 : end-1])
		p.i = end
		r.noteDigits(r.b[i+1 : end-1])
	} else {
		var err error
		if k, _, err = p.string(); err != nil {
			return "", i, false
		}
		r.mayCard = true
	}
	j = r.ws(p.i)
	if j >= len(r.b) || r.b[j] != ':' {
		return "", i, false
	}
	return k, r.ws(j + 1), true
}

// str reads a string as parse does.
func (r *mutReader) str(i int) (string, int, bool) {
	b := r.b
	if i >= len(b) || b[i] != '"' {
		return "", i, false
	}
	var high byte
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		if plainByte[c] {
			high |= c
			continue
		}
		if c == '"' {
			raw := b[i+1 : j]
			if high < 0x80 || utf8.Valid(raw) {
				r.noteDigits(raw)
				return string(raw), j + 1, true
			}
		}
		break // escapes, invalid UTF-8 (replaced), errors: parse's decoder
	}
	r.mayCard = true
	p := jparser{b: b, i: i}
	s, _, err := p.string()
	return s, p.i, err == nil
}

// noteDigits notes whether plain string raw could hold a card number:
// whether it has minCardDigits digits (as mayHoldCard counts them).
func (r *mutReader) noteDigits(raw []byte) {
	if len(raw) < minCardDigits {
		return
	}
	n := 0
	for _, c := range raw {
		if isDigit(c) {
			n++
		}
	}
	if n >= minCardDigits {
		r.mayCard = true
	}
}

// plainByte tells the bytes a string can hold as they are: not a quote,
// a backslash or a control character.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// sharedStr reads a string value for vals[entry] (attr < 0) or for
// attribute attr of attrs[entry]: a short plain one goes to blk (share
// places it), any other is read by str.
func (r *mutReader) sharedStr(i, entry, attr int) (string, int, bool) {
	b := r.b
	if i < len(b) && b[i] == '"' {
		var high byte
		end := min(len(b), i+2+maxShared)
		for j := i + 1; j < end; j++ {
			c := b[j]
			if plainByte[c] {
				high |= c
				continue
			}
			if c == '"' && len(r.blk)+j-i-1 <= maxBlock && (high < 0x80 || utf8.Valid(b[i+1:j])) {
				r.noteDigits(b[i+1 : j])
				r.fixs = append(r.fixs, strFix{entry: entry, attr: attr, off: len(r.blk), n: j - i - 1})
				r.blk = append(r.blk, b[i+1:j]...)
				return "", j + 1, true
			}
			break
		}
	}
	return r.str(i)
}

// share cuts the short values from one string and places them, then
// points the texts at their values (vals may have moved while growing).
func (r *mutReader) share() {
	if len(r.fixs) > 0 {
		all := string(r.blk)
		for _, f := range r.fixs {
			v := all[f.off : f.off+f.n]
			if f.attr < 0 {
				r.vals[f.entry] = v
			} else {
				r.attrs[f.entry].Attributes[f.attr].Str = v
			}
		}
	}
	k := 0
	for i := range r.texts {
		if r.texts[i].Value != nil {
			r.texts[i].Value = &r.vals[k]
			k++
		}
	}
}

func (r *mutReader) lit(i int, s string) (int, bool) {
	if len(r.b)-i >= len(s) && string(r.b[i:i+len(s)]) == s {
		return i + len(s), true
	}
	return i, false
}

// int reads a plain integer (no fraction, exponent or leading zero, at
// most 15 digits): what parse reads as a number and int() as exactly it.
func (r *mutReader) int(i int) (int, int, bool) {
	b := r.b
	neg := i < len(b) && b[i] == '-'
	j := i
	if neg {
		j++
	}
	start, n := j, 0
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		n = n*10 + int(b[j]-'0')
		j++
	}
	if digits := j - start; digits == 0 || digits > 15 || (digits > 1 && b[start] == '0') {
		return 0, i, false
	}
	if j < len(b) {
		switch b[j] {
		case '.', 'e', 'E', '+', '-':
			return 0, i, false
		}
	}
	if neg {
		n = -n
	}
	return n, j, true
}

// optInt reads an integer or null (nil), as optInt does.
func (r *mutReader) optInt(i int) (*int, int, bool) {
	if j, ok := r.lit(i, "null"); ok {
		return nil, j, true
	}
	n, j, ok := r.int(i)
	return &n, j, ok
}

func (r *mutReader) bool(i int) (bool, int, bool) {
	if j, ok := r.lit(i, "true"); ok {
		return true, j, true
	}
	j, ok := r.lit(i, "false")
	return false, j, ok
}

// boolOrNull reads what isTrue() reads as true or false.
func (r *mutReader) boolOrNull(i int) (bool, int, bool) {
	if j, ok := r.lit(i, "null"); ok {
		return false, j, true
	}
	return r.bool(i)
}

// list opens an entry list: null (nothing to read) or an array.
func (r *mutReader) list(i int) (j int, more, ok bool) {
	if j, ok := r.lit(i, "null"); ok {
		return j, false, true
	}
	return r.open(i, '[')
}

func (r *mutReader) readTexts(i int) (int, bool) {
	i, more, ok := r.list(i)
	for ok && more {
		var tm rrweb.TextMutation
		if i, ok = r.text(i, &tm); ok {
			r.texts = append(r.texts, tm)
			i, more, ok = r.next(i, ']')
		}
	}
	return i, ok
}

func (r *mutReader) text(i int, tm *rrweb.TextMutation) (int, bool) {
	// The layout rrweb writes, read directly; any other by the loop below.
	nf, nb := len(r.fixs), len(r.blk)
	if j, ok := r.lit(i, `{"id":`); ok {
		if id, j, ok := r.int(j); ok {
			if j, ok := r.lit(j, `,"value":`); ok {
				if s, j, ok := r.sharedStr(j, len(r.vals), -1); ok && j < len(r.b) && r.b[j] == '}' {
					tm.ID = id
					r.vals = append(r.vals, s)
					tm.Value = &r.vals[len(r.vals)-1]
					return j + 1, true
				}
			}
		}
	}
	r.fixs, r.blk = r.fixs[:nf], r.blk[:nb]
	i, more, ok := r.open(i, '{')
	var seen uint8
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint8
		switch string(k) {
		case "id":
			bit = 1
			tm.ID, i, ok = r.int(i)
		case "value":
			bit = 2
			var j int
			if j, ok = r.lit(i, "null"); ok {
				i = j
				break
			}
			var s string
			if s, i, ok = r.sharedStr(i, len(r.vals), -1); ok {
				r.vals = append(r.vals, s)
				tm.Value = &r.vals[len(r.vals)-1]
			}
		default:
			ok = false
		}
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	return i, ok
}

func (r *mutReader) readAttrEntries(i int) (int, bool) {
	i, more, ok := r.list(i)
	for ok && more {
		var am rrweb.AttributeMutation
		if n := len(r.attrs); n < cap(r.attrs) {
			am.Attributes = r.attrs[:n+1][n].Attributes[:0] // reuse the list of the entry there before
		}
		if i, ok = r.attrEntry(i, &am); ok {
			r.attrs = append(r.attrs, am)
			i, more, ok = r.next(i, ']')
		}
	}
	return i, ok
}

func (r *mutReader) attrEntry(i int, am *rrweb.AttributeMutation) (int, bool) {
	// The layout rrweb writes, read directly; any other by the loop below.
	nf, nb := len(r.fixs), len(r.blk)
	if j, ok := r.lit(i, `{"id":`); ok {
		if id, j, ok := r.int(j); ok {
			if j, ok := r.lit(j, `,"attributes":`); ok {
				if as, j, ok := r.attrObject(j, am.Attributes, len(r.attrs)); ok && j < len(r.b) && r.b[j] == '}' {
					am.ID, am.Attributes = id, as
					return j + 1, true
				}
			}
		}
	}
	r.fixs, r.blk = r.fixs[:nf], r.blk[:nb]
	i, more, ok := r.open(i, '{')
	var seen uint8
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint8
		switch string(k) {
		case "id":
			bit = 1
			am.ID, i, ok = r.int(i)
		case "attributes":
			bit = 2
			am.Attributes, i, ok = r.attrObject(i, am.Attributes, len(r.attrs))
		default:
			ok = false
		}
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	if seen&2 == 0 {
		am.Attributes = nil // absent: toAttrs(nil)
	}
	return i, ok
}

func (r *mutReader) readRemoves(i int) (int, bool) {
	i, more, ok := r.list(i)
	for ok && more {
		var rm rrweb.RemoveMutation
		if i, ok = r.remove(i, &rm); ok {
			r.removes = append(r.removes, rm)
			i, more, ok = r.next(i, ']')
		}
	}
	return i, ok
}

func (r *mutReader) remove(i int, rm *rrweb.RemoveMutation) (int, bool) {
	i, more, ok := r.open(i, '{')
	var seen uint8
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint8
		switch string(k) {
		case "parentId":
			bit = 1
			rm.ParentID, i, ok = r.int(i)
		case "id":
			bit = 2
			rm.ID, i, ok = r.int(i)
		case "isShadow":
			bit = 4
			rm.IsShadow, i, ok = r.bool(i)
		default:
			ok = false
		}
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	return i, ok
}

// adds reads the add entries into a fresh slice: the virtual DOM keeps
// pointers to entries it could not place yet.
func (r *mutReader) adds(i int) ([]rrweb.AddMutation, int, bool) {
	var out []rrweb.AddMutation
	i, more, ok := r.list(i)
	for ok && more {
		var am rrweb.AddMutation
		if i, ok = r.add(i, &am); ok {
			out = append(out, am)
			i, more, ok = r.next(i, ']')
		}
	}
	return out, i, ok
}

func (r *mutReader) add(i int, am *rrweb.AddMutation) (int, bool) {
	i, more, ok := r.open(i, '{')
	var seen uint8
	for ok && more {
		var k []byte
		if k, i, ok = r.key(i); !ok {
			break
		}
		var bit uint8
		switch string(k) {
		case "parentId":
			bit = 1
			am.ParentID, i, ok = r.int(i)
		case "nextId":
			bit = 2
			am.NextID, i, ok = r.optInt(i)
		case "previousId":
			bit = 4
			am.PreviousID, i, ok = r.optInt(i)
		case "node":
			bit = 8
			am.Node, i, ok = r.node(i, 0)
		default:
			ok = false
		}
		ok = ok && seen&bit == 0
		seen |= bit
		if ok {
			i, more, ok = r.next(i, '}')
		}
	}
	// An entry without a node is dropped by masking: general path.
	return i, ok && am.Node != nil
}

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

// strictNumber is JSON's number grammar (parse accepts more).
func strictNumber(t []byte) bool {
	i := 0
	if i < len(t) && t[i] == '-' {
		i++
	}
	switch {
	case i < len(t) && t[i] == '0':
		i++
	case i < len(t) && t[i] >= '1' && t[i] <= '9':
		for i < len(t) && isDigit(t[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(t) && t[i] == '.' {
		i++
		if i >= len(t) || !isDigit(t[i]) {
			return false
		}
		for i < len(t) && isDigit(t[i]) {
			i++
		}
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		if i >= len(t) || !isDigit(t[i]) {
			return false
		}
		for i < len(t) && isDigit(t[i]) {
			i++
		}
	}
	return i == len(t)
}
