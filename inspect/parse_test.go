package inspect

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Invalid Strict-Transport-Security values from the browsers' own test
// suites (reference §5.1): all must be rejected.
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

func TestHSTSHonored(t *testing.T) {
	hdr := http.Header{"Strict-Transport-Security": {"max-age=600"}}
	cases := []struct {
		url     string
		tls     *TLSInfo
		honored bool
	}{
		{"https://example.com/", &TLSInfo{Verified: true}, true},
		{"http://example.com/", nil, false},
		{"https://127.0.0.1/", &TLSInfo{Verified: true}, false},
		{"https://[::1]/", &TLSInfo{Verified: true}, false},
		{"https://example.com/", &TLSInfo{Verified: false}, false},
	}
	for _, tc := range cases {
		h := Hop{URL: tc.url, Status: 200, Header: hdr, TLS: tc.tls}
		if got := HSTSOf(&h); got == nil || got.Honored != tc.honored {
			t.Errorf("HSTSOf(%s, verified %v) = %+v; want honored %v", tc.url, tc.tls != nil && tc.tls.Verified, got, tc.honored)
		}
	}
	two := Hop{URL: "https://example.com/", Status: 200, TLS: &TLSInfo{Verified: true},
		Header: http.Header{"Strict-Transport-Security": {"max-age=600", "max-age=0"}}}
	if got := HSTSOf(&two); *got.MaxAge != 600 || !strings.Contains(got.Problem, "only the first") {
		t.Errorf("two headers: %+v; want the first one used and a note", got)
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

// Worked examples of the HTML declarative refresh steps (reference §7.1).
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

func TestFindRefresh(t *testing.T) {
	page := "https://example.com/dir/page"
	body := `<html><head>
<noscript><META http-equiv="REFRESH" content="0; URL='../moved'"></noscript>
<meta http-equiv="refresh" content="9;url=/first-outside-noscript">
<meta http-equiv="refresh" content="0;url=/second-is-ignored">
<script>if (x) { window.location.replace('/from-script'); } location.reload();</script>
</head></html>`
	h := http.Header{"Refresh": {"3; url=/from-header"}}
	rs := FindRefresh(page, h, []byte(body))
	if len(rs) != 3 {
		t.Fatalf("FindRefresh found %d: %+v; want header, first meta and script", len(rs), rs)
	}
	if rs[0].Via != ViaRefreshHeader || rs[0].URL != "https://example.com/from-header" || rs[0].Delay != 3 {
		t.Errorf("header refresh %+v", rs[0])
	}
	// With scripting on (as browsers run), <noscript> holds text, not a meta.
	if rs[1].Via != ViaMetaRefresh || rs[1].URL != "https://example.com/first-outside-noscript" || rs[1].Delay != 9 {
		t.Errorf("meta refresh %+v", rs[1])
	}
	if rs[2].Via != ViaScript || rs[2].URL != "https://example.com/from-script" {
		t.Errorf("script redirect %+v", rs[2])
	}
	if r := FindRefresh(page, http.Header{}, []byte(`<meta http-equiv=refresh content="0;url=javascript:alert(1)">`)); len(r) != 1 || r[0].URL != "" {
		t.Errorf("javascript: refresh = %+v; want one entry with no usable URL", r)
	}
	if r := FindRefresh(page, http.Header{}, []byte(`<p>location = "/not-a-script"</p>`)); len(r) != 0 {
		t.Errorf("text outside scripts was read as a redirect: %+v", r)
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
		rs := FindRefresh("https://example.com/p", http.Header{"Refresh": {in}},
			[]byte(`<meta http-equiv="refresh" content="`+in+`"><script>location="`+in+`"</script>`))
		for _, r := range rs {
			if r.URL != "" && !strings.HasPrefix(r.URL, "http") {
				t.Fatalf("refresh target %q is not http(s)", r.URL)
			}
		}
	})
}

func FuzzParseResolve(f *testing.F) {
	for _, s := range []string{"example.com:443:127.0.0.1", "[::1]:8443:::1", "*:80:127.0.0.1,[::1]", "x", "a:b:c", "h:0:1.2.3.4", "[::1:1:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseResolve(s)
		if err != nil {
			return
		}
		if r.Host == "" || r.Port == "" || len(r.Addrs) == 0 {
			t.Fatalf("ParseResolve(%q) = %+v: accepted with a part missing", s, r)
		}
		for _, a := range r.Addrs {
			if net.ParseIP(a) == nil {
				t.Fatalf("ParseResolve(%q) accepted the address %q", s, a)
			}
		}
	})
}
