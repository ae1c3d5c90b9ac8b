package inspect

import (
	"strings"
)

// href is an http(s) URL split into its parts. Every URL hops requests or
// shows comes out of the WHATWG serialiser, whose form is fixed
// (scheme "://" [userinfo "@"] host [":" port] path ["?" query] ["#"
// fragment], scheme and host in lower case), so the parts can be read off
// the string without parsing it again: a check of many rows would
// otherwise spend a fifth of its time re-parsing the same URLs.
type href struct {
	scheme   string
	userinfo string
	host     string // as serialised: IPv6 in brackets
	port     string // "" when default or absent
	path     string // from the first "/" up to "?" or "#"
	query    string // without "?"; hasQuery tells "?" apart from none
	hasQuery bool
}

// splitHref splits a canonical http(s) href; ok is false for anything else,
// and callers then fall back to the full parser.
func splitHref(s string) (h href, ok bool) {
	switch {
	case strings.HasPrefix(s, "http://"):
		h.scheme, s = "http", s[len("http://"):]
	case strings.HasPrefix(s, "https://"):
		h.scheme, s = "https", s[len("https://"):]
	default:
		return h, false
	}
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		return h, false // the serialiser always writes a path
	}
	authority, rest := s[:end], s[end:]
	if rest[0] != '/' {
		return h, false
	}
	for i := 0; i < len(authority); i++ {
		c := authority[i]
		if c >= 'A' && c <= 'Z' || c == '\\' || c == ' ' || c < 0x20 || c >= 0x7f {
			return h, false
		}
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		h.userinfo, authority = authority[:at], authority[at+1:]
	}
	h.host = authority
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.HasSuffix(authority, "]") {
		h.host, h.port = authority[:i], authority[i+1:]
	}
	if h.host == "" || strings.Contains(h.host, "%") {
		return h, false
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	h.path = rest
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		h.path, h.query, h.hasQuery = rest[:i], rest[i+1:], true
	}
	return h, true
}

// hostname is the host without IPv6 brackets.
func (h href) hostname() string { return strings.Trim(h.host, "[]") }

// portOrDefault is the port, with the scheme's default written out.
func (h href) portOrDefault() string {
	if h.port != "" {
		return h.port
	}
	if h.scheme == "https" {
		return "443"
	}
	return "80"
}
