package cli

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestProxyFlag: -x sends every hop through the proxy, which sees the
// absolute URLs of the named hosts.
func TestProxyFlag(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.String())
		mu.Unlock()
		if r.URL.Path == "/old" {
			w.Header().Set("Location", "http://new.example.test/landing")
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, "via proxy")
	}))
	defer proxy.Close()
	r := runHops(t, "--json", "-x", proxy.URL, "http://old.example.test/old")
	if r.code != exitOK {
		t.Fatalf("exit %d, findings %v", r.code, r.codes())
	}
	want := []string{"GET http://old.example.test/old", "GET http://new.example.test/landing"}
	if strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("proxy saw %v; want %v", seen, want)
	}
	if r := runHops(t, "-x", "::not a proxy::", "http://example.test/"); r.code != exitUsage {
		t.Errorf("a bad --proxy: exit %d; want 2", r.code)
	}
}

// TestHTTP11Flag: HTTP/2 is negotiated over TLS unless --http1.1.
func TestHTTP11Flag(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Proto)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	proto := func(args ...string) string {
		r := runHops(t, append([]string{"--json", "--cacert", ca}, append(args, srv.URL+"/")...)...)
		hop := r.doc["hops"].([]any)[0].(map[string]any)
		return fmt.Sprint(hop["proto"], " ", hop["tls"].(map[string]any)["version"])
	}
	if got := proto(); got != "HTTP/2.0 TLS 1.3" {
		t.Errorf("default: %s; want HTTP/2.0 over TLS 1.3", got)
	}
	if got := proto("--http1.1"); got != "HTTP/1.1 TLS 1.3" {
		t.Errorf("--http1.1: %s; want HTTP/1.1", got)
	}
}
