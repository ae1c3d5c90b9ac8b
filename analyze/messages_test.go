package analyze

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// TestMessages: the full text of the findings that are common on the
// chains of a bulk check, whose messages are built without fmt, as
// literal lines "hop code: message" in Analyze's order.
func TestMessages(t *testing.T) {
	t.Parallel()
	nostore := func() http.Header { return http.Header{"Cache-Control": {"no-store"}} }
	cases := []struct {
		name string
		c    func(t *testing.T) *inspect.Chain
		want []string
	}{
		{"nginx: two relative 301s to a page", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, nil,
				redirect(t, 1, 301, "GET", "http://h0.test:33925/r/0/a", "/r/0/b", nil),
				redirect(t, 2, 301, "GET", "http://h0.test:33925/r/0/b", "/r/0/c", nil),
				page(3, 200, "GET", "http://h0.test:33925/r/0/c", nil))
		}, []string{
			"1 relative-location: Location \"/r/0/b\" is relative; it resolves to http://h0.test:33925/r/0/b (an absolute URL is easier to audit)",
			"1 permanent-cached: permanent 301 has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it",
			"2 relative-location: Location \"/r/0/c\" is relative; it resolves to http://h0.test:33925/r/0/c (an absolute URL is easier to audit)",
			"2 permanent-cached: permanent 301 has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it",
		}},
		{"http to another host's root, 308", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, nil,
				redirect(t, 1, 308, "GET", "http://a.example/old", "https://b.example/", nil),
				page(2, 200, "GET", "https://b.example/", nil))
		}, []string{
			"1 https-upgrade-not-first: the chain starts on http://a.example but its first redirect goes to https://b.example/ instead of https://a.example; upgrade to https on the same host first so HSTS can be set for it",
			"1 cross-host: moves from host a.example to b.example",
			"1 permanent-cached: permanent 308 has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it",
			"0 redirect-to-root: http://a.example/old ends on the root page https://b.example/: search engines treat pages sent to the home page as soft 404s and drop them; redirect to the closest equivalent page, or answer 404 or 410 if there is none",
		}},
		{"explicit freshness, temporary cached, then a 404", func(t *testing.T) *inspect.Chain {
			exp := at.Add(24 * time.Hour).Format(http.TimeFormat)
			return chainOf(inspect.StopFinal, nil,
				redirect(t, 1, 301, "GET", "https://a.example/1", "https://a.example/2", http.Header{"Cache-Control": {"max-age=3600"}}),
				redirect(t, 2, 302, "GET", "https://a.example/2", "https://a.example/3", http.Header{"Cache-Control": {"public, max-age=600"}}),
				redirect(t, 3, 307, "GET", "https://a.example/3", "https://a.example/4", http.Header{"Expires": {exp}, "Date": {at.Format(http.TimeFormat)}}),
				page(4, 404, "GET", "https://a.example/4", nil))
		}, []string{
			"1 permanent-cached: permanent 301 is cached by clients for 1 hour (Cache-Control: max-age=3600); a wrong target cannot be recalled before then",
			"2 cacheable-temporary: temporary 302 is cacheable for 10 minutes (Cache-Control: public, max-age=600): browsers and CDNs will keep sending visitors to the old target; send Cache-Control: no-store",
			"3 cacheable-temporary: temporary 307 is cacheable for 1 day (Expires: Mon, 23 Nov 2026 10:00:00 GMT): browsers and CDNs will keep sending visitors to the old target; send Cache-Control: no-store",
			"4 final-error: the chain ends in 404 Not Found at https://a.example/4: point the redirect at a live URL or fix the target",
			"0 long-chain: 3 redirects before the final response: Lighthouse fails a page at 2, hstspreload allows 3 and Googlebot follows 10; redirect straight to https://a.example/4",
			"0 mixed-permanence: the chain mixes permanent redirects (301 at hop 1) with temporary ones (302 at hop 2, 307 at hop 3): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good",
		}},
		{"a lone 410", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, nil, page(1, 410, "GET", "https://a.example/gone", nil))
		}, []string{
			"1 final-error: https://a.example/gone answers 410 Gone: fix the URL, or the server behind it",
		}},
		{"three redirects to a page", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, nil,
				redirect(t, 1, 308, "GET", "https://a.example/1", "https://a.example/2", nostore()),
				redirect(t, 2, 308, "GET", "https://a.example/2", "https://a.example/3", nostore()),
				redirect(t, 3, 308, "GET", "https://a.example/3", "https://a.example/4", nostore()),
				page(4, 200, "GET", "https://a.example/4", nil))
		}, []string{
			"0 long-chain: 3 redirects before the final response: Lighthouse fails a page at 2, hstspreload allows 3 and Googlebot follows 10; redirect straight to https://a.example/4",
		}},
		{"upgraded without HSTS", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, nil,
				redirect(t, 1, 301, "GET", "http://a.example/", "https://a.example/", nostore()),
				page(2, 200, "GET", "https://a.example/", nil))
		}, []string{
			"2 hsts-missing: a.example is upgraded from http but answers 200 without Strict-Transport-Security; send max-age=31536000; includeSubDomains on every https response, redirects included",
		}},
		{"permanent then temporary", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, nil,
				redirect(t, 1, 301, "GET", "https://a.example/a", "https://a.example/b", nostore()),
				redirect(t, 2, 302, "GET", "https://a.example/b", "https://a.example/c", nostore()),
				redirect(t, 3, 308, "GET", "https://a.example/c", "https://a.example/d", nostore()),
				page(4, 200, "GET", "https://a.example/d", nil))
		}, []string{
			"0 long-chain: 3 redirects before the final response: Lighthouse fails a page at 2, hstspreload allows 3 and Googlebot follows 10; redirect straight to https://a.example/d",
			"0 mixed-permanence: the chain mixes permanent redirects (301 at hop 1, 308 at hop 3) with temporary ones (302 at hop 2): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good",
		}},
		{"a failed request", func(t *testing.T) *inspect.Chain {
			h := inspect.Hop{N: 1, URL: "https://a.example/", Method: "GET", Err: errors.New("connect: connection refused")}
			return chainOf(inspect.StopFailed, nil, h)
		}, []string{
			"1 request-failed: GET https://a.example/ failed: connect: connection refused",
		}},
		{"a 302 without Location", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopNoLocation, nil, page(1, 302, "HEAD", "https://a.example/", nil))
		}, []string{
			"1 missing-location: 302 Found has no Location header, so no client can follow it; send Location with the target URL",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range Analyze(tc.c(t)) {
				got = append(got, strconv.Itoa(f.Hop)+" "+string(f.Code)+": "+f.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestMessagesNameTheClient: findings that name the walking client agree
// with it: one client in the singular, browsers in the plural.
func TestMessagesNameTheClient(t *testing.T) {
	t.Parallel()
	elevenTo := func(t *testing.T, last inspect.Hop) []inspect.Hop {
		var hops []inspect.Hop
		for i := 1; i <= 11; i++ {
			hops = append(hops, redirect(t, i, 301, "GET", "https://a.example/"+strconv.Itoa(i), "https://a.example/"+strconv.Itoa(i+1), nil))
		}
		if last.N != 0 {
			hops = append(hops, last)
		}
		return hops
	}
	cases := []struct {
		name string
		c    func(t *testing.T) *inspect.Chain
		want []string
		only inspect.Code
	}{
		// curl -X PUT -d through a 302: curl keeps the method and sends
		// no body; one client is "it", in the singular.
		{"curl: a PUT through a 302 loses its body", func(t *testing.T) *inspect.Chain {
			put := redirect(t, 1, 302, "PUT", "http://a.example/p", "http://a.example/q", nil)
			put.BodyBytes = 14
			c := chainOf(inspect.StopFinal, client.Curl, put, page(2, 200, "PUT", "http://a.example/q", nil))
			c.Hops[0].NextMethod, c.Hops[0].BodyDropped = "PUT", true
			return c
		}, []string{
			"1 method-at-risk: 302 keeps this PUT here, but curl -L sends it without its body; Go's net/http, Python requests and HTTPie turn it into GET; Python urllib refuses to follow it; use 307 so that every client keeps the method and body",
		}, inspect.CodeMethodAtRisk},
		{"Googlebot: an 11th redirect", func(t *testing.T) *inspect.Chain {
			c := chainOf(inspect.StopMaxRedirects, client.Googlebot, elevenTo(t, inspect.Hop{})...)
			c.MaxRedirects = 10
			return c
		}, []string{
			"11 too-many-hops: another redirect after 10 were followed (to https://a.example/12); Googlebot stops at 10 with an error: point every URL of the chain straight at its final target",
		}, inspect.CodeTooManyHops},
		{"Googlebot: an 11th redirect past --max-redirects 20", func(t *testing.T) *inspect.Chain {
			return chainOf(inspect.StopFinal, client.Googlebot, elevenTo(t, page(12, 200, "GET", "https://a.example/12", nil))...)
		}, []string{
			"11 too-many-hops: Googlebot refuses this redirect with an error: it is redirect number 11 and it follows 10 at most (hops went on because of --max-redirects 20); point every URL of the chain straight at its final target",
		}, inspect.CodeTooManyHops},
		{"browsers: a 21st redirect past --max-redirects 25", func(t *testing.T) *inspect.Chain {
			var hops []inspect.Hop
			for i := 1; i <= 21; i++ {
				hops = append(hops, redirect(t, i, 301, "GET", "https://a.example/"+strconv.Itoa(i), "https://a.example/"+strconv.Itoa(i+1), nil))
			}
			c := chainOf(inspect.StopFinal, nil, append(hops, page(22, 200, "GET", "https://a.example/22", nil))...)
			c.MaxRedirects = 25
			return c
		}, []string{
			"21 too-many-hops: browsers refuse this redirect with an error: it is redirect number 21 and they follow 20 at most (hops went on because of --max-redirects 25); point every URL of the chain straight at its final target",
		}, inspect.CodeTooManyHops},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range Analyze(tc.c(t)) {
				if f.Code == tc.only {
					got = append(got, strconv.Itoa(f.Hop)+" "+string(f.Code)+": "+f.Message)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestOneMetaRefreshCounts: of a page's meta refreshes, one finding names
// the one that counts: the one browsers act on (the 0 s one, not the
// later 5 s one), Googlebot's first; the Refresh header keeps its own.
func TestOneMetaRefreshCounts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p    *client.Profile
		want []string
	}{
		{nil, []string{
			`1 refresh-header: Refresh header "9; url=/h" sends browsers to https://a.example/h after 9s; use an HTTP 301/308 instead`,
			`1 meta-refresh: meta refresh "0;url=/a" sends browsers to https://a.example/a after 0s; crawlers may ignore it, use an HTTP 301/308 instead`,
		}},
		{client.Googlebot, []string{
			`1 refresh-header: Refresh header "9; url=/h" sends browsers to https://a.example/h after 9s; use an HTTP 301/308 instead`,
			`1 meta-refresh: meta refresh "3;url=/first" sends browsers to https://a.example/first after 3s; Googlebot reads a delayed refresh as a temporary redirect: use an HTTP 301/308 if the move is for good`,
		}},
	} {
		h := page(1, 200, "GET", "https://a.example/p", http.Header{"Content-Type": {"text/html"}})
		h.Refresh = []inspect.Refresh{
			{Via: inspect.ViaRefreshHeader, Raw: "9; url=/h", Delay: 9, URL: "https://a.example/h"},
			{Via: inspect.ViaMetaRefresh, Raw: "3;url=/first", Delay: 3, URL: "https://a.example/first"},
			{Via: inspect.ViaMetaRefresh, Raw: "0;url=/a", Delay: 0, URL: "https://a.example/a"},
			{Via: inspect.ViaMetaRefresh, Raw: "5;url=/b", Delay: 5, URL: "https://a.example/b"},
		}
		var got []string
		for _, f := range Analyze(chainOf(inspect.StopFinal, tc.p, h)) {
			if f.Code == inspect.CodeMetaRefresh || f.Code == inspect.CodeRefreshHeader {
				got = append(got, strconv.Itoa(f.Hop)+" "+string(f.Code)+": "+f.Message)
			}
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%v:\n%s\nwant:\n%s", tc.p, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}
