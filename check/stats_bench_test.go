package check

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// BenchmarkJudgeStats judges and counts an ok row of a migration check
// against nginx: two 301s to a page, with the info findings they get.
func BenchmarkJudgeStats(b *testing.B) {
	chains := make([]*inspect.Chain, 1000)
	rows := make([]Row, len(chains))
	for i := range chains {
		base := fmt.Sprintf("http://h%d.test:33925/r/%d/", i%200, i)
		c := &inspect.Chain{Stop: inspect.StopFinal, MaxRedirects: 20}
		for n, p := range []string{"a", "b", "c"} {
			st := 301
			if p == "c" {
				st = 200
			}
			c.Hops = append(c.Hops, inspect.Hop{N: n + 1, URL: base + p, Method: "GET", Status: st, Reason: http.StatusText(st), Header: http.Header{}})
		}
		for n := 1; n <= 2; n++ {
			c.Findings = append(c.Findings,
				inspect.Finding{Code: inspect.CodeRelativeLocation, Severity: inspect.SeverityInfo, Hop: n, Message: "relative"},
				inspect.Finding{Code: inspect.CodePermanentCached, Severity: inspect.SeverityInfo, Hop: n, Message: "cached"})
		}
		chains[i] = c
		rows[i] = Row{N: i + 2, Source: base + "a", Target: base + "c", Status: 301, Statuses: []int{301}, StatusText: "301"}
	}
	s := NewStats(inspect.SeverityError)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(chains)
		v, reason := Judge(rows[k], chains[k], inspect.SeverityError)
		if v != OK {
			b.Fatalf("row %d: %s %s", k, v, reason)
		}
		s.Add(Result{Row: rows[k], Chain: chains[k], Verdict: v, Reason: reason})
		i++
	}
}
