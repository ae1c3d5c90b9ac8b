package header

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

var invalidHSTS = []string{
	"", "max-age", "max-age ", "max-age=p", "max-age=.20032", "max-age==20032", "maxage=100",
	"includesubdomains", ";", `max-age="100`, "max-age=100, max-age=200; includeSubDomains",
	"max-age=100 includesubdomains", "max-age=100randomstuffhere", "max-age=100; max-age=200",
	"max-age=200; includeSubDomains; includeSubDomains", "max-age=100; includeSubDomains=unexpected",
	"includesubdomains=", "max-age=-1", "max-age=1 2",
}

func TestParseHSTS(t *testing.T) {
	for _, v := range invalidHSTS {
		if h := ParseHSTS(v); h.Valid || h.Problem == "" {
			t.Errorf("ParseHSTS(%q) = valid %v, problem %q; want invalid with a reason", v, h.Valid, h.Problem)
		}
	}
	valid := []struct {
		in      string
		maxAge  int64
		subs    bool
		preload bool
	}{
		{"max-age=31536000", 31536000, false, false},
		{"Max-Age=5; IncludeSubDomains", 5, true, false},
		{`max-age="31536000"; includeSubDomains; preload`, 31536000, true, true},
		{" max-age = 10 ;includesubdomains;", 10, true, false},
		{"max-age=0", 0, false, false},
		{"max-age=10; unknown=thing; other", 10, false, false},
		{`max-age=10; note="a;b"`, 10, false, false},
		{"max-age=99999999999999999999999", maxHSTSAge, false, false},
	}
	for _, tc := range valid {
		h := ParseHSTS(tc.in)
		if !h.Valid || h.MaxAge == nil || *h.MaxAge != tc.maxAge || h.IncludeSubdomains != tc.subs || h.Preload != tc.preload {
			t.Errorf("ParseHSTS(%q) = %+v; want max-age %d, includeSubDomains %v, preload %v", tc.in, h, tc.maxAge, tc.subs, tc.preload)
		}
	}
	if h := ParseHSTS("max-age=0"); !strings.Contains(h.Problem, "removes") {
		t.Errorf("max-age=0 problem %q; want a note that it removes the policy", h.Problem)
	}
}

func TestCacheOf(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	date := now.Format(http.TimeFormat)
	cases := []struct {
		name      string
		status    int
		h         http.Header
		cacheable bool
		fresh     int64 // -1: nil
		heuristic bool
	}{
		{"301 bare", 301, http.Header{}, true, -1, true},
		{"308 bare", 308, http.Header{}, true, -1, true},
		{"302 bare", 302, http.Header{}, false, -1, false},
		{"302 max-age", 302, http.Header{"Cache-Control": {"max-age=600"}}, true, 600, false},
		{"307 s-maxage", 307, http.Header{"Cache-Control": {"s-maxage=60"}}, true, 60, false},
		{"max-age wins over Expires", 302, http.Header{"Cache-Control": {"max-age=5"}, "Expires": {now.Add(time.Hour).Format(http.TimeFormat)}, "Date": {date}}, true, 5, false},
		{"Expires minus Date", 302, http.Header{"Expires": {now.Add(time.Hour).Format(http.TimeFormat)}, "Date": {date}}, true, 3600, false},
		{"invalid Expires is stale", 301, http.Header{"Expires": {"0"}}, false, 0, false},
		{"no-store", 301, http.Header{"Cache-Control": {"no-store, max-age=100"}}, false, -1, false},
		{"no-cache", 301, http.Header{"Cache-Control": {"no-cache"}}, false, 0, false},
		{"public 302", 302, http.Header{"Cache-Control": {"public"}}, true, -1, true},
		{"max-age=0", 301, http.Header{"Cache-Control": {"max-age=0"}}, false, 0, false},
		{"bad max-age is stale", 301, http.Header{"Cache-Control": {"max-age=soon"}}, false, 0, false},
		{"200 with Last-Modified", 200, http.Header{"Last-Modified": {now.Add(-100 * time.Hour).Format(http.TimeFormat)}, "Date": {date}}, true, 36000, true},
		{"first of repeated directives", 302, http.Header{"Cache-Control": {"max-age=10", "max-age=20"}}, true, 10, false},
		{"quoted comma", 302, http.Header{"Cache-Control": {`private="a,b", max-age=30`}}, true, 30, false},
	}
	for _, tc := range cases {
		c := CacheOf(tc.status, tc.h, now)
		var fresh int64 = -1
		if c.Freshness != nil {
			fresh = *c.Freshness
		}
		if c.Cacheable != tc.cacheable || fresh != tc.fresh || c.Heuristic != tc.heuristic {
			t.Errorf("%s: cacheable %v, freshness %d, heuristic %v; want %v, %d, %v", tc.name, c.Cacheable, fresh, c.Heuristic, tc.cacheable, tc.fresh, tc.heuristic)
		}
	}
	c := CacheOf(301, http.Header{"Age": {"42, 7"}, "Cache-Control": {"max-age=60"}}, now)
	if c.Age == nil || *c.Age != 42 || c.CacheControl == nil || *c.CacheControl != "max-age=60" {
		t.Errorf("Age/raw fields: %+v", c)
	}
}

var refreshCases = []struct {
	in     string
	delay  int
	target string
	ok     bool
}{
	{"5", 5, "", true},
	{"0;url=/next", 0, "/next", true},
	{"0; URL = /next", 0, "/next", true},
	{"0,url=/next", 0, "/next", true},
	{"0 url=/next", 0, "/next", true},
	{"0;/next", 0, "/next", true},
	{"0; '/next'", 0, "/next", true},
	{"0; url='/a b' trailing junk", 0, "/a b", true},
	{`0;url="/x`, 0, "/x", true},
	{".5;url=/x", 0, "/x", true},
	{"1.9; url=/x", 1, "/x", true},
	{"-1;url=/x", 0, "", false},
	{"abc", 0, "", false},
	{"5x;url=/x", 0, "", false},
	{"0;urlx=/x", 0, "urlx=/x", true},
	{"  3  ", 3, "", true},
	{"", 0, "", false},
}

func TestParseRefresh(t *testing.T) {
	for _, tc := range refreshCases {
		d, target, ok := ParseRefresh(tc.in)
		if ok != tc.ok || (ok && (d != tc.delay || target != tc.target)) {
			t.Errorf("ParseRefresh(%q) = %d, %q, %v; want %d, %q, %v", tc.in, d, target, ok, tc.delay, tc.target, tc.ok)
		}
	}
}

func FuzzParseHSTS(f *testing.F) {
	for _, v := range invalidHSTS {
		f.Add(v)
	}
	f.Add(`max-age="31536000"; includeSubDomains; preload`)
	f.Fuzz(func(t *testing.T, v string) {
		h := ParseHSTS(v)
		if h.Valid && h.MaxAge == nil {
			t.Fatalf("valid without max-age: %q", v)
		}
		if !h.Valid && h.Problem == "" {
			t.Fatalf("invalid without a reason: %q", v)
		}
		if h.MaxAge != nil && *h.MaxAge < 0 {
			t.Fatalf("negative max-age from %q", v)
		}
	})
}

func FuzzCacheOf(f *testing.F) {
	f.Add(301, "max-age=60, public", "Sun, 22 Nov 2026 12:00:00 GMT", "5")
	f.Add(302, `private="a,b", max-age=30`, "0", "x")
	f.Add(200, "no-cache", "", "")
	f.Add(307, "s-maxage=99999999999999999999", "", "-1")
	f.Fuzz(func(t *testing.T, status int, cc, expires, age string) {
		h := http.Header{"Cache-Control": {cc}, "Expires": {expires}, "Age": {age}}
		c := CacheOf(status, h, time.Unix(1_800_000_000, 0))
		if c.Freshness != nil && *c.Freshness < 0 {
			t.Fatalf("negative freshness %d", *c.Freshness)
		}
		if c.NoStore && c.Cacheable {
			t.Fatal("no-store yet cacheable")
		}
	})
}

func FuzzParseRefresh(f *testing.F) {
	for _, tc := range refreshCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, target, ok := ParseRefresh(in)
		if !ok && (d != 0 || target != "") {
			t.Fatalf("no refresh but delay %d target %q", d, target)
		}
		if d < 0 {
			t.Fatalf("negative delay from %q", in)
		}
	})
}
