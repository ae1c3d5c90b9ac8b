// Package robots reads robots.txt files and says whether a crawler may
// fetch a URL, by RFC 9309: the crawler's own group (else "*"), groups of
// one agent combined, the longest matching rule in octets, Allow on a
// tie, "*" and "$" in patterns, percent-encoding compared in one form.
//
// It is written here rather than taken from github.com/temoto/robotstxt,
// which departs from the RFC where hops's verdicts depend on it: a tie
// goes to whichever rule came first (the RFC says Allow), a wildcard
// rule's length is its regular expression's, a group is chosen by the
// longest agent prefix ("googlebot-news" rules for Googlebot), and a
// rule before any User-agent line fails the whole file.
package robots

import (
	"bytes"
	"strings"
)

// MaxSize is the part of a robots.txt that is parsed (RFC 9309 §2.5: at
// least 500 KiB).
const MaxSize = 500 << 10

// Rule is one allow or disallow line of the group that applies.
type Rule struct {
	Allow   bool
	Pattern string // as written
	Line    int
	norm    string // Pattern in the form URLs are compared in
}

// String is the rule as robots.txt writes it.
func (r Rule) String() string {
	if r.Allow {
		return "Allow: " + r.Pattern
	}
	return "Disallow: " + r.Pattern
}

// File is a parsed robots.txt.
type File struct {
	groups []group
	// all is set for files that allow or disallow everything whatever
	// they hold (a 4xx, a 5xx or an unreachable host).
	all *bool
}

type group struct {
	agents []string // lower-cased product tokens
	rules  []Rule
}

// AllowAll and DisallowAll are the files RFC 9309 §2.3.1 assumes when
// robots.txt is unavailable (4xx) or unreachable (5xx, network failure).
func AllowAll() *File    { t := true; return &File{all: &t} }
func DisallowAll() *File { f := false; return &File{all: &f} }

// Parse reads a robots.txt body (its first MaxSize bytes). Lines that are
// not records are skipped, as the RFC asks of parsers.
func Parse(body []byte) *File {
	if len(body) > MaxSize {
		body = body[:MaxSize]
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	f := &File{}
	var cur *group
	inRules := false
	for n, line := range bytes.Split(body, []byte("\n")) {
		text := string(bytes.TrimRight(line, "\r"))
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if cur == nil || inRules {
				f.groups = append(f.groups, group{})
				cur = &f.groups[len(f.groups)-1]
				inRules = false
			}
			cur.agents = append(cur.agents, strings.ToLower(value))
		case "allow", "disallow":
			if cur == nil {
				continue // a rule outside any group applies to no one
			}
			inRules = true
			if value == "" {
				continue // "Disallow:" with no path disallows nothing
			}
			cur.rules = append(cur.rules, Rule{Allow: key == "allow", Pattern: value, Line: n + 1, norm: normalise(value, true)})
		}
	}
	return f
}

// Rules returns the rules for a crawler's product token ("googlebot", or
// "*" for any crawler): every group naming it, combined; else every group
// for "*"; else none. A crawler never mixes its own group with "*".
func (f *File) Rules(token string) []Rule {
	token = strings.ToLower(token)
	var own, star []Rule
	found := false
	for _, g := range f.groups {
		for _, a := range g.agents {
			if a == token && token != "*" {
				own = append(own, g.rules...)
				found = true
				break
			}
			if a == "*" {
				star = append(star, g.rules...)
				break
			}
		}
	}
	if found {
		return own
	}
	return star
}

// Allowed says whether the crawler may fetch path (the URL's path and
// query, as sent), and the rule that decided it (nil: no rule matched).
func (f *File) Allowed(token, path string) (bool, *Rule) {
	if f.all != nil {
		return *f.all, nil
	}
	if path == "/robots.txt" {
		return true, nil // RFC 9309 §2.2.2: always allowed
	}
	if path == "" {
		path = "/"
	}
	path = normalise(path, false)
	var best *Rule
	rules := f.Rules(token)
	for i := range rules {
		r := &rules[i]
		if !match(r.norm, path) {
			continue
		}
		if best == nil || len(r.Pattern) > len(best.Pattern) || len(r.Pattern) == len(best.Pattern) && r.Allow && !best.Allow {
			best = r
		}
	}
	if best == nil {
		return true, nil
	}
	return best.Allow, best
}

// match reports whether pattern matches the start of path: "*" is any
// run of octets, a final "$" the end of the path.
func match(pattern, path string) bool {
	end := strings.HasSuffix(pattern, "$")
	if end {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !end || pos == len(path)
	}
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && end {
			// The last piece must end the path, after pos.
			return len(path)-len(p) >= pos && strings.HasSuffix(path, p)
		}
		j := strings.Index(path[pos:], p)
		if j < 0 {
			return false
		}
		pos += j + len(p)
	}
	return true
}

// normalise puts a path or a pattern in the form RFC 9309 §2.2.2
// compares them in: every octet that is not unreserved (RFC 3986)
// percent-encoded in upper case, and an escape of an unreserved one
// decoded ("%7e" is "~"). So "/a%2Fb" and "/a/b" compare equal, and a
// pattern's "%2A" matches a literal "*" in the URL. In a pattern, "*" and
// a final "$" keep their meaning. Rules are still ranked by the length
// of the pattern as written.
func normalise(s string, pattern bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
			if unreserved(c) {
				b.WriteByte(c)
				continue
			}
		case unreserved(c):
			b.WriteByte(c)
			continue
		case pattern && (c == '*' || c == '$' && i == len(s)-1):
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// unreserved is RFC 3986's unreserved set.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
