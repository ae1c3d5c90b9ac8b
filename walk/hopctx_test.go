package walk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/inspect"
)

func TestHopClock(t *testing.T) {
	t.Parallel()
	c := newHopClock(context.Background(), 20*time.Millisecond)
	defer c.close()
	first := c.arm()
	c.disarm() // in time: the next hop runs under the same context
	if again := c.arm(); again != first || again.Err() != nil {
		t.Fatalf("a hop that ended in time left %v (err %v); want the same live context", again, again.Err())
	}
	<-first.Done() // this hop runs out of time
	if cause := context.Cause(first); !errors.Is(cause, errHopTimeout) {
		t.Fatalf("cause %v; want errHopTimeout", cause)
	}
	c.disarm()
	next := c.arm()
	if next == first || next.Err() != nil {
		t.Fatalf("the hop after a timeout got %v (err %v); want a fresh live context", next, next.Err())
	}
	c.disarm()
	c.stop() // given-up retries end the hop's context with their own cause
	if cause := context.Cause(next); !errors.Is(cause, errRetries) {
		t.Fatalf("cause %v; want errRetries", cause)
	}
}

// TestHopClockLazyTimer: the walk's one timer measures each hop from its
// own start. A hop armed after another ran part of the timeout is not cut
// at the first hop's due time, and a hop armed after the timer fired
// between hops is still timed. Both can only be late on a loaded machine,
// never early, so only the lower bound is asserted.
func TestHopClockLazyTimer(t *testing.T) {
	t.Parallel()
	const timeout = 40 * time.Millisecond
	c := newHopClock(context.Background(), timeout)
	defer c.close()
	c.arm()
	time.Sleep(timeout / 2)
	c.disarm()
	second := time.Now()
	ctx := c.arm() // the timer, set by the first hop, fires halfway through this one
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the second hop never ran out of time")
	}
	if took := time.Since(second); took < timeout {
		t.Fatalf("the second hop was cut after %v; want at least %v", took, timeout)
	}
	if cause := context.Cause(ctx); !errors.Is(cause, errHopTimeout) {
		t.Fatalf("cause %v; want errHopTimeout", cause)
	}
	c.disarm()

	// Between hops the timer fires and waits; the next hop sets it again.
	c.arm()
	c.disarm()
	time.Sleep(2 * timeout)
	third := time.Now()
	ctx = c.arm()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a hop armed after the timer fired between hops was never timed out")
	}
	if took := time.Since(third); took < timeout {
		t.Fatalf("the third hop was cut after %v; want at least %v", took, timeout)
	}
}

// --timeout bounds each hop, not the walk: three hops of 0.4 timeouts each
// (1.2 together) complete, and a slow hop after a fast one fails as a
// timeout. Each hop has 0.6 of the timeout to spare on a loaded machine.
func TestTimeoutIsPerHop(t *testing.T) {
	t.Parallel()
	const timeout = 500 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if r.URL.Query().Get("slow") == strconv.Itoa(n) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		time.Sleep(timeout * 4 / 10)
		if n < 2 {
			http.Redirect(w, r, "/"+strconv.Itoa(n+1)+"?"+r.URL.RawQuery, http.StatusFound)
		}
	}))
	defer srv.Close()
	withTimeout := func(w *Walker) { w.Timeout = timeout }

	c := walkURL(t, get(srv.URL+"/0?slow=none"), withTimeout)
	if len(c.Hops) != 3 || c.Hops[2].Err != nil || c.Hops[2].Status != 200 {
		t.Fatalf("three hops of 0.4 timeouts: %d hops, last %v %d", len(c.Hops), c.Hops[len(c.Hops)-1].Err, c.Hops[len(c.Hops)-1].Status)
	}
	c = walkURL(t, get(srv.URL+"/0?slow=1"), withTimeout)
	if len(c.Hops) != 2 || c.Hops[0].Status != 302 {
		t.Fatalf("%d hops, first %d; want 2, 302", len(c.Hops), c.Hops[0].Status)
	}
	if he, ok := c.Hops[1].Err.(*inspect.HopError); !ok || he.Kind != "timeout" || he.Msg != "no complete response within --timeout 500ms" {
		t.Fatalf("hop 2: %#v; want a timeout", c.Hops[1].Err)
	}
}
