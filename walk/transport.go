package walk

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"github.com/hops-cli/hops/href"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Resolve is one --resolve entry: connections to Host:Port go to Addrs
// instead, while Host header and SNI stay Host (curl's syntax and meaning).
type Resolve struct {
	Host  string // lower case; "*" matches every host
	Port  string
	Addrs []string // IP addresses, tried in order
}

// ParseResolve parses curl's HOST:PORT:ADDR[,ADDR]... syntax. IPv6 hosts and
// addresses may be written in brackets.
func ParseResolve(s string) (Resolve, error) {
	// curl's "+HOST:PORT:ADDR" is an entry that times out of its DNS
	// cache: for one run of hops the same as without the "+". Its
	// "-HOST:PORT" removes an entry, which hops has no cache to need.
	in := strings.TrimPrefix(s, "+")
	if strings.HasPrefix(in, "-") {
		return Resolve{}, fmt.Errorf("--resolve %q: curl's -HOST:PORT removes a cached entry; hops keeps none: leave it out", s)
	}
	host, rest, err := splitHostField(in)
	if err != nil {
		return Resolve{}, fmt.Errorf("--resolve %q: %w", s, err)
	}
	port, addrs, ok := strings.Cut(rest, ":")
	if !ok {
		return Resolve{}, fmt.Errorf("--resolve %q: want HOST:PORT:ADDR", s)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return Resolve{}, fmt.Errorf("--resolve %q: port %q is not a number from 1 to 65535", s, port)
	}
	if strings.ContainsAny(host, " \t/?#@+,") {
		return Resolve{}, fmt.Errorf("--resolve %q: %q is not a host name", s, host)
	}
	r := Resolve{Host: strings.ToLower(host), Port: port}
	if !isASCII(host) {
		// A URL's host is matched in its ASCII (IDNA) form: so is the
		// entry's, or "bücher.test" would never match and go to DNS.
		r.Host = href.Host("http://" + host + "/")
		if r.Host == "" {
			return Resolve{}, fmt.Errorf("--resolve %q: %q is not a host name", s, host)
		}
	}
	for _, a := range strings.Split(addrs, ",") {
		a = strings.TrimSpace(a)
		a = strings.TrimSuffix(strings.TrimPrefix(a, "["), "]")
		if net.ParseIP(a) == nil {
			return Resolve{}, fmt.Errorf("--resolve %q: %q is not an IP address", s, a)
		}
		r.Addrs = append(r.Addrs, a)
	}
	return r, nil
}

func splitHostField(s string) (host, rest string, err error) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end <= 1 || end+1 >= len(s) || s[end+1] != ':' {
			return "", "", errors.New("want [HOST]:PORT:ADDR")
		}
		return s[1:end], s[end+2:], nil
	}
	host, rest, ok := strings.Cut(s, ":")
	if !ok || host == "" {
		return "", "", errors.New("want HOST:PORT:ADDR")
	}
	return host, rest, nil
}

// Config describes the connections of a walk.
type Config struct {
	Resolve  []Resolve
	CACert   string // PEM file of trusted roots, replacing the system ones
	RootCAs  *x509.CertPool
	Insecure bool   // let certificate errors through (-k); still recorded
	Proxy    string // proxy URL; "" means the environment's
	IPv4     bool
	IPv6     bool
	HTTP11   bool // never negotiate HTTP/2
	// Timeout bounds connect and TLS handshake of each hop (the walker also
	// puts the whole hop under it).
	Timeout time.Duration
	// ConnectTimeout, when set, bounds connect and TLS handshake instead
	// (curl's --connect-timeout).
	ConnectTimeout time.Duration
	// MaxHeaderBytes bounds the response header (default 1 MiB).
	MaxHeaderBytes int64
}

// DefaultMaxHeaderBytes is the response header limit unless set otherwise.
const DefaultMaxHeaderBytes = 1 << 20

// NewTransport builds the one Transport a chain uses, so that hops to the
// same origin reuse their connection.
func NewTransport(cfg Config) (*Transport, error) {
	// http.DefaultTransport's settings, written out: cloning it first sets
	// up the default transport's own HTTP/2 support, which hops never uses
	// (0.6% of a single chain's CPU samples).
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
	timeout := cfg.Timeout
	if cfg.ConnectTimeout > 0 {
		timeout = cfg.ConnectTimeout
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	network := "tcp"
	switch {
	case cfg.IPv4 && !cfg.IPv6:
		network = "tcp4"
	case cfg.IPv6 && !cfg.IPv4:
		network = "tcp6"
	}
	resolves := cfg.Resolve
	t.MaxResponseHeaderBytes = cfg.MaxHeaderBytes
	if t.MaxResponseHeaderBytes <= 0 {
		t.MaxResponseHeaderBytes = DefaultMaxHeaderBytes
	}
	limit := t.MaxResponseHeaderBytes
	t.DialContext = func(ctx context.Context, _, addr string) (net.Conn, error) {
		ctx, _ = dialTrace(ctx)
		c, err := dialResolved(ctx, dialer, network, addr, resolves)
		if err != nil {
			return nil, connectTimeout(err, ctx, cfg.ConnectTimeout, "connection")
		}
		return newLenientConn(c, limit, nil), nil
	}
	// TLS is done here rather than by the Transport so that the lenient
	// reader can sit above it (see lenient.go). The Transport calls this for
	// https origins and https proxies; through an http proxy it tunnels with
	// CONNECT and does TLS itself, above a connection from DialContext whose
	// reader is then passive, so such hops read responses as strictly as Go.
	t.DialTLSContext = func(ctx context.Context, _, addr string) (net.Conn, error) {
		c, err := dialTLS(ctx, t, dialer, network, addr, resolves, timeout, limit)
		if err != nil {
			return nil, connectTimeout(err, ctx, cfg.ConnectTimeout, "connection and TLS handshake")
		}
		return c, nil
	}
	t.TLSHandshakeTimeout = timeout
	// Headers are reported as received: no transparent gzip, which would
	// delete Content-Encoding and Content-Length from the response.
	t.DisableCompression = true
	t.MaxIdleConnsPerHost = 8

	roots := cfg.RootCAs
	if roots == nil && cfg.CACert != "" {
		pem, err := os.ReadFile(cfg.CACert)
		if err != nil {
			return nil, fmt.Errorf("--cacert: %w", err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--cacert %q: no PEM certificate in it", cfg.CACert)
		}
	}
	t.TLSClientConfig = &tls.Config{RootCAs: roots, InsecureSkipVerify: cfg.Insecure} //nolint:gosec // -k is the user's choice; verification is still recorded
	if cfg.HTTP11 {
		p := new(http.Protocols)
		p.SetHTTP1(true)
		t.Protocols = p
		t.ForceAttemptHTTP2 = false
	} else {
		t.ForceAttemptHTTP2 = true
	}

	if cfg.Proxy != "" {
		pu, err := url.Parse(cfg.Proxy)
		if err != nil || pu.Host == "" {
			if !strings.Contains(cfg.Proxy, "://") {
				pu, err = url.Parse("http://" + cfg.Proxy)
			}
			if err != nil || pu.Host == "" {
				return nil, fmt.Errorf("--proxy %q: not a proxy URL", cfg.Proxy)
			}
		}
		switch strings.ToLower(pu.Scheme) {
		case "http", "https", "socks5", "socks5h":
		default:
			// net/http would speak HTTP to it whatever the scheme says.
			return nil, fmt.Errorf("--proxy: %s:// is not a proxy scheme hops can use: want http://, https://, socks5:// or socks5h://", pu.Scheme)
		}
		t.Proxy = http.ProxyURL(pu)
	}
	return &Transport{Transport: t}, nil
}

func dialResolved(ctx context.Context, d *net.Dialer, network, addr string, resolves []Resolve) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	host = strings.ToLower(host)
	for _, r := range resolves {
		if r.Port != port || (r.Host != host && r.Host != "*") {
			continue
		}
		var firstErr error
		for _, a := range r.Addrs {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(a, port))
			if err == nil {
				return c, nil
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		return nil, firstErr
	}
	return d.DialContext(ctx, network, addr)
}

// onlyHTTP1Key marks the context of a request that needs HTTP/1 (a
// WebSocket upgrade): the Transport offers such a request no h2, but cannot
// tell a custom TLS dialer so.
type onlyHTTP1Key struct{}

// needsHTTP1 reports whether a request with header h needs HTTP/1, as
// net/http's Request.requiresHTTP1 says: a WebSocket upgrade.
func needsHTTP1(h http.Header) bool {
	up := false
	for _, v := range h.Values("Connection") {
		for _, tok := range strings.Split(v, ",") {
			up = up || strings.EqualFold(strings.TrimSpace(tok), "upgrade")
		}
	}
	return up && strings.EqualFold(h.Get("Upgrade"), "websocket")
}

// dialTLS connects to addr and does the TLS handshake as the Transport
// would (its TLS config, SNI from addr's host, the handshake timeout), then
// reports the handshake to the request's trace, since the Transport does
// not for a connection it did not set up itself. An HTTP/2 connection is
// returned as the *tls.Conn that the Transport needs for h2 (HTTP/2 frames
// have no header lines to mend); any other gets the lenient reader.
// ConnectTimeoutError is a connection or TLS handshake that --connect-timeout
// cut short (not the hop's --timeout, which classify names).
type ConnectTimeoutError struct {
	Limit time.Duration
	What  string // "connection", "connection and TLS handshake"
	Err   error
}

func (e *ConnectTimeoutError) Error() string {
	return fmt.Sprintf("no %s within --connect-timeout %s", e.What, e.Limit)
}

func (e *ConnectTimeoutError) Unwrap() error { return e.Err }

// connectTimeout names err as --connect-timeout's when that limit is set,
// err is a timeout, and the hop's own context is still running.
func connectTimeout(err error, ctx context.Context, limit time.Duration, what string) error {
	if limit <= 0 || ctx.Err() != nil || !(isTimeout(err) || errors.Is(err, context.DeadlineExceeded)) {
		return err
	}
	return &ConnectTimeoutError{Limit: limit, What: what, Err: err}
}

func dialTLS(ctx context.Context, t *http.Transport, d *net.Dialer, network, addr string, resolves []Resolve, timeout time.Duration, limit int64) (net.Conn, error) {
	ctx, timing := dialTrace(ctx)
	raw, err := dialResolved(ctx, d, network, addr, resolves)
	if err != nil {
		return nil, err
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	cfg := t.TLSClientConfig.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if only, _ := ctx.Value(onlyHTTP1Key{}).(bool); only {
		cfg.NextProtos = nil
	}
	// The handshake is timed for the hop that asked for the dial; a dial
	// of no walk's reports to whatever trace its request carries.
	trace := httptrace.ContextClientTrace(ctx)
	switch {
	case timing != nil:
		timing.tlsStarted()
	case trace != nil && trace.TLSHandshakeStart != nil:
		trace.TLSHandshakeStart()
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tc := tls.Client(raw, cfg)
	err = tc.HandshakeContext(hctx)
	cs := tc.ConnectionState()
	switch {
	case timing != nil:
		timing.tlsDone()
	case trace != nil && trace.TLSHandshakeDone != nil:
		trace.TLSHandshakeDone(cs, err)
	}
	if err != nil {
		raw.Close()
		return nil, err
	}
	if cs.NegotiatedProtocol == "h2" {
		return tc, nil
	}
	return newLenientConn(tc, limit, &cs), nil
}

// verifyChain checks a certificate chain for host against roots (nil:
// the system's) and returns why it fails, or "" when it verifies.
func verifyChain(cs *tls.ConnectionState, host string, roots *x509.CertPool) string {
	if len(cs.PeerCertificates) == 0 {
		return "no certificate"
	}
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{
		DNSName:       host,
		Roots:         roots,
		Intermediates: inter,
	})
	if err != nil {
		return err.Error()
	}
	return ""
}
