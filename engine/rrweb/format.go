package rrweb

import (
	"fmt"
	"strings"
)

// Format is a container format for an rrweb event stream or a Reprise
// session document. The zero value, FormatAuto, asks Decode to detect it.
type Format int

// Formats understood by Decode and Encode.
const (
	// FormatAuto is only meaningful in DecodeOptions: detect the format.
	FormatAuto Format = iota
	// FormatJSON is a JSON array of events or a session document object.
	FormatJSON
	// FormatNDJSON is one event (object, packed string or JSON string) per line.
	FormatNDJSON
	// FormatMsgpack is msgpack with the same shape as FormatJSON.
	FormatMsgpack
	// FormatCBOR is CBOR (RFC 8949) with the same shape as FormatJSON.
	FormatCBOR
)

// String returns the flag name of f ("json", "ndjson", "msgpack", "cbor",
// "auto").
func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatJSON:
		return "json"
	case FormatNDJSON:
		return "ndjson"
	case FormatMsgpack:
		return "msgpack"
	case FormatCBOR:
		return "cbor"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat parses a command-line format name: json, ndjson, msgpack,
// cbor or auto (case-insensitive; "jsonl" is accepted for ndjson).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto", "":
		return FormatAuto, nil
	case "json":
		return FormatJSON, nil
	case "ndjson", "jsonl":
		return FormatNDJSON, nil
	case "msgpack", "mpk":
		return FormatMsgpack, nil
	case "cbor":
		return FormatCBOR, nil
	}
	return FormatAuto, fmt.Errorf("rrweb: format %q: want json|ndjson|msgpack|cbor: %w", s, ErrUnknownFormat)
}

// Info describes how a decoded input was encoded.
type Info struct {
	Format Format // container format found (never FormatAuto after success)
	Gzip   bool   // the input was gzip-compressed
	Packed bool   // at least one event was an @rrweb/packer (zlib) string
}

// Default limits used when a DecodeOptions field is zero.
const (
	DefaultMaxDecompressedBytes int64 = 1 << 30 // 1 GiB
	DefaultMaxEvents            int   = 10_000_000
)

// maxDepth bounds the nesting of JSON/msgpack/CBOR values so that hostile
// input cannot exhaust the stack. Real rrweb data nests about two levels per
// DOM level, so this allows documents thousands of elements deep.
const maxDepth = 10000

// DecodeOptions bounds decoding of untrusted input.
type DecodeOptions struct {
	// Format forces a container format; FormatAuto (0) detects it. Gzip is
	// always detected.
	Format Format
	// MaxDecompressedBytes bounds the total bytes produced by inflating
	// gzip and @rrweb/packer strings. 0 means DefaultMaxDecompressedBytes;
	// negative means no limit.
	MaxDecompressedBytes int64
	// MaxEvents bounds the number of events over all tabs. 0 means
	// DefaultMaxEvents; negative means no limit.
	MaxEvents int
	// Hook, when set, follows a bare event list (a JSON array or NDJSON;
	// not a session document, msgpack or CBOR) as it is decoded. nil: none.
	Hook EventHook
	// Scratch, when its capacity holds the inflated input, is where gzip
	// input is inflated instead of a new buffer, and the returned
	// document's event data then points into it: reuse it only once that
	// document is no longer in use. A process that decodes one long
	// recording after another thus needs no new multi-megabyte buffer per
	// call, nor the fresh pages the kernel must fault in for one. nil (or
	// too small): a new buffer.
	Scratch []byte
}

// EventHook follows a bare event list as it is decoded. A consumer that
// reads every event's data anyway (masking) saves the decoder's own scan
// of the data it reads: each payload is then read once, not twice; one
// that rewrites every event (masking again) does it in place, instead of
// building a second list.
type EventHook interface {
	// Payload is offered an event object's data before the decoder scans
	// it: data starts at the value and runs to the end of the input; typ
	// is the event's type when the object gave it before its data, else
	// -1. If the hook read one whole JSON value at data[0:] with no
	// whitespace, every byte checked as the decoder would, it returns its
	// length and true, and the decoder takes the value as read; otherwise
	// 0 and false, and the decoder scans it itself.
	Payload(typ EventType, data []byte) (n int, ok bool)
	// Event is called with each event of the list once it is complete, in
	// order. The hook may rewrite *ev (the list then holds what it wrote)
	// or return false to leave the event out of the list; ev is valid
	// only during the call. Errors still number events as they are in the
	// input.
	Event(ev *Event) (keep bool)
}

// ValueEnd returns the end of the JSON value at b[i] as the decoder reads
// event data (an error where the decoder would refuse it). EventHook
// implementations hold their readers to it.
func ValueEnd(b []byte, i int) (int, error) { return skipValue(b, i) }

// limits returns the effective limits (math.MaxInt64 / MaxInt for none).
func (o DecodeOptions) limits() (maxBytes int64, maxEvents int) {
	maxBytes, maxEvents = o.MaxDecompressedBytes, o.MaxEvents
	switch {
	case maxBytes == 0:
		maxBytes = DefaultMaxDecompressedBytes
	case maxBytes < 0:
		maxBytes = 1<<63 - 1
	}
	switch {
	case maxEvents == 0:
		maxEvents = DefaultMaxEvents
	case maxEvents < 0:
		maxEvents = int(^uint(0) >> 1)
	}
	return maxBytes, maxEvents
}
