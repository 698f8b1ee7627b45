package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/reprise-dev/reprise/engine"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

const usage = `reprise — session replay engine and server

Usage:
  reprise inspect [--inactivity-threshold MS] FILE...
                                               summarize a recording (JSON); several
                                               files are one multi-session replay
  reprise snapshot (--at MS | --time MS) [--tab ID] FILE
                                               print the page as it looked (HTML)
  reprise convert --to json|ndjson|msgpack|cbor [-o OUT] FILE
                                               re-encode a recording
  reprise mask [--rules FILE] [-o OUT] FILE    mask a recording with privacy rules
                                               (keeps its format and gzip)
  reprise preview [--addr HOST:PORT] FILE      a local page scrubbing through a recording

FILE is a recording: a JSON array or NDJSON of rrweb events, @rrweb/packer
strings, msgpack, CBOR or a Reprise session document, optionally gzip'd;
"-" reads standard input. Run "reprise COMMAND --help" for a command's flags.
`

// Exit statuses: 1 for failures on the input, 2 for bad usage.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// run is the whole CLI, with the process streams passed in for tests.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	env := &cliEnv{stdin: stdin, stdout: stdout, stderr: stderr}
	switch cmd {
	case "inspect":
		return env.inspect(rest)
	case "snapshot":
		return env.snapshot(rest)
	case "convert":
		return env.convert(rest)
	case "preview":
		return env.preview(rest)
	case "mask":
		return env.mask(rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "reprise: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (e *cliEnv) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: reprise %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; done is true when the command must return code.
func (e *cliEnv) parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true // the flag package has printed the usage
		}
		return exitUsage, true
	}
	return 0, false
}

func (e *cliEnv) fail(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "reprise: "+format+"\n", args...)
	return exitFail
}

func (e *cliEnv) usageErr(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "reprise %s: "+format+"\n", append([]any{fs.Name()}, args...)...)
	fs.Usage()
	return exitUsage
}

// read reads one recording's bytes ("-" is standard input).
func (e *cliEnv) read(path string) ([]byte, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// load reads and decodes one recording.
func (e *cliEnv) load(path string) (*rrweb.Document, rrweb.Info, error) {
	data, err := e.read(path)
	if err != nil {
		return nil, rrweb.Info{}, err
	}
	return decodeNamed(path, data)
}

// decodeNamed decodes a recording, naming it in the error.
func decodeNamed(path string, data []byte) (*rrweb.Document, rrweb.Info, error) {
	doc, info, err := rrweb.Decode(data)
	if err != nil {
		return nil, info, fmt.Errorf("%s: %w", path, err)
	}
	return doc, info, nil
}

func (e *cliEnv) open(path string, opts engine.Options) (*engine.Session, rrweb.Info, error) {
	doc, info, err := e.load(path)
	if err != nil {
		return nil, info, err
	}
	s, err := engine.Open(doc, opts)
	if err != nil {
		return nil, info, fmt.Errorf("%s: %w", path, err)
	}
	return s, info, nil
}

func (e *cliEnv) inspect(args []string) int {
	fs := e.flags("inspect", "[--inactivity-threshold MS] FILE...")
	threshold := fs.Int64("inactivity-threshold", 0, "`ms` without user interaction in any tab after which a period is inactive (0 = 10000)")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() == 0 {
		return e.usageErr(fs, "want at least one FILE")
	}
	if *threshold < 0 {
		return e.usageErr(fs, "--inactivity-threshold must not be negative")
	}
	var docs []*rrweb.Document
	for _, path := range fs.Args() {
		doc, _, err := e.load(path)
		if err != nil {
			return e.fail("%v", err)
		}
		docs = append(docs, doc)
	}
	s, err := engine.OpenMany(docs, engine.Options{InactivityThreshold: *threshold})
	if err != nil {
		return e.fail("%v", err)
	}
	return e.writeJSON(s.Inspect())
}

func jsonIndent(v any) ([]byte, error) {
	out, err := json.MarshalIndent(v, "", "  ")
	return append(out, '\n'), err
}

func (e *cliEnv) writeJSON(v any) int {
	out, err := jsonIndent(v)
	if err != nil {
		return e.fail("encode output: %v", err)
	}
	if _, err := e.stdout.Write(out); err != nil {
		return e.fail("write output: %v", err)
	}
	return exitOK
}

func (e *cliEnv) snapshot(args []string) int {
	fs := e.flags("snapshot", "(--at MS | --time MS) [--tab ID] FILE")
	at := fs.Int64("at", -1, "`offset` in ms after the session's first event (all tabs)")
	abs := fs.Int64("time", -1, "absolute rrweb `timestamp` in ms since the epoch")
	tab := fs.String("tab", "", "tab `id` (default: the only tab, or the active one)")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return e.usageErr(fs, "want exactly one FILE")
	}
	if (*at < 0) == (*abs < 0) {
		return e.usageErr(fs, "give exactly one of --at and --time (non-negative)")
	}
	// One snapshot needs no keyframes: replay once, straight to the moment.
	s, _, err := e.open(fs.Arg(0), engine.Options{KeyframeCost: -1})
	if err != nil {
		return e.fail("%v", err)
	}
	var html []byte
	if *at >= 0 {
		html, err = s.SnapshotHTML(*tab, *at)
	} else {
		html, err = s.SnapshotHTMLAt(*tab, *abs)
	}
	if err != nil {
		return e.fail("snapshot: %v", err)
	}
	if _, err := e.stdout.Write(append(html, '\n')); err != nil {
		return e.fail("write output: %v", err)
	}
	return exitOK
}

func (e *cliEnv) convert(args []string) int {
	fs := e.flags("convert", "--to json|ndjson|msgpack|cbor [-o OUT] FILE")
	to := fs.String("to", "", "output `format`: json, ndjson, msgpack or cbor")
	outPath := fs.String("o", "", "output `file` (default: standard output)")
	if code, done := e.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return e.usageErr(fs, "want exactly one FILE")
	}
	f, err := rrweb.ParseFormat(*to)
	if err != nil || f == rrweb.FormatAuto {
		return e.usageErr(fs, "--to must be json, ndjson, msgpack or cbor")
	}
	doc, _, err := e.load(fs.Arg(0))
	if err != nil {
		return e.fail("%v", err)
	}
	var buf bytes.Buffer
	if err := rrweb.Encode(&buf, doc, f); err != nil {
		return e.fail("convert: %v", err)
	}
	return e.writeOut(*outPath, buf.Bytes())
}

// writeOut writes to a file atomically (temp + rename) or to stdout, so a
// failure never leaves a half-written output behind.
func (e *cliEnv) writeOut(path string, data []byte) int {
	if path == "" || path == "-" {
		if _, err := e.stdout.Write(data); err != nil {
			return e.fail("write output: %v", err)
		}
		return exitOK
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return e.fail("write %s: %v", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return e.fail("write %s: %v", path, err)
	}
	return exitOK
}
