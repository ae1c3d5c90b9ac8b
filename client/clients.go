package client

// The profiles besides Browser. Each rule names where it comes from; the
// differential tests (difftest/) check them against the real clients.

// fetchBodyHeaders are Fetch's request-body-header names plus the length.
var fetchBodyHeaders = []string{"Content-Encoding", "Content-Language", "Content-Location", "Content-Type", "Content-Length"}

// fetchRewrites are Fetch's HTTP-redirect fetch step 12.
var fetchRewrites = []Rewrite{
	{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
	{Status: 302, Methods: []string{"POST"}, To: "GET", DropBody: true},
	{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
}

// Fetch is a page's fetch() or XMLHttpRequest in a browser: Fetch's rules,
// with the page's cookies (credentials "same-origin").
var Fetch = &Profile{
	Name: "fetch", Who: "fetch()", Models: "a page's fetch() in Chromium 142, Firefox 145 and Safari 26 (WHATWG Fetch, credentials same-origin)", Version: "Chromium 142, Firefox 145, Safari 26",
	Follows: []int{301, 302, 303, 307, 308}, MaxRedirects: 20, Rewrites: fetchRewrites, BodyHeaders: fetchBodyHeaders,
	Credentials:     []string{"Authorization", "Cookie", "Proxy-Authorization"},
	CredentialHosts: SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme, StickyCredentials: true,
	Parser: WHATWG, InheritFragment: true, EmptyLocationIsNone: true, KeepsCookies: true, StrictReferrer: true,
}

// Curl is `curl -L` (curl 7.88.1, Debian 12): lib/http.c Curl_follow and
// Curl_allow_auth_to_host.
var Curl = &Profile{
	Name: "curl", Who: "curl -L", Models: "curl 7.88.1 with -L (lib/transfer.c Curl_follow, lib/http.c)", Version: "curl 7.88.1",
	// Any 3xx with a non-empty Location (lib/http.c), 304 included.
	Follows:      every3xx,
	MaxRedirects: 50, // --max-redirs default; the 51st response is exit 47
	// A POST from -d becomes GET on 301/302/303; a method forced with -X
	// stays on every hop (KeepsForcedMethod) but loses its body there.
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 301, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, DropBody: true},
		{Status: 302, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, DropBody: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
	},
	// The headers the user set stay, Content-Type included.
	BodyHeaders: []string{"Content-Length"},
	// Since 7.83 (CVE-2022-27776) custom Authorization and Cookie headers
	// go only to the first host, port and scheme (lib/vauth/vauth.c
	// Curl_auth_allowed_to_host); they come back with it.
	Credentials:     []string{"Authorization", "Cookie"},
	CredentialHosts: SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme,
	KeepsForcedMethod: true,
	// Backslashes stay path characters (CURLU_URLENCODE); "http:x" fails.
	// lib/urlapi.c urlencode_str: bytes above 0x7F as lower-case escapes,
	// a space as %20 before the "?" and "+" after it, the rest as it is.
	Parser: RFC3986, Slashes: SlashesCurl, LocationUserinfo: UserinfoSentSameOrigin, DropsEmptyQuery: true, KeepsGivenEmptyQuery: true, BackslashInPath: true, EmptyLocationIsNone: true, Locations: FirstNonEmptyLocation,
	LocationEscape: &Escape{Lower: true, QueryPlus: true},
	UserAgent:      "curl/7.88.1", Accept: "*/*",
}

// Wget is GNU Wget 1.21.3 (Debian 12).
var Wget = &Profile{
	Name: "wget", Who: "wget", Models: "GNU Wget 1.21.3 (src/http.c, src/retr.c SUSPEND_METHOD)", Version: "Wget 1.21.3",
	Follows:      []int{300, 301, 302, 303, 307, 308},
	MaxRedirects: 20, // --max-redirect default
	// 301/302 turn POST into GET; any other --method keeps its body.
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
	},
	BodyHeaders: []string{"Content-Length"},
	// --header values go with every request, wherever it goes.
	Credentials:     []string{"Authorization", "Cookie"},
	CredentialHosts: AnyHost, CredentialSchemes: AnyScheme,
	Parser: RFC3986, Slashes: SlashesWget, Locations: FirstLocation, BackslashInPath: true, KeepsCookies: true, Cookies: WgetCookies, UserCookieWins: true, HTTP1Only: true,
	// src/url.c's unsafe characters, in the path and the query alike; a
	// valid escape stays as it is, a malformed "%" becomes %25.
	LocationEscape: &Escape{Chars: "\"<>\\^`{|}", Controls: true, Percent: EscapeBadPercent},
	UserAgent:      "Wget/1.21.3", Accept: "*/*",
}

// Go is Go's net/http default Client (client.go, Go 1.26).
var Go = &Profile{
	Name: "go", Who: "Go's net/http", Models: "Go 1.26 net/http default Client (client.go redirectBehavior, defaultCheckRedirect)", Version: "Go 1.26",
	Follows: []int{301, 302, 303, 307, 308},
	// defaultCheckRedirect fails when 10 requests were made: the 10th
	// redirect is an error, so 9 are followed.
	MaxRedirects: 9,
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
	},
	BodyHeaders: fetchBodyHeaders,
	// shouldCopyHeaderOnRedirect: the first request's host name or a
	// subdomain of it; ports and schemes are not compared; sticky.
	Credentials:     []string{"Authorization", "Www-Authenticate", "Cookie", "Cookie2", "Proxy-Authorization", "Proxy-Authenticate"},
	CredentialHosts: HostOrSubdomain, CredentialSchemes: AnyScheme, StickyCredentials: true,
	Parser: RFC3986, LocationUserinfo: UserinfoSent, StrictHeaderBytes: true, Locations: FirstLocation, EmptyLocationIsNone: true, RefererFromPrevious: true,
	UserAgent: "Go-http-client/1.1",
}

// requestsRewrites are requests' rebuild_method plus its body purge for
// every status but 307 and 308.
var requestsRewrites = []Rewrite{
	{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
	{Status: 301, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, DropBody: true},
	{Status: 302, Methods: []string{"*"}, Except: []string{"HEAD"}, To: "GET", DropBody: true},
	{Status: 303, Methods: []string{"*"}, Except: []string{"HEAD"}, To: "GET", DropBody: true},
}

// requestsEscape is requests' requote_uri (escapes of unreserved characters
// decoded; every "%" escaped once one is malformed) and then urllib3's
// _encode_invalid_chars on the path and query (what is not unreserved, a
// sub-delimiter, ":", "@", "/" or, in the query, "?" is escaped, and the
// escapes already there are put in upper case).
var requestsEscape = &Escape{Strip: "\t\r\n", Chars: "\"<>[\\]^`{|}", Controls: true, Percent: EscapeEveryPercent, DecodeUnreserved: true, UpperEscapes: true}

// PythonRequests is requests 2.28.1 (Debian 12): sessions.py
// resolve_redirects, rebuild_method, rebuild_auth, should_strip_auth.
var PythonRequests = &Profile{
	Name: "python-requests", Who: "Python requests", Models: "requests 2.28.1 (sessions.py resolve_redirects)", Version: "requests 2.28.1",
	Follows: []int{301, 302, 303, 307, 308}, MaxRedirects: 30, Rewrites: requestsRewrites,
	BodyHeaders: []string{"Content-Type", "Content-Length", "Transfer-Encoding"},
	Credentials: []string{"Authorization"},
	// should_strip_auth: another host name, or a port or scheme change
	// other than http→https on default ports, against the hop before.
	CredentialHosts: SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme, UpgradeKeeps: true,
	CompareToPrevious: true, StickyCredentials: true, DropsUserCookie: true,
	Parser: RFC3986, Slashes: SlashesPython, DropsEmptyQuery: true, LocationStrictUTF8: true, Locations: JoinedLocations, BackslashInPath: true, SchemeRelative: true, EmptyLocationIsNone: true, KeepsCookies: true, Cookies: PlainCookies,
	LocationEscape: requestsEscape, HTTP1Only: true,
	UserAgent: "python-requests/2.28.1", Accept: "*/*",
}

// HTTPie is HTTPie 3.2.1 (Debian 12) with --follow: requests underneath.
var HTTPie = &Profile{
	Name: "httpie", Who: "HTTPie", Models: "HTTPie 3.2.1 with --follow (requests 2.28.1 underneath, httpie/client.py)", Version: "HTTPie 3.2.1",
	// --max-redirects 30 counts responses: the 30th, a redirect, is an
	// error (exit 6), so 29 are followed.
	Follows: []int{301, 302, 303, 307, 308}, MaxRedirects: 29, Rewrites: requestsRewrites,
	BodyHeaders:     []string{"Content-Type", "Content-Length", "Transfer-Encoding"},
	Credentials:     []string{"Authorization"},
	CredentialHosts: SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme, UpgradeKeeps: true,
	CompareToPrevious: true, StickyCredentials: true, DropsUserCookie: true,
	Parser: RFC3986, Slashes: SlashesPython, DropsEmptyQuery: true, LocationStrictUTF8: true, Locations: FirstLocation, BackslashInPath: true, SchemeRelative: true, EmptyLocationIsNone: true, KeepsCookies: true, Cookies: PlainCookies,
	LocationEscape: requestsEscape, HTTP1Only: true,
	UserAgent: "HTTPie/3.2.1", Accept: "*/*",
}

// Urllib is Python 3.11's urllib.request (HTTPRedirectHandler).
var Urllib = &Profile{
	Name: "urllib", Who: "Python urllib", Models: "Python 3.11.2 urllib.request (HTTPRedirectHandler.redirect_request)", Version: "Python 3.11.2",
	Follows: []int{301, 302, 303, 307, 308},
	// max_redirections = 10: the 11th redirect raises HTTPError.
	MaxRedirects: 10,
	// The new request is always a GET (HEAD too); anything but GET, HEAD
	// and a POST on 301/302/303 raises HTTPError.
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"POST", "HEAD"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"POST", "HEAD"}, To: "GET", DropBody: true},
		{Status: 303, Methods: []string{"POST", "HEAD"}, To: "GET", DropBody: true},
		{Status: 307, Methods: []string{"HEAD"}, To: "GET"},
		{Status: 308, Methods: []string{"HEAD"}, To: "GET"},
		{Status: 301, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, Fail: true},
		{Status: 302, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, Fail: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, Fail: true},
		{Status: 307, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, Fail: true},
		{Status: 308, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, Fail: true},
	},
	BodyHeaders: []string{"Content-Type", "Content-Length"},
	// Every header but the content ones is copied to the new request.
	Credentials:     []string{"Authorization", "Cookie"},
	CredentialHosts: AnyHost, CredentialSchemes: AnyScheme,
	Parser: RFC3986, Slashes: SlashesPython, UserinfoFails: "urllib takes the user and password for part of the host name, which does not resolve", DropsEmptyQuery: true, KeepsGivenEmptyQuery: true, Locations: FirstLocation, BackslashInPath: true, SchemeRelative: true,
	// redirect_request: quote(newurl, safe=string.punctuation), so only
	// spaces, controls and bytes above 0x7F.
	LocationEscape: &Escape{Strip: "\t\r\n", Controls: true}, HTTP1Only: true,
	UserAgent: "Python-urllib/3.11",
}

// Node is Node.js's built-in fetch (undici), Fetch's rules without a
// cookie jar.
var Node = &Profile{
	Name: "node", Who: "Node's fetch", Models: "Node.js 20.20 built-in fetch (undici 6.24.1 lib/web/fetch/index.js httpRedirectFetch)", Version: "Node.js 20.20 (undici 6.24.1)",
	Follows: []int{301, 302, 303, 307, 308}, MaxRedirects: 20, Rewrites: fetchRewrites, BodyHeaders: fetchBodyHeaders,
	Credentials:     []string{"Authorization", "Cookie", "Proxy-Authorization"},
	CredentialHosts: SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme,
	CompareToPrevious: true, StickyCredentials: true,
	Parser: WHATWG, UserinfoFails: "Node's fetch refuses to follow a redirect to a URL with credentials (a network error)", DropsEmptyQuery: true, StrictHeaderBytes: true, Locations: JoinedLocations, InheritFragment: true, LocationUTF8: true, HTTP1Only: true,
	UserAgent: "node", Accept: "*/*",
}

// NodeFetch is node-fetch 3.3.2 (src/index.js).
var NodeFetch = &Profile{
	Name: "node-fetch", Who: "node-fetch", Models: "node-fetch 3.3.2 (src/index.js)", Version: "node-fetch 3.3.2",
	Follows: []int{301, 302, 303, 307, 308}, MaxRedirects: 20,
	// A 303 turns every method into GET, HEAD included.
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET"}, To: "GET", DropBody: true},
	},
	BodyHeaders: []string{"Content-Length"},
	// isDomainOrSubdomain and isSameProtocol, against the hop before.
	Credentials:     []string{"Authorization", "Www-Authenticate", "Cookie", "Cookie2"},
	CredentialHosts: HostOrSubdomain, CredentialSchemes: SameScheme,
	CompareToPrevious: true, StickyCredentials: true,
	// Node's http module reads header values as Latin-1 (raw UTF-8 in a
	// Location is encoded twice).
	Parser: WHATWG, RedirectedBodyFails: true, UserinfoFails: "node-fetch throws on a URL with embedded credentials (TypeError), which ends the process", StrictHeaderBytes: true, Locations: JoinedLocations, LocationLatin1: true, HTTP1Only: true,
	UserAgent: "node-fetch", Accept: "*/*",
}

// Axios is axios 1.x in Node, following with follow-redirects 1.15.
var Axios = &Profile{
	Name: "axios", Who: "axios", Models: "axios 1.21.1 in Node (follow-redirects 1.16.3 RedirectableRequest._processResponse)", Version: "axios 1.21.1",
	// Any 3xx with a non-empty Location.
	Follows:      every3xx,
	MaxRedirects: 21, // axios's maxRedirects default
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
	},
	BodyHeaders: []string{"Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Location"},
	// axios drops them whenever the origin changes against the hop before
	// (lib/adapters/http.js), follow-redirects on top of that.
	Credentials:     []string{"Authorization", "Proxy-Authorization", "Cookie"},
	CredentialHosts: SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme,
	CompareToPrevious: true, StickyCredentials: true,
	// Node's http module reads header values as Latin-1.
	Parser: WHATWG, DropsEmptyQuery: true, StrictHeaderBytes: true, Locations: FirstLocation, EmptyLocationIsNone: true, LocationLatin1: true, HTTP1Only: true,
	UserAgent: "axios/1.21.1", Accept: "application/json, text/plain, */*",
}

// Googlebot walks as Google's crawler: GET only, 10 redirects.
var Googlebot = &Profile{
	Name: "googlebot", Who: "Googlebot", Models: "Googlebot as Google Search Central documents it (10 redirect hops)", Version: "Googlebot (Search Central)",
	Follows: []int{301, 302, 303, 307, 308}, MaxRedirects: 10, Rewrites: fetchRewrites, BodyHeaders: fetchBodyHeaders,
	GETOnly: true,
	// Google Search Central: an instant meta refresh is read as a
	// permanent redirect, a delayed one as a temporary redirect.
	FollowsMetaRefresh: true,
	Credentials:        []string{"Authorization", "Cookie", "Proxy-Authorization"},
	CredentialHosts:    SameHostName, CredentialPorts: true, CredentialSchemes: SameScheme, StickyCredentials: true,
	Parser: WHATWG, InheritFragment: true, EmptyLocationIsNone: true,
	UserAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
}

// every3xx lists 300 to 399: clients that follow any redirect status with a
// Location. Written out, so that the profiles are static data the linker
// lays out rather than code that package init runs on every start.
var every3xx = []int{
	300, 301, 302, 303, 304, 305, 306, 307, 308, 309,
	310, 311, 312, 313, 314, 315, 316, 317, 318, 319,
	320, 321, 322, 323, 324, 325, 326, 327, 328, 329,
	330, 331, 332, 333, 334, 335, 336, 337, 338, 339,
	340, 341, 342, 343, 344, 345, 346, 347, 348, 349,
	350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
	360, 361, 362, 363, 364, 365, 366, 367, 368, 369,
	370, 371, 372, 373, 374, 375, 376, 377, 378, 379,
	380, 381, 382, 383, 384, 385, 386, 387, 388, 389,
	390, 391, 392, 393, 394, 395, 396, 397, 398, 399,
}

// CurlPost is the curl profile with --post301, --post302 and --post303:
// each keeps a POST and its body through its status (--post303 every
// method); with none of them it is Curl itself.
func CurlPost(post301, post302, post303 bool) *Profile {
	if !post301 && !post302 && !post303 {
		return Curl
	}
	p := *Curl
	var keep []Rewrite
	for s, on := range map[int]bool{301: post301, 302: post302} {
		if on {
			keep = append(keep, Rewrite{Status: s, Methods: []string{"POST"}})
		}
	}
	if post303 {
		keep = append(keep, Rewrite{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}})
	}
	p.Rewrites = append(keep, Curl.Rewrites...) // the first matching rule wins
	return &p
}
