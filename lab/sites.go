package lab

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Sites answers made-up host names on one loopback port, in plain HTTP and
// in TLS alike. `hops canon` keeps the port of its argument for all four
// entry points, so a test site needs one port that speaks both; clients
// reach a name through --resolve NAME:PORT:127.0.0.1. Its CA signs a
// certificate for whichever name under .test a client asks for (SNI), so
// every such host verifies with --cacert.
type Sites struct {
	srv    *http.Server
	ln     *sniffListener
	leaves *leafCache
	port   int
	// CAPEM is the CA certificate, PEM encoded; RootCAs holds it.
	CAPEM   []byte
	RootCAs *x509.CertPool
}

// SiteScenario is one made-up site of the canon scenarios: its apex name
// (the www variant is "www." before it) and what it shows.
type SiteScenario struct {
	Host  string
	Title string
}

// SiteScenarios are the sites StartSites serves.
var SiteScenarios = []SiteScenario{
	{"good.test", "every entry point reaches https://www.good.test/ in the fewest redirects, with HSTS (not preloadable: no preload directive)"},
	{"ready.test", "canonical on the apex, HSTS for two years with includeSubDomains and preload: ready for the preload list"},
	{"divergent.test", "https://www.divergent.test/ answers by itself instead of redirecting to the apex"},
	{"extra.test", "https://extra.test/ goes through /home before the www host: one redirect too many"},
	{"nohsts.test", "the redirects are right but no https answer carries HSTS"},
}

// siteRules says how a scenario site answers.
type siteRules struct {
	canonWWW bool   // the canonical host is www (else the apex)
	hsts     string // Strict-Transport-Security of every https answer, "" none
	// wwwAnswers: https www answers 200 itself instead of redirecting.
	wwwAnswers bool
	// detour is a path the https apex passes through before the move.
	detour string
}

var siteRulesOf = map[string]siteRules{
	"good.test":      {canonWWW: true, hsts: "max-age=31536000; includeSubDomains"},
	"ready.test":     {hsts: "max-age=63072000; includeSubDomains; preload"},
	"divergent.test": {hsts: "max-age=31536000; includeSubDomains", wwwAnswers: true},
	"extra.test":     {canonWWW: true, hsts: "max-age=31536000; includeSubDomains", detour: "/home"},
	"nohsts.test":    {canonWWW: true},
}

// StartSites serves the canon scenarios (SiteScenarios).
func StartSites() (*Sites, error) { return ServeSites(sitesHandler()) }

// ServeSites serves h on one loopback port for plain HTTP and TLS; h tells
// them apart by r.TLS.
func ServeSites(h http.Handler) (*Sites, error) {
	caCert, caKey, err := newCA()
	if err != nil {
		return nil, err
	}
	s := &Sites{RootCAs: x509.NewCertPool()}
	s.RootCAs.AddCert(caCert)
	s.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caCert.Raw})
	leaves := &leafCache{ca: caCert, key: caKey, certs: map[string]*tls.Certificate{}, bad: map[string]bool{}}
	s.leaves = leaves
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lab: listen: %w", err)
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	s.ln = &sniffListener{Listener: l, conns: make(chan net.Conn), done: make(chan struct{}),
		tls: &tls.Config{GetCertificate: leaves.get, NextProtos: []string{"http/1.1"}}}
	// A client that refuses a certificate (the point of BadCertFor) is
	// no news: the server does not log it.
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go s.ln.loop()
	go s.srv.Serve(s.ln)
	return s, nil
}

// BadCertFor makes the sites answer TLS for these names with a certificate
// for another name, as a host whose certificate does not match would.
func (s *Sites) BadCertFor(names ...string) {
	s.leaves.mu.Lock()
	defer s.leaves.mu.Unlock()
	for _, n := range names {
		s.leaves.bad[strings.ToLower(n)] = true
	}
}

// Port is the one port of every site.
func (s *Sites) Port() int { return s.port }

// Close stops the listener and closes every connection.
func (s *Sites) Close() {
	s.srv.Close()
	s.ln.Close()
}

// WriteCA writes the CA certificate to path, for --cacert.
func (s *Sites) WriteCA(path string) error {
	if err := os.WriteFile(path, s.CAPEM, 0o644); err != nil {
		return fmt.Errorf("lab: write CA: %w", err)
	}
	return nil
}

// sitesHandler answers the scenario sites: http goes to https on the same
// host, then to the canonical host, each in one redirect, unless the
// scenario says otherwise.
func sitesHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, port, err := net.SplitHostPort(r.Host)
		if err != nil {
			host, port = r.Host, ""
		}
		host = strings.ToLower(host)
		apex := strings.TrimPrefix(host, "www.")
		rules, ok := siteRulesOf[apex]
		if !ok {
			http.NotFound(w, r)
			return
		}
		at := func(scheme, host, path string) string {
			if port != "" {
				host = net.JoinHostPort(host, port)
			}
			return scheme + "://" + host + path
		}
		canonHost := apex
		if rules.canonWWW {
			canonHost = "www." + apex
		}
		moved := func(to string) {
			w.Header().Set("Location", to)
			w.WriteHeader(http.StatusMovedPermanently)
		}
		if r.TLS == nil {
			moved(at("https", host, r.URL.Path))
			return
		}
		if rules.hsts != "" {
			w.Header().Set("Strict-Transport-Security", rules.hsts)
		}
		switch {
		case host == canonHost, rules.wwwAnswers && host == "www."+apex:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1>\n", host, host)
		case rules.detour != "" && r.URL.Path != rules.detour:
			moved(at("https", host, rules.detour))
		case r.URL.Path == rules.detour:
			moved(at("https", canonHost, "/"))
		default:
			moved(at("https", canonHost, r.URL.Path))
		}
	})
}

// leafCache signs one certificate per server name asked for, once.
type leafCache struct {
	ca  *x509.Certificate
	key *ecdsa.PrivateKey

	mu    sync.Mutex
	certs map[string]*tls.Certificate
	bad   map[string]bool // names answered with another name's certificate
}

// get is the TLS config's GetCertificate: a name under .test, or
// localhost, gets its own certificate (a name given to BadCertFor one for
// wrong-name.test); anything else (an IP address, no SNI) one for
// 127.0.0.1.
func (c *leafCache) get(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := strings.ToLower(hello.ServerName)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.bad[name]:
		name = "wrong-name.test"
	case !strings.HasSuffix(name, ".test") && name != "localhost":
		name = ""
	}
	if cert, ok := c.certs[name]; ok {
		return cert, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("lab: key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, fmt.Errorf("lab: serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if name == "" {
		tmpl.Subject = pkix.Name{CommonName: "127.0.0.1"}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
	} else {
		tmpl.Subject = pkix.Name{CommonName: name}
		tmpl.DNSNames = []string{name}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.ca, &key.PublicKey, c.key)
	if err != nil {
		return nil, fmt.Errorf("lab: certificate: %w", err)
	}
	cert := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	c.certs[name] = cert
	return cert, nil
}

// sniffListener hands out each accepted connection as plain or TLS by its
// first byte (22 starts a TLS handshake record). The first byte is read
// on a goroutine of its own, so a client that connects and stays silent
// holds up no one else.
type sniffListener struct {
	net.Listener
	tls   *tls.Config
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *sniffListener) loop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return
		}
		go l.sniff(c)
	}
}

func (l *sniffListener) sniff(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	first, err := br.Peek(1)
	c.SetReadDeadline(time.Time{})
	if err != nil {
		c.Close()
		return
	}
	var conn net.Conn = &peekedConn{Conn: c, r: br}
	if first[0] == 22 {
		conn = tls.Server(conn, l.tls)
	}
	select {
	case l.conns <- conn:
	case <-l.done:
		conn.Close()
	}
}

func (l *sniffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *sniffListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// peekedConn reads through the reader that holds the sniffed byte.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
