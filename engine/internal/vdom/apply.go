package vdom

import (
	"encoding/json"
	"fmt"

	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Op is an event decoded once for replay. Events that never change the DOM
// (mouse moves, plugins, …) carry only their type and source.
type Op struct {
	Type   rrweb.EventType
	Source rrweb.IncrementalSource // -1 unless Type is IncrementalSnapshot
	Meta   *rrweb.MetaData
	Full   *rrweb.FullSnapshotData
	Inc    *rrweb.IncrementalData
	Rule   *rrweb.StyleSheetRuleData
	Err    error // the payload did not decode
}

// DecodeOp decodes what replay needs from one event.
func DecodeOp(ev *rrweb.Event) Op {
	op := Op{Type: ev.Type, Source: -1}
	var err error
	switch ev.Type {
	case rrweb.Meta:
		op.Meta = &rrweb.MetaData{}
		err = json.Unmarshal(ev.Data, op.Meta)
	case rrweb.FullSnapshot:
		op.Full, err = rrweb.DecodeFullSnapshot(ev.Data)
	case rrweb.IncrementalSnapshot:
		op.Source = ev.Source()
		switch op.Source {
		case rrweb.SourceMutation, rrweb.SourceInput, rrweb.SourceScroll, rrweb.SourceViewportResize,
			rrweb.SourceStyleDeclaration, rrweb.SourceAdoptedStyleSheet:
			op.Inc, err = rrweb.DecodeIncremental(ev.Data)
		case rrweb.SourceStyleSheetRule:
			op.Rule, err = rrweb.DecodeStyleSheetRule(ev.Data)
		case -1:
			err = fmt.Errorf("incremental event without a numeric source")
		}
	}
	if err != nil {
		op.Err = err
		op.Meta, op.Full, op.Inc, op.Rule = nil, nil, nil, nil
	}
	return op
}

// Apply applies one decoded event to the tree, as rrweb's Replayer does when
// it fast-forwards (pause/seek). Events without DOM effect are ignored.
func (t *Tree) Apply(op *Op) {
	if op.Err != nil {
		t.Diags = append(t.Diags, diag.Diagnostic{Code: diag.BadPayload, Severity: diag.Error, Event: t.event, Message: op.Err.Error()})
		return
	}
	switch op.Type {
	case rrweb.Meta:
		t.Href, t.Width, t.Height = op.Meta.Href, op.Meta.Width, op.Meta.Height
	case rrweb.FullSnapshot:
		t.FullSnapshot(op.Full)
	case rrweb.IncrementalSnapshot:
		if op.Inc == nil && op.Rule == nil {
			return
		}
		if t.Doc == nil && op.Source != rrweb.SourceViewportResize {
			t.warn(diag.NoFullSnapshot, "incremental event (source %d) before any full snapshot", op.Source)
			return
		}
		switch op.Source {
		case rrweb.SourceMutation:
			t.Mutation(op.Inc)
		case rrweb.SourceInput:
			t.Input(op.Inc)
		case rrweb.SourceScroll:
			t.Scroll(op.Inc)
		case rrweb.SourceViewportResize:
			t.Width, t.Height = op.Inc.Width, op.Inc.Height
		case rrweb.SourceStyleSheetRule:
			t.StyleSheetRule(op.Rule)
		case rrweb.SourceStyleDeclaration:
			t.StyleDeclaration(op.Inc)
		case rrweb.SourceAdoptedStyleSheet:
			t.AdoptedStyleSheet(op.Inc)
		}
	}
}
