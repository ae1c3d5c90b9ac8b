package walk

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// walkURL walks url with a fresh walker, adjusted by opts.
func walkURL(t *testing.T, req inspect.Request, opts ...func(*Walker)) *inspect.Chain {
	t.Helper()
	w := NewWalker()
	w.Timeout = 5 * time.Second
	for _, o := range opts {
		o(w)
	}
	c, err := w.Inspect(context.Background(), req)
	if err != nil {
		t.Fatalf("Inspect(%s): %v", req.URL, err)
	}
	return c
}

func get(url string) inspect.Request {
	return inspect.Request{URL: url, Method: "GET", Header: http.Header{}}
}

func hasCode(c *inspect.Chain, code inspect.Code) bool {
	for _, f := range c.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

func codes(c *inspect.Chain) []inspect.Code {
	var out []inspect.Code
	for _, f := range c.Findings {
		out = append(out, f.Code)
	}
	return out
}

// seen records what a test server received.
type seen struct {
	mu   sync.Mutex
	reqs []seenReq
}

type seenReq struct {
	Method, Path, Query string
	Body                string
	Header              http.Header
	Host                string
}

func (s *seen) record(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, seenReq{r.Method, r.URL.Path, r.URL.RawQuery, string(body), r.Header.Clone(), r.Host})
}

func (s *seen) all() []seenReq {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seenReq(nil), s.reqs...)
}

// fetchMethodTable is WHATWG Fetch's HTTP-redirect fetch step 12 written
// out (and what Chromium and Firefox send): 301 and 302 turn POST into GET,
// 303 turns every method but GET and HEAD into GET; the body goes with the
// method. Each row: status, method, the next method, whether the body is
// dropped.
var fetchMethodTable = []struct {
	status   int
	method   string
	next     string
	dropBody bool
}{
	{301, "GET", "GET", false}, {301, "HEAD", "HEAD", false}, {301, "POST", "GET", true},
	{301, "PUT", "PUT", false}, {301, "DELETE", "DELETE", false}, {301, "PATCH", "PATCH", false},
	{302, "GET", "GET", false}, {302, "HEAD", "HEAD", false}, {302, "POST", "GET", true},
	{302, "PUT", "PUT", false}, {302, "DELETE", "DELETE", false}, {302, "PATCH", "PATCH", false},
	{303, "GET", "GET", false}, {303, "HEAD", "HEAD", false}, {303, "POST", "GET", true},
	{303, "PUT", "GET", true}, {303, "DELETE", "GET", true}, {303, "PATCH", "GET", true},
	{307, "GET", "GET", false}, {307, "HEAD", "HEAD", false}, {307, "POST", "POST", false},
	{307, "PUT", "PUT", false}, {307, "DELETE", "DELETE", false}, {307, "PATCH", "PATCH", false},
	{308, "GET", "GET", false}, {308, "HEAD", "HEAD", false}, {308, "POST", "POST", false},
	{308, "PUT", "PUT", false}, {308, "DELETE", "DELETE", false}, {308, "PATCH", "PATCH", false},
}

// TestWalkMethodStatusTable sends every method through every redirect
// status to a real server and checks what the second request carried
// against Fetch's table.
func TestWalkMethodStatusTable(t *testing.T) {
	var rec seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		if strings.HasPrefix(r.URL.Path, "/from/") {
			code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/from/"))
			w.Header().Set("Location", "/to")
			w.WriteHeader(code)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()

	for _, row := range fetchMethodTable {
		status, m := row.status, row.method
		{
			t.Run(fmt.Sprintf("%d %s", status, m), func(t *testing.T) {
				rec = seen{}
				req := inspect.Request{URL: fmt.Sprintf("%s/from/%d", srv.URL, status), Method: m, Header: http.Header{}}
				if m != "GET" && m != "HEAD" {
					req.Body = []byte("payload=1")
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Content-Language", "en")
				}
				c := walkURL(t, req)
				got := rec.all()
				if len(got) != 2 || len(c.Hops) != 2 {
					t.Fatalf("server saw %d requests, chain has %d hops; want 2", len(got), len(c.Hops))
				}
				wantMethod, drop := row.next, row.dropBody
				second := got[1]
				if second.Method != wantMethod || c.Hops[1].Method != wantMethod {
					t.Errorf("second request %s (hop says %s); want %s", second.Method, c.Hops[1].Method, wantMethod)
				}
				hadBody := req.Body != nil
				switch {
				case hadBody && drop:
					if second.Body != "" || second.Header.Get("Content-Type") != "" || second.Header.Get("Content-Language") != "" {
						t.Errorf("body or body headers kept after drop: body %q, Content-Type %q", second.Body, second.Header.Get("Content-Type"))
					}
					if !c.Hops[0].BodyDropped {
						t.Error("hop 1 BodyDropped = false; want true")
					}
				case hadBody:
					if second.Body != "payload=1" || second.Header.Get("Content-Type") == "" {
						t.Errorf("body %q, Content-Type %q; want the body resent", second.Body, second.Header.Get("Content-Type"))
					}
					if c.Hops[1].BodyBytes != len("payload=1") {
						t.Errorf("hop 2 BodyBytes = %d", c.Hops[1].BodyBytes)
					}
				}
				// A 303's change is see-other (info), any other is method-change.
				changed := wantMethod != m
				if want := changed && status != 303; want != hasCode(c, inspect.CodeMethodChange) {
					t.Errorf("method-change finding = %v; want %v (codes %v)", !want, want, codes(c))
				}
				if want := changed && status == 303; want != hasCode(c, inspect.CodeSeeOther) {
					t.Errorf("see-other finding = %v; want %v (codes %v)", !want, want, codes(c))
				}
			})
		}
	}
}

func TestResolveLocation(t *testing.T) {
	base := "https://example.com/a/b/c?q=1#frag"
	cases := []struct {
		raw, want string
		ambiguous bool
		relative  bool
		inherited bool
		fails     bool
	}{
		{raw: "/x y", want: "https://example.com/x%20y#frag", relative: true, inherited: true},
		{raw: "  /lead  ", want: "https://example.com/lead#frag", relative: true, inherited: true, ambiguous: true},
		{raw: "//evil.example/p", want: "https://evil.example/p#frag", relative: true, inherited: true},
		{raw: "/\\evil.example/x", want: "https://evil.example/x#frag", relative: true, inherited: true, ambiguous: true},
		{raw: "\\\\evil.example/x", want: "https://evil.example/x#frag", relative: true, inherited: true, ambiguous: true},
		{raw: "///x", want: "https://x/#frag", relative: true, inherited: true, ambiguous: true},
		{raw: "https:foo", want: "https://example.com/a/b/foo#frag", inherited: true, ambiguous: true},
		{raw: "HTTPS://EXAMPLE.COM/", want: "https://example.com/#frag", inherited: true},
		{raw: "https://bücher.example/", want: "https://xn--bcher-kva.example/#frag", inherited: true},
		{raw: "http://0x7f.1/", want: "http://127.0.0.1/#frag", inherited: true, ambiguous: true},
		{raw: "/x\xff", want: "https://example.com/x%FF#frag", relative: true, inherited: true},
		{raw: "/%zz", want: "https://example.com/%zz#frag", relative: true, inherited: true, ambiguous: true},
		{raw: "#new", want: "https://example.com/a/b/c?q=1#new", relative: true},
		{raw: "?z=2", want: "https://example.com/a/b/c?z=2#frag", relative: true, inherited: true},
		{raw: "/p#own", want: "https://example.com/p#own", relative: true},
		{raw: "../up", want: "https://example.com/a/up#frag", relative: true, inherited: true},
		{raw: "https://example.com:99999/", fails: true},
		{raw: "http://[::1", fails: true},
		{raw: "//", fails: true},
		{raw: "", fails: true},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q", tc.raw), func(t *testing.T) {
			loc, err := href.ResolveLocation(base, tc.raw)
			if tc.fails {
				if err == nil {
					t.Fatalf("ResolveLocation(%q) = %s; want an error", tc.raw, loc.URL)
				}
				return
			}
			if err != nil {
				t.Fatalf("ResolveLocation(%q): %v", tc.raw, err)
			}
			if loc.URL != tc.want {
				t.Errorf("URL = %s; want %s", loc.URL, tc.want)
			}
			if loc.Ambiguous() != tc.ambiguous {
				t.Errorf("Ambiguous() = %v; want %v (Go: %q, %v)", loc.Ambiguous(), tc.ambiguous, loc.GoURL, loc.GoErr)
			}
			if loc.Relative != tc.relative {
				t.Errorf("Relative = %v; want %v", loc.Relative, tc.relative)
			}
			if loc.Inherited != tc.inherited {
				t.Errorf("Inherited = %v; want %v", loc.Inherited, tc.inherited)
			}
		})
	}
}

// TestWalkLocationResolution follows tricky Locations against a real
// server and checks which URL the next request went to.
func TestWalkLocationResolution(t *testing.T) {
	var rec seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		if loc := r.URL.Query().Get("loc"); loc != "" && r.URL.Path == "/start/here" {
			w.Header()["Location"] = []string{loc}
			w.WriteHeader(302)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	cases := []struct {
		name, loc, wantPath, wantURL string
		ambiguous                    bool
	}{
		{"relative path", "next", "/start/next", srv.URL + "/start/next#top", false},
		{"backslashes become slashes", `\other\page`, "/other/page", srv.URL + "/other/page#top", true},
		{"protocol-relative", "//" + host + "/pr", "/pr", srv.URL + "/pr#top", false},
		{"own fragment replaces", "/f#sec", "/f", srv.URL + "/f#sec", false},
		{"dot segments", "../x/./y", "/x/y", srv.URL + "/x/y#top", false},
		{"tab removed (Go rejects it)", "/ta\tb", "/tab", srv.URL + "/tab#top", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec = seen{}
			u := srv.URL + "/start/here?loc=" + urlQueryEscape(tc.loc) + "#top"
			c := walkURL(t, get(u))
			if len(c.Hops) != 2 {
				t.Fatalf("%d hops (stop %s, codes %v); want 2", len(c.Hops), c.Stop, codes(c))
			}
			if got := c.Hops[1].URL; got != tc.wantURL {
				t.Errorf("hop 2 URL = %s; want %s", got, tc.wantURL)
			}
			reqs := rec.all()
			if len(reqs) != 2 {
				t.Fatalf("server saw %d requests; want 2", len(reqs))
			}
			if reqs[1].Path != tc.wantPath {
				t.Errorf("server saw path %q; want %q", reqs[1].Path, tc.wantPath)
			}
			if hasCode(c, inspect.CodeAmbiguousLocation) != tc.ambiguous {
				t.Errorf("ambiguous-location = %v; want %v", !tc.ambiguous, tc.ambiguous)
			}
			if !hasCode(c, inspect.CodeFragment) {
				t.Errorf("no fragment finding; codes %v", codes(c))
			}
		})
	}
}

func urlQueryEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func TestWalkLoop(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		next := map[string]string{"/a": "/b", "/b": "/c", "/c": "/a"}[r.URL.Path]
		w.Header().Set("Location", next)
		w.WriteHeader(302)
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/a"))
	if c.Stop != inspect.StopLoop || c.LoopTo != 1 || len(c.Hops) != 3 {
		t.Fatalf("stop %s, loop to %d, %d hops; want loop to 1 after 3 hops", c.Stop, c.LoopTo, len(c.Hops))
	}
	if hits.Load() != 3 {
		t.Errorf("server hit %d times; want 3 (the loop is not re-requested)", hits.Load())
	}
	if !hasCode(c, inspect.CodeLoop) || c.Final() {
		t.Errorf("codes %v, final %v; want loop and no final response", codes(c), c.Final())
	}
}

// TestWalkCookieBounceIsNotALoop: a page that sets a cookie and sends the
// visitor back is visited twice, and that is not a loop.
func TestWalkCookieBounceIsNotALoop(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page":
			if _, err := r.Cookie("consent"); err != nil {
				w.Header().Set("Location", "/consent")
				w.WriteHeader(302)
				return
			}
			w.Write([]byte("welcome"))
		case "/consent":
			http.SetCookie(w, &http.Cookie{Name: "consent", Value: "yes", Path: "/"})
			w.Header().Set("Location", "/page")
			w.WriteHeader(302)
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/page"))
	if c.Stop != inspect.StopFinal || len(c.Hops) != 3 || c.Last().Status != 200 {
		t.Fatalf("stop %s, %d hops, codes %v; want a final 200 after 3 hops", c.Stop, len(c.Hops), codes(c))
	}
	if hasCode(c, inspect.CodeLoop) {
		t.Error("a cookie bounce was reported as a loop")
	}
	// Without cookies the same bounce is a loop.
	c = walkURL(t, get(srv.URL+"/page"), func(w *Walker) { w.Cookies = false })
	if c.Stop != inspect.StopLoop {
		t.Errorf("with --no-cookies stop = %s; want loop", c.Stop)
	}
}

func TestWalkRedirectLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		end, _ := strconv.Atoi(r.URL.Query().Get("end"))
		if n < end {
			w.Header().Set("Location", fmt.Sprintf("/r/%d?end=%d", n+1, end))
			w.WriteHeader(301)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()

	t.Run("20 redirects are followed", func(t *testing.T) {
		c := walkURL(t, get(srv.URL+"/r/0?end=20"))
		if c.Stop != inspect.StopFinal || c.Redirects() != 20 || c.Last().Status != 200 {
			t.Fatalf("stop %s after %d redirects; want final after 20", c.Stop, c.Redirects())
		}
		if hasCode(c, inspect.CodeTooManyHops) {
			t.Error("too-many-hops at 20 redirects")
		}
	})
	t.Run("a 3xx after the 20th stops", func(t *testing.T) {
		c := walkURL(t, get(srv.URL+"/r/0?end=21"))
		if c.Stop != inspect.StopMaxRedirects || c.Redirects() != 20 || len(c.Hops) != 21 {
			t.Fatalf("stop %s, %d hops; want max-redirects with 21 hops", c.Stop, len(c.Hops))
		}
		if !hasCode(c, inspect.CodeTooManyHops) {
			t.Errorf("codes %v; want too-many-hops", codes(c))
		}
	})
	t.Run("--max-redirects 0 stops at the first response", func(t *testing.T) {
		c := walkURL(t, get(srv.URL+"/r/0?end=3"), func(w *Walker) { w.MaxRedirects = 0 })
		if len(c.Hops) != 1 || c.Stop != inspect.StopAtLimit {
			t.Fatalf("%d hops, stop %s; want 1 hop, stopped-at-limit", len(c.Hops), c.Stop)
		}
		h := c.Hops[0]
		if h.Next == nil || h.Next.URL != srv.URL+"/r/1?end=3" || h.NextMethod != "GET" {
			t.Errorf("the last hop does not show where it would go: next %+v, method %q", h.Next, h.NextMethod)
		}
		if len(c.Findings) == 0 || inspect.Worst(c.Findings) != inspect.SeverityInfo || !hasCode(c, inspect.CodeStoppedAtLimit) || hasCode(c, inspect.CodeTooManyHops) {
			t.Errorf("codes %v; want stopped-at-limit and nothing worse than info", codes(c))
		}
		for _, f := range c.Findings {
			if f.Code == inspect.CodeStoppedAtLimit && !strings.Contains(f.Message, "would be GET "+srv.URL+"/r/1?end=3") {
				t.Errorf("stopped-at-limit message %q does not name the next hop", f.Message)
			}
		}
	})
	t.Run("--max-redirects above the client's limit still reports it", func(t *testing.T) {
		c := walkURL(t, get(srv.URL+"/r/0?end=22"), func(w *Walker) { w.MaxRedirects = 30 })
		if c.Stop != inspect.StopFinal || c.Redirects() != 22 {
			t.Fatalf("stop %s after %d redirects; want final after 22", c.Stop, c.Redirects())
		}
		var found *inspect.Finding
		for i, f := range c.Findings {
			if f.Code == inspect.CodeTooManyHops {
				found = &c.Findings[i]
			}
		}
		if found == nil || found.Hop != 21 {
			t.Fatalf("too-many-hops = %+v; want it on hop 21, whose redirect browsers refuse", found)
		}
	})
}

// TestWalkCredentialsWithheld: Authorization and Cookie go to the first
// origin only, unless --location-trusted.
func TestWalkCredentialsWithheld(t *testing.T) {
	var other seen
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.record(r)
		w.WriteHeader(200)
	}))
	defer b.Close()
	var first seen
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.record(r)
		if r.URL.Path == "/same" {
			w.Header().Set("Location", "/go")
		} else {
			w.Header().Set("Location", b.URL+"/landing")
		}
		w.WriteHeader(302)
	}))
	defer a.Close()
	req := get(a.URL + "/same")
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Cookie", "sid=abc")
	req.Header.Set("X-Keep", "1")

	c := walkURL(t, req)
	if len(c.Hops) != 3 {
		t.Fatalf("%d hops; want 3", len(c.Hops))
	}
	for i, r := range first.all() {
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			t.Errorf("same-origin request %d lost Authorization", i+1)
		}
	}
	got := other.all()[0]
	if got.Header.Get("Authorization") != "" || got.Header.Get("Cookie") != "" {
		t.Errorf("other origin got Authorization %q, Cookie %q", got.Header.Get("Authorization"), got.Header.Get("Cookie"))
	}
	if got.Header.Get("X-Keep") != "1" {
		t.Error("an ordinary header was dropped too")
	}
	if !hasCode(c, inspect.CodeCredentialsDropped) {
		t.Errorf("codes %v; want credentials-dropped", codes(c))
	}

	other = seen{}
	c = walkURL(t, req, func(w *Walker) { w.LocationTrusted = true })
	if got := other.all()[0]; got.Header.Get("Authorization") != "Bearer s3cret" {
		t.Errorf("--location-trusted: other origin got Authorization %q", got.Header.Get("Authorization"))
	}
	if !hasCode(c, inspect.CodeCredentialsForwarded) {
		t.Errorf("codes %v; want credentials-forwarded", codes(c))
	}
}

// TestWalkBoundedBody: a 3xx with a 50 MB body costs at most the drain
// limit, and a final HTML page at most 64 KiB.
func TestWalkBoundedBody(t *testing.T) {
	const size = 50 << 20
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big-redirect" {
			w.Header().Set("Location", "/big-page")
			w.Header().Set("Content-Length", strconv.Itoa(size))
			w.WriteHeader(301)
		} else {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(200)
		}
		chunk := []byte(strings.Repeat("<p>filler</p>", 1024))
		for n := 0; n < size; n += len(chunk) {
			k, err := w.Write(chunk)
			written.Add(int64(k))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/big-redirect"))
	if len(c.Hops) != 2 || c.Last().Status != 200 {
		t.Fatalf("%d hops, codes %v", len(c.Hops), codes(c))
	}
	for _, h := range c.Hops {
		if h.BodyRead > DefaultBodyLimit {
			t.Errorf("hop %d read %d body bytes; want at most %d", h.N, h.BodyRead, DefaultBodyLimit)
		}
	}
	if c.Hops[0].BodyRead > drainLimit {
		t.Errorf("the redirect's body was read to %d bytes; want at most %d", c.Hops[0].BodyRead, drainLimit)
	}
	if c.Hops[1].BodyRead != DefaultBodyLimit {
		t.Errorf("the final HTML read %d bytes; want exactly %d", c.Hops[1].BodyRead, DefaultBodyLimit)
	}
	// Give the handlers a moment to notice the closed connections.
	srv.CloseClientConnections()
	srv.Close()
	if w := written.Load(); w >= 2*size/2 {
		t.Errorf("server wrote %d bytes of two %d-byte bodies; the bodies were downloaded", w, size)
	}
}

// TestWalkReusesConnection: five hops on one host use one TCP connection.
func TestWalkReusesConnection(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if n < 4 {
			w.Header().Set("Location", fmt.Sprintf("/%d", n+1))
			w.WriteHeader(302)
			fmt.Fprint(w, "moved")
			return
		}
		fmt.Fprint(w, "done")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/0"))
	if len(c.Hops) != 5 {
		t.Fatalf("%d hops; want 5", len(c.Hops))
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("server accepted %d connections; want 1", n)
	}
	for _, h := range c.Hops[1:] {
		if !h.Reused {
			t.Errorf("hop %d did not reuse the connection", h.N)
		}
		if h.Timing.Connect != nil {
			t.Errorf("hop %d has a connect time on a reused connection", h.N)
		}
	}
	if c.Hops[0].Timing.Connect == nil || c.Hops[0].Timing.TTFB == nil {
		t.Error("hop 1 lacks connect or TTFB timing")
	}
}

// TestWalkResolve: --resolve connects to the listener while the Host header
// and SNI name the host of the URL.
func TestWalkResolve(t *testing.T) {
	var sni atomic.Value
	var rec seen
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.record(r)
		w.WriteHeader(200)
	}))
	srv.TLS = &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		sni.Store(h.ServerName)
		return nil, nil
	}}
	srv.StartTLS()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())

	c := walkURL(t, get("https://example.com:"+port+"/named"), func(w *Walker) {
		w.Config.RootCAs = roots
		w.Config.Resolve = []Resolve{{Host: "example.com", Port: port, Addrs: []string{"127.0.0.1"}}}
	})
	if len(c.Hops) != 1 || !c.Hops[0].Responded() {
		t.Fatalf("hop failed: %v", c.Hops[0].Err)
	}
	if got := rec.all()[0].Host; got != "example.com:"+port {
		t.Errorf("Host header %q; want example.com:%s", got, port)
	}
	if got, _ := sni.Load().(string); got != "example.com" {
		t.Errorf("SNI %q; want example.com", got)
	}
	h := c.Hops[0]
	if h.TLS == nil || !h.TLS.Verified || h.TLS.ServerName != "example.com" {
		t.Errorf("TLS facts %+v; want verified for example.com", h.TLS)
	}
	if !strings.HasPrefix(h.RemoteAddr, "127.0.0.1:") {
		t.Errorf("remote address %q", h.RemoteAddr)
	}
}

func TestParseResolve(t *testing.T) {
	good := map[string]Resolve{
		"example.com:443:127.0.0.1":      {Host: "example.com", Port: "443", Addrs: []string{"127.0.0.1"}},
		"Example.COM:80:127.0.0.1,[::1]": {Host: "example.com", Port: "80", Addrs: []string{"127.0.0.1", "::1"}},
		"[::1]:8443:::1":                 {Host: "::1", Port: "8443", Addrs: []string{"::1"}},
		"*:443:127.0.0.2":                {Host: "*", Port: "443", Addrs: []string{"127.0.0.2"}},
		// curl's transient entry: the same for one run.
		"+a.test:8080:127.0.0.1": {Host: "a.test", Port: "8080", Addrs: []string{"127.0.0.1"}},
		// A URL's host is matched in its IDNA form (UTS 46: xn--bcher-kva).
		"Bücher.test:80:127.0.0.1": {Host: "xn--bcher-kva.test", Port: "80", Addrs: []string{"127.0.0.1"}},
	}
	for in, want := range good {
		got, err := ParseResolve(in)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("ParseResolve(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "example.com", "example.com:443", "example.com:0:127.0.0.1", "example.com:x:127.0.0.1", "example.com:443:not-an-ip", ":443:127.0.0.1", "[::1:443:::1",
		"-a.test:8080", "-a.test:8080:127.0.0.1", "++a.test:80:127.0.0.1", "a b:80:127.0.0.1", "a.test/x:80:127.0.0.1"} {
		if _, err := ParseResolve(in); err == nil {
			t.Errorf("ParseResolve(%q) succeeded; want an error", in)
		}
	}
}

func TestWalkFailures(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		c := walkURL(t, get("http://"+addr+"/"))
		if c.Stop != inspect.StopFailed || !hasCode(c, inspect.CodeRequestFailed) || c.Final() {
			t.Fatalf("stop %s, codes %v; want failed with request-failed", c.Stop, codes(c))
		}
		if he, ok := c.Hops[0].Err.(*inspect.HopError); !ok || he.Kind != "connect" {
			t.Errorf("error %v; want a connect error", c.Hops[0].Err)
		}
	})
	t.Run("per-hop timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		defer srv.Close()
		defer close(release)
		c := walkURL(t, get(srv.URL+"/slow"), func(w *Walker) { w.Timeout = 200 * time.Millisecond })
		if he, ok := c.Hops[0].Err.(*inspect.HopError); !ok || he.Kind != "timeout" {
			t.Fatalf("error %v; want a timeout", c.Hops[0].Err)
		}
	})
	t.Run("failure after a redirect keeps the chain", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		dead := l.Addr().String()
		l.Close()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "http://"+dead+"/gone")
			w.WriteHeader(301)
		}))
		defer srv.Close()
		c := walkURL(t, get(srv.URL))
		if len(c.Hops) != 2 || c.Hops[0].Status != 301 || c.Hops[1].Err == nil {
			t.Fatalf("hops %d; want the 301 and a failed hop", len(c.Hops))
		}
	})
}

func TestWalkStopsOnUnusableLocation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/none":
			w.WriteHeader(302)
		case "/two":
			w.Header()["Location"] = []string{"/a", "/b"}
			w.WriteHeader(302)
		case "/same-two":
			w.Header()["Location"] = []string{"/ok", "/ok"}
			w.WriteHeader(302)
		case "/js":
			w.Header().Set("Location", "javascript:alert(1)")
			w.WriteHeader(302)
		case "/bad-port":
			w.Header().Set("Location", "http://localhost:99999/")
			w.WriteHeader(302)
		case "/empty":
			w.Header()["Location"] = []string{""}
			w.WriteHeader(302)
		case "/resume":
			w.Header().Set("Range", "bytes=0-42")
			w.WriteHeader(308)
		case "/resume-empty":
			w.Header().Set("Range", "bytes=0-42")
			w.Header()["Location"] = []string{""}
			w.WriteHeader(308)
		case "/empty-and-not":
			w.Header()["Location"] = []string{"", "/x"}
			w.WriteHeader(302)
		case "/308-empty":
			w.Header()["Location"] = []string{""}
			w.WriteHeader(308)
		default:
			w.WriteHeader(200)
		}
	}))
	defer srv.Close()
	cases := []struct {
		path string
		stop inspect.Stop
		code inspect.Code
	}{
		{"/none", inspect.StopNoLocation, inspect.CodeMissingLocation},
		{"/two", inspect.StopInvalidLocation, inspect.CodeInvalidLocation},
		{"/js", inspect.StopUnsupportedScheme, inspect.CodeUnsupportedScheme},
		{"/bad-port", inspect.StopInvalidLocation, inspect.CodeInvalidLocation},
		{"/empty", inspect.StopNoLocation, inspect.CodeMissingLocation},
		{"/empty-and-not", inspect.StopInvalidLocation, inspect.CodeInvalidLocation},
		{"/308-empty", inspect.StopNoLocation, inspect.CodeMissingLocation},
		{"/resume", inspect.StopNoLocation, inspect.CodeResumeIncomplete},
		{"/resume-empty", inspect.StopNoLocation, inspect.CodeResumeIncomplete},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			req := get(srv.URL + tc.path)
			if strings.HasPrefix(tc.path, "/resume") {
				req.Method = "PUT"
			}
			c := walkURL(t, req)
			if c.Stop != tc.stop || !hasCode(c, tc.code) {
				t.Errorf("stop %s, codes %v; want %s with %s", c.Stop, codes(c), tc.stop, tc.code)
			}
			if tc.code == inspect.CodeResumeIncomplete {
				if len(c.Findings) != 1 {
					t.Errorf("the upload protocol's 308 got %v; want resume-incomplete alone", codes(c))
				}
				if c.Hops[0].Permanent() != nil {
					t.Error("the upload protocol's 308 is reported as a permanent redirect")
				}
				if m := c.Findings[0].Message; strings.Contains(m, "redirect status") || !strings.Contains(m, "bytes=0-42") {
					t.Errorf("resume-incomplete message %q", m)
				}
			}
			if tc.code == inspect.CodeMissingLocation && tc.path != "/none" && !strings.Contains(c.Findings[0].Message, "empty Location") {
				t.Errorf("missing-location message %q does not say the Location was empty", c.Findings[0].Message)
			}
		})
	}
	c := walkURL(t, get(srv.URL+"/same-two"))
	if c.Stop != inspect.StopFinal || len(c.Hops) != 2 {
		t.Errorf("identical duplicate Locations: stop %s, %d hops; want followed", c.Stop, len(c.Hops))
	}
}

func TestWalkFollowRefresh(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/meta":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><META HTTP-EQUIV="Refresh" CONTENT="0;URL='/header'"></head></html>`)
		case "/header":
			w.Header().Set("Refresh", "3; url=/end")
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "wait")
		default:
			fmt.Fprint(w, "end")
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/meta"))
	if len(c.Hops) != 1 || !hasCode(c, inspect.CodeMetaRefresh) {
		t.Fatalf("without --follow-refresh: %d hops, codes %v; want 1 hop and meta-refresh", len(c.Hops), codes(c))
	}
	c = walkURL(t, get(srv.URL+"/meta"), func(w *Walker) { w.FollowRefresh = true })
	if len(c.Hops) != 3 {
		t.Fatalf("with --follow-refresh: %d hops; want 3", len(c.Hops))
	}
	if c.Hops[1].Via != inspect.ViaMetaRefresh || c.Hops[2].Via != inspect.ViaRefreshHeader {
		t.Errorf("via %s, %s; want meta-refresh, refresh-header", c.Hops[1].Via, c.Hops[2].Via)
	}
	if !hasCode(c, inspect.CodeMetaRefresh) || !hasCode(c, inspect.CodeRefreshHeader) {
		t.Errorf("codes %v; want meta-refresh and refresh-header", codes(c))
	}
}

// TestWalkDoubleSlashInvalidEscape: a path that starts with "//" and holds
// an invalid escape reaches the server byte for byte (in absolute form, as
// net/url cannot write it in origin form). Go's own server refuses such a
// target, so a raw listener reads the request lines.
func TestWalkDoubleSlashInvalidEscape(t *testing.T) {
	lines := make(chan string, 4)
	base := lineServer(t, func(target string, c net.Conn, _ <-chan struct{}) {
		lines <- target
		if target == "/start" {
			io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: /x/..//0%zz\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	})
	c := walkURL(t, get(base+"/start"))
	if len(c.Hops) != 2 || c.Hops[1].URL != base+"//0%zz" || c.Last().Status != 200 {
		t.Fatalf("hops %d, last %q %d", len(c.Hops), c.Last().URL, c.Last().Status)
	}
	if first, second := <-lines, <-lines; first != "/start" || second != base+"//0%zz" {
		t.Errorf("the server received request-targets %q, %q; want /start, %q", first, second, base+"//0%zz")
	}
}

// TestWalkBoundsRetries: net/http retries a GET on another idle connection
// when a reused one dies before answering; against a host that resets
// every connection hops sends the request at most maxAttempts times.
func TestWalkBoundsRetries(t *testing.T) {
	var requests atomic.Int32
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					requests.Add(1)
					if req.URL.Path == "/warm" {
						io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
						continue
					}
					c.(*net.TCPConn).SetLinger(0) // reset
					return
				}
			}()
		}
	}()
	base := "http://" + l.Addr().String()
	w := NewWalker()
	tr, err := NewTransport(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tr.MaxIdleConnsPerHost = 50
	w.Transport = tr
	// Fill the pool with idle connections, as a check's rows do.
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := w.Walk(context.Background(), get(base+"/warm")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	before := requests.Load()
	c, err := w.Walk(context.Background(), get(base+"/reset"))
	if err != nil {
		t.Fatal(err)
	}
	// The first attempt and two retries, as browsers allow about.
	if n := requests.Load() - before; n > 3 {
		t.Errorf("the resetting URL was requested %d times; want at most 3", n)
	}
	if c.Stop != inspect.StopFailed {
		t.Errorf("stop %s; want failed", c.Stop)
	}
}

// browserLimited is the browser profile with another redirect limit: a
// client whose own limit a walk can reach quickly.
func browserLimited(n int) *client.Profile {
	p := *client.Browser
	p.MaxRedirects = n
	return &p
}

// TestWalkFollowsItsProfile: the engine asks its profile, so a client with
// other rules walks the same server differently: credentials that come
// back home, RFC 3986 resolution, no fragment inheritance, an empty
// Location that leads back to the same URL, 300 followed.
func TestWalkFollowsItsProfile(t *testing.T) {
	var first seen
	var other *httptest.Server
	other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.URL.Query().Get("back")+"/home", http.StatusFound)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.record(r)
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/?back="+r.Host, http.StatusFound)
		case "/backslash":
			w.Header().Set("Location", `\\evil.test\x`)
			w.WriteHeader(http.StatusFound)
		case "/frag":
			w.Header().Set("Location", "/plain")
			w.WriteHeader(http.StatusFound)
		case "/empty":
			w.Header()["Location"] = []string{""}
			w.WriteHeader(http.StatusFound)
		case "/choices":
			w.Header().Set("Location", "/chosen")
			w.WriteHeader(http.StatusMultipleChoices)
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	p := *client.Browser
	p.Name = "test"
	p.StickyCredentials = false
	p.Parser = client.RFC3986
	p.InheritFragment = false
	p.EmptyLocationIsNone = false
	p.Follows = append([]int{300}, p.Follows...)
	use := func(w *Walker) { w.Profile = &p }

	req := get(srv.URL + "/away")
	req.Header.Set("Authorization", "Bearer t0k")
	c := walkURL(t, req, use)
	if len(c.Hops) != 3 || c.Last().URL != srv.URL+"/home" {
		t.Fatalf("hops %d, last %s", len(c.Hops), c.Last().URL)
	}
	got := first.all()
	if len(got) != 2 || got[1].Path != "/home" || got[1].Header.Get("Authorization") != "Bearer t0k" {
		t.Errorf("back on the first origin, a non-sticky client sends its credentials again: %+v", got)
	}
	if c.Hops[1].CredentialsDropped == nil {
		t.Error("the other origin's hop does not report the credentials withheld")
	}

	// Browsers go to evil.test; an RFC 3986 client stays on the host,
	// with the backslashes as path characters.
	c = walkURL(t, get(srv.URL+"/backslash"), use)
	if c.Last().URL != srv.URL+"/%5C%5Cevil.test%5Cx" {
		t.Errorf("an RFC 3986 client resolves a backslash Location to %s", c.Last().URL)
	}
	c = walkURL(t, get(srv.URL+"/frag#part"), use)
	if c.Last().URL != srv.URL+"/plain" {
		t.Errorf("without fragment inheritance the walk lands on %s", c.Last().URL)
	}
	c = walkURL(t, get(srv.URL+"/empty"), use)
	if c.Stop != inspect.StopLoop || len(c.Hops) != 1 {
		t.Errorf("an empty Location for this client: stop %s after %d hops; want a loop back to the same URL", c.Stop, len(c.Hops))
	}
	c = walkURL(t, get(srv.URL+"/choices"), use)
	if len(c.Hops) != 2 || c.Last().URL != srv.URL+"/chosen" {
		t.Errorf("a client that follows 300: %d hops to %s", len(c.Hops), c.Last().URL)
	}
}

// TestWalkSendsTheLocationAsTheClientDoes: what reaches the server after a
// raw UTF-8 Location with spaces is what the real client sent (its request
// line, recorded on loopback, 2026-12-02): curl escapes in lower case and
// writes a space in the query as "+", wget, requests and urllib escape in
// upper case, node-fetch and axios read the bytes as Latin-1 and so encode
// them twice, browsers and Node's fetch as the URL standard says.
func TestWalkSendsTheLocationAsTheClientDoes(t *testing.T) {
	t.Parallel()
	sent := locationSite(t, "/caf\xc3\xa9 x?q=\xc3\xa9 x&b=c d#f")
	tests := []struct {
		p    *client.Profile
		want string
	}{
		{client.Curl, "/caf%c3%a9%20x?q=%c3%a9+x&b=c+d"},
		{client.Wget, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{client.PythonRequests, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{client.HTTPie, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{client.Urllib, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{client.NodeFetch, "/caf%C3%83%C2%A9%20x?q=%C3%83%C2%A9%20x&b=c%20d"},
		{client.Axios, "/caf%C3%83%C2%A9%20x?q=%C3%83%C2%A9%20x&b=c%20d"},
		{client.Node, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{client.Browser, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
	}
	for _, tt := range tests {
		got, c := sent(tt.p)
		if got != tt.want {
			t.Errorf("%s: the server received %q, want %q", tt.p.Name, got, tt.want)
		}
		if len(c.Hops) != 2 || c.Hops[0].Next == nil || c.Hops[0].Next.Raw != "/caf\xc3\xa9 x?q=\xc3\xa9 x&b=c d#f" {
			t.Errorf("%s: the first hop does not keep the Location as received: %+v", tt.p.Name, c.Hops[0].Next)
		}
	}
}

// TestWalkMalformedEscapeAsTheClient: curl and urllib send a "%" that
// starts no escape as it is and follow; Go's client (net/url) refuses the
// Location; wget and requests escape that "%" (all as their servers
// received it). The server reads request lines itself: Go's would refuse
// "%zz" before a handler saw it.
func TestWalkMalformedEscapeAsTheClient(t *testing.T) {
	t.Parallel()
	targets := make(chan string, 16)
	site := lineServer(t, func(target string, c net.Conn, _ <-chan struct{}) {
		switch target {
		case "/start":
			io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: /a%41%zz?q=%zz\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			return
		case "/then":
			io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: /b%zz/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			return
		case "/b%zz/x":
			// The next Location is resolved against a URL that holds the
			// malformed escape.
			targets <- target
			io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			return
		}
		targets <- target
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	})
	tests := []struct {
		p    *client.Profile
		want string // "" for a Location the client refuses
	}{
		{client.Curl, "/a%41%zz?q=%zz"},
		{client.Urllib, "/a%41%zz?q=%zz"},
		{client.Wget, "/a%41%25zz?q=%25zz"},
		{client.PythonRequests, "/a%2541%25zz?q=%25zz"},
		{client.Go, ""},
	}
	for _, tt := range tests {
		c := walkURL(t, get(site+"/start"), func(w *Walker) { w.Profile = tt.p })
		var got []string
		for len(targets) > 0 {
			got = append(got, <-targets)
		}
		switch {
		case tt.want == "" && (len(got) != 0 || c.Stop != inspect.StopInvalidLocation):
			t.Errorf("%s: sent %q and stopped %s; want the Location refused", tt.p.Name, got, c.Stop)
		case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
			t.Errorf("%s: the server received %q, want %q", tt.p.Name, got, tt.want)
		}
	}
	// A relative Location on the page such a Location led to: curl goes on.
	c := walkURL(t, get(site+"/then"), func(w *Walker) { w.Profile = client.Curl })
	var got []string
	for len(targets) > 0 {
		got = append(got, <-targets)
	}
	if c.Stop != inspect.StopFinal || len(got) != 2 || got[0] != "/b%zz/x" || got[1] != "/b%zz/ok" {
		t.Errorf("curl after /b%%zz/x: stop %s, the server received %q; want /b%%zz/x then /b%%zz/ok", c.Stop, got)
	}
}

// TestWalkSwitchingProtocols: a 101 to a plain request ends the hop at once
// with an error, as browsers fail the navigation; its body is the raw
// connection, which the server here keeps open and silent.
func TestWalkSwitchingProtocols(t *testing.T) {
	t.Parallel()
	site := lineServer(t, func(_ string, c net.Conn, done <-chan struct{}) {
		io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
		<-done
	})
	done := make(chan *inspect.Chain, 1)
	go func() {
		done <- walkURL(t, get(site+"/"), func(w *Walker) { w.Timeout = time.Hour })
	}()
	select {
	case c := <-done:
		if len(c.Hops) != 1 || c.Stop != inspect.StopFailed || c.Hops[0].Err == nil || !strings.Contains(c.Hops[0].Err.Error(), "101 Switching Protocols") {
			t.Errorf("stop %s, hops %+v; want the first hop failed on the 101", c.Stop, c.Hops)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the walk still reads the 101's connection after 30 s (its --timeout is an hour)")
	}
}

// TestWalkURLBound: a Location that makes a URL longer than MaxURLBytes
// stops the walk there as an invalid Location; one just under is followed.
func TestWalkURLBound(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/long":
			w.Header().Set("Location", "/end?"+strings.Repeat("q", 70000))
			w.WriteHeader(http.StatusFound)
		case "/short":
			w.Header().Set("Location", "/end?"+strings.Repeat("q", 60000))
			w.WriteHeader(http.StatusFound)
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/long"))
	if c.Stop != inspect.StopInvalidLocation || len(c.Hops) != 1 || c.Hops[0].LocationErr == nil || !strings.Contains(c.Hops[0].LocationErr.Error(), fmt.Sprintf("a URL of %d bytes", len(srv.URL+"/end?")+70000)) {
		t.Errorf("70,000 bytes: stop %s after %d hops (%v); want an invalid Location at the first", c.Stop, len(c.Hops), c.Hops[0].LocationErr)
	}
	var msg string
	for _, f := range c.Findings {
		if f.Code == inspect.CodeInvalidLocation {
			msg = f.Message
		}
	}
	if msg == "" || len(msg) > 600 {
		t.Errorf("the finding quotes %d bytes of the Location; want it clipped: %.300s", len(msg), msg)
	}
	c = walkURL(t, get(srv.URL+"/short"))
	if c.Stop != inspect.StopFinal || len(c.Hops) != 2 {
		t.Errorf("60,000 bytes: stop %s after %d hops; want it followed", c.Stop, len(c.Hops))
	}
}

// TestWalkRedirectBodyIsNoFailure: a redirect's body is only drained, and
// no client waits for it: one that stalls (1 byte, then nothing) or that
// is cut short by the server is no failure of the hop, which is followed.
func TestWalkRedirectBodyIsNoFailure(t *testing.T) {
	t.Parallel()
	site := lineServer(t, func(target string, c net.Conn, done <-chan struct{}) {
		switch target {
		case "/stall":
			io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 1000\r\n\r\nx")
			<-done
		case "/short":
			io.WriteString(c, "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nContent-Length: 1000\r\n\r\nabc")
		default:
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		}
	})
	for _, path := range []string{"/stall", "/short"} {
		c := walkURL(t, get(site+path), func(w *Walker) { w.Timeout = time.Hour })
		if len(c.Hops) != 2 || c.Stop != inspect.StopFinal || c.Hops[0].BodyErr != nil || c.Hops[1].Status != 200 || hasCode(c, inspect.CodeRequestFailed) {
			t.Errorf("%s: stop %s after %d hops, first body error %v, findings %v; want the redirect followed to the 200", path, c.Stop, len(c.Hops), c.Hops[0].BodyErr, codes(c))
		}
	}
}

// TestWalkConnectTimeoutNamed: a server that accepts and never speaks TLS
// is cut by --connect-timeout, and the failure names that limit, not
// --timeout.
func TestWalkConnectTimeoutNamed(t *testing.T) {
	t.Parallel()
	// The TLS hello holds no line end: the server reads and never answers.
	site := lineServer(t, func(string, net.Conn, <-chan struct{}) {})
	c := walkURL(t, get(strings.Replace(site, "http://", "https://", 1)+"/"), func(w *Walker) {
		w.Timeout = time.Hour
		w.Config.ConnectTimeout = 300 * time.Millisecond
	})
	if len(c.Hops) != 1 || c.Hops[0].Err == nil || c.Hops[0].Err.Error() != "no connection and TLS handshake within --connect-timeout 300ms" {
		t.Errorf("hops %d, error %v; want the connect timeout named", len(c.Hops), c.Hops[0].Err)
	}
}

// TestWalkReferrerAsTheClient: a Referer given (-e) reaches each hop as the
// client sends it. Chromium 156, driven through the same chains, sent the
// whole URL to its own origin, the origin alone to another, and none from
// https to http; curl sends it as given on every hop.
func TestWalkReferrerAsTheClient(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]string{}
	record := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			got[name+r.URL.Path] = strings.Join(r.Header.Values("Referer"), "|")
			mu.Unlock()
		}
	}
	other := httptest.NewServer(record("other"))
	defer other.Close()
	var first *httptest.Server
	first = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("first")(w, r)
		if r.URL.Path == "/start" {
			http.Redirect(w, r, first.URL+"/again", http.StatusTemporaryRedirect)
			return
		}
		if r.URL.Path == "/again" {
			http.Redirect(w, r, other.URL+"/land", http.StatusTemporaryRedirect)
		}
	}))
	defer first.Close()

	walkAs := func(p *client.Profile, url, ref string) {
		req := get(url)
		req.Header.Set("Referer", ref)
		walkURL(t, req, func(w *Walker) { w.Profile = p })
	}
	ref := first.URL + "/form?secret=1#part"
	walkAs(client.Browser, first.URL+"/start", "http://u:pw@"+strings.TrimPrefix(ref, "http://"))
	want := map[string]string{
		"first/start": first.URL + "/form?secret=1",
		"first/again": first.URL + "/form?secret=1",
		"other/land":  first.URL + "/",
	}
	mu.Lock()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("browser, %s: Referer %q, want %q", k, got[k], v)
		}
	}
	got = map[string]string{}
	mu.Unlock()
	walkAs(client.Curl, first.URL+"/start", ref)
	mu.Lock()
	for _, k := range []string{"first/start", "first/again", "other/land"} {
		if got[k] != ref {
			t.Errorf("curl, %s: Referer %q, want %q", k, got[k], ref)
		}
	}
	mu.Unlock()
	if v := referrerFor("https://a.test/p?q", "http://b.test/x"); v != "" {
		t.Errorf("https to http: Referer %q, want none", v)
	}
	if v := referrerFor("https://a.test/p?q", "http://127.0.0.1:8080/x"); v != "https://a.test/" {
		t.Errorf("https to loopback http (potentially trustworthy): Referer %q, want the origin", v)
	}
}

// TestWalkFinalBodyStallIsNoted: the body of a final response that stalls
// keeps the hop's --timeout and is noted (only a redirect's body is given
// up on quietly).
func TestWalkFinalBodyStallIsNoted(t *testing.T) {
	t.Parallel()
	site := lineServer(t, func(_ string, c net.Conn, done <-chan struct{}) {
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
		<-done
	})
	c := walkURL(t, get(site+"/"), func(w *Walker) { w.Timeout = 300 * time.Millisecond })
	if len(c.Hops) != 1 || c.Hops[0].BodyErr == nil || !hasCode(c, inspect.CodeRequestFailed) {
		t.Errorf("hops %d, body error %v, findings %v; want the stalled final body noted", len(c.Hops), c.Hops[0].BodyErr, codes(c))
	}
}

// TestWalkRefreshURLBound: a refresh whose URL passes MaxURLBytes is not
// followed, as a Location that makes one is not.
func TestWalkRefreshURLBound(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Refresh", "0;url=/end?"+strings.Repeat("q", 70000))
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/"), func(w *Walker) { w.FollowRefresh = true })
	if len(c.Hops) != 1 || c.Stop != inspect.StopFinal {
		t.Errorf("%d hops, stop %s; want the refresh left unfollowed", len(c.Hops), c.Stop)
	}
}

// TestDrainGuardLateFire: a timer callback that runs after its drain ended
// and the next one began does not end the next one's context.
func TestDrainGuardLateFire(t *testing.T) {
	var g drainGuard
	first, second := 0, 0
	g.start(func(error) { first++ })
	g.stop()
	g.start(func(error) { second++ })
	g.fire() // the first drain's callback, late: the second's time is not up
	g.stop()
	if first != 0 || second != 0 {
		t.Errorf("a late callback cancelled %d first and %d second drains; want none", first, second)
	}
	g.start(func(error) { second++ })
	g.mu.Lock()
	g.due = time.Now().Add(-time.Millisecond) // this drain's time is up
	g.mu.Unlock()
	g.fire()
	g.stop()
	if second != 1 {
		t.Errorf("a callback on time cancelled %d drains; want 1", second)
	}
}

// TestWalkInvalidUTF8Location: a Latin-1 byte in a Location reaches the
// server as each client sent it (2026-12-02, loopback): browsers escape
// the byte (%E9), Node's fetch decodes it to U+FFFD (%EF%BF%BD), node-fetch
// reads it as Latin-1 (%C3%A9).
func TestWalkInvalidUTF8Location(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			w.Header()["Location"] = []string{"/caf\xe9"}
			w.WriteHeader(http.StatusFound)
			return
		}
		mu.Lock()
		got = append(got, r.RequestURI)
		mu.Unlock()
	}))
	defer srv.Close()
	for _, tt := range []struct {
		p    *client.Profile
		want string
	}{
		{client.Browser, "/caf%E9"},
		{client.Node, "/caf%EF%BF%BD"},
		{client.NodeFetch, "/caf%C3%A9"},
	} {
		mu.Lock()
		got = nil
		mu.Unlock()
		walkURL(t, get(srv.URL+"/start"), func(w *Walker) { w.Profile = tt.p })
		mu.Lock()
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s: the server received %q, want %q", tt.p.Name, got, tt.want)
		}
		mu.Unlock()
	}
}

// TestWalkGoReferer: Go's client (1.26, run against the same chain) puts
// the previous request's URL, without its userinfo, on each redirected
// request as Referer, keeps one the caller set, and sends none from https
// to http.
func TestWalkGoReferer(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string][]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.URL.Path] = r.Header.Values("Referer")
		mu.Unlock()
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case "/b":
			http.Redirect(w, r, "/c", http.StatusFound)
		}
	}))
	defer srv.Close()
	base := srv.URL
	walkURL(t, get(strings.Replace(base, "http://", "http://user:pw@", 1)+"/a?x=1"), func(w *Walker) { w.Profile = client.Go })
	mu.Lock()
	if len(got["/a"]) != 0 || fmt.Sprint(got["/b"]) != "["+base+"/a?x=1]" || fmt.Sprint(got["/c"]) != "["+base+"/b]" {
		t.Errorf("Referers %v; want none, then %s/a?x=1, then %s/b", got, base, base)
	}
	got = map[string][]string{}
	mu.Unlock()
	req := get(base + "/a")
	req.Header.Set("Referer", "http://given.example/p")
	walkURL(t, req, func(w *Walker) { w.Profile = client.Go })
	mu.Lock()
	for _, p := range []string{"/a", "/b", "/c"} {
		if fmt.Sprint(got[p]) != "[http://given.example/p]" {
			t.Errorf("%s: Referer %v; want the one given", p, got[p])
		}
	}
	mu.Unlock()
	if r := goReferer("https://a.test/x", "http://a.test/y", "http://given.example/p"); r != "" {
		t.Errorf("https to http: %q; want none", r)
	}
}

// lineServer answers one request on each loopback connection: it reads the
// request line and header and hands the request-target and the connection
// to answer, which may wait on done (closed when the test ends) to stall.
// Go's own server would refuse some targets ("%zz") before a handler ran.
func lineServer(t *testing.T, answer func(target string, c net.Conn, done <-chan struct{})) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				line, err := br.ReadString('\n')
				if err != nil {
					return
				}
				for {
					h, err := br.ReadString('\n')
					if err != nil || h == "\r\n" {
						break
					}
				}
				if f := strings.Fields(line); len(f) >= 2 {
					answer(f[1], c, done)
				}
			}()
		}
	}()
	return "http://" + l.Addr().String()
}
