// Package client holds the redirect behaviour of real HTTP clients as data:
// a Profile says which statuses a client follows, what each does to the
// method and body, how many redirects it takes, which headers it carries
// to other origins and how it reads Location. The walk engine asks its
// profile and hard-codes none of it. Browser is the first profile.
package client

import "strings"

// Profile is the complete redirect behaviour of one client.
type Profile struct {
	// Name is the profile's name on the command line (--as NAME).
	Name string
	// Models names the client and version whose behaviour this is, and
	// Version is the version alone, for the table of hops clients.
	Models, Version string
	// Who is how findings name the client in a sentence ("browsers").
	Who string
	// Follows lists the statuses the client follows when they carry a
	// usable Location.
	Follows []int
	// MaxRedirects is the most redirects the client follows; a redirect
	// after that many is an error in the client.
	MaxRedirects int
	// FollowsMetaRefresh: the first meta refresh of a 2xx HTML page is
	// followed as one more redirect (Googlebot), not waited for.
	FollowsMetaRefresh bool
	// NavigatesRefresh: the client navigates a meta refresh or a Refresh
	// header once its delay has passed (a browser); hops reports it and
	// walks it only with --follow-refresh.
	NavigatesRefresh bool
	// Rewrites says what each status does to the method and body; a
	// status or method with no rule keeps both.
	Rewrites []Rewrite
	// BodyHeaders are the request headers dropped together with the body.
	BodyHeaders []string
	// Credentials are the headers that a redirect out of CredentialScope
	// withholds (unless the user trusts the locations).
	Credentials []string
	// CredentialHosts, CredentialPorts and CredentialSchemes are where
	// credentials may go: which host names, whether the port must stay,
	// which scheme changes. UpgradeKeeps lets http→https on the same host
	// with default ports keep them too (requests).
	CredentialHosts   Hosts
	CredentialPorts   bool
	CredentialSchemes Schemes
	UpgradeKeeps      bool
	// CompareToPrevious: the rule is judged against the hop before, not
	// the first request.
	CompareToPrevious bool
	// StickyCredentials: once withheld, credentials stay withheld even
	// when the chain comes back to the first origin (Fetch step 7).
	StickyCredentials bool
	// DropsUserCookie: a Cookie header the user set is dropped at the
	// first redirect, wherever it goes (requests rebuilds it from its jar).
	DropsUserCookie bool
	// KeepsForcedMethod: a method the user forced (curl -X) is sent on
	// every hop, whatever the status says.
	KeepsForcedMethod bool
	// GETOnly: the client only fetches (a crawler): the first request is a
	// GET without a body, whatever method and body were asked for.
	GETOnly bool
	// UserAgent and Accept are what the client sends unless told
	// otherwise; "" leaves hops's own.
	UserAgent, Accept string
	// Parser is how the client resolves Location. With RFC3986,
	// BackslashInPath reads a backslash as a path character (escaped to
	// %5C) where a strict parser fails, and SchemeRelative reads a
	// Location with the base's own scheme and no "//" ("http:x") as the
	// relative "x", as RFC 3986 §5.2.2 allows non-strict parsers.
	Parser          Parser
	BackslashInPath bool
	SchemeRelative  bool
	// LocationEscape is how an RFC 3986 client percent-encodes a Location
	// before it resolves it; nil leaves that to net/url, as Go's client
	// does.
	LocationEscape *Escape
	// LocationLatin1: the client reads a Location's bytes as Latin-1
	// characters (Node's http module under node-fetch and axios).
	LocationLatin1 bool
	// LocationUTF8: the client reads a Location's bytes as UTF-8, a byte
	// that is not UTF-8 becoming U+FFFD (undici: /caf\xe9 is sent as
	// /caf%EF%BF%BD, where browsers send /caf%E9).
	LocationUTF8 bool
	// LocationUserinfo is what the client does with a user and password
	// in a Location; UserinfoFails, when set, is why it fails instead.
	LocationUserinfo UserinfoRule
	UserinfoFails    string
	// Slashes is how the client reads a run of slashes at the start of a
	// Location or after its scheme.
	Slashes SlashRule
	// RedirectedBodyFails: a request that a redirect made and that still
	// carries a body fails at its own redirect, unless a 303 (node-fetch
	// 3.3.2, src/index.js: the redirect step reads the first call's
	// options, which a redirected request has none of: a TypeError).
	RedirectedBodyFails bool
	// DropsEmptyQuery: a "?" with no query after it is left out of the
	// request-target ("/x?" is sent as "/x": curl, requests, urllib,
	// undici, axios), where browsers, wget, node-fetch and Go send it;
	// KeepsGivenEmptyQuery: not in the URL the user gave (curl, urllib:
	// only a redirect's URL goes through the code that drops it).
	DropsEmptyQuery      bool
	KeepsGivenEmptyQuery bool
	// StrictHeaderBytes: the client's HTTP/1 parser rejects a response
	// whose header value holds a control byte other than HTAB, or DEL
	// (Node's llhttp: HPE_INVALID_HEADER_TOKEN; Go's textproto: malformed
	// MIME header line): the request fails.
	StrictHeaderBytes bool
	// LocationStrictUTF8: the client decodes a Location's bytes as UTF-8
	// and fails on one that is not (requests' get_redirect_target raises
	// UnicodeDecodeError; HTTPie with it).
	LocationStrictUTF8 bool
	// InheritFragment: a Location without a fragment keeps the request's
	// (RFC 9110 §10.2.2, Fetch "location URL").
	InheritFragment bool
	// EmptyLocationIsNone: an empty Location counts as no Location.
	EmptyLocationIsNone bool
	// Locations is what the client makes of a response with more than
	// one Location header.
	Locations MultiLocation
	// StrictReferrer: a Referer given is sent as a browser's default
	// policy (strict-origin-when-cross-origin) makes it for each hop: the
	// whole URL to its origin, the origin alone to another, none from
	// https to http. Other clients send it as given on every hop.
	StrictReferrer bool
	// HTTP1Only: the client speaks HTTP/1.1 only, so it offers no h2 in
	// TLS's ALPN (wget, Python's clients, Node's http module and undici
	// as configured by default).
	HTTP1Only bool
	// RefererFromPrevious: each redirected request carries the previous
	// request's URL (without userinfo) as Referer when none was given,
	// and none from https to http (Go's refererForURL).
	RefererFromPrevious bool
	// KeepsCookies: cookies set by servers along the chain are sent on;
	// UserCookieWins: not when the user set a Cookie header (wget).
	KeepsCookies   bool
	UserCookieWins bool
	// Cookies is the rule set of the client's cookie jar.
	Cookies CookieRules
}

// CookieRules is the rule set a client's cookie jar follows.
type CookieRules int

const (
	// BrowserCookies: RFC 6265bis as browsers keep it: localhost and
	// loopback addresses are secure origins for Secure cookies, an
	// insecure origin may not shadow a Secure cookie, the __Secure- and
	// __Host- prefixes hold, and SameSite=None or Partitioned needs Secure
	// (Chromium).
	BrowserCookies CookieRules = iota
	// PlainCookies: RFC 6265 without those additions, as Python's
	// http.cookiejar keeps it (requests, HTTPie): a Secure cookie goes
	// over https only, SameSite and the prefixes are not read.
	PlainCookies
	// WgetCookies: PlainCookies, and as GNU Wget's cookies.c: a cookie
	// set without Domain on a port other than 80 and 443 is sent only to
	// that port, and one whose Path is not a prefix of the path that set
	// it is refused (RFC 2109 §4.3.2).
	WgetCookies
)

// Hosts says which host names keep the user's credentials.
type Hosts string

const (
	// SameHostName: the host name equal.
	SameHostName Hosts = "same host"
	// HostOrSubdomain: the host name equal or a subdomain of it.
	HostOrSubdomain Hosts = "same host or a subdomain"
	// AnyHost: every host.
	AnyHost Hosts = "any host"
)

// Schemes says which scheme changes keep the user's credentials.
type Schemes string

const (
	// SameScheme: the scheme equal.
	SameScheme Schemes = "same scheme"
	// NoDowngrade: anything but https to http.
	NoDowngrade Schemes = "no downgrade"
	// AnyScheme: any scheme.
	AnyScheme Schemes = "any scheme"
)

// Parser names a way of resolving Location.
type Parser string

const (
	// WHATWG is the URL standard's parser, as browsers resolve.
	WHATWG Parser = "whatwg"
	// RFC3986 is RFC 3986 reference resolution, as Go's net/url does.
	RFC3986 Parser = "rfc3986"
)

// Rewrite is one rule of what a redirect status does to a method.
type Rewrite struct {
	Status int
	// Fail: the client refuses the redirect with an error (urllib for a
	// PUT on a 301, say) instead of sending a request.
	Fail bool
	// Methods are the methods rewritten; "*" stands for every method
	// but those in Except.
	Methods []string
	Except  []string
	// To is the method of the next request; "" keeps the method.
	To string
	// DropBody: the next request carries no body (nor BodyHeaders).
	DropBody bool
}

func (r Rewrite) applies(method string) bool {
	for _, m := range r.Except {
		if m == method {
			return false
		}
	}
	for _, m := range r.Methods {
		if m == "*" || m == method {
			return true
		}
	}
	return false
}

// Follows reports whether the profile follows a redirect of this status.
func (p *Profile) FollowsStatus(status int) bool {
	for _, s := range p.Follows {
		if s == status {
			return true
		}
	}
	return false
}

// NextMethod is the method of the request after a redirect with this
// status, and whether that request drops the body.
func (p *Profile) NextMethod(method string, status int) (next string, dropBody bool) {
	for _, r := range p.Rewrites {
		if r.Status == status && r.applies(method) {
			if r.To == "" {
				return method, r.DropBody
			}
			return r.To, r.DropBody
		}
	}
	return method, false
}

// Refuses reports whether the client fails on a redirect of this status
// for this method instead of following it.
func (p *Profile) Refuses(method string, status int) bool {
	for _, r := range p.Rewrites {
		if r.Status == status && r.applies(method) {
			return r.Fail
		}
	}
	return false
}

// IsCredential reports whether a header name is one of the profile's
// credential headers.
func (p *Profile) IsCredential(name string) bool {
	for _, c := range p.Credentials {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}

// Origin is what a credential rule compares of two URLs.
type Origin struct {
	Scheme, Host, Port string // Port written out ("443")
}

// KeepsCredentials reports whether credentials given for from may be sent
// to to under the profile's rules.
func (p *Profile) KeepsCredentials(from, to Origin) bool {
	f, t := strings.ToLower(from.Host), strings.ToLower(to.Host)
	if p.UpgradeKeeps && from.Scheme == "http" && to.Scheme == "https" && from.Port == "80" && to.Port == "443" && f == t {
		return true
	}
	switch p.CredentialHosts {
	case SameHostName:
		if f != t {
			return false
		}
	case HostOrSubdomain:
		if f != t && !(strings.HasSuffix(t, "."+f) && !strings.ContainsAny(t, ":%")) {
			return false
		}
	}
	if p.CredentialPorts && from.Port != to.Port {
		return false
	}
	switch p.CredentialSchemes {
	case SameScheme:
		return from.Scheme == to.Scheme
	case NoDowngrade:
		return !(from.Scheme == "https" && to.Scheme == "http")
	}
	return true
}

// All lists the profiles, browser first, in the order of `hops clients`.
var All = []*Profile{Browser, Fetch, Curl, Wget, Go, PythonRequests, HTTPie, Urllib, Node, NodeFetch, Axios, Googlebot}

// Lookup finds a profile by its name.
func Lookup(name string) (*Profile, bool) {
	for _, p := range All {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return nil, false
}

// Names lists the profile names, for messages and completion.
func Names() []string {
	out := make([]string, len(All))
	for i, p := range All {
		out[i] = p.Name
	}
	return out
}

// MultiLocation is how a client reads a response with several Location
// headers.
type MultiLocation int

const (
	// RefuseDiffering: values that differ are a failure, equal ones are
	// one (Fetch's "extract header list values"; Chromium's
	// ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION).
	RefuseDiffering MultiLocation = iota
	// FirstLocation: the first value is followed (wget, Go's Header.Get,
	// Python's email.message, Node's http module, which drops a repeated
	// Location); an empty first value is an empty Location (Go: none).
	FirstLocation
	// FirstNonEmptyLocation: the first value that is not empty (curl
	// skips an empty Location header).
	FirstNonEmptyLocation
	// JoinedLocations: the values joined with ", " are one reference
	// (urllib3's and undici's header maps, node-fetch's Headers.get):
	// "/a, /b" is the path "/a,%20/b".
	JoinedLocations
)

// Location picks the Location a client reads from a response's values, in
// their order (an empty one among them too); ok is false when the client
// refuses the response.
func (p *Profile) Location(values []string) (loc string, ok bool) {
	if len(values) == 0 {
		return "", false
	}
	switch p.Locations {
	case FirstLocation:
		return values[0], true
	case FirstNonEmptyLocation:
		for _, v := range values {
			if strings.TrimSpace(v) != "" {
				return v, true
			}
		}
		return values[0], true
	case JoinedLocations:
		return strings.Join(values, ", "), true
	}
	for _, v := range values[1:] {
		if v != values[0] {
			return "", false
		}
	}
	return values[0], true
}

// UserinfoRule is what a client does with a Location's user and password.
type UserinfoRule int

const (
	// UserinfoUnused: followed, and not sent (browsers, requests, wget,
	// axios).
	UserinfoUnused UserinfoRule = iota
	// UserinfoSent: sent as Basic authorization on the request to that
	// URL when it carries none (Go's Client.send).
	UserinfoSent
	// UserinfoSentSameOrigin: so, when the URL has the first request's
	// origin, or to any with --location-trusted (curl).
	UserinfoSentSameOrigin
)

// SlashRule is how a client reads a run of slashes at the start of a
// Location ("///host/x") or after its scheme ("http:/host/x"); each was
// seen in difftest from the real client.
type SlashRule int

const (
	// SlashesAsParsed: as the client's parser reads the reference (the
	// URL standard, or net/url: "///host/x" is a path on the same host).
	SlashesAsParsed SlashRule = iota
	// SlashesCurl: one to three slashes after a scheme, or three at the
	// start, name a host; four or more fail ("Unsupported number of
	// slashes following scheme").
	SlashesCurl
	// SlashesWget: three or more at the start fail.
	SlashesWget
	// SlashesPython: three at the start are one ("///host/x" is the path
	// /host/x on the same host), four or more name a host (urljoin, then
	// the URL parser of requests and urllib).
	SlashesPython
)
