package inspect

import (
	"fmt"
	"net/http"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
)

// ReadFacts parses what the response says about itself once, when the hop
// is read: its HSTS policy and its caching. Views and findings read the
// fields; nothing parses these headers again.
func (h *Hop) ReadFacts() {
	h.HSTS, h.Cache = nil, nil
	h.HSTS = hstsOf(h)
	if h.Responded() {
		h.Cache = shared(header.CacheOf(h.Status, h.Header, h.Received))
	}
}

// sharedCaches are the caching of most hops, which have no caching
// header: a bare redirect or page is heuristically cacheable, a bare 302
// is not cacheable. Such hops point at one of these instead of each
// allocating a copy; nothing writes through Hop.Cache.
var sharedCaches = [...]header.Cache{{}, {Cacheable: true, Heuristic: true}}

// shared returns c's shared copy when there is one, else c on the heap.
func shared(c header.Cache) *header.Cache {
	for i := range sharedCaches {
		if sharedCaches[i] == c {
			return &sharedCaches[i]
		}
	}
	return new(c) // a copy: &c would put c on the heap on every path
}

// hstsOf reads the Strict-Transport-Security of a hop's response, nil when
// there is none. Only the first header counts (RFC 6797 §8.1).
func hstsOf(h *Hop) *header.HSTS {
	if !h.Responded() {
		return nil
	}
	vals := h.Header.Values(http.CanonicalHeaderKey("Strict-Transport-Security"))
	if len(vals) == 0 {
		return nil
	}
	s := header.ParseHSTS(vals[0])
	switch {
	case href.Scheme(h.URL) != "https":
		s.Problem = "sent over plain http, where browsers ignore it"
	case h.TLS != nil && !h.TLS.Verified:
		s.Problem = "ignored: the certificate did not verify"
	case href.IsIPHost(h.URL):
		s.Problem = "ignored: browsers never note HSTS for an IP address"
	default:
		s.Honored = s.Valid
	}
	if len(vals) > 1 && s.Problem == "" {
		s.Problem = fmt.Sprintf("%d Strict-Transport-Security headers: browsers use only the first", len(vals))
	}
	return &s
}

// CacheFacts is the hop's caching, the zero Cache when it has none.
func (h *Hop) CacheFacts() header.Cache {
	if h.Cache == nil {
		return header.Cache{}
	}
	return *h.Cache
}
