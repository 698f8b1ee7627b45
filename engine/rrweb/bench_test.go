package rrweb

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// benchEvents loads the benchmark recording (recordings.Bench: the long
// fixture when it exists, else the largest) and returns all its events as
// one bare list and the file used.
func benchEvents(b *testing.B) ([]Event, string) {
	b.Helper()
	name := recordings.Bench(b)
	in, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	doc, _, err := Decode(in)
	if err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	var events []Event
	for _, t := range doc.Tabs {
		events = append(events, t.Events...)
	}
	return events, name
}

// BenchmarkDecode measures Decode throughput per input format on a real
// recording converted with this package's encoder.
func BenchmarkDecode(b *testing.B) {
	events, name := benchEvents(b)
	doc := bareDocument(events)
	enc := func(f Format) []byte {
		out, err := AppendEncode(nil, doc, f)
		if err != nil {
			b.Fatal(err)
		}
		return out
	}
	jsonIn := enc(FormatJSON)
	packed := []string{}
	for _, e := range events {
		s, err := Pack(e)
		if err != nil {
			b.Fatal(err)
		}
		packed = append(packed, s)
	}
	packedIn, _ := json.Marshal(packed)
	inputs := []struct {
		name string
		in   []byte
	}{
		{"json", jsonIn},
		{"ndjson", enc(FormatNDJSON)},
		{"packed", packedIn},
		{"msgpack", enc(FormatMsgpack)},
		{"cbor", enc(FormatCBOR)},
		{"gzip-json", gzipBytes(jsonIn)},
	}
	b.Logf("input %s: %d events, %d bytes of JSON", name, len(events), len(jsonIn))
	for _, tt := range inputs {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Decode(tt.in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
	// Baseline: encoding/json v1 decoding the same envelope (raw data).
	b.Run("stdlib-json-envelope", func(b *testing.B) {
		type envelope struct {
			Type      int             `json:"type"`
			Data      json.RawMessage `json:"data"`
			Timestamp float64         `json:"timestamp"`
		}
		b.SetBytes(int64(len(jsonIn)))
		b.ReportAllocs()
		for b.Loop() {
			var out []envelope
			if err := json.Unmarshal(jsonIn, &out); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}

// BenchmarkEncode measures Encode throughput per output format (bytes are
// those of the JSON form, for comparability).
func BenchmarkEncode(b *testing.B) {
	events, _ := benchEvents(b)
	doc := bareDocument(events)
	jsonIn, _ := AppendEncode(nil, doc, FormatJSON)
	for _, f := range allFormats {
		b.Run(f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(jsonIn)))
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				var err error
				if buf, err = AppendEncode(buf[:0], doc, f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
