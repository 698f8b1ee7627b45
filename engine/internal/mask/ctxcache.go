package mask

import "github.com/reprise-dev/reprise/engine/internal/vdom"

// ctxCache keeps at() results by node id. rrweb ids are small dense
// integers, so a slice serves where a map would hash on every lookup.
//
// An entry counts only for the node it was computed for (another node can
// take an id over; nodes are told apart by their handles, so the cache
// holds no pointers for the garbage collector to scan) and while its generation is current: a change of flags
// or tag names, which can change any context, starts a new generation
// (one increment drops everything). A change of links (nodes added,
// removed, moved) only starts a new epoch: an entry from an earlier epoch
// is checked again before use, and still counts if its node has the same
// parent and the parent's entry is the very one it was derived from
// (stamps identify computations), which holds for most nodes since most
// batches move few.
type ctxCache struct {
	entries    []ctxEntry
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

// maxCachedID bounds the slice: nodes with larger ids (or none) are not
// cached, at() walks up from them.
const maxCachedID = 1 << 20

// entry returns n's entry of the current generation, or nil. It is valid
// until the next put.
func (cc *ctxCache) entry(n *vdom.Node) *ctxEntry {
	if id := n.ID; id > 0 && id < len(cc.entries) && n.H != 0 {
		if e := &cc.entries[id]; e.h == n.H && e.gen == cc.gen {
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
	if id >= len(cc.entries) {
		size := min(max(2*len(cc.entries), id+1, 256), maxCachedID)
		cc.entries = append(cc.entries, make([]ctxEntry, size-len(cc.entries))...)
	}
	cc.stamp++
	cc.entries[id] = ctxEntry{h: n.H, ph: handle(parent), gen: cc.gen, epoch: cc.epoch, stamp: cc.stamp, pstamp: pstamp, c: c}
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
		clear(cc.entries) // wrapped: old entries would count again
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
	clear(cc.entries)
	cc.gen, cc.epoch = 0, 0
}
