package mask

import "github.com/reprise-dev/reprise/engine/internal/vdom"

// ctxCache keeps at() results by node id. rrweb ids are small dense
// integers, so a slice serves where a map would hash on every lookup.
//
// An entry counts only for the node it was computed for (another node can
// take an id over) and while its generation is current: a change of flags
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
	n, parent  *vdom.Node
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
	if id := n.ID; id > 0 && id < len(cc.entries) {
		if e := &cc.entries[id]; e.n == n && e.gen == cc.gen {
			return e
		}
	}
	return nil
}

// put records context c of n, derived from the parent's entry of stamp
// pstamp (0 without parent).
func (cc *ctxCache) put(n, parent *vdom.Node, pstamp uint64, c ctx) {
	id := n.ID
	if id <= 0 || id >= maxCachedID {
		return
	}
	if id >= len(cc.entries) {
		size := min(max(2*len(cc.entries), id+1, 256), maxCachedID)
		cc.entries = append(cc.entries, make([]ctxEntry, size-len(cc.entries))...)
	}
	cc.stamp++
	cc.entries[id] = ctxEntry{n: n, parent: parent, gen: cc.gen, epoch: cc.epoch, stamp: cc.stamp, pstamp: pstamp, c: c}
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

// reset invalidates every entry and lets go of the nodes (a new tree).
func (cc *ctxCache) reset() {
	clear(cc.entries)
	cc.gen, cc.epoch = 0, 0
}
