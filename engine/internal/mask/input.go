package mask

import (
	"github.com/reprise-dev/reprise/engine/internal/diag"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// input masks an Input event's text with the policy of its target.
func (t *tab) input(ev *rrweb.Event, out []rrweb.Event) []rrweb.Event {
	v, err := t.parse(ev.Data)
	if err != nil {
		t.diag(diag.Warning, Dropped, "input event: %v; dropped", err)
		return out
	}
	id, ok := v.get("id").int()
	if !ok || id == -1 {
		return out // rrweb ignores it; nothing to replay, nothing to store
	}
	if !t.snapshot {
		t.diag(diag.Warning, NoSnapshot, "input on node %d before a full snapshot; dropped", id)
		return out
	}
	n := t.tree.Node(id)
	if n == nil {
		// rrweb ignores inputs on unknown nodes; what the node was cannot
		// be known, so the value is not kept either.
		t.diag(diag.Info, Dropped, "input: node %d not found; dropped", id)
		return out
	}
	text := v.get("text")
	d := rrweb.IncrementalData{Source: rrweb.SourceInput, ID: &id}
	if text != nil && text.kind == '"' {
		s := text.str
		d.Text = &s
		t.inputs[id] = s
	}
	if c := v.get("isChecked"); c != nil {
		b := c.isTrue()
		d.IsChecked = &b
	}
	t.tree.Input(&d)
	if t.excluded(n) || !t.emitted(n) {
		return out
	}
	if text != nil {
		switch text.kind {
		case '"':
			if m := applyValue(t.valuePolicy(n, t.at(n)), text.str); m != text.str {
				text.setString(m)
			}
		case 'n':
		default:
			text.setRaw([]byte(`""`)) // not a string: nothing a replayer could use
		}
	}
	return t.emitValue(out, ev, v)
}
