package rrweb

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// randomJSON returns a random JSON value exercising every number kind,
// escapes, unicode and nesting; depth bounds the nesting.
func randomJSON(r *rand.Rand, depth int) string {
	k := r.IntN(10)
	if depth <= 0 && k >= 7 {
		k = r.IntN(7)
	}
	switch k {
	case 0:
		return strconv.FormatInt(r.Int64N(1<<40)-1<<39, 10)
	case 1:
		return []string{"0", "-1", "127", "128", "-32", "-33", "255", "256", "65535", "65536", "4294967295", "4294967296",
			"9223372036854775807", "-9223372036854775808", "18446744073709551615", "1700000000000"}[r.IntN(16)]
	case 2:
		f := r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
		b, _ := appendJSONFloat(nil, f, 64)
		return string(b)
	case 3:
		return []string{"1.0", "-0.0", "0.5", "1e21", "1.5e-7", "123.456", "-1e-300", "2.5E+10"}[r.IntN(8)]
	case 4:
		s := []string{"", "a", "héllo", "日本語", "😀", "quote\"back\\slash", "ctl\x01\n\t", "<script>&", "\u2028"}[r.IntN(9)]
		b, _ := json.Marshal(s)
		return string(b)
	case 5:
		return []string{"true", "false", "null"}[r.IntN(3)]
	case 6:
		return `"` + fmt.Sprintf("s%d", r.IntN(1000)) + `"`
	case 7, 8:
		n := r.IntN(5)
		s := "{"
		for i := 0; i < n; i++ {
			if i > 0 {
				s += ","
			}
			s += fmt.Sprintf(`"k%d_%d":`, i, r.IntN(3)) + randomJSON(r, depth-1)
		}
		return s + "}"
	}
	n := r.IntN(5)
	s := "["
	for i := 0; i < n; i++ {
		if i > 0 {
			s += ","
		}
		s += randomJSON(r, depth-1)
	}
	return s + "]"
}

// randomEvents returns n events with random object data.
func randomEvents(seed uint64, n int) []Event {
	r := rand.New(rand.NewPCG(seed, 1))
	events := make([]Event, n)
	for i := range events {
		data := "{" + fmt.Sprintf(`"source":%d,"x":%s`, r.IntN(17), randomJSON(r, 4)) + "}"
		events[i] = ev(EventType(r.IntN(8)), 1700000000000+int64(i)*37-int64(r.IntN(100)), data)
	}
	return events
}

// sampleDocument is a multi-tab session document with every header field.
func sampleDocument() *Document {
	return &Document{
		Format: DocumentFormat, Version: 1, ID: "sess-1", Environment: "production",
		User:    &Party{ID: "u-1", Traits: map[string]json.RawMessage{"plan": json.RawMessage(`"pro"`), "seats": json.RawMessage(`12`), "flags": json.RawMessage(`{"b":true,"a":[1,2.5]}`)}},
		Company: &Party{ID: "c-1"},
		Tabs: []Tab{
			{ID: "tab-a", Events: randomEvents(1, 20)},
			{ID: "tab-b", Events: randomEvents(2, 5)},
			{ID: "tab-c", Events: []Event{}},
		},
	}
}
