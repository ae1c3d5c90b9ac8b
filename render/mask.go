package render

import (
	"net/http"
	"sort"
	"strings"
)

// masked stands in for a secret.
const masked = "****"

// MaskHeader returns the value of header name with its secret part
// replaced: credential headers keep only their scheme ("Bearer ****"),
// cookies only their names ("sid=****"); other headers are unchanged.
func MaskHeader(name, value string) string {
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
	return value
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
func MaskURL(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority := rest[:end]
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return s
	}
	user, _, hasPw := strings.Cut(authority[:at], ":")
	if !hasPw {
		return s
	}
	return scheme + "://" + user + ":" + masked + authority[at:] + rest[end:]
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
