package rrweb

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/vmihailenco/msgpack/v5"
)

// The third-party codecs are used here only, as independent oracles: the
// engine's own readers/writers must agree with them in both directions.

// oracleEvents is what the oracles encode: events with generic data.
func oracleEvents(t *testing.T, events []Event) []map[string]any {
	t.Helper()
	out := make([]map[string]any, len(events))
	for i, e := range events {
		out[i] = map[string]any{"type": int64(e.Type), "timestamp": e.Timestamp, "data": jsonValue(t, e.Data)}
	}
	return out
}

// cborDecMode raises fxamacker's limits, which reject real recordings
// (go-facts.md §4 gotchas), and decodes maps with string keys.
func cborDecMode(t *testing.T) cbor.DecMode {
	t.Helper()
	dm, err := cbor.DecOptions{MaxArrayElements: 1 << 26, MaxMapPairs: 1 << 26, MaxNestedLevels: 256,
		DefaultMapType: reflect.TypeOf(map[string]any{})}.DecMode()
	if err != nil {
		t.Fatal(err)
	}
	return dm
}

// oracleValue re-marshals a value decoded by an oracle as JSON.
func oracleJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("oracle value %#v: %v", v, err)
	}
	return b
}

func TestMsgpackOracle(t *testing.T) {
	events := randomEvents(11, 300)
	for _, compact := range []bool{false, true} {
		// vmihailenco encodes → we decode.
		var buf bytes.Buffer
		enc := msgpack.NewEncoder(&buf)
		enc.UseCompactInts(compact)
		enc.UseCompactFloats(compact)
		if err := enc.Encode(oracleEvents(t, events)); err != nil {
			t.Fatal(err)
		}
		doc, info, err := Decode(buf.Bytes())
		if err != nil {
			t.Fatalf("compact=%v: %v", compact, err)
		}
		if info.Format != FormatMsgpack {
			t.Errorf("detected %v", info.Format)
		}
		sameEvents(t, doc.Tabs[0].Events, events)
	}
	// We encode → vmihailenco decodes. Integers must come back as integer
	// types and floats as floats.
	b, err := AppendEncode(nil, bareDocument(events), FormatMsgpack)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := msgpack.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	checkOracleDecoded(t, got, events)
	var typed []map[string]any
	msgpack.Unmarshal(mustEncode(t, ev(1, 1, `{"i":1,"f":1.0,"u":18446744073709551615}`), FormatMsgpack), &typed)
	d := typed[0]["data"].(map[string]any)
	if _, ok := d["i"].(int8); !ok {
		t.Errorf("int 1 decoded by msgpack as %T", d["i"])
	}
	if _, ok := d["f"].(float64); !ok {
		t.Errorf("float 1.0 decoded by msgpack as %T", d["f"])
	}
	if _, ok := d["u"].(uint64); !ok {
		t.Errorf("uint64 max decoded by msgpack as %T", d["u"])
	}
	// A session document through vmihailenco's struct encoding (json tags).
	checkOracleDocument(t, func(v any) ([]byte, error) {
		var buf bytes.Buffer
		enc := msgpack.NewEncoder(&buf)
		enc.SetCustomStructTag("json")
		err := enc.Encode(v)
		return buf.Bytes(), err
	})
}

func TestCBOROracle(t *testing.T) {
	events := randomEvents(12, 300)
	for _, opts := range []cbor.EncOptions{{}, cbor.CanonicalEncOptions(), {ShortestFloat: cbor.ShortestFloat16}} {
		em, err := opts.EncMode()
		if err != nil {
			t.Fatal(err)
		}
		b, err := em.Marshal(oracleEvents(t, events))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{b, append([]byte{0xd9, 0xd9, 0xf7}, b...)} {
			doc, info, err := Decode(in)
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != FormatCBOR {
				t.Errorf("detected %v", info.Format)
			}
			sameEvents(t, doc.Tabs[0].Events, events)
		}
	}
	b, err := AppendEncode(nil, bareDocument(events), FormatCBOR)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := cborDecMode(t).Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	checkOracleDecoded(t, got, events)
	if err := cbor.Wellformed(b); err != nil {
		t.Errorf("not well-formed CBOR: %v", err)
	}
	var typed []map[string]any
	cborDecMode(t).Unmarshal(mustEncode(t, ev(1, 1, `{"i":-1,"f":1.0}`), FormatCBOR), &typed)
	d := typed[0]["data"].(map[string]any)
	if _, ok := d["i"].(int64); !ok {
		t.Errorf("int -1 decoded by cbor as %T", d["i"])
	}
	if _, ok := d["f"].(float64); !ok {
		t.Errorf("float 1.0 decoded by cbor as %T", d["f"])
	}
	em, _ := cbor.EncOptions{}.EncMode()
	checkOracleDocument(t, em.Marshal)
}

func mustEncode(t *testing.T, e Event, f Format) []byte {
	t.Helper()
	b, err := AppendEncode(nil, bareDocument([]Event{e}), f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkOracleDecoded compares events decoded by an oracle with want.
func checkOracleDecoded(t *testing.T, got []map[string]any, want []Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("oracle decoded %d events, want %d", len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		if string(oracleJSON(t, g["type"])) != string(oracleJSON(t, int64(w.Type))) ||
			string(oracleJSON(t, g["timestamp"])) != string(oracleJSON(t, w.Timestamp)) ||
			!sameJSON(t, oracleJSON(t, g["data"]), w.Data) {
			t.Fatalf("event %d: oracle decoded %v, want {%d %s %d}", i, g, w.Type, w.Data, w.Timestamp)
		}
	}
}

// checkOracleDocument encodes a session document with an oracle (struct
// encoding, json tags) and checks that Decode reads it back.
func checkOracleDocument(t *testing.T, marshal func(any) ([]byte, error)) {
	t.Helper()
	type oEvent struct {
		Type      int64 `json:"type"`
		Data      any   `json:"data"`
		Timestamp int64 `json:"timestamp"`
	}
	type oTab struct {
		ID     string   `json:"id"`
		Events []oEvent `json:"events"`
	}
	type oParty struct {
		ID     string         `json:"id"`
		Traits map[string]any `json:"traits,omitempty"`
	}
	type oDoc struct {
		Format      string  `json:"format"`
		Version     int     `json:"version"`
		ID          string  `json:"id"`
		User        *oParty `json:"user,omitempty"`
		Environment string  `json:"environment"`
		Tabs        []oTab  `json:"tabs"`
	}
	want := sampleDocument()
	want.Company = nil
	od := oDoc{Format: want.Format, Version: 1, ID: want.ID, Environment: want.Environment,
		User: &oParty{ID: want.User.ID, Traits: map[string]any{}}}
	for k, v := range want.User.Traits {
		od.User.Traits[k] = jsonValue(t, v)
	}
	for _, tab := range want.Tabs {
		ot := oTab{ID: tab.ID, Events: []oEvent{}}
		for _, e := range tab.Events {
			ot.Events = append(ot.Events, oEvent{int64(e.Type), jsonValue(t, e.Data), e.Timestamp})
		}
		od.Tabs = append(od.Tabs, ot)
	}
	b, err := marshal(od)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	sameDocs(t, got, want)
}
