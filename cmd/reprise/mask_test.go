package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

func runMask(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code = env.mask(args)
	return code, out.String(), errb.String()
}

const checkout = "../../fixtures/recordings/checkout.json"

func TestMaskCommand(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.json")
	os.WriteFile(rules, []byte(`{"captureTextInput":true,"maskSelectors":[".private"]}`), 0o644)
	code, out, errs := runMask(t, "--rules", rules, checkout)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, secret := range []string{"4111 1111 1111 1111", "tok_hidden_5f3a9c", "Jane Q. Private"} {
		if strings.Contains(out, secret) {
			t.Errorf("output leaks %q", secret)
		}
	}
	if !strings.Contains(out, "Jane Doe") {
		t.Error("captureTextInput:true should keep the name field")
	}
	doc, info, err := rrweb.Decode([]byte(out))
	if err != nil || info.Format != rrweb.FormatJSON || !doc.Bare {
		t.Fatalf("output is not a bare JSON event list like the input: %v %+v", err, info)
	}
}

func TestMaskCommandKeepsFormat(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(checkout)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := rrweb.Decode(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []rrweb.Format{rrweb.FormatMsgpack, rrweb.FormatCBOR, rrweb.FormatNDJSON} {
		for _, gz := range []bool{false, true} {
			var buf bytes.Buffer
			rrweb.Encode(&buf, doc, f)
			data := buf.Bytes()
			if gz {
				var g bytes.Buffer
				zw := gzip.NewWriter(&g)
				zw.Write(data)
				zw.Close()
				data = g.Bytes()
			}
			in := filepath.Join(dir, "in")
			outPath := filepath.Join(dir, "out")
			os.WriteFile(in, data, 0o644)
			if code, _, errs := runMask(t, "-o", outPath, in); code != exitOK {
				t.Fatalf("%v gz=%v: exit %d: %s", f, gz, code, errs)
			}
			got, _ := os.ReadFile(outPath)
			_, info, err := rrweb.Decode(got)
			if err != nil || info.Format != f || info.Gzip != gz {
				t.Errorf("%v gz=%v: output decodes as %+v (%v)", f, gz, info, err)
			}
			if bytes.Contains(got, []byte("tok_hidden_5f3a9c")) {
				t.Errorf("%v: leak", f)
			}
		}
	}
}

func TestMaskCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"maskSelectors":["a:hover"]}`), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitUsage, "want exactly one FILE"},
		{[]string{"--rules", bad, checkout}, exitFail, `maskSelectors[0]: selector "a:hover"`},
		{[]string{"--rules", filepath.Join(dir, "missing.json"), checkout}, exitFail, "read rules"},
		{[]string{filepath.Join(dir, "missing.json")}, exitFail, "missing.json"},
		{[]string{"--help"}, exitOK, ""},
	} {
		code, _, errs := runMask(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("mask %v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}
