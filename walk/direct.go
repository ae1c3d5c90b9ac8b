package walk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"

	"golang.org/x/net/http/httpguts"
)

// Transport is the round tripper of hops's walks: net/http's Transport,
// with the plainest hops, a GET or HEAD without a body to an http:// origin
// reached without a proxy, exchanged on the caller's own goroutine.
//
// net/http gives every connection a reading and a writing goroutine and
// hands each request between them and its caller; for a bulk check over
// keep-alive connections that hand-off is about half of all the client's
// CPU (bench/floor -raw). The direct path writes the request as
// net/http's own writer does (Request.Write, the one the Transport calls:
// writeRequest, held to it byte for byte) and reads the response with
// net/http's reader (ReadResponse), so the bytes on the wire and the
// response parsed from them are the Transport's; it keeps
// the Transport's rules for what it does not share: the response header
// limit over interim and final responses, the retry of a request that a
// reused connection failed before any answer, which connections go back
// to the pool (a body read to its end, no close asked for by the
// response, nothing unread left on the connection) and the pool's limits
// and timers, the trace events and the errors it returns. Everything else
// (TLS, proxies, request bodies and other methods, upgrades, large
// headers, a walk that began with any of those, and any request the
// Transport would refuse) goes to net/http unchanged. direct_test.go and
// direct_pool_test.go run every case both ways.
type Transport struct {
	*http.Transport
	// netHTTPOnly sends everything through net/http: the other side of
	// the tests that hold the direct path to it.
	netHTTPOnly bool

	mu        sync.Mutex
	idle      map[string][]*directConn // by host:port, the most recent last
	nIdle     int
	sweeper   *time.Timer // closes connections idle past IdleConnTimeout
	sweeping  bool        // sweeper is set
	closeIdle bool        // CloseIdleConnections was called and no request came since
}

// directConn is an HTTP/1.1 connection of the direct path.
type directConn struct {
	conn     net.Conn
	lim      limitReader
	cw       countWriter
	br       *bufio.Reader
	bw       *bufio.Writer
	line     []byte // writeRequest's room
	look     idleLook
	idleFrom time.Time
	watch    *hopWatch   // the walk's watch of the exchange in flight
	detach   func() bool // pc.detachWatch, made once
}

// hopWatch ends the direct path's exchange in flight when a walk's hop
// context ends, as a context.AfterFunc for each exchange did: it sets a
// deadline in the past on the connection, so that its reads and writes
// fail at once. The hop clock makes one for each context it makes, one a
// walk unless a hop ends it; an AfterFunc for each exchange, and its
// stop, were 3% of a bulk check's CPU and three allocations a hop. A
// walk's exchanges come one after another, so one connection at a time
// is attached.
type hopWatch struct {
	mu   sync.Mutex
	conn net.Conn // the exchange's in flight, nil between exchanges
	hit  net.Conn // the one the context's end caught in flight
	done bool
}

type hopWatchKey struct{}

// fire is the context's end.
func (w *hopWatch) fire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	if w.conn != nil {
		w.conn.SetDeadline(time.Unix(1, 0))
		w.hit, w.conn = w.conn, nil
	}
}

// attach makes pc the exchange in flight; false once the context has
// ended (the exchange then takes an AfterFunc of its own, which fails
// it at once, as before).
func (w *hopWatch) attach(pc *directConn) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.conn, pc.watch = pc.conn, w
	return true
}

// detachWatch ends pc's exchange for the watch, as an AfterFunc's stop:
// false when the context's end caught it (its deadline is set).
func (pc *directConn) detachWatch() bool {
	w := pc.watch
	if w == nil {
		return false // stopped already, as an AfterFunc's second stop
	}
	pc.watch = nil
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == pc.conn {
		w.conn = nil
	}
	if w.hit == pc.conn {
		w.hit = nil
		return false
	}
	return true
}

// limitReader is persistConn.Read's header limit: left bytes may be read
// until the response header is in; EOF is remembered, since a connection
// that saw it goes back to no pool.
type limitReader struct {
	conn   net.Conn
	left   int64
	sawEOF bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errHeaderLimitHit
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.conn.Read(p)
	if err == io.EOF {
		l.sawEOF = true
	}
	l.left -= int64(n)
	return n, err
}

var errHeaderLimitHit = errors.New("read limit of response header bytes exhausted")

// RoundTrip sends req on the direct path when it qualifies, otherwise
// through net/http.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	addr, ok := t.directAddr(req)
	if !ok {
		return t.Transport.RoundTrip(req)
	}
	return t.roundTripDirect(req, addr)
}

// CloseIdleConnections closes the idle connections of both paths.
func (t *Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle, t.nIdle, t.closeIdle = nil, 0, true
	if t.sweeping {
		t.sweeper.Stop()
		t.sweeping = false
	}
	t.mu.Unlock()
	for _, l := range idle {
		for _, c := range l {
			c.conn.Close()
		}
	}
	t.Transport.CloseIdleConnections()
}

// directAddr returns the host:port to dial for req and whether the direct
// path may take it: anything it is unsure of goes to net/http, which then
// does as it always did, errors included.
func (t *Transport) directAddr(req *http.Request) (string, bool) {
	u := req.URL
	if !directSupported || t.netHTTPOnly || u == nil || u.Scheme != "http" || u.Host == "" || req.Header == nil ||
		(req.Body != nil && req.Body != http.NoBody) || req.Cancel != nil || len(req.Trailer) > 0 ||
		t.DialContext == nil || t.DisableKeepAlives || t.MaxConnsPerHost > 0 || !t.DisableCompression ||
		t.ResponseHeaderTimeout > 0 ||
		(t.Protocols != nil && !t.Protocols.HTTP1()) {
		return "", false
	}
	if m := req.Method; m != "" && m != http.MethodGet && m != http.MethodHead {
		return "", false
	}
	if v, _ := req.Context().Value(viaNetHTTPKey{}).(bool); v {
		return "", false
	}
	host := u.Hostname()
	if host == "" || !isASCII(host) || (req.Host != "" && !httpguts.ValidHostHeader(req.Host)) ||
		!httpguts.ValidHostHeader(u.Host) {
		return "", false
	}
	for k, vv := range req.Header {
		if !httpguts.ValidHeaderFieldName(k) {
			return "", false
		}
		for _, v := range vv {
			if !httpguts.ValidHeaderFieldValue(v) {
				return "", false
			}
		}
	}
	if req.Header.Get("Upgrade") != "" && httpguts.HeaderValuesContainsToken(req.Header["Connection"], "Upgrade") {
		// A protocol switch: net/http pools such requests apart and hands
		// back a 101's connection as a writable body.
		return "", false
	}
	if n := len(u.Host) + len(u.Path) + len(u.RawQuery) + len(req.Host) + 64; n+headerSize(req.Header) > maxDirectRequest {
		return "", false
	}
	if t.Proxy != nil {
		if p, err := t.Proxy(req); p != nil || err != nil {
			return "", false
		}
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	// As the Transport's canonicalAddr: the host as the URL has it.
	return net.JoinHostPort(host, port), true
}

// maxDirectRequest bounds the request the direct path writes before it
// reads: one that fits the socket's buffers is written at once, whether
// or not the server reads it. net/http writes and reads at the same time,
// so a server that answers a larger one without reading it (431, say) is
// still heard; such requests go to net/http.
const maxDirectRequest = 8 << 10

func headerSize(h http.Header) int {
	n := 0
	for k, vv := range h {
		for _, v := range vv {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// viaNetHTTPKey marks the context of a request the walk sends through
// net/http whatever it is: a walk that started with a request the direct
// path does not take keeps to net/http, so that its hops to one origin
// share a connection as they always did.
type viaNetHTTPKey struct{}

// roundTripDirect is one request on the direct path. Like the Transport it
// tries again on another connection, as long as the request's context
// runs, when a reused one fails before any byte of an answer (the server
// closed it while it sat idle).
func (t *Transport) roundTripDirect(req *http.Request, addr string) (*http.Response, error) {
	ctx := req.Context()
	trace := httptrace.ContextClientTrace(ctx)
	for {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		if trace != nil && trace.GetConn != nil {
			trace.GetConn(addr)
		}
		pc, idleFor := t.takeIdle(addr)
		reused := pc != nil
		if !reused {
			c, err := t.DialContext(ctx, "tcp", addr)
			if err != nil {
				if ctx.Err() != nil {
					return nil, context.Cause(ctx)
				}
				return nil, err
			}
			pc = newDirectConn(c, t.ReadBufferSize, t.WriteBufferSize)
		}
		if trace != nil && trace.GotConn != nil {
			trace.GotConn(httptrace.GotConnInfo{Conn: pc.conn, Reused: reused, WasIdle: reused, IdleTime: idleFor})
		}
		if ctx.Err() != nil {
			// The hook may end the request (hops's bound on retries):
			// nothing is sent, and the connection, unused, stays.
			t.release(pc, addr, true, func() bool { return true }, nil)
			return nil, context.Cause(ctx)
		}
		resp, err, retry := t.exchange(ctx, trace, req, pc, addr)
		if err == nil {
			return resp, nil
		}
		if !(retry && reused) {
			return nil, err
		}
	}
}

func newDirectConn(c net.Conn, rsize, wsize int) *directConn {
	if rsize <= 0 {
		rsize = 4 << 10
	}
	if wsize <= 0 {
		wsize = 4 << 10
	}
	pc := &directConn{conn: c}
	pc.lim.conn = c
	pc.cw.w = c
	pc.br = bufio.NewReaderSize(&pc.lim, rsize)
	pc.bw = bufio.NewWriterSize(&pc.cw, wsize)
	pc.look.init(c)
	pc.detach = pc.detachWatch
	return pc
}

// exchange writes req on pc and reads the response header. retry says
// that nothing of an answer came, so another connection may be tried.
func (t *Transport) exchange(ctx context.Context, trace *httptrace.ClientTrace, req *http.Request, pc *directConn, addr string) (_ *http.Response, err error, retry bool) {
	// The context ends the exchange as it ends a Transport's: the
	// connection's reads and writes fail at once and the error returned
	// is the context's cause.
	var stop func() bool
	if w, ok := ctx.Value(hopWatchKey{}).(*hopWatch); ok && w.attach(pc) {
		stop = pc.detach
	} else {
		stop = context.AfterFunc(ctx, func() { pc.conn.SetDeadline(time.Unix(1, 0)) })
	}
	fail := func(e error, again bool) (*http.Response, error, bool) {
		stop()
		pc.conn.Close()
		if ctx.Err() != nil {
			return nil, context.Cause(ctx), false
		}
		return nil, e, again
	}
	pc.cw.n = 0
	err = writeRequest(pc.bw, &pc.line, req, trace) // it calls the WroteHeaders and WroteRequest hooks
	if err == nil {
		err = pc.bw.Flush()
	}
	if err != nil {
		if pc.cw.n > 0 {
			// Part of the request went out: the Transport calls the
			// connection broken and does not send it again.
			return fail(fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w", err), false)
		}
		return fail(err, true)
	}
	limit := t.MaxResponseHeaderBytes
	if limit <= 0 {
		limit = 10 << 20 // the Transport's default
	}
	pc.lim.left = limit
	if _, err := pc.br.Peek(1); err != nil {
		// The Transport's readLoop: a failed first read is the server's
		// error, returned as it is.
		return fail(err, true)
	}
	if trace != nil && trace.GotFirstResponseByte != nil {
		trace.GotFirstResponseByte()
	}
	var resp *http.Response
	for {
		resp, err = http.ReadResponse(pc.br, req)
		if err == nil {
			// Interim responses are read past (101 ends the exchange);
			// with no Got1xxResponse hook, all their header bytes count
			// against the one limit, as they do in the Transport.
			c := resp.StatusCode
			if c < 100 || c > 199 || c == http.StatusSwitchingProtocols {
				break
			}
			if trace == nil || trace.Got1xxResponse == nil {
				continue
			}
			if err = trace.Got1xxResponse(c, map[string][]string(resp.Header)); err == nil {
				pc.lim.left = limit
				continue
			}
		}
		if pc.lim.left <= 0 {
			err = fmt.Errorf("net/http: server response headers exceeded %d bytes; aborted", limit)
		}
		// The Transport's persistConn is broken by then, and says so.
		return fail(fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w", err), false)
	}
	pc.lim.left = math.MaxInt64
	// A Connection: close in the request's header alone does not stop
	// the Transport pooling the connection either.
	alive := !resp.Close && !req.Close && resp.StatusCode > 199
	if req.Method == http.MethodHead || resp.ContentLength == 0 {
		// No body to wait for: the connection is free now.
		t.release(pc, addr, alive, stop, trace)
		return resp, nil, false
	}
	resp.Body = &directBody{body: resp.Body, left: resp.ContentLength, t: t, pc: pc, addr: addr, ctx: ctx, alive: alive, stop: stop, trace: trace}
	return resp, nil, false
}

// countWriter counts what reaches the connection.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// release puts pc back in the pool when it can serve another request, and
// closes it otherwise. The pool keeps the Transport's rules: a host's list
// full closes the newcomer, the whole pool full the oldest; a connection
// idle past IdleConnTimeout is closed; after CloseIdleConnections
// connections that come free are closed until a request asks for one.
func (t *Transport) release(pc *directConn, addr string, alive bool, stop func() bool, trace *httptrace.ClientTrace) {
	if !stop() {
		// The context ended as the exchange did: the deadline it set
		// would fail the next request.
		alive = false
	}
	if !alive || pc.lim.sawEOF || pc.br.Buffered() > 0 {
		// Bytes past the response are the Transport's "unsolicited
		// response": the connection is done for.
		pc.conn.Close()
		return
	}
	max := t.MaxIdleConnsPerHost
	if max == 0 {
		max = http.DefaultMaxIdleConnsPerHost
	}
	pc.idleFrom = time.Now()
	var refused error
	var old *directConn
	t.mu.Lock()
	switch {
	case t.closeIdle:
		refused = errCloseIdle
	case len(t.idle[addr]) >= max:
		refused = errTooManyIdleHost
	default:
		if t.MaxIdleConns > 0 && t.nIdle >= t.MaxIdleConns {
			old = t.oldestLocked()
		}
		if t.idle == nil {
			t.idle = make(map[string][]*directConn)
		}
		t.idle[addr] = append(t.idle[addr], pc)
		t.nIdle++
		if t.IdleConnTimeout > 0 && !t.sweeping {
			t.sweeping = true
			if t.sweeper == nil {
				t.sweeper = time.AfterFunc(t.IdleConnTimeout, t.sweep)
			} else {
				t.sweeper.Reset(t.IdleConnTimeout)
			}
		}
	}
	t.mu.Unlock()
	if old != nil {
		old.conn.Close()
	}
	if refused != nil {
		pc.conn.Close()
	}
	if trace != nil && trace.PutIdleConn != nil {
		trace.PutIdleConn(refused)
	}
}

// The Transport's words for a connection it does not keep.
var (
	errCloseIdle       = errors.New("http: CloseIdleConnections called")
	errTooManyIdleHost = errors.New("http: putIdleConn: too many idle connections for host")
)

// sweep closes the connections idle past IdleConnTimeout (the Transport
// has a timer for each; one for the pool does here) and sets itself for
// the next to come due.
func (t *Transport) sweep() {
	now := time.Now()
	var out []*directConn
	t.mu.Lock()
	next := time.Duration(-1)
	for addr, l := range t.idle {
		keep := l[:0]
		for _, c := range l {
			if left := t.IdleConnTimeout - now.Sub(c.idleFrom); left <= 0 {
				out = append(out, c)
			} else {
				keep = append(keep, c)
				if next < 0 || left < next {
					next = left
				}
			}
		}
		clear(l[len(keep):])
		t.nIdle -= len(l) - len(keep)
		if len(keep) == 0 {
			delete(t.idle, addr)
		} else {
			t.idle[addr] = keep
		}
	}
	if t.sweeping && next >= 0 {
		t.sweeper.Reset(next)
	} else {
		t.sweeping = false
	}
	t.mu.Unlock()
	for _, c := range out {
		c.conn.Close()
	}
}

// oldestLocked takes the connection idle longest out of the pool (each
// host's list is oldest first).
func (t *Transport) oldestLocked() *directConn {
	var oldest *directConn
	var at string
	for addr, l := range t.idle {
		if len(l) > 0 && (oldest == nil || l[0].idleFrom.Before(oldest.idleFrom)) {
			oldest, at = l[0], addr
		}
	}
	if oldest == nil {
		return nil
	}
	return t.removeLocked(at, 0)
}

// removeLocked takes the i'th idle connection to addr out of the pool.
func (t *Transport) removeLocked(addr string, i int) *directConn {
	l := t.idle[addr]
	pc := l[i]
	copy(l[i:], l[i+1:])
	l[len(l)-1] = nil
	if len(l) == 1 {
		delete(t.idle, addr)
	} else {
		t.idle[addr] = l[:len(l)-1]
	}
	t.nIdle--
	return pc
}

// takeIdle returns the most recently used idle connection to addr that is
// still fit for a request, and how long it was idle; connections that
// timed out, that the server closed, or on which it sent something while
// nobody asked are closed on the way.
func (t *Transport) takeIdle(addr string) (*directConn, time.Duration) {
	for {
		t.mu.Lock()
		t.closeIdle = false // a request wants a connection again
		n := len(t.idle[addr])
		if n == 0 {
			t.mu.Unlock()
			return nil, 0
		}
		pc := t.removeLocked(addr, n-1)
		t.mu.Unlock()
		idleFor := time.Since(pc.idleFrom)
		if (t.IdleConnTimeout > 0 && idleFor > t.IdleConnTimeout) || !pc.look.quietNow() {
			pc.conn.Close()
			continue
		}
		return pc, idleFor
	}
}

// directBody is a response body of the direct path: at its end the
// connection goes back to the pool; closed early, or failing, it closes
// the connection, as the Transport's does. Close may come from another
// goroutine while a Read waits (it ends that Read).
type directBody struct {
	body  io.ReadCloser
	left  int64 // of the Content-Length, not yet read; -1 without one
	t     *Transport
	pc    *directConn
	addr  string
	ctx   context.Context
	alive bool
	stop  func() bool
	trace *httptrace.ClientTrace

	mu     sync.Mutex
	done   bool  // the connection is released or closed
	closed bool  // Close was called
	rerr   error // what Read returned last, once done
}

func (b *directBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return 0, errors.New("http: read on closed response body")
	}
	if b.done {
		err := b.rerr
		b.mu.Unlock()
		return 0, err
	}
	b.mu.Unlock()
	n, err := b.body.Read(p)
	if b.left > 0 {
		b.left -= int64(n)
	}
	if err == nil {
		return n, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		// Close ran meanwhile and closed the connection.
		return n, err
	}
	b.done = true
	if err == io.EOF {
		b.rerr = io.EOF
		b.t.release(b.pc, b.addr, b.alive, b.stop, b.trace)
		return n, err
	}
	if b.ctx.Err() != nil {
		err = context.Cause(b.ctx)
	}
	b.rerr = err
	b.stop()
	b.pc.conn.Close()
	return n, err
}

// Buffered says whether the rest of the body is in the connection's read
// buffer already (a redirect's short body mostly comes in the same read as
// its header), so that reading it cannot wait on the server. For the
// goroutine that reads the body.
func (b *directBody) Buffered() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.done && !b.closed && b.left >= 0 && int64(b.pc.br.Buffered()) >= b.left
}

// Close before the end costs the connection and never waits for the rest
// of the body (net/http's own body would read it all first).
func (b *directBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if !b.done {
		b.done = true
		b.stop()
		b.pc.conn.Close()
	}
	return nil
}
