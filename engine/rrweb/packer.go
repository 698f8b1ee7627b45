package rrweb

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
)

// @rrweb/packer strings (rrweb-format.md §1.5): JSON of the event plus
// "v":"v1", zlib-deflated, each byte stored as one char U+0000–U+00FF.

// Pack returns the @rrweb/packer string of e, as rrweb's pack() makes it
// (zlib at the default level; the exact deflate bytes may differ from
// fflate's but any inflater reads them).
func Pack(e Event) (string, error) {
	js, err := appendEventJSON(nil, &e)
	if err != nil {
		return "", wrapErr("rrweb: pack", err)
	}
	js = append(js[:len(js)-1], `,"v":"v1"}`...)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(js) // bytes.Buffer writes cannot fail
	zw.Close()
	out := make([]byte, 0, z.Len()*3/2)
	for _, c := range z.Bytes() {
		out = utf8.AppendRune(out, rune(c))
	}
	return string(out), nil
}

// Unpack decodes one @rrweb/packer string, or a string holding the JSON of
// an event, as rrweb's unpack() does. The decoded event JSON is bounded by
// DefaultMaxDecompressedBytes.
func Unpack(s string) (Event, error) {
	d := decoder{maxBytes: DefaultMaxDecompressedBytes, maxEvents: 1}
	ev, err := d.unpackString([]byte(s))
	if err != nil {
		return Event{}, wrapErr("rrweb: unpack", err)
	}
	return ev, nil
}

// unpackJSONString unpacks the JSON string literal lit (with quotes).
func (d *decoder) unpackJSONString(lit []byte) (Event, error) {
	return d.unpackString(appendUnquoted(make([]byte, 0, len(lit)), lit))
}

// unpackString unpacks a decoded (UTF-8) string: a JSON event if it starts
// with '{', else a packer string. s is owned by the decoder: the result may
// alias it.
func (d *decoder) unpackString(s []byte) (Event, error) {
	i := skipSpace(s, 0)
	if i < len(s) && s[i] == '{' {
		ev, _, end, err := parseEventObject(s, i)
		if err != nil {
			return ev, fmt.Errorf("JSON string event: %w", err)
		}
		if skipSpace(s, end) != len(s) {
			return ev, invalidf("JSON string event: trailing data at byte %d", end)
		}
		return ev, nil
	}
	// rune → byte; every rune must be < 256.
	z := make([]byte, 0, len(s))
	for j := 0; j < len(s); {
		c := s[j]
		if c < utf8.RuneSelf {
			z = append(z, c)
			j++
			continue
		}
		r, n := utf8.DecodeRune(s[j:])
		if r > 0xff || (r == utf8.RuneError && n == 1) {
			return Event{}, invalidf("packed string: char %d is U+%04X, not a byte (not a packer string)", j, r)
		}
		z = append(z, byte(r))
		j += n
	}
	var err error
	if d.zr == nil {
		d.zr, err = zlib.NewReader(bytes.NewReader(z))
	} else { // reuse the inflater: it is most of the cost of small events
		err = d.zr.(zlib.Resetter).Reset(bytes.NewReader(z), nil)
	}
	if err != nil {
		d.zr = nil
		return Event{}, invalidf("packed string: not zlib data: %v", err)
	}
	zr := d.zr
	js, err := d.readLimited(zr, int64(len(z))*4, nil)
	if err != nil {
		return Event{}, fmt.Errorf("packed string: %w", err)
	}
	d.packed = true
	ev, v, end, err := parseEventObject(js, skipSpace(js, 0))
	if err != nil {
		return ev, fmt.Errorf("packed string: %w", err)
	}
	if skipSpace(js, end) != len(js) {
		return ev, invalidf("packed string: trailing data at byte %d", end)
	}
	if string(v) != `"v1"` {
		return ev, invalidf("packed string: packer version %q, want \"v1\"", v)
	}
	return ev, nil
}

// readLimited reads r to EOF, charging the bytes to the decompression
// budget. hint pre-sizes the buffer; scratch is used instead when it holds
// hint bytes.
func (d *decoder) readLimited(r io.Reader, hint int64, scratch []byte) ([]byte, error) {
	left := d.maxBytes - d.inflated
	if hint > left {
		hint = left
	}
	if hint < 512 {
		hint = 512
	}
	// ReadFrom wants MinRead bytes free before each read: with an exact
	// hint, a reader that reports EOF in a call of its own would make it
	// copy everything into a buffer twice the size at the very end.
	hint += bytes.MinRead
	var buf *bytes.Buffer
	if int64(cap(scratch)) >= hint {
		buf = bytes.NewBuffer(scratch[:0])
	} else {
		buf = bytes.NewBuffer(make([]byte, 0, hint))
	}
	lim := left // read one byte past the budget to detect overflow
	if lim < math.MaxInt64 {
		lim++
	}
	n, err := buf.ReadFrom(io.LimitReader(r, lim))
	d.inflated += n
	if n > left {
		return nil, tooLargef("decompressed data exceeds %d bytes", d.maxBytes)
	}
	if err != nil {
		if err == io.ErrUnexpectedEOF {
			return nil, invalidf("truncated compressed data")
		}
		return nil, invalidf("%v", err)
	}
	return buf.Bytes(), nil
}
