package vdom

import (
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
