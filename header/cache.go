package header

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Cache is how caches may reuse a response (RFC 9111), from a browser's
// point of view with shared caches in mind.
type Cache struct {
	// Cacheable is true when a cache may reuse the response without
	// asking the server again.
	Cacheable bool
	// Freshness is the explicit or heuristic freshness lifetime in seconds;
	// nil when there is none, or when it is unbounded (Chromium keeps a
	// 300/301/308/410 without explicit freshness forever).
	Freshness *int64
	// Heuristic is true when no explicit freshness was given and caches
	// may pick a lifetime themselves (RFC 9111 §4.2.2).
	Heuristic    bool
	CacheControl *string
	Expires      *string
	Age          *int64
	// Explicit is true when max-age, s-maxage or Expires set the lifetime.
	Explicit bool
	// NoStore, NoCache and Private echo the directives that limit storage
	// and reuse; SharedOnly is true when only s-maxage gives the lifetime
	// (browsers do not use it).
	NoStore    bool
	NoCache    bool
	Private    bool
	SharedOnly bool
}

// heuristicallyCacheable is RFC 9110 §15.1's list of status codes that
// caches may store without explicit freshness.
func heuristicallyCacheable(status int) bool {
	switch status {
	case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501:
		return true
	}
	return false
}

// forever is true for the statuses Chromium treats as fresh forever when
// they come without explicit freshness.
func forever(status int) bool {
	switch status {
	case 300, 301, 308, 410:
		return true
	}
	return false
}

// CacheControl holds parsed Cache-Control directives (names lower case).
// A directive with no value maps to "".
type CacheControl map[string]string

// ParseCacheControl parses a Cache-Control field value (RFC 9111 §5.2):
// comma-separated directives, each a token with an optional token or
// quoted-string value. When a directive repeats, the first one counts.
func ParseCacheControl(v string) CacheControl {
	cc := CacheControl{}
	for rest, more := v, true; more; {
		var name, value string
		name, value, rest, more = nextDirective(rest)
		if name == "" {
			continue
		}
		name = strings.ToLower(name)
		if _, dup := cc[name]; !dup {
			cc[name] = value
		}
	}
	return cc
}

// nextDirective reads the first directive of a Cache-Control value: its
// name trimmed, as sent, and its value trimmed and unquoted; rest is what
// follows its comma, more false when no comma followed. It allocates
// nothing, unlike a map of every directive.
func nextDirective(v string) (name, value, rest string, more bool) {
	part, rest, more := cutOutsideQuotes(v, ',')
	name, value, _ = strings.Cut(part, "=")
	name = strings.TrimSpace(name)
	value = strings.TrimSpace(value)
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	return name, value, rest, more
}

// cutOutsideQuotes cuts s at the first sep outside a quoted string;
// splitOutsideQuotes in steps. Each step starts outside a quote, as a
// separator found is.
func cutOutsideQuotes(s string, sep byte) (before, after string, found bool) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case c == sep && !inQuote:
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// lowerIs reports whether strings.ToLower(name) == want, for a lower-case
// ASCII want, allocating only for a name that is not ASCII.
func lowerIs(name, want string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return strings.ToLower(name) == want
		}
	}
	if len(name) != len(want) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != want[i] {
			return false
		}
	}
	return true
}

// cacheDirectives is what CacheOf reads of Cache-Control: the directives
// it asks about, present or not, and the first value of the two lifetimes.
type cacheDirectives struct {
	noStore, noCache, private, public bool
	hasMaxAge, hasSMaxage             bool
	maxAge, sMaxage                   string
}

func readCacheDirectives(v string) cacheDirectives {
	var d cacheDirectives
	for rest, more := v, true; more; {
		var name, value string
		name, value, rest, more = nextDirective(rest)
		switch {
		case name == "":
		case lowerIs(name, "no-store"):
			d.noStore = true
		case lowerIs(name, "no-cache"):
			d.noCache = true
		case lowerIs(name, "private"):
			d.private = true
		case lowerIs(name, "public"):
			d.public = true
		case lowerIs(name, "max-age"):
			if !d.hasMaxAge {
				d.maxAge, d.hasMaxAge = value, true
			}
		case lowerIs(name, "s-maxage"):
			if !d.hasSMaxage {
				d.sMaxage, d.hasSMaxage = value, true
			}
		}
	}
	return d
}

// seconds reads a delta-seconds directive; ok is false when it is absent.
// An invalid value counts as 0 (RFC 9111 §4.2.1: treat as stale).
func (cc CacheControl) seconds(name string) (n int64, present bool) {
	v, ok := cc[name]
	if !ok {
		return 0, false
	}
	return deltaSeconds(v), true
}

func deltaSeconds(v string) int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		if err != nil && isAllDigits(v) {
			return 1<<31 - 1 // overflow: RFC 9111 §1.2.2 says use 2^31-1
		}
		return 0
	}
	return n
}

func isAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CacheOf works out the caching of a response with the given status and
// headers, received at the given time (used when Date is absent). A
// response without Cache-Control, Expires, Age and Last-Modified costs no
// allocation: CacheOf runs for every hop of a bulk check.
func CacheOf(status int, h http.Header, received time.Time) Cache {
	var c Cache
	ccs := h.Values("Cache-Control")
	if len(ccs) > 0 {
		s := strings.Join(ccs, ", ")
		c.CacheControl = &s
	}
	if vs := h.Values("Expires"); len(vs) > 0 {
		v := vs[0]
		c.Expires = &v
	}
	if v := h.Get("Age"); v != "" {
		first, _, _ := strings.Cut(v, ",")
		if n, err := strconv.ParseInt(strings.TrimSpace(first), 10, 64); err == nil && n >= 0 {
			c.Age = &n
		}
	}
	var cc cacheDirectives
	switch len(ccs) {
	case 0:
	case 1:
		cc = readCacheDirectives(ccs[0])
	default:
		// Joined before they are read: a quote may span two fields.
		cc = readCacheDirectives(strings.Join(ccs, ","))
	}
	if cc.noStore {
		c.NoStore = true
		return c
	}
	c.Private, c.NoCache = cc.private, cc.noCache

	var lifetime int64
	switch {
	case cc.hasMaxAge:
		lifetime, c.Explicit = deltaSeconds(cc.maxAge), true
	case cc.hasSMaxage:
		lifetime, c.Explicit, c.SharedOnly = deltaSeconds(cc.sMaxage), true, true
	case c.Expires != nil:
		c.Explicit = true
		exp, err := http.ParseTime(*c.Expires)
		date := received
		if d, derr := http.ParseTime(h.Get("Date")); derr == nil {
			date = d
		}
		if err == nil && exp.After(date) {
			lifetime = int64(exp.Sub(date) / time.Second)
		}
	}
	if c.NoCache {
		// Stored, but revalidated before every reuse.
		c.Freshness = new(int64(0))
		return c
	}
	if c.Explicit {
		c.Freshness = new(lifetime)
		c.Cacheable = lifetime > 0
		return c
	}
	if !heuristicallyCacheable(status) && !cc.public {
		return c
	}
	c.Heuristic, c.Cacheable = true, true
	if forever(status) {
		return c
	}
	// RFC 9111 §4.2.2 suggests 10% of the time since Last-Modified. Without
	// the header there is nothing to parse (http.ParseTime("") allocates
	// the errors of its three layouts).
	lmv := h.Get("Last-Modified")
	if lmv == "" {
		return c
	}
	if lm, err := http.ParseTime(lmv); err == nil {
		date := received
		if d, derr := http.ParseTime(h.Get("Date")); derr == nil {
			date = d
		}
		if date.After(lm) {
			c.Freshness = new(int64(date.Sub(lm)/time.Second) / 10)
		}
	}
	return c
}
