package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reprise-dev/reprise/engine"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// The bridge's open split into its two halves, natively or under WASM:
//
//	go test ./wasm -run '^$' -bench . -benchtime 3x
//	GOOS=js GOARCH=wasm go test ./wasm -run '^$' -bench . -benchtime 3x -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec"
//
// BENCH_RECORDING=path picks the recording (default: the fixture named).
func benchData(b *testing.B, fixture string) []byte {
	p := os.Getenv("BENCH_RECORDING")
	if p == "" {
		p = filepath.Join("..", "fixtures", "recordings", fixture)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		b.Skipf("no recording: %v", err)
	}
	return data
}

func BenchmarkDecode(b *testing.B) {
	data := benchData(b, "dynamic.json")
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, _, err := rrweb.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeOpen(b *testing.B) {
	data := benchData(b, "dynamic.json")
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		doc, _, err := rrweb.Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := engine.Open(doc, engine.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenSeekMiddle(b *testing.B) {
	data := benchData(b, "dynamic.json")
	for i := 0; i < b.N; i++ {
		br := newBridge()
		h, err := br.open(data)
		if err != nil {
			b.Fatal(err)
		}
		s := br.sessions[h].s
		c, _ := br.cursor(h, "")
		br.seek(c, s.DurationMs()/2, false)
	}
}

// BenchmarkSeekPoints: the player's cold seeks (engine side: keyframe,
// replay, frame JSON) to 11 evenly spaced points of an indexed recording,
// in the benchmark's scrambled order; one op is the 11 seeks. /frame sends
// the whole document each time, /patch the ops from the shown one (what
// the player asks for once it shows the cursor's page).
func BenchmarkSeekPoints(b *testing.B) {
	for _, mode := range []struct {
		name  string
		patch bool
	}{{"frame", false}, {"patch", true}} {
		b.Run(mode.name, func(b *testing.B) { benchSeekPoints(b, mode.patch) })
	}
}

func benchSeekPoints(b *testing.B, patch bool) {
	data := benchData(b, "long.json.gz")
	br := newBridge()
	h, err := br.open(data)
	if err != nil {
		b.Fatal(err)
	}
	for {
		st, err := br.index(h, 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		if st == 2 {
			break
		}
	}
	s := br.sessions[h].s
	c, err := br.cursor(h, "")
	if err != nil {
		b.Fatal(err)
	}
	order := []int64{5, 0, 10, 3, 8, 1, 6, 9, 2, 7, 4}
	b.ResetTimer()
	bytes := 0
	for i := 0; i < b.N; i++ {
		for _, k := range order {
			f, err := br.seek(c, s.DurationMs()*k/10, patch)
			if err != nil {
				b.Fatal(err)
			}
			bytes += len(f)
		}
	}
	b.ReportMetric(float64(bytes)/float64(b.N*len(order)), "frame-B/seek")
}
