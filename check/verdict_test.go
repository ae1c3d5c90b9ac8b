package check

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// TestJudge: SPEC's verdicts, over hand-built chains.
func TestJudge(t *testing.T) {
	hop := func(n, status int, url string) inspect.Hop {
		return inspect.Hop{N: n, URL: url, Method: "GET", Status: status, Reason: http.StatusText(status)}
	}
	chain := func(stop inspect.Stop, hops ...inspect.Hop) *inspect.Chain {
		return &inspect.Chain{Stop: stop, Hops: hops, MaxRedirects: 20}
	}
	moved := chain(inspect.StopFinal, hop(1, 301, "http://a.example/old"), hop(2, 200, "https://b.example/new"))
	warned := chain(inspect.StopFinal, hop(1, 301, "http://a.example/old"), hop(2, 200, "https://b.example/new"))
	warned.Findings = []inspect.Finding{{Code: inspect.CodeLongChain, Severity: inspect.SeverityWarning, Message: "long"}}
	failed := chain(inspect.StopFailed, inspect.Hop{N: 1, URL: "http://a.example/", Method: "GET", Err: errors.New("refused")})
	failed.Findings = []inspect.Finding{{Code: inspect.CodeRequestFailed, Severity: inspect.SeverityError, Hop: 1, Message: "GET http://a.example/ failed: refused"}}
	limited := chain(inspect.StopAtLimit, hop(1, 301, "http://a.example/old"))
	limited.MaxRedirects = 0
	gone := chain(inspect.StopFinal, hop(1, 302, "http://a.example/old"), hop(2, 404, "https://b.example/gone"))
	notMoved := chain(inspect.StopFinal, hop(1, 404, "http://a.example/old"))
	// final-error says what the final status says: not a cause of its own.
	notMoved.Findings = []inspect.Finding{{Code: inspect.CodeFinalError, Severity: inspect.SeverityError, Hop: 1, Message: "answers 404"}}
	h2 := chain(inspect.StopFinal, inspect.Hop{N: 1, URL: "https://a.example/", Method: "GET", Status: 503})
	refused := chain(inspect.StopRefused, hop(1, 303, "http://a.example/form"))
	noisy := chain(inspect.StopFinal, hop(1, 301, "http://a.example/old"), hop(2, 301, "http://b.example/mid"), hop(3, 200, "https://b.example/new"))
	noisy.Findings = []inspect.Finding{
		{Code: inspect.CodeFragment, Severity: inspect.SeverityInfo, Hop: 1, Message: "a fragment"},
		{Code: inspect.CodeLongChain, Severity: inspect.SeverityWarning, Message: "long"},
		{Code: inspect.CodeDowngrade, Severity: inspect.SeverityError, Hop: 2, Message: "https to http"},
		{Code: inspect.CodeFragment, Severity: inspect.SeverityInfo, Hop: 2, Message: "another fragment"},
	}
	everything := chain(inspect.StopFinal, hop(1, 302, "http://a.example/old"), hop(2, 410, "https://b.example/gone"))
	everything.Findings = []inspect.Finding{{Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Hop: 1, Message: "cached"}}

	cases := []struct {
		name    string
		row     Row
		chain   *inspect.Chain
		failOn  inspect.Severity
		verdict Verdict
		reason  string
	}{
		{"at the target", Row{Target: "https://b.example/new", Status: 301, Statuses: []int{301}, StatusText: "301"}, moved, inspect.SeverityError, OK, ""},
		{"URL list row", Row{}, moved, inspect.SeverityError, OK, ""},
		{"elsewhere", Row{Target: "https://b.example/other"}, moved, inspect.SeverityError, Mismatch, "landed at https://b.example/new (200 OK), expected https://b.example/other"},
		{"elsewhere, 404, first status", Row{Target: "https://b.example/new", Status: 301, Statuses: []int{301}, StatusText: "301"}, gone, inspect.SeverityError, Mismatch,
			"landed at https://b.example/gone (404 Not Found), expected https://b.example/new; first status 302, expected 301"},
		{"not redirected", Row{Target: "http://a.example/old", Status: 301, Statuses: []int{301}, StatusText: "301"}, notMoved, inspect.SeverityError, Mismatch,
			"final status 404 Not Found, expected 2xx; first status 404, expected 301"},
		{"no reason phrase", Row{}, h2, inspect.SeverityError, Mismatch, "final status 503, expected 2xx"},
		{"findings, each code once, worst first", Row{Target: "https://b.example/new"}, noisy, inspect.SeverityInfo, Mismatch,
			"error downgrade: https to http; warning long-chain: long; info fragment: a fragment"},
		{"every cause", Row{Target: "https://b.example/new", Statuses: []int{301, 308}, StatusText: "permanent"}, everything, inspect.SeverityWarning, Mismatch,
			"landed at https://b.example/gone (410 Gone), expected https://b.example/new; first status 302, expected permanent; warning cacheable-temporary: cached"},
		{"a client refuses", Row{}, refused, inspect.SeverityError, Error, "refused: the client refuses to follow a 303 for GET: an error in it, no further request"},
		{"status set", Row{Target: "https://b.example/new", Statuses: []int{308, 307}, StatusText: "308|307"}, moved, inspect.SeverityError, Mismatch, "first status 301, expected 308|307"},
		{"status set met", Row{Target: "https://b.example/new", Statuses: []int{301, 308}, StatusText: "permanent"}, moved, inspect.SeverityError, OK, ""},
		{"first status", Row{Target: "https://b.example/new", Status: 308, Statuses: []int{308}, StatusText: "308"}, moved, inspect.SeverityError, Mismatch, "first status 301, expected 308"},
		{"final 404", Row{}, chain(inspect.StopFinal, hop(1, 404, "http://a.example/")), inspect.SeverityError, Mismatch, "final status 404 Not Found, expected 2xx"},
		{"finding below fail-on", Row{}, warned, inspect.SeverityError, OK, ""},
		{"finding at fail-on", Row{}, warned, inspect.SeverityWarning, Mismatch, "warning long-chain: long"},
		{"no final response", Row{}, failed, inspect.SeverityError, Error, "request-failed: GET http://a.example/ failed: refused"},
		{"malformed row", Row{Err: errors.New("status \"abc\" is not an HTTP status code")}, nil, inspect.SeverityError, Error, "malformed row: status \"abc\" is not an HTTP status code"},
		{"stopped by --max-redirects", Row{}, limited, inspect.SeverityError, Mismatch, "stopped at --max-redirects 0 before the final response (301 Moved Permanently at http://a.example/old)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, reason := Judge(tc.row, tc.chain, tc.failOn)
			if v != tc.verdict || reason != tc.reason {
				t.Errorf("Judge = %s, %q; want %s, %q", v, reason, tc.verdict, tc.reason)
			}
		})
	}
}

// TestExplainKinds: every cause of a row, with its kind and code, so a
// summary can group rows; a wrong target's clause carries the final
// status, so that cause has no clause of its own.
func TestExplainKinds(t *testing.T) {
	c := &inspect.Chain{Stop: inspect.StopFinal, MaxRedirects: 20, Hops: []inspect.Hop{
		{N: 1, URL: "http://a.example/old", Method: "GET", Status: 302, Reason: "Found"},
		{N: 2, URL: "https://b.example/", Method: "GET", Status: 404, Reason: "Not Found"},
	}}
	c.Findings = []inspect.Finding{{Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Hop: 1, Message: "cached"}}
	v, causes := Explain(Row{Target: "https://b.example/new", Statuses: []int{301}, StatusText: "301"}, c, inspect.SeverityWarning)
	want := []Cause{
		{Kind: KindElsewhere, Text: "landed at https://b.example/ (404 Not Found), expected https://b.example/new"},
		{Kind: KindFinalStatus},
		{Kind: KindFirstStatus, Text: "first status 302, expected 301"},
		{Kind: KindFinding, Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Text: "warning cacheable-temporary: cached"},
	}
	if v != Mismatch || len(causes) != len(want) {
		t.Fatalf("Explain = %s, %+v; want mismatch, %+v", v, causes, want)
	}
	for i := range want {
		if causes[i] != want[i] {
			t.Errorf("cause %d = %+v; want %+v", i, causes[i], want[i])
		}
	}
	if keys := []string{causes[0].Key(), causes[1].Key(), causes[2].Key(), causes[3].Key()}; strings.Join(keys, " ") != "landed-elsewhere final-status first-status cacheable-temporary" {
		t.Errorf("keys %v", keys)
	}
}
