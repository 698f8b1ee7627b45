package rrweb

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEventUnmarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Event
	}{
		{"plain", `{"type":3,"data":{"source":1},"timestamp":1700000000000}`, ev(3, 1700000000000, `{"source":1}`)},
		{"key order and spaces", ` { "timestamp" : 5 , "data" : [ 1 ] , "type" : 2 } `, ev(2, 5, `[ 1 ]`)},
		{"float timestamp rounds down", `{"type":0,"data":{},"timestamp":1700000000000.4}`, ev(0, 1700000000000, `{}`)},
		{"float timestamp rounds half away", `{"type":0,"data":{},"timestamp":2.5}`, ev(0, 3, `{}`)},
		{"negative float timestamp", `{"type":0,"data":{},"timestamp":-2.5}`, ev(0, -3, `{}`)},
		{"exponent timestamp", `{"type":0,"data":{},"timestamp":1.7e12}`, ev(0, 1700000000000, `{}`)},
		{"big integer timestamp", `{"type":0,"data":{},"timestamp":9223372036854775807}`, ev(0, 9223372036854775807, `{}`)},
		{"integral float type", `{"type":3.0,"data":{},"timestamp":1}`, ev(3, 1, `{}`)},
		{"delay and v ignored", `{"type":4,"data":{"href":"x"},"timestamp":9,"delay":123,"v":"v1"}`, ev(4, 9, `{"href":"x"}`)},
		{"missing data", `{"type":1,"timestamp":9}`, ev(1, 9, `{}`)},
		{"null data kept", `{"type":1,"data":null,"timestamp":9}`, ev(1, 9, `null`)},
		{"unknown type passes", `{"type":99,"data":{"x":1},"timestamp":9}`, ev(99, 9, `{"x":1}`)},
		{"escaped key", `{"typ\u0065":5,"data":{},"timestamp":9}`, ev(5, 9, `{}`)},
		{"duplicate key last wins", `{"type":1,"type":2,"data":{},"timestamp":9}`, ev(2, 9, `{}`)},
		{"JSON string event", `"{\"type\":2,\"data\":{\"a\":1},\"timestamp\":7}"`, ev(2, 7, `{"a":1}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Event
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatal(err)
			}
			if got.Type != tt.want.Type || got.Timestamp != tt.want.Timestamp || string(got.Data) != string(tt.want.Data) {
				t.Errorf("got {%d %s %d}, want {%d %s %d}", got.Type, got.Data, got.Timestamp, tt.want.Type, tt.want.Data, tt.want.Timestamp)
			}
		})
	}
}

func TestEventUnmarshalJSONCopiesData(t *testing.T) {
	in := []byte(`{"type":1,"data":{"a":1},"timestamp":2}`)
	var e Event
	if err := e.UnmarshalJSON(in); err != nil {
		t.Fatal(err)
	}
	copy(in, strings.Repeat("x", len(in)))
	if string(e.Data) != `{"a":1}` {
		t.Errorf("Data aliases the caller's buffer: %s", e.Data)
	}
}

func TestEventUnmarshalJSONNull(t *testing.T) {
	e := ev(1, 2, `{}`)
	if err := json.Unmarshal([]byte(`null`), &e); err != nil || e.Timestamp != 2 {
		t.Errorf("null: %v, %+v", err, e)
	}
}

func TestEventUnmarshalJSONErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"missing type", `{"data":{},"timestamp":1}`, `no "type"`},
		{"missing timestamp", `{"type":1,"data":{}}`, `no "timestamp"`},
		{"string timestamp", `{"type":1,"data":{},"timestamp":"12"}`, "timestamp is not a number"},
		{"null timestamp", `{"type":1,"data":{},"timestamp":null}`, "timestamp is not a number"},
		{"bool type", `{"type":true,"data":{},"timestamp":1}`, "type is not a number"},
		{"huge timestamp", `{"type":1,"data":{},"timestamp":1e30}`, "out of int64 range"},
		{"huge type", `{"type":4294967296,"data":{},"timestamp":1}`, "out of range"},
		{"array", `[1]`, "must be an object"},
		{"bad data", `{"type":1,"data":{"a":},"timestamp":1}`, "byte"},
		{"not a packed string", `"hello"`, "not zlib"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Event
			err := e.UnmarshalJSON([]byte(tt.in))
			if !errorsIs(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want ErrInvalid mentioning %q", err, tt.want)
			}
		})
	}
}

func TestEventMarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		in   Event
		want string
	}{
		{"plain", ev(3, 17, `{"source":1}`), `{"type":3,"data":{"source":1},"timestamp":17}`},
		{"compacts data", ev(3, 17, " {\n \"a\" : [ 1 , \"x y\" ] }\n"), `{"type":3,"data":{"a":[1,"x y"]},"timestamp":17}`},
		{"nil data", Event{Type: 1, Timestamp: -4}, `{"type":1,"data":{},"timestamp":-4}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			if err != nil || string(got) != tt.want {
				t.Errorf("got %s, %v; want %s", got, err, tt.want)
			}
			// and as a pointer, inside a slice
			got, err = json.Marshal([]*Event{&tt.in})
			if err != nil || string(got) != "["+tt.want+"]" {
				t.Errorf("pointer: got %s, %v", got, err)
			}
		})
	}
	if _, err := json.Marshal(ev(1, 1, `{"a":`)); err == nil {
		t.Error("invalid data marshalled without error")
	}
}
