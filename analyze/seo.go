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
// permanent, delayed is temporary. The hops are named only when the chain
// has both.
func (a *analysis) mixedPermanence() {
	c := a.chain
	var perm, temp int
	for i := 0; i+1 < len(c.Hops); i++ {
		if permanent, ok := a.permanence(i); !ok {
			continue
		} else if permanent {
			perm++
		} else {
			temp++
		}
	}
	if perm == 0 || temp == 0 {
		return
	}
	permWhat, tempWhat := make([]string, 0, perm), make([]string, 0, temp)
	for i := 0; i+1 < len(c.Hops); i++ {
		permanent, ok := a.permanence(i)
		switch {
		case !ok:
		case permanent:
			permWhat = append(permWhat, a.permanenceOf(i))
		default:
			tempWhat = append(tempWhat, a.permanenceOf(i))
		}
	}
	a.add(inspect.CodeMixedPermanence, 0, "the chain mixes permanent redirects (%s) with temporary ones (%s): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good", strings.Join(permWhat, ", "), strings.Join(tempWhat, ", "))
}

// permanence says whether the i-th hop (from 0) led to the next by a
// permanent redirect; ok is false when it was neither kind.
func (a *analysis) permanence(i int) (permanent, ok bool) {
	h := &a.chain.Hops[i]
	switch a.chain.Hops[i+1].Via {
	default: // an HTTP redirect
		if p, ok := h.Permanence(); ok {
			return p, true
		}
	case inspect.ViaMetaRefresh, inspect.ViaRefreshHeader:
		if r := a.followedRefresh(i); r != nil {
			return r.Delay == 0, true
		}
	}
	return false, false
}

// followedRefresh is the refresh of the i-th hop (from 0) that the walk
// followed to the next: the one of its kind that leads there (Googlebot
// follows the first meta refresh, a browser the one Chromium acts on).
func (a *analysis) followedRefresh(i int) *inspect.Refresh {
	h := &a.chain.Hops[i]
	if r := h.Followed(); r != nil {
		return r
	}
	return landing.Effective(h.Refresh)
}

// permanenceOf names the i-th hop's redirect for mixedPermanence: "301
// at hop 1", "meta refresh after 5s at hop 2".
func (a *analysis) permanenceOf(i int) string {
	h := &a.chain.Hops[i]
	switch a.chain.Hops[i+1].Via {
	case inspect.ViaMetaRefresh, inspect.ViaRefreshHeader:
		r := a.followedRefresh(i)
		name := "meta refresh"
		if r.Via == inspect.ViaRefreshHeader {
			name = "Refresh header"
		}
		return fmt.Sprintf("%s after %ds at hop %d", name, r.Delay, h.N)
	}
	return fmt.Sprintf("%d at hop %d", h.Status, h.N)
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
	a.say(inspect.CodeRedirectToRoot, 0, clip(href.StripFragment(first))+" ends on the root page "+clip(href.StripFragment(last.URL))+": search engines treat pages sent to the home page as soft 404s and drop them; redirect to the closest equivalent page, or answer 404 or 410 if there is none")
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
