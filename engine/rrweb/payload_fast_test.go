package rrweb

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// slowIncremental and slowFull are the reference: encoding/json alone.
func slowIncremental(data []byte) (*IncrementalData, error) {
	var d IncrementalData
	err := json.Unmarshal(data, &d)
	return &d, err
}

func slowFull(data []byte) (*FullSnapshotData, error) {
	var d FullSnapshotData
	err := json.Unmarshal(data, &d)
	return &d, err
}

// checkAgree fails when the fast path accepts input encoding/json rejects,
// or decodes it differently.
func checkAgree(t *testing.T, typ EventType, data []byte) (fast bool) {
	t.Helper()
	switch typ {
	case IncrementalSnapshot:
		f, ferr := decodeIncrementalFast(data)
		if ferr != nil {
			return false
		}
		s, serr := slowIncremental(data)
		if serr != nil {
			t.Fatalf("fast path accepted what encoding/json rejects (%v): %.200s", serr, data)
		}
		if !reflect.DeepEqual(f, s) {
			t.Fatalf("fast and encoding/json differ on %.300s\nfast %+v\nslow %+v", data, f, s)
		}
	case FullSnapshot:
		f, ferr := decodeFullSnapshotFast(data)
		if ferr != nil {
			return false
		}
		s, serr := slowFull(data)
		if serr != nil {
			t.Fatalf("fast path accepted what encoding/json rejects (%v): %.200s", serr, data)
		}
		if !reflect.DeepEqual(f, s) {
			t.Fatalf("fast and encoding/json differ on full snapshot %.200s", data)
		}
	}
	return true
}

func TestPayloadDecodersAgree(t *testing.T) {
	n, fast := 0, 0
	for _, p := range recordings.Paths(t, false) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, tb := range doc.Tabs {
			for _, ev := range tb.Events {
				if ev.Type != IncrementalSnapshot && ev.Type != FullSnapshot {
					continue
				}
				n++
				if checkAgree(t, ev.Type, ev.Data) {
					fast++
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no fixture events")
	}
	// Real recordings must take the fast path, or it is useless.
	if fast < n*95/100 {
		t.Fatalf("fast path taken for only %d of %d events", fast, n)
	}
	t.Logf("%d of %d snapshot/incremental payloads decoded on the fast path", fast, n)
}

func TestPayloadDecoderEdges(t *testing.T) {
	for _, in := range []string{
		`{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]}`,
		`{"source":0,"texts":null,"adds":[{"parentId":1,"nextId":null,"node":{"type":2,"id":3,"tagName":"p","attributes":{"a":"\u00e9\n","b":1.5,"c":true,"d":null,"style":{"x":["1","important"],"y":false}},"childNodes":[]}}]}`,
		`{"Source":1,"positions":[{"x":1,"y":2,"id":3,"timeOffset":-5}]}`,
		`{"source":2,"type":2,"id":5,"x":1.5,"y":null}`,
		`{"source":0,"adds":[{"parentId":1e0,"node":null}]}`,
		`{"source":5,"id":1,"text":"a\u0000b","isChecked":null}`,
		`{"source":15,"id":1,"styles":[{"styleId":1,"rules":[{"rule":"a{}","index":[0,1]}]}],"styleIds":[1]}`,
		`{"source":13,"id":1,"index":[0],"set":{"property":"a","value":"b"}}`,
		`{"source":0,"texts":[{"id":1,"value":"\xff"}]}`,
		`{"source":0,"texts":[{"id":1,"value":"x"}],"texts":[{"id":2,"value":"y"}]}`,
		`{"source":0} x`,
		`{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"top":1,"left":2}}`,
	} {
		checkAgree(t, IncrementalSnapshot, []byte(in))
		checkAgree(t, FullSnapshot, []byte(in))
	}
}

func FuzzPayloadDecoders(f *testing.F) {
	f.Add([]byte(`{"source":0,"texts":[{"id":1,"value":"v"}],"attributes":[{"id":2,"attributes":{"class":"a","style":{"c":"d"}}}],"removes":[{"parentId":1,"id":3}],"adds":[{"parentId":1,"nextId":4,"node":{"type":2,"id":5,"tagName":"div","attributes":{},"childNodes":[]}}]}`))
	f.Add([]byte(`{"source":1,"positions":[{"x":1,"y":2,"id":3,"timeOffset":-5}]}`))
	f.Add([]byte(`{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{"lang":"en"},"childNodes":[]}]},"initialOffset":{"top":0,"left":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgree(t, IncrementalSnapshot, data)
		checkAgree(t, FullSnapshot, data)
	})
}
