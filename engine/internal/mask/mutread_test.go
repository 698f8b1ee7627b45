package mask

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// checkRead holds mutReader to its contract on data: whatever it accepts,
// parse accepts too and toMutation reads as the same batch, and it notes
// every payload that scrubJSON would change.
func checkRead(t *testing.T, r *mutReader, data []byte) bool {
	t.Helper()
	d, ok := r.read(data)
	if !ok {
		return false
	}
	root, err := parseJSON(data)
	if err != nil {
		t.Fatalf("mutReader accepted what parse rejects (%v): %s", err, data)
	}
	if want := toMutation(root).d; !reflect.DeepEqual(*d, want) {
		t.Fatalf("mutReader and toMutation disagree on %s:\n read %+v\n want %+v", data, *d, want)
	}
	if _, changed := scrubJSON(data); changed && !r.mayCard {
		t.Fatalf("mutReader missed a card number in %s", data)
	}
	return true
}

// recordedMutations are the Mutation payloads of the fixture recordings
// (fixtureTabs), in a fixed order.
func recordedMutations(t testing.TB) [][]byte {
	tabs := fixtureTabs(t)
	var out [][]byte
	for _, name := range slices.Sorted(maps.Keys(tabs)) {
		for _, ev := range tabs[name] {
			if ev.Source() == rrweb.SourceMutation {
				out = append(out, ev.Data)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no recorded mutations under fixtures/recordings")
	}
	return out
}

// The reader must agree with the general path, and read what rrweb
// records (else the fast path is never taken).
func TestMutReaderAgreesWithParse(t *testing.T) {
	var r mutReader
	read := 0
	muts := recordedMutations(t)
	for _, data := range muts {
		if checkRead(t, &r, data) {
			read++
		}
	}
	for _, ev := range append(page(), generate([]byte("\x02\x03\x04\x05\x02\x03\x04\x05abcdefgh"))...) {
		if ev.Source() == rrweb.SourceMutation {
			checkRead(t, &r, ev.Data)
		}
	}
	// Values past what shares one allocation, and between.
	var texts, attrs []string
	for i := range 40 {
		v := strings.Repeat("é", i*3)
		texts = append(texts, `{"id":`+strconv.Itoa(i)+`,"value":"`+v+`"}`)
		attrs = append(attrs, `{"id":`+strconv.Itoa(i)+`,"attributes":{"a":"`+v+`","b":null,"c":"x\ny","d":"`+strings.Repeat("z", i)+`"}}`)
	}
	long := `{"source":0,"texts":[` + strings.Join(texts, ",") + `],"attributes":[` + strings.Join(attrs, ",") + `]}`
	if !checkRead(t, &r, []byte(long)) {
		t.Errorf("mutReader declined %s", long)
	}
	t.Logf("mutReader read %d of %d recorded mutations", read, len(muts))
	if read < len(muts)*99/100 {
		t.Errorf("mutReader read only %d of %d recorded mutations", read, len(muts))
	}
}

func FuzzMutReader(f *testing.F) {
	for _, s := range []string{
		`{"source":0,"texts":[{"id":1,"value":"a"}],"attributes":[{"id":2,"attributes":{"class":"x","style":{"color":"red","width":["1px","important"],"top":false},"n":1.50}}],"removes":[{"parentId":1,"id":3,"isShadow":true}],"adds":[]}`,
		`{"source":0,"adds":[{"parentId":4,"nextId":null,"node":{"type":2,"tagName":"p","attributes":{"title":"t\u00e9"},"childNodes":[{"type":3,"textContent":"x\n","id":6}],"id":5}}],"isAttachIframe":true}`,
		`{"source":0,"texts":[{"id":1,"value":"a"},{"id":1,"value":null}],"texts":[]}`,
		` {"source":0 , "texts" : [ { "id" : -7 , "value" : "\ud83d" } ] } `,
		`{"source":0,"attributes":[{"id":2,"attributes":{"a":1e999,"b":-0.0,"c":"\u0000"}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]},"timestamp":1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r mutReader
		checkRead(t, &r, data)
		checkPrefix(t, data)
	})
}

// checkPrefix: what readPrefix takes as one payload at the start of data
// (the rest of a decoder's input) is what the decoder itself would take,
// to the byte, and reads as read reads that payload alone.
func checkPrefix(t *testing.T, data []byte) {
	var r mutReader
	n, d, ok := r.readPrefix(data)
	if !ok {
		return
	}
	end, err := rrweb.ValueEnd(data, 0)
	if err != nil || end != n {
		t.Fatalf("readPrefix took %d bytes of %q; the decoder: end %d, %v", n, data, end, err)
	}
	var whole mutReader
	d2, ok := whole.read(data[:n])
	if !ok {
		t.Fatalf("readPrefix took %q, read refuses it", data[:n])
	}
	if !reflect.DeepEqual(d, d2) {
		t.Fatalf("readPrefix read %+v, read reads %+v", *d, *d2)
	}
}
