package walk

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errHopTimeout is the cause of a hop's context ending at --timeout.
var errHopTimeout = errors.New("--timeout reached")

// hopClock bounds each hop of a walk by the timeout with one context and
// one timer for the whole walk: a context with a deadline of its own for
// each hop, and net/http's cancellation hooked into it, were half a dozen
// allocations a hop. The timer is not moved at every hop either (a reset
// and a stop of a runtime timer a hop were ~1.5% of a bulk check's CPU):
// a hop notes when it started, and when the timer fires it ends the hop
// that has run out of time, or sets itself for the due time of the hop
// now running, or, between hops, waits for the next hop to set it again.
// A hop that ends its context (a timeout, given-up retries) ends the
// walk; if the timer fires as a hop completes, the next hop gets a fresh
// context.
type hopClock struct {
	parent  context.Context
	timeout time.Duration
	ctx     context.Context // nil: make a fresh one at the next arm
	cancel  context.CancelCauseFunc
	// stop ends the current hop's round trip early (given-up retries);
	// made once a walk.
	stop context.CancelFunc

	mu      sync.Mutex // the timer's callback runs on its own goroutine
	timer   *time.Timer
	started time.Time // the running hop's start; zero between hops
	idle    bool      // the timer fired between hops and is not set

	// unwatch stops the AfterFunc that fires ctx's hopWatch (which ends
	// a direct-path exchange in flight), nil when there is none.
	unwatch func() bool
}

func newHopClock(parent context.Context, timeout time.Duration) *hopClock {
	c := &hopClock{parent: parent, timeout: timeout}
	c.stop = func() { c.cancel(errRetries) }
	return c
}

// arm starts a hop's time and returns its context.
func (c *hopClock) arm() context.Context {
	if c.ctx == nil || c.ctx.Err() != nil {
		ctx, cancel := context.WithCancelCause(c.parent)
		w := &hopWatch{}
		// The clock's own ends of the context fire the watch at once;
		// when its parent can end it (an interrupt, --max-time), an
		// AfterFunc fires it too, once the context has ended. A bulk
		// check's parent cannot.
		c.unwatch = nil
		if c.parent.Done() != nil {
			c.unwatch = context.AfterFunc(ctx, w.fire)
		}
		c.ctx = context.WithValue(ctx, hopWatchKey{}, w)
		c.cancel = func(cause error) {
			cancel(cause)
			w.fire()
		}
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.started = now
	switch {
	case c.timer == nil:
		c.timer = time.AfterFunc(c.timeout, c.fire)
	case c.idle:
		c.idle = false
		c.timer.Reset(c.timeout)
	}
	return c.ctx
}

// fire ends the running hop if its time is up; otherwise it sets the
// timer for that hop's due time, or, between hops, leaves it to arm.
func (c *hopClock) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started.IsZero() {
		c.idle = true
		return
	}
	if left := c.timeout - time.Since(c.started); left > 0 {
		c.timer.Reset(left)
		return
	}
	c.idle = true
	c.cancel(errHopTimeout)
}

// disarm ends a hop's time. A context the timer ended already is left to
// that hop alone: arm makes the next one.
func (c *hopClock) disarm() {
	c.mu.Lock()
	c.started = time.Time{}
	c.mu.Unlock()
}

// close releases the walk's context.
func (c *hopClock) close() {
	if c.cancel != nil {
		c.mu.Lock()
		c.timer.Stop()
		c.mu.Unlock()
		if c.unwatch != nil {
			c.unwatch()
		}
		c.cancel(context.Canceled)
	}
}
