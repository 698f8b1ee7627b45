package rrweb

import (
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small validating JSON scanner working on byte offsets.
// It lets the decoder keep event data as raw JSON slices (no tree, no copy)
// at several times the speed of encoding/json.

// isSpace reports JSON insignificant whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// skipSpace returns the offset of the first non-whitespace byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// scanString validates the JSON string starting at b[i] == '"' and returns
// the offset just past its closing quote and whether it holds escapes.
// Invalid UTF-8 is tolerated (as encoding/json does); control characters
// and bad escapes are not.
func scanString(b []byte, i int) (end int, escaped bool, err error) {
	i++ // opening quote
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return i + 1, escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(b) {
				return i, escaped, invalidf("byte %d: truncated string", i)
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return i, escaped, invalidf("byte %d: truncated \\u escape", i)
				}
				for _, h := range b[i+2 : i+6] {
					if unhex(h) < 0 {
						return i, escaped, invalidf("byte %d: bad \\u escape", i)
					}
				}
				i += 6
			default:
				return i, escaped, invalidf("byte %d: bad escape \\%c", i, b[i+1])
			}
		case c < 0x20:
			return i, escaped, invalidf("byte %d: control character in string", i)
		default:
			i++
		}
	}
	return i, escaped, invalidf("byte %d: truncated string", i)
}

// unhex returns the value of a hex digit or -1.
func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// scanNumber validates the JSON number at b[i] and returns its end and
// whether it has a fraction or exponent (i.e. is a float literal).
func scanNumber(b []byte, i int) (end int, isFloat bool, err error) {
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return i, false, invalidf("byte %d: bad number", start)
	}
	if i < len(b) && b[i] == '.' {
		isFloat = true
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return i, true, invalidf("byte %d: bad number", start)
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		isFloat = true
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return i, true, invalidf("byte %d: bad number", start)
		}
	}
	return i, isFloat, nil
}

// scanLiteral checks that b[i:] starts with lit.
func scanLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return i, invalidf("byte %d: invalid literal", i)
	}
	return i + len(lit), nil
}

// skipValue validates the JSON value starting at b[i] (no leading space)
// and returns the offset just past it. It is iterative, so deep nesting
// costs no stack, and bounded by maxDepth.
func skipValue(b []byte, i int) (int, error) {
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' per open container
	var err error
	for {
		// Parse one value (or open a container).
		if i >= len(b) {
			return i, invalidf("byte %d: unexpected end of input", i)
		}
		switch c := b[i]; c {
		case '{', '[':
			if len(stack) >= maxDepth {
				return i, invalidf("byte %d: nesting deeper than %d", i, maxDepth)
			}
			i = skipSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' == '{'+2, ']' == '['+2
				i++
				break
			}
			stack = append(stack, c)
			if c == '{' {
				if i, err = scanKey(b, i); err != nil {
					return i, err
				}
			}
			continue
		case '"':
			if i, _, err = scanString(b, i); err != nil {
				return i, err
			}
		case 't':
			if i, err = scanLiteral(b, i, "true"); err != nil {
				return i, err
			}
		case 'f':
			if i, err = scanLiteral(b, i, "false"); err != nil {
				return i, err
			}
		case 'n':
			if i, err = scanLiteral(b, i, "null"); err != nil {
				return i, err
			}
		default:
			if i, _, err = scanNumber(b, i); err != nil {
				return i, err
			}
		}
		// After a complete value: close containers or move to the next element.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return i, invalidf("byte %d: unexpected end of input", i)
			}
			top := stack[len(stack)-1]
			if b[i] == ',' {
				i = skipSpace(b, i+1)
				if top == '{' {
					if i, err = scanKey(b, i); err != nil {
						return i, err
					}
				}
				break
			}
			if b[i] != top+2 {
				return i, invalidf("byte %d: expected ',' or '%c'", i, top+2)
			}
			i++
			stack = stack[:len(stack)-1]
		}
	}
}

// scanKey scans `"key" :` followed by optional space, leaving i at the value.
func scanKey(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return i, invalidf("byte %d: expected object key", i)
	}
	i, _, err := scanString(b, i)
	if err != nil {
		return i, err
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return i, invalidf("byte %d: expected ':'", i)
	}
	return skipSpace(b, i+1), nil
}

// appendUnquoted appends the decoded content of the valid JSON string
// lit (including quotes) to dst. Invalid UTF-8 and lone surrogates become
// U+FFFD, as in encoding/json.
func appendUnquoted(dst, lit []byte) []byte {
	s := lit[1 : len(lit)-1]
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			if c < utf8.RuneSelf {
				dst = append(dst, c)
				i++
				continue
			}
			r, n := utf8.DecodeRune(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
			continue
		}
		switch s[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := rune(hex4(s[i+2:]))
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2 = rune(hex4(s[i+2:]))
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r = d
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // " \ /
			dst = append(dst, s[i+1])
		}
		i += 2
	}
	return dst
}

// hex4 decodes 4 hex digits already validated by scanString.
func hex4(b []byte) int {
	return unhex(b[0])<<12 | unhex(b[1])<<8 | unhex(b[2])<<4 | unhex(b[3])
}

// AppendJSONString appends s as a JSON string literal. Only '"', '\\' and
// control characters are escaped; invalid UTF-8 becomes \ufffd. It is the
// one JSON string writer of the engine (encoder, player frames, masking).
func AppendJSONString(dst []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += n
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONFloat appends f the way encoding/json does (shortest
// round-trip form, exponent outside [1e-6, 1e21)), then ".0" when the
// result would otherwise read as an integer, so that floats stay floats
// across JSON ↔ msgpack/CBOR round trips. bits is 32 or 64.
func appendJSONFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, invalidf("%v is not representable in JSON", f)
	}
	abs := math.Abs(f)
	fmtc := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			fmtc = 'e'
		}
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, fmtc, -1, bits)
	if fmtc == 'e' {
		// clean up e-09 to e-9
		n := len(dst)
		if n-start >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
		return dst, nil
	}
	for _, c := range dst[start:] {
		if c == '.' {
			return dst, nil
		}
	}
	return append(dst, '.', '0'), nil
}

// appendCompact validates the JSON value src and appends it without
// insignificant whitespace. Trailing data after the value is an error.
func appendCompact(dst, src []byte) ([]byte, error) {
	i := skipSpace(src, 0)
	end, err := skipValue(src, i)
	if err != nil {
		return dst, err
	}
	if skipSpace(src, end) != len(src) {
		return dst, invalidf("byte %d: trailing data after JSON value", end)
	}
	v := src[i:end]
	// Copy, dropping whitespace outside strings.
	start := 0
	for j := 0; j < len(v); j++ {
		switch c := v[j]; {
		case c == '"':
			e, _, _ := scanString(v, j)
			j = e - 1
		case isSpace(c):
			dst = append(dst, v[start:j]...)
			start = j + 1
		}
	}
	return append(dst, v[start:]...), nil
}
