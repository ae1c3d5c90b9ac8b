package walk

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// A URL visited before and after a cookie was set, then again: the loop
// is to the latest visit, made with the same cookies.
func TestLoopAfterACookieIsToTheLatestVisit(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := r.Cookie("seen")
		switch {
		case r.URL.Path == "/a" && err != nil:
			http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1", Path: "/"})
			http.Redirect(w, r, "/b", http.StatusFound)
		case r.URL.Path == "/a":
			http.Redirect(w, r, "/c", http.StatusFound)
		default: // /b and /c
			http.Redirect(w, r, "/a", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/a"))
	if c.Stop != inspect.StopLoop || c.LoopTo != 3 || len(c.Hops) != 4 {
		t.Fatalf("stop %s, loop to %d, %d hops; want a loop to hop 3 after 4 hops (/a /b /a /c)", c.Stop, c.LoopTo, len(c.Hops))
	}
}

// TestLoopWithCookiesSetAgain: a repeated request is a loop once the
// cookie jar has not changed since its last visit; a Set-Cookie that sets
// a cookie again as it was is no change (a server that sends the same
// cookie on every redirect loops as surely as one that sends none).
func TestLoopWithCookiesSetAgain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		cookie func(n int) string // the Set-Cookie of the nth request to /x
		loopTo int                // the hop the loop returns to, 0 for none
		hops   int
	}{
		// The first answer adds a=1 (a change), the second sets it again:
		// the third request would repeat the second.
		{"same cookie every time", func(int) string { return "a=1; Path=/" }, 2, 2},
		{"same cookie, a later expiry", func(n int) string { return "a=1; Path=/; Max-Age=" + strconv.Itoa(100+n) }, 2, 2},
		// A new value each time is a change each time: the walk goes on to
		// the redirect limit.
		{"a new value every time", func(n int) string { return "a=" + strconv.Itoa(n) + "; Path=/" }, 0, 21},
		// Deleting a cookie the jar holds is a change; deleting one it
		// does not hold is none.
		{"set, then deleted, then deleted again", func(n int) string {
			if n == 1 {
				return "a=1; Path=/"
			}
			return "a=; Path=/; Max-Age=0"
		}, 3, 3},
		{"no cookie", func(int) string { return "" }, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				n++
				sc := tc.cookie(n)
				mu.Unlock()
				if sc != "" {
					w.Header().Add("Set-Cookie", sc)
				}
				http.Redirect(w, r, "/x", http.StatusFound)
			}))
			defer srv.Close()
			c := walkURL(t, get(srv.URL+"/x"))
			if tc.loopTo == 0 {
				if c.Stop == inspect.StopLoop || len(c.Hops) != tc.hops {
					t.Fatalf("stop %s (loop to %d), %d hops; want no loop, %d hops", c.Stop, c.LoopTo, len(c.Hops), tc.hops)
				}
				return
			}
			if c.Stop != inspect.StopLoop || c.LoopTo != tc.loopTo || len(c.Hops) != tc.hops {
				t.Fatalf("stop %s, loop to %d, %d hops; want a loop to hop %d after %d hops", c.Stop, c.LoopTo, len(c.Hops), tc.loopTo, tc.hops)
			}
		})
	}
}

// TestSeveralLocations: the walk sends what its client makes of two
// Location headers: the first, the two joined, or nothing (browsers
// refuse differing values).
func TestSeveralLocations(t *testing.T) {
	t.Parallel()
	sent := locationSite(t, "/one", "/two")
	for _, tc := range []struct {
		p    *client.Profile
		want string // the second request's target, "" for none
	}{
		{client.Browser, ""},
		{client.Curl, "/one"},
		{client.PythonRequests, "/one,%20/two"},
		{client.Node, "/one,%20/two"},
	} {
		got, c := sent(tc.p)
		if got != tc.want {
			t.Errorf("%s: second request %q; want %q", tc.p.Name, got, tc.want)
		}
		if wantStop := inspect.StopInvalidLocation; (tc.want == "") != (c.Stop == wantStop) {
			t.Errorf("%s: stop %s", tc.p.Name, c.Stop)
		}
	}
	// An empty Location, then /ok: curl 7.88.1 skips the empty one; Go's
	// Header.Get reads "", no Location: the 302 is the final response;
	// browsers refuse the two, which differ (each seen on loopback).
	sent = locationSite(t, "", "/ok")
	for _, tc := range []struct {
		p    *client.Profile
		want string
		stop inspect.Stop
	}{
		{client.Curl, "/ok", inspect.StopFinal},
		{client.Go, "", inspect.StopNoLocation},
		{client.Browser, "", inspect.StopInvalidLocation},
	} {
		if got, c := sent(tc.p); got != tc.want || c.Stop != tc.stop {
			t.Errorf("%s, Location \"\" then /ok: sent %q, stop %s; want %q, %s", tc.p.Name, got, c.Stop, tc.want, tc.stop)
		}
	}
}

// TestImpliedContentTypeGoesWithTheBody: the Content-Type added for -d
// goes when the body is dropped (curl 7.88.1 -L -d x through a 302 sends
// a GET with none; -X PUT -d x a PUT with none); one the user gave stays
// with curl, which keeps the user's headers.
func TestImpliedContentTypeGoesWithTheBody(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/next", http.StatusFound)
			return
		}
		mu.Lock()
		got = append(got, r.Method+" "+r.Header.Get("Content-Type"))
		mu.Unlock()
	}))
	defer srv.Close()
	const form = "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		method  string
		forced  bool
		implied bool
		want    string
	}{
		{"POST", false, true, "GET "},
		{"POST", false, false, "GET " + form},
		{"PUT", true, true, "PUT "},
		{"PUT", true, false, "PUT " + form},
	} {
		mu.Lock()
		got = nil
		mu.Unlock()
		req := inspect.Request{URL: srv.URL + "/start", Method: tc.method, Body: []byte("a=1"), MethodForced: tc.forced,
			Header: http.Header{"Content-Type": {form}}, ContentTypeImplied: tc.implied}
		walkURL(t, req, func(w *Walker) { w.Profile = client.Curl })
		mu.Lock()
		sent := strings.Join(got, "|")
		mu.Unlock()
		if sent != tc.want {
			t.Errorf("%s (implied type %v): second request %q; want %q", tc.method, tc.implied, sent, tc.want)
		}
	}
}

// TestFollowRefreshActsAsChromium: with --follow-refresh a browser walk
// goes where Chromium goes from a page with two refreshes (the later meta,
// both due at once), and Googlebot to the first meta refresh.
func TestFollowRefreshActsAsChromium(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/two" {
			w.Header().Set("Refresh", "0; url=/from-header")
			io.WriteString(w, `<html><head><meta http-equiv="refresh" content="0;url=/first"><meta http-equiv="refresh" content="0;url=/second"></head></html>`)
			return
		}
		io.WriteString(w, "<html><body>landed</body></html>")
	}))
	defer srv.Close()
	for _, tc := range []struct {
		p    *client.Profile
		want string
	}{
		{client.Browser, "/second"},
		{client.Googlebot, "/first"},
	} {
		c := walkURL(t, get(srv.URL+"/two"), func(w *Walker) { w.Profile, w.FollowRefresh = tc.p, true })
		if len(c.Hops) != 2 || c.Hops[1].URL != srv.URL+tc.want || c.Hops[1].Via != inspect.ViaMetaRefresh {
			var urls []string
			for _, h := range c.Hops {
				urls = append(urls, h.URL)
			}
			t.Errorf("%s: hops %q; want the page, then %s by its meta refresh", tc.p.Name, urls, tc.want)
		}
	}
}

// TestLocationNotUTF8: requests (and HTTPie) decode a Location as UTF-8
// and fail on /caf\xe9 (requests 2.28.1 raised UnicodeDecodeError in
// difftest); curl sends it percent-encoded.
func TestLocationNotUTF8(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			w.Header()["Location"] = []string{"/caf\xe9"}
			w.WriteHeader(http.StatusFound)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		p    *client.Profile
		stop inspect.Stop
		hops int
	}{
		{client.PythonRequests, inspect.StopInvalidLocation, 1},
		{client.HTTPie, inspect.StopInvalidLocation, 1},
		{client.Curl, inspect.StopFinal, 2},
	} {
		c := walkURL(t, get(srv.URL+"/start"), func(w *Walker) { w.Profile = tc.p })
		if c.Stop != tc.stop || len(c.Hops) != tc.hops {
			t.Errorf("%s: stop %s after %d hops; want %s after %d", tc.p.Name, c.Stop, len(c.Hops), tc.stop, tc.hops)
		}
		if tc.stop == inspect.StopInvalidLocation && (c.Hops[0].LocationErr == nil || !strings.Contains(c.Hops[0].LocationErr.Error(), "UTF-8")) {
			t.Errorf("%s: error %v", tc.p.Name, c.Hops[0].LocationErr)
		}
	}
}

// TestStrictHeaderBytes: a control byte in a header value makes Node's
// clients and Go's fail the request (llhttp HPE_INVALID_HEADER_TOKEN,
// seen in difftest's control-byte scenario), where browsers, curl and
// requests read the response.
func TestStrictHeaderBytes(t *testing.T) {
	t.Parallel()
	site := lineServer(t, func(_ string, c net.Conn, _ <-chan struct{}) {
		io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Note: a\x01b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
	})
	for _, tc := range []struct {
		p    *client.Profile
		fail bool
	}{
		{client.Browser, false}, {client.Curl, false}, {client.PythonRequests, false},
		{client.Node, true}, {client.NodeFetch, true}, {client.Axios, true}, {client.Go, true},
	} {
		c := walkURL(t, get(site+"/"), func(w *Walker) { w.Profile = tc.p })
		failed := c.Stop == inspect.StopFailed && c.Hops[0].Err != nil && strings.Contains(c.Hops[0].Err.Error(), "X-Note header holds the control byte 0x01")
		if failed != tc.fail || !tc.fail && c.Stop != inspect.StopFinal {
			t.Errorf("%s: stop %s, error %v; want failed %v", tc.p.Name, c.Stop, c.Hops[0].Err, tc.fail)
		}
	}
}

// TestEmptyQueryOnTheWire: "/x?" goes out as "/x" from curl, requests,
// urllib, undici and axios, as "/x?" from browsers, wget, node-fetch and
// Go (difftest's empty-query scenario, all nine real clients).
func TestEmptyQueryOnTheWire(t *testing.T) {
	t.Parallel()
	sent := locationSite(t, "/x?")
	for _, tc := range []struct {
		p    *client.Profile
		want string
	}{
		{client.Browser, "/x?"}, {client.Wget, "/x?"}, {client.NodeFetch, "/x?"}, {client.Go, "/x?"},
		{client.Curl, "/x"}, {client.PythonRequests, "/x"}, {client.HTTPie, "/x"}, {client.Urllib, "/x"},
		{client.Node, "/x"}, {client.Axios, "/x"},
	} {
		if got, _ := sent(tc.p); got != tc.want {
			t.Errorf("%s: sent %q; want %q", tc.p.Name, got, tc.want)
		}
	}
	// The URL the user gave: curl 7.88.1 and urllib send "/x?" as it is,
	// requests, HTTPie, Node's fetch and axios drop the "?" there too
	// (each run on loopback, 2026-12-02).
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.RequestURI)
		mu.Unlock()
	}))
	defer srv.Close()
	for _, tc := range []struct {
		p    *client.Profile
		want string
	}{
		{client.Curl, "/x?"}, {client.Urllib, "/x?"}, {client.Browser, "/x?"}, {client.Go, "/x?"},
		{client.PythonRequests, "/x"}, {client.HTTPie, "/x"}, {client.Node, "/x"}, {client.Axios, "/x"},
	} {
		mu.Lock()
		got = nil
		mu.Unlock()
		walkURL(t, get(srv.URL+"/x?"), func(w *Walker) { w.Profile = tc.p })
		mu.Lock()
		if sent := strings.Join(got, " "); sent != tc.want {
			t.Errorf("%s, the URL given: sent %q; want %q", tc.p.Name, sent, tc.want)
		}
		mu.Unlock()
	}
}

// TestLocationUserinfo: a Location's user and password, as each client
// treats them in difftest's userinfo scenarios: Go sends them as Basic
// authorization, curl to the first origin only, requests not at all, and
// urllib and Node's fetch fail.
func TestLocationUserinfo(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, "other "+r.Header.Get("Authorization"))
		mu.Unlock()
	}))
	defer other.Close()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, strings.Replace(srv.URL, "://", "://u:pw@", 1)+"/x", http.StatusFound)
		case "/other":
			http.Redirect(w, r, strings.Replace(other.URL, "://", "://u:pw@", 1)+"/x", http.StatusFound)
		default:
			mu.Lock()
			got = append(got, "same "+r.Header.Get("Authorization"))
			mu.Unlock()
		}
	}))
	defer srv.Close()
	const basic = "Basic dTpwdw==" // u:pw
	for _, tc := range []struct {
		p           *client.Profile
		same, other string // what the second request carried, "" for none sent
	}{
		{client.Go, "same " + basic, "other " + basic},
		{client.Curl, "same " + basic, "other "},
		{nil, "same " + basic, "other " + basic}, // curl --location-trusted
		{client.PythonRequests, "same ", "other "},
		{client.Browser, "same ", "other "},
		{client.Urllib, "", ""},
		{client.Node, "", ""},
	} {
		for _, path := range []string{"/same", "/other"} {
			mu.Lock()
			got = nil
			mu.Unlock()
			p, trusted := tc.p, tc.p == nil
			if trusted {
				p = client.Curl
			}
			c := walkURL(t, get(srv.URL+path), func(w *Walker) { w.Profile, w.LocationTrusted = p, trusted })
			mu.Lock()
			sent := strings.Join(got, " | ")
			mu.Unlock()
			want := tc.same
			if path == "/other" {
				want = tc.other
			}
			if sent != want || (want == "") != (c.Stop == inspect.StopInvalidLocation) {
				t.Errorf("%s (trusted %v) %s: second request %q, stop %s; want %q", p.Name, trusted, path, sent, c.Stop, want)
			}
		}
	}
}

// TestNodeFetchSecondRedirectWithBody: node-fetch 3.3.2 throws at the
// second redirect of a POST whose body the first kept (a 307 then a 302),
// but not at a 303 (difftest's POST-307-then-302 and POST-307-then-303).
func TestNodeFetchSecondRedirectWithBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		second int
		stop   inspect.Stop
		hops   int
	}{{302, inspect.StopRefused, 2}, {307, inspect.StopRefused, 2}, {303, inspect.StopFinal, 3}} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/start":
				http.Redirect(w, r, "/mid", http.StatusTemporaryRedirect)
			case "/mid":
				http.Redirect(w, r, "/end", tc.second)
			}
		}))
		req := inspect.Request{URL: srv.URL + "/start", Method: "POST", Body: []byte{}} // -d '': a body none the less
		for _, p := range []*client.Profile{client.NodeFetch, client.Node} {
			c := walkURL(t, req, func(w *Walker) { w.Profile = p })
			stop, hops := tc.stop, tc.hops
			if p == client.Node {
				stop, hops = inspect.StopFinal, 3
			}
			if c.Stop != stop || len(c.Hops) != hops {
				t.Errorf("%s, 307 then %d: stop %s after %d hops; want %s after %d", p.Name, tc.second, c.Stop, len(c.Hops), stop, hops)
			}
			if stop == inspect.StopRefused {
				if m := c.StopMessage(); m != "node-fetch throws (a TypeError) at a redirect of a request that still carries its body: no further request" {
					t.Errorf("%s, 307 then %d: message %q", p.Name, tc.second, m)
				}
				for _, f := range c.Findings {
					if f.Code == inspect.CodeMethodAtRisk {
						t.Errorf("%s, 307 then %d: method-at-risk on a redirect it does not follow: %s", p.Name, tc.second, f.Message)
					}
				}
			}
		}
		srv.Close()
	}
}

// TestClientSlashes: runs of slashes as the real clients read them in
// difftest's three-slashes, four-slashes and scheme-one-slash scenarios
// (curl 7.88.1, wget 1.21.3, requests 2.28.1, urllib 3.11; Go as net/url).
func TestClientSlashes(t *testing.T) {
	t.Parallel()
	const fail = "fail"
	for _, tc := range []struct {
		p                     *client.Profile
		three, four, oneAfter string
	}{
		{client.Curl, "//h:1/x", fail, "http://h:1/x"},
		{client.Wget, fail, fail, "http:/h:1/x"},
		{client.PythonRequests, "/h:1/x", "//h:1/x", "http:/h:1/x"},
		{client.Urllib, "/h:1/x", "//h:1/x", "http:/h:1/x"},
		{client.Go, "///h:1/x", "////h:1/x", "http:/h:1/x"},
	} {
		for _, c := range []struct{ in, want string }{{"///h:1/x", tc.three}, {"////h:1/x", tc.four}, {"http:/h:1/x", tc.oneAfter}} {
			got, err := clientSlashes(tc.p, c.in)
			if err != nil {
				got = fail
			}
			if got != c.want {
				t.Errorf("%s reads %q as %q; want %q", tc.p.Name, c.in, got, c.want)
			}
		}
	}
	if got, err := clientSlashes(client.Curl, "http://h/x"); err != nil || got != "http://h/x" {
		t.Errorf("curl: an ordinary URL became %q, %v", got, err)
	}
}

// locationSite serves /start as a 302 with the given Location values and
// records the request-target of every other request; sent walks /start
// as p and returns those targets, joined with " " ("" for none), and the
// chain.
func locationSite(t *testing.T, locations ...string) (sent func(p *client.Profile) (string, *inspect.Chain)) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			w.Header()["Location"] = locations
			w.WriteHeader(http.StatusFound)
			return
		}
		mu.Lock()
		got = append(got, r.RequestURI)
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	// The walks of one test run one after another: got is theirs in turn.
	return func(p *client.Profile) (string, *inspect.Chain) {
		mu.Lock()
		got = nil
		mu.Unlock()
		c := walkURL(t, get(srv.URL+"/start"), func(w *Walker) { w.Profile = p })
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(got, " "), c
	}
}

// TestEmptyFirstLocationIsNamed: Go stops at an empty first Location
// before a real one, and the finding says why (it had said nothing).
func TestEmptyFirstLocationIsNamed(t *testing.T) {
	t.Parallel()
	sent := locationSite(t, "", "/ok")
	_, c := sent(client.Go)
	var msgs []string
	for _, f := range c.Findings {
		if f.Code == inspect.CodeMissingLocation {
			msgs = append(msgs, f.Message)
		}
	}
	if want := `302 Found has 2 Location headers, the first empty ("", "/ok"): Go's net/http reads the first, as none, so it does not follow; browsers refuse the response; send exactly one`; len(msgs) != 1 || msgs[0] != want {
		t.Errorf("missing-location findings %q; want %q", msgs, want)
	}
}

// TestInvalidLocationQuotesTheValueRead: of an empty Location and a bad
// one, curl reads the second, and the finding quotes that one.
func TestInvalidLocationQuotesTheValueRead(t *testing.T) {
	t.Parallel()
	sent := locationSite(t, "", "http://[::1/x")
	_, c := sent(client.Curl)
	for _, f := range c.Findings {
		if f.Code == inspect.CodeInvalidLocation {
			if !strings.HasPrefix(f.Message, `Location "http://[::1/x" cannot be resolved`) {
				t.Errorf("invalid-location: %s", f.Message)
			}
			return
		}
	}
	t.Errorf("no invalid-location finding (stop %s)", c.Stop)
}
