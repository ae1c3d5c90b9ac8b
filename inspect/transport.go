package inspect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
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
	host, rest, err := splitHostField(s)
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
	r := Resolve{Host: strings.ToLower(host), Port: port}
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
	// MaxHeaderBytes bounds the response header (default 1 MiB).
	MaxHeaderBytes int64
}

// DefaultMaxHeaderBytes is the response header limit unless set otherwise.
const DefaultMaxHeaderBytes = 1 << 20

// NewTransport builds the one Transport a chain uses, so that hops to the
// same origin reuse their connection.
func NewTransport(cfg Config) (*http.Transport, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
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
	t.DialContext = func(ctx context.Context, _, addr string) (net.Conn, error) {
		return dialResolved(ctx, dialer, network, addr, resolves)
	}
	t.TLSHandshakeTimeout = timeout
	t.MaxResponseHeaderBytes = cfg.MaxHeaderBytes
	if t.MaxResponseHeaderBytes <= 0 {
		t.MaxResponseHeaderBytes = DefaultMaxHeaderBytes
	}
	// Headers are reported as received: no transparent gzip, which would
	// delete Content-Encoding and Content-Length from the response.
	t.DisableCompression = true
	t.MaxIdleConnsPerHost = 8

	roots := cfg.RootCAs
	if roots == nil && cfg.CACert != "" {
		pem, err := os.ReadFile(cfg.CACert)
		if err != nil {
			return nil, fmt.Errorf("read --cacert: %w", err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("read --cacert %q: no PEM certificate in it", cfg.CACert)
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
		t.Proxy = http.ProxyURL(pu)
	}
	return t, nil
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
