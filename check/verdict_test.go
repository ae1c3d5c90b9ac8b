package check

import (
	"errors"
	"net/http"
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
		{"elsewhere", Row{Target: "https://b.example/other"}, moved, inspect.SeverityError, Mismatch, "landed at https://b.example/new, expected https://b.example/other"},
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
