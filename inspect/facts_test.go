package inspect

import (
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
