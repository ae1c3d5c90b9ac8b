package walk

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"
)

// deadlineConn records the deadlines set on it.
type deadlineConn struct {
	net.Conn
	mu  sync.Mutex
	set []time.Time
}

func (c *deadlineConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = append(c.set, t)
	return nil
}

func (c *deadlineConn) deadlines() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.set)
}

// TestHopWatch: the hop context's end fails the exchange in flight (a
// deadline in the past on its connection) and makes its stop report
// false, so the connection is not pooled; it leaves alone a connection
// whose exchange had ended, and a later exchange on an ended context is
// not attached. These are an AfterFunc's rules, which the watch replaces.
func TestHopWatch(t *testing.T) {
	t.Parallel()
	newPC := func() (*directConn, *deadlineConn) {
		c := &deadlineConn{}
		pc := &directConn{conn: c}
		pc.detach = pc.detachWatch
		return pc, c
	}

	w := &hopWatch{}
	a, ac := newPC()
	if !w.attach(a) {
		t.Fatal("attach on a live context refused")
	}
	if !a.detach() {
		t.Error("stop of an exchange the context did not end: false")
	}
	if a.detach() {
		t.Error("a second stop: true, want false (as an AfterFunc's)")
	}
	b, bc := newPC()
	if !w.attach(b) {
		t.Fatal("second attach refused")
	}
	w.fire()
	if bc.deadlines() != 1 || !bc.set[0].Before(time.Now()) {
		t.Errorf("connection in flight: deadlines %v, want one in the past", bc.set)
	}
	if ac.deadlines() != 0 {
		t.Errorf("connection whose exchange had ended got deadlines %v", ac.set)
	}
	if b.detach() {
		t.Error("stop of an exchange the context ended: true, want false")
	}
	c, cc := newPC()
	if w.attach(c) {
		t.Error("attach after the context ended: true, want false")
	}
	if cc.deadlines() != 0 {
		t.Errorf("unattached connection got deadlines %v", cc.set)
	}

	// Through the hop clock: its context carries a watch, and closing
	// the clock ends an exchange still in flight.
	clock := newHopClock(context.Background(), time.Minute)
	ctx := clock.arm()
	hw, ok := ctx.Value(hopWatchKey{}).(*hopWatch)
	if !ok {
		t.Fatal("the hop context carries no watch")
	}
	if again := clock.arm(); again.Value(hopWatchKey{}) != hw {
		t.Error("a second hop on the same context got another watch")
	}
	d, dc := newPC()
	if !hw.attach(d) {
		t.Fatal("attach refused")
	}
	clock.close()
	if dc.deadlines() != 1 || d.detach() {
		t.Errorf("after close: deadlines %v, stop true; want one deadline and false", dc.set)
	}
	if !errors.Is(context.Cause(ctx), context.Canceled) {
		t.Errorf("cause %v", context.Cause(ctx))
	}

	// A parent that ends (an interrupt) ends the exchange in flight too,
	// after the hop context has ended, so that its error is the cause.
	parent, cancel := context.WithCancelCause(context.Background())
	clock = newHopClock(parent, time.Minute)
	ctx = clock.arm()
	e, ec := newPC()
	if !ctx.Value(hopWatchKey{}).(*hopWatch).attach(e) {
		t.Fatal("attach refused")
	}
	stop := errors.New("interrupted")
	cancel(stop)
	for start := time.Now(); ec.deadlines() == 0; time.Sleep(time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the parent's end left the exchange in flight")
		}
	}
	if context.Cause(ctx) != stop || e.detach() {
		t.Errorf("cause %v, stop true; want %v and false", context.Cause(ctx), stop)
	}
	clock.close()
}
