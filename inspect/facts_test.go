package inspect

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/hops-cli/hops/header"
)

func TestHSTSHonored(t *testing.T) {
	hdr := http.Header{"Strict-Transport-Security": {"max-age=600"}}
	cases := []struct {
		url     string
		tls     *TLSInfo
		honored bool
	}{
		{"https://example.com/", &TLSInfo{Verified: true}, true},
		{"http://example.com/", nil, false},
		{"https://127.0.0.1/", &TLSInfo{Verified: true}, false},
		{"https://[::1]/", &TLSInfo{Verified: true}, false},
		{"https://example.com/", &TLSInfo{Verified: false}, false},
	}
	for _, tc := range cases {
		h := Hop{URL: tc.url, Status: 200, Header: hdr, TLS: tc.tls}
		if got := hstsOfHop(&h); got == nil || got.Honored != tc.honored {
			t.Errorf("HSTS of %s, verified %v) = %+v; want honored %v", tc.url, tc.tls != nil && tc.tls.Verified, got, tc.honored)
		}
	}
	two := Hop{URL: "https://example.com/", Status: 200, TLS: &TLSInfo{Verified: true},
		Header: http.Header{"Strict-Transport-Security": {"max-age=600", "max-age=0"}}}
	if got := hstsOfHop(&two); *got.MaxAge != 600 || !strings.Contains(got.Problem, "only the first") {
		t.Errorf("two headers: %+v; want the first one used and a note", got)
	}
}

// hstsOfHop reads the facts of a hand-built hop, as the walk does, and
// returns its HSTS.
func hstsOfHop(h *Hop) *header.HSTS {
	h.ReadFacts()
	return h.HSTS
}

// TestReadFactsCache: hops whose caching is a shared value and hops with
// their own read as CacheOf says, and reading one hop leaves the caching
// of another as it was.
func TestReadFactsCache(t *testing.T) {
	t.Parallel()
	date := "Sun, 22 Nov 2026 12:00:00 GMT"
	bare301 := Hop{URL: "http://example.com/a", Status: 301, Header: http.Header{"Date": {date}}}
	bare302 := Hop{URL: "http://example.com/b", Status: 302, Header: http.Header{}}
	maxAge := Hop{URL: "http://example.com/c", Status: 302, Header: http.Header{"Cache-Control": {"max-age=60"}}}
	lastMod := Hop{URL: "http://example.com/d", Status: 200, Header: http.Header{"Date": {date}, "Last-Modified": {"Sun, 22 Nov 2026 02:00:00 GMT"}}}
	failed := Hop{URL: "http://example.com/e", Err: errors.New("connection refused")}
	for _, h := range []*Hop{&bare301, &bare302, &maxAge, &lastMod, &failed} {
		h.ReadFacts()
	}
	if c := bare301.Cache; c == nil || *c != (header.Cache{Cacheable: true, Heuristic: true}) {
		t.Errorf("bare 301: %+v; want cacheable and heuristic only", c)
	}
	if c := bare302.Cache; c == nil || *c != (header.Cache{}) {
		t.Errorf("bare 302: %+v; want the zero Cache", c)
	}
	if c := maxAge.Cache; c == nil || !c.Cacheable || !c.Explicit || c.Freshness == nil || *c.Freshness != 60 || *c.CacheControl != "max-age=60" {
		t.Errorf("302 max-age=60: %+v; want explicit, cacheable, fresh for 60 s", c)
	}
	if c := lastMod.Cache; c == nil || !c.Heuristic || c.Freshness == nil || *c.Freshness != 3600 {
		t.Errorf("200 modified 10 hours ago: %+v; want heuristic, fresh for 3600 s", c)
	}
	if failed.Cache != nil || failed.CacheFacts() != (header.Cache{}) {
		t.Errorf("failed hop: %+v; want no Cache", failed.Cache)
	}
	// Read again after the others: unchanged.
	if c := bare301.CacheFacts(); c != (header.Cache{Cacheable: true, Heuristic: true}) {
		t.Errorf("bare 301 after the other hops: %+v", c)
	}
}
