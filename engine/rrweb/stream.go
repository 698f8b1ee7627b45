package rrweb

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// ErrNotStream is returned by NewEventStream for input that is not a JSON
// array of events (gzipped or not): a session document, NDJSON, msgpack or
// CBOR. Such input is decoded whole with Decode.
var ErrNotStream = errors.New("rrweb: not a JSON event array")

// streamChunk is how much decompressed JSON an EventStream inflates at a
// time: enough for thousands of events, little next to a long recording.
const streamChunk = 1 << 20

// EventStream decodes a JSON array of events a batch at a time, inflating
// gzip as it goes, so that a player can show the start of a long recording
// before the rest is read. The events, in order, and the errors are those
// Decode gives for the same bytes, except that the events before a defect
// are delivered before the error (nothing that was readable is lost).
type EventStream struct {
	d     decoder
	zr    io.Reader // gzip reader while compressed input is left, else nil
	zerr  error     // how the compressed input ended, if not cleanly
	buf   []byte    // the JSON read so far; events alias it, it only grows
	i     int       // offset of the next unparsed byte in buf
	n     int       // events delivered
	end   bool      // the closing ']' was read (or an error ended the stream)
	err   error     // the error that ended the stream, returned again
	info  Info
	chunk int // bytes inflated per read (tests make it tiny)
}

// NewEventStream starts decoding data. It returns ErrNotStream (and no
// stream) when data is not a JSON event array: decode it with Decode then.
func NewEventStream(data []byte, opts DecodeOptions) (*EventStream, error) {
	s := &EventStream{info: Info{Format: FormatJSON}, chunk: streamChunk}
	s.d.maxBytes, s.d.maxEvents = opts.limits()
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		s.info.Gzip = true
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("rrweb: decode gzip: %w", invalidf("%v", err))
		}
		// Sized from the trailer: the buffer is allocated once.
		s.buf = make([]byte, 0, min(gzipSizeHint(data), s.d.maxBytes)+1)
		s.zr = zr
	} else {
		s.buf = bytes.Clone(data) // events alias buf: never the caller's bytes
	}
	// The first significant byte decides; a BOM is skipped as Decode does.
	for {
		b := s.buf
		if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
			s.i = 3
		}
		if j := skipSpace(b, s.i); j < len(b) {
			if b[j] != '[' {
				return nil, ErrNotStream
			}
			s.i = skipSpace(b, j+1)
			break
		}
		if more, err := s.more(); err != nil {
			return nil, err
		} else if !more {
			return nil, ErrNotStream // empty input: Decode reports it
		}
	}
	return s, nil
}

// Info describes the input (format JSON, gzip or not, packed events seen).
func (s *EventStream) Info() Info {
	s.info.Packed = s.d.packed
	return s.info
}

// Events is the number of events delivered so far.
func (s *EventStream) Events() int { return s.n }

// Next decodes up to max more events (max <= 0: all the rest). After the last one it returns io.EOF
// (with the final events, possibly none); on bad input it returns the
// events read before the defect and an error wrapping ErrInvalid or
// ErrTooLarge, and that error again on later calls.
func (s *EventStream) Next(max int) ([]Event, error) {
	if s.end {
		if s.err != nil {
			return nil, s.err
		}
		return nil, io.EOF
	}
	var out []Event
	for max <= 0 || len(out) < max {
		ev, done, err := s.next()
		if err != nil {
			s.end, s.err = true, err
			return out, err
		}
		if done {
			s.end = true
			return out, io.EOF
		}
		out = append(out, ev)
		s.n++
	}
	return out, nil
}

// next parses one event, inflating more input while what is buffered ends
// inside it. done reports the end of the array (and of the input). Errors
// are worded as Decode words them.
func (s *EventStream) next() (ev Event, done bool, err error) {
	for {
		b, i := s.buf, s.i
		if s.n > 0 {
			// After an event: ',' then the next one, or the closing ']'.
			if i >= len(b) {
				if more, err := s.more(); err != nil {
					return Event{}, false, err
				} else if more {
					continue
				}
				return Event{}, false, s.wrap(invalidf("byte %d: truncated event array", i))
			}
			switch b[i] {
			case ',':
				i = skipSpace(b, i+1)
			case ']':
				return Event{}, true, s.finish(i + 1)
			default:
				return Event{}, false, s.wrap(invalidf("byte %d: expected ',' or ']' after event %d", i, s.n-1))
			}
		} else if i < len(b) && b[i] == ']' {
			return Event{}, true, s.finish(i + 1)
		}
		counted := s.d.events
		ev, end, perr := s.d.parseElement(b, i)
		if perr == nil {
			s.i = skipSpace(b, end)
			return ev, false, nil
		}
		if errors.Is(perr, ErrTooLarge) {
			return Event{}, false, s.wrap(fmt.Errorf("event %d (byte %d): %w", s.n, i, perr))
		}
		// Maybe the event is only cut by the end of what is inflated.
		s.d.events = counted
		more, err := s.more()
		if err != nil {
			return Event{}, false, err
		}
		if !more {
			return Event{}, false, s.wrap(fmt.Errorf("event %d (byte %d): %w", s.n, i, perr))
		}
	}
}

// more inflates the next chunk; false (and no error) when all input is in.
func (s *EventStream) more() (bool, error) {
	more, err := s.fill()
	if err != nil {
		return false, fmt.Errorf("rrweb: decode gzip: %w", err)
	}
	return more, nil
}

// finish checks that only whitespace follows the closing bracket at j.
func (s *EventStream) finish(j int) error {
	for {
		if k := skipSpace(s.buf, j); k < len(s.buf) {
			return s.wrap(invalidf("byte %d: trailing data after the event array", k))
		}
		more, err := s.more()
		if err != nil {
			return err
		}
		if !more {
			s.i = len(s.buf)
			return nil
		}
	}
}

func (s *EventStream) wrap(err error) error {
	return fmt.Errorf("rrweb: decode json: %w", err)
}

// fill inflates the next chunk into buf; false when the input is exhausted.
func (s *EventStream) fill() (bool, error) {
	if s.zr == nil {
		return false, s.zerr
	}
	want := max(s.chunk, len(s.buf)-s.i) // a long event: read more at once
	left := s.d.maxBytes - s.d.inflated
	if int64(want) > left+1 {
		want = int(left + 1) // one byte past the budget tells an overflow
	}
	if cap(s.buf)-len(s.buf) < want {
		// Beyond the size the trailer announced: events keep the old array.
		nb := make([]byte, len(s.buf), 2*cap(s.buf)+want)
		copy(nb, s.buf)
		s.buf = nb
	}
	dst := s.buf[len(s.buf) : len(s.buf)+want]
	n := 0
	var err error
	for n < len(dst) && err == nil {
		var k int
		k, err = s.zr.Read(dst[n:])
		n += k
	}
	s.buf = s.buf[:len(s.buf)+n]
	s.d.inflated += int64(n)
	if s.d.inflated > s.d.maxBytes {
		s.zr = nil
		return false, tooLargef("decompressed data exceeds %d bytes", s.d.maxBytes)
	}
	if err != nil {
		s.zr = nil
		switch {
		case err == io.EOF:
		case err == io.ErrUnexpectedEOF:
			s.zerr = invalidf("truncated compressed data")
		default:
			s.zerr = invalidf("%v", err)
		}
	}
	if n > 0 {
		return true, nil // a defect after these bytes is reported once they are used
	}
	return false, s.zerr
}
