package analyze

import (
	"fmt"
	"strings"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	landing "github.com/hops-cli/hops/page"
)

// crawler is the robots user-agent token of the walking profile whose own
// directives count, "" for clients that are no crawler.
func (a *analysis) crawler() string {
	return landing.Crawler(a.profile())
}

// indexing reads what the final response tells search engines into the
// chain, and reports what keeps it out of the index under its own URL.
func (a *analysis) indexing() {
	c := a.chain
	c.Indexing = nil
	last := c.Last()
	if !c.Final() || last == nil || !last.Responded() {
		return
	}
	x := landing.HopIndexing(last, a.crawler())
	c.Indexing = x
	for _, h := range c.Hops {
		if r := h.Robots; r != nil && !r.Allowed {
			why := r.Rule
			if why == "" {
				why = r.RobotsURL + " " + r.Note
			}
			x.Blocked = fmt.Sprintf("hop %d (%s)", h.N, why)
			break
		}
	}
	if x.Elsewhere {
		a.add(inspect.CodeCanonicalElsewhere, last.N, "the final page names %s as canonical (%s), not %s: search engines index that URL instead; redirect straight to it, or make the page name itself", x.Canonical, x.CanonicalFrom, href.StripFragment(last.URL))
	}
	if x.Noindex != "" {
		a.add(inspect.CodeNoindex, last.N, "the final page says %s, so it stays out of the search index; remove the directive if the page should rank", x.Noindex)
	}
}

// mixedPermanence: the followed redirects include permanent and temporary
// ones. A followed refresh counts as Google counts it: instant is
// permanent, delayed is temporary.
func (a *analysis) mixedPermanence() {
	c := a.chain
	var perm, temp []string
	for i := 0; i+1 < len(c.Hops); i++ {
		h := &c.Hops[i]
		var permanent bool
		var what string
		switch c.Hops[i+1].Via {
		default: // an HTTP redirect
			p := h.Permanent()
			if p == nil {
				continue
			}
			permanent, what = *p, fmt.Sprintf("%d at hop %d", h.Status, h.N)
		case inspect.ViaMetaRefresh, inspect.ViaRefreshHeader:
			r := landing.First(h.Refresh)
			if r == nil {
				continue
			}
			name := "meta refresh"
			if r.Via == inspect.ViaRefreshHeader {
				name = "Refresh header"
			}
			permanent, what = r.Delay == 0, fmt.Sprintf("%s after %ds at hop %d", name, r.Delay, h.N)
		}
		if permanent {
			perm = append(perm, what)
		} else {
			temp = append(temp, what)
		}
	}
	if len(perm) == 0 || len(temp) == 0 {
		return
	}
	a.add(inspect.CodeMixedPermanence, 0, "the chain mixes permanent redirects (%s) with temporary ones (%s): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good", strings.Join(perm, ", "), strings.Join(temp, ", "))
}

// redirectToRoot: at least one redirect from a URL with a path other than
// "/" (or with a query) to a final URL with path "/" and no query, on any
// host (SPEC: a move to another site's home page is as much a soft 404).
func (a *analysis) redirectToRoot() {
	c := a.chain
	last := c.Last()
	if c.Redirects() == 0 || !c.Final() || last == nil || !last.Responded() {
		return
	}
	first := c.Hops[0].URL
	if p, q := pathQuery(first); p == "/" && q == "" {
		return
	}
	if p, q := pathQuery(last.URL); p != "/" || q != "" {
		return
	}
	a.add(inspect.CodeRedirectToRoot, 0, "%s ends on the root page %s: search engines treat pages sent to the home page as soft 404s and drop them; redirect to the closest equivalent page, or answer 404 or 410 if there is none", href.StripFragment(first), href.StripFragment(last.URL))
}

// pathQuery splits a serialised http(s) URL into its path and its query
// (without "?"; an empty query counts as none), fragment dropped.
func pathQuery(u string) (path, query string) {
	u = href.StripFragment(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	start := strings.IndexAny(u, "/?")
	if start < 0 {
		return "/", ""
	}
	rest := u[start:]
	path, query, _ = strings.Cut(rest, "?")
	if path == "" {
		path = "/"
	}
	return path, query
}
