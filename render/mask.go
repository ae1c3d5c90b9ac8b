package render

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// masked stands in for a secret.
const masked = "****"

// MaskHeader returns the value of header name with its secret part
// replaced: credential headers keep only their scheme ("Bearer ****"),
// cookies only their names ("sid=****"); other headers are unchanged.
func MaskHeader(name, value string) string {
	switch len(name) {
	case len("Authorization"), len("Proxy-Authorization"), len("Cookie"), len("Set-Cookie"):
	default:
		// Not one of the four: spares four case-folding compares a value
		// (every header value of every hop in a check's JSON).
		return MaskText(value)
	}
	switch {
	case strings.EqualFold(name, "Authorization"), strings.EqualFold(name, "Proxy-Authorization"):
		if scheme, _, ok := strings.Cut(strings.TrimSpace(value), " "); ok {
			return scheme + " " + masked
		}
		return masked
	case strings.EqualFold(name, "Cookie"):
		parts := strings.Split(value, ";")
		for i, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			parts[i] = strings.TrimSpace(k) + "=" + masked
		}
		return strings.Join(parts, "; ")
	case strings.EqualFold(name, "Set-Cookie"):
		// The cookie's name and attributes stay visible; its value is a
		// session secret as often as not.
		first, attrs, _ := strings.Cut(value, ";")
		k, _, _ := strings.Cut(first, "=")
		if attrs != "" {
			return strings.TrimSpace(k) + "=" + masked + ";" + attrs
		}
		return strings.TrimSpace(k) + "=" + masked
	}
	return MaskText(value) // Location, Refresh, Link... may hold a URL's password
}

// MaskHeaders returns a copy of h with every secret masked.
func MaskHeaders(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		mv := make([]string, len(vs))
		for i, v := range vs {
			mv[i] = MaskHeader(k, v)
		}
		out[k] = mv
	}
	return out
}

// MaskURL hides the password of a URL's userinfo ("user:****@host").
func MaskURL(s string) string { return MaskText(s) }

// userinfoRE finds the password of every URL in a text: a user, ":" and
// the password up to the last "@" of the authority, after a scheme's "//",
// a protocol-relative "//", the backslash forms that browsers read as "//"
// ("\\", "/\\", "\\/"), or a special scheme and no slashes at all
// ("https:u:pw@h", which browsers read as userinfo when the scheme is not
// the base's). A slash may be percent-encoded after a path's "/": a client
// that reads "\\u:pw@h" or "/\\u:pw@h" as a path (RFC 3986's, escaping the
// backslashes) goes to /%5C%5Cu:pw@h or /%5Cu:pw@h, with the password in
// its path. The user may hold an "@" and tabs or newlines, which browsers
// drop; the password those and spaces too (the parser escapes them); a
// "'" stays unescaped in both.
var userinfoRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`((?:[/\\]{2}|/(?:%5[cC]|%2[fF])[/\\]?|\b(?i:https?|wss?|ftp):[/\\]*)[^/\\?# :"<>]*):([^/\\?#"<>]*)@`)
})

// MaskText hides the password of every URL in s, wherever it stands: in a
// URL, a finding's message, a header value or an error.
func MaskText(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return userinfoRE().ReplaceAllStringFunc(s, func(m string) string {
		sub := userinfoRE().FindStringSubmatch(m)
		if sub[2] == "" || sub[2] == masked {
			return m
		}
		return sub[1] + ":" + masked + "@"
	})
}

// sortedKeys returns the header names of h in order.
func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
