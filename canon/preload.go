package canon

import (
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/net/publicsuffix"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Preload is a site's readiness for the HSTS preload list, by the rules
// hstspreload.org checks before it accepts a domain: Ready when no rule
// fails, else each failing rule in words.
type Preload struct {
	Ready    bool
	Problems []string
}

// The preload list's numbers: a year of max-age, at most 3 redirects from
// the apex.
const (
	preloadMaxAge       = 31536000
	preloadMaxRedirects = 3
)

// preloadOf checks hstspreload.org's rules on the walked entry points, in
// the order it reports them: the domain itself, the https apex's answer
// and its HSTS header, the http apex's first redirect, the redirects from
// the apex, and https on the www name.
func preloadOf(apex string, entries []Entry) Preload {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	var httpApex, httpsApex, httpsWWW *Entry
	for i := range entries {
		e := &entries[i]
		switch scheme, host := href.Scheme(e.URL), href.Host(e.URL); {
		case host == apex && scheme == "http":
			httpApex = e
		case host == apex && scheme == "https":
			httpsApex = e
		case scheme == "https":
			httpsWWW = e
		}
	}

	switch etld1, err := publicsuffix.EffectiveTLDPlusOne(apex); {
	case httpsApex != nil && href.IsIPHost(httpsApex.URL):
		add("%s is an IP address: the list holds domain names", apex)
	case err != nil:
		add("%s is not a registrable domain (a public suffix or a local name)", apex)
	case etld1 != apex:
		add("%s is a subdomain of %s: the list takes whole registered domains", apex, etld1)
	}

	if httpsApex != nil {
		if first := firstHop(httpsApex); first != nil && !first.Responded() {
			// Nothing else can be checked without an https answer.
			add("%s gives no answer over https (%s)", httpsApex.URL, first.Err)
			return Preload{Problems: p}
		}
		preloadHeader(httpsApex, add)
	}
	if httpApex != nil {
		preloadUpgrade(httpApex, add)
	}
	for _, e := range []*Entry{httpApex, httpsApex} {
		if e != nil {
			preloadRedirects(e, add)
		}
	}
	if httpsWWW != nil {
		h := firstHop(httpsWWW)
		var he *inspect.HopError
		switch {
		case h == nil:
		case h.Err != nil && errors.As(h.Err, &he) && he.Kind == "tls":
			// A name that takes connections but fails TLS exists: with
			// includeSubDomains browsers would refuse it outright.
			add("%s does not answer over https (%s), and includeSubDomains would cover it", httpsWWW.URL, he.Msg)
		case h.Responded() && h.TLS != nil && !h.TLS.Verified:
			add("the certificate of %s does not verify (%s), and includeSubDomains would cover it", httpsWWW.URL, h.TLS.VerifyError)
		}
	}
	return Preload{Ready: len(p) == 0, Problems: p}
}

// preloadHeader: the https apex's first answer, a redirect or not, verifies
// and carries one Strict-Transport-Security with a year of max-age,
// includeSubDomains and preload.
func preloadHeader(e *Entry, add func(string, ...any)) {
	h := firstHop(e)
	if h == nil {
		return
	}
	if h.TLS != nil && !h.TLS.Verified {
		add("the certificate of %s does not verify (%s)", e.URL, h.TLS.VerifyError)
	}
	vals := h.Header.Values(http.CanonicalHeaderKey("Strict-Transport-Security"))
	switch {
	case len(vals) == 0 && h.Status >= 300 && h.Status <= 399:
		add("%s answers %d without Strict-Transport-Security: the redirect itself must carry it", e.URL, h.Status)
		return
	case len(vals) == 0:
		add("%s answers %d without Strict-Transport-Security", e.URL, h.Status)
		return
	case len(vals) > 1:
		add("%s sends %d Strict-Transport-Security headers; send exactly one", e.URL, len(vals))
		return
	}
	s := h.HSTS
	if s == nil || !s.Valid {
		problem := "unreadable"
		if s != nil {
			problem = s.Problem
		}
		add("the Strict-Transport-Security of %s is invalid (%s)", e.URL, problem)
		return
	}
	if *s.MaxAge < preloadMaxAge {
		add("max-age=%d is below %d (one year)", *s.MaxAge, preloadMaxAge)
	}
	if !s.IncludeSubdomains {
		add("includeSubDomains is missing")
	}
	if !s.Preload {
		add("the preload directive is missing")
	}
}

// preloadUpgrade: the http apex's first answer redirects to https on the
// same host. An apex that does not answer over http at all passes, as
// hstspreload.org lets it.
func preloadUpgrade(e *Entry, add func(string, ...any)) {
	h := firstHop(e)
	if h == nil || !h.Responded() {
		return
	}
	want := httpsOf(e.URL)
	to := firstTarget(e.Chain)
	host := href.Host(e.URL)
	switch {
	case to == "":
		add("%s answers %d without redirecting to %s", e.URL, h.Status, want)
	case href.Scheme(to) == "https" && href.Host(to) == host:
	case href.Host(to) == "www."+host:
		add("%s redirects to %s first; it must go to %s (the same host) before www", e.URL, to, want)
	default:
		add("%s redirects to %s first, not to https on the same host (%s)", e.URL, to, want)
	}
}

// preloadRedirects: from the apex, at most 3 redirects, never to plain
// http after the start, and an answer at the end.
func preloadRedirects(e *Entry, add func(string, ...any)) {
	c := e.Chain
	if h := firstHop(e); h == nil || !h.Responded() {
		return
	}
	if n := c.Redirects(); n > preloadMaxRedirects {
		add("%s takes %d redirects; at most %d are allowed", e.URL, n, preloadMaxRedirects)
	}
	if href.Scheme(e.URL) == "https" || href.Scheme(firstTarget(c)) == "https" {
		// (An http apex whose first redirect stays on http has failed
		// the upgrade rule already.)
		for _, h := range c.Hops[1:] {
			if href.Scheme(h.URL) == "http" {
				add("%s is redirected to plain http at hop %d (%s)", e.URL, h.N, h.URL)
				break
			}
		}
	}
	if !c.Final() {
		add("the redirects from %s end without an answer (%s)", e.URL, StopWords(c))
	}
}

func firstHop(e *Entry) *inspect.Hop {
	if e == nil || e.Chain == nil || len(e.Chain.Hops) == 0 {
		return nil
	}
	return &e.Chain.Hops[0]
}
