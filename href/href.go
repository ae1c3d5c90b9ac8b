package href

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
	at       bool   // "@" present: userinfo, even an empty one, which the serialiser drops
	host     string // as serialised: IPv6 in brackets
	port     string // "" when default or absent
	hostport string // host and port as written, the authority after userinfo
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
		if c := authority[i]; c == '\\' || c == ' ' || c < 0x20 || c >= 0x7f {
			return h, false
		}
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		h.userinfo, authority, h.at = authority[:at], authority[at+1:], true
	}
	// The serialiser lower-cases the host, not the userinfo: a password
	// may have capitals.
	for i := 0; i < len(authority); i++ {
		if c := authority[i]; c >= 'A' && c <= 'Z' {
			return h, false
		}
	}
	h.host, h.hostport = authority, authority
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.HasSuffix(authority, "]") {
		h.host, h.port = authority[:i], authority[i+1:]
		if h.port == "" {
			return h, false // "host:" is not the serialiser's form
		}
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
	return h.defaultPort()
}

// defaultPort is the default port of the scheme.
func (h href) defaultPort() string {
	if h.scheme == "https" {
		return "443"
	}
	return "80"
}

// isSafePathChar reports whether c stands for itself in a path or query
// of a WHATWG-serialised URL (no percent-encoding, no normalisation).
func isSafePathChar(c byte) bool { return safePathChars[c] }

var safePathChars = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range []byte("-._~/?=&+,;:@!$*()") {
		t[c] = true
	}
	return t
}()

// isPlainHost reports whether a host is a lower-case DNS name that the
// WHATWG host parser leaves as it is: labels of [a-z0-9-], and a last label
// that is not a number (which would make it an IPv4 form).
func isPlainHost(h string) bool {
	if h == "" || h[0] == '.' || h[len(h)-1] == '.' || strings.Contains(h, "..") || strings.Contains(h, "xn--") {
		return false // punycode labels need IDNA validation
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	last := h[strings.LastIndexByte(h, '.')+1:]
	digits := true
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			digits = false
		}
	}
	return !digits && !strings.HasPrefix(last, "0x")
}

// isPlainPath reports whether a path-and-query is already in WHATWG form
// and free of dot segments, so that resolving it changes nothing.
func isPlainPath(p string) bool {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") {
		return false
	}
	path := p
	if i := strings.IndexByte(p, '?'); i >= 0 {
		path = p[:i]
	}
	for i := 0; i < len(p); i++ {
		if !isSafePathChar(p[i]) {
			return false
		}
	}
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// canonicalHTTP reports whether s is an http(s) URL exactly as the WHATWG
// serialiser would write it, in the plain forms above: parsing it would
// give it back unchanged. Anything else goes through the full parser.
func canonicalHTTP(s string) bool {
	h, ok := splitHref(s)
	if !ok || h.at || !isPlainHost(h.host) {
		return false // "http://@h/" is written "http://h/"
	}
	if h.port != "" {
		if h.port == h.defaultPort() || h.port > "65535" && len(h.port) == 5 || h.port[0] == '0' || len(h.port) > 5 || !allDigits(h.port) {
			return false
		}
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return false // fragments take the slow path
	}
	// With no fragment, the path and query are the end of s.
	return isPlainPath(s[len(s)-len(h.path)-len(h.query)-len("?")*boolInt(h.hasQuery):])
}

// isPlainFragment reports whether a fragment ("#" and the rest) is in
// WHATWG form: nothing in it is percent-encoded or removed when parsed. An
// empty one ("#") is left to the full path.
func isPlainFragment(f string) bool {
	if len(f) < 2 {
		return false
	}
	for i := 1; i < len(f); i++ {
		if c := f[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' {
			return false
		}
	}
	return true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
