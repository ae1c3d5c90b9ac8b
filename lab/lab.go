// Package lab serves named redirect scenarios on loopback: one plain HTTP
// and one HTTPS server on 127.0.0.1 (and on ::1 at the same ports when they
// are free there), addressed as "localhost" so that HSTS applies, with a
// certificate from a CA made in-process. `hops demo`,
// the tests of the walk and the end-to-end scripts all use it, so every
// scenario is written once.
package lab

import (
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
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Scenario is one named redirect chain of the lab.
type Scenario struct {
	Name  string
	Title string
	// HTTPS is true when the chain starts on the HTTPS listener.
	HTTPS  bool
	Path   string
	Method string
	Body   string
	// Header is sent with the request ("Name: value").
	Header []string
	// AllClients: the demo walks it as every client (--as all).
	AllClients bool
	// Robots: the scenario is walked with --robots.
	Robots bool
	// Check: the scenario is `hops check` of its URL (a sitemap), not one
	// chain. Canon: it is `hops canon` of this host of the made-up sites
	// (StartSites), not a chain of the lab.
	Check bool
	Canon string
}

// Scenarios lists what the lab serves, in the order `hops demo` shows them.
var Scenarios = append([]Scenario{
	{Name: "upgrade", Title: "http→https upgrade with HSTS, the way it should be", Path: "/shop"},
	{Name: "api-301", Title: "API migration with 301: the POST arrives as a GET", Path: "/api/v1/orders", Method: "POST", Body: `{"sku":"A-1","qty":2}`, Header: []string{"Content-Type: application/json"}},
	{Name: "api-308", Title: "API migration with 308: method and body kept", Path: "/api/v1/items", Method: "POST", Body: `{"sku":"B-2","qty":1}`, Header: []string{"Content-Type: application/json"}},
	{Name: "loop", Title: "a redirect loop", Path: "/loop/a"},
	{Name: "downgrade", Title: "https→http downgrade", HTTPS: true, Path: "/checkout"},
	{Name: "long", Title: "a long chain of five redirects", Path: "/long/1"},
	{Name: "meta-refresh", Title: "a page that redirects with meta refresh", Path: "/old-page"},
	{Name: "relative", Title: "a relative Location", Path: "/docs/guide/start"},
	{Name: "not-found", Title: "a moved page whose target is gone (404)", Path: "/blog/old-post"},
	{Name: "temp-cached", Title: "a temporary redirect cached for a year", Path: "/promo"},
	{Name: "clients", Title: "a PUT through a 302 to another origin: each client does something else", Path: "/api/v1/profile", Method: "PUT",
		Body: `{"name":"Ada"}`, Header: []string{"Content-Type: application/json", "Authorization: Bearer demo-token"}, AllClients: true},
}, append(seoScenarios, robotsScenario,
	Scenario{Name: "seo-sitemap", Title: "a sitemap that lists URLs which redirect (hops check of a sitemap)", Path: "/sitemap.xml", Check: true},
	Scenario{Name: "seo-entry", Title: "a site whose www host serves its own copy: entry points that diverge (hops canon)", Canon: "divergent.test"},
)...)

// Lookup returns the scenario with the given name.
func Lookup(name string) (Scenario, bool) {
	for _, s := range Scenarios {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Lab is a running redirect lab.
type Lab struct {
	httpSrv, httpsSrv *http.Server
	httpPort          int
	httpsPort         int
	// CAPEM is the lab CA certificate, PEM encoded; RootCAs holds it.
	CAPEM   []byte
	RootCAs *x509.CertPool
}

// Start starts the lab on two loopback listeners.
func Start() (*Lab, error) {
	caCert, caKey, err := newCA()
	if err != nil {
		return nil, err
	}
	leaf, err := newLeaf(caCert, caKey)
	if err != nil {
		return nil, err
	}
	l := &Lab{RootCAs: x509.NewCertPool()}
	l.RootCAs.AddCert(caCert)
	l.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caCert.Raw})

	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lab: listen: %w", err)
	}
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		hl.Close()
		return nil, fmt.Errorf("lab: listen: %w", err)
	}
	l.httpPort = hl.Addr().(*net.TCPAddr).Port
	l.httpsPort = sl.Addr().(*net.TCPAddr).Port
	h := l.handler()
	l.httpSrv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	l.httpsSrv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{leaf}, NextProtos: []string{"h2", "http/1.1"}}}
	go l.httpSrv.Serve(hl)
	go l.httpsSrv.ServeTLS(sl, "", "")
	// "localhost" may resolve to ::1 first: answer there too when the same
	// port is free on it, so no connection waits for a fallback.
	if h6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(l.httpPort))); err == nil {
		go l.httpSrv.Serve(h6)
	}
	if s6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(l.httpsPort))); err == nil {
		go l.httpsSrv.ServeTLS(s6, "", "")
	}
	return l, nil
}

// Close stops both listeners.
func (l *Lab) Close() {
	l.httpSrv.Close()
	l.httpsSrv.Close()
}

// HTTPURL and HTTPSURL are the lab's base URLs, without a trailing slash.
func (l *Lab) HTTPURL() string  { return "http://localhost:" + strconv.Itoa(l.httpPort) }
func (l *Lab) HTTPSURL() string { return "https://localhost:" + strconv.Itoa(l.httpsPort) }

// URL is where a scenario starts.
func (l *Lab) URL(s Scenario) string {
	if s.HTTPS {
		return l.HTTPSURL() + s.Path
	}
	return l.HTTPURL() + s.Path
}

// WriteCA writes the CA certificate to path, for --cacert.
func (l *Lab) WriteCA(path string) error {
	if err := os.WriteFile(path, l.CAPEM, 0o644); err != nil {
		return fmt.Errorf("lab: write CA: %w", err)
	}
	return nil
}

const hsts = "max-age=31536000; includeSubDomains"

func (l *Lab) handler() http.Handler {
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, title string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1>\n", title, title)
	}
	redirect := func(w http.ResponseWriter, status int, loc string) {
		w.Header().Set("Location", loc)
		w.WriteHeader(status)
	}
	secure := func(r *http.Request) bool { return r.TLS != nil }

	mux.HandleFunc("/shop", func(w http.ResponseWriter, r *http.Request) {
		if !secure(r) {
			redirect(w, http.StatusMovedPermanently, l.HTTPSURL()+"/shop")
			return
		}
		w.Header().Set("Strict-Transport-Security", hsts)
		w.Header().Set("Cache-Control", "no-cache")
		page(w, "Shop")
	})

	api := func(old, new string, status int) {
		mux.HandleFunc(old, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			redirect(w, status, new)
		})
		mux.HandleFunc(new, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				w.Header().Set("Allow", "POST")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusMethodNotAllowed)
				fmt.Fprintf(w, `{"error":"%s not allowed, use POST"}`+"\n", r.Method)
				return
			}
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"created":true,"received_bytes":%d}`+"\n", len(body))
		})
	}
	// A profile API moved to the https listener with a 302: clients differ
	// on the method, the body and the token that reach it.
	mux.HandleFunc("/api/v1/profile", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		redirect(w, http.StatusFound, l.HTTPSURL()+"/api/v2/profile")
	})
	mux.HandleFunc("/api/v2/profile", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"received_bytes":%d,"authorized":%t}`+"\n", r.Method, len(body), r.Header.Get("Authorization") != "")
	})
	api("/api/v1/orders", "/api/v2/orders", http.StatusMovedPermanently)
	api("/api/v1/items", "/api/v2/items", http.StatusPermanentRedirect)

	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { redirect(w, http.StatusFound, "/loop/b") })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { redirect(w, http.StatusFound, "/loop/a") })

	mux.HandleFunc("/checkout", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hsts)
		redirect(w, http.StatusFound, l.HTTPURL()+"/checkout/done")
	})
	mux.HandleFunc("/checkout/done", func(w http.ResponseWriter, r *http.Request) { page(w, "Thank you") })

	mux.HandleFunc("/long/", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/long/"))
		if err != nil || n < 1 {
			http.NotFound(w, r)
			return
		}
		if n < 6 {
			w.Header().Set("Cache-Control", "max-age=3600")
			redirect(w, http.StatusMovedPermanently, fmt.Sprintf("/long/%d", n+1))
			return
		}
		page(w, "The end of a long chain")
	})

	mux.HandleFunc("/old-page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><meta http-equiv="refresh" content="0; url=/new-page"><title>Moved</title></head><body>This page has moved.</body></html>`+"\n")
	})
	mux.HandleFunc("/new-page", func(w http.ResponseWriter, r *http.Request) { page(w, "New page") })

	mux.HandleFunc("/docs/guide/start", func(w http.ResponseWriter, r *http.Request) {
		redirect(w, http.StatusFound, "../manual/intro?lang=en")
	})
	mux.HandleFunc("/docs/manual/intro", func(w http.ResponseWriter, r *http.Request) { page(w, "Manual") })

	mux.HandleFunc("/blog/old-post", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=86400")
		redirect(w, http.StatusMovedPermanently, "/blog/archive/old-post")
	})

	mux.HandleFunc("/promo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000")
		redirect(w, http.StatusFound, "/sale")
	})
	mux.HandleFunc("/sale", func(w http.ResponseWriter, r *http.Request) { page(w, "Sale") })

	l.seo(mux)
	l.robots(mux)
	l.sitemaps(mux)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		page(w, "hops lab")
	})
	return mux
}

func newCA() (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("lab: CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "hops lab CA", Organization: []string{"hops"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(30 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("lab: CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	return cert, key, err
}

func newLeaf(ca *x509.Certificate, caKey *ecdsa.PrivateKey) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("lab: key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("lab: certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
