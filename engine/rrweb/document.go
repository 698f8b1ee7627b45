package rrweb

import "encoding/json"

// DocumentFormat is the "format" value of a Reprise session document.
const DocumentFormat = "reprise-session"

// Document is a Reprise session document (DESIGN.md §3). A bare array of
// rrweb events decodes to a Document with one tab whose ID is DefaultTabID
// and Bare set, so that it can be written back in the shape it came in.
type Document struct {
	Format      string `json:"format"`
	Version     int    `json:"version"`
	ID          string `json:"id,omitempty"`
	User        *Party `json:"user,omitempty"`
	Company     *Party `json:"company,omitempty"`
	Environment string `json:"environment,omitempty"`
	Tabs        []Tab  `json:"tabs"`

	// Bare is true when the input was a bare event list (array or NDJSON)
	// rather than a session document. It is not serialized.
	Bare bool `json:"-"`
}

// DefaultTabID names the single tab of a bare event list.
const DefaultTabID = "tab-1"

// Party is a user or company with free-form traits.
type Party struct {
	ID     string                     `json:"id"`
	Traits map[string]json.RawMessage `json:"traits,omitempty"`
}

// Tab is one browser tab's event stream, in emit order, with its own node-id
// space.
type Tab struct {
	ID     string  `json:"id"`
	Events []Event `json:"events"`
}
