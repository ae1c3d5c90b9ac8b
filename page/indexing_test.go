package page

import (
	"net/http"
	"strings"
	"testing"
)

// TestSameURL: SPEC's list of what does and does not make another URL.
func TestSameURL(t *testing.T) {
	same := [][2]string{
		{"HTTPS://Example.COM/a", "https://example.com/a"},     // case of scheme and host
		{"https://example.com:443/a", "https://example.com/a"}, // a default port
		{"http://example.com:80/", "http://example.com/"},
		{"https://example.com", "https://example.com/"},
		{"https://example.com/café", "https://example.com/caf%C3%A9"}, // percent-encoding of UTF-8
		{"https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"},
		{"https://example.com/?q=é", "https://example.com/?q=%C3%A9"},
		{"https://bücher.example/", "https://xn--bcher-kva.example/"},
		{"https://example.com/%7Euser", "https://example.com/~user"},
		{"https://example.com/a/../b/./c", "https://example.com/b/c"},
		{"https://example.com/a#top", "https://example.com/a"}, // fragments dropped
	}
	for _, p := range same {
		if !SameURL(p[0], p[1]) {
			t.Errorf("SameURL(%q, %q) = false; want true", p[0], p[1])
		}
	}
	different := [][2]string{
		{"http://example.com/a", "https://example.com/a"},       // scheme
		{"https://example.com:8443/a", "https://example.com/a"}, // port
		{"https://example.com/About", "https://example.com/about"},
		{"https://example.com/x", "https://example.com/x/"}, // trailing slash
		{"https://example.com/a?b=1", "https://example.com/a"},
		{"https://example.com/a?b=1&c=2", "https://example.com/a?c=2&b=1"},
		{"https://www.example.com/a", "https://example.com/a"},
		{"https://example.com/a%2Fb", "https://example.com/a/b"}, // an escaped slash is no slash
		{"not a url", "not a url"},
	}
	for _, p := range different {
		if SameURL(p[0], p[1]) {
			t.Errorf("SameURL(%q, %q) = true; want false", p[0], p[1])
		}
	}
}

// TestIndexing: what a final response says to search engines, with literal
// expectations for each rule of SPEC's "SEO signals".
func TestIndexing(t *testing.T) {
	const pageURL = "https://example.com/dir/page"
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	with := func(h http.Header, kv ...string) http.Header {
		out := h.Clone()
		if out == nil {
			out = http.Header{}
		}
		for i := 0; i < len(kv); i += 2 {
			out.Add(kv[i], kv[i+1])
		}
		return out
	}
	cases := []struct {
		name      string
		status    int
		hdr       http.Header
		body      string
		crawler   string
		canonical string // "" for none
		elsewhere bool
		noindex   string
	}{
		{"relative self canonical", 200, html, `<head><link rel=canonical href="page">`, "", pageURL, false, ""},
		{"self canonical in other forms", 200, html, `<link rel="canonical" href="HTTPS://EXAMPLE.com:443/dir/./page#top">`, "", pageURL, false, ""},
		{"protocol-relative and dot segments", 200, html, `<link rel=canonical href="//example.com/x/../dir/page">`, "", pageURL, false, ""},
		{"trailing slash is another URL", 200, html, `<link rel=canonical href="/dir/page/">`, "", "https://example.com/dir/page/", true, ""},
		{"path case is another URL", 200, html, `<link rel=canonical href="/Dir/Page">`, "", "https://example.com/Dir/Page", true, ""},
		{"rel is a case-insensitive token list", 200, html, `<link rel="alternate CANONICAL" href="https://example.com/other">`, "", "https://example.com/other", true, ""},
		{"the first canonical counts", 200, html, `<link rel=canonical href=/first><link rel=canonical href=/dir/page>`, "", "https://example.com/first", true, ""},
		{"a link with no href defines none", 200, html, `<link rel=canonical><link rel=canonical href="">` + `<link rel=canonical href="/next">`, "", "https://example.com/next", true, ""},
		{"a link in body does not count", 200, html, `<title>t</title><p>text</p><link rel=canonical href=/body>`, "", "", false, ""},
		{"a link in noscript is text", 200, html, `<head><noscript><link rel=canonical href=/ns></noscript></head>`, "", "", false, ""},
		{"a link in a template is inert", 200, html, `<head><template><link rel=canonical href=/tpl></template></head>`, "", "", false, ""},
		{"Link header when the head names none", 200, with(html, "Link", `<https://cdn.example/a.css>; rel=preload, </other>; rel="canonical"`), `<title>t</title>`, "", "https://example.com/other", true, ""},
		{"the element before the header", 200, with(html, "Link", `</other>; rel=canonical`), `<link rel=canonical href=/dir/page>`, "", pageURL, false, ""},
		{"Link header on a PDF", 200, http.Header{"Content-Type": {"application/pdf"}, "Link": {`<https://example.com/doc.html>; rel="canonical"`}}, `<link rel=canonical href=/ignored>`, "", "https://example.com/doc.html", true, ""},
		{"HTML only when text/html", 200, http.Header{"Content-Type": {"text/plain"}}, `<link rel=canonical href=/x><meta name=robots content=noindex>`, "", "", false, ""},
		{"HTML only when text/html, not sniffed", 200, http.Header{}, `<link rel=canonical href=/x><meta name=robots content=noindex>`, "", "", false, ""},
		{"only a 2xx is read", 404, with(html, "X-Robots-Tag", "noindex", "Link", "</x>; rel=canonical"), `<link rel=canonical href=/y><meta name=robots content=noindex>`, "", "", false, ""},

		{"X-Robots-Tag noindex", 200, with(html, "X-Robots-Tag", "noindex"), ``, "", "", false, "X-Robots-Tag: noindex"},
		{"X-Robots-Tag none on any type", 200, http.Header{"Content-Type": {"application/pdf"}, "X-Robots-Tag": {"NONE"}}, ``, "", "", false, "X-Robots-Tag: NONE"},
		{"googlebot prefix for the browser", 200, with(html, "X-Robots-Tag", "googlebot: noindex"), ``, "", "", false, ""},
		{"googlebot prefix under googlebot", 200, with(html, "X-Robots-Tag", "googlebot: noindex"), ``, "googlebot", "", false, "X-Robots-Tag: googlebot: noindex"},
		{"another crawler's prefix", 200, with(html, "X-Robots-Tag", "bingbot: noindex", "X-Robots-Tag", "googlebot-news: none"), ``, "googlebot", "", false, ""},
		{"the prefix covers the rest of its line only", 200, with(html, "X-Robots-Tag", "bingbot: noarchive, noindex", "X-Robots-Tag", "nofollow"), ``, "", "", false, ""},
		{"unavailable_after is a directive", 200, with(html, "X-Robots-Tag", "unavailable_after: 25 Jun 2010 15:00:00 PST"), ``, "googlebot", "", false, ""},
		{"directives that are not noindex", 200, with(html, "X-Robots-Tag", "nofollow, noarchive, nosnippet, max-snippet: 0, all, index"), `<meta name=robots content="nofollow, max-image-preview: none">`, "", "", false, ""},
		{"meta robots", 200, html, `<meta name="ROBOTS" content="NoIndex, follow">`, "", "", false, `<meta name="ROBOTS" content="NoIndex, follow">`},
		{"meta robots in body", 200, html, `<p>hi</p><meta name=robots content=none>`, "", "", false, `<meta name="robots" content="none">`},
		{"meta googlebot for the browser", 200, html, `<meta name=googlebot content=noindex>`, "", "", false, ""},
		{"meta googlebot under googlebot", 200, html, `<meta name=googlebot content=noindex>`, "googlebot", "", false, `<meta name="googlebot" content="noindex">`},
		{"meta for another crawler", 200, html, `<meta name=googlebot-news content=noindex><meta name=bingbot content=none>`, "googlebot", "", false, ""},
		{"header before meta", 200, with(html, "X-Robots-Tag", "none"), `<meta name=robots content=noindex>`, "", "", false, "X-Robots-Tag: none"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := Indexing(pageURL, tc.status, tc.hdr, []byte(tc.body), tc.crawler)
			if x.Status != tc.status || x.Crawler != tc.crawler {
				t.Errorf("status %d, crawler %q; want %d, %q", x.Status, x.Crawler, tc.status, tc.crawler)
			}
			if x.Canonical != tc.canonical || x.Elsewhere != tc.elsewhere {
				t.Errorf("canonical %q (elsewhere %v, from %q); want %q (elsewhere %v)", x.Canonical, x.Elsewhere, x.CanonicalFrom, tc.canonical, tc.elsewhere)
			}
			if x.Noindex != tc.noindex {
				t.Errorf("noindex %q; want %q", x.Noindex, tc.noindex)
			}
			if want := tc.status == 200 && !tc.elsewhere && tc.noindex == ""; x.Indexable() != want {
				t.Errorf("indexable %v; want %v", x.Indexable(), want)
			}
		})
	}
}

func TestIndexingQuotes(t *testing.T) {
	x := Indexing("https://example.com/p", 200, http.Header{"Content-Type": {"text/html"}, "X-Robots-Tag": {"googlebot: noindex"}},
		[]byte(`<link rel="Canonical" href="/q#frag">`), "googlebot")
	if x.CanonicalFrom != `<link rel="Canonical" href="/q#frag">` || x.Canonical != "https://example.com/q" {
		t.Errorf("canonical %q from %q", x.Canonical, x.CanonicalFrom)
	}
	want := `lands on a page search engines will not index: it is noindex (X-Robots-Tag: googlebot: noindex); it names https://example.com/q as canonical`
	if got := x.Summary(); got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	x = Indexing("https://example.com/p", 200, http.Header{"Link": {`</p>; rel=canonical`}}, nil, "")
	if x.CanonicalFrom != `Link: </p>; rel="canonical"` || x.Summary() != "lands on an indexable page" {
		t.Errorf("from %q, summary %q", x.CanonicalFrom, x.Summary())
	}
	if got := Indexing("https://example.com/p", 404, nil, nil, "").Summary(); got != "lands on a page search engines will not index: it answers 404 Not Found, not 2xx" {
		t.Errorf("404 summary %q", got)
	}
	if got := Indexing("https://example.com/p", 999, nil, nil, "").Summary(); got != "lands on a page search engines will not index: it answers 999, not 2xx" {
		t.Errorf("999 summary %q", got)
	}
	long := strings.Repeat("noindex,", 40)
	if got := Indexing("https://example.com/p", 200, http.Header{"X-Robots-Tag": {long}}, nil, "").Noindex; got != "X-Robots-Tag: "+long[:120]+"…" {
		t.Errorf("long directive quoted as %q", got)
	}
}

// FuzzIndexing: an HTML page and X-Robots-Tag of any bytes are read without
// panicking; a canonical found is an absolute URL without a fragment, and a
// noindex from the header only when the header says noindex or none.
func FuzzIndexing(f *testing.F) {
	for _, s := range []string{
		`<link rel=canonical href="/x">`, `<meta name=robots content="noindex">`, `<meta name=googlebot content="googlebot: none">`,
		`<head><noscript><link rel=canonical href=/n>`, `<svg><link rel=canonical href=/s></svg>`, `<link rel=canonical href="http://[::1">`,
		"<meta name=robots content=\"\xffnone\">", `<template><meta name=robots content=noindex></template>`,
	} {
		f.Add(s, "noindex")
		f.Add(s, "googlebot: none, unavailable_after: 1 Jan 2030")
	}
	f.Fuzz(func(t *testing.T, body, robots string) {
		for _, crawler := range []string{"", "googlebot"} {
			x := Indexing("https://example.com/dir/p?q#f", 200, http.Header{"Content-Type": {"text/html"}, "X-Robots-Tag": {robots}}, []byte(body), crawler)
			if x.Canonical != "" && (strings.Contains(x.Canonical, "#") || !strings.Contains(x.Canonical, ":")) {
				t.Fatalf("canonical %q is not an absolute URL without a fragment", x.Canonical)
			}
			switch l := strings.ToLower(robots); {
			case x.Noindex == "" || strings.HasPrefix(x.Noindex, "<meta name="):
			case !strings.HasPrefix(x.Noindex, "X-Robots-Tag: "):
				t.Fatalf("noindex quotes %q, neither the header nor a meta", x.Noindex)
			case !strings.Contains(l, "noindex") && !strings.Contains(l, "none"):
				t.Fatalf("noindex %q from a header that never says so", x.Noindex)
			}
		}
	})
}
