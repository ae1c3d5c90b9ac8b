package client

// Browser is a browser's navigation (Chromium, Firefox, Safari), by WHATWG
// Fetch's HTTP-redirect fetch and the URL standard.
var Browser = &Profile{
	Name:    "browser",
	Who:     "browsers",
	Models:  "WHATWG Fetch as Chromium 142, Firefox 145 and Safari 26 navigate",
	Version: "Chromium 142, Firefox 145, Safari 26",
	// HTML's refresh: a navigation follows it after its delay.
	NavigatesRefresh: true,
	// Fetch "redirect status": 300, 304, 305 and 306 are not followed.
	Follows: []int{301, 302, 303, 307, 308},
	// Fetch HTTP-redirect fetch step 5: more than 20 is a network error.
	MaxRedirects: 20,
	// Fetch HTTP-redirect fetch step 12.
	Rewrites: []Rewrite{
		{Status: 301, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 302, Methods: []string{"POST"}, To: "GET", DropBody: true},
		{Status: 303, Methods: []string{"*"}, Except: []string{"GET", "HEAD"}, To: "GET", DropBody: true},
	},
	// Fetch's request-body-header names, and Content-Length with the body.
	BodyHeaders: []string{"Content-Encoding", "Content-Language", "Content-Location", "Content-Type", "Content-Length"},
	// Fetch HTTP-redirect fetch step 7 (Authorization), plus the Cookie and
	// Proxy-Authorization a user gives, which curl withholds too.
	Credentials:         []string{"Authorization", "Cookie", "Proxy-Authorization"},
	CredentialHosts:     SameHostName,
	CredentialPorts:     true,
	CredentialSchemes:   SameScheme,
	StickyCredentials:   true,
	Parser:              WHATWG,
	InheritFragment:     true,
	EmptyLocationIsNone: true,
	KeepsCookies:        true,
	StrictReferrer:      true,
}
