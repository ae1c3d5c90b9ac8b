package inspect

import (
	"fmt"
	"strings"
)

// Severity orders findings; --fail-on compares against it.
type Severity int

const (
	SeverityInfo Severity = iota + 1
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity parses a --fail-on value. "never" gives a severity above
// every finding's.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info":
		return SeverityInfo, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	case "never", "none":
		return SeverityError + 1, nil
	}
	return 0, fmt.Errorf("unknown severity %q: want error, warning, info or never", s)
}

// Code is a stable finding code. Codes are only ever added, never renamed
// or given another meaning.
type Code string

const (
	CodeLoop                  Code = "loop"
	CodeTooManyHops           Code = "too-many-hops"
	CodeMissingLocation       Code = "missing-location"
	CodeInvalidLocation       Code = "invalid-location"
	CodeUnsupportedScheme     Code = "unsupported-scheme"
	CodeRequestFailed         Code = "request-failed"
	CodeFinalError            Code = "final-error"
	CodeDowngrade             Code = "downgrade"
	CodeAmbiguousLocation     Code = "ambiguous-location"
	CodeMethodChange          Code = "method-change"
	CodeCacheableTemporary    Code = "cacheable-temporary"
	CodeHSTSInvalid           Code = "hsts-invalid"
	CodeHSTSIgnoredOverHTTP   Code = "hsts-ignored-over-http"
	CodeHSTSMissing           Code = "hsts-missing"
	CodeHSTSPreloadIneligible Code = "hsts-preload-ineligible"
	CodeHTTPSUpgradeNotFirst  Code = "https-upgrade-not-first"
	CodeQueryDropped          Code = "query-dropped"
	CodeLongChain             Code = "long-chain"
	CodeCredentialsForwarded  Code = "credentials-forwarded"
	CodeRelativeLocation      Code = "relative-location"
	CodeFragment              Code = "fragment"
	CodePermanentCached       Code = "permanent-cached"
	CodeCrossHost             Code = "cross-host"
	CodeMetaRefresh           Code = "meta-refresh"
	CodeRefreshHeader         Code = "refresh-header"
	CodeJSRedirect            Code = "js-redirect"
	CodeResumeIncomplete      Code = "resume-incomplete"
	CodeUnusualStatus         Code = "unusual-status"
	CodeDeprecation           Code = "deprecation"
	CodeVaryUserAgent         Code = "vary-user-agent"
	CodeCredentialsDropped    Code = "credentials-dropped"
	CodeCertificateInvalid    Code = "certificate-invalid"
	CodeMalformedResponse     Code = "malformed-response"
	CodeStoppedAtLimit        Code = "stopped-at-limit"
	CodeSeeOther              Code = "see-other"
	CodeCredentialsInLocation Code = "credentials-in-location"
	CodeMethodAtRisk          Code = "method-at-risk"
	CodeClientDivergence      Code = "client-divergence"
	CodeCanonicalElsewhere    Code = "canonical-elsewhere"
	CodeNoindex               Code = "noindex"
	CodeRobotsBlocked         Code = "robots-blocked"
	CodeRedirectToRoot        Code = "redirect-to-root"
	CodeMixedPermanence       Code = "mixed-permanence"
	CodeSitemapRedirect       Code = "sitemap-redirect"
	CodeEntryDivergent        Code = "entry-divergent"
)

// Finding is one thing hops has to say about a chain.
type Finding struct {
	Code     Code
	Severity Severity
	Hop      int // 1-based hop number; 0 for the chain as a whole
	Message  string
}

// Entry describes a finding code: what triggers it, why it matters, and
// where the rule comes from.
type Entry struct {
	Code      Code
	Severity  Severity
	Summary   string // when it is raised, one line
	Why       string // why it matters and what to do
	Reference string
}

// Catalogue lists every finding code in the order of SPEC's table. `hops
// explain`, the README and the golden code list all read it.
var Catalogue = []Entry{
	{CodeLoop, SeverityError,
		"the next request (method and URL) was already made and no cookie changed since",
		"The chain can never end: browsers give up after 20 redirects with ERR_TOO_MANY_REDIRECTS. Find the two rules that send the URL back and forth (often http/https or www/apex rules that disagree) and make one of them final.",
		"RFC 9110 §15.4; Fetch HTTP-redirect fetch step 3"},
	{CodeTooManyHops, SeverityError,
		"a 3xx arrived after the client's own limit of redirects was followed (20 for browsers); with --max-redirects above it, the hop where the client gives up",
		"Browsers stop after 20 redirects and show an error; Googlebot follows 10. Point every old URL straight at its final target.",
		"Fetch HTTP-redirect fetch step 3"},
	{CodeMissingLocation, SeverityError,
		"a redirect status (301, 302, 303, 307, 308) came without a Location header, or with an empty one",
		"No client can follow it: browsers show the response body instead (an empty Location, as nginx's bare `return 302;` sends, counts as none in Chromium and Go). Send Location with the target URL, or use a non-3xx status.",
		"RFC 9110 §15.4; Fetch location URL"},
	{CodeInvalidLocation, SeverityError,
		"Location cannot be parsed or resolved, or two Location headers differ",
		"Browsers treat it as a network error. Send exactly one Location with an absolute, valid URL.",
		"RFC 9110 §10.2.2; Fetch location URL"},
	{CodeUnsupportedScheme, SeverityError,
		"Location leads to a scheme other than http or https",
		"Browsers refuse to follow a redirect to javascript:, data:, file:, mailto: and the like. Redirect to an http(s) URL.",
		"Fetch HTTP-redirect fetch step 2"},
	{CodeRequestFailed, SeverityError,
		"DNS, connect, TLS, timeout or protocol failure at a hop",
		"The hop got no response. The message names the failing step; fix DNS, the listener, the certificate or the server.",
		"RFC 9110 §9"},
	{CodeFinalError, SeverityError,
		"the chain ends in a 4xx or 5xx response",
		"Visitors and crawlers land on an error. Point the redirect at a live URL, or fix the target.",
		"RFC 9110 §15.5, §15.6"},
	{CodeCertificateInvalid, SeverityError,
		"a hop's certificate fails verification (with -k the walk goes on and the finding stays)",
		"Browsers refuse the page with a certificate error, whatever comes after it; -k only lets hops look further. The message names the failure: serve a certificate for the host name, from a trusted CA, within its dates, with the intermediates.",
		"RFC 9110 §4.3.4; RFC 5280 §6; RFC 6125"},
	{CodeDowngrade, SeverityWarning,
		"a hop goes from https to http",
		"The request leaves TLS: it can be read and changed on the way, browsers drop the Referer, and HSTS hosts refuse it. Redirect to https.",
		"RFC 6797 §7.2; RFC 9110 §10.1.3"},
	{CodeAmbiguousLocation, SeverityWarning,
		"browsers (WHATWG URL) and RFC 3986 clients such as Go resolve the Location to different URLs",
		"Clients disagree on where this goes (backslashes, ///, bad ports, IDNA, stray spaces): a classic open-redirect trick. Send a clean absolute URL.",
		"WHATWG URL; RFC 3986 §5"},
	{CodeMethodChange, SeverityWarning,
		"the next hop's method differs from this one's, on a redirect other than 303",
		"301 and 302 turn POST into GET in browsers, curl -L, Go and Python requests (Go and requests also change other methods), and the body is lost. Use 307 or 308 to keep the method and body. (A 303's change is see-other: it is what 303 is for.)",
		"Fetch HTTP-redirect fetch step 6; RFC 9110 §15.4.2-15.4.4"},
	{CodeMethodAtRisk, SeverityWarning,
		"a 301, 302 or 303 carries a method other than GET and HEAD that the walking client keeps but other common clients rewrite or send without its body",
		"The walk kept the method, so the target received it; the message names the clients that would not (Go turns a PUT into a GET on a 302, Python requests sends it without its body). Use 307 or 308 when the method and body must survive every client.",
		"RFC 9110 §15.4.2-15.4.4; Go net/http redirectBehavior; requests rebuild_method"},
	{CodeCacheableTemporary, SeverityWarning,
		"a 302, 303 or 307 carries explicit freshness",
		"Browsers and CDNs will reuse a temporary redirect for its whole lifetime, so changing it later does not reach returning visitors. Send Cache-Control: no-store (or a short max-age) on temporary redirects.",
		"RFC 9111 §4.2.1"},
	{CodeHSTSInvalid, SeverityWarning,
		"Strict-Transport-Security over https is invalid",
		"Browsers ignore an invalid header as a whole. Send one header like max-age=31536000; includeSubDomains.",
		"RFC 6797 §6.1"},
	{CodeHSTSIgnoredOverHTTP, SeverityWarning,
		"Strict-Transport-Security was sent over plain http",
		"Browsers ignore it over http, and servers must not send it there. Send it on the https responses only.",
		"RFC 6797 §7.2, §8.1"},
	{CodeHSTSMissing, SeverityWarning,
		"a host the chain moves from http to https answers over https without valid HSTS",
		"Without HSTS every first visit starts on http, open to downgrade. Send Strict-Transport-Security on every https response of the host, redirects included.",
		"RFC 6797 §7.1; hstspreload.org"},
	{CodeHSTSPreloadIneligible, SeverityWarning,
		"HSTS says preload but the hstspreload.org requirements fail",
		"The preload list will refuse or drop the host. The message names the failing rule: redirect http to https on the same host first, max-age of at least 31536000, includeSubDomains, preload, HSTS on the https redirect itself.",
		"hstspreload.org submission requirements"},
	{CodeHTTPSUpgradeNotFirst, SeverityWarning,
		"a chain that starts on http does not first go to https on the same host",
		"HSTS can only be set for the host that was asked for: redirect http://host to https://host before anything else.",
		"hstspreload.org; RFC 6797 §7.2"},
	{CodeQueryDropped, SeverityWarning,
		"the request had a query string and the Location has none",
		"Tracking and campaign parameters, search terms and API arguments are lost. Carry the query over in the redirect rule.",
		"RFC 9110 §10.2.2"},
	{CodeLongChain, SeverityWarning,
		"more than 2 redirects before the final response",
		"Each hop costs a round trip; Lighthouse fails a page at 2 redirects, hstspreload allows at most 3, Googlebot stops at 10. Redirect straight to the final URL.",
		"Lighthouse redirects audit; hstspreload.org; Google Search crawling docs"},
	{CodeMalformedResponse, SeverityWarning,
		"a response Go's strict HTTP reader refuses but browsers accept, such as a control byte in a header line",
		"hops shows the hop as browsers read it, and names the bytes that were wrong. Strict clients (Go, and others that follow RFC 9110's field syntax) fail on the whole response: send header lines of printable characters only.",
		"RFC 9110 §5.5; RFC 9112 §5"},
	{CodeCredentialsForwarded, SeverityWarning,
		"--location-trusted sent credentials to another origin",
		"Authorization, Cookie or Proxy-Authorization reached a host you may not trust. Drop --location-trusted unless you mean it.",
		"Fetch HTTP-redirect fetch step 7; curl --location-trusted"},
	{CodeStoppedAtLimit, SeverityInfo,
		"the walk stopped at a --max-redirects set below the client's own limit",
		"You asked hops to stop there (--max-redirects 0 shows the first response only); the last hop shows where the chain would go next. Clients themselves would follow on; raise or drop --max-redirects to see the rest.",
		"curl --max-redirs; Fetch HTTP-redirect fetch step 3"},
	{CodeSeeOther, SeverityInfo,
		"a 303 turns the method into GET",
		"The POST/redirect/GET pattern: after a form or API POST, 303 sends the client to a page it fetches with GET, so a reload does not resubmit. By design; use 307 or 308 instead if the target must receive the original method and body.",
		"RFC 9110 §15.4.4; Fetch HTTP-redirect fetch step 12"},
	{CodeRelativeLocation, SeverityInfo,
		"Location is a relative reference",
		"Valid since RFC 7231, and resolved against the request URL; absolute URLs are easier to audit.",
		"RFC 9110 §10.2.2"},
	{CodeFragment, SeverityInfo,
		"Location carries or inherits a fragment",
		"Fragments are never sent to servers; a Location without one keeps the request's fragment.",
		"RFC 9110 §10.2.2"},
	{CodePermanentCached, SeverityInfo,
		"a 301 or 308 will be cached by clients",
		"Browsers keep permanent redirects (Chromium forever without explicit freshness), so a mistake cannot be recalled. Send a Cache-Control max-age you can live with.",
		"RFC 9111 §4.2.2; RFC 9110 §15.1"},
	{CodeCrossHost, SeverityInfo,
		"a hop moves to another host",
		"Cookies, HSTS and credentials are per host; check that the move is intended.",
		"RFC 6265 §5.4; RFC 6797 §8.3"},
	{CodeMetaRefresh, SeverityInfo,
		"the final HTML has a meta refresh",
		"A client-side redirect that crawlers and non-browser clients may ignore. Use an HTTP 301 or 308 instead.",
		"HTML shared declarative refresh steps"},
	{CodeRefreshHeader, SeverityInfo,
		"the final response has a Refresh header",
		"A non-standard client-side redirect. Use an HTTP 301 or 308 instead.",
		"HTML document creation (Refresh header)"},
	{CodeJSRedirect, SeverityInfo,
		"the final HTML looks like it redirects with script",
		"Only clients that run JavaScript follow it, and crawlers may not. Use an HTTP redirect.",
		"HTML Location interface"},
	{CodeResumeIncomplete, SeverityInfo,
		"a 308 with a Range header and no Location (or an empty one)",
		"The resumable-upload protocol (Google Cloud Storage, YouTube and others) answers 308 \"Resume Incomplete\" with the byte range it holds: not a redirect, nothing to follow or cache. Send the rest of the upload from the byte after the range.",
		"Google Cloud Storage resumable uploads"},
	{CodeUnusualStatus, SeverityInfo,
		"300, 305, 306 or another 3xx that clients treat as 300",
		"Browsers do not follow these automatically. Use 301, 302, 303, 307 or 308.",
		"RFC 9110 §15.4"},
	{CodeDeprecation, SeverityInfo,
		"a Deprecation or Sunset header on a hop",
		"The endpoint announces its end. Move clients to the successor before the sunset date.",
		"RFC 9745; RFC 8594"},
	{CodeVaryUserAgent, SeverityInfo,
		"a redirect varies by User-Agent",
		"Caches split the redirect per browser version and it may differ for crawlers; check the --agent presets.",
		"RFC 9110 §12.5.5"},
	{CodeCredentialsInLocation, SeverityWarning,
		"a Location carries a username or password",
		"Credentials in a redirect reach every log, proxy and browser history on the way, and user@host URLs are a phishing pattern (the real host is the part after the @). Authenticate with a header or a session instead, and redirect to a URL without userinfo.",
		"RFC 9110 §4.2.4; WHATWG URL (credentials); Fetch HTTP-redirect fetch step 8"},
	{CodeCredentialsDropped, SeverityInfo,
		"a user-supplied credential header was withheld from another origin",
		"hops, like browsers and curl, does not send Authorization, Cookie or Proxy-Authorization to another origin. Use --location-trusted to send them anyway.",
		"Fetch HTTP-redirect fetch step 7"},
	{CodeClientDivergence, SeverityWarning,
		"with --as all: clients disagree on the final URL, final method, body or credentials, or some fail where others land",
		"The same chain does different things in different clients: the message says which arrive where and with what. Make the chain one that every client walks alike (307/308 for a method and body, one origin for credentials, fewer hops than the smallest limit).",
		"hops client profiles (hops clients)"},
	{CodeCanonicalElsewhere, SeverityWarning,
		"the final page names another URL as canonical (the first <link rel=canonical> in its <head>, else a Link header with rel=\"canonical\")",
		"Search engines index the canonical URL, not this one, so the redirect lands on a page that will not rank under its own address. The canonical is resolved against the final URL and compared as browsers serialise URLs: case of scheme and host, a default port, percent-encoding and relative forms make no difference, but another scheme, port, path case, a trailing slash or a query do. Redirect straight to the canonical URL, or make the page name itself.",
		"RFC 6596; RFC 8288 §3; HTML link type \"canonical\"; Google Search Central (consolidate duplicate URLs)"},
	{CodeNoindex, SeverityWarning,
		"the final page may not be indexed: a robots meta tag or X-Robots-Tag says noindex or none",
		"The redirect lands on a page search engines drop from their index, often a staging setting left on after a migration. <meta name=robots> and X-Robots-Tag without a prefix count for every crawler; <meta name=googlebot> and \"X-Robots-Tag: googlebot: noindex\" only with --as googlebot; another crawler's prefix never does. nofollow, noarchive, nosnippet and the like do not stop indexing. Remove the directive from the page or the server config if the page should rank.",
		"Google Search Central (robots meta tag and X-Robots-Tag specifications)"},
	{CodeRobotsBlocked, SeverityWarning,
		"robots.txt disallows a hop's URL for the crawler (--robots, --as googlebot)",
		"A crawler that obeys robots.txt never requests that URL, so it cannot see the redirect or the page behind it: a redirect it cannot follow passes nothing on, and a blocked final page is not crawled. The rule is the one RFC 9309 picks: the crawler's own group (googlebot under --as googlebot, else *), the longest matching path, Allow on a tie. A robots.txt answering 5xx or not at all blocks everything; a 4xx allows everything. Allow the URL, or point the redirect at a URL that is allowed.",
		"RFC 9309 (Robots Exclusion Protocol) §2.2, §2.3"},
	{CodeRedirectToRoot, SeverityWarning,
		"a URL with a path (or a query) redirects to a site's root page, a URL with path / and no query, on any host",
		"Sending removed or moved pages to the home page is what search engines call a soft 404: the old URL is dropped instead of passing its signals on, and visitors do not find what they came for. Redirect each URL to its closest equivalent page, or answer 404 or 410 when there is none.",
		"Google Search Central (soft 404 errors; redirects and Google Search)"},
	{CodeMixedPermanence, SeverityInfo,
		"the followed redirects include permanent ones (301, 308, an instant refresh) and temporary ones (302, 303, 307, a delayed refresh)",
		"A permanent redirect tells search engines to index the target, a temporary one to keep the source: a chain of both sends mixed signals about which URL to index. Use 301 or 308 throughout when the move is for good, 302 or 307 when it is not.",
		"RFC 9110 §15.4; Google Search Central (redirects and Google Search)"},
	{CodeSitemapRedirect, SeverityWarning,
		"a URL listed in a sitemap redirects (hops check of a sitemap); sitemaps should list final URLs",
		"A sitemap tells search engines which URLs to crawl and index. A listed URL that redirects wastes a crawl, and search engines read it as a hint that the sitemap is stale; they index the target, if anything. List the URL the chain lands on, and keep the redirect for old links.",
		"sitemaps.org protocol; Google Search Central (build and submit a sitemap)"},
	{CodeEntryDivergent, SeverityError,
		"hops canon: the entry points of a site (http and https, apex and www) do not all land on one URL",
		"Visitors, links and crawlers reach the site by every entry point: one that serves its own copy or lands elsewhere splits the site in two (duplicate content for search engines, two origins for cookies and HSTS). Make every entry point redirect to the one canonical URL, the https one, in as few redirects as possible.",
		"Google Search Central (consolidate duplicate URLs); hstspreload.org"},
}

// Lookup returns the catalogue entry of a code.
func Lookup(c Code) (Entry, bool) {
	for _, e := range Catalogue {
		if e.Code == c {
			return e, true
		}
	}
	return Entry{}, false
}

// SeverityOf is the catalogue severity of a code (info for an unknown one).
func SeverityOf(c Code) Severity {
	if e, ok := Lookup(c); ok {
		return e.Severity
	}
	return SeverityInfo
}

// Worst returns the highest severity among findings, 0 for none.
func Worst(fs []Finding) Severity {
	var w Severity
	for _, f := range fs {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}
