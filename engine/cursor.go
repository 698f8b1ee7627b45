package engine

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Cursor is a playback position in one tab, for the browser player. SeekFrame
// returns a frame (the whole DOM as JSON); Advance returns the changes up to
// a later offset as ops grouped by event, plus pointer movement. A Cursor
// belongs to one caller at a time.
type Cursor struct {
	s       *Session
	t       *tab
	tree    *vdom.Tree
	next    int // index of the next event to apply
	version int // tab version the position belongs to
	enc     vdom.Encoder
	seeked  bool
}

// Cursor opens a playback cursor on a tab ("" = the first tab).
func (s *Session) Cursor(tabID string) (*Cursor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if tabID == "" {
		return &Cursor{s: s, t: s.tabs[0]}, nil
	}
	t, err := s.tab(tabID, s.first)
	if err != nil {
		return nil, err
	}
	return &Cursor{s: s, t: t}, nil
}

// Tab is the cursor's tab id.
func (c *Cursor) Tab() string { return c.t.id }

// SeekFrame moves to offsetMs (after the session's first event) and returns the
// frame JSON: {"tab","t","href","w","h","doc"}; doc is null before the tab's
// first full snapshot exists.
func (c *Cursor) SeekFrame(offsetMs int64) []byte {
	c.s.mu.RLock()
	defer c.s.mu.RUnlock()
	return c.seekLocked(offsetMs, nil, false)
}

// SeekPatch is SeekFrame for a player that shows what this cursor last
// returned, all of it applied. When the shown document and the one at
// offsetMs are one page, the frame carries "ops" (see vdom.Encoder.Diff)
// that turn the one into the other instead of "doc": the player then
// touches only what differs. Otherwise it is SeekFrame's frame.
func (c *Cursor) SeekPatch(offsetMs int64) []byte {
	c.s.mu.RLock()
	defer c.s.mu.RUnlock()
	return c.seekLocked(offsetMs, nil, true)
}

// seekLocked moves to offsetMs and appends its frame to b; with patch, as
// ops against what the cursor last returned where it can.
func (c *Cursor) seekLocked(offsetMs int64, b []byte, patch bool) []byte {
	// Handles are comparable only within one version of the tab.
	patch = patch && c.seeked && c.version == c.t.version
	ts := c.s.first + offsetMs
	c.tree = c.t.stateAt(ts)
	c.next = sort.Search(len(c.t.events), func(i int) bool { return c.t.events[i].Timestamp >= ts })
	if c.t.firstFull >= 0 && c.next <= c.t.firstFull {
		c.next = c.t.firstFull + 1
	}
	c.version = c.t.version
	c.seeked = true
	return c.frame(b, offsetMs, patch)
}

func (c *Cursor) frame(b []byte, offsetMs int64, patch bool) []byte {
	b = append(b, `{"tab":`...)
	b = rrweb.AppendJSONString(b, c.t.id)
	b = append(b, `,"t":`...)
	b = strconv.AppendInt(b, offsetMs, 10)
	b = append(b, `,"href":`...)
	b = rrweb.AppendJSONString(b, c.tree.Href)
	b = append(b, `,"w":`...)
	b = strconv.AppendFloat(b, c.tree.Width, 'f', -1, 64)
	b = append(b, `,"h":`...)
	b = strconv.AppendFloat(b, c.tree.Height, 'f', -1, 64)
	if patch {
		mark := len(b)
		if p, ok := c.enc.Diff(c.tree, append(b, `,"ops":`...)); ok {
			return append(p, '}')
		}
		b = b[:mark]
	}
	b = append(b, `,"doc":`...)
	b = c.enc.Frame(c.tree, b)
	return append(b, '}')
}

// Advance applies the events up to offsetMs and returns
// {"t":offset,"batches":[…],"pointer":[…]}: each batch is {"t":offset of its
// event, "ops":[…]} (see vdom.Encoder), {"t","frame":{…}} for a new full
// snapshot, or {"t","vp":[w,h]} for a viewport change; pointer lists
// {"t","x","y","n":handle,"k":kind} with kind "move", or the rrweb
// MouseInteraction name in lower case ("click", "mousedown", …). Moving
// backwards, or after a live insertion before the position, returns a
// frame instead: {"t", "frame":{…}}.
func (c *Cursor) Advance(offsetMs int64) []byte {
	c.s.mu.RLock()
	defer c.s.mu.RUnlock()
	ts := c.s.first + offsetMs
	if !c.seeked || c.version != c.t.version || (c.next > 0 && c.next-1 < len(c.t.events) && c.t.events[c.next-1].Timestamp >= ts) {
		b := append([]byte(`{"t":`), strconv.AppendInt(nil, offsetMs, 10)...)
		b = append(b, `,"frame":`...)
		b = c.seekLocked(offsetMs, b, false)
		return append(b, '}')
	}
	b := append([]byte(`{"t":`), strconv.AppendInt(nil, offsetMs, 10)...)
	b = append(b, `,"batches":[`...)
	var ptr []byte
	nb := 0
	batch := func() {
		if nb > 0 {
			b = append(b, ',')
		}
		nb++
	}
	var scratch vdom.Op
	for ; c.next < len(c.t.events) && c.t.events[c.next].Timestamp < ts; c.next++ {
		ev := &c.t.events[c.next]
		op := c.t.op(c.next, &scratch)
		off := ev.Timestamp - c.s.first
		w, h := c.tree.Width, c.tree.Height
		c.tree.Apply(op)
		switch {
		case op.Type == rrweb.FullSnapshot && op.Err == nil:
			batch()
			b = append(b, `{"t":`...)
			b = strconv.AppendInt(b, off, 10)
			b = append(b, `,"frame":`...)
			b = append(c.frame(b, off, false), '}')
		case op.Type == rrweb.IncrementalSnapshot:
			switch op.Source {
			case rrweb.SourceMouseMove, rrweb.SourceTouchMove, rrweb.SourceDrag, rrweb.SourceMouseInteraction:
				ptr = c.pointer(ptr, ev, op.Source)
			}
			ops := c.enc.Ops(nil)
			if len(ops) > 2 {
				batch()
				b = append(b, `{"t":`...)
				b = strconv.AppendInt(b, off, 10)
				b = append(b, `,"ops":`...)
				b = append(append(b, ops...), '}')
			}
		}
		if c.tree.Width != w || c.tree.Height != h {
			batch()
			b = append(b, `{"t":`...)
			b = strconv.AppendInt(b, off, 10)
			b = append(b, `,"vp":[`...)
			b = strconv.AppendFloat(b, c.tree.Width, 'f', -1, 64)
			b = append(b, ',')
			b = strconv.AppendFloat(b, c.tree.Height, 'f', -1, 64)
			b = append(b, "]}"...)
		}
	}
	c.tree.Diags = nil
	b = append(b, `],"pointer":[`...)
	if len(ptr) > 0 {
		b = append(b, ptr[1:]...)
	}
	return append(b, "]}"...)
}

var interactionNames = [...]string{"mouseup", "mousedown", "click", "contextmenu", "dblclick", "focus", "blur", "touchstart", "touchmove", "touchend", "touchcancel"}

// pointer appends ",{…}" entries for the positions or interaction of ev.
func (c *Cursor) pointer(b []byte, ev *rrweb.Event, src rrweb.IncrementalSource) []byte {
	d, err := rrweb.DecodeIncremental(ev.Data)
	if err != nil {
		return b
	}
	entry := func(t int64, x, y float64, id int, kind string) {
		b = append(b, `,{"t":`...)
		b = strconv.AppendInt(b, t-c.s.first, 10)
		b = append(b, `,"x":`...)
		b = strconv.AppendFloat(b, x, 'f', -1, 64)
		b = append(b, `,"y":`...)
		b = strconv.AppendFloat(b, y, 'f', -1, 64)
		b = append(b, `,"n":`...)
		h := int32(0)
		if n := c.tree.Node(id); n != nil {
			h = n.H
		}
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, `,"k":"`...)
		b = append(b, kind...)
		b = append(b, `"}`...)
	}
	if src == rrweb.SourceMouseInteraction {
		if d.Type == nil || *d.Type < 0 || *d.Type >= len(interactionNames) || d.ID == nil || *d.ID == -1 {
			return b
		}
		var x, y float64
		if d.X != nil {
			x = *d.X
		}
		if d.Y != nil {
			y = *d.Y
		}
		if d.X == nil && d.Y == nil {
			return b // focus/blur carry no position
		}
		entry(ev.Timestamp, x, y, *d.ID, interactionNames[*d.Type])
		return b
	}
	for _, p := range d.Positions {
		entry(ev.Timestamp+int64(p.TimeOffset), p.X, p.Y, p.ID, "move")
	}
	return b
}

// Append adds events that arrived later (live mode) to tab tabID, creating
// the tab if needed. Events may be slightly out of order: they are merged
// by timestamp (stable, after equal timestamps already present), and only
// keyframes after the earliest new event are rebuilt.
func (s *Session) Append(tabID string, events []rrweb.Event) error {
	if len(events) == 0 {
		return nil
	}
	if tabID == "" {
		return fmt.Errorf("engine: append: empty tab id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var t *tab
	for _, x := range s.tabs {
		if x.id == tabID {
			t = x
		}
	}
	if t == nil {
		t = newTab(&rrweb.Tab{ID: tabID, Events: events}, &s.opts)
		s.tabs = append(s.tabs, t)
		s.extend(t.events[0].Timestamp, t.events[len(t.events)-1].Timestamp)
		return nil
	}
	t.append(events, &s.opts)
	s.extend(t.events[0].Timestamp, t.events[len(t.events)-1].Timestamp)
	return nil
}

func (s *Session) extend(first, last int64) {
	if first < s.first {
		s.first = first
	}
	if last > s.last {
		s.last = last
	}
}
