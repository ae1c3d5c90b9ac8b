package analyze

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	landing "github.com/hops-cli/hops/page"
)

// Analyze returns the findings of a walked chain, ordered by hop (chain
// findings last) and then by severity, worst first. It reads nothing but
// the chain, and fills c.Indexing, the landing page's signals to search
// engines, which its findings come from.
func Analyze(c *inspect.Chain) []inspect.Finding {
	a := &analysis{chain: c}
	for i := range c.Hops {
		a.hop(&c.Hops[i], i == len(c.Hops)-1)
	}
	a.stop()
	a.beyondLimit()
	a.hsts()
	a.longChain()
	a.indexing()
	a.mixedPermanence()
	a.redirectToRoot()
	// slices sorts without sort.SliceStable's reflection (two allocations).
	slices.SortStableFunc(a.out, func(x, y inspect.Finding) int {
		hx, hy := x.Hop, y.Hop
		if hx == 0 {
			hx = 1 << 30
		}
		if hy == 0 {
			hy = 1 << 30
		}
		return cmp.Or(cmp.Compare(hx, hy), cmp.Compare(y.Severity, x.Severity))
	})
	return a.out
}

type analysis struct {
	chain *inspect.Chain
	out   []inspect.Finding
}

func (a *analysis) add(code inspect.Code, hop int, format string, args ...any) {
	for i, v := range args {
		// A URL or value from a server may be 64 KiB: a message quotes
		// its start.
		if s, ok := v.(string); ok && len(s) > clipAt {
			args[i] = clip(s)
		}
	}
	a.say(code, hop, fmt.Sprintf(format, args...))
}

// say adds a finding whose message is built already. The findings of most
// chains of a bulk check build theirs by concatenation: fmt.Sprintf boxes
// each argument, an allocation apiece.
func (a *analysis) say(code inspect.Code, hop int, msg string) {
	if a.out == nil {
		// Room for the usual two findings a redirect has (relative
		// Location, cached for good) in one allocation; still nil for a
		// chain without findings.
		a.out = make([]inspect.Finding, 0, max(4, 2*len(a.chain.Hops)))
	}
	a.out = append(a.out, inspect.Finding{Code: code, Severity: inspect.SeverityOf(code), Hop: hop, Message: msg})
}

// statusLine is "404 Not Found", or "404" when the server sent no reason.
func statusLine(h *inspect.Hop) string {
	if h.Reason == "" {
		return status(h.Status)
	}
	return status(h.Status) + " " + h.Reason
}

// status writes a status code. strconv.Itoa allocates for every number
// above 99; the statuses that end most chains need not.
func status(n int) string {
	switch n {
	case 200:
		return "200"
	case 301:
		return "301"
	case 302:
		return "302"
	case 303:
		return "303"
	case 307:
		return "307"
	case 308:
		return "308"
	case 404:
		return "404"
	case 410:
		return "410"
	}
	return strconv.Itoa(n)
}

// longChain: more than 2 redirects before a final response. A chain with
// no final response has a worse finding already; the advice names the
// final URL only when it is not itself a redirect.
func (a *analysis) longChain() {
	c := a.chain
	r := c.Redirects()
	last := c.Last()
	if r <= 2 || !c.Final() || last == nil || !last.Responded() {
		return
	}
	advice := "redirect straight to " + last.URL
	if last.Status >= 300 && last.Status < 400 {
		advice = "point every URL of the chain straight at its final target"
	}
	a.say(inspect.CodeLongChain, 0, strconv.Itoa(r)+" redirects before the final response: Lighthouse fails a page at 2, hstspreload allows 3 and Googlebot follows 10; "+advice)
}

// followed reports whether hop h led to the next hop of the chain.
func (a *analysis) followed(h *inspect.Hop) bool { return h.N < len(a.chain.Hops) }

func (a *analysis) hop(h *inspect.Hop, last bool) {
	a.robots(h)
	if h.Err != nil {
		a.say(inspect.CodeRequestFailed, h.N, h.Method+" "+clip(h.URL)+" failed: "+h.Err.Error())
		a.conn(h)
		return
	}
	a.conn(h)
	if h.BodyErr != nil {
		a.add(inspect.CodeRequestFailed, h.N, "%d %s at %s came, but its body could not be read: %s", h.Status, h.Reason, h.URL, h.BodyErr)
	}
	for _, name := range h.CredentialsDropped {
		a.add(inspect.CodeCredentialsDropped, h.N, "%s was not sent to %s, another origin than the first request's; pass --location-trusted to send it", name, href.Origin(h.URL))
	}
	for _, name := range h.CredentialsForwarded {
		a.add(inspect.CodeCredentialsForwarded, h.N, "%s was sent to %s, another origin, because of --location-trusted; drop the flag unless you trust that host", name, href.Origin(h.URL))
	}
	a.status(h)
	if h.Next != nil {
		a.location(h)
	}
	a.cache(h)
	a.headers(h)
	if last && a.chain.Final() && h.Status >= 400 {
		if h.N == 1 {
			a.say(inspect.CodeFinalError, h.N, clip(h.URL)+" answers "+statusLine(h)+": fix the URL, or the server behind it")
		} else {
			a.say(inspect.CodeFinalError, h.N, "the chain ends in "+statusLine(h)+" at "+clip(h.URL)+": point the redirect at a live URL or fix the target")
		}
	}
	a.refresh(h, last)
}

func (a *analysis) status(h *inspect.Hop) {
	switch s := h.Status; {
	case s == 300:
		a.add(inspect.CodeUnusualStatus, h.N, "300 Multiple Choices is not followed automatically by browsers or Go; use 301/308 (permanent) or 302/307 (temporary) for a single target")
	case s == 305 || s == 306:
		a.add(inspect.CodeUnusualStatus, h.N, "%d is deprecated or reserved and no client follows it; use 301, 302, 303, 307 or 308", s)
	case s >= 309 && s <= 399:
		a.add(inspect.CodeUnusualStatus, h.N, "%d is not a defined redirect: clients treat it as 300 and do not follow it; use 301, 302, 303, 307 or 308", s)
	}
	if a.profile().FollowsStatus(h.Status) && len(h.Targets()) == 0 {
		if h.ResumeIncomplete() {
			a.add(inspect.CodeResumeIncomplete, h.N, "308 with Range: %s and no Location is the resumable-upload protocol's \"Resume Incomplete\" (the server holds those bytes of a %s), not a redirect", h.Header.Get("Range"), h.Method)
			return
		}
		what := "has no Location header"
		if len(h.Location) > 0 {
			what = "has an empty Location header, which browsers and Go treat as none"
		}
		a.say(inspect.CodeMissingLocation, h.N, status(h.Status)+" "+h.Reason+" "+what+", so no client can follow it; send Location with the target URL")
		return
	}
	if c := a.chain; c.Stop == inspect.StopNoLocation && h == c.Last() && len(h.Location) > 1 {
		// Several Location headers, the first empty: this client reads
		// that one, as none (Go's Header.Get); browsers refuse the pair.
		a.add(inspect.CodeMissingLocation, h.N, "%s %s has %d Location headers, the first empty (%s): %s, so it does not follow; browsers refuse the response; send exactly one", status(h.Status), h.Reason, len(h.Location), quoteAll(h.Location), says([]string{a.profile().Who}, "read the first, as none"))
	}
}

func (a *analysis) location(h *inspect.Hop) {
	loc := h.Next
	next := loc.URL
	if loc.Relative {
		a.say(inspect.CodeRelativeLocation, h.N, "Location \""+clip(loc.Raw)+"\" is relative; it resolves to "+clip(next)+" (an absolute URL is easier to audit)")
	}
	if loc.Ambiguous() {
		goSide := loc.GoURL
		if loc.GoErr != nil {
			goSide = "an error (" + loc.GoErr.Error() + ")"
		}
		a.add(inspect.CodeAmbiguousLocation, h.N, "browsers resolve Location \"%s\" to %s but RFC 3986 clients such as Go to %s; send a clean absolute URL", loc.Raw, next, goSide)
	}
	sc := loc.Scheme()
	if sc != "http" && sc != "https" {
		return // unsupported-scheme is reported by stop()
	}
	if user, pw := href.Userinfo(next); (user != "" || pw) && href.LocationCarriesUserinfo(h.URL, loc.Raw) {
		what := "a username"
		if pw {
			what = "a username and password"
		}
		a.add(inspect.CodeCredentialsInLocation, h.N, "the Location carries %s (%s): every log, proxy and history on the way sees it, and user@host is a phishing pattern; redirect to a URL without userinfo", what, next)
	}
	if loc.Fragment() {
		if loc.Inherited {
			a.add(inspect.CodeFragment, h.N, "Location has no fragment, so the request's fragment carries over: %s", next)
		} else {
			a.add(inspect.CodeFragment, h.N, "Location carries a fragment, which servers never see: %s", next)
		}
	}
	if href.Scheme(h.URL) == "https" && sc == "http" {
		note := ""
		if n := a.hstsNotedBefore(h.N, href.Host(next)); n > 0 {
			// RFC 6797 §8.3: a known HSTS host is upgraded before sending.
			note = fmt.Sprintf("; browsers noted HSTS for %s at hop %d and upgrade this request to https before sending it", href.Host(next), n)
		}
		a.add(inspect.CodeDowngrade, h.N, "redirects from https to plain http (%s): the next request can be read and changed in transit; redirect to https%s", next, note)
	}
	if q := href.Query(h.URL); q != "" {
		switch nq := href.Query(next); {
		case nq == "":
			a.add(inspect.CodeQueryDropped, h.N, "the request's query ?%s is not in the Location \"%s\"; carry the query over in the redirect rule", q, loc.Raw)
		default:
			if lost := lostParams(q, nq); len(lost) > 0 {
				a.add(inspect.CodeQueryDropped, h.N, "the Location's query ?%s replaces the request's ?%s, so %s %s lost; carry the request's parameters over in the redirect rule", nq, q, strings.Join(lost, ", "), pluralVerb(len(lost)))
			}
		}
	}
	if from, to := href.Host(h.URL), href.Host(next); from != to {
		a.say(inspect.CodeCrossHost, h.N, "moves from host "+from+" to "+to)
	}
	if h.MethodChanged() {
		a.methodChange(h)
	} else if !(a.chain.Stop == inspect.StopRefused && h == a.chain.Last()) {
		// A redirect the walking client refuses keeps nothing.
		a.methodAtRisk(h)
	}
}

// rewriters names the clients that change method on a redirect with this
// status, from their profiles.
func rewriters(method string, status int) string {
	var who []string
	for _, p := range client.All {
		if next, _ := p.NextMethod(method, status); next != method {
			who = append(who, p.Who)
		}
	}
	if len(who) == len(client.All) {
		return "every client hops models (hops clients lists them)"
	}
	return list(who)
}

// methodAtRisk: the walking client kept a method other than GET and HEAD
// through a 301, 302 or 303, and other clients would not.
func (a *analysis) methodAtRisk(h *inspect.Hop) {
	m := h.Method
	if h.Status != 301 && h.Status != 302 && h.Status != 303 || m == "GET" || m == "HEAD" {
		return
	}
	var rewrite, bodiless, refuse []string
	if h.BodyDropped {
		// The walking client kept the method and dropped the body itself
		// (curl -X PUT -d): the request arrives empty.
		bodiless = append(bodiless, a.profile().Who)
	}
	for _, p := range client.All {
		if p == a.profile() || p.Name == a.profile().Name {
			continue
		}
		next, drop := p.NextMethod(m, h.Status)
		switch {
		case p.Refuses(m, h.Status):
			refuse = append(refuse, p.Who)
		case next != m:
			rewrite = append(rewrite, p.Who)
		case drop && h.BodyBytes > 0:
			bodiless = append(bodiless, p.Who)
		}
	}
	var parts []string
	if len(bodiless) > 0 {
		parts = append(parts, says(bodiless, "send it without its body"))
	}
	if len(rewrite) > 0 {
		parts = append(parts, says(rewrite, "turn it into GET"))
	}
	if len(refuse) > 0 {
		parts = append(parts, says(refuse, "refuse to follow it"))
	}
	if len(parts) == 0 {
		return
	}
	keep := 307
	if h.Status == 301 {
		keep = 308
	}
	a.add(inspect.CodeMethodAtRisk, h.N, "%d keeps this %s here, but %s; use %d so that every client keeps the method and body", h.Status, m, strings.Join(parts, "; "), keep)
}

// lostParams lists the parameter names of the query from that the query to
// lacks, in order, each once.
func lostParams(from, to string) []string {
	have := map[string]bool{}
	for _, p := range strings.Split(to, "&") {
		name, _, _ := strings.Cut(p, "=")
		have[unescape(name)] = true
	}
	var lost []string
	for _, p := range strings.Split(from, "&") {
		name, _, _ := strings.Cut(p, "=")
		if name = unescape(name); name != "" && !have[name] {
			lost = append(lost, name)
			have[name] = true
		}
	}
	return lost
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func pluralVerb(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// hstsNotedBefore returns the first hop up to n whose response would make a
// browser note an HSTS policy covering host, or 0.
func (a *analysis) hstsNotedBefore(n int, host string) int {
	for i := 0; i < n && i < len(a.chain.Hops); i++ {
		h := &a.chain.Hops[i]
		s := h.HSTS
		if s == nil || !s.Honored || *s.MaxAge == 0 {
			continue
		}
		from := href.Host(h.URL)
		if from == host || s.IncludeSubdomains && strings.HasSuffix(host, "."+from) {
			return h.N
		}
	}
	return 0
}

func (a *analysis) methodChange(h *inspect.Hop) {
	body := ""
	if h.BodyDropped {
		body = " and the body is dropped"
	}
	switch h.Status {
	case 301, 302:
		keep := 307
		if h.Status == 301 {
			keep = 308
		}
		a.add(inspect.CodeMethodChange, h.N, "%d turns %s into %s%s in %s; use %d to keep the method and body", h.Status, h.Method, h.NextMethod, body, rewriters(h.Method, h.Status), keep)
	case 303:
		// POST/redirect/GET: the change is what 303 is for (RFC 9110 §15.4.4).
		a.add(inspect.CodeSeeOther, h.N, "303 See Other sends every client on to the target with %s%s: the POST/redirect/GET pattern, by design; use 307 or 308 if the target must receive the %s", h.NextMethod, body, h.Method)
	default:
		a.add(inspect.CodeMethodChange, h.N, "the next request is %s instead of %s%s", h.NextMethod, h.Method, body)
	}
}

func (a *analysis) cache(h *inspect.Hop) {
	if !a.profile().FollowsStatus(h.Status) || len(h.Targets()) == 0 {
		return
	}
	c := h.CacheFacts()
	switch h.Status {
	case 302, 303, 307:
		if c.Explicit && c.Freshness != nil && *c.Freshness > 0 {
			a.say(inspect.CodeCacheableTemporary, h.N, "temporary "+status(h.Status)+" is cacheable for "+inspect.Duration(*c.Freshness)+" ("+cacheSource(c)+"): browsers and CDNs will keep sending visitors to the old target; send Cache-Control: no-store")
		}
	case 301, 308:
		switch {
		case c.Cacheable && c.Explicit:
			a.say(inspect.CodePermanentCached, h.N, "permanent "+status(h.Status)+" is cached by clients for "+inspect.Duration(*c.Freshness)+" ("+cacheSource(c)+"); a wrong target cannot be recalled before then")
		case c.Cacheable && c.Heuristic:
			a.say(inspect.CodePermanentCached, h.N, cachedForGood(h.Status))
		}
	}
}

// cachedForGood is the message of a permanent redirect without explicit
// freshness, the finding of most redirects: a constant for 301 and 308.
func cachedForGood(s int) string {
	const rest = " has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it"
	switch s {
	case 301:
		return "permanent 301" + rest
	case 308:
		return "permanent 308" + rest
	}
	return "permanent " + strconv.Itoa(s) + rest
}

func cacheSource(c header.Cache) string {
	if c.CacheControl != nil {
		return "Cache-Control: " + *c.CacheControl
	}
	if c.Expires != nil {
		return "Expires: " + *c.Expires
	}
	return "heuristic"
}

func (a *analysis) headers(h *inspect.Hop) {
	a.deprecation(h)
	if a.profile().FollowsStatus(h.Status) {
		for _, v := range h.Header.Values("Vary") {
			for _, f := range strings.Split(v, ",") {
				if strings.EqualFold(strings.TrimSpace(f), "User-Agent") {
					a.add(inspect.CodeVaryUserAgent, h.N, "the redirect varies by User-Agent: caches keep one copy per browser and crawlers may be sent elsewhere; compare with --agent googlebot and --agent browser")
					return
				}
			}
		}
	}
}

// deprecation reads Deprecation (RFC 9745: "@" and seconds since the
// epoch; earlier drafts sent "true" or an HTTP date) and Sunset (RFC 8594:
// an HTTP date), and says only what the headers say.
func (a *analysis) deprecation(h *inspect.Hop) {
	dep, sunset := h.Header.Get("Deprecation"), h.Header.Get("Sunset")
	if dep == "" && sunset == "" {
		return
	}
	var says []string
	if dep != "" {
		t, ok := header.ParseDeprecation(dep)
		switch {
		case !ok:
			says = append(says, "Deprecation: "+dep+" (neither an RFC 9745 date such as @1767225600 nor true)")
		case t.IsZero():
			says = append(says, "it is deprecated (Deprecation: "+dep+")")
		case !h.Received.IsZero() && t.After(h.Received):
			says = append(says, "it will be deprecated on "+day(t)+" (Deprecation: "+dep+")")
		default:
			says = append(says, "it is deprecated since "+day(t)+" (Deprecation: "+dep+")")
		}
	}
	advice := "move clients to its successor; no Sunset header says when it ends"
	if sunset != "" {
		t, err := http.ParseTime(sunset)
		switch {
		case err != nil:
			says = append(says, "Sunset: "+sunset+" is not an HTTP date")
			advice = "move clients to its successor; the Sunset header gives no usable date"
		case !h.Received.IsZero() && t.Before(h.Received):
			// RFC 8594 §3: past the Sunset the resource may stop at any time.
			says = append(says, "its Sunset date "+day(t)+" has passed")
			advice = "it may stop answering at any time: move clients now"
		default:
			says = append(says, "it ends on "+day(t)+" (Sunset)")
			advice = "move clients before " + day(t)
		}
	}
	next := ""
	if succ := header.Link(h.Header, "successor-version"); succ != "" {
		next = "; its successor is " + succ
	}
	a.add(inspect.CodeDeprecation, h.N, "%s announces its end: %s%s; %s", h.URL, strings.Join(says, ", "), next, advice)
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

func (a *analysis) refresh(h *inspect.Hop, last bool) {
	if !last && !a.followedByRefresh(h) {
		return
	}
	// Of a page's meta refreshes, the one that counts: the one followed,
	// else Googlebot's first, else the one browsers act on.
	counted := h.Followed()
	if counted == nil || counted.Via != inspect.ViaMetaRefresh {
		counted = landing.CountedMeta(h.Refresh, a.profile().FollowsMetaRefresh)
	}
	for i := range h.Refresh {
		r := &h.Refresh[i]
		if r.Via == inspect.ViaMetaRefresh && r != counted {
			continue
		}
		target := r.URL
		if target == "" {
			target = "an unusable target"
		}
		switch r.Via {
		case inspect.ViaRefreshHeader:
			a.add(inspect.CodeRefreshHeader, h.N, "Refresh header \"%s\" sends browsers to %s after %ds; use an HTTP 301/308 instead", r.Raw, target, r.Delay)
		case inspect.ViaMetaRefresh:
			switch {
			case a.profile().FollowsMetaRefresh && r.Delay == 0:
				a.add(inspect.CodeMetaRefresh, h.N, "meta refresh \"%s\" sends browsers to %s at once; %s as a permanent redirect, but an HTTP 301/308 says so to every client", r.Raw, target, says([]string{a.profile().Who}, "read it"))
			case a.profile().FollowsMetaRefresh:
				a.add(inspect.CodeMetaRefresh, h.N, "meta refresh \"%s\" sends browsers to %s after %ds; %s as a temporary redirect: use an HTTP 301/308 if the move is for good", r.Raw, target, r.Delay, says([]string{a.profile().Who}, "read a delayed refresh"))
			default:
				a.add(inspect.CodeMetaRefresh, h.N, "meta refresh \"%s\" sends browsers to %s after %ds; crawlers may ignore it, use an HTTP 301/308 instead", r.Raw, target, r.Delay)
			}
		case inspect.ViaScript:
			if r.URL == "" {
				a.add(inspect.CodeJSRedirect, h.N, "script looks like it navigates (%s); only clients that run JavaScript follow it, use an HTTP redirect", r.Raw)
			} else {
				a.add(inspect.CodeJSRedirect, h.N, "script looks like it navigates to %s (%s); only clients that run JavaScript follow it, use an HTTP redirect", r.URL, r.Raw)
			}
		}
	}
}

func (a *analysis) followedByRefresh(h *inspect.Hop) bool {
	return a.followed(h) && a.chain.Hops[h.N].Via != inspect.ViaHTTP
}

// stop reports why the walk ended when that is a finding.
func (a *analysis) stop() {
	c := a.chain
	h := c.Last()
	if h == nil {
		return
	}
	switch c.Stop {
	case inspect.StopLoop:
		back := c.Hops[c.LoopTo-1]
		a.add(inspect.CodeLoop, h.N, "%s leads back to hop %d (%s %s) with no new cookie: the chain never ends; make one of the rules final", h.URL, back.N, back.Method, back.URL)
	case inspect.StopMaxRedirects:
		a.add(inspect.CodeTooManyHops, h.N, "another redirect after %d were followed (to %s); %s with an error: point every URL of the chain straight at its final target", c.MaxRedirects, nextOf(h), says([]string{a.profile().Who}, "stop at "+strconv.Itoa(a.clientLimit())))
	case inspect.StopAtLimit:
		a.add(inspect.CodeStoppedAtLimit, h.N, "stopped as asked after %s (--max-redirects %d); the next hop would be %s %s", plural(c.MaxRedirects, "redirect"), c.MaxRedirects, h.NextMethod, nextOf(h))
	case inspect.StopInvalidLocation:
		switch {
		case h.LocationErr != nil:
			loc := h.Location[0]
			if h.LocationRead != "" {
				loc = h.LocationRead // the value the client read, of several
			}
			a.add(inspect.CodeInvalidLocation, h.N, "Location \"%s\" cannot be resolved: %s; send a valid absolute URL", clip(loc), trimBrowserPrefix(h.LocationErr.Error()))
		case len(h.Location) > 1:
			a.add(inspect.CodeInvalidLocation, h.N, "%d Location headers with different values (%s): browsers refuse the response; send exactly one", len(h.Location), quoteAll(h.Location))
		}
	case inspect.StopUnsupportedScheme:
		a.add(inspect.CodeUnsupportedScheme, h.N, "Location leads to a %s: URL (\"%s\"), which browsers refuse to follow; redirect to an http(s) URL", h.Next.Scheme(), clip(h.Location[0]))
	}
}

// profile is the client whose rules the chain was walked with.
func (a *analysis) profile() *client.Profile {
	if p := a.chain.Profile; p != nil {
		return p
	}
	return client.Browser
}

// clientLimit is the redirect limit of the client the walk modelled.
func (a *analysis) clientLimit() int {
	return a.profile().MaxRedirects
}

// beyondLimit: a --max-redirects above the client's own limit let the walk
// go on where the client itself gives up; the hop where it would is named.
func (a *analysis) beyondLimit() {
	c := a.chain
	limit := a.clientLimit()
	if c.Redirects() <= limit || c.Stop == inspect.StopMaxRedirects {
		return
	}
	h := &c.Hops[limit]
	they := "they follow"
	if a.profile().Who != client.Browser.Who {
		they = "it follows"
	}
	a.add(inspect.CodeTooManyHops, h.N, "%s with an error: it is redirect number %d and %s %d at most (hops went on because of --max-redirects %d); point every URL of the chain straight at its final target", says([]string{a.profile().Who}, "refuse this redirect"), limit+1, they, limit, c.MaxRedirects)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func trimBrowserPrefix(s string) string {
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "browsers cannot resolve") {
		return s[i+2:]
	}
	return s
}

func nextOf(h *inspect.Hop) string {
	if h.Next != nil {
		return h.Next.URL
	}
	if len(h.Location) > 0 {
		return h.Location[0]
	}
	return "?"
}

func quoteAll(vs []string) string {
	const most = 10
	q := make([]string, 0, min(len(vs), most+1))
	for i, v := range vs {
		if i == most {
			q = append(q, fmt.Sprintf("and %d more", len(vs)-most))
			break
		}
		q = append(q, `"`+clip(v)+`"`)
	}
	return strings.Join(q, ", ")
}

// clipAt is the most of a server's value a message quotes.
const clipAt = 200

// clip shortens a value a server sent for quoting in a message, which is
// one line: a hostile server may send a megabyte of it.
func clip(s string) string {
	if len(s) <= clipAt {
		return s
	}
	return header.Clip(s, clipAt-40) + "(" + strconv.Itoa(len(s)) + " bytes)"
}

// hsts reports the HSTS findings of the chain: per-hop header problems,
// missing headers on hosts the chain upgrades, the order of the upgrade, and
// preload eligibility.
func (a *analysis) hsts() {
	c := a.chain
	upgraded := map[string]bool{} // hosts the chain moves from http to https
	for i := range c.Hops {
		h := &c.Hops[i]
		if a.followed(h) && href.Scheme(h.URL) == "http" {
			next := c.Hops[i+1].URL
			if href.Scheme(next) == "https" && href.Host(next) == href.Host(h.URL) {
				upgraded[href.Host(h.URL)] = true
			}
		}
	}
	for i := range c.Hops {
		h := &c.Hops[i]
		s := h.HSTS
		switch {
		case s != nil && href.Scheme(h.URL) == "http":
			a.add(inspect.CodeHSTSIgnoredOverHTTP, h.N, "Strict-Transport-Security \"%s\" came over plain http, where browsers ignore it; send it on https responses only", clip(s.Raw))
		case s != nil && !s.Valid:
			a.add(inspect.CodeHSTSInvalid, h.N, "Strict-Transport-Security \"%s\" is invalid (%s), so browsers ignore it; send e.g. max-age=31536000; includeSubDomains", clip(s.Raw), s.Problem)
		case h.Responded() && href.Scheme(h.URL) == "https" && upgraded[href.Host(h.URL)] && (s == nil || !s.Valid) && !href.IsIPHost(h.URL):
			a.say(inspect.CodeHSTSMissing, h.N, href.Host(h.URL)+" is upgraded from http but answers "+status(h.Status)+" without Strict-Transport-Security; send max-age=31536000; includeSubDomains on every https response, redirects included")
		}
		if s != nil && s.Valid && s.Preload && href.Scheme(h.URL) == "https" {
			if why := a.preloadProblem(h, s); why != "" {
				a.add(inspect.CodeHSTSPreloadIneligible, h.N, "HSTS asks for preload but hstspreload.org would refuse %s: %s", href.Host(h.URL), why)
			}
		}
	}
	if first := &c.Hops[0]; href.Scheme(first.URL) == "http" && first.Responded() {
		to := a.firstTarget()
		goesHTTPS := href.Scheme(to) == "https"
		for _, h := range c.Hops {
			if href.Scheme(h.URL) == "https" {
				goesHTTPS = true
			}
		}
		if goesHTTPS && to != "" && (href.Scheme(to) != "https" || href.Host(to) != href.Host(first.URL)) {
			host := href.Host(first.URL)
			a.say(inspect.CodeHTTPSUpgradeNotFirst, first.N, "the chain starts on http://"+host+" but its first redirect goes to "+to+" instead of https://"+host+"; upgrade to https on the same host first so HSTS can be set for it")
		}
	}
}

// firstTarget is where the first hop's redirect leads: the second hop, or
// the resolved Location when the walk stopped there; "" when it does not
// redirect.
func (a *analysis) firstTarget() string {
	c := a.chain
	if len(c.Hops) > 1 {
		return c.Hops[1].URL
	}
	if n := c.Hops[0].Next; n != nil {
		return n.URL
	}
	return ""
}

// preloadProblem checks the hstspreload.org rules that a chain can show.
func (a *analysis) preloadProblem(h *inspect.Hop, s *header.HSTS) string {
	c := a.chain
	var why []string
	if *s.MaxAge < 31536000 {
		why = append(why, fmt.Sprintf("max-age=%d is below 31536000 (one year)", *s.MaxAge))
	}
	if !s.IncludeSubdomains {
		why = append(why, "includeSubDomains is missing")
	}
	if h.TLS != nil && !h.TLS.Verified {
		why = append(why, "the certificate did not verify")
	}
	first := c.Hops[0]
	if href.Scheme(first.URL) == "http" && href.Host(first.URL) == href.Host(h.URL) {
		if n := a.firstTarget(); n != "" && (href.Scheme(n) != "https" || href.Host(n) != href.Host(h.URL)) {
			why = append(why, fmt.Sprintf("http://%s does not redirect to https on the same host first", href.Host(h.URL)))
		}
	}
	for _, o := range c.Hops {
		if o.Responded() && a.profile().FollowsStatus(o.Status) && href.Scheme(o.URL) == "https" && href.Host(o.URL) == href.Host(h.URL) {
			if os := o.HSTS; os == nil || !os.Valid {
				why = append(why, fmt.Sprintf("the https redirect at hop %d carries no valid HSTS", o.N))
				break
			}
		}
	}
	if r := c.Redirects(); r > 3 {
		why = append(why, fmt.Sprintf("%d redirects, more than 3", r))
	}
	return strings.Join(why, "; ")
}
