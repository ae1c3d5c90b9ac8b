//go:build difftest

package difftest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The scenario server speaks HTTP/1.1 by hand over raw connections, so that
// it records the request-target exactly as it came on the wire (a raw space
// or raw UTF-8 byte included, which net/http's server would refuse) and
// writes Location values byte for byte.

// rec is one request as the server received it.
type rec struct {
	Origin        string // listener label (A, B, C, T) or the host name asked for
	Method        string
	Target        string // raw request-target
	Body          []byte
	Authorization string
	Cookie        string
	ContentType   string
	UserAgent     string
	Host          string
}

// resp is what a scenario answers; nil means 200 with a short body.
type resp struct {
	Status int
	// Header lines written verbatim, "Name: value" (raw bytes allowed).
	Header []string
}

// origin is one listener of a run.
type origin struct {
	Label string
	IP    string
	Port  int
	TLS   bool
	ln    net.Listener
}

func (o *origin) hostport() string { return net.JoinHostPort(o.IP, strconv.Itoa(o.Port)) }

// Names that resolve to loopback only through a client's own mechanism
// (curl and hops --resolve, a dialer in Go): both are served by listener A.
const (
	apexName = "site.test"
	subName  = "sub.site.test"
)

// env is one run's servers: a fresh set of listeners on ephemeral ports,
// so that every request they see belongs to that run, whatever its path.
type env struct {
	A, B, C, T *origin
	handle     func(e *env, r *rec) *resp

	mu     sync.Mutex
	reqs   []rec
	conns  map[net.Conn]bool
	closed bool
}

var certs struct {
	once    sync.Once
	tls     *tls.Config
	caFile  string
	caPool  *x509.CertPool
	initErr error
}

func newEnv(dir string, handle func(e *env, r *rec) *resp) (*env, error) {
	if err := initCerts(dir); err != nil {
		return nil, err
	}
	e := &env{handle: handle}
	var err error
	listen := func(label, ip string, secure bool) *origin {
		if err != nil {
			return nil
		}
		var ln net.Listener
		ln, err = net.Listen("tcp", ip+":0")
		if err != nil {
			return nil
		}
		if secure {
			ln = tls.NewListener(ln, certs.tls)
		}
		o := &origin{Label: label, IP: ip, Port: ln.Addr().(*net.TCPAddr).Port, TLS: secure, ln: ln}
		go e.serve(o)
		return o
	}
	e.A = listen("A", "127.0.0.1", false)
	e.B = listen("B", "127.0.0.1", false)
	e.C = listen("C", "127.0.0.2", false)
	e.T = listen("T", "127.0.0.1", true)
	if err != nil {
		e.close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	return e, nil
}

// close ends the run: listeners and the connections clients keep open.
func (e *env) close() {
	for _, o := range []*origin{e.A, e.B, e.C, e.T} {
		if o != nil {
			o.ln.Close()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for c := range e.conns {
		c.Close()
	}
}

// url is an absolute URL on one listener.
func (e *env) url(o *origin, path string) string {
	scheme := "http"
	if o.TLS {
		scheme = "https"
	}
	return scheme + "://" + o.hostport() + path
}

// named is an absolute URL on listener A under a host name.
func (e *env) named(host, path string) string {
	return "http://" + host + ":" + strconv.Itoa(e.A.Port) + path
}

// resolve lists the HOST:PORT:ADDR mappings of the names (curl syntax).
func (e *env) resolve() []string {
	return []string{
		fmt.Sprintf("%s:%d:127.0.0.1", apexName, e.A.Port),
		fmt.Sprintf("%s:%d:127.0.0.1", subName, e.A.Port),
	}
}

// symbolic writes the run's ports as :pA, :pB, :pC, :pT, so that runs on
// different ports compare.
func (e *env) symbolic(s string) string {
	for _, o := range []*origin{e.A, e.B, e.C, e.T} {
		if o != nil {
			s = strings.ReplaceAll(s, ":"+strconv.Itoa(o.Port), ":p"+o.Label)
		}
	}
	return s
}

func (e *env) requests() []rec {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]rec(nil), e.reqs...)
}

func (e *env) serve(o *origin) {
	for {
		c, err := o.ln.Accept()
		if err != nil {
			return
		}
		go e.conn(o, c)
	}
}

func (e *env) conn(o *origin, c net.Conn) {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		c.Close()
		return
	}
	if e.conns == nil {
		e.conns = map[net.Conn]bool{}
	}
	e.conns[c] = true
	e.mu.Unlock()
	defer func() {
		c.Close()
		e.mu.Lock()
		delete(e.conns, c)
		e.mu.Unlock()
	}()
	br := bufio.NewReader(c)
	for {
		c.SetDeadline(time.Now().Add(15 * time.Second))
		r, closeAfter, err := readRequest(br, c)
		if err != nil {
			return
		}
		r.Origin = o.Label
		r.Target = e.symbolic(r.Target)
		if h, _, err := net.SplitHostPort(r.Host); err == nil && net.ParseIP(h) == nil {
			r.Origin = strings.ToLower(h)
		}
		e.mu.Lock()
		e.reqs = append(e.reqs, *r)
		e.mu.Unlock()
		var a *resp
		if e.handle != nil {
			a = e.handle(e, r)
		}
		if a == nil {
			a = &resp{Status: 200}
		}
		if _, err := c.Write(render(a, r.Method)); err != nil {
			return
		}
		if closeAfter {
			return
		}
	}
}

func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return "", err
	}
	if len(line) > 64<<10 {
		return "", fmt.Errorf("line too long")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func readRequest(br *bufio.Reader, w io.Writer) (*rec, bool, error) {
	line, err := readLine(br)
	for err == nil && line == "" { // tolerate blank lines between requests
		line, err = readLine(br)
	}
	if err != nil {
		return nil, true, err
	}
	// METHOD SP request-target SP HTTP-version; the target may itself
	// hold spaces when a client sends them raw.
	first := strings.IndexByte(line, ' ')
	last := strings.LastIndexByte(line, ' ')
	if first < 0 || last <= first {
		return nil, true, fmt.Errorf("bad request line %q", line)
	}
	r := &rec{Method: line[:first], Target: line[first+1 : last]}
	proto := line[last+1:]
	closeAfter := proto == "HTTP/1.0"
	length, chunked, expect := 0, false, false
	for {
		h, err := readLine(br)
		if err != nil {
			return nil, true, err
		}
		if h == "" {
			break
		}
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "host":
			r.Host = value
		case "authorization":
			r.Authorization = join(r.Authorization, value, ", ")
		case "cookie":
			r.Cookie = join(r.Cookie, value, "; ")
		case "content-type":
			r.ContentType = value
		case "user-agent":
			r.UserAgent = value
		case "content-length":
			length, _ = strconv.Atoi(value)
		case "transfer-encoding":
			chunked = strings.Contains(strings.ToLower(value), "chunked")
		case "connection":
			if strings.EqualFold(value, "close") {
				closeAfter = true
			} else if strings.EqualFold(value, "keep-alive") {
				closeAfter = false
			}
		case "expect":
			expect = strings.EqualFold(value, "100-continue")
		}
	}
	if expect {
		io.WriteString(w, "HTTP/1.1 100 Continue\r\n\r\n")
	}
	switch {
	case chunked:
		var body bytes.Buffer
		for {
			size, err := readLine(br)
			if err != nil {
				return nil, true, err
			}
			size, _, _ = strings.Cut(size, ";")
			n, err := strconv.ParseInt(strings.TrimSpace(size), 16, 32)
			if err != nil || n < 0 || n > 1<<20 {
				return nil, true, fmt.Errorf("bad chunk size %q", size)
			}
			if n == 0 {
				for { // trailers
					t, err := readLine(br)
					if err != nil || t == "" {
						break
					}
				}
				break
			}
			if _, err := io.CopyN(&body, br, n); err != nil {
				return nil, true, err
			}
			readLine(br)
		}
		r.Body = body.Bytes()
	case length > 0:
		if length > 1<<20 {
			return nil, true, fmt.Errorf("body too large")
		}
		r.Body = make([]byte, length)
		if _, err := io.ReadFull(br, r.Body); err != nil {
			return nil, true, err
		}
	}
	return r, closeAfter, nil
}

func join(a, b, sep string) string {
	if a == "" {
		return b
	}
	return a + sep + b
}

var reasons = map[int]string{200: "OK", 300: "Multiple Choices", 301: "Moved Permanently", 302: "Found",
	303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 399: "Unknown Redirect"}

func render(a *resp, method string) []byte {
	var b bytes.Buffer
	reason := reasons[a.Status]
	if reason == "" {
		reason = "Status"
	}
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", a.Status, reason)
	for _, h := range a.Header {
		b.WriteString(h + "\r\n")
	}
	body := "ok\n"
	if a.Status >= 300 {
		body = "redirect\n"
	}
	if a.Status == 304 || a.Status == 204 {
		body = ""
	}
	b.WriteString("Content-Type: text/plain\r\n")
	if a.Status != 304 {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	if method != "HEAD" {
		b.WriteString(body)
	}
	return b.Bytes()
}

// initCerts makes a CA and a leaf for the loopback addresses and names,
// and writes the CA to dir/ca.pem for the clients to trust.
func initCerts(dir string) error {
	certs.once.Do(func() { certs.initErr = makeCerts(dir) })
	return certs.initErr
}

func makeCerts(dir string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "hops difftest CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: apexName},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{apexName, subName, "localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2")},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	certs.tls = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER, caDER}, PrivateKey: key}},
		NextProtos:   []string{"http/1.1"},
	}
	certs.caPool = x509.NewCertPool()
	certs.caPool.AddCert(ca)
	certs.caFile = dir + "/ca.pem"
	return os.WriteFile(certs.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644)
}
