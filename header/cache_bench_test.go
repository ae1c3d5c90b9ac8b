package header

import (
	"net/http"
	"testing"
	"time"
)

// nginxHeader is what nginx sends with a `return 301` or a static page:
// no caching header at all.
func nginxHeader(location string) http.Header {
	h := http.Header{
		"Server":         {"nginx/1.22.1"},
		"Date":           {"Wed, 02 Dec 2026 05:31:53 GMT"},
		"Content-Type":   {"text/html"},
		"Content-Length": {"169"},
		"Connection":     {"keep-alive"},
	}
	if location != "" {
		h["Location"] = []string{location}
	}
	return h
}

// BenchmarkCacheOf: the caching of a hop, per response shape. The nginx
// shapes carry no Cache-Control, Expires or Last-Modified.
func BenchmarkCacheOf(b *testing.B) {
	at := time.Date(2026, 12, 2, 5, 31, 53, 0, time.UTC)
	withCC := nginxHeader("")
	withCC["Cache-Control"] = []string{"public, max-age=3600"}
	withLM := nginxHeader("")
	withLM["Last-Modified"] = []string{"Tue, 01 Dec 2026 05:31:53 GMT"}
	cases := []struct {
		name   string
		status int
		h      http.Header
	}{
		{"nginx-301", 301, nginxHeader("/r/0/b")},
		{"nginx-200", 200, nginxHeader("")},
		{"max-age", 200, withCC},
		{"last-modified", 200, withLM},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				CacheOf(tc.status, tc.h, at)
			}
		})
	}
}
