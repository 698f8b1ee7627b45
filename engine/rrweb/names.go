package rrweb

import "strconv"

var eventTypeNames = [...]string{"DomContentLoaded", "Load", "FullSnapshot", "IncrementalSnapshot", "Meta", "Custom", "Plugin", "Asset"}

// String returns rrweb's name for the event type ("Type(N)" if unknown).
func (t EventType) String() string {
	if t >= 0 && int(t) < len(eventTypeNames) {
		return eventTypeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

var sourceNames = [...]string{"Mutation", "MouseMove", "MouseInteraction", "Scroll", "ViewportResize", "Input",
	"TouchMove", "MediaInteraction", "StyleSheetRule", "CanvasMutation", "Font", "Log", "Drag",
	"StyleDeclaration", "Selection", "AdoptedStyleSheet", "CustomElement"}

// String returns rrweb's name for the source ("Source(N)" if unknown).
func (s IncrementalSource) String() string {
	if s >= 0 && int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return "Source(" + strconv.Itoa(int(s)) + ")"
}
