package check

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// hostLimiter is a RoundTripper that keeps at most perHost requests in
// flight to one host (a request counts until its body is closed) and, with
// a rate, spaces their starts at least interval apart. It is how a check
// avoids hammering the site it checks.
type hostLimiter struct {
	base     http.RoundTripper
	perHost  int
	interval time.Duration

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	slots chan struct{}
	next  time.Time // earliest start of the next request (rate)
}

func newHostLimiter(base http.RoundTripper, perHost int, rate float64) *hostLimiter {
	l := &hostLimiter{base: base, perHost: perHost, hosts: map[string]*hostState{}}
	if rate > 0 {
		l.interval = time.Duration(float64(time.Second) / rate)
	}
	return l
}

// Unwrap gives the walker the transport underneath, for its TLS facts.
func (l *hostLimiter) Unwrap() http.RoundTripper { return l.base }

func (l *hostLimiter) state(host string) *hostState {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.hosts[host]
	if !ok {
		st = &hostState{slots: make(chan struct{}, l.perHost)}
		l.hosts[host] = st
	}
	return st
}

// wait returns how long the caller must wait for its turn under the rate,
// and books that turn.
func (l *hostLimiter) wait(st *hostState) time.Duration {
	if l.interval <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	start := st.next
	if start.Before(now) {
		start = now
	}
	st.next = start.Add(l.interval)
	return start.Sub(now)
}

func (l *hostLimiter) RoundTrip(req *http.Request) (*http.Response, error) {
	st := l.state(strings.ToLower(req.URL.Hostname()))
	ctx := req.Context()
	select {
	case st.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := sync.OnceFunc(func() { <-st.slots })
	if d := l.wait(st); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			release()
			return nil, ctx.Err()
		}
	}
	resp, err := l.base.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// releasingBody frees its host slot when closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
