package bulk

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errNotStarted ends a row that was still waiting for its first turn when
// the run was interrupted: it was never checked, so it is not reported.
var errNotStarted = errors.New("interrupted before its turn")

// hostLimiter gives hops their turns at a host: at most perHost in flight
// (a hop holds its turn until its response is read) and, with a rate,
// starts spaced at least interval apart. Waiting happens before a hop's
// time limit starts, so a queue at a slow host never turns into timeouts.
// It is how a check avoids hammering the site it checks.
type hostLimiter struct {
	perHost  int
	interval time.Duration

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	slots chan struct{}
	next  time.Time // earliest start of the next request (rate)
	// release ends a turn; made once per host rather than once per hop
	// (the walk calls it once for each turn it was given).
	release func()
}

func newHostLimiter(perHost int, rate float64) *hostLimiter {
	l := &hostLimiter{perHost: perHost, hosts: map[string]*hostState{}}
	if rate > 0 {
		l.interval = time.Duration(float64(time.Second) / rate)
	}
	return l
}

func (l *hostLimiter) state(host string) *hostState {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.hosts[host]
	if !ok {
		st = &hostState{slots: make(chan struct{}, l.perHost)}
		st.release = func() { <-st.slots }
		l.hosts[host] = st
	}
	return st
}

// book returns how long the caller must wait for its start under the rate,
// and books that start.
func (l *hostLimiter) book(st *hostState) time.Duration {
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

// turn waits for a turn at host; ctx (the run's, which an interrupt
// cancels) ends the wait with errNotStarted.
func (l *hostLimiter) turn(ctx context.Context, host string) (func(), error) {
	if ctx.Err() != nil {
		return nil, errNotStarted
	}
	st := l.state(host)
	select {
	case st.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, errNotStarted
	}
	release := st.release
	if d := l.book(st); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, errNotStarted
		}
	}
	return release, nil
}
