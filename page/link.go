package page

import (
	"strings"

	"github.com/hops-cli/hops/header"
)

// Link is one link-value of a Link header field (RFC 8288 §3).
type Link struct {
	// Target is the URI reference between "<" and ">", as sent.
	Target string
	// Rel lists the relation types of its first rel parameter, lower case
	// (RFC 8288 §3.3: later rel parameters are ignored).
	Rel []string
}

// HasRel reports whether the link has the relation type rel (compared
// case-insensitively, as registered relation types are).
func (l Link) HasRel(rel string) bool {
	for _, r := range l.Rel {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// ParseLinks parses one Link field value: a comma-separated list of
// link-values, each "<" URI-Reference ">" followed by parameters after
// ";", in any order, whose values are tokens or quoted strings. The target
// may hold commas and semicolons, so the value cannot simply be split. A
// link-value that does not parse is dropped up to the next comma outside
// quotes and angle brackets, so one bad entry does not hide the others.
func ParseLinks(v string) []Link {
	p := linkParser{s: v}
	var out []Link
	for {
		p.skip(" \t,")
		if p.i >= len(p.s) {
			return out
		}
		if l, ok := p.linkValue(); ok {
			out = append(out, l)
			continue
		}
		p.toNextElement()
	}
}

type linkParser struct {
	s string
	i int
}

// skip moves past any of the bytes in set.
func (p *linkParser) skip(set string) {
	for p.i < len(p.s) && strings.IndexByte(set, p.s[p.i]) >= 0 {
		p.i++
	}
}

// linkValue reads one link-value and its parameters up to the comma after
// it or the end; ok is false when it is malformed.
func (p *linkParser) linkValue() (Link, bool) {
	var l Link
	if p.s[p.i] != '<' {
		return l, false
	}
	end := strings.IndexByte(p.s[p.i+1:], '>')
	if end < 0 {
		return l, false
	}
	l.Target = p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	relSeen := false
	for {
		p.skip(" \t")
		if p.i >= len(p.s) || p.s[p.i] == ',' {
			return l, true
		}
		if p.s[p.i] != ';' {
			return l, false
		}
		p.i++
		p.skip(" \t")
		name := p.token()
		if name == "" {
			// An empty parameter ("<x>;;rel=a", "<x>;") adds nothing; the
			// top of the loop refuses anything else found here.
			continue
		}
		p.skip(" \t")
		var value string
		if p.i < len(p.s) && p.s[p.i] == '=' {
			p.i++
			p.skip(" \t")
			var ok bool
			if value, ok = p.value(); !ok {
				return l, false
			}
		}
		if strings.EqualFold(name, "rel") && !relSeen {
			relSeen = true
			for _, r := range strings.Fields(value) {
				l.Rel = append(l.Rel, strings.ToLower(r))
			}
		}
	}
}

// token reads a run of RFC 9110 token characters.
func (p *linkParser) token() string {
	start := p.i
	for p.i < len(p.s) && header.IsTokenChar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// value reads a parameter value: a quoted string (backslash escapes
// undone) or a bare run up to the next separator. Bare values are taken
// leniently (servers write rel=canonical and type=text/html unquoted).
func (p *linkParser) value() (string, bool) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		var b strings.Builder
		for p.i++; p.i < len(p.s); p.i++ {
			switch c := p.s[p.i]; c {
			case '\\':
				if p.i+1 < len(p.s) {
					p.i++
					b.WriteByte(p.s[p.i])
				}
			case '"':
				p.i++
				return b.String(), true
			default:
				b.WriteByte(c)
			}
		}
		return "", false // unterminated
	}
	start := p.i
	for p.i < len(p.s) && strings.IndexByte(" \t;,\"", p.s[p.i]) < 0 {
		p.i++
	}
	return p.s[start:p.i], true
}

// toNextElement moves past the next comma that is outside a quoted string
// and outside angle brackets.
func (p *linkParser) toNextElement() {
	quoted, bracket := false, false
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case quoted && c == '\\':
			p.i++
		case c == '"' && !bracket:
			quoted = !quoted
		case c == '<' && !quoted:
			bracket = true
		case c == '>' && !quoted:
			bracket = false
		case c == ',' && !quoted && !bracket:
			p.i++
			return
		}
	}
}
