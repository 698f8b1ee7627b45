package rrweb

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// drain reads a stream to its end in batches of max events (chunk bytes of
// inflated JSON per read when > 0) and returns every event and the error
// that ended it (nil for a clean end).
func drain(t testing.TB, data []byte, opts DecodeOptions, max, chunk int) ([]Event, Info, error) {
	t.Helper()
	s, err := NewEventStream(data, opts)
	if err != nil {
		return nil, Info{}, err
	}
	if chunk > 0 {
		s.chunk = chunk
	}
	var all []Event
	for {
		evs, err := s.Next(max)
		if max > 0 && len(evs) > max {
			t.Fatalf("Next(%d) returned %d events", max, len(evs))
		}
		all = append(all, evs...)
		if err == io.EOF {
			if n := s.Events(); n != len(all) {
				t.Fatalf("Events() = %d, delivered %d", n, len(all))
			}
			if _, again := s.Next(max); again != io.EOF {
				t.Fatalf("Next after the end: %v, want io.EOF", again)
			}
			return all, s.Info(), nil
		}
		if err != nil {
			if _, again := s.Next(max); again == nil || again.Error() != err.Error() {
				t.Fatalf("Next after an error: %v, want %v again", again, err)
			}
			return all, s.Info(), err
		}
	}
}

// identicalEvents: same events, data byte for byte (both alias the same JSON).
func identicalEvents(t testing.TB, what string, got, want []Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d events, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i].Type != want[i].Type || got[i].Timestamp != want[i].Timestamp || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s: event %d = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

// TestEventStreamEqualsDecode: every real recording that is an event array,
// plain and gzipped, streamed in batches of several sizes and with tiny
// inflate chunks (events cut at every kind of boundary), gives exactly
// Decode's events and info.
func TestEventStreamEqualsDecode(t *testing.T) {
	tested := 0
	for _, p := range recordings.Paths(t, false) {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, info, err := Decode(raw)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !doc.Bare || info.Format != FormatJSON {
			if _, err := NewEventStream(raw, DecodeOptions{}); !errors.Is(err, ErrNotStream) {
				t.Errorf("%s (a %v session document): NewEventStream = %v, want ErrNotStream", p, info.Format, err)
			}
			continue
		}
		want := doc.Tabs[0].Events
		var plain []byte
		if info.Gzip {
			plain = gunzipForTest(t, raw)
		} else {
			plain = raw
		}
		inputs := map[string][]byte{"plain": plain, "gzip": gzipBytes(plain)}
		for name, in := range inputs {
			for _, c := range []struct{ max, chunk int }{{0, 0}, {1, 0}, {7, 0}, {1000, 0}, {3, 97}, {50, 4096}} {
				if c.chunk > 0 && c.chunk < 4096 && len(plain) > 2<<20 {
					continue // tiny chunks on the 14 MB recording: slow, and nothing new
				}
				got, ginfo, err := drain(t, in, DecodeOptions{}, c.max, c.chunk)
				if err != nil {
					t.Fatalf("%s %s max=%d chunk=%d: %v", p, name, c.max, c.chunk, err)
				}
				identicalEvents(t, p+" "+name, got, want)
				if ginfo.Format != FormatJSON || ginfo.Gzip != (name == "gzip") || ginfo.Packed != info.Packed {
					t.Fatalf("%s %s: info %+v", p, name, ginfo)
				}
			}
		}
		tested++
	}
	if tested == 0 {
		t.Skip("no event-array recordings under fixtures/recordings")
	}
}

func gunzipForTest(t testing.TB, b []byte) []byte {
	t.Helper()
	doc, _, err := Decode(b) // through Decode's own gunzip, re-encoded below
	if err != nil {
		t.Fatal(err)
	}
	out, err := AppendEncode(nil, doc, FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEventStreamNotAnArray(t *testing.T) {
	for _, in := range []string{
		``, `   `, `{"type":4,"data":{},"timestamp":1}`, `{"format":"reprise-session","version":1,"tabs":[]}`,
		`"packed"`, "\x93\x01\x02\x03",
	} {
		for _, b := range [][]byte{[]byte(in), gzipBytes([]byte(in))} {
			if _, err := NewEventStream(b, DecodeOptions{}); !errors.Is(err, ErrNotStream) {
				t.Errorf("NewEventStream(%q) = %v, want ErrNotStream", b, err)
			}
		}
	}
	if _, err := NewEventStream([]byte{0x1f, 0x8b, 1, 2}, DecodeOptions{}); err == nil || !errors.Is(err, ErrInvalid) {
		t.Errorf("a broken gzip header: %v, want ErrInvalid", err)
	}
}

// TestEventStreamDefects: bad input fails where Decode fails, with the same
// sentinel and message, after delivering the events before the defect.
func TestEventStreamDefects(t *testing.T) {
	good := `{"type":4,"data":{"href":"x","width":1,"height":1},"timestamp":1}`
	long := `[` + strings.Repeat(good+",", 300) + good + `]`
	cases := []struct {
		name   string
		in     string
		before int // events delivered before the error
	}{
		{"trailing data", `[` + good + `] x`, 1},
		{"missing comma", `[` + good + good + `]`, 1},
		{"truncated array", `[` + good + `,`, 1},
		{"unclosed array", `[` + good, 1},
		{"bad event", `[` + good + `,{"type":"x"}]`, 1},
		{"bad value", `[` + good + `,` + good + `,7]`, 2},
		{"long then bad", long[:len(long)-1] + `,{]`, 301},
	}
	for _, c := range cases {
		for _, gz := range []bool{false, true} {
			in := []byte(c.in)
			if gz {
				in = gzipBytes(in)
			}
			_, _, werr := Decode(in)
			if werr == nil {
				t.Fatalf("%s: Decode accepted it", c.name)
			}
			for _, chunk := range []int{0, 1, 13} {
				got, _, err := drain(t, in, DecodeOptions{}, 2, chunk)
				if err == nil {
					t.Fatalf("%s gzip=%v chunk=%d: no error (Decode: %v)", c.name, gz, chunk, werr)
				}
				if err.Error() != werr.Error() || !errors.Is(err, ErrInvalid) {
					t.Errorf("%s gzip=%v chunk=%d: error %q, Decode said %q", c.name, gz, chunk, err, werr)
				}
				if len(got) != c.before {
					t.Errorf("%s gzip=%v chunk=%d: %d events before the error, want %d", c.name, gz, chunk, len(got), c.before)
				}
			}
		}
	}
	// A gzip stream cut short: the events in the part that inflates come
	// first, then the error Decode gives.
	gz := gzipBytes([]byte(long))
	cut := gz[:len(gz)*2/3]
	_, _, werr := Decode(cut)
	got, _, err := drain(t, cut, DecodeOptions{}, 10, 64)
	if err == nil || werr == nil || err.Error() != werr.Error() {
		t.Fatalf("cut gzip: %v, Decode: %v", err, werr)
	}
	if len(got) == 0 {
		t.Error("cut gzip: nothing delivered before the error")
	}
}

func TestEventStreamLimits(t *testing.T) {
	good := `{"type":4,"data":{"href":"x","width":1,"height":1},"timestamp":1}`
	in := []byte(`[` + strings.Repeat(good+",", 99) + good + `]`)
	for _, b := range [][]byte{in, gzipBytes(in)} {
		got, _, err := drain(t, b, DecodeOptions{MaxEvents: 40}, 16, 0)
		if !errors.Is(err, ErrTooLarge) || len(got) != 40 {
			t.Errorf("MaxEvents 40: %d events, %v", len(got), err)
		}
	}
	got, _, err := drain(t, gzipBytes(in), DecodeOptions{MaxDecompressedBytes: 1000}, 0, 0)
	_, _, werr := DecodeWith(gzipBytes(in), DecodeOptions{MaxDecompressedBytes: 1000})
	if !errors.Is(err, ErrTooLarge) || werr == nil || err.Error() != werr.Error() {
		t.Errorf("MaxDecompressedBytes: %d events, %v (Decode: %v)", len(got), err, werr)
	}
}

// FuzzEventStream: on any input a stream either refuses it (ErrNotStream,
// exactly when Decode does not see a JSON array) or gives Decode's events,
// or fails as Decode fails, never panicking.
func FuzzEventStream(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, uint8(0))
	}
	f.Add([]byte(`[{"type":4,"data":{},"timestamp":1},{"type":2,"data":{"node":{}},"timestamp":2}]`), uint8(3))
	f.Fuzz(func(t *testing.T, in []byte, chunk uint8) {
		opts := DecodeOptions{MaxDecompressedBytes: 64 << 20, MaxEvents: 100000}
		doc, info, werr := DecodeWith(in, opts)
		got, _, err := drain(t, in, opts, 5, int(chunk))
		if errors.Is(err, ErrNotStream) {
			if werr == nil && doc.Bare && info.Format == FormatJSON {
				t.Fatalf("a JSON event array refused as not a stream")
			}
			return
		}
		switch {
		case werr == nil && info.Format != FormatJSON:
			t.Fatalf("streamed what Decode read as %v (stream error %v)", info.Format, err)
		case werr == nil && err != nil:
			t.Fatalf("stream failed (%v) where Decode succeeded", err)
		case werr != nil && err == nil:
			t.Fatalf("stream succeeded where Decode failed (%v)", werr)
		case werr != nil:
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error without a sentinel: %v", err)
			}
		default:
			identicalEvents(t, "fuzz", got, doc.Tabs[0].Events)
		}
	})
}
