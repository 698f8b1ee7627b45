package tabs

import (
	"reflect"
	"testing"
)

func v(ts int64, idx int, visible bool) Visibility {
	return Visibility{Timestamp: ts, Index: idx, Visible: visible}
}
func p(ts int64, idx int) Point { return Point{Timestamp: ts, Index: idx} }

type tc struct {
	ts  int64
	tab int
}

func changes(cs []Change) []tc {
	var out []tc
	for _, c := range cs {
		out = append(out, tc{c.Timestamp, c.Tab})
	}
	return out
}

func TestActive(t *testing.T) {
	cases := []struct {
		name    string
		streams []Stream
		want    []tc
	}{
		{"no streams", nil, nil},
		{"one tab, nothing happens", []Stream{{Start: 100}}, []tc{{100, 0}}},
		{"initial tab is the one with the first event", []Stream{{Start: 200}, {Start: 100}}, []tc{{100, 1}}},
		{"equal starts: document order", []Stream{{Start: 100}, {Start: 100}}, []tc{{100, 0}}},
		{"interaction fallback follows the user",
			[]Stream{{Start: 0, Interactions: []Point{p(10, 1), p(50, 2)}}, {Start: 5, Interactions: []Point{p(30, 1), p(60, 2)}}},
			[]tc{{0, 0}, {30, 1}, {50, 0}, {60, 1}}},
		{"interactions only in a background tab switch to it",
			[]Stream{{Start: 0}, {Start: 5, Interactions: []Point{p(40, 3)}}},
			[]tc{{0, 0}, {40, 1}}},
		{"visibility beats interaction",
			[]Stream{{Start: 0, Visibility: []Visibility{v(0, 0, true)}, Interactions: []Point{p(100, 5)}},
				{Start: 5, Interactions: []Point{p(50, 3), p(200, 4)}}},
			[]tc{{0, 0}}},
		{"visibility ping-pong",
			[]Stream{
				{Start: 0, Visibility: []Visibility{v(0, 0, true), v(100, 5, false), v(300, 9, true), v(500, 12, false)}},
				{Start: 90, Visibility: []Visibility{v(100, 1, true), v(300, 4, false), v(500, 8, true)}},
			},
			[]tc{{0, 0}, {100, 1}, {300, 0}, {500, 1}}},
		{"latest visible wins even if the other never says hidden",
			[]Stream{{Start: 0, Visibility: []Visibility{v(0, 0, true)}}, {Start: 10, Visibility: []Visibility{v(20, 0, true)}}},
			[]tc{{0, 0}, {20, 1}}},
		{"when the winner hides, the other visible tab takes over",
			[]Stream{{Start: 0, Visibility: []Visibility{v(0, 0, true)}}, {Start: 10, Visibility: []Visibility{v(20, 0, true), v(40, 1, false)}}},
			[]tc{{0, 0}, {20, 1}, {40, 0}}},
		{"all hidden: fallback to the last interaction",
			[]Stream{{Start: 0, Visibility: []Visibility{v(0, 0, true), v(50, 3, false)}, Interactions: []Point{p(10, 1)}},
				{Start: 5, Interactions: []Point{p(20, 1)}}},
			[]tc{{0, 0}, {50, 1}}},
		{"tie at the same timestamp: the later tab wins",
			[]Stream{{Start: 0, Visibility: []Visibility{v(100, 2, true)}}, {Start: 0, Visibility: []Visibility{v(100, 2, true)}}},
			[]tc{{0, 0}, {100, 1}}},
		{"tie: hidden and visible at the same time",
			[]Stream{{Start: 0, Visibility: []Visibility{v(0, 0, true), v(100, 2, false)}}, {Start: 0, Visibility: []Visibility{v(100, 2, true)}}},
			[]tc{{0, 0}, {100, 1}}},
		{"tie of interactions: the later tab wins",
			[]Stream{{Start: 0, Interactions: []Point{p(100, 2)}}, {Start: 0, Interactions: []Point{p(100, 2)}}},
			[]tc{{0, 0}, {100, 1}}},
		{"first event of the session is an interaction in the second tab",
			[]Stream{{Start: 10}, {Start: 0, Interactions: []Point{p(0, 0)}}},
			[]tc{{0, 1}}},
		{"same tab again produces no change",
			[]Stream{{Start: 0, Visibility: []Visibility{v(0, 0, true), v(10, 1, true), v(20, 2, false), v(30, 3, true)}}},
			[]tc{{0, 0}}},
		{"invisible until a later visible event; initial tab kept from the start",
			[]Stream{{Start: 0}, {Start: 10, Visibility: []Visibility{v(70, 1, true)}}},
			[]tc{{0, 0}, {70, 1}}},
	}
	for _, c := range cases {
		if got := changes(Active(c.streams)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v want %v", c.name, got, c.want)
		}
	}
}

func TestActiveIndexPointsAtTheCause(t *testing.T) {
	cs := Active([]Stream{{Start: 0, Visibility: []Visibility{v(0, 3, true)}}, {Start: 5, Interactions: []Point{p(5, 0)}, Visibility: []Visibility{v(40, 7, true)}}})
	if len(cs) != 2 || cs[0].Index != 3 || cs[1].Index != 7 || cs[1].Timestamp != 40 {
		t.Errorf("got %+v", cs)
	}
}

func TestAt(t *testing.T) {
	cs := []Change{{Timestamp: 100, Tab: 0}, {Timestamp: 200, Tab: 1}, {Timestamp: 300, Tab: 0}}
	for _, c := range []struct {
		ts   int64
		want int
	}{{0, 0}, {100, 0}, {199, 0}, {200, 1}, {299, 1}, {300, 0}, {1 << 40, 0}} {
		if got := At(cs, c.ts); got != c.want {
			t.Errorf("At(%d) = %d want %d", c.ts, got, c.want)
		}
	}
	if At(nil, 5) != -1 {
		t.Error("At(nil) must be -1")
	}
}
