package canon_test

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hops-cli/hops/canon"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/lab"
	"github.com/hops-cli/hops/walk"
)

// answer is what a test site sends for one scheme, host and path.
type answer struct {
	status int    // 200 when 0
	loc    string // Location; PORT stands for the sites' port
	hsts   []string
}

// answers maps "scheme://host/path" (no port) to an answer; anything else
// is a 404.
type answers map[string]answer

func (a answers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, port, _ := net.SplitHostPort(r.Host)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	ans, ok := a[scheme+"://"+host+r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	for _, v := range ans.hsts {
		w.Header().Add("Strict-Transport-Security", v)
	}
	if ans.loc != "" {
		w.Header().Set("Location", strings.ReplaceAll(ans.loc, "PORT", port))
	}
	if ans.status == 0 {
		ans.status = 200
	}
	w.WriteHeader(ans.status)
}

// serve starts the sites with h (the canon scenarios when nil).
func serve(t *testing.T, h http.Handler) *lab.Sites {
	t.Helper()
	var (
		s   *lab.Sites
		err error
	)
	if h == nil {
		s, err = lab.StartSites()
	} else {
		s, err = lab.ServeSites(h)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// judge walks the entry points of arg on the sites, every name sent to
// their port on 127.0.0.1, and judges them.
func judge(t *testing.T, s *lab.Sites, arg string, opts ...func(*walk.Walker)) *canon.Report {
	t.Helper()
	w := walk.NewWalker()
	w.Config.RootCAs = s.RootCAs
	w.Config.Resolve = []walk.Resolve{{Host: "*", Port: strconv.Itoa(s.Port()), Addrs: []string{"127.0.0.1"}}}
	for _, o := range opts {
		o(w)
	}
	p, err := canon.EntryPoints(arg)
	if err != nil {
		t.Fatal(err)
	}
	req := inspect.Request{Method: "GET", Header: http.Header{"User-Agent": {"hops-test"}}}
	entries, err := canon.Walk(t.Context(), w, req, p.URLs)
	if err != nil {
		t.Fatal(err)
	}
	return canon.Judge(p.Apex, entries)
}

// statuses are the statuses of each entry's hops, 0 for a failed hop.
func statuses(r *canon.Report) [][]int {
	out := make([][]int, len(r.Entries))
	for i, e := range r.Entries {
		out[i] = []int{}
		for _, h := range e.Chain.Hops {
			out[i] = append(out[i], h.Status)
		}
	}
	return out
}

func findings(r *canon.Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, fmt.Sprintf("%s %s: %s", f.Severity, f.Code, f.Message))
	}
	return out
}

// TestScenarios: each site of the lab's canon scenarios, walked for real,
// lands where it should, with the findings and preload problems it should
// have, word for word.
func TestScenarios(t *testing.T) {
	t.Parallel()
	s := serve(t, nil)
	p := strconv.Itoa(s.Port())
	at := func(u string) string { return strings.ReplaceAll(u, "PORT", p) }
	for _, tc := range []struct {
		host      string
		statuses  [][]int
		canonical string
		fewest    []int
		passed    bool
		findings  []string
		preload   []string
	}{
		{host: "good.test",
			statuses:  [][]int{{301, 301, 200}, {301, 200}, {301, 200}, {200}},
			canonical: "https://www.good.test:PORT/", fewest: []int{2, 1, 1, 0}, passed: true,
			preload: []string{"the preload directive is missing"}},
		// Canonical on the apex: the http www entry needs two redirects,
		// its own upgrade and then the move.
		{host: "www.ready.test",
			statuses:  [][]int{{301, 200}, {200}, {301, 301, 200}, {301, 200}},
			canonical: "https://ready.test:PORT/", fewest: []int{1, 0, 2, 1}, passed: true},
		// The www host serves its own copy: two entries land there, two
		// on the apex, and the tie goes to the earlier entry's landing.
		{host: "divergent.test",
			statuses: [][]int{{301, 200}, {200}, {301, 200}, {200}},
			fewest:   []int{1, 0, 2, 1},
			findings: []string{
				"error entry-divergent: http://www.divergent.test:PORT/ lands on https://www.divergent.test:PORT/ (200) instead of https://divergent.test:PORT/, where 2 of the 3 other entry points land; redirect it there",
				"error entry-divergent: https://www.divergent.test:PORT/ lands on https://www.divergent.test:PORT/ (200) instead of https://divergent.test:PORT/, where 2 of the 3 other entry points land; redirect it there",
			},
			preload: []string{"the preload directive is missing"}},
		{host: "extra.test",
			statuses:  [][]int{{301, 301, 301, 200}, {301, 301, 200}, {301, 200}, {200}},
			canonical: "https://www.extra.test:PORT/", fewest: []int{2, 1, 1, 0},
			findings: []string{
				"warning long-chain: http://extra.test:PORT/ takes 3 redirects to reach https://www.extra.test:PORT/ where 2 are enough: https on the same host first, then straight there",
				"warning long-chain: https://extra.test:PORT/ takes 2 redirects to reach https://www.extra.test:PORT/ where 1 is enough; redirect straight there",
			},
			preload: []string{"the preload directive is missing"}},
		{host: "nohsts.test",
			statuses:  [][]int{{301, 301, 200}, {301, 200}, {301, 200}, {200}},
			canonical: "https://www.nohsts.test:PORT/", fewest: []int{2, 1, 1, 0},
			findings: []string{
				"warning hsts-missing: https://nohsts.test:PORT/ answers 301 without Strict-Transport-Security; send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included",
				"warning hsts-missing: https://www.nohsts.test:PORT/ answers 200 without Strict-Transport-Security; send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included",
			},
			preload: []string{"https://nohsts.test:PORT/ answers 301 without Strict-Transport-Security: the redirect itself must carry it"}},
	} {
		t.Run(tc.host, func(t *testing.T) {
			t.Parallel()
			r := judge(t, s, tc.host+":"+p)
			if got := statuses(r); !slices.EqualFunc(got, tc.statuses, slices.Equal) {
				t.Errorf("statuses %v; want %v", got, tc.statuses)
			}
			if r.Canonical != at(tc.canonical) {
				t.Errorf("canonical %q; want %q", r.Canonical, at(tc.canonical))
			}
			if !slices.Equal(r.Fewest, tc.fewest) {
				t.Errorf("fewest %v; want %v", r.Fewest, tc.fewest)
			}
			if r.Passed() != tc.passed {
				t.Errorf("passed %t; want %t", r.Passed(), tc.passed)
			}
			want := make([]string, len(tc.findings))
			for i, f := range tc.findings {
				want[i] = at(f)
			}
			if got := findings(r); !slices.Equal(got, want) {
				t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			wantPre := make([]string, len(tc.preload))
			for i, pr := range tc.preload {
				wantPre[i] = at(pr)
			}
			if r.Preload.Ready != (len(wantPre) == 0) || !slices.Equal(r.Preload.Problems, wantPre) {
				t.Errorf("preload %+v; want problems %q", r.Preload, wantPre)
			}
		})
	}
}

// TestEntryFindings: the findings of entry points that skip the upgrade,
// carry broken HSTS or fail, word for word, from a site built for each.
func TestEntryFindings(t *testing.T) {
	t.Parallel()
	full := []string{"max-age=31536000; includeSubDomains"}
	s := serve(t, answers{
		// Plain http answers by itself; https too: each lands in place.
		"http://plain.test/":      {},
		"https://plain.test/":     {hsts: full},
		"http://www.plain.test/":  {status: 301, loc: "https://plain.test:PORT/"},
		"https://www.plain.test/": {status: 301, loc: "https://plain.test:PORT/", hsts: full},
		// http goes to www first; HSTS invalid on the apex, max-age=0 on www.
		"http://skip.test/":      {status: 301, loc: "http://www.skip.test:PORT/"},
		"https://skip.test/":     {status: 301, loc: "https://www.skip.test:PORT/", hsts: []string{"max-age=soon"}},
		"http://www.skip.test/":  {status: 301, loc: "https://www.skip.test:PORT/"},
		"https://www.skip.test/": {hsts: []string{"max-age=0"}},
		// The www host's certificate is for another name.
		"http://badwww.test/":      {status: 301, loc: "https://badwww.test:PORT/"},
		"https://badwww.test/":     {hsts: full},
		"http://www.badwww.test/":  {status: 301, loc: "https://www.badwww.test:PORT/"},
		"https://www.badwww.test/": {status: 301, loc: "https://badwww.test:PORT/", hsts: full},
		// Weak HSTS on the apex (5 minutes); six months, the least that
		// passes, on www.
		"http://weak.test/":      {status: 301, loc: "https://weak.test:PORT/"},
		"https://weak.test/":     {hsts: []string{"max-age=300; includeSubDomains"}},
		"http://www.weak.test/":  {status: 301, loc: "https://www.weak.test:PORT/"},
		"https://www.weak.test/": {status: 301, loc: "https://weak.test:PORT/", hsts: []string{"max-age=15768000"}},
		// Every entry ends in a 404.
		"http://gone.test/":      {status: 301, loc: "https://gone.test:PORT/"},
		"http://www.gone.test/":  {status: 301, loc: "https://gone.test:PORT/"},
		"https://www.gone.test/": {status: 301, loc: "https://gone.test:PORT/", hsts: full},
	})
	s.BadCertFor("www.badwww.test")
	p := strconv.Itoa(s.Port())
	at := func(u string) string { return strings.ReplaceAll(u, "PORT", p) }
	for _, tc := range []struct {
		host              string
		target, canonical string
		findings          []string
	}{
		{"plain.test", "https://plain.test:PORT/", "", []string{
			"error entry-divergent: http://plain.test:PORT/ lands on http://plain.test:PORT/ (200) instead of https://plain.test:PORT/, where every other entry point lands; redirect it there",
			"warning https-upgrade-not-first: http://plain.test:PORT/ answers 200 over plain http without redirecting to https; redirect it to https://plain.test:PORT/ first so browsers get HSTS for plain.test",
			"warning https-upgrade-not-first: http://www.plain.test:PORT/ redirects first to https://plain.test:PORT/ instead of https://www.plain.test:PORT/; upgrade to https on the same host first so browsers get HSTS for www.plain.test",
		}},
		{"skip.test", "https://www.skip.test:PORT/", "https://www.skip.test:PORT/", []string{
			"warning https-upgrade-not-first: http://skip.test:PORT/ redirects first to http://www.skip.test:PORT/ instead of https://skip.test:PORT/; upgrade to https on the same host first so browsers get HSTS for skip.test",
			"warning hsts-missing: https://skip.test:PORT/ answers 301 with an invalid Strict-Transport-Security (max-age \"soon\" is not a number of seconds), which browsers ignore; send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included",
			"warning hsts-missing: https://www.skip.test:PORT/ answers 200 with max-age=0, which removes the host's HSTS policy; send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included",
		}},
		{"weak.test", "https://weak.test:PORT/", "https://weak.test:PORT/", []string{
			"warning hsts-missing: https://weak.test:PORT/ answers 200 with a weak HSTS policy: max-age=300 lasts 5 minutes, after which a browser that has not been back asks for http again and can be kept there; send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included",
		}},
		// A failed entry has no final response: divergent, and its own
		// error is named with it.
		{"badwww.test", "https://badwww.test:PORT/", "", []string{
			"error entry-divergent: http://www.badwww.test:PORT/ has no final response (the request failed at hop 2), while 2 other entry points land on https://badwww.test:PORT/; make it redirect there",
			"error request-failed: http://www.badwww.test:PORT/, hop 2: GET https://www.badwww.test:PORT/ failed: TLS: x509: certificate is valid for wrong-name.test, not www.badwww.test (trust its CA with --cacert FILE, or look anyway with -k)",
			"error certificate-invalid: http://www.badwww.test:PORT/, hop 2: the certificate of www.badwww.test does not verify (certificate is valid for wrong-name.test, not www.badwww.test): browsers refuse the page; serve a certificate for www.badwww.test from a trusted CA",
			"error entry-divergent: https://www.badwww.test:PORT/ has no final response (the request failed at hop 1), while 2 other entry points land on https://badwww.test:PORT/; make it redirect there",
			"error request-failed: https://www.badwww.test:PORT/, hop 1: GET https://www.badwww.test:PORT/ failed: TLS: x509: certificate is valid for wrong-name.test, not www.badwww.test (trust its CA with --cacert FILE, or look anyway with -k)",
			"error certificate-invalid: https://www.badwww.test:PORT/, hop 1: the certificate of www.badwww.test does not verify (certificate is valid for wrong-name.test, not www.badwww.test): browsers refuse the page; serve a certificate for www.badwww.test from a trusted CA",
		}},
		// All four land on one URL, but not with a 2xx: no canonical URL,
		// no divergence, each entry's error.
		{"gone.test", "https://gone.test:PORT/", "", []string{
			"error final-error: http://gone.test:PORT/, hop 2: the chain ends in 404 Not Found at https://gone.test:PORT/: point the redirect at a live URL or fix the target",
			"error final-error: https://gone.test:PORT/, hop 1: https://gone.test:PORT/ answers 404 Not Found: fix the URL, or the server behind it",
			"error final-error: http://www.gone.test:PORT/, hop 2: the chain ends in 404 Not Found at https://gone.test:PORT/: point the redirect at a live URL or fix the target",
			"error final-error: https://www.gone.test:PORT/, hop 2: the chain ends in 404 Not Found at https://gone.test:PORT/: point the redirect at a live URL or fix the target",
			"warning hsts-missing: https://gone.test:PORT/ answers 404 without Strict-Transport-Security; send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included",
			"warning https-upgrade-not-first: http://www.gone.test:PORT/ redirects first to https://gone.test:PORT/ instead of https://www.gone.test:PORT/; upgrade to https on the same host first so browsers get HSTS for www.gone.test",
		}},
	} {
		t.Run(tc.host, func(t *testing.T) {
			t.Parallel()
			r := judge(t, s, tc.host+":"+p)
			if r.Target != at(tc.target) || r.Canonical != at(tc.canonical) || r.Passed() {
				t.Errorf("target %q, canonical %q, passed %t; want target %q, canonical %q, not passed", r.Target, r.Canonical, r.Passed(), at(tc.target), at(tc.canonical))
			}
			want := make([]string, len(tc.findings))
			for i, f := range tc.findings {
				want[i] = at(f)
			}
			if got := findings(r); !slices.Equal(got, want) {
				t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestNoEntryLands: when no entry point has a final response there is no
// target to diverge from; the entries' own errors say what happened.
func TestNoEntryLands(t *testing.T) {
	t.Parallel()
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := dead.Addr().String()
	dead.Close()
	s := serve(t, answers{})
	r := judge(t, s, "http://"+addr+"/")
	want := []string{
		"error request-failed: http://" + addr + "/, hop 1: GET http://" + addr + "/ failed: connect to " + addr + ": connection refused",
		"error request-failed: https://" + addr + "/, hop 1: GET https://" + addr + "/ failed: connect to " + addr + ": connection refused",
	}
	if got := findings(r); r.Target != "" || !slices.Equal(got, want) {
		t.Errorf("target %q, findings\n%s\nwant none and\n%s", r.Target, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
