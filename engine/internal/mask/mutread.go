package mask

import (
	"strings"

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

	// Scratch space for an added node's attributes, the child lists being
	// read (a stack: lists nest) and add entries, copied out when complete.
	attrScratch rrweb.Attributes
	kidStack    []*rrweb.Node
	addScratch  []rrweb.AddMutation

	// store holds the short string values read so far (see sharedStr).
	store strings.Builder

	// mayCard: some string of the payload has an escape or enough digits
	// for a card number; when false, scrubJSON would find none, and the
	// payload need not be searched again.
	mayCard bool
}

// Short string values share allocations: a batch of text and attribute
// updates carries a handful of short values, and one allocation for many
// costs much less than one each. The DOM keeps them, and a shared
// allocation lives as long as any of its values does, so only values of
// up to maxShared bytes share, in blocks of maxBlock bytes (filled by one
// batch after another): what a value can keep alive beyond itself stays
// small.
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
	return r.finish(), true
}

// readPrefix reads the payload at the start of data, which may run on
// (the rest of a decoder's input), in the layout rrweb writes only: it
// returns the payload's length, or false. The result is valid until the
// next call.
func (r *mutReader) readPrefix(data []byte) (int, *rrweb.IncrementalData, bool) {
	r.b = data
	r.reset()
	end, ok := r.layoutEnd()
	if !ok {
		return 0, nil, false
	}
	r.b = data[:end]
	return end, r.finish(), true
}

// finish completes the batch read into r.d.
func (r *mutReader) finish() *rrweb.IncrementalData {
	r.pointTexts()
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
	return &r.d
}

func (r *mutReader) reset() {
	// Only these fields are ever set (Source stays SourceMutation).
	r.d.Source = rrweb.SourceMutation
	r.d.Texts, r.d.Attributes, r.d.Removes, r.d.Adds, r.d.IsAttachIframe = nil, nil, nil, nil, false
	r.texts, r.attrs, r.removes, r.vals = r.texts[:0], r.attrs[:0], r.removes[:0], r.vals[:0]
	r.mayCard = false
}

// layout reads the payload as rrweb lays it out, keys in their order with
// no space: most payloads, read without looking keys up.
func (r *mutReader) layout() bool {
	end, ok := r.layoutEnd()
	return ok && end == len(r.b)
}

// layoutEnd is layout for a payload that may be followed by more bytes: it
// returns the offset after the payload's closing brace.
func (r *mutReader) layoutEnd() (int, bool) {
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
	if !ok || i >= len(r.b) || r.b[i] != '}' {
		return 0, false
	}
	return i + 1, true
}

// members reads the payload's members in any order, with any spacing.
func (r *mutReader) members() bool {
	_, i, ok := r.object(r.ws(0), func(k []byte, i int) (bit uint32, j int, ok bool) {
		switch string(k) {
		case "source":
			_, j, ok = r.int(i)
			return 1, j, ok
		case "texts":
			j, ok = r.readTexts(i)
			return 2, j, ok
		case "attributes":
			j, ok = r.readAttrEntries(i)
			return 4, j, ok
		case "removes":
			j, ok = r.readRemoves(i)
			return 8, j, ok
		case "adds":
			r.d.Adds, j, ok = r.adds(i)
			return 16, j, ok
		case "isAttachIframe":
			r.d.IsAttachIframe, j, ok = r.boolOrNull(i)
			return 32, j, ok
		}
		return 0, i, false
	})
	return ok && r.ws(i) == len(r.b)
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
	if j, ok := r.lit(i, `{"id":`); ok {
		if id, j, ok := r.int(j); ok {
			if j, ok := r.lit(j, `,"value":`); ok {
				if s, j, ok := r.sharedStr(j); ok && j < len(r.b) && r.b[j] == '}' {
					tm.ID = id
					r.vals = append(r.vals, s)
					tm.Value = &r.vals[len(r.vals)-1]
					return j + 1, true
				}
			}
		}
	}
	_, i, ok := r.object(i, func(k []byte, i int) (bit uint32, j int, ok bool) {
		switch string(k) {
		case "id":
			tm.ID, j, ok = r.int(i)
			return 1, j, ok
		case "value":
			if j, ok = r.lit(i, "null"); ok {
				return 2, j, true
			}
			var s string
			if s, j, ok = r.sharedStr(i); ok {
				r.vals = append(r.vals, s)
				tm.Value = &r.vals[len(r.vals)-1]
			}
			return 2, j, ok
		}
		return 0, i, false
	})
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
	if j, ok := r.lit(i, `{"id":`); ok {
		if id, j, ok := r.int(j); ok {
			if j, ok := r.lit(j, `,"attributes":`); ok {
				if as, j, ok := r.attrObject(j, am.Attributes, true); ok && j < len(r.b) && r.b[j] == '}' {
					am.ID, am.Attributes = id, as
					return j + 1, true
				}
			}
		}
	}
	_, i, ok := r.object(i, func(k []byte, i int) (bit uint32, j int, ok bool) {
		switch string(k) {
		case "id":
			am.ID, j, ok = r.int(i)
			return 1, j, ok
		case "attributes":
			am.Attributes, j, ok = r.attrObject(i, am.Attributes, true)
			return 2, j, ok
		}
		return 0, i, false
	})
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
	_, i, ok := r.object(i, func(k []byte, i int) (bit uint32, j int, ok bool) {
		switch string(k) {
		case "parentId":
			rm.ParentID, j, ok = r.int(i)
			return 1, j, ok
		case "id":
			rm.ID, j, ok = r.int(i)
			return 2, j, ok
		case "isShadow":
			rm.IsShadow, j, ok = r.bool(i)
			return 4, j, ok
		}
		return 0, i, false
	})
	return i, ok
}

// adds reads the add entries into a fresh slice of their exact length
// (gathered in scratch space first): the virtual DOM keeps pointers to
// entries it could not place yet.
func (r *mutReader) adds(i int) ([]rrweb.AddMutation, int, bool) {
	scratch := r.addScratch[:0]
	i, more, ok := r.list(i)
	for ok && more {
		var am rrweb.AddMutation
		if i, ok = r.add(i, &am); ok {
			scratch = append(scratch, am)
			i, more, ok = r.next(i, ']')
		}
	}
	var out []rrweb.AddMutation
	if len(scratch) > 0 {
		out = append(make([]rrweb.AddMutation, 0, len(scratch)), scratch...)
	}
	clear(scratch)
	r.addScratch = scratch[:0]
	return out, i, ok
}

func (r *mutReader) add(i int, am *rrweb.AddMutation) (int, bool) {
	_, i, ok := r.object(i, func(k []byte, i int) (bit uint32, j int, ok bool) {
		switch string(k) {
		case "parentId":
			am.ParentID, j, ok = r.int(i)
			return 1, j, ok
		case "nextId":
			am.NextID, j, ok = r.optInt(i)
			return 2, j, ok
		case "previousId":
			am.PreviousID, j, ok = r.optInt(i)
			return 4, j, ok
		case "node":
			am.Node, j, ok = r.node(i, 0)
			return 8, j, ok
		}
		return 0, i, false
	})
	// An entry without a node is dropped by masking: general path.
	return i, ok && am.Node != nil
}
