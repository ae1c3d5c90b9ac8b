package walk

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// TestRobotsVerdicts: each hop of a chain over two hosts is judged by its
// own host's robots.txt, for the walk's crawler token, and a host whose
// robots.txt fails blocks everything.
func TestRobotsVerdicts(t *testing.T) {
	var s *site
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Host + r.URL.Path {
		case "old.example.com:" + s.httpPort + "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nAllow: /\nDisallow: /old/private\n")
		case "www.example.com:" + s.httpsPort + "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /tmp\n")
		case "down.example.com:" + s.httpPort + "/robots.txt":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "old.example.com:" + s.httpPort + "/old/private/1":
			http.Redirect(w, r, s.https("www.example.com", "/new/1"), http.StatusMovedPermanently)
		case "old.example.com:" + s.httpPort + "/old/2":
			http.Redirect(w, r, s.http("down.example.com", "/x"), http.StatusMovedPermanently)
		default:
			fmt.Fprint(w, "ok")
		}
	})
	type verdict struct {
		allowed bool
		rule    string
	}
	for _, tc := range []struct {
		url, token string
		want       []verdict
		messages   []string
	}{
		{s.http("old.example.com", "/old/private/1"), "googlebot",
			[]verdict{{false, "Disallow: /old/private"}, {true, ""}},
			[]string{fmt.Sprintf(`%s is disallowed by "Disallow: /old/private" (line 6 of %s, the googlebot group): a crawler never requests it`,
				s.http("old.example.com", "/old/private/1"), s.http("old.example.com", "/robots.txt"))}},
		{s.http("old.example.com", "/old/private/1"), "*",
			[]verdict{{false, "Disallow: /"}, {true, ""}},
			[]string{fmt.Sprintf(`%s is disallowed by "Disallow: /" (line 2 of %s, the * group (any crawler)): a crawler never requests it`,
				s.http("old.example.com", "/old/private/1"), s.http("old.example.com", "/robots.txt"))}},
		{s.http("old.example.com", "/old/2"), "googlebot",
			[]verdict{{true, "Allow: /"}, {false, ""}},
			[]string{fmt.Sprintf(`%s is disallowed: %s answered 503: disallow all, so a crawler requests nothing on that host`,
				s.http("down.example.com", "/x"), s.http("down.example.com", "/robots.txt"))}},
	} {
		c := walkURL(t, get(tc.url), s.walker, robotsFor(t), func(w *Walker) { w.RobotsToken = tc.token })
		if len(c.Hops) != len(tc.want) {
			t.Fatalf("%s: %d hops", tc.url, len(c.Hops))
		}
		for i, h := range c.Hops {
			if h.Robots == nil || h.Robots.Allowed != tc.want[i].allowed || h.Robots.Rule != tc.want[i].rule {
				t.Errorf("%s as %s: hop %d robots %+v; want %+v", tc.url, tc.token, i+1, h.Robots, tc.want[i])
			}
		}
		var got []string
		for _, f := range c.Findings {
			if f.Code == inspect.CodeRobotsBlocked {
				got = append(got, f.Message)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.messages) {
			t.Errorf("%s as %s: robots-blocked\n got %q\nwant %q", tc.url, tc.token, got, tc.messages)
		}
	}
}
