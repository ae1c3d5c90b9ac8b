package render

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// BenchmarkCheckJSONLRow is the JSON Lines writer's cost per row of the
// bulk bench (bench/check.sh): a 3-hop chain of nginx's two 301s with
// path-absolute Locations and a 200, with its four info findings; about
// 3.5 KB a row.
func BenchmarkCheckJSONLRow(b *testing.B) {
	res := nginxRow(b)
	meta := Meta{Version: "dev"}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		var w countingDiscard
		if err := CheckJSONL(&w, res, meta); err != nil {
			b.Fatal(err)
		}
		n = w.n
	}
	b.SetBytes(int64(n))
}

type countingDiscard struct{ n int }

func (w *countingDiscard) Write(p []byte) (int, error) {
	w.n += len(p)
	return io.Discard.Write(p)
}

func nginxRow(tb testing.TB) check.Result {
	base := "http://h0.test:36183/r/0/"
	ms := func(f float64) *time.Duration { d := time.Duration(f * float64(time.Millisecond)); return &d }
	received := time.Date(2026, 12, 3, 8, 11, 55, 0, time.UTC)
	hop := func(n, status int, path, loc string) inspect.Hop {
		h := inspect.Hop{N: n, URL: base + path, Method: "GET", Via: inspect.ViaHTTP, Status: status,
			Reason: http.StatusText(status), Proto: "HTTP/1.1", RemoteAddr: "127.0.0.1:36183",
			Header: http.Header{"Connection": {"keep-alive"}, "Content-Length": {"169"}, "Content-Type": {"text/html"},
				"Date": {"Thu, 03 Dec 2026 08:11:55 GMT"}, "Server": {"nginx/1.22.1"}},
			RequestHeader: http.Header{"Accept": {"*/*"}, "User-Agent": {"hops/dev"}},
			Received:      received, Reused: n > 1,
			Timing: inspect.Timing{TTFB: ms(0.72), Total: 723 * time.Microsecond},
		}
		if n == 1 {
			h.Timing.Connect = ms(2.99)
		}
		if loc != "" {
			h.Header["Location"] = []string{loc}
			h.Location = []string{loc}
			next, err := href.ResolveLocation(h.URL, loc)
			if err != nil {
				tb.Fatal(err)
			}
			h.Next = &next
			h.NextMethod = "GET"
		}
		h.ReadFacts()
		return h
	}
	var findings []inspect.Finding
	for n, to := range []string{"b", "c"} {
		findings = append(findings,
			inspect.Finding{Code: inspect.CodeRelativeLocation, Severity: inspect.SeverityInfo, Hop: n + 1,
				Message: `Location "/r/0/` + to + `" is relative; it resolves to ` + base + to + ` (an absolute URL is easier to audit)`},
			inspect.Finding{Code: inspect.CodePermanentCached, Severity: inspect.SeverityInfo, Hop: n + 1,
				Message: "permanent 301 has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it"})
	}
	res := judged(check.Row{N: 2, Source: base + "a", Target: base + "c", Status: 301, Statuses: []int{301}},
		inspect.StopFinal, findings, hop(1, 301, "a", "/r/0/b"), hop(2, 301, "b", "/r/0/c"), hop(3, 200, "c", ""))
	res.Chain.Request = inspect.Request{URL: base + "a", Method: "GET", Header: http.Header{"Accept": {"*/*"}, "User-Agent": {"hops/dev"}}}
	return res
}
