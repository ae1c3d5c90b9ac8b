//go:build difftest

package difftest

import (
	"fmt"
	"strconv"
	"strings"
)

// scenario is one small chain served on a run's listeners.
type scenario struct {
	Class string // methods, credentials, limits, location
	Name  string
	// The request the client is asked to send.
	Method  string
	Body    string
	Headers []string
	// Start is the first URL (it may carry a fragment).
	Start func(e *env) string
	// Handle answers each request; nil means 200.
	Handle func(e *env, r *rec) *resp
	// Names: the chain uses host names mapped to loopback, which only
	// clients with their own mapping (curl and hops --resolve, Go's
	// dialer) can reach without the system resolver.
	Names bool
}

const (
	formBody = "a=1&b=two"
	formType = "Content-Type: application/x-www-form-urlencoded"
	authHdr  = "Authorization: Bearer difftest-secret"
	cookHdr  = "Cookie: c=user"
	setCook  = "Set-Cookie: s=server; Path=/"
)

var redirectStatuses = []int{301, 302, 303, 307, 308}

// limits are chain lengths around the clients' redirect limits: Go and
// urllib 10, browsers, wget, undici and node-fetch 20, follow-redirects
// 21, requests and httpie 30, curl 50.
var limits = []int{9, 10, 11, 20, 21, 22, 30, 31, 50, 51}

func location(loc string) string { return "Location: " + loc }

// routes answers the requests named "LABEL PATH" (the origin label and the
// raw request-target) and 200 to anything else.
func routes(m func(e *env) map[string]*resp) func(e *env, r *rec) *resp {
	return func(e *env, r *rec) *resp { return m(e)[r.Origin+" "+r.Target] }
}

func redirect(status int, loc string, extra ...string) *resp {
	return &resp{Status: status, Header: append([]string{location(loc)}, extra...)}
}

func startAt(o func(e *env) *origin, path string) func(e *env) string {
	return func(e *env) string { return e.url(o(e), path) }
}

func originA(e *env) *origin { return e.A }
func originT(e *env) *origin { return e.T }

func scenarios() []*scenario {
	var all []*scenario
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "HEAD"} {
		for _, s := range redirectStatuses {
			sc := &scenario{Class: "methods", Name: fmt.Sprintf("%s-%d", m, s), Method: m,
				Start: startAt(originA, "/start"),
				Handle: routes(func(e *env) map[string]*resp {
					return map[string]*resp{"A /start": redirect(s, "/next")}
				}),
			}
			if m == "POST" || m == "PUT" || m == "PATCH" {
				sc.Body, sc.Headers = formBody, []string{formType}
			}
			all = append(all, sc)
		}
	}

	// Two redirects in a row with the body kept at the first.
	for _, pair := range [][2]int{{307, 302}, {308, 307}, {307, 303}, {301, 307}} {
		first, second := pair[0], pair[1]
		all = append(all, &scenario{Class: "methods", Name: fmt.Sprintf("POST-%d-then-%d", first, second), Method: "POST",
			Body: formBody, Headers: []string{formType}, Start: startAt(originA, "/start"),
			Handle: routes(func(e *env) map[string]*resp {
				return map[string]*resp{"A /start": redirect(first, "/mid"), "A /mid": redirect(second, "/end")}
			})})
	}

	cred := func(name string, start func(e *env) string, m func(e *env) map[string]*resp) *scenario {
		return &scenario{Class: "credentials", Name: name, Method: "GET",
			Headers: []string{authHdr, cookHdr}, Start: start, Handle: routes(m)}
	}
	all = append(all,
		cred("same-origin", startAt(originA, "/start"), func(e *env) map[string]*resp {
			return map[string]*resp{"A /start": redirect(302, "/next", setCook)}
		}),
		cred("other-port", startAt(originA, "/start"), func(e *env) map[string]*resp {
			return map[string]*resp{"A /start": redirect(302, e.url(e.B, "/next"), setCook)}
		}),
		cred("other-host", startAt(originA, "/start"), func(e *env) map[string]*resp {
			return map[string]*resp{"A /start": redirect(302, e.url(e.C, "/next"), setCook)}
		}),
		cred("there-and-back", startAt(originA, "/start"), func(e *env) map[string]*resp {
			return map[string]*resp{
				"A /start": redirect(302, e.url(e.C, "/mid"), setCook),
				"C /mid":   redirect(302, e.url(e.A, "/back")),
			}
		}),
		cred("https-to-http", startAt(originT, "/start"), func(e *env) map[string]*resp {
			return map[string]*resp{"T /start": redirect(302, e.url(e.A, "/next"), setCook)}
		}),
		cred("http-to-https", startAt(originA, "/start"), func(e *env) map[string]*resp {
			return map[string]*resp{"A /start": redirect(302, e.url(e.T, "/next"), setCook)}
		}),
	)
	sub := cred("subdomain", func(e *env) string { return e.named(apexName, "/start") }, func(e *env) map[string]*resp {
		return map[string]*resp{apexName + " /start": redirect(302, e.named(subName, "/next"), setCook)}
	})
	sub.Names = true
	all = append(all, sub)

	// Cookies set on the first answer: which jar sends them on, by its
	// rules (browsers' RFC 6265bis, Python's http.cookiejar, wget's).
	cookie := func(name, set string, to func(e *env) string) *scenario {
		return &scenario{Class: "cookies", Name: name, Method: "GET", Start: startAt(originA, "/start"),
			Handle: routes(func(e *env) map[string]*resp {
				return map[string]*resp{"A /start": redirect(302, to(e), "Set-Cookie: "+set)}
			})}
	}
	sameOrigin := func(e *env) string { return "/next" }
	all = append(all,
		cookie("secure-over-http", "sec=1; Secure; Path=/", sameOrigin),
		cookie("samesite-none-without-secure", "sn=1; SameSite=None; Path=/", sameOrigin),
		cookie("secure-prefix-without-secure", "__Secure-x=1; Path=/", sameOrigin),
		cookie("other-port", "op=1; Path=/", func(e *env) string { return e.url(e.B, "/next") }),
		cookie("path-not-a-prefix", "p=1; Path=/next", sameOrigin),
	)

	for _, n := range limits {
		all = append(all, &scenario{Class: "limits", Name: fmt.Sprintf("chain-%02d", n), Method: "GET",
			Start: startAt(originA, "/r/0"),
			Handle: func(e *env, r *rec) *resp {
				k, err := strconv.Atoi(strings.TrimPrefix(r.Target, "/r/"))
				if err != nil || k >= n {
					return nil
				}
				return redirect(302, "/r/"+strconv.Itoa(k+1))
			}})
	}

	quirk := func(name string, a func(e *env) *resp) *scenario {
		return &scenario{Class: "location", Name: name, Method: "GET", Start: startAt(originA, "/start"),
			Handle: func(e *env, r *rec) *resp {
				if r.Origin == "A" && r.Target == "/start" {
					return a(e)
				}
				return nil
			}}
	}
	fixed := func(status int, loc string) func(e *env) *resp {
		return func(e *env) *resp { return redirect(status, loc) }
	}
	all = append(all,
		quirk("backslashes", func(e *env) *resp {
			return redirect(302, `\\`+e.C.hostport()+`\x`)
		}),
		quirk("scheme-relative", func(e *env) *resp { return redirect(302, "//"+e.C.hostport()+"/x") }),
		quirk("raw-space", fixed(302, "/a b")),
		quirk("raw-utf8", fixed(302, "/caf\xc3\xa9")),
		quirk("raw-latin1", fixed(302, "/caf\xe9")),
		// A Location with a user and password: Go's client sends them as
		// Basic authorization on the request to it.
		quirk("userinfo-same-origin", func(e *env) *resp { return redirect(302, "http://u:pw@"+e.A.hostport()+"/x") }),
		quirk("userinfo-other-host", func(e *env) *resp { return redirect(302, "http://u:pw@"+e.C.hostport()+"/x") }),
		quirk("three-slashes", func(e *env) *resp { return redirect(302, "///"+e.C.hostport()+"/x") }),
		quirk("four-slashes", func(e *env) *resp { return redirect(302, "////"+e.C.hostport()+"/x") }),
		quirk("scheme-one-slash", func(e *env) *resp { return redirect(302, "http:/"+e.C.hostport()+"/x") }),
		quirk("empty-query", fixed(302, "/x?")),
		quirk("empty-query-and-fragment", fixed(302, "/x?#f")),
		quirk("control-byte", fixed(302, "/a\x01b")),
		quirk("delete-byte", fixed(302, "/a\x7fb")),
		quirk("raw-utf8-query", fixed(302, "/caf\xc3\xa9 x?q=\xc3\xa9 x&b=c d")),
		quirk("ascii-specials", fixed(302, "/p\"<>[]{}|^`~?q=\"<>[]{}|^`~")),
		quirk("escapes", fixed(302, "/a%41%7e%2F?q=%c3%a9%2f")),
		quirk("malformed-escape", fixed(302, "/a%41%zz?q=%zz")),
		quirk("scheme-no-slashes-other", func(e *env) *resp {
			return redirect(302, "https:"+e.T.hostport()+"/x")
		}),
		quirk("scheme-no-slashes-same", func(e *env) *resp {
			return redirect(302, "http:"+e.C.hostport()+"/x")
		}),
		quirk("empty-location", func(e *env) *resp { return &resp{Status: 302, Header: []string{"Location:"}} }),
		quirk("missing-location", func(e *env) *resp { return &resp{Status: 302} }),
		quirk("300-with-location", fixed(300, "/x")),
		quirk("304-with-location", fixed(304, "/x")),
		quirk("399-with-location", fixed(399, "/x")),
		quirk("location-fragment", fixed(302, "/x#f")),
		// Two Location headers: browsers refuse differing values; other
		// clients take the first or join them with ", ".
		quirk("two-locations", func(e *env) *resp {
			return &resp{Status: 302, Header: []string{location("/one"), location("/two")}}
		}),
		quirk("two-equal-locations", func(e *env) *resp {
			return &resp{Status: 302, Header: []string{location("/one"), location("/one")}}
		}),
	)
	frag := quirk("request-fragment", fixed(302, "/x"))
	frag.Start = startAt(originA, "/start#frag")
	all = append(all, frag)
	return all
}
