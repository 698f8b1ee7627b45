package mask

import (
	"errors"
	"strings"
)

// hostGlob matches a host name: '*' matches any run of characters (dots
// included), case-insensitively; the port is never part of the match.
// "*.example.com" matches every subdomain but not example.com itself.
type hostGlob struct{ pat string }

func parseHostGlob(s string) (hostGlob, error) {
	p := strings.ToLower(strings.TrimSpace(s))
	switch {
	case p == "":
		return hostGlob{}, errors.New("empty pattern")
	case strings.ContainsAny(p, "/?#@ "):
		return hostGlob{}, errors.New("a domain pattern is a host name only (no scheme, path or spaces)")
	}
	if i := strings.LastIndexByte(p, ':'); i >= 0 && !strings.Contains(p, "]") {
		return hostGlob{}, errors.New("ports are not part of a domain pattern")
	}
	return hostGlob{pat: strings.Trim(p, "[]")}, nil
}

func (g hostGlob) match(host string) bool { return globMatch(g.pat, host, false) }

// urlGlob matches a page location. A pattern starting with '/' matches the
// path; otherwise its part up to the first '/' is a host glob and the rest
// a path glob. In paths '*' matches within one segment, '**' across
// segments, '?' one character; a trailing "/**" also matches the bare
// prefix ("/account/**" matches "/account"), and a trailing '/' of the
// URL is optional ("/check*" matches "/checkout/"). Query and fragment are
// ignored. Matching is case-sensitive for paths, as URLs are.
type urlGlob struct {
	host *hostGlob
	path string
}

func parseURLGlob(s string) (urlGlob, error) {
	p := strings.TrimSpace(s)
	if p == "" {
		return urlGlob{}, errors.New("empty pattern")
	}
	if strings.Contains(p, "://") {
		return urlGlob{}, errors.New("write host/path without a scheme")
	}
	if strings.Contains(p, "#") {
		return urlGlob{}, errors.New("fragments are not matched; remove it")
	}
	var g urlGlob
	if !strings.HasPrefix(p, "/") {
		h, path, _ := strings.Cut(p, "/")
		hg, err := parseHostGlob(h)
		if err != nil {
			return urlGlob{}, err
		}
		g.host = &hg
		p = "/" + path
	}
	g.path = p
	return g, nil
}

func (g urlGlob) match(host, path string) bool {
	if g.host != nil && !g.host.match(host) {
		return false
	}
	if globMatch(g.path, path, true) {
		return true
	}
	// "/checkout" and "/checkout/" are the same page to a person.
	if trimmed, ok := strings.CutSuffix(path, "/"); ok && trimmed != "" && globMatch(g.path, trimmed, true) {
		return true
	}
	if base, ok := strings.CutSuffix(g.path, "/**"); ok && globMatch(base, path, true) {
		return true
	}
	return false
}

// globMatch matches s against pat. With segments, '*' stops at '/' and
// '**' does not; without, '*' matches anything. Memoized over (pattern
// position, input position), so hostile patterns cannot blow up.
func globMatch(pat, s string, segments bool) bool {
	memo := make([]int8, (len(pat)+1)*(len(s)+1)) // 0 unknown, 1 yes, 2 no
	var m func(pi, si int) bool
	m = func(pi, si int) bool {
		k := pi*(len(s)+1) + si
		if memo[k] != 0 {
			return memo[k] == 1
		}
		ok := false
		switch {
		case pi == len(pat):
			ok = si == len(s)
		case pat[pi] == '*':
			j := pi
			for j < len(pat) && pat[j] == '*' {
				j++
			}
			double := !segments || j-pi >= 2
			// Zero characters, or one more character then the same star.
			ok = m(j, si) || (si < len(s) && (double || s[si] != '/') && m(pi, si+1))
		case si < len(s) && (pat[pi] == s[si] || (pat[pi] == '?' && (!segments || s[si] != '/'))):
			ok = m(pi+1, si+1)
		}
		if ok {
			memo[k] = 1
		} else {
			memo[k] = 2
		}
		return ok
	}
	return m(0, 0)
}
