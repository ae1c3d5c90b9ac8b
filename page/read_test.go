package page

import (
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/inspect"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The readers as they were before read merged them, each with its own pass
// of the tokenizer and no look at the bytes first: the references read
// must agree with to the byte.

func scanRef(page string, hdr http.Header, body []byte) []inspect.Refresh {
	var out []inspect.Refresh
	if v := hdr.Get("Refresh"); v != "" {
		if d, t, ok := header.ParseRefresh(v); ok {
			out = append(out, inspect.Refresh{Via: inspect.ViaRefreshHeader, Raw: v, Delay: d, URL: refreshTarget(page, t)})
		}
	}
	if len(body) == 0 {
		return out
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script {
				inScript = tt == html.StartTagToken
				continue
			}
			if a != atom.Meta || !hasAttr {
				continue
			}
			var equiv, content string
			var hasContent bool
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "http-equiv":
					equiv = string(v)
				case "content":
					content, hasContent = string(v), true
				}
				if !more {
					break
				}
			}
			if !strings.EqualFold(strings.TrimSpace(equiv), "refresh") || !hasContent || content == "" {
				continue
			}
			if d, t, ok := header.ParseRefresh(content); ok {
				out = append(out, inspect.Refresh{Via: inspect.ViaMetaRefresh, Raw: content, Delay: d, URL: refreshTarget(page, t)})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == atom.Script {
				inScript = false
			}
		case html.TextToken:
			if inScript {
				out = append(out, scriptRedirects(page, string(z.Text()))...)
			}
		}
	}
}

func readHTMLRef(body []byte, pageURL, crawler string) (canonical, from, noindex string) {
	wantMeta := containsFoldRef(body, "robots") || crawler != "" && containsFoldRef(body, crawler)
	z := html.NewTokenizer(bytes.NewReader(body))
	inHead, raw, template := true, false, 0
	for {
		if !inHead && (!wantMeta || noindex != "") {
			return
		}
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.TextToken:
			if !raw && template == 0 && strings.Trim(string(z.Text()), asciiSpace) != "" {
				inHead = false
			}
		case html.EndTagToken:
			raw = false
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Template:
				template = max(template-1, 0)
			case atom.Body, atom.Html, atom.Br:
				if template == 0 {
					inHead = false
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			raw = rawText[a]
			switch {
			case a == atom.Template:
				template++
			case template > 0:
			case a == atom.Link && inHead && canonical == "":
				attrs := tagAttrs(z)
				if hasToken(attrs["rel"], "canonical") {
					if u := resolveCanonical(pageURL, attrs["href"]); u != "" {
						canonical, from = u, fmt.Sprintf(`<link rel="%s" href="%s">`, clip(attrs["rel"]), clip(attrs["href"]))
					}
				}
			case a == atom.Meta && wantMeta && noindex == "":
				attrs := tagAttrs(z)
				noindex = metaForbidsRef(attrs, crawler)
			case !inHeadElement[a]:
				inHead = false
			}
		}
	}
}

func metaForbidsRef(attrs map[string]string, crawler string) string {
	name := strings.ToLower(strings.Trim(attrs["name"], asciiSpace))
	agent := ""
	switch {
	case name == "robots":
	case crawler != "" && name == crawler:
		agent = name
	default:
		return ""
	}
	for _, d := range ParseRobots(attrs["content"], false) {
		d.Agent = agent
		if d.Forbids(crawler) {
			return fmt.Sprintf(`<meta name="%s" content="%s">`, clip(attrs["name"]), clip(attrs["content"]))
		}
	}
	return ""
}

func tagAttrs(z *html.Tokenizer) map[string]string {
	attrs := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		if _, dup := attrs[string(k)]; !dup && len(k) > 0 {
			attrs[string(k)] = string(v)
		}
		if !more {
			return attrs
		}
	}
}

func containsFoldRef(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		j := 0
		for j < len(s) && lowerASCII(b[i+j]) == s[j] {
			j++
		}
		if j == len(s) {
			return true
		}
	}
	return false
}

// readSeeds are pages for the differential checks beyond treeSeeds: meta
// refreshes and script navigations in their odd places and spellings.
var readSeeds = []string{
	`<meta http-equiv="refresh" content="0;url=/a">`,
	`<META HTTP-EQUIV=Refresh CONTENT="5; URL='/b'"><meta http-equiv=refresh content="0;url=/second">`,
	`<meta http-equiv="re&#102;resh" content="0;url=/ref">`,
	`<meta http-equiv="&#x52;EFRESH" content="1;url=/hexref">`,
	`<meta http-equiv=" REFREſH " content="2;url=/long-s">`,
	`<meta http-equiv="refresh" content="x"><meta http-equiv="refresh" content="3;url=/after-bad">`,
	`<meta http-equiv=refresh content=""><meta content="0;url=/no-equiv">`,
	`<meta http-equiv=refresh http-equiv=x content=0;url=/dup content=1>`,
	`<meta http-equİv=refresh content=0;url=/dotted-i>`,
	`<template><meta http-equiv=refresh content=0;url=/tpl></template>`,
	`<noscript><meta http-equiv=refresh content=0;url=/ns></noscript>`,
	`<script>location.replace('/s1'); window.location.href = "/s2";</script>`,
	`<SCRIPT type=module>top.location = '/upper'</SCRIPT>`,
	`<script/>location='/self-closing'</script>`,
	`<script>location="/unterminated`,
	"<script>loca\r\ntion='/split'</script><script>\x00location='/nul'</script>",
	`<p>location = "/text"</p><textarea><script>location='/ta'</script></textarea>`,
	`<meta name=robots content=noindex><script>location.assign("/both")</script><meta http-equiv=refresh content=0;url=/x>`,
	`<link rel="&#99;anonical" href=/ref-canonical><meta name="&#114;obots" content=noindex>`,
	`<link rel="CANONICAL" href=/upper><meta name=ROBOTS content=NONE>`,
	`<head><title>t</title></head><body><link rel=canonical href=/late><meta name=robots content=noindex>`,
	`<meta name=googlebot content=noindex><meta name=robots content=nofollow>`,
	`<a href="&#4294967410;efresh">x</a><meta http-equiv="&#4294967410;efresh" content="0;url=/wrap">`,
	`<meta http-equiv=refresh content="0; url=javascript:alert(1)">`,
}

// checkRead fails when read, Scan, Read or readHTML and the references
// disagree on a page, for crawler.
func checkRead(t *testing.T, body, crawler string) {
	t.Helper()
	const pageURL = "https://example.com/dir/p"
	b := []byte(body)
	refresh := scanRef(pageURL, http.Header{}, b)
	canonical, from, noindex := readHTMLRef(b, pageURL, crawler)
	if f := read(pageURL, b, true, true, crawler); !reflect.DeepEqual(f.refresh, refresh) || f.canonical != canonical || f.from != from || f.noindex != noindex {
		t.Errorf("%q (crawler %q):\nread      %+v %q %q %q\nreference %+v %q %q %q", body, crawler,
			f.refresh, f.canonical, f.from, f.noindex, refresh, canonical, from, noindex)
	}
	if c, fr, n := readHTML(b, pageURL, crawler); c != canonical || fr != from || n != noindex {
		t.Errorf("%q (crawler %q): readHTML %q %q %q; the reference's %q %q %q", body, crawler, c, fr, n, canonical, from, noindex)
	}
	hdr := http.Header{"Refresh": {"7; url=/hdr"}, "Content-Type": {"text/html"}}
	want := scanRef(pageURL, hdr, b)
	if got := Scan(pageURL, hdr, b); !reflect.DeepEqual(got, want) {
		t.Errorf("%q: Scan %+v; the reference's %+v", body, got, want)
	}
	rs, sig := Read(pageURL, 200, hdr, b, crawler)
	if !reflect.DeepEqual(rs, want) {
		t.Errorf("%q: Read %+v; the reference's %+v", body, rs, want)
	}
	if len(b) > 0 && (sig == nil || sig.Canonical != canonical || sig.CanonicalFrom != from || sig.Noindex != noindex) {
		t.Errorf("%q (crawler %q): Read's signals %+v; the reference's %q %q %q", body, crawler, sig, canonical, from, noindex)
	}
}

// TestReadMatchesReference: the one pass finds what the two readers found,
// on pages built to test the looks read takes at the bytes first.
func TestReadMatchesReference(t *testing.T) {
	seeds := append(append([]string{"", string(realisticPage(8 << 10))}, treeSeeds...), readSeeds...)
	for _, s := range seeds {
		for _, crawler := range []string{"", "googlebot"} {
			checkRead(t, s, crawler)
		}
	}
}

func FuzzReadMatchesReference(f *testing.F) {
	for _, s := range append(append([]string{}, treeSeeds...), readSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, crawler := range []string{"", "googlebot"} {
			checkRead(t, body, crawler)
		}
	})
}

// TestReadStops: a page that can hold none of what is asked is not
// tokenized, and one whose only signal is in its head is read no further.
func TestReadStops(t *testing.T) {
	const pageURL = "https://example.com/"
	small := []byte("<!doctype html><title>landed</title><p>ok</p>\n")
	if f := read(pageURL, small, true, true, ""); f.tokens != 0 {
		t.Errorf("a page with no signal took %d tokens", f.tokens)
	}
	if f := read(pageURL, []byte(`<p>It&#39;s a <script>x()</script> page for robots`), true, false, ""); f.tokens != 0 {
		t.Errorf("Scan of a page with no refresh took %d tokens", f.tokens)
	}
	// <html> <head> <link>, and the rest is left.
	page := []byte(`<html><head><link rel=canonical href=/c><title>t</title><p>body text` + strings.Repeat("<p>more", 100))
	f := read(pageURL, page, true, true, "")
	if f.canonical != "https://example.com/c" || f.tokens != 3 {
		t.Errorf("canonical %q after %d tokens; want https://example.com/c after 3", f.canonical, f.tokens)
	}
	page = []byte(`<html><head><title>t</title><body><p>` + strings.Repeat("<p>more", 100) + `<link rel=canonical href=/body>`)
	if f := read(pageURL, page, true, true, ""); f.canonical != "" || f.tokens != 6 {
		t.Errorf("canonical %q after %d tokens; want none after 6 (to <body>)", f.canonical, f.tokens)
	}
}

// TestTagAtom: the atom read from a tag's raw bytes is the one of its
// TagName, for every tag of the seeds.
func TestTagAtom(t *testing.T) {
	for _, s := range append(append([]string{string(realisticPage(8 << 10)), "<a\x00b><A\tB></B\f ><averyveryverylongelementname><s/><i\n"}, treeSeeds...), readSeeds...) {
		checkTagAtoms(t, s)
	}
}

func checkTagAtoms(t *testing.T, body string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			got := tagAtom(z.Raw())
			name, _ := z.TagName()
			if want := atom.Lookup(name); got != want {
				t.Errorf("%q: tag %q is %v; TagName %q is %v", body, z.Raw(), got, name, want)
			}
		}
	}
}

func FuzzTagAtom(f *testing.F) {
	for _, s := range treeSeeds {
		f.Add(s)
	}
	f.Fuzz(checkTagAtoms)
}

func TestLetterRef(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "&#": false, "&#;": false, "&#x;": false, "a &amp; b": false, "&#39;&#x27;&#160;&#8217;&#x1F600;": false,
		"&#114;": true, "&#x72;": true, "&#X52": true, "&#0000065;": true, "&#383;": true, "&#x212A;": true, "&#304;": true,
		"&#4294967410;": true, "&#64;&#91;&#96;&#123;": false, "x&#39;y&#122": true,
	} {
		if got := letterRef([]byte(s)); got != want {
			t.Errorf("letterRef(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		b, s string
		want bool
	}{
		{"", "a", false}, {"robot", "robots", false}, {"ROBOTS", "robots", true}, {"rrobotS", "robots", true},
		{"Rx rOBOTs", "robots", true}, {"<SCRIPT", "<script", true}, {"<scrip", "<script", false},
		{"refrefre", "refre", true}, {"REFRrefre", "refre", true}, {"abc", "", true},
	} {
		if got := containsFold([]byte(c.b), c.s); got != c.want || got != containsFoldRef([]byte(c.b), c.s) {
			t.Errorf("containsFold(%q, %q) = %v; want %v", c.b, c.s, got, c.want)
		}
	}
}

// TestHopIndexing: the signals Read kept are used for the same page,
// crawler and bytes, and read again otherwise.
func TestHopIndexing(t *testing.T) {
	const pageURL = "https://example.com/p"
	body := []byte(`<link rel=canonical href=/p><meta name=googlebot content=noindex>`)
	hdr := http.Header{"Content-Type": {"text/html"}}
	_, sig := Read(pageURL, 200, hdr, body, "googlebot")
	if sig == nil || sig.Canonical != pageURL || sig.Noindex != `<meta name="googlebot" content="noindex">` {
		t.Fatalf("Read kept %+v", sig)
	}
	if _, s := Read(pageURL, 404, hdr, body, ""); s != nil {
		t.Errorf("Read of a 404 kept signals %+v", s)
	}
	if _, s := Read(pageURL, 200, http.Header{"Content-Type": {"text/plain"}}, body, ""); s != nil {
		t.Errorf("Read of text/plain kept signals %+v", s)
	}
	// Signals no read of body would give show which were used.
	kept := &inspect.HTMLSignals{URL: pageURL, Crawler: "googlebot", Sample: body, Canonical: "https://example.com/kept", CanonicalFrom: "kept", Noindex: "kept"}
	hop := func(s *inspect.HTMLSignals, sample []byte) *inspect.Hop {
		return &inspect.Hop{URL: pageURL, Status: 200, Header: hdr, Sample: sample, HTML: s}
	}
	if x := HopIndexing(hop(kept, body), "googlebot"); x.Canonical != "https://example.com/kept" || x.Noindex != "kept" || !x.Elsewhere {
		t.Errorf("kept signals not used: %+v", x)
	}
	other := *kept
	other.URL = "https://example.com/other"
	for name, h := range map[string]*inspect.Hop{
		"another crawler": hop(kept, body),
		"another page":    hop(&other, body),
		"other bytes":     hop(kept, bytes.Clone(body)),
		"nothing kept":    hop(nil, body),
	} {
		crawler := "googlebot"
		if name == "another crawler" {
			crawler = ""
		}
		x := HopIndexing(h, crawler)
		wantNoindex := `<meta name="googlebot" content="noindex">`
		if crawler == "" {
			wantNoindex = ""
		}
		if x.Canonical != pageURL || x.Elsewhere || x.Noindex != wantNoindex {
			t.Errorf("%s: %+v; want the page read again", name, x)
		}
	}
	if got := Crawler(nil) + "|" + Crawler(client.Googlebot) + "|" + Crawler(client.Curl); got != "|googlebot|" {
		t.Errorf("Crawler: %q", got)
	}
}

func TestIsHTML(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html": true, "text/html; charset=utf-8": true, "TEXT/HTML; Charset=\"UTF-8\"": true, " text/html ;charset=iso-8859-1": true,
		"": false, "text/plain": false, "application/xhtml+xml": false, "text/html; charset": false, "text/html/x": false,
	} {
		if got := isHTML(http.Header{"Content-Type": {ct}}); got != want {
			t.Errorf("isHTML(%q) = %v; want %v", ct, got, want)
		}
	}
}
