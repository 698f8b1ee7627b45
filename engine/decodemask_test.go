package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// decodeThenMask is what DecodeMask must equal: decode, then mask.
func decodeThenMask(data []byte, rules Rules) (*rrweb.Document, rrweb.Info, []TabDiagnostic, error) {
	doc, info, err := rrweb.Decode(data)
	if err != nil {
		return nil, info, nil, err
	}
	out, diags, err := Mask(doc, rules)
	return out, info, diags, err
}

// sameResult compares two (document, info, diagnostics, error) results:
// encoded bytes, info, diagnostics and error text.
func sameResult(t testing.TB, what string, aDoc *rrweb.Document, aInfo rrweb.Info, aD []TabDiagnostic, aErr error, bDoc *rrweb.Document, bInfo rrweb.Info, bD []TabDiagnostic, bErr error) {
	t.Helper()
	if (aErr == nil) != (bErr == nil) || aErr != nil && aErr.Error() != bErr.Error() {
		t.Fatalf("%s: error %v, want %v", what, aErr, bErr)
	}
	if aErr != nil {
		return
	}
	if aInfo != bInfo {
		t.Fatalf("%s: info %+v, want %+v", what, aInfo, bInfo)
	}
	var ab, bb bytes.Buffer
	if err := rrweb.Encode(&ab, aDoc, rrweb.FormatJSON); err != nil {
		t.Fatal(err)
	}
	if err := rrweb.Encode(&bb, bDoc, rrweb.FormatJSON); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ab.Bytes(), bb.Bytes()) {
		t.Fatalf("%s: masked output differs (%d vs %d bytes)", what, ab.Len(), bb.Len())
	}
	aj, _ := json.Marshal(aD)
	bj, _ := json.Marshal(bD)
	if !bytes.Equal(aj, bj) {
		t.Fatalf("%s: diagnostics differ:\n%s\nwant\n%s", what, aj, bj)
	}
}

// pageRules drop some fixtures' pages (a page among several, a whole
// recording): events leave the list and markers take their place.
const pageRules = `{"excludeLocations":["/desk/inbox.html","/nav/b.html","/long/**"]}`

// TestDecodeMaskEqualsDecodeThenMask: masking while decoding gives what
// decoding and then masking gives, on every fixture file as stored (JSON,
// gzip), as NDJSON and as a session document, under four rule sets, and
// on damaged copies (the same error, word for word).
func TestDecodeMaskEqualsDecodeThenMask(t *testing.T) {
	dropped := 0 // events pageRules took out of bare lists masked in place
	defer func() {
		if dropped == 0 && !t.Failed() {
			t.Error("pageRules dropped no event of any bare list: the in-place drop path went untested")
		}
	}()
	for _, f := range fixtures(t) {
		raw, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		var nd, sd bytes.Buffer
		inputs := map[string][]byte{"stored": raw}
		if f.doc.Bare {
			if err := rrweb.Encode(&nd, f.doc, rrweb.FormatNDJSON); err != nil {
				t.Fatal(err)
			}
			inputs["ndjson"] = nd.Bytes()
		}
		doc := *f.doc
		doc.Bare = false
		if err := rrweb.Encode(&sd, &doc, rrweb.FormatJSON); err != nil {
			t.Fatal(err)
		}
		inputs["document"] = sd.Bytes()
		for _, rs := range []string{permissiveRules, strictRules, excludeRules, pageRules} {
			rules := mustRules(t, rs)
			for kind, data := range inputs {
				what := fmt.Sprintf("%s %s %s", f.name, kind, rs)
				aDoc, aInfo, aD, aErr := DecodeMask(data, rrweb.DecodeOptions{}, rules)
				bDoc, bInfo, bD, bErr := decodeThenMask(data, rules)
				sameResult(t, what, aDoc, aInfo, aD, aErr, bDoc, bInfo, bD, bErr)
				if rs == pageRules && kind != "document" && aErr == nil {
					dropped += eventCount(f.doc) - eventCount(aDoc)
				}
			}
		}
		// Damage: cut short, a byte flipped inside a mutation payload.
		plain := raw
		if d, _, err := rrweb.Decode(raw); err == nil {
			var b bytes.Buffer
			_ = rrweb.Encode(&b, d, rrweb.FormatJSON)
			plain = b.Bytes()
		}
		rules := mustRules(t, strictRules)
		at := bytes.Index(plain, []byte(`{"source":0,"texts":`))
		for _, cut := range []int{len(plain) / 3, len(plain) - 2, at + 25} {
			if cut <= 0 || cut >= len(plain) {
				continue
			}
			for _, data := range [][]byte{plain[:cut], flip(plain, cut)} {
				aDoc, aInfo, aD, aErr := DecodeMask(data, rrweb.DecodeOptions{}, rules)
				bDoc, bInfo, bD, bErr := decodeThenMask(data, rules)
				sameResult(t, fmt.Sprintf("%s damaged at %d", f.name, cut), aDoc, aInfo, aD, aErr, bDoc, bInfo, bD, bErr)
			}
		}
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] = '"'
	return c
}

// FuzzDecodeMask: on any input, masking while decoding equals decoding
// then masking (output, diagnostics, error text).
func FuzzDecodeMask(f *testing.F) {
	// Seeds: the first events of each small fixture (a full snapshot and
	// the mutations after it), kept small so that fuzzing runs fast.
	for _, fx := range readFixtures(f, true) {
		if !fx.doc.Bare || len(fx.doc.Tabs[0].Events) > 2000 {
			continue
		}
		d := *fx.doc
		d.Tabs = []rrweb.Tab{{ID: d.Tabs[0].ID, Events: d.Tabs[0].Events[:min(12, len(d.Tabs[0].Events))]}}
		var b bytes.Buffer
		if err := rrweb.Encode(&b, &d, rrweb.FormatJSON); err == nil && b.Len() < 64<<10 {
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte(`[{"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]},"timestamp":1}]`))
	f.Add([]byte(`[{"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]},"type":3,"timestamp":1}]`))
	f.Add([]byte(`[{"type":3,"data":{"source":0,"texts":[{"id":1,"value":"4111 1111 1111 1111"}],"attributes":[],"removes":[],"adds":[]},"data":{},"timestamp":1}]`))
	rules := mustRules(f, strictRules)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		aDoc, aInfo, aD, aErr := DecodeMask(data, rrweb.DecodeOptions{}, rules)
		bDoc, bInfo, bD, bErr := decodeThenMask(data, rules)
		sameResult(t, "fuzz", aDoc, aInfo, aD, aErr, bDoc, bInfo, bD, bErr)
	})
}
