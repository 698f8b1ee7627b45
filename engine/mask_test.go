package engine

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reprise-dev/reprise/engine/rrweb"
	"github.com/reprise-dev/reprise/fixtures/conform"
	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// Rule sets the fixtures are masked with. permissive keeps what users type
// (so only the always-on defaults and .private protect anything); strict is
// the default (every input masked); exclude also exercises placeholders.
const (
	permissiveRules = `{"captureTextInput":true,"maskSelectors":[".private"]}`
	strictRules     = `{"maskSelectors":[".private"]}`
	excludeRules    = `{"captureTextInput":true,"maskSelectors":[".private","#log-pane p:not(.x)"],"excludeSelectors":[".summary","#shadow-host","iframe","li.item.hl"]}`
)

// knownSecrets are what the harness typed or embedded, per fixture, on top
// of what recordingSecrets derives.
var knownSecrets = map[string][]string{
	"checkout": {"Sup3rSecret!pw", "4111 1111 1111 1111", "12/29", "737", "tok_hidden_5f3a9c", "Jane Q. Private"},
}

var (
	privateClass = regexp.MustCompile(`(^|\s)private(\s|$)`)
	nonDigits    = regexp.MustCompile(`[^0-9]`)
	cardRun      = regexp.MustCompile(`\d(?:[ -]?\d){12,18}`)
)

type fixture struct {
	name string
	path string
	doc  *rrweb.Document
}

// fixtures loads every recording under fixtures/recordings; -short leaves
// out the long one.
func fixtures(t testing.TB) []fixture { return readFixtures(t, true) }

// readFixtures loads the recordings under fixtures/recordings, leaving out
// the 59k-event one in -short mode when shortSkipsLong: it dominates, and
// the WASM run (-short) keeps the others; native runs cover it.
func readFixtures(t testing.TB, shortSkipsLong bool) []fixture {
	t.Helper()
	var out []fixture
	for _, p := range recordings.Paths(t, shortSkipsLong) {
		f, _ := readFixture(t, p)
		out = append(out, f)
	}
	return out
}

// readFixture loads and decodes the recording at p.
func readFixture(t testing.TB, p string) (fixture, []byte) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := rrweb.Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p), ".gz"), ".json")
	return fixture{name: name, path: p, doc: doc}, data
}

func mustRules(t testing.TB, s string) Rules {
	t.Helper()
	r, err := ParseRules([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// walkJSON calls f for every object and string in every event's data.
func walkJSON(doc *rrweb.Document, obj func(map[string]any), str func(string)) {
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if obj != nil {
				obj(x)
			}
			for k, e := range x {
				if str != nil {
					str(k)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			if str != nil {
				str(x)
			}
		}
	}
	for _, tb := range doc.Tabs {
		for _, ev := range tb.Events {
			var v any
			if json.Unmarshal(ev.Data, &v) == nil {
				walk(v)
			}
		}
	}
}

// recordingSecrets derives secrets from the unmasked recording and the
// harness's actions: values of hidden inputs, text inside .private, and
// whatever was typed into a field the defaults protect (password, cc-*,
// one-time-code) or that holds a Luhn-valid card number.
// recordingSecrets lists what must not survive masking in a fixture;
// strings made only of mask characters are dropped: a recording the client
// already masked (masked-client) shows "**** ** ****" where text was, and
// that carries nothing to leak.
func recordingSecrets(t *testing.T, f fixture) []string {
	var out []string
	for _, s := range rawRecordingSecrets(t, f) {
		if strings.Trim(s, "* \t\n\r") != "" {
			out = append(out, s)
		}
	}
	return out
}

func rawRecordingSecrets(t *testing.T, f fixture) []string {
	secrets := append([]string(nil), knownSecrets[f.name]...)
	byID := map[string]map[string]any{}
	var privateIDs []float64
	walkJSON(f.doc, func(o map[string]any) {
		attrs, _ := o["attributes"].(map[string]any)
		if attrs == nil {
			return
		}
		if id, ok := attrs["id"].(string); ok {
			byID[id] = attrs
		}
		if typ, _ := attrs["type"].(string); strings.EqualFold(typ, "hidden") {
			if v, _ := attrs["value"].(string); len(v) >= 3 {
				secrets = append(secrets, v)
			}
		}
		if cls, _ := attrs["class"].(string); privateClass.MatchString(cls) {
			if kids, ok := o["childNodes"].([]any); ok {
				for _, k := range kids {
					if km, ok := k.(map[string]any); ok {
						if s, _ := km["textContent"].(string); strings.TrimSpace(s) != "" {
							secrets = append(secrets, strings.TrimSpace(s))
						}
					}
				}
			}
			if id, ok := o["id"].(float64); ok {
				privateIDs = append(privateIDs, id)
			}
		}
	}, nil)
	actions, err := os.ReadFile(strings.TrimSuffix(strings.TrimSuffix(f.path, ".gz"), ".json") + ".actions.json")
	if err != nil {
		t.Logf("%s: no actions file (%v); using the recording only", f.name, err)
		return secrets
	}
	var acts struct {
		Actions []struct {
			Type, Selector, Text string
		}
	}
	if err := json.Unmarshal(actions, &acts); err != nil {
		t.Fatalf("%s actions: %v", f.name, err)
	}
	for _, a := range acts.Actions {
		if a.Type != "type" || a.Text == "" {
			continue
		}
		attrs := byID[strings.TrimPrefix(a.Selector, "#")]
		typ, _ := attrs["type"].(string)
		ac, _ := attrs["autocomplete"].(string)
		ac = strings.ToLower(ac)
		if typ == "password" || strings.HasPrefix(ac, "cc-") || strings.Contains(ac, "password") ||
			ac == "one-time-code" || hasCard(a.Text) {
			secrets = append(secrets, a.Text)
		}
	}
	return secrets
}

func hasCard(s string) bool {
	d := nonDigits.ReplaceAllString(s, "")
	if len(d) < 13 || len(d) > 19 {
		return false
	}
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		x := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			if x *= 2; x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

// forms are the spellings of a secret to look for: itself, and for card
// numbers their digits bare, dash-separated and space-separated in 4s.
func forms(secret string) []string {
	out := []string{secret}
	if hasCard(secret) {
		d := nonDigits.ReplaceAllString(secret, "")
		var groups []string
		for i := 0; i < len(d); i += 4 {
			groups = append(groups, d[i:min(i+4, len(d))])
		}
		out = append(out, d, strings.Join(groups, "-"), strings.Join(groups, " "))
	}
	return out
}

// base64Forms are the base64 spellings of s at the three byte alignments,
// trimmed to the characters that do not depend on neighbouring bytes.
func base64Forms(s string) []string {
	var out []string
	for pad := 0; pad < 3; pad++ {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			b := enc.EncodeToString(append(bytes.Repeat([]byte{0}, pad), s...))
			start := (pad*4 + 2) / 3
			end := len(b) - 4
			if end-start >= 4 {
				out = append(out, b[start+1:end])
			}
		}
	}
	return out
}

func TestMaskFixturesLeakNothing(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			secrets := recordingSecrets(t, f)
			if len(secrets) == 0 {
				t.Logf("%s: no secrets typed or embedded; checking card numbers only", f.name)
			}
			// The secrets must be in the input, else the test proves nothing.
			var raw bytes.Buffer
			if err := rrweb.Encode(&raw, f.doc, rrweb.FormatJSON); err != nil {
				t.Fatal(err)
			}
			present := 0
			for _, s := range secrets {
				if bytes.Contains(raw.Bytes(), []byte(jsonInner(s))) {
					present++
				} else {
					t.Logf("secret %q is not in the unmasked recording (rrweb masked it, or the table is stale)", s)
				}
			}
			if len(secrets) > 0 && present == 0 {
				t.Errorf("none of the secrets is in the unmasked recording: the test would prove nothing")
			}
			for _, rules := range []string{permissiveRules, strictRules, excludeRules} {
				masked, _, err := Mask(f.doc, mustRules(t, rules))
				if err != nil {
					t.Fatal(err)
				}
				checkNoLeak(t, rules, masked, secrets)
			}
		})
	}
}

// jsonInner is s as it appears inside a JSON string.
func jsonInner(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func checkNoLeak(t *testing.T, rules string, masked *rrweb.Document, secrets []string) {
	t.Helper()
	for _, f := range []rrweb.Format{rrweb.FormatJSON, rrweb.FormatMsgpack, rrweb.FormatCBOR} {
		var buf bytes.Buffer
		if err := rrweb.Encode(&buf, masked, f); err != nil {
			t.Fatalf("encode %v: %v", f, err)
		}
		enc := buf.Bytes()
		back, info, err := rrweb.Decode(enc)
		if err != nil {
			t.Fatalf("re-decode %v: %v", f, err)
		}
		if info.Packed {
			t.Errorf("%s %v: output holds packed events, which a grep cannot see into", rules, f)
		}
		for _, s := range secrets {
			for _, form := range forms(s) {
				// Short secrets (a CVC) also occur in timestamps; for those
				// only whole strings count, checked below.
				if len(form) >= 5 && bytes.Contains(enc, []byte(form)) {
					t.Errorf("%s %v: %q leaks", rules, f, form)
				}
				if f == rrweb.FormatJSON && len(form) >= 5 && strings.ContainsAny(form, "\n\"\\") &&
					bytes.Contains(enc, []byte(jsonInner(form))) {
					t.Errorf("%s %v: %q leaks (JSON-escaped)", rules, f, form)
				}
				for _, b := range base64Forms(form) {
					if bytes.Contains(enc, []byte(b)) {
						t.Errorf("%s %v: %q leaks as base64 %q", rules, f, form, b)
					}
				}
			}
		}
		walkJSON(back, nil, func(str string) {
			for _, s := range secrets {
				for _, form := range forms(s) {
					if strings.Contains(str, form) {
						t.Errorf("%s %v: a string holds %q: %.80q", rules, f, form, str)
					}
				}
			}
			if hasCardRun(str) {
				t.Errorf("%s %v: a string holds a card number: %.80q", rules, f, str)
			}
		})
	}
	if rules == strictRules {
		// Every Input event of a text-like field is starred. Checkbox, radio
		// and button-like inputs carry their page-authored value (rrweb's
		// maskAllInputs keeps it too); those targets are found in the
		// recording itself, per tab.
		for _, tb := range masked.Tabs {
			authored := authoredInputIDs(tb)
			for _, ev := range tb.Events {
				if ev.Source() != rrweb.SourceInput {
					continue
				}
				var d struct {
					Text string
					ID   int
				}
				json.Unmarshal(ev.Data, &d)
				if strings.Trim(d.Text, "*") != "" && !authored[d.ID] {
					t.Errorf("strict rules: input text %q in clear", d.Text)
				}
			}
		}
	}
}

// isAuthoredValue: checkbox/radio values the page wrote, kept by design.
// authoredInputIDs lists the ids of inputs whose value the page authors
// (checkbox, radio, submit, reset, button, image) in a tab's stream.
func authoredInputIDs(tb rrweb.Tab) map[int]bool {
	ids := map[int]bool{}
	one := &rrweb.Document{Tabs: []rrweb.Tab{tb}}
	walkJSON(one, func(o map[string]any) {
		if o["tagName"] != "input" {
			return
		}
		attrs, _ := o["attributes"].(map[string]any)
		typ, _ := attrs["type"].(string)
		switch strings.ToLower(typ) {
		case "checkbox", "radio", "submit", "reset", "button", "image":
			if id, ok := o["id"].(float64); ok {
				ids[int(id)] = true
			}
		}
	}, nil)
	return ids
}

// hasCardRun finds a Luhn-valid 13–19 digit number, separators allowed.
func hasCardRun(s string) bool {
	for _, m := range cardRun.FindAllString(s, -1) {
		if hasCard(m) {
			return true
		}
	}
	return false
}

func TestMaskBatchSplitEqualsWhole(t *testing.T) {
	for _, f := range fixtures(t) {
		for _, rs := range []string{permissiveRules, strictRules, excludeRules} {
			rules := mustRules(t, rs)
			whole, _, err := Mask(f.doc, rules)
			if err != nil {
				t.Fatal(err)
			}
			want := encodeJSON(t, whole)
			for seed := int64(1); seed <= 5; seed++ {
				rng := rand.New(rand.NewSource(seed))
				m, err := NewMasker(rules)
				if err != nil {
					t.Fatal(err)
				}
				split := *f.doc
				split.Tabs = nil
				for _, tb := range f.doc.Tabs {
					var out []rrweb.Event
					for i := 0; i < len(tb.Events); {
						n := 1 + rng.Intn(1+rng.Intn(40))
						if seed == 1 {
							n = 1 // one event per batch
						}
						j := min(i+n, len(tb.Events))
						evs, _, err := m.MaskBatch(tb.ID, tb.Events[i:j])
						if err != nil {
							t.Fatal(err)
						}
						out = append(out, evs...)
						i = j
					}
					split.Tabs = append(split.Tabs, rrweb.Tab{ID: tb.ID, Events: out})
				}
				if got := encodeJSON(t, &split); !bytes.Equal(got, want) {
					t.Fatalf("%s %s seed %d: batch-split output differs from whole-file output", f.name, rs, seed)
				}
			}
		}
	}
}

func encodeJSON(t testing.TB, doc *rrweb.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := rrweb.Encode(&buf, doc, rrweb.FormatJSON); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMaskedRecordingReplays(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			masked, diags, err := Mask(f.doc, mustRules(t, permissiveRules))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				t.Errorf("diagnostic on a clean recording: %+v", d)
			}
			orig, err := Open(f.doc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			ms, err := Open(masked, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, tab := range orig.TabIDs() {
				end := orig.DurationMs() + 1
				a := normalized(t, orig, tab, end)
				b := normalized(t, ms, tab, end)
				la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
				if len(la) != len(lb) {
					t.Fatalf("tab %s: masked DOM has %d lines, unmasked %d", tab, len(lb), len(la))
				}
				changed := 0
				for i := range la {
					if la[i] == lb[i] {
						continue
					}
					changed++
					if !onlyStarred(la[i], lb[i]) {
						t.Errorf("tab %s line %d differs beyond masking:\n  unmasked %q\n  masked   %q", tab, i, la[i], lb[i])
					}
				}
				secrets := recordingSecrets(t, f)
				for _, s := range secrets {
					for _, form := range forms(s) {
						if len(form) >= 3 && strings.Contains(b, form) {
							t.Errorf("tab %s: %q visible in the masked replay", tab, form)
						}
					}
				}
				if len(secrets) > 0 && changed == 0 {
					t.Errorf("tab %s: masking changed nothing in the final DOM", tab)
				}
				t.Logf("tab %s: %d lines, %d masked", tab, len(la), changed)
			}
		})
	}
}

func normalized(t *testing.T, s *Session, tab string, at int64) string {
	t.Helper()
	html, err := s.SnapshotHTML(tab, at)
	if err != nil {
		t.Fatal(err)
	}
	n, err := conform.Normalize(html)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// onlyStarred reports whether b is a with some characters replaced by '*'.
func onlyStarred(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if ra[i] != rb[i] && rb[i] != '*' {
			return false
		}
	}
	return true
}

func TestMaskCheckoutValues(t *testing.T) {
	f := fixtureNamed(t, "checkout")
	masked, _, err := Mask(f.doc, mustRules(t, permissiveRules))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(masked, Options{})
	if err != nil {
		t.Fatal(err)
	}
	html, err := s.SnapshotHTML("", s.DurationMs()+1)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`id="password" name="password" type="password" autocomplete="new-password" value="**************"`,
		`id="cc-number" name="cc-number" type="text" inputmode="numeric" autocomplete="cc-number" value="*******************"`,
		`id="cc-exp" name="cc-exp" type="text" autocomplete="cc-exp" placeholder="MM/YY" value="*****"`,
		`id="cc-csc" name="cc-csc" type="text" autocomplete="cc-csc" value="***"`,
		`type="hidden" name="token" value="*****************"`,
		`<span class="private">**** ** *******</span>`,
		`value="Jane Doe"`, // captureTextInput: true keeps ordinary fields
	} {
		if !strings.Contains(string(html), want) {
			t.Errorf("masked snapshot lacks %s", want)
		}
	}
}

func fixtureNamed(t *testing.T, name string) fixture {
	for _, f := range fixtures(t) {
		if f.name == name {
			return f
		}
	}
	t.Skipf("fixture %s not present", name)
	return fixture{}
}

func TestMaskExcludedLocation(t *testing.T) {
	f := fixtureNamed(t, "checkout")
	for _, tc := range []struct{ rules, reason string }{
		{`{"excludeLocations":["/checkout/**"]}`, "location"},
		{`{"excludeLocations":["127.0.0.1/check*"]}`, "location"},
		{`{"excludeDomains":["127.0.0.*"]}`, "domain"},
	} {
		masked, _, err := Mask(f.doc, mustRules(t, tc.rules))
		if err != nil {
			t.Fatal(err)
		}
		evs := masked.Tabs[0].Events
		want := `{"tag":"reprise/excluded","payload":{"reason":"` + tc.reason + `"}}`
		if len(evs) != 1 || evs[0].Type != rrweb.Custom || string(evs[0].Data) != want {
			t.Errorf("%s: got %d events, first %s; want only the marker %s", tc.rules, len(evs), firstData(evs), want)
		}
	}
	masked, _, _ := Mask(f.doc, mustRules(t, `{"excludeLocations":["/other/**"],"excludeDomains":["example.com"]}`))
	if len(masked.Tabs[0].Events) != len(f.doc.Tabs[0].Events) {
		t.Errorf("non-matching patterns dropped events")
	}
}

func firstData(evs []rrweb.Event) string {
	if len(evs) == 0 {
		return "(none)"
	}
	return string(evs[0].Data)
}

func TestParseRules(t *testing.T) {
	r, err := ParseRules([]byte(`{"captureTextInput":true,"maskSelectors":[".a", "input[type=email]"],"excludeSelectors":["#b > c"],"excludeDomains":["*.corp.example"],"excludeLocations":["/admin/**"]}`))
	if err != nil || !r.CaptureTextInput || len(r.MaskSelectors) != 2 {
		t.Fatalf("ParseRules = %+v, %v", r, err)
	}
	if r, err := ParseRules([]byte(`{}`)); err != nil || r.CaptureTextInput {
		t.Fatalf("empty rules must default to masking inputs: %+v %v", r, err)
	}
	for _, tc := range []struct{ in, want string }{
		{`{"maskSelector":[".a"]}`, `unknown field "maskSelector"`},
		{`{"maskSelectors":[".a", "a:hover"]}`, `maskSelectors[1]: selector "a:hover"`},
		{`{"excludeSelectors":["div >"]}`, `excludeSelectors[0]: selector "div >"`},
		{`{"excludeDomains":["https://x.com"]}`, `excludeDomains[0] "https://x.com"`},
		{`{"excludeLocations":["/a#b"]}`, `excludeLocations[0] "/a#b"`},
		{`{"captureTextInput":"yes"}`, `cannot unmarshal`},
		{`{} {}`, `trailing data`},
	} {
		_, err := ParseRules([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRules(%s) = %v, want error containing %s", tc.in, err, tc.want)
		}
	}
	if _, err := NewMasker(Rules{MaskSelectors: []string{"::x"}}); err == nil {
		t.Error("NewMasker accepted a bad selector")
	}
	var zero Masker
	if _, _, err := zero.MaskBatch("t", nil); err == nil {
		t.Error("zero Masker must refuse to work (it would mask nothing)")
	}
}

// benchFixture is long.json.gz if present, else the largest recording.
func benchFixture(b *testing.B) (fixture, []byte) {
	return readFixture(b, recordings.Bench(b))
}

func eventCount(doc *rrweb.Document) int {
	n := 0
	for _, tb := range doc.Tabs {
		n += len(tb.Events)
	}
	return n
}

// BenchmarkDecodeEncode is the baseline: decode the fixture and encode it
// as JSON, no masking. MB/s counts the input bytes (decompressed for gzip).
func BenchmarkDecodeEncode(b *testing.B) { benchPipeline(b, plainPipeline) }

// BenchmarkMask is the same pipeline with masking in the middle, as the
// CLI and ingest run it (DecodeMask).
func BenchmarkMask(b *testing.B) { benchPipeline(b, maskedPipeline) }

// BenchmarkMaskAfterDecode masks the decoded document instead (Mask after
// Decode, every payload scanned by the decoder and read again).
func BenchmarkMaskAfterDecode(b *testing.B) { benchPipeline(b, maskAfterPipeline) }

// BenchmarkMaskOnly is masking alone, on documents decoded beforehand.
func BenchmarkMaskOnly(b *testing.B) {
	_, data := benchFixture(b)
	rules := mustRules(b, benchRules)
	docs := make([]*rrweb.Document, b.N)
	for i := range docs {
		d, _, err := rrweb.Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = d
	}
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	for i := 0; i < b.N; i++ {
		out, _, err := Mask(docs[i], rules)
		if err != nil {
			b.Fatal(err)
		}
		events += eventCount(out)
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func benchPipeline(b *testing.B, mode int) {
	f, data := benchFixture(b)
	rules := mustRules(b, benchRules)
	var raw bytes.Buffer
	rrweb.Encode(&raw, f.doc, rrweb.FormatJSON)
	b.Logf("fixture %s: %d events, %d bytes JSON", f.name, eventCount(f.doc), raw.Len())
	b.SetBytes(int64(raw.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	events := 0
	var out bytes.Buffer
	scratch := scratchFor(b, data)
	for i := 0; i < b.N; i++ {
		events += runPipeline(b, data, rules, mode, &out, scratch)
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// benchRules are the rules the masking benchmarks use.
const benchRules = `{"maskSelectors":[".private"],"excludeSelectors":[".rr-block"]}`

// Pipelines the benchmarks time.
const (
	plainPipeline     = iota // decode, encode
	maskedPipeline           // DecodeMask, encode: masking as the CLI and ingest run it
	maskAfterPipeline        // decode, Mask, encode
)

// runPipeline runs one pipeline over data, encoding into out (reset
// first), and returns the number of events. The benchmarks keep one out
// for all runs, as a server keeps its encode buffer, and give the decoder
// one scratch buffer to inflate into (the run's document is dropped before
// the next): a fresh 16 MB buffer per run, on either side, mostly timed the
// kernel handing out pages again, and that far more often in the masked
// pipeline than in the plain one (see the README's benchmarks).
func runPipeline(b *testing.B, data []byte, rules Rules, mode int, out *bytes.Buffer, scratch []byte) int {
	var doc *rrweb.Document
	var info rrweb.Info
	var err error
	opts := rrweb.DecodeOptions{Scratch: scratch}
	switch mode {
	case maskedPipeline:
		doc, info, _, err = DecodeMask(data, opts, rules)
	default:
		doc, info, err = rrweb.DecodeWith(data, opts)
		if err == nil && mode == maskAfterPipeline {
			doc, _, err = Mask(doc, rules)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	out.Reset()
	if err := rrweb.Encode(out, doc, info.Format); err != nil {
		b.Fatal(err)
	}
	return eventCount(doc)
}

// BenchmarkMaskOverhead times blocks of maskBlock plain runs and blocks
// of maskBlock masked runs, alternating which comes first, and reports
// the median of what masking adds per block pair, in percent. Pairing
// cancels the VM's drift; blocks, rather than single runs, let each
// pipeline pay for its own garbage collection: pairs of single runs (and
// of a run after an untimed one of its kind) came out 12-20 points lower
// than separate benchmarks, because where a collection falls relative to
// a short timed run is not random.
func BenchmarkMaskOverhead(b *testing.B) {
	_, data := benchFixture(b)
	rules := mustRules(b, benchRules)
	var plain, masked, over []float64
	var out bytes.Buffer
	scratch := scratchFor(b, data)
	block := func(mask bool) float64 {
		mode := plainPipeline
		if mask {
			mode = maskedPipeline
		}
		start := time.Now()
		for range maskBlock {
			runPipeline(b, data, rules, mode, &out, scratch)
		}
		return float64(time.Since(start)) / float64(time.Millisecond) / maskBlock
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var p, m float64
		if i%2 == 0 {
			p = block(false)
			m = block(true)
		} else {
			m = block(true)
			p = block(false)
		}
		plain, masked, over = append(plain, p), append(masked, m), append(over, (m/p-1)*100)
	}
	b.ReportMetric(median(over), "overhead-%")
	b.ReportMetric(median(plain), "plain-ms/op")
	b.ReportMetric(median(masked), "masked-ms/op")
}

// scratchFor returns a buffer the decoder can inflate data into (nil when
// data is not gzip'd).
func scratchFor(b *testing.B, data []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		b.Fatal(err)
	}
	return make([]byte, 0, n+bytes.MinRead)
}

// maskBlock is how many runs of one pipeline BenchmarkMaskOverhead times
// together (several collections' worth).
const maskBlock = 8

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func ExampleMask() {
	doc, _, _ := rrweb.Decode([]byte(`[
{"type":4,"data":{"href":"https://shop.example/pay","width":800,"height":600},"timestamp":1},
{"type":2,"data":{"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{},"childNodes":[{"type":2,"tagName":"input","attributes":{"type":"password","value":"hunter2"},"childNodes":[],"id":4},{"type":2,"tagName":"p","attributes":{"class":"private"},"childNodes":[{"type":3,"textContent":"Jane Q. Private","id":6}],"id":5}],"id":3}],"id":2}],"id":1},"initialOffset":{"top":0,"left":0}},"timestamp":2},
{"type":3,"data":{"source":5,"text":"hunter22","isChecked":false,"id":4},"timestamp":3}
]`))
	rules, _ := ParseRules([]byte(`{"maskSelectors":[".private"]}`))
	masked, _, _ := Mask(doc, rules)
	for _, ev := range masked.Tabs[0].Events[1:] {
		fmt.Println(string(ev.Data))
	}
	// Output:
	// {"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"tagName":"body","attributes":{},"childNodes":[{"type":2,"tagName":"input","attributes":{"type":"password","value":"*******"},"childNodes":[],"id":4},{"type":2,"tagName":"p","attributes":{"class":"private"},"childNodes":[{"type":3,"textContent":"**** ** *******","id":6}],"id":5}],"id":3}],"id":2}],"id":1},"initialOffset":{"top":0,"left":0}}
	// {"source":5,"text":"********","isChecked":false,"id":4}
}

// TestMaskAddsNoReplayDiagnostics: whatever the rules drop or synthesize,
// the masked stream must stay consistent for a replayer (no removes of
// nodes it never saw, no adds under missing parents, …).
func TestMaskAddsNoReplayDiagnostics(t *testing.T) {
	for _, f := range fixtures(t) {
		before := diagCounts(t, f.doc)
		for _, rs := range []string{permissiveRules, strictRules, excludeRules} {
			masked, _, err := Mask(f.doc, mustRules(t, rs))
			if err != nil {
				t.Fatal(err)
			}
			after := diagCounts(t, masked)
			for code, n := range after {
				if n > before[code] {
					t.Errorf("%s %s: masking adds %d %q diagnostics (%d before)", f.name, rs, n-before[code], code, before[code])
				}
			}
		}
	}
}

func diagCounts(t *testing.T, doc *rrweb.Document) map[string]int {
	s, err := Open(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, d := range s.Inspect().Diagnostics {
		out[string(d.Code)]++
	}
	return out
}
