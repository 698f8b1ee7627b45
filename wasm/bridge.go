package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

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
	// firstEvents is the batch progressive opening decodes at a time until
	// it has a full snapshot (firstEvents; tests make it small).
	firstEvents int
}

type session struct {
	s    *engine.Session
	info rrweb.Info
	rest *rrweb.EventStream // the part of the recording not decoded yet, nil when all is in
	late error              // a defect found while opening, reported by the next index step
}

type cursor struct {
	c       *engine.Cursor
	session int
}

func newBridge() *bridge {
	return &bridge{sessions: map[int]*session{}, cursors: map[int]*cursor{}, firstEvents: firstEvents}
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

// Progressive opening: a JSON event array (gzipped or not, the usual
// recording) is decoded only up to its first full snapshot plus
// firstEvents events before open returns, so the first frame does not wait
// for the whole recording; index decodes the rest, decodeFactor times its
// keyframe step in events per call, before it builds keyframes.
const (
	firstEvents  = 500
	decodeFactor = 4
)

// Index status, as index returns it.
const (
	statusDecoding = 0 // the recording is still being decoded (info grows)
	statusIndexing = 1 // all decoded; keyframes are being built
	statusDone     = 2 // fully indexed
)

// open decodes a recording in any format rrweb.Decode detects (JSON, NDJSON,
// msgpack, CBOR, packer strings, gzip of any of these) and opens it. An
// event array is decoded progressively (see index).
func (b *bridge) open(data []byte) (int, error) {
	var doc *rrweb.Document
	var info rrweb.Info
	var late error
	st, err := rrweb.NewEventStream(data, rrweb.DecodeOptions{})
	switch {
	case errors.Is(err, rrweb.ErrNotStream):
		st = nil
		if doc, info, err = rrweb.Decode(data); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	default:
		var events []rrweb.Event
		full := false
		for {
			evs, err := st.Next(b.firstEvents)
			for i := range evs {
				full = full || evs[i].Type == rrweb.FullSnapshot
			}
			events = append(events, evs...)
			info = st.Info()
			if err == io.EOF {
				st = nil
				break
			}
			if err != nil {
				if !full {
					return 0, err // nothing to show: refuse, as Decode would
				}
				// A first page to show: open it, and let the first index
				// step report where the recording breaks.
				late = cutShort(st, err)
				st = nil
				break
			}
			if full {
				break
			}
		}
		doc = &rrweb.Document{Format: rrweb.DocumentFormat, Version: 1, Bare: true,
			Tabs: []rrweb.Tab{{ID: rrweb.DefaultTabID, Events: events}}}
	}
	// Keyframes are built afterwards, in steps (index), so that the first
	// frame is painted as soon as the recording is decoded.
	s, err := engine.Open(doc, engine.Options{DeferIndex: true})
	if err != nil {
		return 0, err
	}
	h := b.handle()
	b.sessions[h] = &session{s: s, info: info, rest: st, late: late}
	return h, nil
}

// cutShort words a defect part-way through a progressively read recording.
func cutShort(st *rrweb.EventStream, err error) error {
	return fmt.Errorf("reprise: the recording is readable up to event %d only: %w", st.Events(), err)
}

// index advances a session's loading by one step: while the recording is
// still being decoded, up to decodeFactor×maxEvents more events; then up to
// maxEvents events per tab of keyframe building. It returns the status
// after the step (statusDecoding, statusIndexing, statusDone). A defect
// later in the recording ends decoding with an error; what was decoded
// before it stays open and playable.
func (b *bridge) index(h int, maxEvents int) (int, error) {
	s, err := b.session(h)
	if err != nil {
		return 0, err
	}
	if s.late != nil {
		err := s.late
		s.late = nil
		return 0, err
	}
	if s.rest != nil {
		evs, err := s.rest.Next(max(1, maxEvents) * decodeFactor)
		if aerr := s.s.Append(rrweb.DefaultTabID, evs); aerr != nil {
			return 0, aerr
		}
		s.info = s.rest.Info()
		switch {
		case err == io.EOF:
			s.rest = nil
			return statusIndexing, nil
		case err != nil:
			err = cutShort(s.rest, err)
			s.rest = nil
			return 0, err
		}
		return statusDecoding, nil
	}
	if s.s.IndexStep(maxEvents) {
		return statusDone, nil
	}
	return statusIndexing, nil
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
	// Complete is false while a progressively opened recording is still
	// being decoded: duration and tabs cover what is decoded so far.
	Complete bool `json:"complete"`
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
		Complete:       s.rest == nil && s.late == nil,
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

// seek returns the frame JSON of the cursor's tab at offsetMs; with patch,
// as ops against what the cursor last returned where it can (the caller
// shows all of that: see engine.Cursor.SeekPatch).
func (b *bridge) seek(h int, offsetMs int64, patch bool) ([]byte, error) {
	c, err := b.cursorOf(h)
	if err != nil {
		return nil, err
	}
	if patch {
		return c.SeekPatch(offsetMs), nil
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
