package rrweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds returns testdata files plus sample documents in every format.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob("testdata/*.json*")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	for _, doc := range []*Document{bareDocument(randomEvents(3, 4)), sampleDocument()} {
		for _, fm := range allFormats {
			if b, err := AppendEncode(nil, doc, fm); err == nil {
				seeds = append(seeds, b, gzipBytes(b))
			}
		}
	}
	return append(seeds, []byte(`{"format":"reprise-session","version":1,"tabs":[{"id":"a","events":[]}]}`),
		[]byte(`[{"type":3,"data":{"a":[1,2.5,"x",null,true,{}]},"timestamp":1.5}]`))
}

// FuzzDecode: Decode never panics, and whatever decodes re-encodes in
// every format to something that decodes to the same document, with
// byte-identical re-encoding.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		doc, info, err := DecodeWith(in, DecodeOptions{MaxDecompressedBytes: 64 << 20, MaxEvents: 100000})
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnknownFormat) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		if info.Format == FormatAuto {
			t.Fatal("success with FormatAuto")
		}
		for _, fm := range allFormats {
			enc, err := AppendEncode(nil, doc, fm)
			if err != nil {
				var re *rangeError
				if fm == FormatNDJSON && !(doc.Bare && len(doc.Tabs) == 1) || errors.As(err, &re) {
					continue
				}
				t.Fatalf("encode %v: %v", fm, err)
			}
			doc2, info2, err := DecodeWith(enc, DecodeOptions{Format: fm})
			if err != nil {
				t.Fatalf("decode of encoded %v: %v\n%q", fm, err, enc)
			}
			if fm != FormatNDJSON || len(doc.Tabs[0].Events) > 0 {
				if _, info3, err := Decode(enc); err != nil || info3.Format != info2.Format {
					t.Fatalf("autodetect of encoded %v: %v %v", fm, info3, err)
				}
			}
			checkSameDoc(t, fm, doc2, doc)
			enc2, err := AppendEncode(nil, doc2, fm)
			if err != nil || !bytes.Equal(enc, enc2) {
				t.Fatalf("re-encoding %v not stable (%v):\n%q\n%q", fm, err, enc, enc2)
			}
		}
	})
}

// checkSameDoc compares a re-decoded document with the original: JSON
// targets must reproduce the compacted data exactly, binary ones the same
// JSON values.
func checkSameDoc(t *testing.T, fm Format, got, want *Document) {
	t.Helper()
	if got.ID != want.ID || got.Environment != want.Environment || len(got.Tabs) != len(want.Tabs) ||
		got.Bare != (want.Bare && len(want.Tabs) == 1) && fm != FormatNDJSON {
		t.Fatalf("%v: header %+v, want %+v", fm, *got, *want)
	}
	for k := range got.Tabs {
		g, w := got.Tabs[k], want.Tabs[k]
		if len(g.Events) != len(w.Events) || (!got.Bare && g.ID != w.ID) {
			t.Fatalf("%v: tab %d: %d events id %q, want %d id %q", fm, k, len(g.Events), g.ID, len(w.Events), w.ID)
		}
		for i := range g.Events {
			ge, we := g.Events[i], w.Events[i]
			if ge.Type != we.Type || ge.Timestamp != we.Timestamp {
				t.Fatalf("%v: tab %d event %d: {%d %d}, want {%d %d}", fm, k, i, ge.Type, ge.Timestamp, we.Type, we.Timestamp)
			}
			if fm == FormatJSON || fm == FormatNDJSON {
				c, err := appendCompact(nil, we.Data)
				if err != nil || !bytes.Equal(c, ge.Data) {
					t.Fatalf("%v: event %d data %s, want %s (%v)", fm, i, ge.Data, c, err)
				}
			} else if !sameJSON(t, ge.Data, we.Data) {
				t.Fatalf("%v: event %d data %s, want %s", fm, i, ge.Data, we.Data)
			}
		}
	}
}

// FuzzJSONData checks the JSON scanner against encoding/json (same
// validity, same compaction) and that transcoding valid data to
// msgpack/CBOR and back keeps its value.
func FuzzJSONData(f *testing.F) {
	for _, s := range []string{`{}`, `[1,-0,2.5e-3,"\u00e9\ud83d\ude00",null,true,false]`, `{"a":{"b":[[]]}}`,
		` "x\"y" `, `1e400`, `18446744073709551616`, `-9223372036854775809`, `"\ud800"`, `{"a":1}x`, `[1,]`, `01`, `"\x01"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		valid := json.Valid(data)
		c, err := appendCompact(nil, data)
		if valid != (err == nil) {
			t.Fatalf("json.Valid = %v, appendCompact error = %v", valid, err)
		}
		if !valid {
			return
		}
		var want bytes.Buffer
		json.Compact(&want, data)
		if !bytes.Equal(c, want.Bytes()) {
			t.Fatalf("compact %q, encoding/json %q", c, want.Bytes())
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return // e.g. numbers beyond float64
		}
		for _, w := range []binWriter{mpWriter{}, cborWriter{}} {
			bin, end, err := transcodeJSON(w, nil, data, 0, 0)
			if err != nil || skipSpace(data, end) != len(data) {
				t.Fatalf("%T: transcode: %v (end %d)", w, err, end)
			}
			var r tokenReader = newMsgpackReader(bin)
			if _, ok := w.(cborWriter); ok {
				r = newCBORReader(bin)
			}
			back, err := appendBinJSON(r, nil, 0)
			if err != nil || r.remaining() != 0 {
				t.Fatalf("%T: back to JSON: %v", w, err)
			}
			if !sameJSON(t, back, data) {
				t.Fatalf("%T: %s → %s", w, data, back)
			}
		}
	})
}

// FuzzUnpack: Unpack never panics; what it accepts survives Pack/Unpack.
func FuzzUnpack(f *testing.F) {
	var strs []string
	json.Unmarshal(readTestdata(f, "packed_rrweb_packer.json"), &strs)
	for _, s := range strs {
		f.Add(s)
	}
	f.Add(`{"type":1,"timestamp":2}`)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Unpack(s)
		if err != nil {
			return
		}
		p, err := Pack(e)
		if err != nil {
			t.Fatal(err)
		}
		e2, err := Unpack(p)
		if err != nil || e2.Type != e.Type || e2.Timestamp != e.Timestamp {
			t.Fatalf("%v: %+v vs %+v", err, e2, e)
		}
		c, _ := appendCompact(nil, e.Data)
		if !bytes.Equal(c, e2.Data) {
			t.Fatalf("data %s vs %s", e2.Data, c)
		}
	})
}
