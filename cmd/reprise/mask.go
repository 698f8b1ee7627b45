package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"

	"github.com/reprise-dev/reprise/engine"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// mask is `reprise mask [--rules FILE] [-o OUT] FILE`: it writes the
// recording masked with the rules (default: the strict defaults, every
// input masked) in the input's own format, gzip'd again if the input was.
// Diagnostics go to standard error, one line each.
func (e *cliEnv) mask(args []string) int {
	fs := e.flags("mask", "[--rules FILE] [-o OUT] FILE")
	rulesPath := fs.String("rules", "", "privacy rules `file` (JSON, see engine/internal/mask/RULES.md); default {}")
	outPath := fs.String("o", "", "output `file` (default: standard output)")
	quiet := fs.Bool("q", false, "do not print diagnostics")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return e.usageErr(fs, "want exactly one FILE")
	}
	rules := engine.Rules{}
	if *rulesPath != "" {
		data, err := os.ReadFile(*rulesPath)
		if err != nil {
			return e.fail("read rules: %v", err)
		}
		if rules, err = engine.ParseRules(data); err != nil {
			return e.fail("%s: %v", *rulesPath, err)
		}
	}
	data, err := e.read(fs.Arg(0))
	if err != nil {
		return e.fail("%v", err)
	}
	// Masked while decoded: each mutation payload is read once.
	masked, info, diags, err := engine.DecodeMask(data, rrweb.DecodeOptions{}, rules)
	if err != nil {
		return e.fail("%s: %v", fs.Arg(0), err)
	}
	if !*quiet {
		for _, d := range diags {
			fmt.Fprintf(e.stderr, "reprise mask: tab %s event %d: %s %s: %s\n", d.Tab, d.Event, d.Severity, d.Code, d.Message)
		}
	}
	var buf bytes.Buffer
	if err := rrweb.Encode(&buf, masked, info.Format); err != nil {
		return e.fail("mask: encode: %v", err)
	}
	out := buf.Bytes()
	if info.Gzip {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if _, err := zw.Write(out); err != nil {
			return e.fail("mask: gzip: %v", err)
		}
		if err := zw.Close(); err != nil {
			return e.fail("mask: gzip: %v", err)
		}
		out = gz.Bytes()
	}
	return e.writeOut(*outPath, out)
}
