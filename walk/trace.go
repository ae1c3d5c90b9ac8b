package walk

import (
	"context"
	"crypto/tls"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/hops-cli/hops/inspect"
)

// traceRecorder collects a walk's httptrace events, one hop at a time. It
// is made once a walk (its hooks are closures, and a hop that made them
// anew cost a dozen allocations): begin starts each hop's record.
//
// Connection set-up is timed by the dialer (dialTrace), which knows the
// hop that asked for the dial from the request's context: net/http may
// finish a dial in the background after its hop took an idle connection,
// and such a late dial must not write into the hop being walked by then.
// The events net/http raises with no dial of hops's own below them (TLS
// through a proxy, the instant handshake of an h2 connection) come to the
// walk's hooks and count only when they start within the hop; set-up
// timings of a hop that reused a connection are dropped: they were not
// that connection's.
//
// Hooks may run on other goroutines, so every field is behind mu.
type traceRecorder struct {
	now func() time.Time
	ct  httptrace.ClientTrace

	mu                         sync.Mutex
	epoch                      int // the hop being recorded
	start, tlsStart            time.Time
	dns, connect, tlsDur, ttfb *time.Duration
	remote                     string
	reused                     bool
	// attempts counts the connections the round trip took: net/http
	// retries an idempotent request on another idle connection, without
	// limit, when a reused one fails before answering; stopRetries ends
	// the hop after maxAttempts (a host that resets every connection would
	// otherwise get the same request dozens of times).
	attempts    int
	hctx        context.Context
	stopRetries context.CancelFunc
	gaveUp      bool // stopRetries ended the hop while it still had time
	// conn is the hop's HTTP/1 connection when hops dialled it; malformed
	// collects what its reader mended in this hop's response (its own for
	// each hop: the connection keeps it until its next request).
	conn      *lenientConn
	malformed *malformedSink
}

// recorderKey holds the walk's recorder in the request's context, and
// epochKey the hop it records, for the dialer.
type (
	recorderKey struct{}
	epochKey    struct{}
)

func newTraceRecorder(now func() time.Time) *traceRecorder {
	t := &traceRecorder{now: now}
	t.ct = httptrace.ClientTrace{
		TLSHandshakeStart: func() { t.mu.Lock(); t.tlsStart = t.now(); t.mu.Unlock() },
		TLSHandshakeDone: func(tls.ConnectionState, error) {
			t.mu.Lock()
			if !t.tlsStart.IsZero() {
				t.addTLS(t.now().Sub(t.tlsStart))
				t.tlsStart = time.Time{}
			}
			t.mu.Unlock()
		},
		GotConn:              t.gotConn,
		GotFirstResponseByte: func() { t.mu.Lock(); t.ttfb = t.since(t.start); t.mu.Unlock() },
	}
	return t
}

// withRecorder is ctx with the walk's hooks and the recorder for the dialer.
func (t *traceRecorder) withRecorder(ctx context.Context) context.Context {
	return context.WithValue(httptrace.WithClientTrace(ctx, &t.ct), recorderKey{}, t)
}

// begin starts the record of hop n, whose round trip runs under hctx
// (which stopRetries cancels); it returns the hop's context.
func (t *traceRecorder) begin(n int, hctx context.Context, stopRetries context.CancelFunc) context.Context {
	t.mu.Lock()
	t.epoch, t.start, t.tlsStart = n, time.Time{}, time.Time{}
	t.dns, t.connect, t.tlsDur, t.ttfb = nil, nil, nil, nil
	t.remote, t.reused, t.attempts = "", false, 0
	t.hctx, t.stopRetries, t.gaveUp = hctx, stopRetries, false
	t.conn, t.malformed = nil, new(malformedSink)
	t.mu.Unlock()
	// A hop number boxes without an allocation (small integers).
	return context.WithValue(hctx, epochKey{}, n)
}

// started notes when the round trip began.
func (t *traceRecorder) started(now time.Time) {
	t.mu.Lock()
	t.start = now
	t.mu.Unlock()
}

func (t *traceRecorder) gotConn(i httptrace.GotConnInfo) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempts++
	if t.attempts > maxAttempts && t.stopRetries != nil {
		// As a cancel with a cause: the first end of the hop's context is
		// the one that counts.
		t.gaveUp = t.gaveUp || t.hctx.Err() == nil
		t.stopRetries()
	}
	t.reused = i.Reused
	if lc, ok := i.Conn.(*lenientConn); ok {
		t.remote = lc.remote()
		// The connection is this hop's until its response is read: its
		// next header section is this hop's response.
		t.conn = lc
		lc.expect(t.malformed)
	} else if i.Conn != nil {
		t.remote = i.Conn.RemoteAddr().String()
	}
}

// addTLS adds a handshake to the hop's: TLS through an https proxy is two,
// and an h2 connection from dialTLS is reported again, instantly, by
// net/http.
func (t *traceRecorder) addTLS(d time.Duration) {
	if t.tlsDur != nil {
		d += *t.tlsDur
	}
	t.tlsDur = &d
}

// classify is the package's classify for this hop: a hop that gave up on
// its connections failed with errRetries, whatever error that left.
func (t *traceRecorder) classify(err error, ctx context.Context, timeout time.Duration) *inspect.HopError {
	t.mu.Lock()
	gaveUp := t.gaveUp
	t.mu.Unlock()
	if gaveUp {
		return &inspect.HopError{Err: err, Kind: "protocol", Msg: errRetries.Error()}
	}
	return classify(err, ctx, timeout)
}

// connTLS returns the handshake of the hop's connection when the Transport
// does not know it (TLS done by dialTLS below the lenient reader).
func (t *traceRecorder) connTLS() *tls.ConnectionState {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conn == nil {
		return nil
	}
	return t.conn.tlsState
}

// result is the hop's connection, its timings to end and what its reader
// mended.
func (t *traceRecorder) result(end time.Time) (remote string, reused bool, timing inspect.Timing, malformed *inspect.Malformed) {
	t.mu.Lock()
	defer t.mu.Unlock()
	timing = inspect.Timing{TTFB: t.ttfb, Total: end.Sub(t.start)}
	if !t.reused {
		timing.DNS, timing.Connect, timing.TLS = t.dns, t.connect, t.tlsDur
	}
	return t.remote, t.reused, timing, t.malformed.result()
}

func (t *traceRecorder) since(from time.Time) *time.Duration {
	d := t.now().Sub(from)
	return &d
}

// dialTiming times one dial for the hop that asked for it; its times are
// behind the recorder's mu.
type dialTiming struct {
	t                             *traceRecorder
	epoch                         int
	dnsStart, connStart, tlsStart time.Time
}

// dialTrace returns ctx with hooks that time a dial for the hop in ctx,
// and the dial's timing; ctx as it is and nil when no walk asked for the
// dial (the robots.txt client).
func dialTrace(ctx context.Context) (context.Context, *dialTiming) {
	t, _ := ctx.Value(recorderKey{}).(*traceRecorder)
	epoch, ok := ctx.Value(epochKey{}).(int)
	if t == nil || !ok {
		return ctx, nil
	}
	d := &dialTiming{t: t, epoch: epoch}
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) {
			now := d.t.now()
			d.t.mu.Lock()
			d.dnsStart = now
			d.t.mu.Unlock()
		},
		DNSDone: func(httptrace.DNSDoneInfo) {
			d.record(func(t *traceRecorder) { t.dns = t.since(d.dnsStart) })
		},
		ConnectStart: func(_, _ string) {
			// Happy Eyeballs may start several, on goroutines of their
			// own; the first starts the time.
			now := d.t.now()
			d.t.mu.Lock()
			if d.connStart.IsZero() {
				d.connStart = now
			}
			d.t.mu.Unlock()
		},
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				d.record(func(t *traceRecorder) { t.connect = t.since(d.connStart) })
			}
		},
	}), d
}

// record applies set to the hop's record if the hop is still the one being
// walked.
func (d *dialTiming) record(set func(*traceRecorder)) {
	d.t.mu.Lock()
	defer d.t.mu.Unlock()
	if d.t.epoch == d.epoch {
		set(d.t)
	}
}

// tlsStarted and tlsDone time the handshake of dialTLS.
func (d *dialTiming) tlsStarted() {
	now := d.t.now()
	d.t.mu.Lock()
	d.tlsStart = now
	d.t.mu.Unlock()
}

func (d *dialTiming) tlsDone() {
	now := d.t.now()
	d.record(func(t *traceRecorder) { t.addTLS(now.Sub(d.tlsStart)) })
}
