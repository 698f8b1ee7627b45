package rrweb

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// latin1Bytes maps each rune (< 256) of s to one byte.
func latin1Bytes(t *testing.T, s string) []byte {
	t.Helper()
	var b []byte
	for _, r := range s {
		if r > 0xff {
			t.Fatalf("rune U+%04X > 0xFF", r)
		}
		b = append(b, byte(r))
	}
	return b
}

// TestPackerSnapshot: the event of rrweb's packer test, packed by the real
// @rrweb/packer (fflate, testdata/gen_packed.cjs), inflates to exactly
// what rrweb's snapshot says and decodes to the event.
func TestPackerSnapshot(t *testing.T) {
	var strs []string
	if err := json.Unmarshal(readTestdata(t, "packer_snapshot_event.json"), &strs); err != nil || len(strs) != 1 {
		t.Fatalf("testdata: %v", err)
	}
	z := latin1Bytes(t, strs[0])
	if z[0] != 0x78 || z[1] != 0x9c {
		t.Errorf("zlib header = % x, want 78 9c (default level)", z[:2])
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	js, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":0,"data":{},"timestamp":1577836800000,"v":"v1"}`; string(js) != want {
		t.Errorf("inflated %s, want %s", js, want)
	}
	e, err := Unpack(strs[0])
	if err != nil || e.Type != DomContentLoaded || e.Timestamp != 1577836800000 || string(e.Data) != `{}` {
		t.Errorf("Unpack = %+v, %v", e, err)
	}
}

// TestPackedFixtures decodes batches packed independently of this package
// (real @rrweb/packer; Node zlib.deflateSync; a mix of objects, packed and
// JSON strings) and compares with what rrweb's own unpack produced.
func TestPackedFixtures(t *testing.T) {
	want, _, err := Decode(readTestdata(t, "packed_expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want.Tabs[0].Events[3].Timestamp != 1700000000101 {
		t.Errorf("float timestamp 1700000000100.6 decoded as %d", want.Tabs[0].Events[3].Timestamp)
	}
	for _, tt := range []struct {
		file   string
		format Format
	}{
		{"packed_rrweb_packer.json", FormatJSON},
		{"packed_node_zlib.ndjson", FormatNDJSON},
		{"packed_mixed.json", FormatJSON},
	} {
		t.Run(tt.file, func(t *testing.T) {
			doc, info, err := Decode(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != tt.format || !info.Packed {
				t.Errorf("info = %+v", info)
			}
			sameEvents(t, doc.Tabs[0].Events, want.Tabs[0].Events)
		})
	}
}

func TestPackUnpackRoundTrip(t *testing.T) {
	for _, e := range []Event{
		ev(3, 1700000000000, `{"source":5,"text":"héllo 日本 😀 \u0000 \"q\"","isChecked":false}`),
		ev(0, 0, `{}`),
		{Type: 1, Timestamp: -5},
	} {
		s, err := Pack(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range s {
			if r > 0xff {
				t.Fatalf("Pack produced rune U+%04X", r)
			}
		}
		if !utf8.ValidString(s) {
			t.Fatal("Pack produced invalid UTF-8")
		}
		got, err := Unpack(s)
		if err != nil {
			t.Fatal(err)
		}
		want := e
		if want.Data == nil {
			want.Data = []byte(`{}`)
		}
		sameEvents(t, []Event{got}, []Event{want})
		// And inside a JSON batch, as a recorder would send it.
		batch, _ := json.Marshal([]string{s})
		doc, info, err := Decode(batch)
		if err != nil || !info.Packed {
			t.Fatalf("batch: %v %+v", err, info)
		}
		sameEvents(t, doc.Tabs[0].Events, []Event{want})
	}
	if _, err := Pack(ev(1, 1, `{"a":`)); !errorsIs(err, ErrInvalid) {
		t.Errorf("Pack of invalid data: %v", err)
	}
	if _, err := Unpack("nope"); !errorsIs(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "rrweb: unpack") {
		t.Errorf("Unpack(nope) = %v", err)
	}
	// A string holding plain event JSON is accepted, as rrweb's unpack does.
	if e, err := Unpack(` {"type":2,"data":{"x":1},"timestamp":4}`); err != nil || e.Type != 2 || string(e.Data) != `{"x":1}` {
		t.Errorf("Unpack(JSON) = %+v, %v", e, err)
	}
}
