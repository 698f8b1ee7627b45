package mask

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// benchInput is fixtures/recordings/long.json.gz when present, else the
// largest recording.
func benchInput(b *testing.B) (string, []byte) {
	best := recordings.Bench(b)
	data, err := os.ReadFile(best)
	if err != nil {
		b.Fatal(err)
	}
	return best, data
}

// BenchmarkPipeline measures decode → [mask] → encode (the input's
// format) on the bench fixture; MB/s counts the recording's JSON bytes.
func BenchmarkPipeline(b *testing.B) {
	path, data := benchInput(b)
	doc, _, err := rrweb.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	var raw bytes.Buffer
	rrweb.Encode(&raw, doc, rrweb.FormatJSON)
	events := 0
	for _, tb := range doc.Tabs {
		events += len(tb.Events)
	}
	b.Logf("fixture %s: %d events, %d bytes JSON", filepath.Base(path), events, raw.Len())
	rules, err := Compile(Config{MaskSelectors: []string{".private"}, ExcludeSelectors: []string{".rr-block"}})
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"DecodeEncode", "Mask"} {
		b.Run(mode, func(b *testing.B) {
			b.SetBytes(int64(raw.Len()))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				doc, info, err := rrweb.Decode(data)
				if err != nil {
					b.Fatal(err)
				}
				if mode == "Mask" {
					m := New(rules)
					for k := range doc.Tabs {
						doc.Tabs[k].Events, _ = m.Batch(doc.Tabs[k].ID, doc.Tabs[k].Events)
					}
				}
				var out bytes.Buffer
				if err := rrweb.Encode(&out, doc, info.Format); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(events*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
