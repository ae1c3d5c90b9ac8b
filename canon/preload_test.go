package canon_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hops-cli/hops/walk"
)

// TestPreloadRules: each of hstspreload.org's rules broken on a site of its
// own, walked for real, and the problem named word for word.
func TestPreloadRules(t *testing.T) {
	t.Parallel()
	const good = "max-age=31536000; includeSubDomains; preload"
	full := []string{good}
	// site is the answers of a preloadable site on apex (canonical there);
	// a case changes what it needs to.
	site := func(apex string, change answers) answers {
		a := answers{
			"http://" + apex + "/":      {status: 301, loc: "https://" + apex + ":PORT/"},
			"https://" + apex + "/":     {hsts: full},
			"http://www." + apex + "/":  {status: 301, loc: "https://www." + apex + ":PORT/"},
			"https://www." + apex + "/": {status: 301, loc: "https://" + apex + ":PORT/", hsts: full},
		}
		for k, v := range change {
			a[k] = v
		}
		return a
	}
	all := answers{}
	add := func(a answers) {
		for k, v := range a {
			all[k] = v
		}
	}
	type tc struct {
		arg      string
		insecure bool
		problems []string
	}
	cases := []tc{
		{arg: "ready.test"},
		{arg: "weak.test", problems: []string{
			"max-age=300 is below 31536000 (one year)",
			"includeSubDomains is missing",
			"the preload directive is missing",
		}},
		{arg: "redirect.test", problems: []string{
			"https://redirect.test:PORT/ answers 301 without Strict-Transport-Security: the redirect itself must carry it",
		}},
		{arg: "twice.test", problems: []string{
			"https://twice.test:PORT/ sends 2 Strict-Transport-Security headers; send exactly one",
		}},
		{arg: "invalid.test", problems: []string{
			`the Strict-Transport-Security of https://invalid.test:PORT/ is invalid (max-age "soon" is not a number of seconds)`,
		}},
		{arg: "noupgrade.test", problems: []string{
			"http://noupgrade.test:PORT/ answers 200 without redirecting to https://noupgrade.test:PORT/",
		}},
		{arg: "wwwfirst.test", problems: []string{
			"http://wwwfirst.test:PORT/ redirects to https://www.wwwfirst.test:PORT/ first; it must go to https://wwwfirst.test:PORT/ (the same host) before www",
		}},
		{arg: "elsewhere.test", problems: []string{
			"http://elsewhere.test:PORT/ redirects to https://other.test:PORT/ first, not to https on the same host (https://elsewhere.test:PORT/)",
		}},
		// Four redirects from https, five from http.
		{arg: "long.test", problems: []string{
			"http://long.test:PORT/ takes 5 redirects; at most 3 are allowed",
			"https://long.test:PORT/ takes 4 redirects; at most 3 are allowed",
		}},
		{arg: "insecure.test", problems: []string{
			"http://insecure.test:PORT/ is redirected to plain http at hop 3 (http://insecure.test:PORT/plain)",
			"https://insecure.test:PORT/ is redirected to plain http at hop 2 (http://insecure.test:PORT/plain)",
		}},
		{arg: "shop.sub.test", problems: []string{
			"shop.sub.test is a subdomain of sub.test: the list takes whole registered domains",
		}},
		{arg: "127.0.0.1", problems: []string{
			"127.0.0.1 is an IP address: the list holds domain names",
		}},
		{arg: "localhost", problems: []string{
			"localhost is not a registrable domain (a public suffix or a local name)",
		}},
		// The www name takes connections but its certificate is for
		// another name: includeSubDomains would lock it out.
		{arg: "badwww.test", problems: []string{
			"https://www.badwww.test:PORT/ does not answer over https (TLS: x509: certificate is valid for wrong-name.test, not www.badwww.test (trust its CA with --cacert FILE, or look anyway with -k)), and includeSubDomains would cover it",
		}},
		{arg: "badwww.test", insecure: true, problems: []string{
			"the certificate of https://www.badwww.test:PORT/ does not verify (x509: certificate is valid for wrong-name.test, not www.badwww.test), and includeSubDomains would cover it",
		}},
		// Without an https answer nothing else can be checked.
		{arg: "badapex.test", problems: []string{
			"https://badapex.test:PORT/ gives no answer over https (TLS: x509: certificate is valid for wrong-name.test, not badapex.test (trust its CA with --cacert FILE, or look anyway with -k))",
		}},
		{arg: "badapex.test", insecure: true, problems: []string{
			"the certificate of https://badapex.test:PORT/ does not verify (x509: certificate is valid for wrong-name.test, not badapex.test)",
		}},
	}
	add(site("ready.test", nil))
	add(site("weak.test", answers{"https://weak.test/": {hsts: []string{"max-age=300"}}}))
	add(site("redirect.test", answers{
		"https://redirect.test/":     {status: 301, loc: "https://www.redirect.test:PORT/"},
		"http://www.redirect.test/":  {status: 301, loc: "https://www.redirect.test:PORT/"},
		"https://www.redirect.test/": {hsts: full},
	}))
	add(site("twice.test", answers{"https://twice.test/": {hsts: []string{good, good}}}))
	add(site("invalid.test", answers{"https://invalid.test/": {hsts: []string{"max-age=soon"}}}))
	add(site("noupgrade.test", answers{"http://noupgrade.test/": {}}))
	add(site("wwwfirst.test", answers{"http://wwwfirst.test/": {status: 301, loc: "https://www.wwwfirst.test:PORT/"}}))
	add(site("elsewhere.test", answers{"http://elsewhere.test/": {status: 301, loc: "https://other.test:PORT/"}}))
	all["https://other.test/"] = answer{hsts: full}
	add(site("long.test", answers{
		"https://long.test/":  {status: 301, loc: "/1", hsts: full},
		"https://long.test/1": {status: 301, loc: "/2", hsts: full},
		"https://long.test/2": {status: 301, loc: "/3", hsts: full},
		"https://long.test/3": {status: 301, loc: "/4", hsts: full},
		"https://long.test/4": {hsts: full},
	}))
	add(site("insecure.test", answers{
		"https://insecure.test/":     {status: 301, loc: "http://insecure.test:PORT/plain", hsts: full},
		"http://insecure.test/plain": {},
	}))
	add(site("shop.sub.test", nil))
	add(answers{
		"http://127.0.0.1/":  {status: 301, loc: "https://127.0.0.1:PORT/"},
		"https://127.0.0.1/": {hsts: full},
		"http://localhost/":  {status: 301, loc: "https://localhost:PORT/"},
		"https://localhost/": {hsts: full},
	})
	add(site("badwww.test", nil))
	add(site("badapex.test", nil))
	s := serve(t, all)
	s.BadCertFor("www.badwww.test", "badapex.test")
	p := strconv.Itoa(s.Port())
	for _, c := range cases {
		name := c.arg
		if c.insecure {
			name += "-k"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := judge(t, s, c.arg+":"+p, func(w *walk.Walker) { w.Config.Insecure = c.insecure })
			want := make([]string, len(c.problems))
			for i, pr := range c.problems {
				want[i] = strings.ReplaceAll(pr, "PORT", p)
			}
			if r.Preload.Ready != (len(want) == 0) || !slices.Equal(r.Preload.Problems, want) {
				t.Errorf("preload ready %t, problems\n%s\nwant\n%s", r.Preload.Ready, strings.Join(r.Preload.Problems, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
