package client

import (
	"strings"
	"unicode/utf8"
)

// Escape is how an RFC 3986 client percent-encodes a Location itself
// before it resolves it. What the server then receives is that, not what
// net/url would write: net/url escapes a path its own way and sends a query
// as it is, spaces and raw UTF-8 included (Go's client does exactly that,
// and has no Escape). Bytes above 0x7F and the space are encoded by every
// client that escapes; the rest is per client. Only the part after the
// authority is touched: a host is the URL parser's business.
type Escape struct {
	// Strip are the characters the client removes from the Location first
	// (Python's urlsplit removes tab, CR and LF anywhere in a URL).
	Strip string
	// Chars are the ASCII characters the client encodes besides those.
	Chars string
	// Controls: C0 controls and DEL are encoded too.
	Controls bool
	// Lower: the hex digits it writes are lower case (curl: %c3%a9).
	Lower bool
	// QueryPlus: a space in the query becomes "+", not "%20" (curl).
	QueryPlus bool
	// Percent is what happens to a "%" that does not start an escape.
	Percent PercentRule
	// DecodeUnreserved: an escape of an unreserved character is decoded
	// ("%41" is sent as "A"), when no "%" is malformed (requests).
	DecodeUnreserved bool
	// UpperEscapes: escapes already in the Location are written with
	// upper-case digits ("%c3" as "%C3", urllib3).
	UpperEscapes bool
}

// PercentRule is what a client does with a "%" not followed by two hex
// digits.
type PercentRule string

const (
	// KeepPercent sends it as it is.
	KeepPercent PercentRule = ""
	// EscapeBadPercent encodes that "%" alone as "%25" (wget).
	EscapeBadPercent PercentRule = "escape the malformed %"
	// EscapeEveryPercent encodes every "%" of the Location as "%25",
	// escapes included, once one is malformed (requests' requote_uri).
	EscapeEveryPercent PercentRule = "escape every %"
)

// Apply returns raw as the client sends it on to its URL parser.
func (e *Escape) Apply(raw string) string {
	if e.Strip != "" && strings.ContainsAny(raw, e.Strip) {
		raw = strings.Map(func(r rune) rune {
			if strings.ContainsRune(e.Strip, r) {
				return -1
			}
			return r
		}, raw)
	}
	start := authorityEnd(raw)
	rest := raw[start:]
	if e.DecodeUnreserved {
		rest = requote(rest)
	}
	allValid := !MalformedPercent(rest)
	digits := "0123456789ABCDEF"
	if e.Lower {
		digits = "0123456789abcdef"
	}
	var b strings.Builder
	b.Grow(len(raw) + 16)
	b.WriteString(raw[:start])
	enc := func(c byte) { b.WriteByte('%'); b.WriteByte(digits[c>>4]); b.WriteByte(digits[c&15]) }
	query := false
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c == '%':
			switch {
			case !allValid && e.Percent == EscapeEveryPercent, !EscapeAt(rest, i) && e.Percent == EscapeBadPercent:
				b.WriteString("%25")
			case !EscapeAt(rest, i):
				b.WriteByte('%')
			case e.UpperEscapes:
				b.WriteByte('%')
				b.WriteByte(upper(rest[i+1]))
				b.WriteByte(upper(rest[i+2]))
				i += 2
			default:
				b.WriteString(rest[i : i+3])
				i += 2
			}
		case c == ' ' && query && e.QueryPlus:
			b.WriteByte('+')
		case c == ' ', c >= 0x80, e.Controls && (c < 0x20 || c == 0x7f), strings.IndexByte(e.Chars, c) >= 0:
			enc(c)
		default:
			if c == '?' {
				query = true
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// requote is the first step of requests' requote_uri: a "%" and two
// letters or digits that are not hex make it escape every "%"; otherwise
// each escape of an unreserved character is decoded, and any other "%"
// left as it is (the next step, urllib3's, then escapes every "%" if one
// starts no escape).
func requote(s string) string {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && alnum(s[i+1]) && alnum(s[i+2]) && !EscapeAt(s, i) {
			return strings.ReplaceAll(s, "%", "%25")
		}
	}
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if EscapeAt(s, i) {
			if c := unhex(s[i+1])<<4 | unhex(s[i+2]); unreserved(c) {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Describe says what Apply does, for hops explain.
func (e *Escape) Describe() string {
	strip := ""
	if e.Strip != "" {
		strip = "removes tabs and line breaks, then "
	}
	what := []string{"bytes above 0x7F"}
	if e.Controls {
		what = append(what, "control characters")
	}
	if e.Chars != "" {
		what = append(what, strings.Join(strings.Split(e.Chars, ""), " "))
	}
	hex := "upper-case"
	if e.Lower {
		hex = "lower-case"
	}
	s := strip + "percent-encodes " + strings.Join(what, ", ") + " (" + hex + " hex) and a space as %20"
	if e.QueryPlus {
		s += " in the path and + in the query"
	}
	switch e.Percent {
	case EscapeBadPercent:
		s += "; a % that starts no escape as %25"
	case EscapeEveryPercent:
		s += "; every % as %25 once one starts no escape"
	}
	if e.DecodeUnreserved {
		s += "; decodes escaped letters, digits and -._~"
	}
	if e.UpperEscapes {
		s += "; writes escapes in upper case"
	}
	return s
}

// Latin1 reads the bytes of a header value as Latin-1 characters, as Node's
// http module does: each byte above 0x7F is a character of its own, which a
// URL parser then encodes as two bytes of UTF-8 ("é" sent raw, C3 A9,
// arrives as %C3%83%C2%A9).
func Latin1(raw string) string {
	n := 0
	for i := 0; i < len(raw); i++ {
		if raw[i] >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return raw
	}
	b := make([]byte, 0, len(raw)+n)
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c >= 0x80 {
			b = append(b, 0xC0|c>>6, 0x80|c&0x3F)
			continue
		}
		b = append(b, raw[i])
	}
	return string(b)
}

// LossyUTF8 reads the bytes of a header value as UTF-8, as undici's
// decoder does: a byte that starts no valid sequence becomes U+FFFD.
func LossyUTF8(raw string) string {
	if utf8.ValidString(raw) {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRuneInString(raw[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(raw[i : i+size])
		}
		i += size
	}
	return b.String()
}

// authorityEnd is where the path of a Location starts: after
// "scheme://authority" or "//authority", else 0.
func authorityEnd(raw string) int {
	i := 0
	if j := strings.Index(raw, "://"); j > 0 && IsScheme(raw[:j]) {
		i = j + 1
	}
	if !strings.HasPrefix(raw[i:], "//") {
		return 0
	}
	if k := strings.IndexAny(raw[i+2:], "/?#"); k >= 0 {
		return i + 2 + k
	}
	return len(raw)
}

// IsScheme reports whether s is an RFC 3986 scheme.
func IsScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// MalformedPercent reports whether s holds a "%" that starts no escape.
func MalformedPercent(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !EscapeAt(s, i) {
			return true
		}
	}
	return false
}

// EscapeAt reports whether s[i:] starts with an escape: "%" and two hex
// digits.
func EscapeAt(s string, i int) bool {
	return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
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

func upper(c byte) byte {
	if c >= 'a' && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// unreserved is RFC 3986's unreserved set.
func unreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
