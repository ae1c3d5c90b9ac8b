package walk

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/inspect"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hops test CA"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// leaf issues a certificate for host (a name or an IP address) that
// expires at notAfter.
func (ca *testCA) leaf(t *testing.T, host string, notAfter time.Time) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: host},
		NotBefore: time.Now().Add(-24 * time.Hour), NotAfter: notAfter,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// tlsSite serves "ok" over TLS on 127.0.0.1 with cert, over HTTP/2 when h2.
func tlsSite(t *testing.T, cert tls.Certificate, h2 bool) (port string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	srv.EnableHTTP2 = h2
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, _ = net.SplitHostPort(srv.Listener.Addr().String())
	return port
}

// connFindings is what Analyze says of c's connections: its
// certificate-invalid and malformed-response findings.
func connFindings(c *inspect.Chain) []inspect.Finding {
	var out []inspect.Finding
	for _, f := range analyze.Analyze(c) {
		if f.Code == inspect.CodeCertificateInvalid || f.Code == inspect.CodeMalformedResponse {
			out = append(out, f)
		}
	}
	return out
}

// TestCertificateInvalid: a certificate that does not verify is
// certificate-invalid on its hop, whether the hop failed for it or -k let
// it through; the message names the verification error.
func TestCertificateInvalid(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	good := ca.leaf(t, "good.test", time.Now().Add(24*time.Hour))
	expired := ca.leaf(t, "good.test", time.Now().Add(-time.Hour))
	cases := []struct {
		name  string
		cert  tls.Certificate
		host  string
		roots bool // trust the CA (--cacert)
		want  string
	}{
		{"unknown CA", good, "good.test", false, "unknown authority"},
		{"wrong name", good, "other.test", true, "other.test"},
		{"expired", expired, "good.test", true, "expired"},
	}
	for _, tc := range cases {
		for _, h2 := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s h2=%v", tc.name, h2), func(t *testing.T) {
				t.Parallel()
				port := tlsSite(t, tc.cert, h2)
				walk := func(insecure bool) *inspect.Chain {
					return walkURL(t, get("https://"+tc.host+":"+port+"/"), func(w *Walker) {
						w.Config.Resolve = []Resolve{{Host: tc.host, Port: port, Addrs: []string{"127.0.0.1"}}}
						w.Config.Insecure = insecure
						if tc.roots {
							w.Config.RootCAs = ca.pool
						}
					})
				}
				strict := walk(false)
				h := strict.Hops[0]
				if h.Err == nil || !hasCode(strict, inspect.CodeRequestFailed) {
					t.Fatalf("without -k: err %v, codes %v; want a failed hop", h.Err, codes(strict))
				}
				fs := connFindings(strict)
				if len(fs) != 1 || fs[0].Code != inspect.CodeCertificateInvalid || fs[0].Hop != 1 || !strings.Contains(fs[0].Message, tc.want) {
					t.Errorf("without -k: findings %+v; want one certificate-invalid on hop 1 naming %q", fs, tc.want)
				}

				k := walk(true)
				h = k.Hops[0]
				if h.Status != 200 || h.TLS == nil {
					t.Fatalf("-k: status %d, err %v, TLS %+v; want a 200 with TLS facts", h.Status, h.Err, h.TLS)
				}
				if h.TLS.Verified || !strings.Contains(h.TLS.VerifyError, tc.want) {
					t.Errorf("-k: verified %v (%q); want not verified, naming %q", h.TLS.Verified, h.TLS.VerifyError, tc.want)
				}
				fs = connFindings(k)
				if len(fs) != 1 || fs[0].Code != inspect.CodeCertificateInvalid || !strings.Contains(fs[0].Message, tc.want) {
					t.Errorf("-k: findings %+v; want one certificate-invalid naming %q", fs, tc.want)
				}
			})
		}
	}
}

// TestTLSFacts: every TLS fact is there whether the connection is HTTP/1.1
// (TLS done by hops's dialer below the lenient reader) or HTTP/2.
func TestTLSFacts(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	cert := ca.leaf(t, "good.test", time.Now().Add(24*time.Hour))
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			t.Parallel()
			port := tlsSite(t, cert, h2)
			c := walkURL(t, get("https://good.test:"+port+"/"), func(w *Walker) {
				w.Config.Resolve = []Resolve{{Host: "good.test", Port: port, Addrs: []string{"127.0.0.1"}}}
				w.Config.RootCAs = ca.pool
			})
			h := c.Hops[0]
			if h.Status != 200 {
				t.Fatalf("status %d, err %v", h.Status, h.Err)
			}
			wantProto, wantALPN := "HTTP/1.1", "http/1.1"
			if h2 {
				wantProto, wantALPN = "HTTP/2.0", "h2"
			}
			ti := h.TLS
			if ti == nil {
				t.Fatal("no TLS facts")
			}
			if h.Proto != wantProto || ti.ALPN != wantALPN || ti.Version != "TLS 1.3" || ti.Cipher == "" ||
				ti.ServerName != "good.test" || !ti.Verified || ti.Subject != "CN=good.test" || ti.Issuer != "CN=hops test CA" || ti.NotAfter.IsZero() {
				t.Errorf("proto %s, TLS %+v; want %s over %s, verified, for good.test", h.Proto, ti, wantProto, wantALPN)
			}
			if h.Timing.TLS == nil || h.Timing.Connect == nil {
				t.Errorf("timing %+v lacks connect or TLS", h.Timing)
			}
			if len(connFindings(c)) != 0 {
				t.Errorf("findings %+v on a good connection", connFindings(c))
			}
		})
	}
}

// TestHTTPSThroughConnectProxy: -x with an https URL tunnels through the
// proxy with CONNECT, and the TLS facts are the origin's.
func TestHTTPSThroughConnectProxy(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	port := tlsSite(t, ca.leaf(t, "good.test", time.Now().Add(24*time.Hour)), false)
	tunnels := make(chan string, 4)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		tunnels <- r.Host
		_, p, _ := net.SplitHostPort(r.Host)
		up, err := net.Dial("tcp", "127.0.0.1:"+p) // every name is this loopback server
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		w.WriteHeader(http.StatusOK)
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		go func() {
			io.Copy(up, brw)
			up.Close()
		}()
		io.Copy(conn, up)
	}))
	t.Cleanup(proxy.Close)
	c := walkURL(t, get("https://good.test:"+port+"/"), func(w *Walker) {
		w.Config.Proxy = proxy.URL
		w.Config.RootCAs = ca.pool
	})
	h := c.Hops[0]
	if h.Status != 200 || h.TLS == nil || !h.TLS.Verified || h.TLS.ServerName != "good.test" {
		t.Fatalf("status %d, err %v, TLS %+v; want a verified 200 for good.test", h.Status, h.Err, h.TLS)
	}
	if got := <-tunnels; got != "good.test:"+port {
		t.Errorf("the proxy tunnelled to %q", got)
	}
}
