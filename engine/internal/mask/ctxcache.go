package mask

import "github.com/reprise-dev/reprise/engine/internal/vdom"

// ctxCache keeps at() results by node id. rrweb ids are small dense
// integers, so slices serve where a map would hash on every lookup: pages
// of ctxPage entries, made as ids reach them, so that the cache never
// copies itself to grow (doubling one slice left a trail of outgrown
// arrays, most of a masked pass's garbage after the page model itself).
//
// An entry counts only for the node it was computed for (another node can
// take an id over; nodes are told apart by their handles, so the cache
// holds no pointers for the garbage collector to scan) and while its
// generation is current: a change of flags or tag names, which can change
// any context, starts a new generation (one increment drops everything).
// A change of links (nodes added, removed, moved) only starts a new epoch:
// an entry from an earlier epoch is checked again before use, and still
// counts if its node has the same parent and the parent's entry is the
// very one it was derived from (stamps identify computations), which holds
// for most nodes since most batches move few.
type ctxCache struct {
	pages      [][]ctxEntry // page k: ids k*ctxPage to (k+1)*ctxPage-1; nil until used
	gen, epoch uint32
	stamp      uint64
}

type ctxEntry struct {
	h, ph      int32  // handles of the node and of its parent (0: none)
	gen, epoch uint32 // epoch: when last computed or checked
	stamp      uint64 // this computation
	pstamp     uint64 // the computation of the parent's entry it used
	c          ctx
}

// maxCachedID bounds the pages: nodes with larger ids (or none) are not
// cached, at() walks up from them.
const (
	maxCachedID = 1 << 20
	ctxPage     = 256
)

// entry returns n's entry of the current generation, or nil. Entries stay
// where they are until reset.
func (cc *ctxCache) entry(n *vdom.Node) *ctxEntry {
	id := n.ID
	if id <= 0 || n.H == 0 {
		return nil
	}
	if k := id / ctxPage; k < len(cc.pages) && cc.pages[k] != nil {
		if e := &cc.pages[k][id%ctxPage]; e.h == n.H && e.gen == cc.gen {
			return e
		}
	}
	return nil
}

// put records context c of n, derived from the parent's entry of stamp
// pstamp (0 without parent).
func (cc *ctxCache) put(n, parent *vdom.Node, pstamp uint64, c ctx) {
	id := n.ID
	if id <= 0 || id >= maxCachedID || n.H == 0 {
		return
	}
	k := id / ctxPage
	if k >= len(cc.pages) {
		cc.pages = append(cc.pages, make([][]ctxEntry, k+1-len(cc.pages))...)
	}
	if cc.pages[k] == nil {
		cc.pages[k] = make([]ctxEntry, ctxPage)
	}
	cc.stamp++
	cc.pages[k][id%ctxPage] = ctxEntry{h: n.H, ph: handle(parent), gen: cc.gen, epoch: cc.epoch, stamp: cc.stamp, pstamp: pstamp, c: c}
}

// handle is n's handle, 0 for none.
func handle(n *vdom.Node) int32 {
	if n == nil {
		return 0
	}
	return n.H
}

// drop invalidates every entry (flags or tag names changed).
func (cc *ctxCache) drop() {
	cc.gen++
	if cc.gen == 0 {
		cc.clear() // wrapped: old entries would count again
	}
}

// moved makes every entry be checked again before use (links changed).
func (cc *ctxCache) moved() {
	cc.epoch++
	if cc.epoch == 0 {
		cc.drop() // wrapped: an old entry could pass for checked
	}
}

// reset invalidates every entry (a new tree, whose handles start over).
func (cc *ctxCache) reset() {
	cc.clear()
	cc.gen, cc.epoch = 0, 0
}

func (cc *ctxCache) clear() {
	for _, p := range cc.pages {
		clear(p)
	}
}
