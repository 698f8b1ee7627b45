// Package activity derives what the user did from a tab's rrweb stream: the
// ONE user-interaction classifier (IsInteraction), inactive periods and the
// skip plan, and the key events of the activity log (page views, clicks,
// input changes, rage clicks, dead clicks, custom events). Every rule and
// threshold is written down in RULES.md next to this file.
//
// The package is pure and deterministic: time comes only from event
// timestamps, bad payloads are skipped, nothing panics.
package activity

import "github.com/reprise-dev/reprise/engine/rrweb"

// IsInteraction is the ONE user-interaction classifier. Inactivity, the
// active-tab fallback and the skip plan all use it (through Scan).
//
// An event is user interaction when it is an IncrementalSnapshot whose
// source is MouseMove, MouseInteraction, Scroll, ViewportResize, Input,
// TouchMove, Drag or Selection (DESIGN §4), with two refinements that need
// the decoded payload inc (pass nil when it is not at hand; then the source
// alone decides):
//   - MouseInteraction of type Blur is not interaction: an element loses
//     focus when the user leaves the tab, so counting it would make the tab
//     the user just left the most recently used one. Focus does count: it is
//     what keyboard navigation (Tab) records, and a tab the user returns to
//     re-focuses its element;
//   - Input with userTriggered:false (recorded only with rrweb's
//     userTriggeredOnInput option) is a programmatic change, not the user.
//
// Mutations, style sheet changes, canvas, fonts, media playback, logs, Meta,
// FullSnapshot, Custom and Plugin events are never interaction: they happen
// without the user (timers, autoplay, background fetches).
func IsInteraction(typ rrweb.EventType, src rrweb.IncrementalSource, inc *rrweb.IncrementalData) bool {
	if typ != rrweb.IncrementalSnapshot {
		return false
	}
	switch src {
	case rrweb.SourceMouseMove, rrweb.SourceScroll, rrweb.SourceViewportResize,
		rrweb.SourceTouchMove, rrweb.SourceDrag, rrweb.SourceSelection:
		return true
	case rrweb.SourceMouseInteraction:
		if inc != nil && inc.Type != nil {
			if rrweb.MouseInteraction(*inc.Type) == rrweb.Blur {
				return false
			}
		}
		return true
	case rrweb.SourceInput:
		if inc != nil && inc.UserTriggered != nil && !*inc.UserTriggered {
			return false
		}
		return true
	}
	return false
}
