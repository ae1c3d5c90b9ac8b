package page

import (
	"strings"

	"github.com/hops-cli/hops/href"
)

// SameURL reports whether two absolute URLs name one page for a canonical
// check (SPEC "SEO signals"): both serialised by the WHATWG parser (which
// lowers the case of scheme and host, drops a default port, percent-encodes
// UTF-8 and resolves dot segments), fragments dropped, and percent-escapes
// compared as RFC 3986 §6.2.2.1-2 normalises them (hex digits in upper
// case, unreserved characters decoded). Another scheme, port, path case, a
// trailing slash or another query make another URL.
func SameURL(a, b string) bool {
	na, ok := normalURL(a)
	if !ok {
		return false
	}
	nb, ok := normalURL(b)
	return ok && na == nb
}

func normalURL(u string) (string, bool) {
	loc, err := href.ResolveLocation(u, u)
	if err != nil {
		return "", false
	}
	return normalEscapes(href.StripFragment(loc.URL)), true
}

// normalEscapes writes every percent-escape with upper-case hex digits and
// decodes those of unreserved characters (ALPHA / DIGIT / "-" / "." / "_" /
// "~"), which mean the same either way.
func normalEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			b.WriteByte(s[i])
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if isUnreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(s[i+1 : i+3]))
		}
		i += 2
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
