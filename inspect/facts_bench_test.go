package inspect

import (
	"net/http"
	"testing"
	"time"
)

// BenchmarkReadFacts: the facts of an nginx redirect over plain http (no
// HSTS, no caching header), as the walk reads them for every hop.
func BenchmarkReadFacts(b *testing.B) {
	h := Hop{N: 1, URL: "http://h0.test:33925/r/0/a", Method: "GET", Status: 301, Reason: "Moved Permanently",
		Header: http.Header{
			"Server":         {"nginx/1.22.1"},
			"Date":           {"Wed, 02 Dec 2026 05:31:53 GMT"},
			"Content-Type":   {"text/html"},
			"Content-Length": {"169"},
			"Connection":     {"keep-alive"},
			"Location":       {"/r/0/b"},
		},
		Location: []string{"/r/0/b"},
		Received: time.Date(2026, 12, 2, 5, 31, 53, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		h.ReadFacts()
	}
}
