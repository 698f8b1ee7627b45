package activity

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/rrweb"
)

func ip(i int) *int         { return &i }
func bp(b bool) *bool       { return &b }
func fp(f float64) *float64 { return &f }

func TestIsInteraction(t *testing.T) {
	yes := []rrweb.IncrementalSource{1, 2, 3, 4, 5, 6, 12, 14}
	for src := rrweb.IncrementalSource(-1); src <= 20; src++ {
		want := false
		for _, y := range yes {
			want = want || y == src
		}
		if got := IsInteraction(rrweb.IncrementalSnapshot, src, nil); got != want {
			t.Errorf("source %d: got %v want %v", src, got, want)
		}
	}
	for typ := rrweb.EventType(0); typ <= 8; typ++ {
		if typ != rrweb.IncrementalSnapshot && IsInteraction(typ, rrweb.SourceMouseMove, nil) {
			t.Errorf("event type %d counted as interaction", typ)
		}
	}
	cases := []struct {
		name string
		src  rrweb.IncrementalSource
		inc  *rrweb.IncrementalData
		want bool
	}{
		{"click", rrweb.SourceMouseInteraction, &rrweb.IncrementalData{Type: ip(int(rrweb.Click))}, true},
		{"mousedown", rrweb.SourceMouseInteraction, &rrweb.IncrementalData{Type: ip(int(rrweb.MouseDown))}, true},
		{"touchstart", rrweb.SourceMouseInteraction, &rrweb.IncrementalData{Type: ip(int(rrweb.TouchStart))}, true},
		{"focus", rrweb.SourceMouseInteraction, &rrweb.IncrementalData{Type: ip(int(rrweb.Focus))}, true},
		{"blur", rrweb.SourceMouseInteraction, &rrweb.IncrementalData{Type: ip(int(rrweb.Blur))}, false},
		{"interaction without type", rrweb.SourceMouseInteraction, &rrweb.IncrementalData{}, true},
		{"input user", rrweb.SourceInput, &rrweb.IncrementalData{UserTriggered: bp(true)}, true},
		{"input unknown trigger", rrweb.SourceInput, &rrweb.IncrementalData{}, true},
		{"input programmatic", rrweb.SourceInput, &rrweb.IncrementalData{UserTriggered: bp(false)}, false},
		{"mutation", rrweb.SourceMutation, &rrweb.IncrementalData{}, false},
		{"media", rrweb.SourceMediaInteraction, &rrweb.IncrementalData{Type: ip(0)}, false},
	}
	for _, c := range cases {
		if got := IsInteraction(rrweb.IncrementalSnapshot, c.src, c.inc); got != c.want {
			t.Errorf("%s: got %v want %v", c.name, got, c.want)
		}
	}
}

func TestInactivePeriods(t *testing.T) {
	cases := []struct {
		name        string
		inter       []int64
		first, last int64
		threshold   int64
		want        []Period
	}{
		{"no interactions, short", nil, 0, 5000, 0, nil},
		{"no interactions, long: one trailing period", nil, 0, 30000, 0, []Period{{0, 30000, true}}},
		{"gap at start", []int64{15000, 16000}, 0, 17000, 0, []Period{{0, 15000, false}}},
		{"gap at end", []int64{1000, 2000}, 0, 20000, 0, []Period{{2000, 20000, true}}},
		{"gap in the middle", []int64{1000, 12000, 13000}, 0, 14000, 0, []Period{{1000, 12000, false}}},
		{"exactly threshold is active", []int64{10000, 20000}, 0, 20000, 0, nil},
		{"threshold+1 is inactive", []int64{10001}, 0, 10001, 0, []Period{{0, 10001, false}}},
		{"custom threshold", []int64{3000}, 0, 3000, 2000, []Period{{0, 3000, false}}},
		{"unsorted and duplicate timestamps", []int64{30000, 5000, 5000, 18000}, 0, 30000, 0, []Period{{5000, 18000, false}, {18000, 30000, false}}},
		{"interactions outside the session are ignored", []int64{-5, 50000}, 0, 5000, 0, nil},
		{"interaction at the last event closes nothing", []int64{20000}, 0, 20000, 0, []Period{{0, 20000, false}}},
	}
	for _, c := range cases {
		got := InactivePeriods(c.inter, c.first, c.last, c.threshold)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v want %v", c.name, got, c.want)
		}
	}
}

func TestSkipPlan(t *testing.T) {
	got := SkipPlan([]Period{{0, 15000, false}, {20000, 40000, false}, {50000, 70000, true}, {80000, 81500, false}})
	want := []Skip{{1000, 14000}, {21000, 39000}, {51000, 70000}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v want %v", got, want)
	}
	if SkipPlan(nil) != nil {
		t.Error("empty plan for no periods")
	}
}

func TestParseTrack(t *testing.T) {
	cases := []struct {
		payload string
		ok      bool
		name    string
		props   string
	}{
		{`{"name":"signup","props":{"plan":"pro","seats":3,"big":12345678901234567890}}`, true, "signup", `{"big":12345678901234567890,"plan":"pro","seats":3}`},
		{`{"name":"  spaced  "}`, true, "spaced", `null`},
		{`{"name":"x","props":[1,2]}`, true, "x", `null`},
		{`{"name":"x","props":"str"}`, true, "x", `null`},
		{`{"name":"x","props":null}`, true, "x", `null`},
		{`{"name":"x","props":{}}`, true, "x", `null`},
		{`{"name":"x","props":{"nested":{"a":[1,{"b":null}]}}}`, true, "x", `{"nested":{"a":[1,{"b":null}]}}`},
		{`{"name":""}`, false, "", ""},
		{`{"name":"   "}`, false, "", ""},
		{`{"name":42}`, false, "", ""},
		{`{"name":null}`, false, "", ""},
		{`{"name":["a"]}`, false, "", ""},
		{`{}`, false, "", ""},
		{`"signup"`, false, "", ""},
		{`null`, false, "", ""},
		{`[]`, false, "", ""},
		{`42`, false, "", ""},
		{``, false, "", ""},
		{`{"name":"x"`, false, "", ""},
		{`{"name":"` + strings.Repeat("é", 300) + `"}`, true, strings.Repeat("é", 199) + "…", `null`},
	}
	for _, c := range cases {
		name, props, ok := ParseTrack(json.RawMessage(c.payload))
		if ok != c.ok || name != c.name {
			t.Errorf("%s: got (%q, %v) want (%q, %v)", c.payload, name, ok, c.name, c.ok)
			continue
		}
		if ok {
			b, _ := json.Marshal(props)
			if string(b) != c.props {
				t.Errorf("%s: props %s want %s", c.payload, b, c.props)
			}
		}
	}
}

func TestParseVisibility(t *testing.T) {
	cases := []struct {
		payload     string
		visible, ok bool
	}{
		{`{"state":"visible"}`, true, true},
		{`{"state":"hidden"}`, false, true},
		{`{"state":"Visible"}`, false, false},
		{`{"state":"prerender"}`, false, false},
		{`{"state":1}`, false, false},
		{`{}`, false, false},
		{`"visible"`, false, false},
		{`null`, false, false},
		{``, false, false},
	}
	for _, c := range cases {
		v, ok := ParseVisibility(json.RawMessage(c.payload))
		if v != c.visible || ok != c.ok {
			t.Errorf("%s: got (%v,%v) want (%v,%v)", c.payload, v, ok, c.visible, c.ok)
		}
	}
	for _, data := range []string{`{"tag":"reprise/tab"}`, `{"tag":5}`, `[]`, `{`, `null`} {
		tag, _, ok := ParseCustom([]byte(data))
		if data == `{"tag":"reprise/tab"}` != ok || (ok && tag != TagTab) {
			t.Errorf("ParseCustom(%s) = %q, %v", data, tag, ok)
		}
	}
}
