package analyze

import (
	"net/http"
	"testing"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// nginxHop is a hop as the walk builds it from an nginx response.
func nginxHop(b *testing.B, n, status int, url, location string, body []byte) inspect.Hop {
	b.Helper()
	h := http.Header{
		"Server":         {"nginx/1.22.1"},
		"Date":           {"Wed, 02 Dec 2026 05:31:53 GMT"},
		"Content-Type":   {"text/html"},
		"Content-Length": {"169"},
		"Connection":     {"keep-alive"},
	}
	hop := inspect.Hop{N: n, URL: url, Method: "GET", Via: inspect.ViaHTTP, Status: status,
		Reason: http.StatusText(status), Proto: "HTTP/1.1", Header: h, Received: at}
	if location != "" {
		h["Location"] = []string{location}
		loc, err := href.ResolveLocation(url, location)
		if err != nil {
			b.Fatal(err)
		}
		hop.Location, hop.Next, hop.NextMethod = []string{location}, &loc, "GET"
	}
	if body != nil {
		hop.Sample = body
		hop.HTML = &inspect.HTMLSignals{URL: url, Sample: body}
	}
	hop.ReadFacts()
	return hop
}

// BenchmarkAnalyze: the findings of a typical chain of a migration check
// against nginx: two 301s with path-absolute Locations, then a 200 page.
func BenchmarkAnalyze(b *testing.B) {
	c := &inspect.Chain{Stop: inspect.StopFinal, MaxRedirects: 20, Hops: []inspect.Hop{
		nginxHop(b, 1, 301, "http://h0.test:33925/r/0/a", "/r/0/b", nil),
		nginxHop(b, 2, 301, "http://h0.test:33925/r/0/b", "/r/0/c", nil),
		nginxHop(b, 3, 200, "http://h0.test:33925/r/0/c", "", []byte("<!doctype html><title>r0</title><p>page 0\n")),
	}}
	b.ReportAllocs()
	for b.Loop() {
		Analyze(c)
	}
	if fs := Analyze(c); len(fs) != 4 {
		b.Fatalf("%d findings; want 4 (two relative-location, two permanent-cached)", len(fs))
	}
}
