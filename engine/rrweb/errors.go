package rrweb

import (
	"errors"
	"fmt"
)

// Sentinel errors that callers can branch on with errors.Is. Every error
// returned by Decode, DecodeWith and Encode wraps exactly one of them.
var (
	// ErrUnknownFormat means the input is not JSON, NDJSON, msgpack, CBOR
	// or gzip, or a format name is not one of ParseFormat's names.
	ErrUnknownFormat = errors.New("rrweb: unknown format")
	// ErrInvalid means the input was recognised but is malformed,
	// truncated, or not an rrweb event stream / Reprise session document
	// (including a session document with the wrong format or version), or a
	// document given to Encode cannot be written in the requested format.
	ErrInvalid = errors.New("rrweb: invalid input")
	// ErrTooLarge means a limit of DecodeOptions was exceeded.
	ErrTooLarge = errors.New("rrweb: input too large")
)

// kindError is an error message that unwraps to one of the sentinels; it
// keeps messages short ("event 3: missing timestamp") while staying
// errors.Is-able.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// invalidf returns an ErrInvalid error with a formatted message.
func invalidf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: ErrInvalid}
}

// tooLargef returns an ErrTooLarge error with a formatted message.
func tooLargef(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: ErrTooLarge}
}

// rangeError reports a JSON number that cannot be represented in a binary
// format (it overflows float64). It is an ErrInvalid.
type rangeError struct{ lit string }

func (e *rangeError) Error() string {
	return fmt.Sprintf("number %.40s out of float64 range", e.lit)
}
func (e *rangeError) Unwrap() error { return ErrInvalid }
