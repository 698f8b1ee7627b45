// Package mask is Reprise's server-side privacy masking: it rewrites rrweb
// event streams, batch by batch and tab by tab, so that what the rules
// protect never reaches storage or a viewer, whatever the recorder in the
// browser was configured to do. The rules are documented in RULES.md.
package mask

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/reprise-dev/reprise/engine/internal/selector"
)

// Config is the rules as written in JSON (RULES.md).
type Config struct {
	// CaptureTextInput false masks the value of every text-like input,
	// textarea and select.
	CaptureTextInput bool
	// MaskSelectors: text, values and the attributes in MaskedAttributes
	// inside matching elements become '*' per non-whitespace character.
	MaskSelectors []string
	// ExcludeSelectors: matching elements become empty sized placeholders
	// and nothing inside them is kept.
	ExcludeSelectors []string
	// ExcludeDomains are host globs; ExcludeLocations are URL globs.
	ExcludeDomains   []string
	ExcludeLocations []string
}

// MaskedAttributes are the attributes whose values are masked inside
// elements matched by a mask selector (besides form values): the ones that
// carry human-readable text.
var maskedAttributes = [...]string{
	"placeholder", "title", "alt", "aria-label", "aria-description",
	"aria-valuetext", "aria-roledescription", "aria-placeholder", "label", "value",
}

// MaskedAttributes returns the list above (for documentation and tests).
func MaskedAttributes() []string { return append([]string(nil), maskedAttributes[:]...) }

func isMaskedAttribute(name string) bool {
	for _, a := range maskedAttributes {
		if strings.EqualFold(a, name) {
			return true
		}
	}
	return false
}

// Rules is a compiled Config.
type Rules struct {
	capture  bool
	mask     []*selector.Selector
	exclude  []*selector.Selector
	domains  []hostGlob
	paths    []urlGlob
	relevant map[string]bool // attribute names whose change can change a match
	relNames []string        // relevant's keys, for lookups without hashing
	classRel bool            // relevant["class"]
	styleRel bool            // relevant["style"]
	anc, sib bool            // some selector looks at ancestors / siblings
}

// Compile validates and compiles c. Every problem is reported, each naming
// the rule and the offending pattern.
func Compile(c Config) (*Rules, error) {
	r := &Rules{capture: c.CaptureTextInput, relevant: map[string]bool{}}
	var errs []string
	for _, a := range []string{"type", "autocomplete", "data-rr-is-password"} {
		r.relevant[a] = true // the always-on defaults read these
	}
	sels := func(field string, srcs []string) []*selector.Selector {
		var out []*selector.Selector
		for i, src := range srcs {
			s, err := selector.Parse(src)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s[%d]: %v", field, i, err))
				continue
			}
			f := s.Features()
			for _, a := range f.Attrs {
				r.relevant[a] = true
			}
			r.anc = r.anc || f.Ancestors
			r.sib = r.sib || f.Siblings
			out = append(out, s)
		}
		return out
	}
	r.mask = sels("maskSelectors", c.MaskSelectors)
	r.exclude = sels("excludeSelectors", c.ExcludeSelectors)
	for i, d := range c.ExcludeDomains {
		g, err := parseHostGlob(d)
		if err != nil {
			errs = append(errs, fmt.Sprintf("excludeDomains[%d] %q: %v", i, d, err))
			continue
		}
		r.domains = append(r.domains, g)
	}
	for i, l := range c.ExcludeLocations {
		g, err := parseURLGlob(l)
		if err != nil {
			errs = append(errs, fmt.Sprintf("excludeLocations[%d] %q: %v", i, l, err))
			continue
		}
		r.paths = append(r.paths, g)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("mask rules: %s", strings.Join(errs, "; "))
	}
	for a := range r.relevant {
		r.relNames = append(r.relNames, a)
	}
	r.classRel, r.styleRel = r.relevant["class"], r.relevant["style"]
	return r, nil
}

// isRelevant reports whether a change of attribute name can change a
// match: whether its lower-case form is in relevant. The usual names are
// answered from flags; another ASCII name is compared, folding case, with
// the few relevant names, without building its lower-case form or
// hashing it (for ASCII, EqualFold with a lower-case name is that).
func (r *Rules) isRelevant(name string) bool {
	switch name {
	case "class":
		return r.classRel
	case "style":
		return r.styleRel
	}
	if !isASCII(name) {
		return r.relevant[strings.ToLower(name)]
	}
	for _, a := range r.relNames {
		if strings.EqualFold(name, a) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Exclusion reasons, written in the marker event.
const (
	ReasonDomain   = "domain"
	ReasonLocation = "location"
)

// ExcludedPage tells whether a page URL is excluded and why ("" = not).
// An unparsable URL is matched as a path-less string so that a broken
// href cannot dodge a domain rule.
func (r *Rules) ExcludedPage(href string) string {
	if len(r.domains) == 0 && len(r.paths) == 0 {
		return ""
	}
	host, path := splitURL(href)
	for _, d := range r.domains {
		if d.match(host) {
			return ReasonDomain
		}
	}
	for _, p := range r.paths {
		if p.match(host, path) {
			return ReasonLocation
		}
	}
	return ""
}

// splitURL returns the lower-cased host (no port, no brackets) and the
// unescaped path ("/" when empty) of href.
func splitURL(href string) (host, path string) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		// Best effort: scheme://host/path by hand.
		s := href
		if i := strings.Index(s, "://"); i >= 0 {
			s = s[i+3:]
		}
		host, path, _ = strings.Cut(s, "/")
		path = "/" + path
		if i := strings.IndexAny(path, "?#"); i >= 0 {
			path = path[:i]
		}
		if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
			host = host[:i]
		}
		return strings.ToLower(strings.Trim(host, "[]")), path
	}
	host = strings.ToLower(u.Hostname())
	path = u.Path
	if path == "" {
		path = "/"
	}
	return host, path
}
