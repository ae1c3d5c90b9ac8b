package analyze

import (
	"net/http"
	"slices"
	"testing"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// chainOf links hand-built hops: each redirect's next method is GET, and
// a loop leads back to the first hop.
func chainOf(stop inspect.Stop, p *client.Profile, hops ...inspect.Hop) *inspect.Chain {
	for i := range hops {
		if i+1 < len(hops) {
			hops[i].NextMethod = "GET"
		}
	}
	c := &inspect.Chain{Stop: stop, Hops: hops, MaxRedirects: 20, Profile: p,
		Request: inspect.Request{URL: hops[0].URL, Method: hops[0].Method}}
	if stop == inspect.StopLoop {
		c.LoopTo = 1
	}
	return c
}

// messageOf returns the message of the first finding with the code, "" when
// there is none.
func messageOf(fs []inspect.Finding, code inspect.Code) (string, int) {
	for _, f := range fs {
		if f.Code == code {
			return f.Message, f.Hop
		}
	}
	return "", -1
}

func TestRedirectToRoot(t *testing.T) {
	nostore := http.Header{"Cache-Control": {"no-store"}}
	const msg = "https://a.example/old ends on the root page https://a.example/: search engines treat pages sent to the home page as soft 404s and drop them; redirect to the closest equivalent page, or answer 404 or 410 if there is none"
	cases := []struct {
		name string
		from string
		to   string
		stop inspect.Stop
		want bool
	}{
		{"a path to the root", "https://a.example/old", "https://a.example/", inspect.StopFinal, true},
		{"a query-only URL to the root", "https://a.example/?p=42", "https://a.example/", inspect.StopFinal, true},
		{"fragments do not count", "https://a.example/old#x", "https://a.example/#top", inspect.StopFinal, true},
		{"to another host's root", "https://a.example/old", "https://b.example/", inspect.StopFinal, true},
		{"the root to the root", "http://a.example/", "https://a.example/", inspect.StopFinal, false},
		{"a root with a query is no root page", "https://a.example/old", "https://a.example/?from=old", inspect.StopFinal, false},
		{"to a page", "https://a.example/old", "https://a.example/new", inspect.StopFinal, false},
		{"no final response", "https://a.example/old", "https://a.example/", inspect.StopLoop, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := chainOf(tc.stop, nil, redirect(t, 1, 301, "GET", tc.from, tc.to, nostore.Clone()), page(2, 200, "GET", tc.to, nil))
			got, hop := messageOf(Analyze(c), inspect.CodeRedirectToRoot)
			if (got != "") != tc.want {
				t.Fatalf("redirect-to-root %q; want it %v", got, tc.want)
			}
			if tc.name == "a path to the root" && (got != msg || hop != 0) {
				t.Errorf("message %q on hop %d\nwant %q on the chain", got, hop, msg)
			}
		})
	}
	// No redirect at all: a page that is its own URL.
	if got, _ := messageOf(Analyze(chainOf(inspect.StopFinal, nil, page(1, 200, "GET", "https://a.example/old", nil))), inspect.CodeRedirectToRoot); got != "" {
		t.Errorf("a 200 with no redirect: %q", got)
	}
}

func TestMixedPermanence(t *testing.T) {
	nostore := http.Header{"Cache-Control": {"no-store"}}
	hop := func(n, status int, from, to string) inspect.Hop {
		return redirect(t, n, status, "GET", from, to, nostore.Clone())
	}
	refreshed := func(n, delay int, from, to string) inspect.Hop {
		h := page(n, 200, "GET", from, nil)
		h.Refresh = []inspect.Refresh{{Via: inspect.ViaMetaRefresh, Raw: "x", Delay: delay, URL: to}}
		return h
	}
	via := func(h inspect.Hop, v inspect.Via) inspect.Hop { h.Via = v; return h }
	const a, b, c, d = "https://a.example/1", "https://a.example/2", "https://a.example/3", "https://a.example/4"
	cases := []struct {
		name string
		stop inspect.Stop
		hops []inspect.Hop
		want string
	}{
		{"301 then 302", inspect.StopFinal, []inspect.Hop{hop(1, 301, a, b), hop(2, 302, b, c), page(3, 200, "GET", c, nil)},
			"the chain mixes permanent redirects (301 at hop 1) with temporary ones (302 at hop 2): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good"},
		{"307, 308, 303", inspect.StopFinal, []inspect.Hop{hop(1, 307, a, b), hop(2, 308, b, c), hop(3, 303, c, d), page(4, 200, "GET", d, nil)},
			"the chain mixes permanent redirects (308 at hop 2) with temporary ones (307 at hop 1, 303 at hop 3): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good"},
		{"301 then 308", inspect.StopFinal, []inspect.Hop{hop(1, 301, a, b), hop(2, 308, b, c), page(3, 200, "GET", c, nil)}, ""},
		{"302 then 307", inspect.StopFinal, []inspect.Hop{hop(1, 302, a, b), hop(2, 307, b, c), page(3, 200, "GET", c, nil)}, ""},
		{"301 then a delayed meta refresh", inspect.StopFinal, []inspect.Hop{hop(1, 301, a, b), refreshed(2, 5, b, c), via(page(3, 200, "GET", c, nil), inspect.ViaMetaRefresh)},
			"the chain mixes permanent redirects (301 at hop 1) with temporary ones (meta refresh after 5s at hop 2): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good"},
		{"301 then an instant meta refresh", inspect.StopFinal, []inspect.Hop{hop(1, 301, a, b), refreshed(2, 0, b, c), via(page(3, 200, "GET", c, nil), inspect.ViaMetaRefresh)}, ""},
		{"a refresh that is not followed", inspect.StopFinal, []inspect.Hop{hop(1, 301, a, b), refreshed(2, 5, b, c)}, ""},
		{"a 302 left unfollowed at the limit", inspect.StopAtLimit, []inspect.Hop{hop(1, 301, a, b), hop(2, 302, b, c)}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, hop := messageOf(Analyze(chainOf(tc.stop, nil, tc.hops...)), inspect.CodeMixedPermanence)
			if got != tc.want || tc.want != "" && hop != 0 {
				t.Errorf("mixed-permanence %q on hop %d\nwant %q on the chain", got, hop, tc.want)
			}
		})
	}
}

// TestIndexingFindings: the final page's signals become findings on its
// hop, and the chain keeps them for the views.
func TestIndexingFindings(t *testing.T) {
	html := func(h http.Header, body string) inspect.Hop {
		if h == nil {
			h = http.Header{}
		}
		h.Set("Content-Type", "text/html")
		p := page(2, 200, "GET", "https://a.example/new", h)
		p.Sample = []byte(body)
		return p
	}
	moved := func() inspect.Hop {
		return redirect(t, 1, 308, "GET", "https://a.example/old", "https://a.example/new", http.Header{"Cache-Control": {"no-store"}})
	}

	c := chainOf(inspect.StopFinal, nil, moved(), html(nil, `<link rel=canonical href="/new/">`))
	fs := Analyze(c)
	msg, hop := messageOf(fs, inspect.CodeCanonicalElsewhere)
	want := `the final page names https://a.example/new/ as canonical (<link rel="canonical" href="/new/">), not https://a.example/new: search engines index that URL instead; redirect straight to it, or make the page name itself`
	if msg != want || hop != 2 {
		t.Errorf("canonical-elsewhere %q on hop %d\nwant %q on hop 2", msg, hop, want)
	}
	if c.Indexing == nil || c.Indexing.Indexable() || c.Indexing.Canonical != "https://a.example/new/" {
		t.Errorf("chain indexing %+v; want the canonical elsewhere kept", c.Indexing)
	}

	header := http.Header{"X-Robots-Tag": {"googlebot: noindex"}}
	fs = Analyze(chainOf(inspect.StopFinal, nil, moved(), html(header.Clone(), `<meta name=googlebot content=none>`)))
	if got := codes(fs); slices.Contains(got, inspect.CodeNoindex) {
		t.Errorf("the browser profile counted googlebot's directives: %v", got)
	}
	c = chainOf(inspect.StopFinal, client.Googlebot, moved(), html(header.Clone(), `<meta name=googlebot content=none>`))
	msg, hop = messageOf(Analyze(c), inspect.CodeNoindex)
	want = "the final page says X-Robots-Tag: googlebot: noindex, so it stays out of the search index; remove the directive if the page should rank"
	if msg != want || hop != 2 {
		t.Errorf("noindex %q on hop %d\nwant %q on hop 2", msg, hop, want)
	}
	if c.Indexing.Crawler != "googlebot" || c.Indexing.Summary() != "lands on a page search engines will not index: it is noindex (X-Robots-Tag: googlebot: noindex)" {
		t.Errorf("chain indexing %+v, summary %q", c.Indexing, c.Indexing.Summary())
	}

	c = chainOf(inspect.StopFinal, nil, moved(), html(nil, `<link rel=canonical href="https://A.example:443/new#top">`))
	if fs := codes(Analyze(c)); slices.Contains(fs, inspect.CodeCanonicalElsewhere) || c.Indexing.Summary() != "lands on an indexable page" {
		t.Errorf("a self canonical: codes %v, summary %q", fs, c.Indexing.Summary())
	}

	// A chain without a final response has nothing to say about indexing.
	loop := chainOf(inspect.StopLoop, nil, moved(), redirect(t, 2, 308, "GET", "https://a.example/new", "https://a.example/old", nil))
	loop.Indexing = &inspect.Indexing{Status: 200}
	if Analyze(loop); loop.Indexing != nil {
		t.Errorf("a loop has indexing %+v", loop.Indexing)
	}
}

// TestIndexingBlocked: a hop robots.txt keeps the crawler from makes the
// landing page unreachable for it, and the summary says which.
func TestIndexingBlocked(t *testing.T) {
	first := redirect(t, 1, 301, "GET", "https://a.example/old", "https://a.example/private/new", http.Header{"Cache-Control": {"no-store"}})
	last := page(2, 200, "GET", "https://a.example/private/new", nil)
	last.Robots = &inspect.RobotsVerdict{Token: "googlebot", Rule: "Disallow: /private", Line: 3, RobotsURL: "https://a.example/robots.txt"}
	c := chainOf(inspect.StopFinal, client.Googlebot, first, last)
	Analyze(c)
	if want := "lands on a page search engines will not index: robots.txt disallows hop 2 (Disallow: /private)"; c.Indexing.Summary() != want {
		t.Errorf("summary %q\nwant %q", c.Indexing.Summary(), want)
	}
	last.Robots = &inspect.RobotsVerdict{Allowed: true, Token: "googlebot"}
	c = chainOf(inspect.StopFinal, client.Googlebot, first, last)
	if Analyze(c); c.Indexing.Summary() != "lands on an indexable page" {
		t.Errorf("allowed: summary %q", c.Indexing.Summary())
	}
}
