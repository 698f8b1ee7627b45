package mask

import "github.com/reprise-dev/reprise/engine/internal/vdom"

// nodeSet is a set of nodes kept as a short list until it grows: most
// batches visit a handful of elements, for which hashing costs more than
// looking.
type nodeSet struct {
	list []*vdom.Node
	m    map[*vdom.Node]bool
}

const nodeSetList = 16

func (s *nodeSet) has(n *vdom.Node) bool {
	if s.m != nil {
		return s.m[n]
	}
	for _, x := range s.list {
		if x == n {
			return true
		}
	}
	return false
}

func (s *nodeSet) add(n *vdom.Node) {
	switch {
	case s.m != nil:
		s.m[n] = true
	case len(s.list) < nodeSetList:
		s.list = append(s.list, n)
	default:
		s.m = make(map[*vdom.Node]bool, 2*nodeSetList)
		for _, x := range s.list {
			s.m[x] = true
		}
		s.m[n] = true
	}
}

func (s *nodeSet) remove(n *vdom.Node) {
	if s.m != nil {
		delete(s.m, n)
		return
	}
	for i, x := range s.list {
		if x == n {
			last := len(s.list) - 1
			copy(s.list[i:], s.list[i+1:])
			s.list[last] = nil
			s.list = s.list[:last]
			return
		}
	}
}

// reset empties the set (keeping the list's memory; a grown set's map
// goes, so that one large batch does not slow every later one).
func (s *nodeSet) reset() {
	clear(s.list)
	s.list = s.list[:0]
	s.m = nil
}
