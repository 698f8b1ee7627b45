package activity

import (
	"encoding/json"
	"fmt"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Synthetic event builders for table tests. Node ids of page() are fixed so
// tests can aim at them.

type obj = map[string]any

func el(id int, tag string, attrs obj, kids ...obj) obj {
	if attrs == nil {
		attrs = obj{}
	}
	if kids == nil {
		kids = []obj{}
	}
	return obj{"type": 2, "id": id, "tagName": tag, "attributes": attrs, "childNodes": kids}
}

func txt(id int, s string) obj { return obj{"type": 3, "id": id, "textContent": s} }

const longText = "This is a very long paragraph of visible text that goes on and on well beyond sixty characters"

// Node ids of page().
const (
	idDoc      = 1
	idBody     = 6
	idMain     = 7
	idButton   = 8
	idEmail    = 10
	idLabel    = 11
	idEditable = 13
	idNotes    = 15
	idShipA    = 17
	idShipB    = 18
	idLong     = 19
	idHost     = 21
	idInner    = 22
	idFrame    = 24
	idLabel2   = 25
	idEmail2   = 27
	idLink     = 28
	idSelect   = 35
	idSubmit   = 37
	idFrameBtn = 33
	idSpan     = 40
)

func page(title string) obj {
	return obj{"type": 0, "id": idDoc, "childNodes": []obj{
		el(2, "html", nil,
			el(3, "head", nil, el(4, "title", nil, txt(5, title))),
			el(idBody, "body", nil,
				el(idMain, "main", obj{"id": "app", "class": "shell"},
					el(idButton, "button", obj{"id": "go", "class": "primary big  extra more"}, txt(9, "  Go\n  now ")),
					el(idLabel, "label", nil, txt(12, "Email "), el(idEmail, "input", obj{"id": "email", "name": "email", "type": "email", "value": "prefilled@secret.example"})),
					el(idEditable, "div", obj{"contenteditable": "true", "class": "editor"}, txt(14, "typed secret"), el(idSpan, "span", nil, txt(41, "inner secret"))),
					el(idNotes, "textarea", obj{"id": "notes", "name": "notes", "value": "initial secret"}),
					el(idShipA, "input", obj{"type": "radio", "name": "ship", "value": "alpha", "id": "ship-alpha"}),
					el(idShipB, "input", obj{"type": "radio", "name": "ship", "value": "beta", "id": "ship-beta"}),
					el(idLong, "p", obj{"class": "long"}, txt(20, longText)),
					obj{"type": 2, "id": idHost, "tagName": "div", "attributes": obj{"id": "host"}, "isShadowHost": true, "childNodes": []obj{
						{"type": 2, "id": idInner, "tagName": "button", "attributes": obj{"class": "inner"}, "isShadow": true, "childNodes": []obj{txt(23, "Inner")}},
					}},
					el(idFrame, "iframe", obj{"id": "frm"}),
					el(idLabel2, "label", obj{"for": "email2"}, txt(26, "Second email")),
					el(idEmail2, "input", obj{"id": "email2", "name": "e2"}),
					el(idLink, "a", obj{"href": "https://example.com/x"}, txt(29, "Link")),
					el(idSelect, "select", obj{"id": "country", "name": "country"}, el(36, "option", obj{"value": "ca"}, txt(38, "Canada"))),
					el(idSubmit, "input", obj{"type": "submit", "value": "Send it"}),
				),
			),
		),
	}}
}

func ev(ts int64, typ rrweb.EventType, data any) rrweb.Event {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	return rrweb.Event{Type: typ, Data: b, Timestamp: ts}
}

func meta(ts int64, href string) rrweb.Event {
	return ev(ts, rrweb.Meta, obj{"href": href, "width": 1000, "height": 800})
}

func full(ts int64, title string) rrweb.Event {
	return ev(ts, rrweb.FullSnapshot, obj{"node": page(title), "initialOffset": obj{"top": 0, "left": 0}})
}

// start is Meta + FullSnapshot at ts.
func start(ts int64) []rrweb.Event {
	return []rrweb.Event{meta(ts, "https://shop.example/"), full(ts, "Shop")}
}

func inc(ts int64, src rrweb.IncrementalSource, fields obj) rrweb.Event {
	d := obj{"source": int(src)}
	for k, v := range fields {
		d[k] = v
	}
	return ev(ts, rrweb.IncrementalSnapshot, d)
}

func mouse(ts int64, typ rrweb.MouseInteraction, id int, x, y float64) rrweb.Event {
	return inc(ts, rrweb.SourceMouseInteraction, obj{"type": int(typ), "id": id, "x": x, "y": y})
}

func clickAt(ts int64, id int, x, y float64) rrweb.Event { return mouse(ts, rrweb.Click, id, x, y) }

func move(ts int64) rrweb.Event {
	return inc(ts, rrweb.SourceMouseMove, obj{"positions": []obj{{"x": 1, "y": 2, "id": idBody, "timeOffset": -10}}})
}

func mutation(ts int64) rrweb.Event {
	return inc(ts, rrweb.SourceMutation, obj{"texts": []obj{}, "attributes": []obj{{"id": idMain, "attributes": obj{"data-step": "1"}}}, "removes": []obj{}, "adds": []obj{}})
}

func input(ts int64, id int, text string, checked bool) rrweb.Event {
	return inc(ts, rrweb.SourceInput, obj{"id": id, "text": text, "isChecked": checked})
}

func custom(ts int64, tag string, payload any) rrweb.Event {
	return ev(ts, rrweb.Custom, obj{"tag": tag, "payload": payload})
}

func vis(ts int64, state string) rrweb.Event {
	return custom(ts, TagTab, obj{"state": state})
}

func selection(ts int64, start, startOff, end, endOff int) rrweb.Event {
	return inc(ts, rrweb.SourceSelection, obj{"ranges": []obj{{"start": start, "startOffset": startOff, "end": end, "endOffset": endOff}}})
}

// attachFrame attaches a document to iframe idFrame with a button.
func attachFrame(ts int64) rrweb.Event {
	doc := obj{"type": 0, "id": 30, "childNodes": []obj{
		el(31, "html", nil, el(32, "body", nil, el(idFrameBtn, "button", obj{"id": "fb"}, txt(34, "Frame btn")))),
	}}
	return inc(ts, rrweb.SourceMutation, obj{"isAttachIframe": true, "texts": []obj{}, "attributes": []obj{}, "removes": []obj{},
		"adds": []obj{{"parentId": idFrame, "nextId": nil, "node": doc}}})
}

func cat(parts ...any) []rrweb.Event {
	var out []rrweb.Event
	for _, p := range parts {
		switch x := p.(type) {
		case rrweb.Event:
			out = append(out, x)
		case []rrweb.Event:
			out = append(out, x...)
		default:
			panic(fmt.Sprintf("cat: %T", p))
		}
	}
	return out
}

// kinds summarizes key events as "kind@ts:name" strings.
func summary(ks []KeyEvent) []string {
	var out []string
	for _, k := range ks {
		out = append(out, fmt.Sprintf("%s@%d:%s", k.Kind, k.Timestamp, k.Name))
	}
	return out
}

func ofKind(ks []KeyEvent, kind Kind) []KeyEvent {
	var out []KeyEvent
	for _, k := range ks {
		if k.Kind == kind {
			out = append(out, k)
		}
	}
	return out
}

func scan(events []rrweb.Event) *Facts {
	end := int64(0)
	for _, e := range events {
		if e.Timestamp > end {
			end = e.Timestamp
		}
	}
	return Scan(events, nil, Options{KeyEvents: true, SessionEnd: end})
}
