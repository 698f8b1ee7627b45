package rrweb

import (
	"encoding/binary"
	"math"
)

// mpReader tokenizes msgpack (https://github.com/msgpack/msgpack/blob/master/spec.md).
// Extension types (including the timestamp extension) are rejected: they
// have no JSON form and rrweb data never contains them.
type mpReader struct {
	b []byte
	i int
}

func newMsgpackReader(b []byte) *mpReader { return &mpReader{b: b} }

func (r *mpReader) offset() int    { return r.i }
func (r *mpReader) remaining() int { return len(r.b) - r.i }
func (r *mpReader) atBreak() bool  { return false }

// take returns the next n bytes.
func (r *mpReader) take(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.i {
		return nil, invalidf("byte %d: truncated msgpack (need %d bytes, have %d)", r.i, n, len(r.b)-r.i)
	}
	s := r.b[r.i : r.i+n : r.i+n]
	r.i += n
	return s, nil
}

// uintN reads a big-endian unsigned integer of n bytes.
func (r *mpReader) uintN(n int) (uint64, error) {
	s, err := r.take(n)
	if err != nil {
		return 0, err
	}
	switch n {
	case 1:
		return uint64(s[0]), nil
	case 2:
		return uint64(binary.BigEndian.Uint16(s)), nil
	case 4:
		return uint64(binary.BigEndian.Uint32(s)), nil
	}
	return binary.BigEndian.Uint64(s), nil
}

func (r *mpReader) next() (token, error) {
	at := r.i
	if r.i >= len(r.b) {
		return token{}, invalidf("byte %d: unexpected end of msgpack input", r.i)
	}
	c := r.b[r.i]
	r.i++
	switch {
	case c <= 0x7f:
		return token{kind: tInt, i: int64(c)}, nil
	case c >= 0xe0:
		return token{kind: tInt, i: int64(int8(c))}, nil
	case c <= 0x8f:
		return r.container(tMap, int(c&0x0f))
	case c <= 0x9f:
		return r.container(tArray, int(c&0x0f))
	case c <= 0xbf:
		return r.str(tString, uint64(c&0x1f))
	}
	switch c {
	case 0xc0:
		return token{kind: tNil}, nil
	case 0xc2, 0xc3:
		return token{kind: tBool, b: c == 0xc3}, nil
	case 0xc4, 0xc5, 0xc6: // bin 8/16/32
		n, err := r.uintN(1 << (c - 0xc4))
		if err != nil {
			return token{}, err
		}
		return r.str(tBytes, n)
	case 0xca:
		v, err := r.uintN(4)
		return token{kind: tFloat, f: float64(math.Float32frombits(uint32(v)))}, err
	case 0xcb:
		v, err := r.uintN(8)
		return token{kind: tFloat, f: math.Float64frombits(v)}, err
	case 0xcc, 0xcd, 0xce, 0xcf: // uint 8/16/32/64
		v, err := r.uintN(1 << (c - 0xcc))
		if err != nil {
			return token{}, err
		}
		if v > math.MaxInt64 {
			return token{kind: tUint, u: v}, nil
		}
		return token{kind: tInt, i: int64(v)}, nil
	case 0xd0, 0xd1, 0xd2, 0xd3: // int 8/16/32/64
		n := 1 << (c - 0xd0)
		v, err := r.uintN(n)
		if err != nil {
			return token{}, err
		}
		shift := 64 - 8*n
		return token{kind: tInt, i: int64(v<<shift) >> shift}, nil
	case 0xd9, 0xda, 0xdb: // str 8/16/32
		n, err := r.uintN(1 << (c - 0xd9))
		if err != nil {
			return token{}, err
		}
		return r.str(tString, n)
	case 0xdc, 0xdd: // array 16/32
		n, err := r.uintN(2 << (c - 0xdc))
		if err != nil {
			return token{}, err
		}
		return r.container(tArray, int(n))
	case 0xde, 0xdf: // map 16/32
		n, err := r.uintN(2 << (c - 0xde))
		if err != nil {
			return token{}, err
		}
		return r.container(tMap, int(n))
	case 0xc1:
		return token{}, invalidf("byte %d: 0xc1 is never used in msgpack", at)
	}
	return token{}, invalidf("byte %d: msgpack extension type 0x%02x is not supported", at, c)
}

// str reads n bytes of string or binary content.
func (r *mpReader) str(kind tokKind, n uint64) (token, error) {
	if n > uint64(len(r.b)-r.i) {
		return token{}, invalidf("byte %d: truncated msgpack %v (length %d, %d bytes left)", r.i, kind, n, len(r.b)-r.i)
	}
	s, _ := r.take(int(n))
	return token{kind: kind, s: s}, nil
}

// container checks that n elements can fit in the remaining input (each
// takes at least one byte) so that hostile lengths fail fast.
func (r *mpReader) container(kind tokKind, n int) (token, error) {
	need := n
	if kind == tMap {
		need = 2 * n
	}
	if need > len(r.b)-r.i {
		return token{}, invalidf("byte %d: truncated msgpack %v (%d elements, %d bytes left)", r.i, kind, n, len(r.b)-r.i)
	}
	return token{kind: kind, n: n}, nil
}
