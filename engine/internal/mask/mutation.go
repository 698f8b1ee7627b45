package mask

import (
	"fmt"
	"strconv"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// mutation masks a Mutation batch. The batch is applied to the truth DOM
// first (rrweb's order: removes, adds, texts, attributes), the rules are
// re-evaluated where the batch can have changed a match, and then every
// entry is masked against the resulting state. Elements that started to
// match in this batch get synthetic entries that overwrite what was sent
// in clear before (and Input events for their live values).
//
// Most batches need no edit: those that mutReader can read are applied
// from its typed batch, and when mustEdit finds nothing to change they are
// emitted as they came, without ever building a JSON tree. The others
// (and those that need edits) are parsed and edited by maskMutation.
func (t *tab) mutation(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	var d *rrweb.IncrementalData
	fast := !t.general
	if fast {
		d, fast = t.readBatch(ev.Data)
	}
	var m *mutation
	if !fast {
		root, err := t.parse(ev.Data)
		if err != nil {
			t.diag(diag.Warning, Dropped, "mutation: %v; dropped", err)
			return out
		}
		m = toMutation(root)
		d = &m.d
	}
	if !t.snapshot {
		t.diag(diag.Warning, NoSnapshot, "mutation before a full snapshot; dropped")
		return out
	}

	// Removes are judged on the state before the batch: a node that was
	// never emitted (inside an excluded element) cannot be removed.
	var hidden []int // indexes in d.Removes
	for i, r := range d.Removes {
		if n := t.tree.Node(r.ID); n != nil && !t.emitted(n) {
			hidden = append(hidden, i)
		}
	}

	var added map[int]bool // nil when the batch adds nothing
	for _, a := range d.Adds {
		if a.Node != nil {
			if added == nil {
				// One map serves every batch (cleared, not reallocated).
				if t.added == nil {
					t.added = map[int]bool{}
				}
				clear(t.added)
				added = t.added
			}
			collectIDs(a.Node, added)
		}
	}
	t.tree.MutationNodes(d, &t.nodes)
	t.tree.Diags = nil
	nodes := t.nodes
	t.relink(d, nodes)
	newly := t.reevaluate(d, added, nodes)

	if m == nil {
		if !t.mustEdit(d, hidden, newly, nodes) {
			if !t.reader.mayCard {
				return append(out, *ev) // nothing for emit to scrub
			}
			return t.emitChecked(out, *ev, true)
		}
		root, err := t.parse(ev.Data)
		if err != nil {
			// mutReader accepts less than parse: a bug. The recovery in
			// process drops the event and distrusts the DOM.
			panic(fmt.Sprintf("mutation read but not parsed: %v", err))
		}
		m = toMutation(root)
	}
	return t.maskMutation(ev, out, m, hidden, added, newly)
}

// entryNodes are the nodes that the text and attribute entries of a batch
// name, as the DOM found them when it applied the batch.
type entryNodes = vdom.EntryNodes

// maskMutation edits batch m, applied to the DOM already: hidden are the
// removes of nodes never emitted, added the ids of the added nodes and
// newly the elements whose flags grew.
func (t *tab) maskMutation(ev *rrweb.Event, out []rrweb.Event, m *mutation, hidden []int, added map[int]bool, newly []newFlag) []rrweb.Event {
	root := m.root
	for _, i := range hidden {
		m.removeV[i].remove()
	}
	syn := synth{textIDs: map[int]bool{}, exclNames: map[int][]string{}}
	for i, a := range m.d.Adds {
		t.maskAdd(m, i, a)
	}
	for i, tm := range m.d.Texts {
		n := t.tree.Node(tm.ID)
		if t.textDropped(n) {
			m.textV[i].remove()
			continue
		}
		syn.textIDs[tm.ID] = true
		tv := m.textV[i].get("value")
		if tv == nil || tv.kind != '"' {
			continue
		}
		if mv := t.maskedText(n, tv.str); mv != tv.str {
			tv.setString(mv)
		}
	}
	newlyExcl := map[int]bool{}
	for _, nf := range newly {
		if nf.bits&fExcl != 0 {
			newlyExcl[nf.n.ID] = true
		}
	}
	for i, am := range m.d.Attributes {
		n := t.tree.Node(am.ID)
		if n == nil || !t.emitted(n) || (t.excluded(n) && !newlyExcl[am.ID]) {
			m.attrV[i].remove()
			continue
		}
		if newlyExcl[am.ID] {
			// Replaced by the placeholder entry below; remember the names
			// so that they are removed too.
			syn.exclNames[am.ID] = append(syn.exclNames[am.ID], attrNames(am)...)
			m.attrV[i].remove()
			continue
		}
		t.maskAttrs(n, t.at(n), m.attrV[i].get("attributes"))
	}

	var inputs []rrweb.Event
	for _, nf := range newly {
		n := nf.n
		if !t.emitted(n) {
			continue
		}
		if nf.bits&fExcl != 0 {
			inputs = t.excludeLater(&syn, n, added, ev.Timestamp, inputs)
			continue
		}
		if t.excluded(n) {
			continue
		}
		inputs = t.remask(&syn, n, added, ev.Timestamp, inputs)
	}
	syn.apply(root)
	if root.dirty && emptied(root) {
		// Everything in the batch was inside excluded content: rrweb never
		// emits an empty batch, and an empty one would still say when
		// something happened there.
		return out
	}
	out = t.emitValue(out, ev, root)
	for _, in := range inputs {
		out = t.emitChecked(out, in, true)
	}
	return out
}

// relink tells the at() cache what applying batch d changed besides
// flags. Only new data for text nodes and new attribute values leave links
// and tag names alone; a text or "value" on an element replaces its
// children, and "_cssText" can turn a <link> into a <style>.
func (t *tab) relink(d *rrweb.IncrementalData, nodes entryNodes) {
	moved := len(d.Removes) > 0 || len(d.Adds) > 0 || d.IsAttachIframe
	for _, n := range nodes.Texts {
		if n != nil && n.Kind != vdom.TextKind && n.Kind != vdom.CommentKind && n.Kind != vdom.CDATAKind {
			moved = true
		}
	}
	for _, am := range d.Attributes {
		for _, a := range am.Attributes {
			switch a.Name {
			case "_cssText":
				t.dropCache()
			case "value":
				moved = true
			}
		}
	}
	if moved {
		t.cache.moved()
	}
}

// emptied reports whether a mutation payload has no entry left.
func emptied(root *value) bool {
	for _, k := range [...]string{"adds", "removes", "texts", "attributes"} {
		a := root.get(k)
		if a == nil || a.drop || a.kind != '[' {
			continue
		}
		if a.edits != nil && len(a.extra) > 0 {
			return false
		}
		for _, e := range a.vals {
			if !e.drop {
				return false
			}
		}
	}
	return true
}

// maskAdd masks adds[i] against the state after the batch.
func (t *tab) maskAdd(m *mutation, i int, a rrweb.AddMutation) {
	sn := m.adds[i]
	if sn == nil {
		m.addV[i].remove() // no node: nothing to replay
		return
	}
	pc, ok := t.placed(sn.n)
	if !ok {
		m.addV[i].remove()
		return
	}
	for k, key := range m.addV[i].keys {
		if key != "parentId" && key != "nextId" && key != "previousId" && key != "node" {
			m.addV[i].vals[k].remove()
		}
	}
	t.maskNode(sn, pc)
}

// placed reports whether the added node sn is in the DOM after the batch
// and shown, and the context its parent gives it. Adds that were not
// placed (unknown parent, unresolved sibling) are dropped by rrweb as
// well, so their content has no business being stored.
func (t *tab) placed(sn *rrweb.Node) (ctx, bool) {
	n := t.tree.Node(sn.ID)
	if n == nil || !sameKind(n, sn) {
		return ctx{}, false
	}
	p := t.parentOf(n)
	if p == nil && n != t.tree.Doc {
		return ctx{}, false
	}
	var pc ctx
	if p != nil {
		pc = t.step(t.at(p), p)
	}
	return pc, !pc.hidden
}

// textDropped reports whether a text entry for node n is dropped: unknown,
// not emitted, or an excluded placeholder.
func (t *tab) textDropped(n *vdom.Node) bool {
	return n == nil || !t.emitted(n) || t.excluded(n)
}

// maskedText is what the value s of a text entry for node n becomes.
func (t *tab) maskedText(n *vdom.Node, s string) string {
	c := t.at(n)
	if n.Kind == vdom.ElementKind {
		// textContent set on an element: its text is the element's.
		if n.Tag == "textarea" {
			return applyValue(t.valuePolicy(n, c), s)
		}
		return maskTextNode(t.step(c, n), s)
	}
	return t.maskTextOf(n, c, s)
}

// newFlag is an element whose flags grew in this batch.
type newFlag struct {
	n    *vdom.Node
	bits uint8
}

// reevaluate re-matches the rules where the batch can have changed a
// match: added nodes, elements whose relevant attributes changed (and
// their subtrees when a rule looks at ancestors), and siblings of changed
// positions when a rule looks at siblings. It returns the elements that
// existed before the batch and gained flags.
func (t *tab) reevaluate(d *rrweb.IncrementalData, added map[int]bool, nodes entryNodes) []newFlag {
	var newly []newFlag
	seen := &t.seen
	defer seen.reset()
	var visit func(n *vdom.Node, deep bool)
	visit = func(n *vdom.Node, deep bool) {
		if n == nil || seen.has(n) {
			return
		}
		seen.add(n)
		if bits := t.evaluate(n); bits != 0 && !added[n.ID] {
			newly = append(newly, newFlag{n, bits})
		}
		if deep {
			children(n, func(c *vdom.Node, _ bool) { visit(c, true) })
		}
	}
	siblings := func(p *vdom.Node, from *vdom.Node) {
		if p == nil {
			return
		}
		on := from == nil
		for _, c := range p.Children {
			if c == from {
				on = true
			}
			if on {
				visit(c, t.r.anc)
			}
		}
	}
	for _, a := range d.Adds {
		if a.Node != nil {
			if n := t.tree.Node(a.Node.ID); n != nil {
				visit(n, true)
				if t.r.sib {
					siblings(n.Parent, n)
				}
			}
		}
	}
	for _, r := range d.Removes {
		if t.r.sib {
			if p := t.tree.Node(r.ParentID); p != nil {
				siblings(p, nil)
				if p.Shadow != nil {
					siblings(p.Shadow, nil)
				}
			}
		}
	}
	for i, am := range d.Attributes {
		n := nodes.Attrs[i]
		if n == nil || !t.relevant(am) {
			continue
		}
		seen.remove(n) // re-check even if visited shallowly above
		visit(n, t.r.anc)
		if t.r.sib {
			siblings(n.Parent, n)
		}
	}
	return newly
}

// relevant reports whether an attribute entry touches an attribute some
// rule reads.
func (t *tab) relevant(am rrweb.AttributeMutation) bool {
	for _, a := range am.Attributes {
		if t.r.isRelevant(a.Name) {
			return true
		}
	}
	return false
}

// excludeLater turns element n, emitted with its content before, into a
// placeholder: its children are removed and its attributes reduced to its
// box; a form control's live value is cleared.
func (t *tab) excludeLater(s *synth, n *vdom.Node, added map[int]bool, ts int64, inputs []rrweb.Event) []rrweb.Event {
	t.anyExcl = true
	rm := func(parent *vdom.Node, kids []*vdom.Node, shadow bool) {
		for _, c := range kids {
			if c.ID == 0 || added[c.ID] {
				continue
			}
			e := []byte(`{"parentId":` + strconv.Itoa(parent.ID) + `,"id":` + strconv.Itoa(c.ID))
			if shadow {
				e = append(e, `,"isShadow":true`...)
			}
			s.removes = append(s.removes, append(e, '}'))
		}
	}
	rm(n, n.Children, false)
	if n.Shadow != nil {
		rm(n, n.Shadow.Children, true)
	}
	if n.Doc != nil && n.Doc.ID != 0 {
		rm(n.Doc, n.Doc.Children, false)
	}
	// Attributes: every name the replayer may hold goes, then the box.
	names := s.exclNames[n.ID]
	for _, a := range n.Attrs {
		names = append(names, a.Name)
	}
	e := []byte(`{"id":` + strconv.Itoa(n.ID) + `,"attributes":{`)
	done := map[string]bool{"class": true, "style": true, "": true}
	first := true
	for _, name := range names {
		if done[name] {
			continue
		}
		done[name] = true
		if !first {
			e = append(e, ',')
		}
		first = false
		e = rrweb.AppendJSONString(e, name)
		e = append(e, `:null`...)
	}
	if !first {
		e = append(e, ',')
	}
	e = append(e, `"class":"rr-block","style":`...)
	style, _ := n.Attr("style")
	if box := boxStyle(style); box != "" {
		e = rrweb.AppendJSONString(e, box)
	} else {
		e = append(e, "null"...)
	}
	s.attrs = append(s.attrs, append(e, '}', '}'))
	if formControl(n) {
		inputs = append(inputs, inputEvent(n.ID, "", false, ts))
	}
	return inputs
}

// remask overwrites what element n's subtree showed in clear now that n is
// masked (or secret): text nodes, masked attributes, form values.
func (t *tab) remask(s *synth, n *vdom.Node, added map[int]bool, ts int64, inputs []rrweb.Event) []rrweb.Event {
	var walk func(x *vdom.Node, c ctx)
	walk = func(x *vdom.Node, c ctx) {
		if x.ID != 0 && added[x.ID] {
			return // added in this batch: masked with the current state already
		}
		if s.visited == nil {
			s.visited = map[*vdom.Node]bool{}
		}
		if s.visited[x] {
			return
		}
		s.visited[x] = true
		switch x.Kind {
		case vdom.TextKind, vdom.CommentKind:
			if x.ID == 0 || s.textIDs[x.ID] {
				return
			}
			if mv := t.maskTextOf(x, c, x.Data); mv != x.Data {
				s.texts = append(s.texts, textEntry(x.ID, mv))
			}
			return
		case vdom.ElementKind:
			if t.excluded(x) {
				return
			}
			t.remaskElement(s, x, c)
			if formControl(x) {
				if v, ok := t.inputs[x.ID]; ok {
					if mv := applyValue(t.valuePolicy(x, c), v); mv != v {
						inputs = append(inputs, inputEvent(x.ID, mv, x.Checked(), ts))
					}
				}
			}
		}
		cc := t.step(c, x)
		children(x, func(k *vdom.Node, _ bool) { walk(k, t.self(cc, k)) })
	}
	walk(n, t.at(n))
	return inputs
}

// remaskElement emits one attribute entry with x's masked attributes.
func (t *tab) remaskElement(s *synth, x *vdom.Node, c ctx) {
	var e []byte
	add := func(name string, raw []byte) {
		if e == nil {
			e = []byte(`{"id":` + strconv.Itoa(x.ID) + `,"attributes":{`)
		} else {
			e = append(e, ',')
		}
		e = rrweb.AppendJSONString(e, name)
		e = append(e, ':')
		e = append(e, raw...)
	}
	for _, a := range x.Attrs {
		switch act, mv := t.maskAttr(x, c, a.Name, a.Value); act {
		case attrMask:
			add(a.Name, rrweb.AppendJSONString(nil, mv))
		case attrDrop:
			add(a.Name, []byte("null"))
		}
	}
	if x.Tag == "textarea" {
		// A textarea's recorded content is an unmapped text child; the
		// recorder reports it as the "value" attribute, so overwrite that.
		if v := x.TextContent(); v != "" {
			if mv := applyValue(t.valuePolicy(x, c), v); mv != v {
				add("value", rrweb.AppendJSONString(nil, mv))
			}
		}
	}
	if e != nil {
		s.attrs = append(s.attrs, append(e, '}', '}'))
	}
}

// synth collects synthetic mutation entries.
type synth struct {
	removes, texts, attrs [][]byte
	textIDs               map[int]bool     // ids that already have a text entry in the batch
	exclNames             map[int][]string // attribute names of dropped entries of newly excluded elements
	visited               map[*vdom.Node]bool
}

// apply appends the entries to the batch's arrays (creating them if absent).
func (s *synth) apply(root *value) {
	for _, f := range []struct {
		key string
		es  [][]byte
	}{{"removes", s.removes}, {"texts", s.texts}, {"attributes", s.attrs}} {
		if len(f.es) == 0 {
			continue
		}
		if a := root.get(f.key); a != nil && a.kind == '[' {
			a.push(f.es...)
			continue
		}
		if a := root.get(f.key); a != nil {
			a.remove()
		}
		b := []byte{'['}
		for i, e := range f.es {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, e...)
		}
		root.setMember(f.key, append(b, ']'))
	}
}

func textEntry(id int, v string) []byte {
	b := []byte(`{"id":` + strconv.Itoa(id) + `,"value":`)
	return append(rrweb.AppendJSONString(b, v), '}')
}

// inputEvent is a synthetic Input event (userTriggered false: the masker,
// not the user, set this value).
func inputEvent(id int, text string, checked bool, ts int64) rrweb.Event {
	b := []byte(`{"source":5,"text":`)
	b = rrweb.AppendJSONString(b, text)
	b = append(b, `,"isChecked":`+strconv.FormatBool(checked)+`,"id":`+strconv.Itoa(id)+`,"userTriggered":false}`...)
	return rrweb.Event{Type: rrweb.IncrementalSnapshot, Data: b, Timestamp: ts}
}

func attrNames(am rrweb.AttributeMutation) []string {
	out := make([]string, 0, len(am.Attributes))
	for _, a := range am.Attributes {
		out = append(out, a.Name)
	}
	return out
}

// collectIDs adds the ids of n's serialized subtree to ids.
func collectIDs(n *rrweb.Node, ids map[int]bool) {
	if n == nil {
		return
	}
	ids[n.ID] = true
	for _, c := range n.ChildNodes {
		collectIDs(c, ids)
	}
}
