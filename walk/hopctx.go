package walk

import (
	"context"
	"errors"
	"time"
)

// errHopTimeout is the cause of a hop's context ending at --timeout.
var errHopTimeout = errors.New("--timeout reached")

// hopClock bounds each hop of a walk by the timeout with one context and
// one timer for the whole walk, re-armed at every hop: a context with a
// deadline of its own for each hop, and net/http's cancellation hooked
// into it, were half a dozen allocations a hop. A hop that ends its
// context (a timeout, given-up retries) ends the walk; if the timer
// fires as a hop completes, the next hop gets a fresh context.
type hopClock struct {
	parent  context.Context
	timeout time.Duration
	ctx     context.Context // nil: make a fresh one at the next arm
	cancel  context.CancelCauseFunc
	timer   *time.Timer
	// stop ends the current hop's round trip early (given-up retries);
	// made once a walk.
	stop context.CancelFunc
}

func newHopClock(parent context.Context, timeout time.Duration) *hopClock {
	c := &hopClock{parent: parent, timeout: timeout}
	c.stop = func() { c.cancel(errRetries) }
	return c
}

// arm starts a hop's time and returns its context.
func (c *hopClock) arm() context.Context {
	if c.ctx != nil && c.ctx.Err() == nil {
		c.timer.Reset(c.timeout)
		return c.ctx
	}
	ctx, cancel := context.WithCancelCause(c.parent)
	c.ctx, c.cancel = ctx, cancel
	c.timer = time.AfterFunc(c.timeout, func() { cancel(errHopTimeout) })
	return ctx
}

// disarm ends a hop's time. A timer that fired already (its cancel may
// still be on its way) leaves its context to that hop alone.
func (c *hopClock) disarm() {
	if !c.timer.Stop() {
		c.ctx = nil
	}
}

// close releases the walk's context.
func (c *hopClock) close() {
	if c.cancel != nil {
		c.timer.Stop()
		c.cancel(context.Canceled)
	}
}
