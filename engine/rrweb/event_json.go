package rrweb

import (
	"bytes"
	"math"
	"strconv"
)

// emptyData returns a fresh {} for an event that has no data.
func emptyData() []byte { return []byte{'{', '}'} }

// UnmarshalJSON decodes an rrweb event envelope {type, data, timestamp}.
// The timestamp may be an integer or a float (rounded to the nearest ms);
// extra fields such as the Replayer's "delay" or the packer's "v" are
// ignored; a missing data becomes {}. For symmetry with rrweb's unpack it
// also accepts an @rrweb/packer string or a JSON string holding an event.
// A JSON null leaves e unchanged.
func (e *Event) UnmarshalJSON(b []byte) error {
	i := skipSpace(b, 0)
	if i < len(b) && b[i] == 'n' {
		if _, err := scanLiteral(b, i, "null"); err == nil && skipSpace(b, i+4) == len(b) {
			return nil
		}
	}
	d := decoder{maxBytes: DefaultMaxDecompressedBytes, maxEvents: 1}
	var ev Event
	var end int
	var err error
	switch {
	case i < len(b) && b[i] == '{':
		ev, _, end, err = parseEventObject(b, i)
		if err == nil {
			ev.Data = bytes.Clone(ev.Data) // b belongs to the caller
		}
	case i < len(b) && b[i] == '"':
		end, _, err = scanString(b, i)
		if err == nil {
			ev, err = d.unpackJSONString(b[i:end])
		}
	default:
		err = invalidf("byte %d: event must be an object or a packed string", i)
	}
	if err == nil && skipSpace(b, end) != len(b) {
		err = invalidf("byte %d: trailing data after event", end)
	}
	if err != nil {
		return wrapErr("rrweb: event", err)
	}
	*e = ev
	return nil
}

// MarshalJSON writes exactly {"type":N,"data":<data>,"timestamp":N} with
// data compacted; nil data is written as {}.
func (e Event) MarshalJSON() ([]byte, error) {
	b, err := appendEventJSON(make([]byte, 0, len(e.Data)+48), &e)
	if err != nil {
		return nil, wrapErr("rrweb: event", err)
	}
	return b, nil
}

// appendEventJSON appends the canonical JSON form of e.
func appendEventJSON(dst []byte, e *Event) ([]byte, error) {
	dst = append(dst, `{"type":`...)
	dst = strconv.AppendInt(dst, int64(e.Type), 10)
	dst = append(dst, `,"data":`...)
	if len(e.Data) == 0 {
		dst = append(dst, '{', '}')
	} else {
		var err error
		if dst, err = appendCompact(dst, e.Data); err != nil {
			return dst, invalidf("data: %v", err)
		}
	}
	dst = append(dst, `,"timestamp":`...)
	dst = strconv.AppendInt(dst, e.Timestamp, 10)
	return append(dst, '}'), nil
}

// parseEventObject parses the event object starting at b[i] == '{'. Data
// aliases b (capacity-capped so appends cannot clobber b). v is the raw
// value of the packer's "v" field, nil when absent.
func parseEventObject(b []byte, i int) (ev Event, v []byte, end int, err error) {
	return parseEventObjectHook(b, i, nil)
}

// parseEventObjectHook is parseEventObject offering the data to hook
// (nil: none) before scanning it.
func parseEventObjectHook(b []byte, i int, hook EventHook) (ev Event, v []byte, end int, err error) {
	start := i
	i = skipSpace(b, i+1)
	haveType, haveTS := false, false
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return ev, nil, i, invalidf("byte %d: expected object key", i)
			}
			kEnd, esc, err := scanString(b, i)
			if err != nil {
				return ev, nil, kEnd, err
			}
			key := b[i+1 : kEnd-1]
			if esc {
				key = appendUnquoted(nil, b[i:kEnd])
			}
			i = skipSpace(b, kEnd)
			if i >= len(b) || b[i] != ':' {
				return ev, nil, i, invalidf("byte %d: expected ':'", i)
			}
			i = skipSpace(b, i+1)
			vStart := i
			read := false
			if hook != nil && string(key) == "data" {
				typ := EventType(-1)
				if haveType {
					typ = ev.Type
				}
				if n, ok := hook.Payload(typ, b[i:]); ok && n > 0 && n <= len(b)-i {
					i, read = i+n, true
				}
			}
			if !read {
				if i, err = skipValue(b, i); err != nil {
					return ev, nil, i, err
				}
			}
			val := b[vStart:i:i]
			switch string(key) {
			case "type":
				n, err := parseIntField(val, "type")
				if err != nil {
					return ev, nil, vStart, err
				}
				if n < math.MinInt32 || n > math.MaxInt32 {
					return ev, nil, vStart, invalidf("byte %d: type %d out of range", vStart, n)
				}
				ev.Type, haveType = EventType(n), true
			case "timestamp":
				if ev.Timestamp, err = parseIntField(val, "timestamp"); err != nil {
					return ev, nil, vStart, err
				}
				haveTS = true
			case "data":
				ev.Data = val
			case "v":
				v = val
			}
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return ev, nil, i, invalidf("byte %d: expected ',' or '}'", i)
		}
	}
	if !haveType {
		return ev, nil, i, invalidf("byte %d: event has no \"type\"", start)
	}
	if !haveTS {
		return ev, nil, i, invalidf("byte %d: event has no \"timestamp\"", start)
	}
	if ev.Data == nil {
		ev.Data = emptyData()
	}
	return ev, v, i, nil
}

// parseIntField reads a JSON number as int64: integers exactly, floats
// rounded to the nearest integer (half away from zero).
func parseIntField(val []byte, name string) (int64, error) {
	if len(val) == 0 || (val[0] != '-' && (val[0] < '0' || val[0] > '9')) {
		return 0, invalidf("%s is not a number: %.32s", name, val)
	}
	// Fast path: up to 18 plain digits.
	neg := val[0] == '-'
	digits := val
	if neg {
		digits = val[1:]
	}
	if len(digits) > 0 && len(digits) <= 18 {
		var n int64
		ok := true
		for _, c := range digits {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if ok {
			if neg {
				n = -n
			}
			return n, nil
		}
	}
	return numberToInt(string(val), name)
}

// numberToInt converts a numeric literal to int64, rounding floats.
func numberToInt(lit, name string) (int64, error) {
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !isRangeErr(err) {
		return 0, invalidf("%s is not a number: %.32s", name, lit)
	}
	return floatToInt(f, name)
}

// floatToInt rounds f to the nearest int64 or reports it out of range.
func floatToInt(f float64, name string) (int64, error) {
	r := math.Round(f)
	if math.IsNaN(r) || r < -(1<<63) || r >= 1<<63 {
		return 0, invalidf("%s %v out of int64 range", name, f)
	}
	return int64(r), nil
}

// isRangeErr reports a strconv range error.
func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
