// Package diag defines the engine's diagnostics: bad or inconsistent data
// never panics and never stops replay; it becomes a Diagnostic with a stable
// code instead.
package diag

// Severity ranks a diagnostic.
type Severity string

// Severities, from harmless to data loss.
const (
	Info    Severity = "info"
	Warning Severity = "warning"
	Error   Severity = "error"
)

// Code is a stable diagnostic code; callers and tests branch on it.
type Code string

// Diagnostic codes. They are part of the public contract: never rename one.
const (
	BadPayload        Code = "bad-payload"        // event data does not decode
	NoFullSnapshot    Code = "no-full-snapshot"   // DOM event before any full snapshot
	NodeNotFound      Code = "node-not-found"     // event targets an unknown node id
	ParentNotFound    Code = "parent-not-found"   // mutation names an unknown parent
	UnresolvedAdd     Code = "unresolved-add"     // an added node could not be placed
	RemoveNotChild    Code = "remove-not-child"   // removed node is not a child of the given parent
	BuildFailed       Code = "build-failed"       // a serialized node could not be built
	InvalidAttribute  Code = "invalid-attribute"  // attribute name a browser rejects
	CSSEditFailed     Code = "css-edit-failed"    // insertRule/deleteRule a browser would reject
	TimestampDisorder Code = "timestamp-disorder" // events out of timestamp order (sorted stably)
)

// Diagnostic reports one problem found while replaying. Event is the index
// of the offending event in its tab's stream as given (emit order), or -1.
type Diagnostic struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Event    int      `json:"event"`
	Message  string   `json:"message"`
}
