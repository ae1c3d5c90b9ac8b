package walk

import (
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/canon"
	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/robots"
)

// site is a pair of test servers, plain and TLS, reachable under any host
// name through --resolve-style dialling; its handler sees which one it is on
// through r.TLS.
type site struct {
	plain, tls *httptest.Server
	roots      *x509.CertPool
	httpPort   string
	httpsPort  string
}

func newSite(t *testing.T, h http.HandlerFunc) *site {
	t.Helper()
	s := &site{plain: httptest.NewServer(h), tls: httptest.NewTLSServer(h)}
	t.Cleanup(s.plain.Close)
	t.Cleanup(s.tls.Close)
	s.roots = x509.NewCertPool()
	s.roots.AddCert(s.tls.Certificate())
	_, s.httpPort, _ = net.SplitHostPort(s.plain.Listener.Addr().String())
	_, s.httpsPort, _ = net.SplitHostPort(s.tls.Listener.Addr().String())
	return s
}

// http and https give URLs on the site for a host name; the httptest
// certificate is valid for example.com and its subdomains.
func (s *site) http(host, path string) string  { return "http://" + host + ":" + s.httpPort + path }
func (s *site) https(host, path string) string { return "https://" + host + ":" + s.httpsPort + path }

// walker sends every host name to the site's listeners.
func (s *site) walker(w *Walker) {
	w.Config.RootCAs = s.roots
	w.Config.Resolve = []Resolve{
		{Host: "*", Port: s.httpPort, Addrs: []string{"127.0.0.1"}},
		{Host: "*", Port: s.httpsPort, Addrs: []string{"127.0.0.1"}},
	}
}

// robotsFor has the walker read robots.txt through a transport of its
// own Config (so through the site's --resolve entries, never DNS).
func robotsFor(t *testing.T) func(*Walker) {
	return func(w *Walker) {
		tr, err := NewTransport(w.Config)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(tr.CloseIdleConnections)
		w.Robots = &robots.Cache{Client: &http.Client{Transport: tr}}
	}
}

// TestEveryCode triggers each finding code of the catalogue against a real
// loopback server.
func TestEveryCode(t *testing.T) {
	var s *site
	handler := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
			return
		}
		if r.URL.Path == "/self" {
			w.Header().Set("Location", "/self")
			w.WriteHeader(302)
			return
		}
		q := r.URL.Query()
		for _, h := range q["h"] {
			name, value, _ := strings.Cut(h, ":")
			w.Header().Add(name, value)
		}
		for _, loc := range q["loc"] {
			loc = strings.NewReplacer("{http}", s.http("example.com", ""), "{https}", s.https("example.com", ""),
				"{www-http}", s.http("www.example.com", ""), "{www-https}", s.https("www.example.com", "")).Replace(loc)
			w.Header().Add("Location", loc)
		}
		if b := q.Get("body"); b != "" {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(atoi(q.Get("s"), 200))
			fmt.Fprint(w, b)
			return
		}
		w.WriteHeader(atoi(q.Get("s"), 200))
	}
	s = newSite(t, handler)
	ex := func(path string) string { return s.http("example.com", path) }
	exs := func(path string) string { return s.https("example.com", path) }
	esc := urlQueryEscape

	dead, _ := net.Listen("tcp", "127.0.0.1:0")
	deadAddr := dead.Addr().String()
	dead.Close()

	cases := []struct {
		code inspect.Code
		req  inspect.Request
		opt  func(*Walker)
	}{
		{inspect.CodeLoop, get(ex("/self")), nil},
		{inspect.CodeTooManyHops, get(ex("/?s=301&loc=" + esc("/2?s=301&loc=%2F3"))), func(w *Walker) { w.MaxRedirects, w.Profile = 1, browserLimited(1) }},
		{inspect.CodeStoppedAtLimit, get(ex("/?s=301&loc=" + esc("/2?s=301&loc=%2F3"))), func(w *Walker) { w.MaxRedirects = 1 }},
		{inspect.CodeMethodAtRisk, inspect.Request{URL: ex("/?s=302&loc=/done"), Method: "PUT", Body: []byte("a=1"), Header: http.Header{}}, nil},
		{inspect.CodeSeeOther, inspect.Request{URL: ex("/?s=303&loc=/done"), Method: "POST", Body: []byte("a=1"), Header: http.Header{}}, nil},
		{inspect.CodeMissingLocation, get(ex("/?s=302")), nil},
		{inspect.CodeInvalidLocation, get(ex("/?s=302&loc=/x&loc=/y")), nil},
		{inspect.CodeUnsupportedScheme, get(ex("/?s=302&loc=" + esc("data:,hello"))), nil},
		{inspect.CodeRequestFailed, get("http://" + deadAddr + "/"), nil},
		{inspect.CodeFinalError, get(ex("/?s=503")), nil},
		{inspect.CodeDowngrade, get(exs("/?s=302&loc=" + esc("{http}/plain"))), nil},
		{inspect.CodeAmbiguousLocation, get(ex("/?s=302&loc=" + esc(`\other`))), nil},
		{inspect.CodeMethodChange, inspect.Request{URL: ex("/?s=302&loc=/done"), Method: "POST", Body: []byte("a=1"), Header: http.Header{}}, nil},
		{inspect.CodeCacheableTemporary, get(ex("/?s=307&loc=/t&h=" + esc("Cache-Control:max-age=600"))), nil},
		{inspect.CodeHSTSInvalid, get(exs("/?h=" + esc("Strict-Transport-Security:max-age=soon"))), nil},
		{inspect.CodeHSTSIgnoredOverHTTP, get(ex("/?h=" + esc("Strict-Transport-Security:max-age=600"))), nil},
		{inspect.CodeHSTSMissing, get(ex("/?s=301&loc=" + esc("{https}/secure"))), nil},
		{inspect.CodeHSTSPreloadIneligible, get(exs("/?h=" + esc("Strict-Transport-Security:max-age=600; preload"))), nil},
		{inspect.CodeHTTPSUpgradeNotFirst, get(ex("/?s=301&loc=" + esc("{www-http}/?s=301&loc=%7Bwww-https%7D%2F"))), nil},
		{inspect.CodeQueryDropped, get(ex("/?s=301&loc=/clean")), nil},
		{inspect.CodeLongChain, get(ex("/1?s=301&loc=" + esc("/2?s=301&loc="+esc("/3?s=301&loc=/4")))), nil},
		{inspect.CodeCredentialsForwarded, withAuth(get(ex("/?s=302&loc=" + esc("{www-http}/other")))), func(w *Walker) { w.LocationTrusted = true }},
		{inspect.CodeRelativeLocation, get(ex("/?s=302&loc=next")), nil},
		{inspect.CodeFragment, get(ex("/?s=302&loc=" + esc("/doc#part"))), nil},
		{inspect.CodePermanentCached, get(ex("/?s=308&loc=/p")), nil},
		{inspect.CodeCrossHost, get(ex("/?s=302&loc=" + esc("{www-http}/"))), nil},
		{inspect.CodeMetaRefresh, get(ex("/?body=" + esc(`<meta http-equiv="refresh" content="5; url=/later">`))), nil},
		{inspect.CodeRefreshHeader, get(ex("/?h=" + esc("Refresh:0; url=/soon"))), nil},
		{inspect.CodeJSRedirect, get(ex("/?body=" + esc(`<script>window.location.href = "/spa";</script>`))), nil},
		{inspect.CodeResumeIncomplete, inspect.Request{URL: ex("/upload?s=308&h=" + esc("Range:bytes=0-99")), Method: "PUT", Body: []byte("chunk"), Header: http.Header{}}, nil},
		{inspect.CodeUnusualStatus, get(ex("/?s=300&loc=/choice")), nil},
		{inspect.CodeDeprecation, get(ex("/?h=" + esc("Deprecation:@1767225600") + "&h=" + esc("Sunset:Thu, 31 Dec 2026 23:59:59 GMT") + "&h=" + esc("Link:</v2>; rel=\"successor-version\""))), nil},
		{inspect.CodeVaryUserAgent, get(ex("/?s=302&loc=/m&h=" + esc("Vary:User-Agent"))), nil},
		{inspect.CodeCertificateInvalid, get(s.https("wrong.test", "/")), func(w *Walker) { w.Config.Insecure = true }},
		{inspect.CodeMalformedResponse, get(ex("/?h=" + esc("X-Ctl:a\x01b"))), nil},
		{inspect.CodeCredentialsInLocation, get(ex("/?s=302&loc=" + esc("//alice:s3cret@www.example.com:"+s.httpPort+"/"))), nil},
		{inspect.CodeCredentialsDropped, withAuth(get(ex("/?s=302&loc=" + esc("{www-http}/other")))), nil},
		{inspect.CodeCanonicalElsewhere, get(ex("/?body=" + esc(`<link rel="canonical" href="/elsewhere">`))), nil},
		{inspect.CodeNoindex, get(ex("/?h=" + esc("X-Robots-Tag:noindex"))), nil},
		{inspect.CodeRedirectToRoot, get(ex("/old?s=301&loc=/")), nil},
		{inspect.CodeRobotsBlocked, get(ex("/private")), robotsFor(t)},
		{inspect.CodeMixedPermanence, get(ex("/?s=301&loc=" + esc("/2?s=302&loc=/3"))), nil},
	}
	covered := map[inspect.Code]bool{}
	for _, tc := range cases {
		covered[tc.code] = true
		t.Run(string(tc.code), func(t *testing.T) {
			c := walkURL(t, tc.req, s.walker, func(w *Walker) {
				if tc.opt != nil {
					tc.opt(w)
				}
			})
			var found *inspect.Finding
			for i, f := range c.Findings {
				if f.Code == tc.code {
					found = &c.Findings[i]
					break
				}
			}
			if found == nil {
				t.Fatalf("no %s finding; got %v", tc.code, codes(c))
			}
			if found.Severity != inspect.SeverityOf(tc.code) {
				t.Errorf("severity %s; want %s", found.Severity, inspect.SeverityOf(tc.code))
			}
			if strings.ContainsAny(found.Message, "\n\r") || len(found.Message) < 20 {
				t.Errorf("message is not one useful line: %q", found.Message)
			}
		})
	}
	// client-divergence comes from comparing the walks of several clients.
	covered[inspect.CodeClientDivergence] = true
	t.Run(string(inspect.CodeClientDivergence), func(t *testing.T) {
		req := inspect.Request{URL: ex("/?s=302&loc=/done"), Method: "PUT", Body: []byte("a=1"), Header: http.Header{}}
		var runs []analyze.Run
		for _, p := range []*client.Profile{client.Browser, client.Go} {
			runs = append(runs, analyze.Run{Client: p, Chain: walkURL(t, req, s.walker, func(w *Walker) { w.Profile = p })})
		}
		_, fs := analyze.Compare(runs)
		if len(fs) == 0 || fs[0].Code != inspect.CodeClientDivergence || fs[0].Severity != inspect.SeverityWarning {
			t.Fatalf("findings %+v; want client-divergence", fs)
		}
	})
	// sitemap-redirect comes from a check of a sitemap, on the chain of a
	// listed URL that redirects.
	covered[inspect.CodeSitemapRedirect] = true
	t.Run(string(inspect.CodeSitemapRedirect), func(t *testing.T) {
		c := walkURL(t, get(ex("/?s=301&loc=/2")), s.walker)
		check.SitemapFindings(c)
		want := fmt.Sprintf("%s is listed in the sitemap but redirects (301) to %s: list the final URL instead", ex("/?s=301&loc=/2"), ex("/2"))
		var f *inspect.Finding
		for i := range c.Findings {
			if c.Findings[i].Code == inspect.CodeSitemapRedirect {
				f = &c.Findings[i]
			}
		}
		if f == nil || f.Severity != inspect.SeverityWarning || f.Hop != 1 || f.Message != want {
			t.Fatalf("finding %+v; want %q", f, want)
		}
	})
	// entry-divergent comes from judging a site's entry points together
	// (hops canon): an http apex and an https www host that each answer
	// by themselves.
	covered[inspect.CodeEntryDivergent] = true
	t.Run(string(inspect.CodeEntryDivergent), func(t *testing.T) {
		var entries []canon.Entry
		for _, u := range []string{ex("/"), s.https("www.example.com", "/")} {
			entries = append(entries, canon.Entry{URL: u, Chain: walkURL(t, get(u), s.walker)})
		}
		fs := canon.Judge("example.com", entries).Findings
		if len(fs) == 0 || fs[0].Code != inspect.CodeEntryDivergent || fs[0].Severity != inspect.SeverityError {
			t.Fatalf("findings %+v; want entry-divergent", fs)
		}
	})
	for _, e := range inspect.Catalogue {
		if !covered[e.Code] {
			t.Errorf("no test case triggers %s", e.Code)
		}
	}
}

func withAuth(r inspect.Request) inspect.Request {
	r.Header.Set("Authorization", "Bearer t0ken")
	return r
}

func atoi(s string, def int) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		return def
	}
	return n
}

// TestCleanChain: http→https on the same host with good HSTS, then one 301
// to a 200, gives no warning and no error.
func TestCleanChain(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			w.Header().Set("Location", s.https("example.com", r.URL.Path))
			w.WriteHeader(301)
			return
		}
		w.Header().Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload")
		if r.URL.Path == "/old" {
			w.Header().Set("Cache-Control", "max-age=86400")
			w.Header().Set("Location", "https://example.com:"+s.httpsPort+"/new")
			w.WriteHeader(301)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>new</title>")
	})
	c := walkURL(t, get(s.http("example.com", "/old")), s.walker)
	if len(c.Hops) != 3 || c.Last().Status != 200 {
		t.Fatalf("%d hops, final %d; want 3 hops to a 200", len(c.Hops), c.Last().Status)
	}
	for _, f := range c.Findings {
		if f.Severity >= inspect.SeverityWarning {
			t.Errorf("clean chain has %s %s: %s", f.Severity, f.Code, f.Message)
		}
	}
	h := c.Hops[1].HSTS
	if h == nil || !h.Honored || !h.Preload {
		t.Errorf("HSTS of hop 2 = %+v; want honored with preload", h)
	}
}

// TestPreloadRulesNamed: the preload finding names each failing rule.
func TestPreloadRulesNamed(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			w.Header().Set("Location", s.https("www.example.com", "/"))
			w.WriteHeader(301)
			return
		}
		w.Header().Set("Strict-Transport-Security", "max-age=86400; preload")
	})
	c := walkURL(t, get(s.http("example.com", "/")), s.walker)
	var msg string
	for _, f := range c.Findings {
		if f.Code == inspect.CodeHSTSPreloadIneligible {
			msg = f.Message
		}
	}
	for _, want := range []string{"max-age=86400 is below 31536000", "includeSubDomains is missing"} {
		if !strings.Contains(msg, want) {
			t.Errorf("preload message %q lacks %q", msg, want)
		}
	}
	if !hasCode(c, inspect.CodeHTTPSUpgradeNotFirst) {
		t.Errorf("codes %v; want https-upgrade-not-first", codes(c))
	}
}

// TestDowngradeNotesHSTS: after a response with HSTS, a redirect back to
// http on that host is one browsers upgrade themselves; the finding says so.
func TestDowngradeNotesHSTS(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", "max-age=600")
			w.Header().Set("Location", s.http("example.com", "/plain"))
			w.WriteHeader(302)
			return
		}
		fmt.Fprint(w, "plain")
	})
	c := walkURL(t, get(s.https("example.com", "/secure")), s.walker)
	for _, f := range c.Findings {
		if f.Code == inspect.CodeDowngrade {
			if !strings.Contains(f.Message, "browsers noted HSTS for example.com at hop 1") {
				t.Errorf("downgrade message %q does not say browsers upgrade it", f.Message)
			}
			return
		}
	}
	t.Fatalf("no downgrade finding: %v", codes(c))
}

func TestDeprecationPastSunset(t *testing.T) {
	received := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	mk := func(sunset string) *inspect.Chain {
		c := &inspect.Chain{Stop: inspect.StopFinal, Hops: []inspect.Hop{{N: 1, URL: "https://api.example/v1", Method: "GET", Status: 200,
			Received: received, Header: http.Header{"Sunset": {sunset}}}}}
		c.Findings = analyze.Analyze(c)
		return c
	}
	past := mk("Thu, 01 Jan 2026 00:00:00 GMT")
	future := mk("Fri, 01 Jan 2027 00:00:00 GMT")
	if !strings.Contains(past.Findings[0].Message, "has passed") {
		t.Errorf("past sunset: %q", past.Findings[0].Message)
	}
	if strings.Contains(future.Findings[0].Message, "has passed") {
		t.Errorf("future sunset: %q", future.Findings[0].Message)
	}
}

// TestUpgradeNotFirstApache: Apache's usual order, a path rule on http
// before the https rule, starts on http and only later goes to https. The
// rule looks at the first redirect (as hstspreload.org does), so the chain
// gets https-upgrade-not-first even though it upgrades the same host later,
// and the preload check names the same fault.
func TestUpgradeNotFirstApache(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.TLS == nil && r.URL.Path == "/summer-sale":
			w.Header().Set("Location", s.http("example.com", "/sale.html"))
			w.WriteHeader(301)
		case r.TLS == nil:
			w.Header().Set("Location", s.https("example.com", r.URL.Path))
			w.WriteHeader(301)
		default:
			w.Header().Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload")
			fmt.Fprint(w, "sale")
		}
	})
	c := walkURL(t, get(s.http("example.com", "/summer-sale")), s.walker)
	var upgrade, preload *inspect.Finding
	for i, f := range c.Findings {
		switch f.Code {
		case inspect.CodeHTTPSUpgradeNotFirst:
			upgrade = &c.Findings[i]
		case inspect.CodeHSTSPreloadIneligible:
			preload = &c.Findings[i]
		}
	}
	if upgrade == nil || upgrade.Hop != 1 || !strings.Contains(upgrade.Message, "goes to "+s.http("example.com", "/sale.html")) {
		t.Fatalf("https-upgrade-not-first = %+v; want it on hop 1 naming the http target (codes %v)", upgrade, codes(c))
	}
	if preload == nil || !strings.Contains(preload.Message, "does not redirect to https on the same host first") {
		t.Errorf("preload finding %+v does not agree", preload)
	}

	// Upgrading first, then moving on https, is right.
	c = walkURL(t, get(s.http("example.com", "/sale.html")), s.walker)
	if hasCode(c, inspect.CodeHTTPSUpgradeNotFirst) {
		t.Errorf("http→https on the same host first got %v", codes(c))
	}
	// A walk stopped at the first response still judges its Location.
	c = walkURL(t, get(s.http("example.com", "/summer-sale")), s.walker, func(w *Walker) { w.MaxRedirects = 0 })
	if hasCode(c, inspect.CodeHTTPSUpgradeNotFirst) {
		t.Errorf("first redirect to http with nothing https seen got %v", codes(c))
	}
}

// TestMessagesTellTheTruth: what the findings say matches what happened.
func TestMessagesTellTheTruth(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if loc := q.Get("loc"); loc != "" && r.URL.Path != "/kept" {
			w.Header().Set("Location", loc)
			w.WriteHeader(atoi(q.Get("s"), 302))
			return
		}
		for _, h := range q["h"] {
			name, value, _ := strings.Cut(h, ":")
			w.Header().Add(name, value)
		}
		w.WriteHeader(atoi(q.Get("s"), 200))
	})
	ex := func(path string) string { return s.http("example.com", path) }
	esc := urlQueryEscape
	find := func(c *inspect.Chain, code inspect.Code) *inspect.Finding {
		for i, f := range c.Findings {
			if f.Code == code {
				return &c.Findings[i]
			}
		}
		return nil
	}

	t.Run("server text quoted as sent", func(t *testing.T) {
		c := walkURL(t, get(ex("/?loc="+esc(`\\evil.example\x`))), s.walker)
		f := find(c, inspect.CodeAmbiguousLocation)
		if f == nil || !strings.Contains(f.Message, `Location "\\evil.example\x"`) {
			t.Fatalf("ambiguous-location %+v; want the Location quoted as sent", f)
		}
	})
	t.Run("long-chain names a final URL that is not a redirect", func(t *testing.T) {
		c := walkURL(t, get(ex("/1?loc="+esc("/2?loc="+esc("/3?loc="+esc("/4"))))), s.walker)
		f := find(c, inspect.CodeLongChain)
		if f == nil || !strings.HasSuffix(f.Message, "redirect straight to "+ex("/4")) {
			t.Fatalf("long-chain %+v", f)
		}
	})
	t.Run("long-chain ending in a 3xx without Location", func(t *testing.T) {
		c := walkURL(t, get(ex("/1?loc="+esc("/2?loc="+esc("/3?loc="+esc("/4?s=301"))))), s.walker)
		f := find(c, inspect.CodeLongChain)
		if f == nil || strings.Contains(f.Message, "straight to http") {
			t.Fatalf("long-chain %+v advises a URL that is itself a redirect", f)
		}
	})
	t.Run("no long-chain without a final response", func(t *testing.T) {
		c := walkURL(t, get(ex("/1?loc="+esc("/2?loc="+esc("/3?loc="+esc("/4?loc=/5"))))), s.walker, func(w *Walker) { w.MaxRedirects, w.Profile = 3, browserLimited(3) })
		if c.Stop != inspect.StopMaxRedirects || find(c, inspect.CodeLongChain) != nil {
			t.Fatalf("stop %s, codes %v; want too-many-hops and no long-chain", c.Stop, codes(c))
		}
	})
	t.Run("final-error without a redirect", func(t *testing.T) {
		c := walkURL(t, get(ex("/gone?s=404")), s.walker)
		f := find(c, inspect.CodeFinalError)
		if f == nil || strings.Contains(f.Message, "redirect") {
			t.Fatalf("final-error %+v speaks of a redirect the chain does not have", f)
		}
		c = walkURL(t, get(ex("/?loc="+esc("/gone?s=404"))), s.walker)
		if f := find(c, inspect.CodeFinalError); f == nil || !strings.Contains(f.Message, "point the redirect at a live URL") {
			t.Fatalf("final-error after a redirect: %+v", f)
		}
	})
	t.Run("query replaced", func(t *testing.T) {
		c := walkURL(t, get(ex("/search?q=shoes&utm_source=mail&page=2&loc="+esc("/find?q=shoes"))), s.walker)
		f := find(c, inspect.CodeQueryDropped)
		if f == nil || !strings.Contains(f.Message, "utm_source, page, loc are lost") {
			t.Fatalf("query-dropped %+v; want the lost parameters named", f)
		}
		c = walkURL(t, get(ex("/a?x=1&loc="+esc("/kept?loc=1&x=2"))), s.walker)
		if f := find(c, inspect.CodeQueryDropped); f != nil {
			t.Fatalf("every parameter kept, yet %+v", f)
		}
	})
	t.Run("deprecation", func(t *testing.T) {
		cases := []struct{ dep, sunset, want, not string }{
			{"true", "", "it is deprecated (Deprecation: true); move clients to its successor; no Sunset header says when it ends", "sunset"},
			{"@1767225600", "", "it is deprecated since 2026-01-01", "sunset"},
			{"@4102444800", "", "it will be deprecated on 2100-01-01", "sunset"},
			{"", "Fri, 01 Jan 2100 00:00:00 GMT", "it ends on 2100-01-01 (Sunset); move clients before 2100-01-01", "has passed"},
			{"soon", "", "neither an RFC 9745 date", "sunset"},
		}
		for _, tc := range cases {
			path := "/api?h=" + esc("Deprecation:"+tc.dep)
			if tc.dep == "" {
				path = "/api?h=" + esc("Sunset:"+tc.sunset)
			} else if tc.sunset != "" {
				path += "&h=" + esc("Sunset:"+tc.sunset)
			}
			c := walkURL(t, get(ex(path)), s.walker)
			f := find(c, inspect.CodeDeprecation)
			if f == nil || !strings.Contains(f.Message, tc.want) || strings.Contains(f.Message, tc.not) {
				t.Errorf("Deprecation %q, Sunset %q: %+v; want %q and not %q", tc.dep, tc.sunset, f, tc.want, tc.not)
			}
		}
	})
}
