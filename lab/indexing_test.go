package lab_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/lab"
	"github.com/hops-cli/hops/walk"
)

// TestSEOScenarios walks each SEO scenario of the lab on loopback and
// checks the finding it is there to show, and what the chain says about
// indexing.
func TestSEOScenarios(t *testing.T) {
	l, err := lab.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	inspectURL := func(t *testing.T, u string, p *client.Profile) *inspect.Chain {
		t.Helper()
		w := walk.NewWalker()
		w.Timeout = 5 * time.Second
		w.Profile = p
		parsed, _ := url.Parse(u)
		// "localhost" goes to the lab's loopback listener, never to a resolver.
		w.Config.Resolve = []walk.Resolve{{Host: "localhost", Port: parsed.Port(), Addrs: []string{"127.0.0.1"}}}
		c, err := w.Inspect(t.Context(), inspect.Request{URL: u, Method: "GET", Header: http.Header{}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	base := l.HTTPURL()
	cases := []struct {
		scenario string
		code     inspect.Code
		message  string // the finding's message, with the lab's base URL as {lab}
		summary  string
	}{
		{"seo-canonical", inspect.CodeCanonicalElsewhere,
			`the final page names {lab}/news/launch/ as canonical (<link rel="canonical" href="/news/launch/">), not {lab}/news/launch: search engines index that URL instead; redirect straight to it, or make the page name itself`,
			"lands on a page search engines will not index: it names {lab}/news/launch/ as canonical"},
		{"seo-noindex", inspect.CodeNoindex,
			"the final page says X-Robots-Tag: noindex, nofollow, so it stays out of the search index; remove the directive if the page should rank",
			"lands on a page search engines will not index: it is noindex (X-Robots-Tag: noindex, nofollow)"},
		{"seo-root", inspect.CodeRedirectToRoot,
			"{lab}/products/blue-kettle ends on the root page {lab}/: search engines treat pages sent to the home page as soft 404s and drop them; redirect to the closest equivalent page, or answer 404 or 410 if there is none",
			"lands on an indexable page"},
		{"seo-mixed", inspect.CodeMixedPermanence,
			"the chain mixes permanent redirects (301 at hop 1) with temporary ones (302 at hop 2): search engines get mixed signals about which URL to index; use 301 or 308 throughout if the move is for good",
			"lands on an indexable page"},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			sc, ok := lab.Lookup(tc.scenario)
			if !ok {
				t.Fatalf("the lab has no scenario %s", tc.scenario)
			}
			c := inspectURL(t, l.URL(sc), nil)
			want := strings.ReplaceAll(tc.message, "{lab}", base)
			var got []string
			found := false
			for _, f := range c.Findings {
				got = append(got, string(f.Code))
				found = found || f.Code == tc.code && f.Message == want
			}
			if !found {
				t.Errorf("findings %v; want %s saying\n%s\n(%+v)", got, tc.code, want, c.Findings)
			}
			if c.Indexing == nil || c.Indexing.Summary() != strings.ReplaceAll(tc.summary, "{lab}", base) {
				t.Errorf("indexing %+v; want the summary %q", c.Indexing, tc.summary)
			}
		})
	}
	t.Run("a page that only Googlebot may not index", func(t *testing.T) {
		t.Parallel()
		c := inspectURL(t, base+"/press", nil)
		if c.Indexing == nil || !c.Indexing.Indexable() || len(c.Findings) != 0 {
			t.Errorf("as the browser: indexing %+v, findings %+v; want indexable and nothing found", c.Indexing, c.Findings)
		}
		c = inspectURL(t, base+"/press", client.Googlebot)
		if c.Indexing == nil || c.Indexing.Noindex != "X-Robots-Tag: googlebot: noindex" {
			t.Errorf("as googlebot: indexing %+v; want googlebot's noindex", c.Indexing)
		}
	})
}
