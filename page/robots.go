package page

import (
	"strings"

	"github.com/hops-cli/hops/header"
)

// Directive is one robots directive of a <meta name=robots> content or an
// X-Robots-Tag line.
type Directive struct {
	// Agent is the crawler the directive is for, lower case: the prefix of
	// an X-Robots-Tag line ("googlebot: noindex"); "" for every crawler.
	Agent string
	// Name is the directive's name, lower case; Value what follows its
	// colon, trimmed ("max-snippet: 20"), "" without one.
	Name  string
	Value string
}

// Forbids reports whether the directive keeps the page out of the index of
// crawler ("" for a client that is no crawler): noindex or none, for every
// crawler or for that one.
func (d Directive) Forbids(crawler string) bool {
	if d.Agent != "" && d.Agent != crawler {
		return false
	}
	return d.Name == "noindex" || d.Name == "none"
}

// robotsDirectives are the directive names Google and Bing document. An
// X-Robots-Tag item "name: ..." with one of these names is a directive with
// a value (unavailable_after: DATE, max-snippet: N), not a crawler's prefix.
var robotsDirectives = map[string]bool{
	"all": true, "none": true, "index": true, "noindex": true, "follow": true, "nofollow": true,
	"noarchive": true, "nocache": true, "nosnippet": true, "notranslate": true, "noimageindex": true,
	"indexifembedded": true, "unavailable_after": true, "max-snippet": true, "max-image-preview": true,
	"max-video-preview": true, "noodp": true, "noydir": true, "nositelinkssearchbox": true,
}

// ParseRobots parses a comma-separated list of robots directives (names
// are case-insensitive). With prefixes, as in an X-Robots-Tag line, an item
// "token: rest" whose token is not a directive name names the crawler that
// the rest of the line is for, starting with rest; a later prefix on the
// same line takes over from there. Without prefixes (a meta content, whose
// name attribute says the crawler) such an item is an unknown directive.
func ParseRobots(v string, prefixes bool) []Directive {
	var out []Directive
	agent := ""
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		for prefixes {
			name, rest, ok := strings.Cut(item, ":")
			name = strings.ToLower(strings.TrimSpace(name))
			if !ok || !header.IsToken(name) || robotsDirectives[name] {
				break
			}
			agent, item = name, strings.TrimSpace(rest)
		}
		if item == "" {
			continue
		}
		name, value, _ := strings.Cut(item, ":")
		out = append(out, Directive{Agent: agent, Name: strings.ToLower(strings.TrimSpace(name)), Value: strings.TrimSpace(value)})
	}
	return out
}

// forbidding reports whether a directive of v keeps the page out of
// crawler's index.
func forbidding(v string, prefixes bool, crawler string) bool {
	for _, d := range ParseRobots(v, prefixes) {
		if d.Forbids(crawler) {
			return true
		}
	}
	return false
}
