// Package selector parses and matches the subset of CSS selectors that
// product teams write in privacy rules, over the engine's virtual DOM
// (*vdom.Node). It is standard-library only (DESIGN.md R1), so the same
// matcher runs in the server, the CLI and engine.wasm.
//
// Supported: type and universal selectors, #id, .class, attribute
// selectors [a] [a=v] [a^=v] [a$=v] [a*=v] [a~=v] [a|=v] with an optional
// `i` (or `s`) flag, :not(), :is() and :where() taking lists of compound
// selectors (no combinators inside, which keeps matching linear), the
// combinators descendant, `>`, `+` and `~`, and comma-separated groups.
// Anything else (other pseudo-classes, pseudo-elements, namespaces) is a
// parse error naming the construct, never a selector that silently
// matches nothing: a privacy rule that cannot match would leak.
package selector

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxNesting bounds :not/:is/:where nesting so hostile rules cannot
// exhaust the stack.
const maxNesting = 32

// maxLen bounds the length of one selector source.
const maxLen = 16 << 10

// Error is a selector syntax error.
type Error struct {
	Selector string // the whole selector as given
	Offset   int    // byte offset of the problem
	Msg      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("selector %q: at offset %d: %s", e.Selector, e.Offset, e.Msg)
}

// Selector is a compiled selector list (comma group). The zero value
// matches nothing.
type Selector struct {
	src  string
	list []complexSel
}

// String returns the source the selector was parsed from, as given.
func (s *Selector) String() string { return s.src }

// complexSel is compounds joined by combinators, stored right to left:
// parts[0] is the subject; parts[i].comb joins parts[i] to parts[i+1].
type complexSel struct {
	parts []compound
}

type combinator byte

const (
	combNone       combinator = 0
	combDescendant combinator = ' '
	combChild      combinator = '>'
	combNext       combinator = '+'
	combSubsequent combinator = '~'
)

// compound is a sequence of simple selectors that all apply to one element.
type compound struct {
	tag   string // lower-cased; "" = any
	ids   []string
	cls   []string
	attrs []attrSel
	not   []*Selector // each must not match
	is    []*Selector // each must match (:is and :where)
	comb  combinator  // relation to the next compound to the left
}

type attrOp byte

const (
	opExists   attrOp = 0
	opEq       attrOp = '='
	opPrefix   attrOp = '^'
	opSuffix   attrOp = '$'
	opContains attrOp = '*'
	opWord     attrOp = '~'
	opDash     attrOp = '|'
)

type attrSel struct {
	name  string // lower-cased
	op    attrOp
	val   string
	ifold bool // `i` flag: ASCII case-insensitive value comparison
}

// Parse compiles a selector list.
func Parse(src string) (*Selector, error) {
	if len(src) > maxLen {
		return nil, &Error{Selector: src[:64] + "…", Msg: fmt.Sprintf("longer than %d bytes", maxLen)}
	}
	if !utf8.ValidString(src) {
		return nil, &Error{Selector: src, Msg: "not valid UTF-8"}
	}
	p := &parser{src: src}
	s, err := p.list(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.src) {
		return nil, p.errf("unexpected %q", p.src[p.i:p.i+1])
	}
	s.src = src
	return s, nil
}

// MustParse is Parse for selectors known to be valid (tests, constants).
func MustParse(src string) *Selector {
	s, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return s
}

type parser struct {
	src string
	i   int
}

func (p *parser) errf(format string, args ...any) error {
	return &Error{Selector: p.src, Offset: p.i, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() bool {
	start := p.i
	for p.i < len(p.src) && isSpace(p.src[p.i]) {
		p.i++
	}
	return p.i > start
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// list parses complex (',' complex)* up to the end or a ')' at depth > 0.
func (p *parser) list(depth int) (*Selector, error) {
	if depth > maxNesting {
		return nil, p.errf("nesting deeper than %d", maxNesting)
	}
	start := p.i
	s := &Selector{}
	for {
		p.skipSpace()
		c, err := p.complex(depth)
		if err != nil {
			return nil, err
		}
		s.list = append(s.list, c)
		p.skipSpace()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		break
	}
	s.src = p.src[start:p.i]
	return s, nil
}

func (p *parser) complex(depth int) (complexSel, error) {
	var parts []compound // left to right while parsing
	for {
		c, err := p.compound(depth)
		if err != nil {
			return complexSel{}, err
		}
		parts = append(parts, c)
		sp := p.skipSpace()
		if p.i >= len(p.src) || p.src[p.i] == ',' || p.src[p.i] == ')' {
			break
		}
		comb := combDescendant
		switch p.src[p.i] {
		case '>', '+', '~':
			comb = combinator(p.src[p.i])
			p.i++
			p.skipSpace()
		default:
			if !sp {
				return complexSel{}, p.errf("unexpected %q", p.src[p.i:p.i+1])
			}
		}
		parts[len(parts)-1].comb = comb
	}
	// Store right to left: the subject first, and each part's comb says how
	// it relates to the part on its left.
	out := make([]compound, len(parts))
	for i := range parts {
		out[len(parts)-1-i] = parts[i]
	}
	for i := range out {
		if i+1 < len(out) {
			out[i].comb = out[i+1].comb
		} else {
			out[i].comb = combNone
		}
	}
	return complexSel{parts: out}, nil
}

func (p *parser) compound(depth int) (compound, error) {
	var c compound
	start := p.i
	if p.i < len(p.src) {
		switch ch := p.src[p.i]; {
		case ch == '*':
			p.i++
			if p.i < len(p.src) && p.src[p.i] == '|' && !(p.i+1 < len(p.src) && p.src[p.i+1] == '=') {
				return c, p.errf("namespace prefixes are not supported")
			}
		case isNameStart(ch) || ch == '\\' || ch >= 0x80:
			name, err := p.ident()
			if err != nil {
				return c, err
			}
			if p.i < len(p.src) && p.src[p.i] == '|' {
				return c, p.errf("namespace prefixes are not supported")
			}
			c.tag = strings.ToLower(name)
		}
	}
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case '#':
			p.i++
			name, err := p.ident()
			if err != nil {
				return c, err
			}
			c.ids = append(c.ids, name)
		case '.':
			p.i++
			name, err := p.ident()
			if err != nil {
				return c, err
			}
			c.cls = append(c.cls, name)
		case '[':
			a, err := p.attr()
			if err != nil {
				return c, err
			}
			c.attrs = append(c.attrs, a)
		case ':':
			if err := p.pseudo(&c, depth); err != nil {
				return c, err
			}
		default:
			if p.i == start {
				if p.i >= len(p.src) {
					return c, p.errf("selector expected")
				}
				if ch := p.src[p.i]; ch == ',' || ch == ')' {
					return c, p.errf("selector expected before %q", p.src[p.i:p.i+1])
				}
				return c, p.errf("unexpected %q", p.src[p.i:p.i+1])
			}
			return c, nil
		}
	}
	if p.i == start {
		return c, p.errf("selector expected at end")
	}
	return c, nil
}

func (p *parser) pseudo(c *compound, depth int) error {
	p.i++ // ':'
	if p.i < len(p.src) && p.src[p.i] == ':' {
		return p.errf("pseudo-elements are not supported")
	}
	at := p.i
	name, err := p.ident()
	if err != nil {
		return err
	}
	lname := strings.ToLower(name)
	if p.i >= len(p.src) || p.src[p.i] != '(' {
		p.i = at
		return p.errf("pseudo-class :%s is not supported (supported: :not() :is() :where())", name)
	}
	switch lname {
	case "not", "is", "where":
	default:
		p.i = at
		return p.errf("pseudo-class :%s() is not supported (supported: :not() :is() :where())", name)
	}
	p.i++ // '('
	inner, err := p.list(depth + 1)
	if err != nil {
		return err
	}
	// Arguments are compound selectors (CSS3's :not, no combinators):
	// complex arguments nested in complex selectors make matching cost
	// grow exponentially with nesting, and rules never need them.
	for _, cx := range inner.list {
		if len(cx.parts) > 1 {
			p.i = at
			return p.errf(":%s() takes compound selectors only (no combinators inside)", lname)
		}
	}
	p.skipSpace()
	if p.i >= len(p.src) || p.src[p.i] != ')' {
		return p.errf("missing ')' after :%s(", lname)
	}
	p.i++
	if lname == "not" {
		c.not = append(c.not, inner)
	} else {
		c.is = append(c.is, inner)
	}
	return nil
}

func (p *parser) attr() (attrSel, error) {
	p.i++ // '['
	p.skipSpace()
	name, err := p.ident()
	if err != nil {
		return attrSel{}, err
	}
	if p.i < len(p.src) && p.src[p.i] == '|' && !(p.i+1 < len(p.src) && p.src[p.i+1] == '=') {
		return attrSel{}, p.errf("namespace prefixes are not supported")
	}
	a := attrSel{name: strings.ToLower(name)}
	p.skipSpace()
	if p.i >= len(p.src) {
		return a, p.errf("missing ']'")
	}
	if p.src[p.i] == ']' {
		p.i++
		return a, nil
	}
	switch ch := p.src[p.i]; ch {
	case '=':
		a.op = opEq
		p.i++
	case '^', '$', '*', '~', '|':
		if p.i+1 >= len(p.src) || p.src[p.i+1] != '=' {
			return a, p.errf("expected '=' after %q", string(ch))
		}
		a.op = attrOp(ch)
		p.i += 2
	default:
		return a, p.errf("unexpected %q in attribute selector", p.src[p.i:p.i+1])
	}
	p.skipSpace()
	if p.i >= len(p.src) {
		return a, p.errf("attribute value expected")
	}
	if q := p.src[p.i]; q == '"' || q == '\'' {
		v, err := p.quoted(q)
		if err != nil {
			return a, err
		}
		a.val = v
	} else {
		v, err := p.ident()
		if err != nil {
			return a, err
		}
		a.val = v
	}
	p.skipSpace()
	if p.i < len(p.src) && (p.src[p.i] == 'i' || p.src[p.i] == 'I' || p.src[p.i] == 's' || p.src[p.i] == 'S') {
		a.ifold = p.src[p.i] == 'i' || p.src[p.i] == 'I'
		p.i++
		p.skipSpace()
	}
	if p.i >= len(p.src) || p.src[p.i] != ']' {
		return a, p.errf("missing ']'")
	}
	p.i++
	return a, nil
}

func isNameStart(c byte) bool {
	return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNameChar(c byte) bool { return isNameStart(c) || (c >= '0' && c <= '9') }

// ident reads a CSS identifier with escapes; non-ASCII code points are
// name characters, as in CSS.
func (p *parser) ident() (string, error) {
	var b strings.Builder
	start := p.i
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case isNameChar(c):
			b.WriteByte(c)
			p.i++
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(p.src[p.i:])
			b.WriteRune(r)
			p.i += n
		default:
			goto done
		}
	}
done:
	if p.i == start {
		if p.i >= len(p.src) {
			return "", p.errf("name expected at end")
		}
		return "", p.errf("name expected, found %q", p.src[p.i:p.i+1])
	}
	// An identifier cannot be "-" alone nor start with a digit or "-digit"
	// (escaped digits are fine).
	s, raw := b.String(), p.src[start:p.i]
	if raw == "-" || isDigit(raw[0]) || (len(raw) > 1 && raw[0] == '-' && isDigit(raw[1])) {
		return "", &Error{Selector: p.src, Offset: start, Msg: fmt.Sprintf("%q is not a valid name", raw)}
	}
	return s, nil
}

// escape reads a CSS escape at p.src[p.i] == '\\'.
func (p *parser) escape() (rune, error) {
	p.i++
	if p.i >= len(p.src) {
		return 0, p.errf("escape at end")
	}
	c := p.src[p.i]
	if c == '\n' || c == '\r' || c == '\f' {
		return 0, p.errf("newline cannot be escaped here")
	}
	if isHex(c) {
		v, n := rune(0), 0
		for p.i < len(p.src) && n < 6 && isHex(p.src[p.i]) {
			v = v*16 + rune(hexVal(p.src[p.i]))
			p.i++
			n++
		}
		if p.i < len(p.src) && isSpace(p.src[p.i]) {
			p.i++ // one whitespace terminates a hex escape
		}
		if v == 0 || v > utf8.MaxRune || (v >= 0xd800 && v <= 0xdfff) {
			v = utf8.RuneError
		}
		return v, nil
	}
	r, n := utf8.DecodeRuneInString(p.src[p.i:])
	p.i += n
	return r, nil
}

func (p *parser) quoted(q byte) (string, error) {
	p.i++
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\\':
			if p.i+1 < len(p.src) && p.src[p.i+1] == '\n' {
				p.i += 2 // escaped newline: line continuation
				continue
			}
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case c == '\n':
			return "", p.errf("newline in string")
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.errf("unterminated string")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}
