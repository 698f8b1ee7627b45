package vdom

import (
	"regexp"
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Input applies an Input event: target.checked = isChecked; target.value =
// text, with the browser's per-type value semantics.
func (t *Tree) Input(d *rrweb.IncrementalData) {
	if d.ID == nil || *d.ID == -1 {
		return
	}
	n := t.mirror.Get(*d.ID)
	if n == nil {
		t.info(diag.NodeNotFound, "input: node %d not found", *d.ID)
		return
	}
	if n.Kind != ElementKind {
		return
	}
	checked := d.IsChecked != nil && *d.IsChecked
	text := ""
	if d.Text != nil {
		text = *d.Text
	}
	switch n.Tag {
	case "input":
		n.setChecked(checked)
		n.setInputValue(text)
	case "textarea":
		x := n.w()
		x.value, x.valueDirty = text, true
		n.mark(dirtyForm)
	case "select":
		v := text
		n.w().selectValue = &v
		n.mark(dirtyForm)
	}
}

func (n *Node) setChecked(c bool) {
	x := n.w()
	x.checked, x.checkedDirty = c, true
	n.mark(dirtyForm)
	if !c || n.InputType() != "radio" {
		return
	}
	// Checking a radio unchecks the others of its group.
	name, ok := n.Attr("name")
	if !ok || name == "" {
		return
	}
	root := n
	for root.Parent != nil {
		root = root.Parent
	}
	form := n.formOwner()
	var walk func(*Node)
	walk = func(x *Node) {
		for _, c := range x.Children {
			if c != n && c.Kind == ElementKind && c.Tag == "input" && c.InputType() == "radio" && c.Checked() {
				if cn, _ := c.Attr("name"); cn == name && c.formOwner() == form {
					cx := c.w()
					cx.checked, cx.checkedDirty = false, true
					c.mark(dirtyForm)
				}
			}
			walk(c)
		}
	}
	walk(root)
}

func (n *Node) formOwner() *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == ElementKind && p.Tag == "form" {
			return p
		}
	}
	return nil
}

var lineBreaks = strings.NewReplacer("\r", "", "\n", "")

var (
	validColor  = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	validNumber = regexp.MustCompile(`^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$`)
)

// setInputValue is HTMLInputElement.value's setter for the input's type.
func (n *Node) setInputValue(v string) {
	switch typ := n.InputType(); typ {
	case "checkbox", "radio", "hidden", "submit", "reset", "button", "image":
		// Modes "default" and "default/on" write the content attribute.
		n.SetAttr("value", v)
	case "file":
		// Only "" may be assigned; a file list is never replayed.
	default:
		switch typ {
		case "email", "url":
			v = strings.TrimSpace(lineBreaks.Replace(v))
		case "number":
			if !validNumber.MatchString(v) {
				v = ""
			}
		case "color":
			if validColor.MatchString(v) {
				v = strings.ToLower(v)
			} else {
				v = "#000000"
			}
		default:
			v = lineBreaks.Replace(v)
		}
		x := n.w()
		x.value, x.valueDirty = v, true
		n.mark(dirtyForm)
	}
}

// LiveValue is the current value of a form control as the browser shows it.
func (n *Node) LiveValue() string {
	switch n.Tag {
	case "textarea":
		if x := n.x; x != nil && x.valueDirty {
			return x.value
		}
		return n.TextContent()
	case "input":
		if x := n.x; x != nil && x.valueDirty {
			return x.value
		}
		v, _ := n.Attr("value")
		return v
	}
	return ""
}

// Checked is the live checkedness of a checkbox or radio.
func (n *Node) Checked() bool { return n.x != nil && n.x.checked }

// Options returns the <option> elements of a <select>, in tree order.
func (n *Node) Options() []*Node {
	var out []*Node
	for _, c := range n.Children {
		if c.Kind != ElementKind {
			continue
		}
		switch c.Tag {
		case "option":
			out = append(out, c)
		case "optgroup":
			for _, g := range c.Children {
				if g.Kind == ElementKind && g.Tag == "option" {
					out = append(out, g)
				}
			}
		}
	}
	return out
}

// OptionValue is an option's value: its value attribute, else its text with
// whitespace collapsed.
func OptionValue(o *Node) string {
	if v, ok := o.Attr("value"); ok {
		return v
	}
	return strings.Join(strings.Fields(o.TextContent()), " ")
}

// SelectedOptions reports, for each option of a <select>, whether it is
// selected. ok is false when no value was ever assigned to the select, in
// which case the options' own selected attributes decide.
func (n *Node) SelectedOptions() (sel []bool, ok bool) {
	if n.x == nil || n.x.selectValue == nil {
		return nil, false
	}
	want := *n.x.selectValue
	opts := n.Options()
	sel = make([]bool, len(opts))
	for i, o := range opts {
		if OptionValue(o) == want {
			sel[i] = true
			break
		}
	}
	return sel, true
}

// Scroll records a scroll position on an element or document.
func (t *Tree) Scroll(d *rrweb.IncrementalData) {
	if d.ID == nil || *d.ID == -1 {
		return
	}
	n := t.mirror.Get(*d.ID)
	if n == nil {
		t.info(diag.NodeNotFound, "scroll: node %d not found", *d.ID)
		return
	}
	sl, st := n.Scroll()
	if d.X != nil {
		sl = *d.X
	}
	if d.Y != nil {
		st = *d.Y
	}
	n.setScroll(sl, st)
	n.mark(dirtyScroll)
}

// sheetFor returns the sheet a CSSOM event addresses: a constructed sheet by
// styleId, else the sheet of the <style> element id (materialized from its
// text on first edit). nil when there is none, as in rrweb.
func (t *Tree) sheetFor(id, styleID *int) *Sheet {
	if styleID != nil && *styleID != 0 {
		return t.Sheets[*styleID]
	}
	if id == nil || *id == 0 {
		return nil
	}
	n := t.mirror.Get(*id)
	if n == nil || n.Kind != ElementKind || n.Tag != "style" || n.SVG {
		return nil
	}
	x := n.w()
	if x.sheet == nil {
		x.sheet = ParseSheet(n.TextContent())
	}
	return x.sheet
}

// StyleSheetRule applies insertRule/deleteRule/replace(Sync).
func (t *Tree) StyleSheetRule(d *rrweb.StyleSheetRuleData) {
	s := t.sheetFor(d.ID, d.StyleID)
	if s == nil {
		t.info(diag.NodeNotFound, "stylesheet rule: no sheet for id %s / styleId %s", idString(d.ID), idString(d.StyleID))
		return
	}
	t.applyRuleEdits(s, d.Adds, d.Removes)
	isConstructed := d.StyleID != nil && *d.StyleID != 0
	if isConstructed && d.Replace != nil {
		s.Rules = ParseSheet(*d.Replace).Rules
	}
	if isConstructed && d.ReplaceSync != nil {
		s.Rules = ParseSheet(*d.ReplaceSync).Rules
	}
	t.sheetChanged(d.ID, d.StyleID)
}

// sheetChanged marks what renders a sheet that was just edited: its <style>
// element, or every document and shadow root adopting the constructed sheet.
func (t *Tree) sheetChanged(id, styleID *int) {
	if t.j == nil || !t.j.on {
		return
	}
	if styleID != nil && *styleID != 0 {
		sid := *styleID
		t.Walk(func(n *Node) {
			for _, a := range n.Adopted() {
				if a == sid {
					n.mark(dirtyAdopted)
				}
			}
		})
		return
	}
	if id != nil {
		if n := t.mirror.Get(*id); n != nil {
			n.mark(dirtyCSS)
		}
	}
}

func (t *Tree) applyRuleEdits(s *Sheet, adds []rrweb.RuleAdd, removes []rrweb.RuleRemove) {
	for _, a := range adds {
		var ok bool
		switch {
		case len(a.Index) > 1:
			ok = s.InsertRule(a.Index[:len(a.Index)-1], a.Index[len(a.Index)-1], a.Rule)
		case len(a.Index) == 1:
			ok = s.InsertRule(nil, min(a.Index[0], len(s.Rules)), a.Rule)
		default:
			ok = s.InsertRule(nil, 0, a.Rule)
		}
		if !ok {
			t.info(diag.CSSEditFailed, "insertRule at %v failed", []int(a.Index))
		}
	}
	for _, r := range removes {
		idx := []int(r.Index)
		if len(idx) == 0 {
			idx = []int{0}
		}
		if !s.DeleteRule(idx[:len(idx)-1], idx[len(idx)-1]) {
			t.info(diag.CSSEditFailed, "deleteRule at %v failed", idx)
		}
	}
}

// StyleDeclaration applies setProperty/removeProperty on a rule.
func (t *Tree) StyleDeclaration(d *rrweb.IncrementalData) {
	s := t.sheetFor(d.ID, d.StyleID)
	if s == nil {
		return
	}
	r := s.RuleAt(d.Index)
	if r == nil {
		return
	}
	if d.Set != nil {
		v, p := "", ""
		if d.Set.Value != nil {
			v = *d.Set.Value
		}
		if d.Set.Priority != nil {
			p = *d.Set.Priority
		}
		r.SetProperty(d.Set.Property, v, p)
	}
	if d.Remove != nil {
		r.RemoveProperty(d.Remove.Property)
	}
	t.sheetChanged(d.ID, d.StyleID)
}

// AdoptedStyleSheet creates the sheets the event introduces and sets the
// host's (document's or shadow root's) adopted list.
func (t *Tree) AdoptedStyleSheet(d *rrweb.IncrementalData) {
	if d.ID == nil {
		return
	}
	host := t.mirror.Get(*d.ID)
	if host == nil {
		t.info(diag.NodeNotFound, "adopted stylesheet: host %d not found", *d.ID)
		return
	}
	var target *Node
	switch {
	case host.Kind == ElementKind && host.Shadow != nil:
		target = host.Shadow
	case host.Kind == DocumentKind:
		target = host
	default:
		return
	}
	if t.Sheets == nil {
		t.Sheets = map[int]*Sheet{}
	}
	for _, st := range d.Styles {
		s := &Sheet{}
		t.Sheets[st.StyleID] = s
		t.applyRuleEdits(s, st.Rules, nil)
	}
	target.mark(dirtyAdopted)
	x := target.w()
	x.adopted = x.adopted[:0:0]
	for _, id := range d.StyleIDs {
		if t.Sheets[id] != nil {
			x.adopted = append(x.adopted, id)
		}
	}
}
