package header

import (
	"net/http"
	"strconv"
	"strings"
	"time"
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
	for _, part := range splitOutsideQuotes(v, ',') {
		name, value, _ := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = value[1 : len(value)-1]
		}
		if _, dup := cc[name]; !dup {
			cc[name] = value
		}
	}
	return cc
}

// seconds reads a delta-seconds directive; ok is false when it is absent.
// An invalid value counts as 0 (RFC 9111 §4.2.1: treat as stale).
func (cc CacheControl) seconds(name string) (n int64, present bool) {
	v, ok := cc[name]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		if err != nil && isAllDigits(v) {
			return 1<<31 - 1, true // overflow: RFC 9111 §1.2.2 says use 2^31-1
		}
		return 0, true
	}
	return n, true
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
// headers, received at the given time (used when Date is absent).
func CacheOf(status int, h http.Header, received time.Time) Cache {
	var c Cache
	if v := h.Values("Cache-Control"); len(v) > 0 {
		s := strings.Join(v, ", ")
		c.CacheControl = &s
	}
	if v := h.Get("Expires"); v != "" || len(h.Values("Expires")) > 0 {
		c.Expires = &v
	}
	if v := h.Get("Age"); v != "" {
		first := strings.TrimSpace(strings.Split(v, ",")[0])
		if n, err := strconv.ParseInt(first, 10, 64); err == nil && n >= 0 {
			c.Age = &n
		}
	}
	cc := ParseCacheControl(strings.Join(h.Values("Cache-Control"), ","))
	if _, ok := cc["no-store"]; ok {
		c.NoStore = true
		return c
	}
	_, c.Private = cc["private"]
	_, c.NoCache = cc["no-cache"]

	var lifetime int64
	switch ma, ok := cc.seconds("max-age"); {
	case ok:
		lifetime, c.Explicit = ma, true
	default:
		if sm, ok := cc.seconds("s-maxage"); ok {
			lifetime, c.Explicit, c.SharedOnly = sm, true, true
		} else if c.Expires != nil {
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
	}
	if c.NoCache {
		// Stored, but revalidated before every reuse.
		zero := int64(0)
		c.Freshness = &zero
		return c
	}
	if c.Explicit {
		c.Freshness = &lifetime
		c.Cacheable = lifetime > 0
		return c
	}
	_, public := cc["public"]
	if !heuristicallyCacheable(status) && !public {
		return c
	}
	c.Heuristic, c.Cacheable = true, true
	if forever(status) {
		return c
	}
	// RFC 9111 §4.2.2 suggests 10% of the time since Last-Modified.
	if lm, err := http.ParseTime(h.Get("Last-Modified")); err == nil {
		date := received
		if d, derr := http.ParseTime(h.Get("Date")); derr == nil {
			date = d
		}
		if date.After(lm) {
			f := int64(date.Sub(lm)/time.Second) / 10
			c.Freshness = &f
		}
	}
	return c
}
