package header

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCacheOfShapes: the cases where CacheOf's allocation-free reading of
// Cache-Control could part from a plain parse into a map, with what
// RFC 9111 and strings.ToLower make of them.
func TestCacheOfShapes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	type want struct {
		cacheable, explicit, heuristic, noStore, noCache, private, shared bool
		fresh, age                                                        int64 // -1: nil
		cacheControl                                                      string
	}
	cases := []struct {
		name   string
		status int
		h      http.Header
		want   want
	}{
		{"upper-case name", 302, http.Header{"Cache-Control": {"MAX-AGE=60"}},
			want{cacheable: true, explicit: true, fresh: 60, age: -1, cacheControl: "MAX-AGE=60"}},
		{"quoted value", 302, http.Header{"Cache-Control": {`Max-Age="120"`}},
			want{cacheable: true, explicit: true, fresh: 120, age: -1, cacheControl: `Max-Age="120"`}},
		{"first of two in one field", 302, http.Header{"Cache-Control": {"max-age=10, MAX-AGE=20"}},
			want{cacheable: true, explicit: true, fresh: 10, age: -1, cacheControl: "max-age=10, MAX-AGE=20"}},
		// strings.ToLower maps U+0130 to "i": the name is private.
		{"non-ASCII name lowered", 301, http.Header{"Cache-Control": {"pr\u0130vate"}},
			want{cacheable: true, heuristic: true, private: true, fresh: -1, age: -1, cacheControl: "pr\u0130vate"}},
		// U+017F is lower case already: not no-store.
		{"long s is no s", 301, http.Header{"Cache-Control": {"no-\u017Ftore"}},
			want{cacheable: true, heuristic: true, fresh: -1, age: -1, cacheControl: "no-\u017Ftore"}},
		{"no-break space trimmed", 301, http.Header{"Cache-Control": {"\u00a0no-store\u00a0"}},
			want{noStore: true, fresh: -1, age: -1, cacheControl: "\u00a0no-store\u00a0"}},
		{"no-store with a value", 301, http.Header{"Cache-Control": {`no-store="x"`}},
			want{noStore: true, fresh: -1, age: -1, cacheControl: `no-store="x"`}},
		{"escaped quote", 302, http.Header{"Cache-Control": {`private="a\",max-age=1", max-age=7`}},
			want{cacheable: true, explicit: true, private: true, fresh: 7, age: -1, cacheControl: `private="a\",max-age=1", max-age=7`}},
		// Read joined, the quote of the first field ends in the second.
		{"quote across two fields", 302, http.Header{"Cache-Control": {`private="a,`, `b", max-age=5`}},
			want{cacheable: true, explicit: true, private: true, fresh: 5, age: -1, cacheControl: `private="a,, b", max-age=5`}},
		{"unterminated quote hides the rest", 302, http.Header{"Cache-Control": {`private="a, max-age=5`}},
			want{private: true, fresh: -1, age: -1, cacheControl: `private="a, max-age=5`}},
		{"s-maxage overflow", 307, http.Header{"Cache-Control": {"s-maxage=99999999999999999999"}},
			want{cacheable: true, explicit: true, shared: true, fresh: 2147483647, age: -1, cacheControl: "s-maxage=99999999999999999999"}},
		{"empty Expires", 301, http.Header{"Expires": {""}},
			want{explicit: true, fresh: 0, age: -1}},
		{"Age list", 301, http.Header{"Age": {" 42 , 7"}},
			want{cacheable: true, heuristic: true, fresh: -1, age: 42}},
		{"negative Age", 301, http.Header{"Age": {"-3"}},
			want{cacheable: true, heuristic: true, fresh: -1, age: -1}},
		{"200 without Last-Modified", 200, http.Header{"Date": {"Sun, 22 Nov 2026 12:00:00 GMT"}},
			want{cacheable: true, heuristic: true, fresh: -1, age: -1}},
		{"200 with a bad Last-Modified", 200, http.Header{"Last-Modified": {"yesterday"}},
			want{cacheable: true, heuristic: true, fresh: -1, age: -1}},
		{"200 with Last-Modified, no Date", 200, http.Header{"Last-Modified": {"Sun, 22 Nov 2026 02:00:00 GMT"}},
			want{cacheable: true, heuristic: true, fresh: 3600, age: -1}},
		{"empty field", 302, http.Header{"Cache-Control": {""}},
			want{fresh: -1, age: -1, cacheControl: ""}},
	}
	for _, tc := range cases {
		c := CacheOf(tc.status, tc.h, now)
		got := want{c.Cacheable, c.Explicit, c.Heuristic, c.NoStore, c.NoCache, c.Private, c.SharedOnly, -1, -1, ""}
		if c.Freshness != nil {
			got.fresh = *c.Freshness
		}
		if c.Age != nil {
			got.age = *c.Age
		}
		if c.CacheControl != nil {
			got.cacheControl = *c.CacheControl
		}
		if got != tc.want {
			t.Errorf("%s: %+v\nwant %+v", tc.name, got, tc.want)
		}
		if (c.CacheControl != nil) != (tc.h["Cache-Control"] != nil) || (c.Expires != nil) != (tc.h["Expires"] != nil) {
			t.Errorf("%s: Cache-Control %v, Expires %v; want them exactly when sent", tc.name, c.CacheControl, c.Expires)
		}
	}
}

// FuzzCacheOfReference: CacheOf and ParseCacheControl give what they gave
// when Cache-Control was parsed into a map and every date was parsed
// (referenceCacheOf, the code before).
func FuzzCacheOfReference(f *testing.F) {
	f.Add(301, "max-age=60, public", "", "Sun, 22 Nov 2026 12:00:00 GMT", "5", "", "")
	f.Add(302, `private="a,`, `b", max-age=5`, "0", "x", "", "")
	f.Add(200, "NO-CACHE", "", "", "", "Sun, 22 Nov 2026 02:00:00 GMT", "Sun, 22 Nov 2026 12:00:00 GMT")
	f.Add(307, "s-maxage=99999999999999999999", "S-MaxAge=3", "", "-1", "", "")
	f.Add(200, "pr\u0130vate, max-age=\"7\"", "", "", "1,2", "bad", "")
	f.Fuzz(func(t *testing.T, status int, cc1, cc2, expires, age, lm, date string) {
		h := http.Header{}
		for k, v := range map[string]string{"Cache-Control": cc1, "Expires": expires, "Age": age, "Last-Modified": lm, "Date": date} {
			if v != "" {
				h[k] = []string{v}
			}
		}
		if cc2 != "" {
			h["Cache-Control"] = append(h["Cache-Control"], cc2)
		}
		at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
		if got, want := CacheOf(status, h, at), referenceCacheOf(status, h, at); !reflect.DeepEqual(got, want) {
			t.Fatalf("CacheOf(%d, %v) = %s\nreference %s", status, h, showCache(got), showCache(want))
		}
		if got, want := ParseCacheControl(cc1), referenceParseCacheControl(cc1); !reflect.DeepEqual(got, want) {
			t.Fatalf("ParseCacheControl(%q) = %v; reference %v", cc1, got, want)
		}
	})
}

// showCache prints a Cache with what its pointers point at.
func showCache(c Cache) string {
	p := func(v *int64) string {
		if v == nil {
			return "nil"
		}
		return strconv.FormatInt(*v, 10)
	}
	s := func(v *string) string {
		if v == nil {
			return "nil"
		}
		return strconv.Quote(*v)
	}
	return fmt.Sprintf("%+v (freshness %s, age %s, cache-control %s, expires %s)", c, p(c.Freshness), p(c.Age), s(c.CacheControl), s(c.Expires))
}

// referenceParseCacheControl is ParseCacheControl as it was: split first,
// every name lowered.
func referenceParseCacheControl(v string) CacheControl {
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

// referenceCacheOf is CacheOf as it was before it stopped allocating.
func referenceCacheOf(status int, h http.Header, received time.Time) Cache {
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
	cc := referenceParseCacheControl(strings.Join(h.Values("Cache-Control"), ","))
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
