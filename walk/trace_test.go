package walk

import (
	"context"
	"crypto/tls"
	"net"
	"net/http/httptrace"
	"testing"
	"time"
)

// fakeClock returns times one millisecond apart: every reading of the
// clock is a tick, so the expected durations count the readings between.
func fakeClock() func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Millisecond); return t }
}

func ms(d *time.Duration) any {
	if d == nil {
		return nil
	}
	return d.Milliseconds()
}

// A dial times the hop that asked for it; one that ends after the walk
// has moved on to the next hop writes nothing into that hop.
func TestDialTimingBelongsToItsHop(t *testing.T) {
	tr := newTraceRecorder(fakeClock())
	ctx := tr.withRecorder(context.Background())
	conn, _ := net.Pipe()
	defer conn.Close()

	hop1 := tr.begin(1, ctx, func() {})
	tr.started(tr.now())
	dctx, timing := dialTrace(hop1)
	if timing == nil {
		t.Fatal("no dial timing in a hop's context")
	}
	dial := httptrace.ContextClientTrace(dctx)
	dial.DNSStart(httptrace.DNSStartInfo{})
	dial.DNSDone(httptrace.DNSDoneInfo{})
	dial.ConnectStart("tcp", "127.0.0.1:1")
	dial.ConnectStart("tcp", "[::1]:1") // Happy Eyeballs: the first start counts
	dial.ConnectDone("tcp", "127.0.0.1:1", nil)
	timing.tlsStarted()
	timing.tlsDone()
	tr.ct.GotConn(httptrace.GotConnInfo{Conn: conn})
	tr.ct.GotFirstResponseByte()
	_, reused, tm, _ := tr.result(tr.now())
	if reused || ms(tm.DNS) != int64(1) || ms(tm.Connect) != int64(2) || ms(tm.TLS) != int64(1) || ms(tm.TTFB) != int64(8) || tm.Total.Milliseconds() != 9 {
		t.Errorf("hop 1: reused %v, dns %v connect %v tls %v ttfb %v total %v; want false 1 2 1 8 9ms",
			reused, ms(tm.DNS), ms(tm.Connect), ms(tm.TLS), ms(tm.TTFB), tm.Total)
	}

	// Hop 1 starts a dial, takes an idle connection instead and ends; the
	// dial goes on into hop 2.
	hop1 = tr.begin(1, ctx, func() {})
	dctx, timing = dialTrace(hop1)
	late := httptrace.ContextClientTrace(dctx)
	late.ConnectStart("tcp", "127.0.0.1:1")
	tr.begin(2, ctx, func() {})
	tr.started(tr.now())
	late.ConnectDone("tcp", "127.0.0.1:1", nil)
	late.DNSDone(httptrace.DNSDoneInfo{})
	timing.tlsStarted()
	timing.tlsDone()
	tr.ct.GotConn(httptrace.GotConnInfo{Conn: conn})
	_, _, tm, _ = tr.result(tr.now())
	if tm.DNS != nil || tm.Connect != nil || tm.TLS != nil {
		t.Errorf("hop 2 has hop 1's dial: dns %v connect %v tls %v", ms(tm.DNS), ms(tm.Connect), ms(tm.TLS))
	}
}

// A hop on a reused connection has no set-up times, even when a dial it
// started (and did not use) reported within it.
func TestReusedConnectionHasNoSetupTimes(t *testing.T) {
	tr := newTraceRecorder(fakeClock())
	ctx := tr.withRecorder(context.Background())
	conn, _ := net.Pipe()
	defer conn.Close()
	hop := tr.begin(1, ctx, func() {})
	tr.started(tr.now())
	dctx, _ := dialTrace(hop)
	dial := httptrace.ContextClientTrace(dctx)
	dial.ConnectStart("tcp", "127.0.0.1:1")
	tr.ct.GotConn(httptrace.GotConnInfo{Conn: conn, Reused: true})
	dial.ConnectDone("tcp", "127.0.0.1:1", nil)
	tr.ct.TLSHandshakeStart()
	tr.ct.TLSHandshakeDone(tls.ConnectionState{}, nil)
	tr.ct.GotFirstResponseByte()
	_, reused, tm, _ := tr.result(tr.now())
	if !reused || tm.Connect != nil || tm.TLS != nil || ms(tm.TTFB) != int64(5) {
		t.Errorf("reused %v connect %v tls %v ttfb %v; want true, nil, nil, 5", reused, ms(tm.Connect), ms(tm.TLS), ms(tm.TTFB))
	}
}

// net/http's own handshakes (TLS through a proxy, an h2 connection's)
// count only when they start within the hop.
func TestTransportHandshakeStartsWithinTheHop(t *testing.T) {
	tr := newTraceRecorder(fakeClock())
	ctx := tr.withRecorder(context.Background())
	conn, _ := net.Pipe()
	defer conn.Close()
	tr.begin(1, ctx, func() {})
	tr.ct.TLSHandshakeStart() // a handshake of hop 1 ...
	tr.begin(2, ctx, func() {})
	tr.started(tr.now())
	tr.ct.TLSHandshakeDone(tls.ConnectionState{}, nil) // ... that ends in hop 2
	tr.ct.TLSHandshakeStart()
	tr.ct.TLSHandshakeDone(tls.ConnectionState{}, nil)
	tr.ct.TLSHandshakeStart()
	tr.ct.TLSHandshakeDone(tls.ConnectionState{}, nil)
	tr.ct.GotConn(httptrace.GotConnInfo{Conn: conn})
	_, _, tm, _ := tr.result(tr.now())
	if ms(tm.TLS) != int64(2) {
		t.Errorf("tls %v; want 2 (two handshakes of 1 ms within the hop)", ms(tm.TLS))
	}
}

// A dial that no walk asked for (the robots.txt client) is not timed.
func TestDialTraceOutsideAWalk(t *testing.T) {
	ctx := context.Background()
	if got, timing := dialTrace(ctx); got != ctx || timing != nil {
		t.Errorf("dialTrace outside a walk: %v, %v", got, timing)
	}
}
