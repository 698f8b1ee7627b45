package vdom

import (
	"strings"
)

// Sheet is a CSSOM style sheet reduced to what replay needs: an ordered
// rule list that insertRule/deleteRule/setProperty can edit, serialized back
// to CSS text for the snapshot. The CSS itself is never validated: rules are
// kept as the recorder gave them.
type Sheet struct {
	Rules []*Rule
}

// Rule is one CSS rule. A grouping rule (@media, @supports, …) has Prelude
// and Children; a style rule whose declarations were edited has Selector and
// Decls; any other rule is kept as Text.
type Rule struct {
	Text     string
	Group    bool
	Prelude  string
	Children []*Rule
	Selector string
	Decls    []Decl
	edited   bool
}

// Decl is one CSS declaration.
type Decl struct {
	Name, Value string
	Important   bool
}

// groupingAtRules are the at-rules whose block holds rules, addressable by
// nested index paths in StyleSheetRule/StyleDeclaration events.
var groupingAtRules = map[string]bool{
	"media": true, "supports": true, "layer": true, "container": true,
	"document": true, "-moz-document": true, "scope": true, "starting-style": true,
}

// ParseSheet splits CSS text into top-level rules.
func ParseSheet(css string) *Sheet {
	return &Sheet{Rules: parseRules(css)}
}

// Clone deep-copies the sheet.
func (s *Sheet) Clone() *Sheet {
	if s == nil {
		return nil
	}
	return &Sheet{Rules: cloneRules(s.Rules)}
}

func cloneRules(rs []*Rule) []*Rule {
	if rs == nil {
		return nil
	}
	out := make([]*Rule, len(rs))
	for i, r := range rs {
		c := *r
		c.Children = cloneRules(r.Children)
		c.Decls = append([]Decl(nil), r.Decls...)
		out[i] = &c
	}
	return out
}

// CSS serializes the sheet, one rule per line.
func (s *Sheet) CSS() string {
	var b strings.Builder
	for i, r := range s.Rules {
		if i > 0 {
			b.WriteByte('\n')
		}
		r.write(&b)
	}
	return b.String()
}

func (r *Rule) write(b *strings.Builder) {
	switch {
	case r.Group:
		b.WriteString(r.Prelude)
		b.WriteString(" {")
		for _, c := range r.Children {
			b.WriteByte(' ')
			c.write(b)
		}
		b.WriteString(" }")
	case r.edited:
		b.WriteString(r.Selector)
		b.WriteString(" {")
		for _, d := range r.Decls {
			b.WriteByte(' ')
			b.WriteString(d.Name)
			b.WriteString(": ")
			b.WriteString(d.Value)
			if d.Important {
				b.WriteString(" !important")
			}
			b.WriteByte(';')
		}
		b.WriteString(" }")
	default:
		b.WriteString(r.Text)
	}
}

// rulesAt resolves a nested position path to the rule list it designates
// (nil when the path leaves the tree or crosses a non-grouping rule).
func (s *Sheet) rulesAt(path []int) *[]*Rule {
	list := &s.Rules
	for _, p := range path {
		if p < 0 || p >= len(*list) || !(*list)[p].Group {
			return nil
		}
		list = &(*list)[p].Children
	}
	return list
}

// InsertRule inserts rule text at index inside the list at path; it reports
// false where the browser would throw (bad index, unparsable rule).
func (s *Sheet) InsertRule(path []int, index int, text string) bool {
	list := s.rulesAt(path)
	if list == nil || index < 0 || index > len(*list) {
		return false
	}
	rs := parseRules(text)
	if len(rs) != 1 {
		return false
	}
	*list = append(*list, nil)
	copy((*list)[index+1:], (*list)[index:])
	(*list)[index] = rs[0]
	return true
}

// DeleteRule deletes the rule at index inside the list at path.
func (s *Sheet) DeleteRule(path []int, index int) bool {
	list := s.rulesAt(path)
	if list == nil || index < 0 || index >= len(*list) {
		return false
	}
	*list = append((*list)[:index], (*list)[index+1:]...)
	return true
}

// RuleAt returns the rule at a full index path, or nil.
func (s *Sheet) RuleAt(path []int) *Rule {
	if len(path) == 0 {
		return nil
	}
	list := s.rulesAt(path[:len(path)-1])
	i := path[len(path)-1]
	if list == nil || i < 0 || i >= len(*list) {
		return nil
	}
	return (*list)[i]
}

// SetProperty sets a declaration on a style rule (value "" removes it).
func (r *Rule) SetProperty(name, value, priority string) {
	if !r.makeEditable() {
		return
	}
	name = strings.TrimSpace(name)
	if value == "" {
		r.RemoveProperty(name)
		return
	}
	d := Decl{Name: name, Value: value, Important: priority == "important"}
	for i := range r.Decls {
		if r.Decls[i].Name == name {
			r.Decls[i] = d
			return
		}
	}
	r.Decls = append(r.Decls, d)
}

// RemoveProperty removes a declaration from a style rule.
func (r *Rule) RemoveProperty(name string) {
	if !r.makeEditable() {
		return
	}
	for i := range r.Decls {
		if r.Decls[i].Name == name {
			r.Decls = append(r.Decls[:i], r.Decls[i+1:]...)
			return
		}
	}
}

// makeEditable parses a style rule's text into selector and declarations.
func (r *Rule) makeEditable() bool {
	if r.edited {
		return true
	}
	if r.Group || strings.HasPrefix(strings.TrimSpace(r.Text), "@") {
		return false
	}
	open := strings.IndexByte(r.Text, '{')
	closeAt := strings.LastIndexByte(r.Text, '}')
	if open < 0 || closeAt < open {
		return false
	}
	r.Selector = strings.TrimSpace(r.Text[:open])
	r.Decls = ParseDecls(r.Text[open+1 : closeAt])
	r.edited = true
	return true
}

// ParseDecls parses a declaration block body ("a: b; c: d !important").
func ParseDecls(s string) []Decl {
	var out []Decl
	for _, part := range splitTopLevel(stripComments(s), ';') {
		colon := strings.IndexByte(part, ':')
		if colon < 0 {
			continue
		}
		name := strings.TrimSpace(part[:colon])
		val := strings.TrimSpace(part[colon+1:])
		if name == "" {
			continue
		}
		d := Decl{Name: name, Value: val}
		if i := strings.LastIndexByte(val, '!'); i >= 0 && strings.EqualFold(strings.TrimSpace(val[i+1:]), "important") {
			d.Important = true
			d.Value = strings.TrimSpace(val[:i])
		}
		out = append(out, d)
	}
	return out
}

func stripComments(s string) string {
	if !strings.Contains(s, "/*") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return b.String()
		}
		s = s[i+2+j+2:]
	}
}

// splitTopLevel splits s on sep outside parentheses, brackets and quotes.
func splitTopLevel(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// parseRules splits CSS text into rules, recursing into grouping at-rules.
func parseRules(css string) []*Rule {
	var out []*Rule
	i, n := 0, len(css)
	for i < n {
		// Skip whitespace, comments and stray semicolons/HTML comment tokens.
		for i < n {
			switch {
			case css[i] == ' ' || css[i] == '\t' || css[i] == '\n' || css[i] == '\r' || css[i] == '\f' || css[i] == ';':
				i++
				continue
			case strings.HasPrefix(css[i:], "/*"):
				j := strings.Index(css[i+2:], "*/")
				if j < 0 {
					i = n
				} else {
					i += j + 4
				}
				continue
			case strings.HasPrefix(css[i:], "<!--"):
				i += 4
				continue
			case strings.HasPrefix(css[i:], "-->"):
				i += 3
				continue
			}
			break
		}
		if i >= n {
			break
		}
		start := i
		end, blockOpen, ok := scanRule(css, i)
		text := strings.TrimSpace(css[start:end])
		i = end
		if !ok || text == "" {
			continue
		}
		r := &Rule{Text: text}
		if text[0] == '@' && blockOpen > 0 {
			name := atName(text)
			if groupingAtRules[strings.ToLower(name)] {
				inner := css[blockOpen+1 : end-1]
				r.Group = true
				r.Prelude = strings.TrimSpace(css[start:blockOpen])
				r.Children = parseRules(inner)
			}
		}
		out = append(out, r)
	}
	return out
}

func atName(s string) string {
	j := 1
	for j < len(s) && (s[j] == '-' || s[j] == '_' || (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')) {
		j++
	}
	return s[1:j]
}

// scanRule finds the end of the rule starting at i: after the block's
// matching '}', or after ';' for a block-less at-rule. blockOpen is the
// index of the block's '{' (0 if none). ok is false for an unterminated rule.
func scanRule(css string, i int) (end, blockOpen int, ok bool) {
	depth := 0
	var quote byte
	n := len(css)
	for ; i < n; i++ {
		c := css[i]
		if quote != 0 {
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '"', '\'':
			quote = c
		case '/':
			if i+1 < n && css[i+1] == '*' {
				j := strings.Index(css[i+2:], "*/")
				if j < 0 {
					return n, blockOpen, false
				}
				i += j + 3
			}
		case '{':
			if depth == 0 && blockOpen == 0 {
				blockOpen = i
			}
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1, blockOpen, true
			}
			if depth < 0 {
				return i + 1, blockOpen, false
			}
		case ';':
			if depth == 0 {
				return i + 1, 0, true
			}
		}
	}
	return n, blockOpen, false
}
