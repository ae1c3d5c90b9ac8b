package inspect

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	wurl "github.com/nlnwa/whatwg-url/url"
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

func FuzzResolveLocation(f *testing.F) {
	for _, s := range []string{"/x y", "  /lead  ", "//evil.example/p", `/\evil.example/x`, "///x", "https:foo",
		"http://[::1", "https://bücher.example/", "/x\xff", "%", "#new", "?z=2", "javascript:alert(1)", "", "//",
		"http://0x7f.1/", "../../../..", "http://user:pw@h:0/"} {
		f.Add("https://example.com/a/b/c?q=1#frag", s)
	}
	f.Fuzz(func(t *testing.T, base, raw string) {
		b, err := ParseURL(base)
		if err != nil {
			return
		}
		loc, err := ResolveLocation(b, raw)
		if err != nil {
			return
		}
		if !utf8.ValidString(loc.URL) {
			t.Fatalf("resolved URL is not valid UTF-8: %q", loc.URL)
		}
		if sc := loc.Scheme(); sc == "http" || sc == "https" {
			// Opaque paths of other schemes may hold spaces; a URL that
			// would be requested never does.
			if strings.ContainsAny(loc.URL, " \t\r\n\x00") {
				t.Fatalf("resolved URL %q has whitespace or NUL", loc.URL)
			}
			w, err := wireURL(loc.URL)
			if err != nil {
				t.Fatalf("resolved %q cannot be sent: %v", loc.URL, err)
			}
			// The request line carries the path and query exactly as the
			// WHATWG serialiser wrote them.
			want := StripFragment(loc.URL)
			want = want[strings.Index(want, "//")+2:]
			want = want[strings.IndexByte(want, '/'):]
			// A path that starts with "//" and needs Opaque goes in
			// absolute form (see setPath).
			if got := w.RequestURI(); got != want && got != sc+"://"+w.Host+want {
				t.Fatalf("request URI of %q is %q; want %q", loc.URL, got, want)
			}
			_ = Origin(loc.URL)
		}
		_ = loc.Ambiguous()
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

// slowResolve is ResolveLocation without the fast paths: the full WHATWG
// path, with hops's host step and fragment inheritance.
func slowResolve(t *testing.T, base, raw string) (string, bool) {
	t.Helper()
	href, _, err := resolveWHATWG(base, raw)
	return href, err == nil
}

var fastPathSeeds = [][2]string{
	{"https://example.com/a/b", "/c/d?e=f"},
	{"https://example.com:8443/a#frag", "/x"},
	{"http://example.com/a", "http://other.example/p?q=1"},
	{"http://example.com/a", "http://Other.example/p"},
	{"http://example.com/a", "http://other.example:80/p"},
	{"http://example.com/a", "http://127.0.0.1/p"},
	{"http://example.com/a", "http://0x7f.1/p"},
	{"http://example.com/a", "/a/../b"},
	{"http://example.com/a", "/a/%2e%2e/b"},
	{"http://example.com/a", "//host/p"},
	{"http://example.com/a", "/p q"},
	{"http://example.com/a", "http://xn--bcher-kva.example/"},
	{"http://example.com/a", "http://a..b/"},
	{"http://example.com/a", "http://example.com:65536/"},
	{"http://example.com/a", "http://example.com:08080/"},
}

func TestFastPathsAgree(t *testing.T) {
	for _, s := range fastPathSeeds {
		checkFastPath(t, s[0], s[1])
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, base, raw string) {
		checkFastPath(t, base, raw)
	})
}

// checkFastPath: whatever the fast paths accept, the full parser turns into
// the same URL.
func checkFastPath(t *testing.T, base, raw string) {
	t.Helper()
	if canonicalHTTP(raw) {
		u, err := wurl.Parse(raw)
		if err != nil || u.Href(false) != raw {
			t.Fatalf("canonicalHTTP(%q) but the parser gives %v, %v", raw, u, err)
		}
		if _, err := ParseURL(raw); err != nil {
			t.Fatalf("canonicalHTTP(%q) but ParseURL fails: %v", raw, err)
		}
	}
	if _, err := wurl.Parse(base); err != nil {
		return // Locations are always resolved against a valid URL
	}
	fast, ok := resolvePlain(base, raw)
	if !ok {
		return
	}
	slow, ok := slowResolve(t, base, raw)
	if !ok || slow != fast {
		t.Fatalf("resolvePlain(%q, %q) = %q; the parser gives %q (%v)", base, raw, fast, slow, ok)
	}
	if loc, err := ResolveLocation(base, raw); err != nil || loc.Ambiguous() {
		if g, gerr := resolveGo(base, raw); gerr != nil || !sameTarget(fast, g) {
			t.Fatalf("fast path hides an ambiguity: Go resolves %q against %q to %q (%v)", raw, base, g, gerr)
		}
	}
}
