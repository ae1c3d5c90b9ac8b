// Package header parses the response header fields that hops reads:
// Strict-Transport-Security, caching, Refresh, Link and Deprecation. It
// holds no I/O and knows nothing of hops's model.
package header

import (
	"fmt"
	"strings"
)

// HSTS is a Strict-Transport-Security header as a browser reads it.
type HSTS struct {
	Raw string
	// Valid is true when the header follows RFC 6797 §6.1.
	Valid bool
	// Honored is true when a browser would note it: valid, received over
	// https with no certificate error, for a host that is not an IP literal
	// (RFC 6797 §8.1). A max-age of 0 is honored too: it clears the policy.
	Honored           bool
	MaxAge            *int64
	IncludeSubdomains bool
	Preload           bool
	// Problem says what is wrong or noteworthy, "" when nothing is.
	Problem string
}

// maxHSTSAge caps max-age as browsers clamp rather than reject huge values.
const maxHSTSAge = 1<<63 - 1

// ParseHSTS validates one Strict-Transport-Security value by RFC 6797 §6.1:
// directive names are case-insensitive, values are tokens or quoted
// strings, max-age is required, a repeated directive makes the header
// invalid, unknown directives are ignored.
func ParseHSTS(v string) HSTS {
	h := HSTS{Raw: v}
	seen := map[string]bool{}
	for _, part := range splitOutsideQuotes(v, ';') {
		name, value, hasValue, err := parseDirective(part)
		if err != "" {
			h.Problem = err
			return h
		}
		if name == "" {
			continue
		}
		lname := strings.ToLower(name)
		if seen[lname] {
			h.Problem = fmt.Sprintf("directive \"%s\" appears twice", Clip(name, 100))
			return h
		}
		seen[lname] = true
		switch lname {
		case "max-age":
			if !hasValue || value == "" {
				h.Problem = "max-age has no value"
				return h
			}
			n, ok := parseDigits(value)
			if !ok {
				h.Problem = fmt.Sprintf("max-age \"%s\" is not a number of seconds", Clip(value, 100))
				return h
			}
			h.MaxAge = &n
		case "includesubdomains":
			if hasValue {
				h.Problem = "includeSubDomains takes no value"
				return h
			}
			h.IncludeSubdomains = true
		case "preload":
			h.Preload = true
		}
	}
	if h.MaxAge == nil {
		h.Problem = "max-age is missing"
		return h
	}
	h.Valid = true
	if *h.MaxAge == 0 {
		h.Problem = "max-age=0 removes the host's HSTS policy"
	}
	return h
}

// splitOutsideQuotes splits s at sep, except inside quoted strings.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	inQuote, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case c == sep && !inQuote:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// parseDirective parses `OWS token [ OWS "=" OWS ( token / quoted-string ) ] OWS`.
func parseDirective(s string) (name, value string, hasValue bool, problem string) {
	s = strings.Trim(s, " \t")
	if s == "" {
		return "", "", false, ""
	}
	i := 0
	for i < len(s) && IsTokenChar(s[i]) {
		i++
	}
	name = s[:i]
	if name == "" {
		return "", "", false, fmt.Sprintf("\"%s\" is not a directive", s)
	}
	rest := strings.TrimLeft(s[i:], " \t")
	if rest == "" {
		return name, "", false, ""
	}
	if rest[0] != '=' {
		return "", "", false, fmt.Sprintf("unexpected \"%s\" after \"%s\" (directives are separated by ';')", rest, name)
	}
	rest = strings.TrimLeft(rest[1:], " \t")
	if rest == "" {
		return name, "", true, ""
	}
	if rest[0] == '"' {
		var b strings.Builder
		j := 1
		for ; j < len(rest); j++ {
			c := rest[j]
			if c == '\\' && j+1 < len(rest) {
				j++
				b.WriteByte(rest[j])
				continue
			}
			if c == '"' {
				break
			}
			b.WriteByte(c)
		}
		if j >= len(rest) {
			return "", "", false, fmt.Sprintf("unterminated quote in \"%s\"", s)
		}
		if strings.Trim(rest[j+1:], " \t") != "" {
			return "", "", false, fmt.Sprintf("unexpected \"%s\" after the value of \"%s\"", rest[j+1:], name)
		}
		return name, b.String(), true, ""
	}
	j := 0
	for j < len(rest) && IsTokenChar(rest[j]) {
		j++
	}
	if strings.Trim(rest[j:], " \t") != "" {
		return "", "", false, fmt.Sprintf("unexpected \"%s\" in the value of \"%s\"", rest[j:], name)
	}
	return name, rest[:j], true, ""
}

// isTokenChar is RFC 9110 tchar.

// parseDigits parses 1*DIGIT, clamping values too large for an int64.
func parseDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (maxHSTSAge-int64(c-'0'))/10 {
			n = maxHSTSAge
			continue
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// Clip keeps a quoted piece of what a server sent to a readable length,
// most bytes and an ellipsis, cut between UTF-8 sequences: a server may send
// a megabyte of it, and a finding's message is one line.
func Clip(s string, most int) string {
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut-- // not inside a UTF-8 sequence
	}
	return s[:cut] + "…"
}
