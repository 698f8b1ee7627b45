package vdom

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
	"github.com/reprise-dev/reprise/fixtures/recordings"
)

// TestCloneQuickEqualsGeneral replays every fixture recording and, at
// points along it, copies the tree both ways: the quick copy of a linked
// tree must equal the general one (digest: nodes, handles, attributes,
// form state, sheets, mirror), its mirror must point into its own document
// wherever the original's does, and the quick way must be the one taken.
func TestCloneQuickEqualsGeneral(t *testing.T) {
	linked, all := 0, 0
	for _, f := range recordings.Paths(t, true) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := rrweb.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, tab := range doc.Tabs {
			tr := &Tree{}
			step := max(1, len(tab.Events)/25)
			for i := range tab.Events {
				op := DecodeOp(&tab.Events[i])
				tr.Apply(&op)
				if i%step != 0 && i != len(tab.Events)-1 {
					continue
				}
				all++
				general := tr.clone(false)
				q := tr.clone(true)
				if got, want := q.Digest(), general.Digest(); got != want {
					t.Fatalf("%s event %d: quick copy differs from the general one", filepath.Base(f), i)
				}
				if !sameMirrorHomes(tr, q) {
					t.Errorf("%s event %d: a mirrored node of the copy is not in its document", filepath.Base(f), i)
				}
				if (&cloner{}).linked(tr, &Tree{}) {
					linked++
				} else {
					t.Logf("%s event %d: not a linked tree, copied the general way", filepath.Base(f), i)
				}
			}
		}
	}
	if all == 0 {
		t.Fatal("no events in the fixture recordings")
	}
	// Recordings are linked trees but for rare states: the quick way must
	// be the usual one, or it buys nothing.
	if linked*10 < all*9 {
		t.Errorf("only %d of %d copies could take the quick way", linked, all)
	}
	t.Logf("%d copies checked, %d the quick way", all, linked)
}

// sameMirrorHomes: each mirror entry of copy c is in c's document exactly
// when the original's entry is in t's document.
func sameMirrorHomes(t, c *Tree) bool {
	in := func(tr *Tree) map[*Node]bool {
		m := map[*Node]bool{}
		tr.Walk(func(n *Node) { m[n] = true })
		return m
	}
	tin, cin := in(t), in(c)
	for id, n := range t.mirror.All() {
		if tin[n] != cin[c.mirror.Get(id)] {
			return false
		}
	}
	return t.mirror.Len() == c.mirror.Len()
}

// TestCloneOwnsLiveState: a clone's live state (form values and dirty
// flags, a select's value, a CSSOM-edited sheet, adopted sheets, scroll
// offsets: what nodes keep in their side struct) is its own. Changing it
// in the clone must leave the original as it was, and the reverse; each
// change must show in the tree it was made in (or the check proves
// nothing).
func TestCloneOwnsLiveState(t *testing.T) {
	const doc = `{"node":{"type":0,"id":1,"childNodes":[
 {"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
  {"type":2,"id":3,"tagName":"head","attributes":{},"childNodes":[
   {"type":2,"id":4,"tagName":"style","attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"p { color: red; }"}]}]},
  {"type":2,"id":6,"tagName":"body","attributes":{},"childNodes":[
   {"type":2,"id":7,"tagName":"input","attributes":{"type":"checkbox"},"childNodes":[]},
   {"type":2,"id":8,"tagName":"textarea","attributes":{},"childNodes":[]},
   {"type":2,"id":9,"tagName":"select","attributes":{},"childNodes":[
    {"type":2,"id":10,"tagName":"option","attributes":{"value":"a"},"childNodes":[]},
    {"type":2,"id":11,"tagName":"option","attributes":{"value":"b"},"childNodes":[]}]},
   {"type":2,"id":12,"tagName":"div","attributes":{},"childNodes":[]}]}]}]},
 "initialOffset":{"top":0,"left":0}}`
	// state(n) sets every kind of live state, differently for each n.
	state := func(n int) []string {
		opt := []string{"a", "b"}[n%2]
		return []string{
			fmt.Sprintf(`{"type":3,"data":{"source":5,"text":"","isChecked":%v,"id":7},"timestamp":1}`, n%2 == 0),
			fmt.Sprintf(`{"type":3,"data":{"source":5,"text":"typed %d","isChecked":false,"id":8},"timestamp":1}`, n),
			fmt.Sprintf(`{"type":3,"data":{"source":5,"text":%q,"isChecked":false,"id":9},"timestamp":1}`, opt),
			fmt.Sprintf(`{"type":3,"data":{"source":3,"id":12,"x":%d,"y":%d},"timestamp":1}`, 10+n, 20+n),
			fmt.Sprintf(`{"type":3,"data":{"source":8,"id":4,"adds":[{"rule":"b%d { color: blue; }","index":0}]},"timestamp":1}`, n),
			fmt.Sprintf(`{"type":3,"data":{"source":15,"id":1,"styleIds":[%d],"styles":[{"styleId":%d,"rules":[{"rule":"a%d {}"}]}]},"timestamp":1}`, n+1, n+1, n),
		}
	}
	tr := newTree(t, doc)
	apply(t, tr, state(0)...)
	before := tr.Digest()

	c := tr.Clone()
	if c.Digest() != before {
		t.Fatal("a fresh clone differs from its original")
	}
	apply(t, c, state(1)...)
	if c.Digest() == before {
		t.Fatal("the clone's changes did not show in the clone")
	}
	if tr.Digest() != before {
		t.Errorf("changing the clone's live state changed the original:\nbefore:\n%s\nafter:\n%s", before, tr.Digest())
	}

	c2 := tr.Clone()
	cBefore := c2.Digest()
	apply(t, tr, state(2)...)
	if tr.Digest() == before {
		t.Fatal("the original's changes did not show in the original")
	}
	if c2.Digest() != cBefore {
		t.Errorf("changing the original's live state changed its clone:\nbefore:\n%s\nafter:\n%s", cBefore, c2.Digest())
	}
}
