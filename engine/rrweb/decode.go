package rrweb

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Decode decodes an rrweb event stream or a Reprise session document in
// any supported format, detected from its bytes, with default limits.
// See DecodeWith.
func Decode(data []byte) (*Document, Info, error) {
	return DecodeWith(data, DecodeOptions{})
}

// DecodeWith decodes data, detecting gzip and the container format:
//   - JSON: an array of events, or a session document object
//     ({"format":"reprise-session","version":1,...,"tabs":[...]});
//   - NDJSON: whitespace-separated events, one per line by convention;
//   - msgpack or CBOR holding the same shapes as JSON (CBOR may carry the
//     self-describe tag 55799; other tags except bignums are ignored);
//
// and in all of them an event may be an object, an @rrweb/packer string or
// a string holding an event's JSON, as rrweb's unpack() accepts. A bare
// event list yields a Document with Bare set and one tab named
// DefaultTabID. Event.Data is always JSON; from msgpack/CBOR, byte strings
// become base64 (standard, padded) JSON strings and integral floats keep a
// ".0" so they stay floats. For JSON input, Data aliases an internal copy
// of data (never data itself) and keeps its original spacing.
//
// Empty input is an error unless opts.Format is FormatNDJSON, for which it
// is an empty event list.
//
// Errors wrap ErrUnknownFormat, ErrInvalid or ErrTooLarge and name the
// position (tab, event index, byte offset, NDJSON line) where possible.
func DecodeWith(data []byte, opts DecodeOptions) (*Document, Info, error) {
	d := decoder{}
	d.maxBytes, d.maxEvents = opts.limits()
	d.hook = opts.Hook
	var info Info
	owned := false
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		info.Gzip = true
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, info, fmt.Errorf("rrweb: decode gzip: %w", invalidf("%v", err))
		}
		if data, err = d.readLimited(zr, gzipSizeHint(data), opts.Scratch); err != nil {
			return nil, info, fmt.Errorf("rrweb: decode gzip: %w", err)
		}
		owned = true
	}
	doc, f, err := d.decode(data, owned, opts.Format)
	info.Format, info.Packed = f, d.packed
	if err != nil {
		if f == FormatAuto {
			return nil, info, fmt.Errorf("rrweb: decode: %w", err)
		}
		return nil, info, fmt.Errorf("rrweb: decode %v: %w", f, err)
	}
	return doc, info, nil
}

// gzipSizeHint guesses the inflated size of gzip data: its ISIZE trailer
// (size mod 2^32 of the last member) when plausible, else 8× the input.
func gzipSizeHint(data []byte) int64 {
	if len(data) >= 18 {
		if n := int64(binary.LittleEndian.Uint32(data[len(data)-4:])); n <= int64(len(data))*1100 {
			return n
		}
	}
	return int64(len(data)) * 8
}

// decoder carries limits and counters through one Decode call.
type decoder struct {
	maxBytes  int64 // budget for inflated bytes (gzip + packer)
	maxEvents int
	inflated  int64
	events    int
	packed    bool
	zr        io.ReadCloser // reused zlib reader for packer strings
	hook      EventHook     // DecodeOptions.Hook, while a bare list is read
}

// countEvent charges one event against MaxEvents.
func (d *decoder) countEvent() error {
	d.events++
	if d.events > d.maxEvents {
		return tooLargef("more than %d events", d.maxEvents)
	}
	return nil
}

// decode detects the container format of data (already gunzipped) and
// decodes it. owned says whether data may be aliased by the result.
func (d *decoder) decode(data []byte, owned bool, force Format) (*Document, Format, error) {
	text := data
	if bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) { // UTF-8 BOM
		text = text[3:]
	}
	i := skipSpace(text, 0)
	if i == len(text) {
		if force == FormatNDJSON { // an NDJSON file of zero events
			return bareDocument([]Event{}), FormatNDJSON, nil
		}
		return nil, force, invalidf("empty input")
	}
	switch force {
	case FormatAuto, FormatJSON, FormatNDJSON:
	case FormatMsgpack:
		doc, err := d.decodeBinary(newMsgpackReader(data))
		return doc, FormatMsgpack, err
	case FormatCBOR:
		doc, err := d.decodeBinary(newCBORReader(data))
		return doc, FormatCBOR, err
	default:
		return nil, FormatAuto, fmt.Errorf("format %v: %w", force, ErrUnknownFormat)
	}
	if c := text[i]; c == '[' || c == '{' || c == '"' {
		if !owned {
			text = bytes.Clone(text)
		}
		return d.decodeJSON(text, i)
	}
	if force != FormatAuto {
		return nil, force, invalidf("byte %d: input does not start with '[', '{' or '\"'", i)
	}
	return d.decodeBinaryAuto(data)
}

// decodeBinaryAuto tries msgpack and CBOR in the order the first byte
// suggests; many first bytes are valid in both, so a failed attempt falls
// back to the other and, if both fail, the error of the attempt that got
// further is reported.
func (d *decoder) decodeBinaryAuto(data []byte) (*Document, Format, error) {
	var order []Format
	switch c := data[0]; {
	case len(data) >= 3 && c == 0xd9 && data[1] == 0xd9 && data[2] == 0xf7:
		order = []Format{FormatCBOR}
	case c >= 0xdc && c <= 0xdf: // msgpack array16/32, map16/32
		order = []Format{FormatMsgpack}
	case c >= 0x80 && c <= 0x9f: // msgpack fixmap/fixarray = CBOR arrays
		order = []Format{FormatMsgpack, FormatCBOR}
	case c >= 0xa0 && c <= 0xdb: // CBOR maps and tags
		order = []Format{FormatCBOR}
	default:
		return nil, FormatAuto, fmt.Errorf("first byte 0x%02x is not JSON, msgpack or CBOR: %w", c, ErrUnknownFormat)
	}
	var firstErr error
	var firstFormat Format
	bestOff := -1
	start := *d
	for _, f := range order {
		*d = start
		var r tokenReader
		if f == FormatMsgpack {
			r = newMsgpackReader(data)
		} else {
			r = newCBORReader(data)
		}
		doc, err := d.decodeBinary(r)
		if err == nil {
			return doc, f, nil
		}
		if errors.Is(err, ErrTooLarge) {
			return nil, f, err
		}
		if r.offset() > bestOff {
			bestOff, firstErr, firstFormat = r.offset(), err, f
		}
	}
	return nil, firstFormat, firstErr
}

// wrapErr prefixes err with context, keeping it errors.Is-able.
func wrapErr(prefix string, err error) error {
	return fmt.Errorf("%s: %w", prefix, err)
}
