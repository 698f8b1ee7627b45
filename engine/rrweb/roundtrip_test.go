package rrweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

var allFormats = []Format{FormatJSON, FormatNDJSON, FormatMsgpack, FormatCBOR}

// TestRoundTrip encodes bare and session documents in every format,
// decodes them back (also gzip'd), and checks the result is the same and
// that encoding is stable (encode∘decode∘encode == encode).
func TestRoundTrip(t *testing.T) {
	bare := bareDocument(randomEvents(7, 200))
	docs := map[string]*Document{"bare": bare, "session": sampleDocument(), "empty bare": bareDocument([]Event{})}
	for name, doc := range docs {
		for _, f := range allFormats {
			t.Run(name+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				err := Encode(&buf, doc, f)
				if f == FormatNDJSON && !doc.Bare {
					if !errorsIs(err, ErrInvalid) {
						t.Fatalf("NDJSON of a session document: err = %v", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, gz := range []bool{false, true} {
					in := buf.Bytes()
					if gz {
						in = gzipBytes(in)
					}
					got, info, err := Decode(in)
					if f == FormatNDJSON && len(doc.Tabs[0].Events) == 0 {
						// An empty NDJSON file is only an empty list when
						// the caller says it is NDJSON.
						got, info, err = DecodeWith(in, DecodeOptions{Format: FormatNDJSON})
					}
					if err != nil {
						t.Fatalf("gzip=%v: %v", gz, err)
					}
					if info.Format != f || info.Gzip != gz {
						t.Errorf("info = %+v", info)
					}
					if !sameDocs(t, got, doc) {
						return
					}
					again, err := AppendEncode(nil, got, f)
					if err != nil || !bytes.Equal(again, buf.Bytes()) {
						t.Errorf("re-encoding is not byte-identical (%v)", err)
					}
				}
			})
		}
	}
}

// TestBinaryDataFidelity pins how JSON data crosses msgpack/CBOR: ints
// stay ints (including uint64 and MinInt64), floats stay floats (integral
// ones keep ".0"), key order is kept, strings are unescaped/re-escaped.
func TestBinaryDataFidelity(t *testing.T) {
	in := `{"z":1,"a":1.0,"g":-1.5,"big":18446744073709551615,"min":-9223372036854775808,` +
		`"e":1e300,"tiny":1.5e-7,"neg0":-0.0,"s":"a\u0000\"b\/\u00e9\ud83d\ude00","n":null,"t":true,"arr":[[],{}]}`
	want := `{"z":1,"a":1.0,"g":-1.5,"big":18446744073709551615,"min":-9223372036854775808,` +
		`"e":1e+300,"tiny":1.5e-7,"neg0":-0.0,"s":"a\u0000\"b/é😀","n":null,"t":true,"arr":[[],{}]}`
	for _, f := range []Format{FormatMsgpack, FormatCBOR} {
		b, err := AppendEncode(nil, bareDocument([]Event{ev(3, 5, in)}), f)
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(doc.Tabs[0].Events[0].Data); got != want {
			t.Errorf("%v:\n got %s\nwant %s", f, got, want)
		}
	}
}

func TestEncodeJSONShape(t *testing.T) {
	bare := bareDocument([]Event{ev(4, 1, `{ "href" : "x" }`), {Type: 1, Timestamp: 2}})
	tests := []struct {
		name string
		doc  *Document
		f    Format
		want string
	}{
		{"bare json", bare, FormatJSON, "[\n{\"type\":4,\"data\":{\"href\":\"x\"},\"timestamp\":1},\n{\"type\":1,\"data\":{},\"timestamp\":2}\n]\n"},
		{"bare ndjson", bare, FormatNDJSON, "{\"type\":4,\"data\":{\"href\":\"x\"},\"timestamp\":1}\n{\"type\":1,\"data\":{},\"timestamp\":2}\n"},
		{"empty bare json", bareDocument(nil), FormatJSON, "[]\n"},
		{"session json", &Document{Format: DocumentFormat, Version: 1, ID: "s", Environment: "e",
			User: &Party{ID: "u", Traits: map[string]json.RawMessage{"b": json.RawMessage(`2`), "a": json.RawMessage(` 1 `)}},
			Tabs: []Tab{{ID: "t1", Events: bare.Tabs[0].Events[:1]}, {ID: "t2"}}}, FormatJSON,
			`{"format":"reprise-session","version":1,"id":"s","user":{"id":"u","traits":{"a":1,"b":2}},"environment":"e","tabs":[` +
				"{\"id\":\"t1\",\"events\":[\n{\"type\":4,\"data\":{\"href\":\"x\"},\"timestamp\":1}\n]},{\"id\":\"t2\",\"events\":[]}]}\n"},
		{"zero-value document", &Document{Tabs: []Tab{}}, FormatJSON, `{"format":"reprise-session","version":1,"tabs":[]}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(&buf, tt.doc, tt.f); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), tt.want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	bad := bareDocument([]Event{ev(1, 1, `{"a":`)})
	huge := bareDocument([]Event{ev(1, 1, `{"a":1e400}`)})
	tests := []struct {
		name string
		doc  *Document
		f    Format
		kind error
		want string
	}{
		{"nil", nil, FormatJSON, ErrInvalid, "nil document"},
		{"unknown format", bareDocument(nil), Format(9), ErrUnknownFormat, "Format(9)"},
		{"ndjson of session", sampleDocument(), FormatNDJSON, ErrInvalid, "NDJSON holds one bare event list"},
		{"version 2", &Document{Format: DocumentFormat, Version: 2}, FormatJSON, ErrInvalid, "version 2"},
		{"invalid data json", bad, FormatJSON, ErrInvalid, "event 0: data"},
		{"invalid data ndjson", bad, FormatNDJSON, ErrInvalid, "event 0: data"},
		{"invalid data msgpack", bad, FormatMsgpack, ErrInvalid, "event 0: data"},
		{"trailing data cbor", bareDocument([]Event{ev(1, 1, `{} {}`)}), FormatCBOR, ErrInvalid, "trailing data"},
		{"number beyond float64", huge, FormatCBOR, ErrInvalid, "out of float64 range"},
		{"bad trait", &Document{User: &Party{Traits: map[string]json.RawMessage{"x": json.RawMessage(`{`)}}}, FormatMsgpack, ErrInvalid, `traits "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Encode(&bytes.Buffer{}, tt.doc, tt.f)
			if !errorsIs(err, tt.kind) || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "rrweb: encode") {
				t.Errorf("error = %v, want %v mentioning %q", err, tt.kind, tt.want)
			}
		})
	}
	var re *rangeError
	if err := Encode(&bytes.Buffer{}, huge, FormatMsgpack); !errors.As(err, &re) {
		t.Errorf("error %v is not a rangeError", err)
	}
}

// TestEncodeIntoBuffer: Encode appends into a bytes.Buffer's own space; what
// the buffer held stays in front, the bytes equal those written to a plain
// writer, and a failed encode leaves the buffer as it was.
func TestEncodeIntoBuffer(t *testing.T) {
	doc := bareDocument(randomEvents(3, 50))
	for _, f := range allFormats {
		var plain strings.Builder
		if err := Encode(&plain, doc, f); err != nil {
			t.Fatal(err)
		}
		buf := bytes.NewBufferString("head:")
		if err := Encode(buf, doc, f); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != "head:"+plain.String() {
			t.Errorf("%v: buffer holds %d bytes, want head: and the %d bytes of a plain write", f, len(got), len(plain.String()))
		}
		bad := bareDocument([]Event{ev(1, 1, `{"a":`)})
		if err := Encode(buf, bad, f); err == nil || buf.String() != "head:"+plain.String() {
			t.Errorf("%v: failed encode: err %v, buffer changed: %v", f, err, buf.String() != "head:"+plain.String())
		}
	}
}
