package rrweb

import (
	"encoding/binary"
	"math"
)

// cborReader tokenizes CBOR (RFC 8949): all major types, indefinite
// lengths, half/single/double floats. Tags are transparent (55799
// self-describe included) except bignums (tags 2 and 3), which are
// rejected, as are negative integers below -2^63 and simple values other
// than false/true/null/undefined (undefined reads as null).
type cborReader struct {
	b []byte
	i int
}

func newCBORReader(b []byte) *cborReader { return &cborReader{b: b} }

func (r *cborReader) offset() int    { return r.i }
func (r *cborReader) remaining() int { return len(r.b) - r.i }

func (r *cborReader) atBreak() bool {
	if r.i < len(r.b) && r.b[r.i] == 0xff {
		r.i++
		return true
	}
	return false
}

// head reads an initial byte and its argument; indef is set for
// additional info 31.
func (r *cborReader) head() (major byte, ai byte, arg uint64, err error) {
	at := r.i
	if r.i >= len(r.b) {
		return 0, 0, 0, invalidf("byte %d: unexpected end of CBOR input", r.i)
	}
	c := r.b[r.i]
	r.i++
	major, ai = c>>5, c&0x1f
	switch {
	case ai < 24:
		return major, ai, uint64(ai), nil
	case ai <= 27:
		n := 1 << (ai - 24)
		if n > len(r.b)-r.i {
			return 0, 0, 0, invalidf("byte %d: truncated CBOR head", at)
		}
		s := r.b[r.i : r.i+n]
		r.i += n
		switch n {
		case 1:
			arg = uint64(s[0])
		case 2:
			arg = uint64(binary.BigEndian.Uint16(s))
		case 4:
			arg = uint64(binary.BigEndian.Uint32(s))
		default:
			arg = binary.BigEndian.Uint64(s)
		}
		return major, ai, arg, nil
	case ai == 31:
		return major, ai, 0, nil
	}
	return 0, 0, 0, invalidf("byte %d: reserved CBOR additional info %d", at, ai)
}

func (r *cborReader) next() (token, error) {
	for {
		at := r.i
		major, ai, arg, err := r.head()
		if err != nil {
			return token{}, err
		}
		indef := ai == 31
		if indef && (major == 0 || major == 1 || major == 6) {
			return token{}, invalidf("byte %d: indefinite length on CBOR major type %d", at, major)
		}
		switch major {
		case 0:
			if arg > math.MaxInt64 {
				return token{kind: tUint, u: arg}, nil
			}
			return token{kind: tInt, i: int64(arg)}, nil
		case 1:
			if arg > math.MaxInt64 {
				return token{}, invalidf("byte %d: CBOR negative integer below -2^63 is not supported", at)
			}
			return token{kind: tInt, i: -1 - int64(arg)}, nil
		case 2, 3:
			kind := tBytes
			if major == 3 {
				kind = tString
			}
			if !indef {
				s, err := r.take(arg, at)
				return token{kind: kind, s: s}, err
			}
			s, err := r.chunks(major, at)
			return token{kind: kind, s: s}, err
		case 4, 5:
			kind, per := tArray, uint64(1)
			if major == 5 {
				kind, per = tMap, 2
			}
			if indef {
				return token{kind: kind, n: -1}, nil
			}
			if arg > uint64(len(r.b)-r.i)/per {
				return token{}, invalidf("byte %d: truncated CBOR %v (%d elements, %d bytes left)", at, kind, arg, len(r.b)-r.i)
			}
			return token{kind: kind, n: int(arg)}, nil
		case 6:
			if arg == 2 || arg == 3 {
				return token{}, invalidf("byte %d: CBOR bignum (tag %d) is not supported", at, arg)
			}
			continue // tags are transparent
		}
		// major 7
		switch ai {
		case 20, 21:
			return token{kind: tBool, b: ai == 21}, nil
		case 22, 23:
			return token{kind: tNil}, nil
		case 25:
			return token{kind: tFloat, f: halfToFloat(uint16(arg))}, nil
		case 26:
			return token{kind: tFloat, f: float64(math.Float32frombits(uint32(arg)))}, nil
		case 27:
			return token{kind: tFloat, f: math.Float64frombits(arg)}, nil
		case 31:
			return token{kind: tBreak}, nil
		}
		return token{}, invalidf("byte %d: CBOR simple value %d is not supported", at, arg)
	}
}

// take returns the next n content bytes.
func (r *cborReader) take(n uint64, at int) ([]byte, error) {
	if n > uint64(len(r.b)-r.i) {
		return nil, invalidf("byte %d: truncated CBOR string (length %d, %d bytes left)", at, n, len(r.b)-r.i)
	}
	s := r.b[r.i : r.i+int(n) : r.i+int(n)]
	r.i += int(n)
	return s, nil
}

// chunks concatenates the definite chunks of an indefinite string.
func (r *cborReader) chunks(major byte, at int) ([]byte, error) {
	out := []byte{}
	for !r.atBreak() {
		cat := r.i
		m, ai, arg, err := r.head()
		if err != nil {
			return nil, err
		}
		if m != major || ai == 31 {
			return nil, invalidf("byte %d: bad chunk in indefinite CBOR string at byte %d", cat, at)
		}
		s, err := r.take(arg, cat)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	return out, nil
}

// halfToFloat converts an IEEE 754 half-precision value.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	mant := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(mant, -24)
	case 31:
		if mant == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * math.Ldexp(mant+1024, exp-25)
}
