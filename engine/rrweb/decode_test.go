package rrweb

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// hexBytes decodes spaced hex ("91 83 a4").
func hexBytes(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "\n", "", "\t", "").Replace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// packBytes makes a packer-style string from arbitrary JSON bytes.
func packBytes(js string) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(js))
	zw.Close()
	var out []byte
	for _, c := range z.Bytes() {
		out = utf8.AppendRune(out, rune(c))
	}
	return string(out)
}

// msgpackStr32 is a one-element msgpack array holding s as a str32.
func msgpackStr32(s string) []byte {
	n := len(s)
	return append([]byte{0x91, 0xdb, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, s...)
}

// jsonQuote quotes s as a JSON string.
func jsonQuote(s string) string { return string(AppendJSONString(nil, s)) }

func TestDecodeFormats(t *testing.T) {
	packed := jsonQuote(packBytes(`{"type":3,"data":{"source":2,"type":2,"id":7},"timestamp":30,"v":"v1"}`))
	jsonArray := `[{"type":4,"data":{"href":"http://x/","width":10,"height":20},"timestamp":10},
		{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"left":0,"top":0}},"timestamp":10.6}]`
	wantArray := []Event{
		ev(4, 10, `{"href":"http://x/","width":10,"height":20}`),
		ev(2, 11, `{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"left":0,"top":0}}`),
	}
	tests := []struct {
		name   string
		in     []byte
		info   Info
		bare   bool
		tabs   []string
		events []Event // of tab 0
	}{
		{"json array", []byte(jsonArray), Info{Format: FormatJSON}, true, []string{DefaultTabID}, wantArray},
		{"json empty array", []byte(" [ ] "), Info{Format: FormatJSON}, true, []string{DefaultTabID}, nil},
		{"json with BOM", append([]byte("\xef\xbb\xbf\n"), jsonArray...), Info{Format: FormatJSON}, true, []string{DefaultTabID}, wantArray},
		{"gzip json", gzipBytes([]byte(jsonArray)), Info{Format: FormatJSON, Gzip: true}, true, []string{DefaultTabID}, wantArray},
		{"json array of packed and JSON strings", []byte(`[` + packed + `,"{\"type\":5,\"data\":{},\"timestamp\":31}",{"type":1,"timestamp":32}]`),
			Info{Format: FormatJSON, Packed: true}, true, []string{DefaultTabID},
			[]Event{ev(3, 30, `{"source":2,"type":2,"id":7}`), ev(5, 31, `{}`), ev(1, 32, `{}`)}},
		{"ndjson", []byte("{\"type\":1,\"data\":{},\"timestamp\":1}\r\n\n  \n{\"type\":0,\"timestamp\":2}\n"), Info{Format: FormatNDJSON}, true, []string{DefaultTabID},
			[]Event{ev(1, 1, `{}`), ev(0, 2, `{}`)}},
		{"ndjson single event", []byte(`{"type":1,"data":{},"timestamp":1}`), Info{Format: FormatNDJSON}, true, []string{DefaultTabID},
			[]Event{ev(1, 1, `{}`)}},
		{"ndjson packed lines", []byte(packed + "\n" + packed + "\n"), Info{Format: FormatNDJSON, Packed: true}, true, []string{DefaultTabID},
			[]Event{ev(3, 30, `{"source":2,"type":2,"id":7}`), ev(3, 30, `{"source":2,"type":2,"id":7}`)}},
		{"gzip ndjson", gzipBytes([]byte("{\"type\":1,\"data\":{},\"timestamp\":1}\n")), Info{Format: FormatNDJSON, Gzip: true}, true, []string{DefaultTabID},
			[]Event{ev(1, 1, `{}`)}},
		{"session document", []byte(`{"format":"reprise-session","version":1,"id":"s1","environment":"prod",
			"user":{"id":"u1","traits":{"plan":"pro","n":3}},"company":null,"unknown":[1,2],
			"tabs":[{"id":"t1","events":[{"type":1,"data":{},"timestamp":5},` + packed + `]},{"events":null,"id":"t2"}]}`),
			Info{Format: FormatJSON, Packed: true}, false, []string{"t1", "t2"},
			[]Event{ev(1, 5, `{}`), ev(3, 30, `{"source":2,"type":2,"id":7}`)}},
		{"session document, tabs first", []byte(`{"tabs":[],"version":1,"format":"reprise-session"}`),
			Info{Format: FormatJSON}, false, []string{}, nil},
		{"msgpack event array", hexBytes(t, `91 83 a4 74797065 04 a4 64617461 83 a1 61 01 a1 62 ca 3fc00000 a1 63 c4 02 0102
			a9 74696d657374616d70 cb 3ff8000000000000`), Info{Format: FormatMsgpack}, true, []string{DefaultTabID},
			[]Event{ev(4, 2, `{"a":1,"b":1.5,"c":"AQI="}`)}},
		{"msgpack packed string", msgpackStr32(packBytes(`{"type":1,"data":{},"timestamp":3,"v":"v1"}`)),
			Info{Format: FormatMsgpack, Packed: true}, true, []string{DefaultTabID}, []Event{ev(1, 3, `{}`)}},
		{"cbor self-described, indefinite lengths, half float, bytes", hexBytes(t, `d9d9f7 9f bf 64 74797065 03
			64 64617461 a4 61 61 f9 3e00 61 62 42 0102 61 63 7f 62 6162 61 63 ff 61 64 f7
			69 74696d657374616d70 1b 0000018bcfe56800 ff ff`), Info{Format: FormatCBOR}, true, []string{DefaultTabID},
			[]Event{ev(3, 1700000000000, `{"a":1.5,"b":"AQI=","c":"abc","d":null}`)}},
		{"cbor unknown tag is transparent", hexBytes(t, `81 a2 64 74797065 c1 01 69 74696d657374616d70 fb 4000000000000000`),
			Info{Format: FormatCBOR}, true, []string{DefaultTabID}, []Event{ev(1, 2, `{}`)}},
		{"cbor session document", hexBytes(t, `a3 66 666f726d6174 6f 726570726973652d73657373696f6e
			67 76657273696f6e 01 64 74616273 81 a2 62 6964 62 7431 66 6576656e7473 80`),
			Info{Format: FormatCBOR}, false, []string{"t1"}, nil},
		{"gzip msgpack", gzipBytes(hexBytes(t, `90`)), Info{Format: FormatMsgpack, Gzip: true}, true, []string{DefaultTabID}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, info, err := Decode(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if info != tt.info {
				t.Errorf("info = %+v, want %+v", info, tt.info)
			}
			if doc.Bare != tt.bare || doc.Format != DocumentFormat || doc.Version != 1 {
				t.Errorf("doc header = %q %d bare=%v", doc.Format, doc.Version, doc.Bare)
			}
			var ids []string
			for _, tab := range doc.Tabs {
				ids = append(ids, tab.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.tabs, ",") {
				t.Fatalf("tabs = %q, want %q", ids, tt.tabs)
			}
			if len(doc.Tabs) > 0 {
				sameEvents(t, doc.Tabs[0].Events, tt.events)
				for _, tab := range doc.Tabs {
					if tab.Events == nil {
						t.Errorf("tab %q: nil events, want empty", tab.ID)
					}
				}
			}
		})
	}
}

func TestDecodeSessionDocumentFields(t *testing.T) {
	in := `{"format":"reprise-session","version":1,"id":"s1","environment":"prod",
		"user":{"id":"u1","traits":{"plan":"pro","n":3}},"company":{"id":"c1"},"tabs":[]}`
	doc, _, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "s1" || doc.Environment != "prod" || doc.User == nil || doc.User.ID != "u1" ||
		string(doc.User.Traits["plan"]) != `"pro"` || string(doc.User.Traits["n"]) != `3` ||
		doc.Company == nil || doc.Company.ID != "c1" || doc.Bare {
		t.Errorf("doc = %+v user=%+v company=%+v", *doc, doc.User, doc.Company)
	}
}

// TestDecodeDoesNotAliasInput checks that Data survives the caller
// reusing its buffer.
func TestDecodeDoesNotAliasInput(t *testing.T) {
	in := []byte(`[{"type":1,"data":{"a":1},"timestamp":2}]`)
	doc, _, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		in[i] = ' '
	}
	if got := string(doc.Tabs[0].Events[0].Data); got != `{"a":1}` {
		t.Errorf("Data = %q after the input was overwritten", got)
	}
	// Appending to Data must not clobber neighbouring bytes.
	doc, _, _ = Decode([]byte(`[{"type":1,"data":{"a":1},"timestamp":2},{"type":1,"data":{"b":2},"timestamp":3}]`))
	_ = append(doc.Tabs[0].Events[0].Data, "XXXXXXXXXXXXXXXX"...)
	if got := string(doc.Tabs[0].Events[1].Data); got != `{"b":2}` {
		t.Errorf("append to one Data changed another: %q", got)
	}
}

// TestDecodeNoLimits: negative limits mean none, in every format.
func TestDecodeNoLimits(t *testing.T) {
	doc := bareDocument(randomEvents(5, 50))
	for _, f := range allFormats {
		b, err := AppendEncode(nil, doc, f)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := DecodeWith(gzipBytes(b), DecodeOptions{MaxDecompressedBytes: -1, MaxEvents: -1})
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		sameEvents(t, got.Tabs[0].Events, doc.Tabs[0].Events)
	}
}

func TestDecodeForcedFormat(t *testing.T) {
	mp := hexBytes(t, `91 82 a4 74797065 01 a9 74696d657374616d70 02`)
	if _, info, err := DecodeWith(mp, DecodeOptions{Format: FormatMsgpack}); err != nil || info.Format != FormatMsgpack {
		t.Errorf("forced msgpack: %v %v", info, err)
	}
	if _, _, err := DecodeWith(mp, DecodeOptions{Format: FormatCBOR}); !errorsIs(err, ErrInvalid) {
		t.Errorf("msgpack forced as CBOR: err = %v, want ErrInvalid", err)
	}
	if _, _, err := DecodeWith([]byte(`[]`), DecodeOptions{Format: FormatMsgpack}); !errorsIs(err, ErrInvalid) {
		t.Errorf("JSON forced as msgpack: err = %v, want ErrInvalid", err)
	}
	if _, _, err := DecodeWith(mp, DecodeOptions{Format: FormatJSON}); !errorsIs(err, ErrInvalid) {
		t.Errorf("msgpack forced as JSON: err = %v, want ErrInvalid", err)
	}
	if _, _, err := DecodeWith(mp, DecodeOptions{Format: Format(9)}); !errorsIs(err, ErrUnknownFormat) {
		t.Errorf("Format(9): err = %v, want ErrUnknownFormat", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	okEvent := `{"type":1,"data":{},"timestamp":1}`
	bomb := gzipBytes(bytes.Repeat([]byte(" "), 1<<20))
	packedBomb := jsonQuote(packBytes(`{"type":1,"data":"` + strings.Repeat("a", 1<<20) + `","timestamp":1,"v":"v1"}`))
	tests := []struct {
		name string
		in   []byte
		opts DecodeOptions
		kind error
		want string // substring of the message
	}{
		{"empty", nil, DecodeOptions{}, ErrInvalid, "empty input"},
		{"whitespace", []byte(" \n\t"), DecodeOptions{}, ErrInvalid, "empty input"},
		{"text", []byte("hello"), DecodeOptions{}, ErrUnknownFormat, "first byte 0x68"},
		{"nested gzip", gzipBytes(gzipBytes([]byte("[]"))), DecodeOptions{}, ErrUnknownFormat, "0x1f"},
		{"truncated array", []byte(`[` + okEvent), DecodeOptions{}, ErrInvalid, "truncated event array"},
		{"truncated event", []byte(`[` + okEvent + `,{"type":1,"data":{"a":[1,`), DecodeOptions{}, ErrInvalid, "event 1 (byte 36)"},
		{"missing type", []byte(`[` + okEvent + `,{"data":{},"timestamp":1}]`), DecodeOptions{}, ErrInvalid, `decode json: event 1 (byte 36): byte 36: event has no "type"`},
		{"missing timestamp", []byte(`[{"type":1}]`), DecodeOptions{}, ErrInvalid, `event 0 (byte 1): byte 1: event has no "timestamp"`},
		{"string timestamp", []byte(`[{"type":1,"timestamp":"1"}]`), DecodeOptions{}, ErrInvalid, "timestamp is not a number"},
		{"number element", []byte(`[1]`), DecodeOptions{}, ErrInvalid, "event 0 (byte 1): expected an event object or a packed string"},
		{"trailing data", []byte(`[] []`), DecodeOptions{}, ErrInvalid, "byte 3: trailing data"},
		{"ndjson bad line", []byte(okEvent + "\n\n" + `{"type":1,"data":{},"timestamp":}`), DecodeOptions{}, ErrInvalid, "decode ndjson: line 3 (event 1, byte 36)"},
		{"ndjson number line", []byte(okEvent + "\n42\n"), DecodeOptions{}, ErrInvalid, "line 2"},
		{"wrong document format", []byte(`{"format":"other","version":1,"tabs":[]}`), DecodeOptions{}, ErrInvalid, `not a session document: format "other"`},
		{"missing document format", []byte(`{"version":1,"tabs":[]}`), DecodeOptions{}, ErrInvalid, "not a session document"},
		{"wrong document version", []byte(`{"format":"reprise-session","version":2,"tabs":[]}`), DecodeOptions{}, ErrInvalid, "unsupported session document version 2"},
		{"tab without id", []byte(`{"format":"reprise-session","version":1,"tabs":[{"events":[]}]}`), DecodeOptions{}, ErrInvalid, "tab 0: missing id"},
		{"duplicate tab ids", []byte(`{"format":"reprise-session","version":1,"tabs":[{"id":"a"},{"id":"a"}]}`), DecodeOptions{}, ErrInvalid, `tab 1: duplicate id "a"`},
		{"bad event in tab", []byte(`{"format":"reprise-session","version":1,"tabs":[{"id":"a","events":[` + okEvent + `,{}]}]}`), DecodeOptions{}, ErrInvalid, `tab 0 ("a"): event 1`},
		{"tabs not array", []byte(`{"format":"reprise-session","version":1,"tabs":{}}`), DecodeOptions{}, ErrInvalid, `"tabs" must be an array`},
		{"user not object", []byte(`{"format":"reprise-session","version":1,"user":"x","tabs":[]}`), DecodeOptions{}, ErrInvalid, `"user": must be an object`},
		{"not zlib", []byte(`["hello"]`), DecodeOptions{}, ErrInvalid, "packed string: not zlib data"},
		{"rune above 255", []byte(`["x\u0100"]`), DecodeOptions{}, ErrInvalid, "not a byte"},
		{"packer without v", []byte(`[` + jsonQuote(packBytes(okEvent)) + `]`), DecodeOptions{}, ErrInvalid, `packer version "", want "v1"`},
		{"packer v2", []byte(`[` + jsonQuote(packBytes(`{"type":1,"timestamp":1,"v":"v2"}`)) + `]`), DecodeOptions{}, ErrInvalid, `packer version "\"v2\""`},
		{"truncated packed", []byte(`[` + jsonQuote(packBytes(okEvent)[:10]) + `]`), DecodeOptions{}, ErrInvalid, "packed string"},
		{"truncated gzip", gzipBytes([]byte(`[` + okEvent + `]`))[:20], DecodeOptions{}, ErrInvalid, "decode gzip"},
		{"gzip bomb", bomb, DecodeOptions{MaxDecompressedBytes: 1000}, ErrTooLarge, "exceeds 1000 bytes"},
		{"packed bomb", []byte(`[` + packedBomb + `]`), DecodeOptions{MaxDecompressedBytes: 1000}, ErrTooLarge, "event 0 (byte 1): packed string: decompressed data exceeds 1000"},
		{"too many events", []byte(`[` + okEvent + `,` + okEvent + `]`), DecodeOptions{MaxEvents: 1}, ErrTooLarge, "more than 1 events"},
		{"too many ndjson events", []byte(okEvent + "\n" + okEvent), DecodeOptions{MaxEvents: 1}, ErrTooLarge, "line 2"},
		{"too many msgpack events", hexBytes(t, `92 82 a4 74797065 01 a9 74696d657374616d70 02 82 a4 74797065 01 a9 74696d657374616d70 02`), DecodeOptions{MaxEvents: 1}, ErrTooLarge, "more than 1 events"},
		{"deep nesting", []byte(`[{"type":1,"timestamp":1,"data":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}]`), DecodeOptions{}, ErrInvalid, "nesting deeper than"},
		{"msgpack truncated", hexBytes(t, `92 82 a4 74797065 01 a9 74696d657374616d70`), DecodeOptions{}, ErrInvalid, "msgpack"},
		{"msgpack huge array header", hexBytes(t, `dd ffffffff`), DecodeOptions{}, ErrInvalid, "truncated msgpack array"},
		{"msgpack int key", hexBytes(t, `91 83 a4 74797065 01 a9 74696d657374616d70 02 a4 64617461 81 01 01`), DecodeOptions{}, ErrInvalid, "data: byte 25: map key is a integer, want a string"},
		{"msgpack ext", hexBytes(t, `91 83 a4 74797065 01 a9 74696d657374616d70 02 a4 64617461 d6 ff 00000000`), DecodeOptions{}, ErrInvalid, "extension type 0xd6"},
		{"msgpack event not a map", hexBytes(t, `91 01`), DecodeOptions{}, ErrInvalid, "event is a integer"},
		{"msgpack trailing", hexBytes(t, `90 90`), DecodeOptions{}, ErrInvalid, "trailing data"},
		{"msgpack top-level string", hexBytes(t, `dc 0001 a1 61`), DecodeOptions{}, ErrInvalid, "event 0"},
		{"cbor bignum", hexBytes(t, `d9d9f7 81 a2 64 74797065 01 69 74696d657374616d70 c2 41 01`), DecodeOptions{}, ErrInvalid, "bignum (tag 2)"},
		{"cbor NaN data", hexBytes(t, `d9d9f7 81 a3 64 74797065 01 69 74696d657374616d70 01 64 64617461 f9 7e00`), DecodeOptions{}, ErrInvalid, "not representable in JSON"},
		{"cbor huge negative", hexBytes(t, `d9d9f7 81 a3 64 74797065 01 69 74696d657374616d70 01 64 64617461 3b ffffffffffffffff`), DecodeOptions{}, ErrInvalid, "below -2^63"},
		{"cbor bad chunk", hexBytes(t, `d9d9f7 81 a3 64 74797065 01 69 74696d657374616d70 01 64 64617461 7f 41 00 ff`), DecodeOptions{}, ErrInvalid, "bad chunk"},
		{"cbor simple value", hexBytes(t, `d9d9f7 81 a3 64 74797065 01 69 74696d657374616d70 01 64 64617461 f8 20`), DecodeOptions{}, ErrInvalid, "simple value 32"},
		{"cbor reserved info", hexBytes(t, `d9d9f7 1c`), DecodeOptions{}, ErrInvalid, "reserved CBOR additional info"},
		{"cbor stray break", hexBytes(t, `d9d9f7 ff`), DecodeOptions{}, ErrInvalid, "top-level break"},
		{"cbor document version 2", hexBytes(t, `a2 66 666f726d6174 6f 726570726973652d73657373696f6e 67 76657273696f6e 02`), DecodeOptions{}, ErrInvalid, "version 2"},
		{"binary both fail", hexBytes(t, `81 05`), DecodeOptions{}, ErrInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _, err := DecodeWith(tt.in, tt.opts)
			if err == nil {
				t.Fatalf("decoded %+v, want an error", doc)
			}
			if !errorsIs(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "rrweb: decode") {
				t.Errorf("error %q lacks the rrweb: decode prefix", err)
			}
		})
	}
}

// dropOdd is an EventHook that reads nothing itself, drops events with an
// odd timestamp and rewrites the data of the others.
type dropOdd struct{ seen int }

func (h *dropOdd) Payload(EventType, []byte) (int, bool) { return 0, false }
func (h *dropOdd) Event(ev *Event) bool {
	h.seen++
	if ev.Timestamp%2 == 1 {
		return false
	}
	ev.Data = json.RawMessage(`{"kept":true}`)
	return true
}

// TestEventHookRewritesAndDrops: what the hook writes is what the list
// holds, what it drops is gone, in a JSON array and in NDJSON alike, and
// an error still names the event by its place in the input.
func TestEventHookRewritesAndDrops(t *testing.T) {
	array := `[{"type":5,"data":{},"timestamp":1},{"type":5,"data":{},"timestamp":2},{"type":5,"data":{},"timestamp":3},{"type":5,"data":{},"timestamp":4}]`
	ndjson := "{\"type\":5,\"data\":{},\"timestamp\":1}\n{\"type\":5,\"data\":{},\"timestamp\":2}\n{\"type\":5,\"data\":{},\"timestamp\":3}\n{\"type\":5,\"data\":{},\"timestamp\":4}\n"
	for name, in := range map[string]string{"array": array, "ndjson": ndjson} {
		h := &dropOdd{}
		doc, _, err := DecodeWith([]byte(in), DecodeOptions{Hook: h})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		evs := doc.Tabs[0].Events
		if h.seen != 4 || len(evs) != 2 || evs[0].Timestamp != 2 || evs[1].Timestamp != 4 || string(evs[1].Data) != `{"kept":true}` {
			t.Errorf("%s: hook saw %d, list = %+v", name, h.seen, evs)
		}
	}
	bad := strings.Replace(array, `"timestamp":4`, `"timestamp":x`, 1)
	_, _, err := DecodeWith([]byte(bad), DecodeOptions{Hook: &dropOdd{}})
	if err == nil || !strings.Contains(err.Error(), "event 3 ") {
		t.Errorf("error = %v, want it to name event 3 (the input's numbering, not the list's)", err)
	}
	badNDJSON := strings.Replace(ndjson, `"timestamp":4`, `"timestamp":x`, 1)
	_, _, err = DecodeWith([]byte(badNDJSON), DecodeOptions{Hook: &dropOdd{}})
	if err == nil || !strings.Contains(err.Error(), "line 4 (event 3,") {
		t.Errorf("NDJSON error = %v, want line 4 (event 3, …)", err)
	}
}

// TestEventListGrowth: the list grows to what the rest of the input
// projects, never past four times what it holds, and loses nothing.
func TestEventListGrowth(t *testing.T) {
	small := `{"type":5,"data":{},"timestamp":1}`
	huge := `{"type":5,"data":{"x":"` + strings.Repeat("y", 1<<20) + `"},"timestamp":2}`
	tests := []struct {
		name   string
		events []string
	}{
		{"even", slices.Repeat([]string{small}, 5000)},
		{"small then one huge", append(slices.Repeat([]string{small}, 3000), huge)},
		{"huge then small", append([]string{huge}, slices.Repeat([]string{small}, 3000)...)},
	}
	for _, tt := range tests {
		in := "[" + strings.Join(tt.events, ",") + "]"
		doc, _, err := Decode([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		evs := doc.Tabs[0].Events
		if len(evs) != len(tt.events) {
			t.Fatalf("%s: %d events, want %d", tt.name, len(evs), len(tt.events))
		}
		// The first guess is a byte count over 512; after that, growth is
		// bounded by 4x (plus append's rounding).
		if limit := max(len(in)/512+1, 4*len(evs)+64); cap(evs) > limit {
			t.Errorf("%s: capacity %d for %d events (limit %d)", tt.name, cap(evs), len(evs), limit)
		}
	}
}

// TestDecodeScratch: gzip input is inflated into Scratch when it is large
// enough (the events then point into it, as documented), and a scratch too
// small, or input that is not gzip'd, leaves it untouched.
func TestDecodeScratch(t *testing.T) {
	plain := []byte(`[{"type":4,"data":{"href":"https://a.example/","width":800,"height":600},"timestamp":1},{"type":3,"data":{"source":2,"type":2,"id":5,"x":1,"y":2},"timestamp":2}]`)
	want, _, err := Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	var wantJSON bytes.Buffer
	if err := Encode(&wantJSON, want, FormatJSON); err != nil {
		t.Fatal(err)
	}
	decode := func(in []byte, scratch []byte) *Document {
		t.Helper()
		doc, _, err := DecodeWith(in, DecodeOptions{Scratch: scratch})
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := Encode(&got, doc, FormatJSON); err != nil {
			t.Fatal(err)
		}
		if got.String() != wantJSON.String() {
			t.Fatalf("with a scratch of capacity %d: got %s, want %s", cap(scratch), got.String(), wantJSON.String())
		}
		return doc
	}
	fill := func(b []byte) []byte {
		b = b[:cap(b)]
		for i := range b {
			b[i] = '#'
		}
		return b[:0]
	}
	untouched := func(b []byte) bool {
		for _, c := range b[:cap(b)] {
			if c != '#' {
				return false
			}
		}
		return true
	}

	big := fill(make([]byte, 0, 4096))
	doc := decode(gzipBytes(plain), big)
	fill(big) // the document's data lives in big: overwriting it shows
	if d := doc.Tabs[0].Events[0].Data; len(d) == 0 || d[0] != '#' {
		t.Errorf("event data does not point into the scratch buffer: %q", d)
	}

	small := fill(make([]byte, 0, 16))
	decode(gzipBytes(plain), small)
	if !untouched(small) {
		t.Error("a scratch buffer too small for the input was written to")
	}
	notGzip := fill(make([]byte, 0, 4096))
	decode(plain, notGzip)
	if !untouched(notGzip) {
		t.Error("the scratch buffer was written to for input that is not gzip'd")
	}
}
