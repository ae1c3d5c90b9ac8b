package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/canon"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// step is one answer of a hand-built entry chain: its URL and status, the
// HSTS it carries; a 3xx leads to the next step. A status of 0 is a hop
// that failed.
type step struct {
	url    string
	status int
	hsts   string
}

func entryChain(steps ...step) *inspect.Chain {
	c := &inspect.Chain{Request: inspect.Request{URL: steps[0].url, Method: "GET", Header: http.Header{}}, Stop: inspect.StopFinal, MaxRedirects: 20}
	for i, s := range steps {
		h := inspect.Hop{N: i + 1, URL: s.url, Method: "GET", Via: inspect.ViaHTTP, Received: received,
			Timing: inspect.Timing{TTFB: dur(4), Total: 5 * time.Millisecond}}
		if s.status == 0 {
			h.Err = &inspect.HopError{Kind: "tls", Msg: "TLS: x509: certificate is valid for cdn.example, not " + href.Host(s.url), Err: errors.New("x509")}
			c.Stop = inspect.StopFailed
			c.Hops = append(c.Hops, h)
			continue
		}
		h.Status, h.Reason, h.Proto = s.status, http.StatusText(s.status), "HTTP/1.1"
		h.Header = http.Header{"Cache-Control": {"no-store"}}
		if s.hsts != "" {
			h.Header.Set("Strict-Transport-Security", s.hsts)
		}
		if href.Scheme(s.url) == "https" {
			h.TLS = &inspect.TLSInfo{Version: "TLS 1.3", Verified: true, ServerName: href.Host(s.url)}
		}
		if i+1 < len(steps) {
			next := steps[i+1].url
			h.Header.Set("Location", next)
			h.Location = []string{next}
			h.Next = resolve(s.url, next)
			h.NextMethod = "GET"
		}
		c.Hops = append(c.Hops, h)
	}
	readFacts(c)
	c.Findings = analyze.Analyze(c)
	return c
}

const preloadHSTS = "max-age=63072000; includeSubDomains; preload"

// goodSite: every entry point lands on https://www.example.com/ in the
// fewest redirects, with HSTS fit for the preload list.
func goodSite() (*canon.Report, canon.Points) {
	p, _ := canon.EntryPoints("example.com")
	entries := []canon.Entry{
		{URL: p.URLs[0], Chain: entryChain(step{"http://example.com/", 301, ""}, step{"https://example.com/", 301, preloadHSTS}, step{"https://www.example.com/", 200, preloadHSTS})},
		{URL: p.URLs[1], Chain: entryChain(step{"https://example.com/", 301, preloadHSTS}, step{"https://www.example.com/", 200, preloadHSTS})},
		{URL: p.URLs[2], Chain: entryChain(step{"http://www.example.com/", 301, ""}, step{"https://www.example.com/", 200, preloadHSTS})},
		{URL: p.URLs[3], Chain: entryChain(step{"https://www.example.com/", 200, preloadHSTS})},
	}
	return canon.Judge(p.Apex, entries), p
}

// brokenSite: http goes to www first and one hop too many, the https apex
// has no HSTS and serves its own page, the https www host fails TLS.
func brokenSite() (*canon.Report, canon.Points) {
	p, _ := canon.EntryPoints("https://shop.example/")
	entries := []canon.Entry{
		{URL: p.URLs[0], Chain: entryChain(step{"http://shop.example/", 301, ""}, step{"http://www.shop.example/", 302, ""}, step{"http://www.shop.example/home", 301, ""}, step{"https://www.shop.example/home", 200, "max-age=300"})},
		{URL: p.URLs[1], Chain: entryChain(step{"https://shop.example/", 200, ""})},
		{URL: p.URLs[2], Chain: entryChain(step{"http://www.shop.example/", 301, ""}, step{"https://www.shop.example/home", 200, "max-age=300"})},
		{URL: p.URLs[3], Chain: entryChain(step{"https://www.shop.example/", 0, ""})},
	}
	return canon.Judge(p.Apex, entries), p
}

func TestCanonGolden(t *testing.T) {
	sites := map[string]func() (*canon.Report, canon.Points){"good": goodSite, "broken": brokenSite}
	for name, mk := range sites {
		for _, width := range []int{80, 120} {
			for _, color := range []bool{false, true} {
				mode := "plain"
				if color {
					mode = "color"
				}
				t.Run(name+"/"+mode+"/"+itoa(width), func(t *testing.T) {
					var b bytes.Buffer
					r, p := mk()
					if err := Canon(&b, r, p, Options{Color: color, Width: width}); err != nil {
						t.Fatal(err)
					}
					golden(t, "canon-"+name+"-"+mode+"-"+itoa(width), b.Bytes())
					checkWidth(t, b.String(), width)
					if !color && strings.Contains(b.String(), "\x1b") {
						t.Error("colour off, but the output has an escape sequence")
					}
					if color && !strings.Contains(b.String(), "\x1b[") {
						t.Error("colour on, but the output has no escape sequence")
					}
				})
			}
		}
	}
}

// TestCanonPlainMarks: without colour, each entry's state is in its mark
// and the extra redirect in "+1".
func TestCanonPlainMarks(t *testing.T) {
	var b bytes.Buffer
	r, p := brokenSite()
	if err := Canon(&b, r, p, Options{Width: 200}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"│ ! http://shop.example/      │ 301 302 301 200 +1 │ https://www.shop.example/home │      │",
		"│ ✗ https://shop.example/     │ 200                │ https://shop.example/         │ none │",
		"│ ✓ http://www.shop.example/  │ 301 200            │ https://www.shop.example/home │      │",
		"│ ✗ https://www.shop.example/ │ failed             │ no answer: hop 1 failed       │      │",
		"✗ no canonical URL: the entry points end in 3 places; 3 errors, 3 warnings",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestCanonJSON: the document's shape as SPEC writes it, and its values.
func TestCanonJSON(t *testing.T) {
	var b bytes.Buffer
	r, _ := goodSite()
	if err := CanonJSON(&b, r, false, Meta{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var top []string
	for k := range doc {
		top = append(top, k)
	}
	sort.Strings(top)
	if got := strings.Join(top, " "); got != "canonical entries error findings preload schema_version tool" {
		t.Errorf("top-level keys %q", got)
	}
	entries := doc["entries"].([]any)
	first := entries[0].(map[string]any)
	var keys []string
	for k := range first {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, " "); got != "error final findings hops url" {
		t.Errorf("entry keys %q", got)
	}
	if doc["canonical"] != "https://www.example.com/" || first["url"] != "http://example.com/" || len(entries) != 4 {
		t.Errorf("canonical %v, first entry %v, %d entries", doc["canonical"], first["url"], len(entries))
	}
	final := first["final"].(map[string]any)
	if final["url"] != "https://www.example.com/" || final["status"] != 200.0 || final["redirects"] != 2.0 {
		t.Errorf("first entry's final %v", final)
	}
	pre := doc["preload"].(map[string]any)
	if pre["ready"] != true || len(pre["problems"].([]any)) != 0 || doc["error"] != nil || len(doc["findings"].([]any)) != 0 {
		t.Errorf("preload %v, error %v, findings %v", pre, doc["error"], doc["findings"])
	}

	b.Reset()
	r, _ = brokenSite()
	if err := CanonJSON(&b, r, true, Meta{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var broken struct {
		Canonical *string
		Preload   struct {
			Ready    bool
			Problems []string
		}
		Findings []DocFinding
		Error    *DocError
	}
	if err := json.Unmarshal(b.Bytes(), &broken); err != nil {
		t.Fatal(err)
	}
	if broken.Canonical != nil || broken.Preload.Ready || broken.Error == nil || broken.Error.Code != "interrupted" {
		t.Errorf("canonical %v, preload %+v, error %+v", broken.Canonical, broken.Preload, broken.Error)
	}
	want := []string{
		"https://shop.example/ answers 200 without Strict-Transport-Security",
		"http://shop.example/ redirects to http://www.shop.example/ first; it must go to https://shop.example/ (the same host) before www",
		"https://www.shop.example/ does not answer over https (TLS: x509: certificate is valid for cdn.example, not www.shop.example), and includeSubDomains would cover it",
	}
	if strings.Join(broken.Preload.Problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("preload problems\n%s\nwant\n%s", strings.Join(broken.Preload.Problems, "\n"), strings.Join(want, "\n"))
	}
	var codes []string
	for _, f := range broken.Findings {
		codes = append(codes, f.Severity+" "+f.Code)
		if f.Hop != nil {
			t.Errorf("finding %s has hop %d: the findings of entry points name their entry instead", f.Code, *f.Hop)
		}
	}
	wantCodes := "error entry-divergent, error entry-divergent, error request-failed, warning https-upgrade-not-first, warning long-chain, warning hsts-missing"
	if got := strings.Join(codes, ", "); got != wantCodes {
		t.Errorf("findings %s\nwant %s", got, wantCodes)
	}
}
