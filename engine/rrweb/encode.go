package rrweb

import (
	"encoding/json"
	"fmt"
	"io"
)

// Encode writes doc to w in format f, deterministically:
//   - FormatJSON: a bare event array when doc.Bare and it has exactly one
//     tab (the tab's ID is not written), otherwise the session document;
//     one event per line, data compacted;
//   - FormatNDJSON: one event per line; only for a bare one-tab document;
//   - FormatMsgpack, FormatCBOR: the same shapes as JSON, event data
//     transcoded from its JSON with object keys in their JSON order
//     (user/company traits sorted by key); CBOR starts with the
//     self-describe tag 55799 so that it is always detected as CBOR.
//
// Nil event data is written as {}. Errors wrap ErrInvalid (invalid event
// data, a number beyond float64 for msgpack/CBOR, a document NDJSON cannot
// hold) or ErrUnknownFormat.
func Encode(w io.Writer, doc *Document, f Format) error {
	var dst []byte
	if bw, ok := w.(lender); ok && doc != nil {
		// Encode straight into the writer's buffer: a long recording's
		// output is then allocated once instead of twice and copied in
		// place (copy skips identical source and destination).
		if f == FormatJSON || f == FormatNDJSON {
			bw.Grow(jsonSizeHint(doc))
		}
		dst = bw.AvailableBuffer()
	}
	b, err := AppendEncode(dst, doc, f)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("rrweb: encode %v: %w", f, err)
	}
	return nil
}

// lender is a writer that lends its free space to be appended to, as
// bytes.Buffer does.
type lender interface {
	Grow(n int)
	AvailableBuffer() []byte
}

// AppendEncode appends the encoding of doc in format f to dst (see Encode).
func AppendEncode(dst []byte, doc *Document, f Format) ([]byte, error) {
	var err error
	if doc == nil {
		return dst, fmt.Errorf("rrweb: encode %v: nil document: %w", f, ErrInvalid)
	}
	if (doc.Format != "" && doc.Format != DocumentFormat) || (doc.Version != 0 && doc.Version != 1) {
		return dst, fmt.Errorf("rrweb: encode %v: %w", f,
			invalidf("cannot write format %q version %d", doc.Format, doc.Version))
	}
	bare := doc.Bare && len(doc.Tabs) == 1
	if f == FormatJSON || f == FormatNDJSON {
		// One allocation up front: growing a multi-megabyte buffer step by
		// step was a third of the cost of encoding a long recording.
		dst = grow(dst, jsonSizeHint(doc))
	}
	switch f {
	case FormatJSON:
		dst, err = appendJSONDoc(dst, doc, bare)
	case FormatNDJSON:
		if !bare {
			return dst, fmt.Errorf("rrweb: encode ndjson: %w",
				invalidf("NDJSON holds one bare event list, not a session document with %d tabs", len(doc.Tabs)))
		}
		for k := range doc.Tabs[0].Events {
			if dst, err = appendEventJSON(dst, &doc.Tabs[0].Events[k]); err != nil {
				err = fmt.Errorf("event %d: %w", k, err)
				break
			}
			dst = append(dst, '\n')
		}
	case FormatMsgpack:
		dst, err = appendBinDoc(mpWriter{}, dst, doc, bare)
	case FormatCBOR:
		dst = append(dst, 0xd9, 0xd9, 0xf7) // tag 55799: self-described CBOR
		dst, err = appendBinDoc(cborWriter{}, dst, doc, bare)
	default:
		return dst, fmt.Errorf("rrweb: encode: format %v: %w", f, ErrUnknownFormat)
	}
	if err != nil {
		return dst, fmt.Errorf("rrweb: encode %v: %w", f, err)
	}
	return dst, nil
}

// appendJSONEvents appends a JSON array of events, one per line.
func appendJSONEvents(dst []byte, events []Event) ([]byte, error) {
	if len(events) == 0 {
		return append(dst, '[', ']'), nil
	}
	dst = append(dst, '[', '\n')
	var err error
	for k := range events {
		if k > 0 {
			dst = append(dst, ',', '\n')
		}
		if dst, err = appendEventJSON(dst, &events[k]); err != nil {
			return dst, fmt.Errorf("event %d: %w", k, err)
		}
	}
	return append(dst, '\n', ']'), nil
}

// appendJSONDoc appends the JSON form of doc.
func appendJSONDoc(dst []byte, doc *Document, bare bool) ([]byte, error) {
	var err error
	if bare {
		dst, err = appendJSONEvents(dst, doc.Tabs[0].Events)
		return append(dst, '\n'), err
	}
	dst = append(dst, `{"format":"`+DocumentFormat+`","version":1`...)
	str := func(key, v string) {
		if v != "" {
			dst = append(dst, `,"`+key+`":`...)
			dst = AppendJSONString(dst, v)
		}
	}
	str("id", doc.ID)
	for _, p := range []struct {
		key string
		p   *Party
	}{{"user", doc.User}, {"company", doc.Company}} {
		if p.p == nil {
			continue
		}
		js, err := json.Marshal(p.p)
		if err != nil {
			return dst, invalidf("%s: %v", p.key, err)
		}
		dst = append(dst, `,"`+p.key+`":`...)
		dst = append(dst, js...)
	}
	str("environment", doc.Environment)
	dst = append(dst, `,"tabs":[`...)
	for t := range doc.Tabs {
		if t > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = AppendJSONString(dst, doc.Tabs[t].ID)
		dst = append(dst, `,"events":`...)
		if dst, err = appendJSONEvents(dst, doc.Tabs[t].Events); err != nil {
			return dst, fmt.Errorf("tab %d (%q): %w", t, doc.Tabs[t].ID, err)
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}\n"...), nil
}

// appendBinDoc appends doc in a binary format.
func appendBinDoc(w binWriter, dst []byte, doc *Document, bare bool) ([]byte, error) {
	var err error
	if bare {
		return appendBinEvents(w, dst, doc.Tabs[0].Events)
	}
	n := 3
	for _, s := range []string{doc.ID, doc.Environment} {
		if s != "" {
			n++
		}
	}
	for _, p := range []*Party{doc.User, doc.Company} {
		if p != nil {
			n++
		}
	}
	str := func(s string) { dst = w.appendString(dst, []byte(s)) }
	dst = w.appendMapHeader(dst, n)
	str("format")
	str(DocumentFormat)
	str("version")
	dst = w.appendInt(dst, 1)
	if doc.ID != "" {
		str("id")
		str(doc.ID)
	}
	for _, p := range []struct {
		key string
		p   *Party
	}{{"user", doc.User}, {"company", doc.Company}} {
		if p.p == nil {
			continue
		}
		str(p.key)
		if dst, err = appendBinParty(w, dst, p.p); err != nil {
			return dst, fmt.Errorf("%s: %w", p.key, err)
		}
	}
	if doc.Environment != "" {
		str("environment")
		str(doc.Environment)
	}
	str("tabs")
	dst = w.appendArrayHeader(dst, len(doc.Tabs))
	for t := range doc.Tabs {
		dst = w.appendMapHeader(dst, 2)
		str("id")
		str(doc.Tabs[t].ID)
		str("events")
		if dst, err = appendBinEvents(w, dst, doc.Tabs[t].Events); err != nil {
			return dst, fmt.Errorf("tab %d (%q): %w", t, doc.Tabs[t].ID, err)
		}
	}
	return dst, nil
}

// appendBinParty appends a user/company map (traits sorted by key).
func appendBinParty(w binWriter, dst []byte, p *Party) ([]byte, error) {
	n := 1
	if len(p.Traits) > 0 {
		n = 2
	}
	dst = w.appendMapHeader(dst, n)
	dst = w.appendString(dst, []byte("id"))
	dst = w.appendString(dst, []byte(p.ID))
	if n == 1 {
		return dst, nil
	}
	dst = w.appendString(dst, []byte("traits"))
	dst = w.appendMapHeader(dst, len(p.Traits))
	for _, k := range sortedKeys(p.Traits) {
		dst = w.appendString(dst, []byte(k))
		v := p.Traits[k]
		if len(v) == 0 {
			v = []byte("null")
		}
		var err error
		var end int
		if dst, end, err = transcodeJSON(w, dst, v, 0, 0); err != nil {
			return dst, fmt.Errorf("traits %q: %w", k, err)
		}
		if skipSpace(v, end) != len(v) {
			return dst, invalidf("traits %q: trailing data after JSON value", k)
		}
	}
	return dst, nil
}

// appendBinEvents appends an array of event maps.
func appendBinEvents(w binWriter, dst []byte, events []Event) ([]byte, error) {
	dst = w.appendArrayHeader(dst, len(events))
	kType, kData, kTimestamp := []byte("type"), []byte("data"), []byte("timestamp")
	for k := range events {
		e := &events[k]
		dst = w.appendMapHeader(dst, 3)
		dst = w.appendString(dst, kType)
		dst = w.appendInt(dst, int64(e.Type))
		dst = w.appendString(dst, kData)
		if len(e.Data) == 0 {
			dst = w.appendMapHeader(dst, 0)
		} else {
			var err error
			var end int
			if dst, end, err = transcodeJSON(w, dst, e.Data, 0, 0); err != nil {
				return dst, fmt.Errorf("event %d: data: %w", k, err)
			}
			if end = skipSpace(e.Data, end); end != len(e.Data) {
				return dst, invalidf("event %d: data: byte %d: trailing data after JSON value", k, end)
			}
		}
		dst = w.appendString(dst, kTimestamp)
		dst = w.appendInt(dst, e.Timestamp)
	}
	return dst, nil
}

// jsonSizeHint estimates the JSON size of doc: its raw event data plus the
// envelopes.
func jsonSizeHint(doc *Document) int {
	n := 64
	for _, tb := range doc.Tabs {
		n += 64 + len(tb.ID)
		for k := range tb.Events {
			n += len(tb.Events[k].Data) + 48
		}
	}
	return n
}

// grow makes room for n more bytes in b.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), len(b)+n)
	copy(nb, b)
	return nb
}
