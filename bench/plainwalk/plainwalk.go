// Package plainwalk is the plainest client that reports every hop of a
// redirect chain, the reference that hops's walk is measured against: by
// bench/floor -walk out of process, and in process by BenchmarkPlain3Hops
// (walk) and BenchmarkPlainBulk (bench/checkpath). It does the HTTP part of
// what hops reports for a hop and nothing else: one RoundTrip a hop, each
// under a deadline of its own and timed with httptrace (connect, first
// byte, total), its status, reason, protocol and header kept, its body
// drained, the Location of a 301, 302, 303, 307 or 308 resolved with
// net/url and followed with a GET.
package plainwalk

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Hop is what the walk keeps of a hop, with the JSON names of hops's.
type Hop struct {
	URL      string              `json:"url"`
	Status   int                 `json:"status"`
	Reason   string              `json:"reason"`
	Proto    string              `json:"proto"`
	Header   http.Header         `json:"headers"`
	Location string              `json:"location,omitempty"`
	Next     string              `json:"next_url,omitempty"`
	Reused   bool                `json:"reused_connection"`
	Timing   map[string]*float64 `json:"timing_ms"`
}

// maxRedirects is Fetch's limit, as hops's default.
const maxRedirects = 20

// Walk follows u hop by hop through t, sending header (nil: none of its
// own) with each GET, until a response that does not redirect.
func Walk(t http.RoundTripper, u string, header http.Header) ([]Hop, error) {
	var hops []Hop
	for len(hops) <= maxRedirects {
		h, err := roundTrip(t, u, header)
		if err != nil {
			return hops, err
		}
		hops = append(hops, h)
		if h.Next == "" {
			return hops, nil
		}
		u = h.Next
	}
	return hops, fmt.Errorf("more than %d redirects", maxRedirects)
}

// roundTrip makes one hop.
func roundTrip(t http.RoundTripper, u string, header http.Header) (Hop, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// The hooks run on net/http's goroutines.
	var mu sync.Mutex
	var start, connStart time.Time
	var connect, ttfb *float64
	reused := false
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		ConnectStart: func(_, _ string) { mu.Lock(); connStart = time.Now(); mu.Unlock() },
		ConnectDone: func(_, _ string, err error) {
			mu.Lock()
			if err == nil {
				connect = ms(time.Since(connStart))
			}
			mu.Unlock()
		},
		GotConn:              func(i httptrace.GotConnInfo) { mu.Lock(); reused = i.Reused; mu.Unlock() },
		GotFirstResponseByte: func() { mu.Lock(); ttfb = ms(time.Since(start)); mu.Unlock() },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Hop{}, err
	}
	if header != nil {
		req.Header = header
	}
	mu.Lock()
	start = time.Now()
	mu.Unlock()
	resp, err := t.RoundTrip(req)
	if err != nil {
		return Hop{}, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return Hop{}, err
	}
	mu.Lock()
	defer mu.Unlock()
	h := Hop{URL: u, Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header, Reused: reused,
		Reason: strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))),
		Timing: map[string]*float64{"connect": connect, "ttfb": ttfb, "total": ms(time.Since(start))}}
	loc := resp.Header.Get("Location")
	switch resp.StatusCode {
	case 301, 302, 303, 307, 308: // Fetch's redirect statuses
	default:
		return h, nil
	}
	if loc == "" {
		return h, nil
	}
	base, err := url.Parse(u)
	if err != nil {
		return Hop{}, err
	}
	next, err := base.Parse(loc)
	if err != nil {
		return Hop{}, fmt.Errorf("Location %q: %w", loc, err)
	}
	h.Location, h.Next = loc, next.String()
	return h, nil
}

func ms(d time.Duration) *float64 {
	f := float64(d.Microseconds()) / 1000
	return &f
}
