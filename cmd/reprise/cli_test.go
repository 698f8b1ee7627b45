package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

const navigation = "../../fixtures/recordings/navigation.json"

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLIExitCodesAndErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.bin")
	os.WriteFile(garbage, []byte("\x00\x01not a recording at all"), 0o644)
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, []byte("[]"), 0o644)
	tests := []struct {
		name     string
		args     []string
		code     int
		errHas   string
		outHas   string
		noStdout bool
	}{
		{name: "no command", args: nil, code: exitUsage, errHas: "Usage:"},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitUsage, errHas: `unknown command "frobnicate"`},
		{name: "help", args: []string{"help"}, code: exitOK, outHas: "reprise snapshot"},
		{name: "inspect --help", args: []string{"inspect", "--help"}, code: exitOK, errHas: "inactivity-threshold"},
		{name: "inspect missing file", args: []string{"inspect", filepath.Join(dir, "nope.json")}, code: exitFail, errHas: "nope.json"},
		{name: "inspect garbage", args: []string{"inspect", garbage}, code: exitFail, errHas: "garbage.bin"},
		{name: "inspect no events", args: []string{"inspect", empty}, code: exitFail, errHas: "no events"},
		{name: "inspect no file", args: []string{"inspect"}, code: exitUsage, errHas: "at least one FILE"},
		{name: "inspect negative threshold", args: []string{"inspect", "--inactivity-threshold", "-5", checkout}, code: exitUsage},
		{name: "snapshot needs a time", args: []string{"snapshot", checkout}, code: exitUsage, errHas: "exactly one of --at and --time"},
		{name: "snapshot not both", args: []string{"snapshot", "--at", "1", "--time", "5", checkout}, code: exitUsage},
		{name: "snapshot unknown tab", args: []string{"snapshot", "--at", "1", "--tab", "zz", checkout}, code: exitFail, errHas: "no such tab"},
		{name: "snapshot garbage", args: []string{"snapshot", "--at", "1", garbage}, code: exitFail, noStdout: true},
		{name: "convert bad format", args: []string{"convert", "--to", "xml", checkout}, code: exitUsage},
		{name: "mask missing rules", args: []string{"mask", "--rules", filepath.Join(dir, "none.json"), checkout}, code: exitFail, noStdout: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tc.code, errs)
			}
			if tc.errHas != "" && !strings.Contains(errs, tc.errHas) {
				t.Errorf("stderr lacks %q:\n%s", tc.errHas, errs)
			}
			if tc.outHas != "" && !strings.Contains(out, tc.outHas) {
				t.Errorf("stdout lacks %q:\n%s", tc.outHas, out)
			}
			if tc.noStdout && out != "" {
				t.Errorf("a failing command wrote to stdout: %.200s", out)
			}
		})
	}
}

func TestCLIInspect(t *testing.T) {
	code, out, errs := runCLI(t, "inspect", checkout)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var in engine.Inspection
	if err := json.Unmarshal([]byte(out), &in); err != nil {
		t.Fatal(err)
	}
	if in.EventCount == 0 || len(in.Tabs) != 1 || in.DurationMs <= 0 || len(in.KeyEvents) == 0 || len(in.Tabs[0].Pages) != 1 {
		t.Fatalf("implausible inspection: %+v", in)
	}
	// Several files: one replay with two spans and one boundary.
	code, out, errs = runCLI(t, "inspect", checkout, navigation)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := json.Unmarshal([]byte(out), &in); err != nil {
		t.Fatal(err)
	}
	if len(in.Spans) != 2 || len(in.Boundaries) != 1 || in.Boundaries[0] != in.Spans[1].StartMs {
		t.Fatalf("spans %+v boundaries %v", in.Spans, in.Boundaries)
	}
}

func TestCLISnapshotAtAndTimeAgree(t *testing.T) {
	s := openFixture(t, checkout)
	end := s.DurationMs() + 1
	code, byOffset, errs := runCLI(t, "snapshot", "--at", itoa(end), checkout)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, byTime, _ := runCLI(t, "snapshot", "--time", itoa(s.FirstTimestamp()+end), checkout)
	if code != exitOK || byOffset != byTime {
		t.Fatal("--at and --time give different snapshots for the same moment")
	}
	if !strings.HasPrefix(byOffset, "<!DOCTYPE html>") || !strings.Contains(byOffset, "Thank you, Jane Doe!") {
		t.Fatalf("end snapshot lacks the confirmation:\n%.400s", byOffset)
	}
}

func TestCLIConvertRoundTrip(t *testing.T) {
	dir := t.TempDir()
	orig, _ := os.ReadFile(checkout)
	want, _, err := rrweb.Decode(orig)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"json", "ndjson", "msgpack", "cbor"} {
		out := filepath.Join(dir, "out."+f)
		if code, _, errs := runCLI(t, "convert", "--to", f, "-o", out, checkout); code != exitOK {
			t.Fatalf("%s: exit %d: %s", f, code, errs)
		}
		data, _ := os.ReadFile(out)
		got, info, err := rrweb.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if info.Format.String() != f {
			t.Errorf("converted to %s, detected as %s", f, info.Format)
		}
		if len(got.Tabs[0].Events) != len(want.Tabs[0].Events) {
			t.Fatalf("%s: %d events, want %d", f, len(got.Tabs[0].Events), len(want.Tabs[0].Events))
		}
		for i := range got.Tabs[0].Events {
			g, w := got.Tabs[0].Events[i], want.Tabs[0].Events[i]
			var gd, wd any
			json.Unmarshal(g.Data, &gd)
			json.Unmarshal(w.Data, &wd)
			gj, _ := json.Marshal(gd)
			wj, _ := json.Marshal(wd)
			if g.Type != w.Type || g.Timestamp != w.Timestamp || !bytes.Equal(gj, wj) {
				t.Fatalf("%s: event %d differs after conversion", f, i)
			}
		}
	}
}

func TestPreviewHandler(t *testing.T) {
	raw, _ := os.ReadFile(checkout)
	s := openFixture(t, checkout)
	h := previewHandler(s, raw, "checkout.json", t.TempDir())
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	if r := get("/"); r.Code != 200 || !strings.Contains(r.Body.String(), "checkout.json") {
		t.Fatalf("page: %d", r.Code)
	}
	r := get("/snapshot?at=" + itoa(s.DurationMs()+1))
	if r.Code != 200 || !strings.Contains(r.Header().Get("Content-Security-Policy"), "script-src 'none'") || !strings.Contains(r.Body.String(), "Jane Doe") {
		t.Fatalf("snapshot: %d %v", r.Code, r.Header())
	}
	for path, code := range map[string]string{"/snapshot?at=x": "bad-offset", "/snapshot?at=5&tab=zz": "unknown-tab"} {
		r := get(path)
		var body struct{ Code string }
		json.Unmarshal(r.Body.Bytes(), &body)
		if r.Code < 400 || body.Code != code || r.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q", path, r.Code, r.Body.String())
		}
	}
	if r := get("/recording"); !bytes.Equal(r.Body.Bytes(), raw) {
		t.Error("recording not served as is")
	}
}

func openFixture(t *testing.T, path string) *engine.Session {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := rrweb.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := engine.Open(doc, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func itoa(i int64) string { b, _ := json.Marshal(i); return string(b) }
