package walk

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// TestGooglebotMetaRefresh: under the googlebot profile the first meta
// refresh of a 2xx page is one more hop (not waited for), a script
// navigation is reported and never followed, and refreshes count toward
// the 10-redirect limit.
func TestGooglebotMetaRefresh(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		html := func(status int, head string) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			fmt.Fprintf(w, "<html><head>%s</head><body>x</body></html>", head)
		}
		switch p := r.URL.Path; {
		case p == "/instant":
			html(200, `<meta http-equiv="refresh" content="0; url=/delayed">`)
		case p == "/delayed":
			html(200, `<meta http-equiv="refresh" content="5;URL='/moved'">`)
		case p == "/moved":
			http.Redirect(w, r, "/end", http.StatusMovedPermanently)
		case p == "/end":
			html(200, `<script>location.href="/js-target"</script>`)
		case p == "/self":
			html(200, `<meta http-equiv="refresh" content="30">`)
		case p == "/gone":
			html(404, `<meta http-equiv="refresh" content="0; url=/end">`)
		case p == "/header":
			w.Header().Set("Refresh", "0; url=/end")
			html(200, "")
		case strings.HasPrefix(p, "/r/"):
			var n int
			fmt.Sscanf(p, "/r/%d", &n)
			html(200, fmt.Sprintf(`<meta http-equiv="refresh" content="0; url=/r/%d">`, n+1))
		default:
			http.NotFound(w, r)
		}
	})
	walkAs := func(path string, p *client.Profile) *inspect.Chain {
		return walkURL(t, get(s.http("example.com", path)), s.walker, func(w *Walker) { w.Profile = p; w.MaxRedirects = p.MaxRedirects })
	}
	trail := func(c *inspect.Chain) string {
		var parts []string
		for _, h := range c.Hops {
			u := strings.TrimPrefix(h.URL, s.http("example.com", ""))
			parts = append(parts, fmt.Sprintf("%s %d %s", h.Via, h.Status, u))
		}
		return strings.Join(parts, " > ")
	}
	for _, tc := range []struct {
		path, want string
		codes      []inspect.Code
	}{
		{"/instant", "http 200 /instant > meta-refresh 200 /delayed > meta-refresh 301 /moved > http 200 /end",
			[]inspect.Code{inspect.CodeMixedPermanence, inspect.CodeJSRedirect}},
		{"/self", "http 200 /self", nil},
		{"/gone", "http 404 /gone", []inspect.Code{inspect.CodeFinalError}},
		{"/header", "http 200 /header", []inspect.Code{inspect.CodeRefreshHeader}},
	} {
		c := walkAs(tc.path, client.Googlebot)
		if got := trail(c); got != tc.want {
			t.Errorf("googlebot %s:\n got %s\nwant %s", tc.path, got, tc.want)
		}
		for _, code := range tc.codes {
			if !hasCode(c, code) {
				t.Errorf("googlebot %s: no %s in %v", tc.path, code, codes(c))
			}
		}
	}
	// The browser profile waits for no refresh: one hop.
	if got := trail(walkAs("/instant", client.Browser)); got != "http 200 /instant" {
		t.Errorf("browser /instant: %s", got)
	}
	// Ten refreshes are followed; the eleventh is too many for Googlebot.
	c := walkAs("/r/0", client.Googlebot)
	if len(c.Hops) != 11 || c.Stop != inspect.StopMaxRedirects || !hasCode(c, inspect.CodeTooManyHops) {
		t.Errorf("/r/0: %d hops, stop %s, %v", len(c.Hops), c.Stop, codes(c))
	}
	// The messages say what Googlebot makes of each refresh.
	c = walkAs("/instant", client.Googlebot)
	var msgs []string
	for _, f := range c.Findings {
		if f.Code == inspect.CodeMetaRefresh {
			msgs = append(msgs, f.Message)
		}
	}
	want := []string{
		fmt.Sprintf(`meta refresh "0; url=/delayed" sends browsers to %s at once; Googlebot reads it as a permanent redirect, but an HTTP 301/308 says so to every client`, s.http("example.com", "/delayed")),
		fmt.Sprintf(`meta refresh "5;URL='/moved'" sends browsers to %s after 5s; Googlebot reads a delayed refresh as a temporary redirect: use an HTTP 301/308 if the move is for good`, s.http("example.com", "/moved")),
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("meta-refresh messages:\n got %q\nwant %q", msgs, want)
	}
}

// TestGooglebotGETOnly: the googlebot profile fetches: asked for a POST or
// a HEAD with a body and its headers, it sends a GET without them, as the
// server sees it; the browser profile sends what was asked.
func TestGooglebotGETOnly(t *testing.T) {
	type seen struct{ method, body, contentType, auth string }
	got := make(chan seen, 4)
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, string(b), r.Header.Get("Content-Type"), r.Header.Get("Authorization")}
		w.WriteHeader(http.StatusOK)
	})
	for _, tc := range []struct {
		p      *client.Profile
		method string
		want   seen
	}{
		{client.Googlebot, http.MethodPost, seen{"GET", "", "", "Bearer t"}},
		{client.Googlebot, http.MethodPut, seen{"GET", "", "", "Bearer t"}},
		{client.Browser, http.MethodPost, seen{"POST", "a=1", "application/x-www-form-urlencoded", "Bearer t"}},
	} {
		req := inspect.Request{URL: s.http("example.com", "/form"), Method: tc.method, Body: []byte("a=1"),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer t"}}}
		c := walkURL(t, req, s.walker, func(w *Walker) { w.Profile = tc.p; w.MaxRedirects = tc.p.MaxRedirects })
		if g := <-got; g != tc.want {
			t.Errorf("%s asked for %s: the server saw %+v; want %+v", tc.p.Name, tc.method, g, tc.want)
		}
		if c.Request.Method != tc.want.method || c.Hops[0].Method != tc.want.method || c.Hops[0].BodyBytes != len(tc.want.body) {
			t.Errorf("%s asked for %s: the chain says request %s, hop 1 %s with %d bytes", tc.p.Name, tc.method, c.Request.Method, c.Hops[0].Method, c.Hops[0].BodyBytes)
		}
	}
}
