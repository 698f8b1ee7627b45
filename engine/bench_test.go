package engine

import (
	"math/rand"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// The benchmarks run on the long real recording (≥25 min, ≥50k events).
// Run them with `make bench`; figures go into the README.

const longFixture = "../fixtures/recordings/long.json.gz"

func loadLong(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile(longFixture)
	if err != nil {
		b.Skipf("long fixture unavailable (%v): record it with `make fixtures`", err)
	}
	return data
}

func openLong(b *testing.B) *Session {
	doc, _, err := rrweb.Decode(loadLong(b))
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(doc, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkOpen is decode + sort + decode payloads + keyframes: the time
// from bytes to a session that can seek anywhere.
func BenchmarkOpen(b *testing.B) {
	data := loadLong(b)
	b.SetBytes(int64(len(data)))
	var s *Session
	for i := 0; i < b.N; i++ {
		doc, _, err := rrweb.Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if s, err = Open(doc, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var kf, bytes int64
	events := 0
	for _, t := range s.tabs {
		kf += int64(len(t.keyframes))
		bytes += t.keyframeBytes()
		events += len(t.events)
	}
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(float64(s.DurationMs())/60000, "minutes")
	b.ReportMetric(float64(kf), "keyframes")
	b.ReportMetric(float64(bytes)/(1<<20), "keyframe-MiB")
}

// percentiles reports p50/p99 of the samples in ms.
func percentiles(b *testing.B, name string, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))]) / 1e6 }
	b.ReportMetric(ms(0.5), name+"-p50-ms")
	b.ReportMetric(ms(0.99), name+"-p99-ms")
	b.ReportMetric(float64(d[len(d)-1])/1e6, name+"-max-ms")
}

func randomOffsets(s *Session, n int) []int64 {
	rng := rand.New(rand.NewSource(42))
	out := make([]int64, n)
	for i := range out {
		out[i] = s.first + rng.Int63n(s.last-s.first+2)
	}
	return out
}

// benchSeek times reach (a way to build the state at a timestamp) over n
// random offsets per op and reports latency percentiles under name.
func benchSeek(b *testing.B, name string, n int, reach func(t *tab, ts int64)) {
	s := openLong(b)
	offs := randomOffsets(s, n)
	t := s.tabs[0]
	var d []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, ts := range offs {
			start := time.Now()
			reach(t, ts)
			d = append(d, time.Since(start))
		}
	}
	b.StopTimer()
	percentiles(b, name, d)
}

// BenchmarkStateAt: keyframe + delta to 200 random offsets (one op = all of
// them), reported as latency percentiles.
func BenchmarkStateAt(b *testing.B) {
	benchSeek(b, "stateat", 200, func(t *tab, ts int64) { t.stateAt(ts) })
}

// BenchmarkStateAtNaive is the baseline: replay from the first event, as a
// player without keyframes does (rrweb replays from the last full snapshot,
// which for a recording without checkouts is the same).
func BenchmarkStateAtNaive(b *testing.B) {
	benchSeek(b, "naive", 100, func(t *tab, ts int64) { t.coldState(ts) })
}

// BenchmarkSnapshotEnd is `reprise snapshot --at <end>` in process: decode,
// open, and the snapshot HTML of the final state.
func BenchmarkSnapshotEnd(b *testing.B) {
	data := loadLong(b)
	for i := 0; i < b.N; i++ {
		doc, _, err := rrweb.Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		s, err := Open(doc, Options{KeyframeCost: -1})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.SnapshotHTML("", s.DurationMs()+1); err != nil {
			b.Fatal(err)
		}
	}
}
