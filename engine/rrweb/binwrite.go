package rrweb

import (
	"encoding/binary"
	"math"
	"strconv"
	"unicode/utf8"
)

// binWriter appends msgpack or CBOR items. Integers use the smallest
// encoding; floats are always written as float64 (exact, deterministic).
type binWriter interface {
	appendNil(dst []byte) []byte
	appendBool(dst []byte, v bool) []byte
	appendInt(dst []byte, v int64) []byte
	appendUint(dst []byte, v uint64) []byte
	appendFloat(dst []byte, v float64) []byte
	appendString(dst []byte, s []byte) []byte
	appendArrayHeader(dst []byte, n int) []byte
	appendMapHeader(dst []byte, n int) []byte
	maxHeader() int // longest possible container header
}

// mpWriter writes msgpack.
type mpWriter struct{}

func (mpWriter) appendNil(dst []byte) []byte { return append(dst, 0xc0) }
func (mpWriter) appendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, 0xc3)
	}
	return append(dst, 0xc2)
}
func (w mpWriter) appendInt(dst []byte, v int64) []byte {
	switch {
	case v >= 0:
		return w.appendUint(dst, uint64(v))
	case v >= -32:
		return append(dst, byte(v))
	case v >= math.MinInt8:
		return append(dst, 0xd0, byte(v))
	case v >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(dst, 0xd1), uint16(v))
	case v >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(dst, 0xd2), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(dst, 0xd3), uint64(v))
}
func (mpWriter) appendUint(dst []byte, v uint64) []byte {
	switch {
	case v <= 0x7f:
		return append(dst, byte(v))
	case v <= math.MaxUint8:
		return append(dst, 0xcc, byte(v))
	case v <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xcd), uint16(v))
	case v <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, 0xce), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(dst, 0xcf), v)
}
func (mpWriter) appendFloat(dst []byte, v float64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, 0xcb), math.Float64bits(v))
}
func (mpWriter) appendString(dst []byte, s []byte) []byte {
	n := len(s)
	switch {
	case n <= 31:
		dst = append(dst, 0xa0|byte(n))
	case n <= math.MaxUint8:
		dst = append(dst, 0xd9, byte(n))
	case n <= math.MaxUint16:
		dst = binary.BigEndian.AppendUint16(append(dst, 0xda), uint16(n))
	default:
		dst = binary.BigEndian.AppendUint32(append(dst, 0xdb), uint32(n))
	}
	return append(dst, s...)
}
func (mpWriter) appendArrayHeader(dst []byte, n int) []byte {
	switch {
	case n <= 15:
		return append(dst, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xdc), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(dst, 0xdd), uint32(n))
}
func (mpWriter) appendMapHeader(dst []byte, n int) []byte {
	switch {
	case n <= 15:
		return append(dst, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xde), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(dst, 0xdf), uint32(n))
}
func (mpWriter) maxHeader() int { return 5 }

// cborWriter writes CBOR with definite lengths.
type cborWriter struct{}

// cborHead appends a head of the given major type and argument.
func cborHead(dst []byte, major byte, v uint64) []byte {
	m := major << 5
	switch {
	case v < 24:
		return append(dst, m|byte(v))
	case v <= math.MaxUint8:
		return append(dst, m|24, byte(v))
	case v <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, m|25), uint16(v))
	case v <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, m|26), uint32(v))
	}
	return binary.BigEndian.AppendUint64(append(dst, m|27), v)
}

func (cborWriter) appendNil(dst []byte) []byte { return append(dst, 0xf6) }
func (cborWriter) appendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, 0xf5)
	}
	return append(dst, 0xf4)
}
func (cborWriter) appendInt(dst []byte, v int64) []byte {
	if v >= 0 {
		return cborHead(dst, 0, uint64(v))
	}
	return cborHead(dst, 1, uint64(-1-v))
}
func (cborWriter) appendUint(dst []byte, v uint64) []byte { return cborHead(dst, 0, v) }
func (cborWriter) appendFloat(dst []byte, v float64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, 0xfb), math.Float64bits(v))
}
func (cborWriter) appendString(dst []byte, s []byte) []byte {
	return append(cborHead(dst, 3, uint64(len(s))), s...)
}
func (cborWriter) appendArrayHeader(dst []byte, n int) []byte { return cborHead(dst, 4, uint64(n)) }
func (cborWriter) appendMapHeader(dst []byte, n int) []byte   { return cborHead(dst, 5, uint64(n)) }
func (cborWriter) maxHeader() int                             { return 9 }

// transcodeJSON converts the JSON value at b[i] (leading space allowed)
// to w's format and returns the offset after it. Object keys keep their
// JSON order; numbers without fraction or exponent that fit int64/uint64
// become integers, all others float64; strings are made valid UTF-8.
func transcodeJSON(w binWriter, dst, b []byte, i, depth int) ([]byte, int, error) {
	var scratch []byte
	return transcodeValue(w, dst, b, i, depth, &scratch)
}

// transcodeValue is transcodeJSON with a scratch buffer for unescaping.
func transcodeValue(w binWriter, dst, b []byte, i, depth int, scratch *[]byte) ([]byte, int, error) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return dst, i, invalidf("byte %d: unexpected end of JSON", i)
	}
	switch c := b[i]; c {
	case '{', '[':
		if depth >= maxDepth {
			return dst, i, invalidf("byte %d: nesting deeper than %d", i, maxDepth)
		}
		// Reserve the longest header, write the members, then put the
		// real header in and close the gap.
		hdr := len(dst)
		for k := w.maxHeader(); k > 0; k-- {
			dst = append(dst, 0)
		}
		body := len(dst)
		n := 0
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == c+2 {
			i++
		} else {
			for {
				var err error
				if c == '{' {
					if i >= len(b) || b[i] != '"' {
						return dst, i, invalidf("byte %d: expected object key", i)
					}
					if dst, i, err = transcodeString(w, dst, b, i, scratch); err != nil {
						return dst, i, err
					}
					i = skipSpace(b, i)
					if i >= len(b) || b[i] != ':' {
						return dst, i, invalidf("byte %d: expected ':'", i)
					}
					i++
				}
				if dst, i, err = transcodeValue(w, dst, b, i, depth+1, scratch); err != nil {
					return dst, i, err
				}
				n++
				i = skipSpace(b, i)
				if i < len(b) && b[i] == ',' {
					i = skipSpace(b, i+1)
					continue
				}
				if i < len(b) && b[i] == c+2 {
					i++
					break
				}
				return dst, i, invalidf("byte %d: expected ',' or '%c'", i, c+2)
			}
		}
		// Append the header at the end, move it into the reserved slot
		// (no overlap: it is at most maxHeader long), then close the gap.
		end := len(dst)
		if c == '{' {
			dst = w.appendMapHeader(dst, n)
		} else {
			dst = w.appendArrayHeader(dst, n)
		}
		hl := copy(dst[hdr:body], dst[end:])
		dst = dst[:end]
		if gap := body - hdr - hl; gap > 0 {
			copy(dst[hdr+hl:], dst[body:])
			dst = dst[:len(dst)-gap]
		}
		return dst, i, nil
	case '"':
		return transcodeString(w, dst, b, i, scratch)
	case 't':
		end, err := scanLiteral(b, i, "true")
		return w.appendBool(dst, true), end, err
	case 'f':
		end, err := scanLiteral(b, i, "false")
		return w.appendBool(dst, false), end, err
	case 'n':
		end, err := scanLiteral(b, i, "null")
		return w.appendNil(dst), end, err
	}
	end, isFloat, err := scanNumber(b, i)
	if err != nil {
		return dst, end, err
	}
	if !isFloat && end-i <= 18 { // fits int64 without overflow checks
		var v int64
		j := i
		if b[j] == '-' {
			j++
		}
		for _, d := range b[j:end] {
			v = v*10 + int64(d-'0')
		}
		if b[i] == '-' {
			v = -v
		}
		return w.appendInt(dst, v), end, nil
	}
	lit := string(b[i:end])
	if !isFloat {
		if v, err := strconv.ParseInt(lit, 10, 64); err == nil {
			return w.appendInt(dst, v), end, nil
		}
		if v, err := strconv.ParseUint(lit, 10, 64); err == nil {
			return w.appendUint(dst, v), end, nil
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return dst, end, &rangeError{lit: lit}
	}
	return w.appendFloat(dst, f), end, nil
}

// transcodeString writes the JSON string at b[i] as a string item.
func transcodeString(w binWriter, dst, b []byte, i int, scratch *[]byte) ([]byte, int, error) {
	end, esc, err := scanString(b, i)
	if err != nil {
		return dst, end, err
	}
	s := b[i+1 : end-1]
	if esc {
		*scratch = appendUnquoted((*scratch)[:0], b[i:end])
		s = *scratch
	} else if !utf8.Valid(s) {
		s = toValidUTF8(s)
	}
	return w.appendString(dst, s), end, nil
}

// toValidUTF8 replaces each invalid byte with U+FFFD, as encoding/json
// and appendUnquoted do (bytes.ToValidUTF8 would merge runs).
func toValidUTF8(s []byte) []byte {
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}
