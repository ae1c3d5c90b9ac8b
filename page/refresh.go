// Package page reads the start of a final HTML response once: its meta
// refresh and the script navigations browsers would run, and what it tells
// search engines.
package page

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// refreshTarget resolves a refresh URL against the page; "" when browsers
// would not navigate (unparsable or javascript:).
func refreshTarget(page, target string) string {
	if target == "" {
		return page
	}
	loc, err := href.ResolveLocation(page, target)
	if err != nil || strings.EqualFold(loc.Scheme(), "javascript") {
		return ""
	}
	return loc.URL
}

// Scan returns the client-side redirects of a response: its Refresh
// header, the first meta refresh and the script navigations of its HTML
// body, in that order. The body is parsed only when the response is HTML.
func Scan(page string, hdr http.Header, body []byte) []inspect.Refresh {
	return joinRefresh(headerRefresh(page, hdr), read(page, body, true, false, "").refresh)
}

// Read is Scan and, for a page whose SEO signals Indexing reads (a 2xx
// served as text/html), those signals of its body for crawler, found in the
// same pass of the tokenizer and kept for HopIndexing; nil for any other
// response.
func Read(page string, status int, hdr http.Header, body []byte, crawler string) ([]inspect.Refresh, *inspect.HTMLSignals) {
	signals := status >= 200 && status <= 299 && len(body) > 0 && isHTML(hdr)
	f := read(page, body, true, signals, crawler)
	rs := joinRefresh(headerRefresh(page, hdr), f.refresh)
	if !signals {
		return rs, nil
	}
	return rs, &inspect.HTMLSignals{URL: page, Crawler: crawler, Sample: body, Canonical: f.canonical, CanonicalFrom: f.from, Noindex: f.noindex}
}

// joinRefresh puts the header's refresh before the body's.
func joinRefresh(hdr, body []inspect.Refresh) []inspect.Refresh {
	if hdr == nil {
		return body
	}
	return append(hdr, body...)
}

// headerRefresh is the Refresh header of a response, if it parses.
func headerRefresh(page string, hdr http.Header) []inspect.Refresh {
	v := hdr.Get("Refresh")
	if v == "" {
		return nil
	}
	d, t, ok := header.ParseRefresh(v)
	if !ok {
		return nil
	}
	return []inspect.Refresh{{Via: inspect.ViaRefreshHeader, Raw: v, Delay: d, URL: refreshTarget(page, t)}}
}

// scriptNav matches the common ways a script navigates: assignments to
// location or location.href, and location.replace/assign calls, with a
// string literal target.
// It is compiled on first use: most runs never see a script.
var scriptNav = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:\b(?:window|document|self|top)\s*\.\s*)?\blocation(?:\s*\.\s*href)?\s*=\s*(["'])([^"'\n]*)["']|\blocation\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"'\n]*)["']\s*\)`)
})

func scriptRedirects(page, script string) []inspect.Refresh {
	var out []inspect.Refresh
	for _, m := range scriptNav().FindAllStringSubmatch(script, 4) {
		lit := m[2]
		if m[4] != "" || m[3] != "" {
			lit = m[4]
		}
		r := inspect.Refresh{Via: inspect.ViaScript, Raw: strings.TrimSpace(m[0])}
		if lit != "" {
			r.URL = refreshTarget(page, lit)
		}
		out = append(out, r)
	}
	return out
}

// Effective is the refresh a browser acts on, or nil. The Refresh header
// comes first, then each meta refresh in document order, and each one
// replaces the one scheduled unless that one is due sooner: Chromium 156,
// checked headless (two metas with delay 0: the second; the header and a
// meta: the meta; delays 2 then 0: the 0; 0 then 2: the 0). HTML's
// "shared declarative refresh steps" keep the first; Chromium does not.
func Effective(rs []inspect.Refresh) *inspect.Refresh {
	return effective(rs, inspect.ViaRefreshHeader)
}

// CountedMeta is the meta refresh of rs that counts: the first for a
// crawler that follows the first (Googlebot), else the one browsers act
// on among the metas.
func CountedMeta(rs []inspect.Refresh, first bool) *inspect.Refresh {
	if first {
		for i := range rs {
			if rs[i].Via == inspect.ViaMetaRefresh {
				return &rs[i]
			}
		}
		return nil
	}
	return effective(rs, "")
}

// effective is Effective over the meta refreshes of rs and, when also is
// ViaRefreshHeader, the header's.
func effective(rs []inspect.Refresh, also inspect.Via) *inspect.Refresh {
	var pick *inspect.Refresh
	for i := range rs {
		r := &rs[i]
		if r.Via != inspect.ViaMetaRefresh && (also == "" || r.Via != also) {
			continue
		}
		if pick == nil || r.Delay <= pick.Delay {
			pick = r
		}
	}
	return pick
}
