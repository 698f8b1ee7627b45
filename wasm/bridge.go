package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/reprise-dev/reprise/engine"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// bridge is the export table of engine.wasm: every method is one boundary
// crossing, takes bytes, numbers or strings and returns JSON bytes or a
// number. It holds no replay logic: decoding, replay, timeline and tab rules
// all live in the engine; the bridge only maps integer handles to sessions
// and cursors (JS never holds a Go pointer).
//
// Sessions and cursors share one handle space so that close works on both.
type bridge struct {
	sessions map[int]*session
	cursors  map[int]*cursor
	next     int
}

type session struct {
	s    *engine.Session
	info rrweb.Info
}

type cursor struct {
	c       *engine.Cursor
	session int
}

func newBridge() *bridge {
	return &bridge{sessions: map[int]*session{}, cursors: map[int]*cursor{}}
}

// errHandle is returned for a handle that is unknown or already closed.
var errHandle = errors.New("reprise: unknown or closed handle")

// guard runs f and turns a panic into an error, so that a bug or hostile
// input never takes the Go runtime (and with it every player on the page)
// down: syscall/js callbacks that panic kill the whole wasm instance.
func guard[T any](f func() (T, error)) (out T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			out, err = zero, fmt.Errorf("reprise: internal error: %v", r)
		}
	}()
	return f()
}

func (b *bridge) handle() int {
	b.next++
	return b.next
}

// open decodes a recording in any format rrweb.Decode detects (JSON, NDJSON,
// msgpack, CBOR, packer strings, gzip of any of these) and opens it.
func (b *bridge) open(data []byte) (int, error) {
	doc, info, err := rrweb.Decode(data)
	if err != nil {
		return 0, err
	}
	// Keyframes are built afterwards, in steps (index), so that the first
	// frame is painted as soon as the recording is decoded.
	s, err := engine.Open(doc, engine.Options{DeferIndex: true})
	if err != nil {
		return 0, err
	}
	h := b.handle()
	b.sessions[h] = &session{s: s, info: info}
	return h, nil
}

// index advances the session's keyframe build by up to maxEvents events per
// tab; it reports whether the build is complete.
func (b *bridge) index(h int, maxEvents int) (bool, error) {
	s, err := b.session(h)
	if err != nil {
		return false, err
	}
	return s.s.IndexStep(maxEvents), nil
}

func (b *bridge) session(h int) (*session, error) {
	s := b.sessions[h]
	if s == nil {
		return nil, errHandle
	}
	return s, nil
}

// infoJSON is what the player needs to lay itself out before the first frame.
type infoJSON struct {
	DurationMs     int64         `json:"durationMs"`
	FirstTimestamp int64         `json:"firstTimestamp"`
	Tabs           []string      `json:"tabs"`
	Spans          []engine.Span `json:"spans"`
	Format         string        `json:"format"`
	Gzip           bool          `json:"gzip"`
	Packed         bool          `json:"packed"`
}

// info returns the session's duration, tabs and spans (cheap: no replay).
func (b *bridge) info(h int) ([]byte, error) {
	s, err := b.session(h)
	if err != nil {
		return nil, err
	}
	return json.Marshal(infoJSON{
		DurationMs:     s.s.DurationMs(),
		FirstTimestamp: s.s.FirstTimestamp(),
		Tabs:           s.s.TabIDs(),
		Spans:          s.s.Spans(),
		Format:         s.info.Format.String(),
		Gzip:           s.info.Gzip,
		Packed:         s.info.Packed,
	})
}

// timeline returns engine.Session.Timeline as JSON. It replays every tab
// once, so the player asks for it after the first frame is on screen.
func (b *bridge) timeline(h int, thresholdMs int64) ([]byte, error) {
	s, err := b.session(h)
	if err != nil {
		return nil, err
	}
	return json.Marshal(s.s.Timeline(engine.TimelineOptions{InactivityThreshold: thresholdMs}))
}

// activeTab returns the id of the tab active at offsetMs.
func (b *bridge) activeTab(h int, offsetMs int64) (string, error) {
	s, err := b.session(h)
	if err != nil {
		return "", err
	}
	return s.s.ActiveTabAt(offsetMs), nil
}

// cursor opens a playback cursor on tab ("" = the first tab).
func (b *bridge) cursor(h int, tab string) (int, error) {
	s, err := b.session(h)
	if err != nil {
		return 0, err
	}
	c, err := s.s.Cursor(tab)
	if err != nil {
		return 0, err
	}
	ch := b.handle()
	b.cursors[ch] = &cursor{c: c, session: h}
	return ch, nil
}

func (b *bridge) cursorOf(h int) (*engine.Cursor, error) {
	c := b.cursors[h]
	if c == nil {
		return nil, errHandle
	}
	return c.c, nil
}

// seek returns the frame JSON of the cursor's tab at offsetMs.
func (b *bridge) seek(h int, offsetMs int64) ([]byte, error) {
	c, err := b.cursorOf(h)
	if err != nil {
		return nil, err
	}
	return c.SeekFrame(offsetMs), nil
}

// advance returns the ops JSON from the cursor's position to offsetMs.
func (b *bridge) advance(h int, offsetMs int64) ([]byte, error) {
	c, err := b.cursorOf(h)
	if err != nil {
		return nil, err
	}
	return c.Advance(offsetMs), nil
}

// appendEvents adds live events to a session. data is anything open takes:
// a bare event list goes to tab (which must then be non-empty), a session
// document's tabs go to the tabs they name.
func (b *bridge) appendEvents(h int, tab string, data []byte) (int, error) {
	s, err := b.session(h)
	if err != nil {
		return 0, err
	}
	doc, _, err := rrweb.Decode(data)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range doc.Tabs {
		id := t.ID
		if doc.Bare {
			id = tab
		}
		if err := s.s.Append(id, t.Events); err != nil {
			return n, err
		}
		n += len(t.Events)
	}
	return n, nil
}

// close releases a session (with its cursors) or a cursor.
func (b *bridge) close(h int) error {
	if _, ok := b.cursors[h]; ok {
		delete(b.cursors, h)
		return nil
	}
	if _, ok := b.sessions[h]; !ok {
		return errHandle
	}
	delete(b.sessions, h)
	for ch, c := range b.cursors {
		if c.session == h {
			delete(b.cursors, ch)
		}
	}
	return nil
}
