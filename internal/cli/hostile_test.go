package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawServer accepts loopback connections and hands each to serve, so a
// test can misbehave below what net/http allows.
func rawServer(t *testing.T, serve func(c net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + l.Addr().String()
}

// readRequest reads one request head from c.
func readRequest(c net.Conn) (*http.Request, error) {
	return http.ReadRequest(bufio.NewReader(c))
}

// respond writes a raw response after reading the request.
func respond(raw string) func(net.Conn) {
	return func(c net.Conn) {
		if _, err := readRequest(c); err != nil {
			return
		}
		io.WriteString(c, raw)
	}
}

// result is one in-process run of the command line.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	doc            map[string]any
}

func runHops(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	start := time.Now()
	env := func(k string) string {
		if k == "COLUMNS" {
			return "100"
		}
		return ""
	}
	code := run(context.Background(), append([]string{"hops"}, args...), strings.NewReader(""), &out, &errb, env)
	r := result{code: code, stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	for _, a := range args {
		if a == "--json" && args[0] != "check" {
			if err := json.Unmarshal(out.Bytes(), &r.doc); err != nil {
				t.Fatalf("--json output is not JSON: %v\n%s", err, out.String())
			}
		}
	}
	return r
}

// runHopsBinary is runHops in a process of its own (the test binary
// installed as hops), for tests that run in parallel.
func runHopsBinary(t *testing.T, args ...string) result {
	t.Helper()
	r, err := hopsBinaryRun(hopsBinary(t), args...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// hopsBinaryRun runs the hops binary bin; it may run on any goroutine.
func hopsBinaryRun(bin string, args ...string) (result, error) {
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(), "COLUMNS=100"}
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		return r, fmt.Errorf("run hops: %w", err)
	}
	for _, a := range args {
		if a == "--json" && args[0] != "check" {
			if err := json.Unmarshal(out.Bytes(), &r.doc); err != nil {
				return r, fmt.Errorf("--json output is not JSON: %w\n%s", err, out.String())
			}
		}
	}
	return r, nil
}

func (r result) codes() []string {
	var out []string
	fs, _ := r.doc["findings"].([]any)
	for _, f := range fs {
		out = append(out, f.(map[string]any)["code"].(string))
	}
	return out
}

func (r result) has(code string) bool {
	for _, c := range r.codes() {
		if c == code {
			return true
		}
	}
	return false
}

// noControl fails when the terminal view carries a raw control character.
func noControl(t *testing.T, view string) {
	t.Helper()
	for i, r := range view {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			t.Fatalf("raw control character %U in the view at %d: %q", r, i, view[max(0, i-30):min(len(view), i+30)])
		}
	}
}

// TestHostileServers: every misbehaviour ends within its timeout plus one
// second, with exit status 1, valid JSON, the finding that names it and a
// terminal view free of the server's control characters.
func TestHostileServers(t *testing.T) {
	t.Parallel() // every case runs the binary; none runs an app in this process
	const timeout = 500 * time.Millisecond
	slowHeaders := rawServer(t, func(c net.Conn) {
		if _, err := readRequest(c); err != nil {
			return
		}
		for _, b := range []byte("HTTP/1.1 200 OK\r\nX-Slow: yes\r\n\r\n") {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(time.Second)
		}
	})
	endless := func(status string) func(net.Conn) {
		return func(c net.Conn) {
			if _, err := readRequest(c); err != nil {
				return
			}
			io.WriteString(c, "HTTP/1.1 "+status+"\r\nContent-Type: text/html\r\nLocation: /next\r\n\r\n")
			chunk := bytes.Repeat([]byte("<p>more</p>"), 100)
			for {
				if _, err := c.Write(chunk); err != nil {
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	endless200 := rawServer(t, endless("200 OK"))
	endless302 := rawServer(t, endless("302 Found"))
	trickle200 := rawServer(t, func(c net.Conn) {
		if _, err := readRequest(c); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>")
		for {
			if _, err := c.Write([]byte(" ")); err != nil {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
	})
	hugeHeader := rawServer(t, func(c net.Conn) {
		if _, err := readRequest(c); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Huge: ")
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for i := 0; i < 256; i++ { // 16 MiB
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
		io.WriteString(c, "\r\n\r\n")
	})
	badStatus := rawServer(t, respond("HTTP/1.1 twohundred OK\r\n\r\n"))
	reset := rawServer(t, func(c net.Conn) {
		if _, err := readRequest(c); err != nil {
			return
		}
		c.(*net.TCPConn).SetLinger(0)
	})
	silent := rawServer(t, func(c net.Conn) {
		io.Copy(io.Discard, c) // never answers; ends when the client hangs up
	})
	endlessRedirects := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		http.Redirect(w, r, fmt.Sprintf("/%d", n+1), http.StatusFound)
	}))
	t.Cleanup(endlessRedirects.Close)
	// net/http takes control characters in a reason phrase but refuses
	// them in header lines, where browsers keep them: hops shows the
	// response as browsers read it, with a malformed-response warning.
	evilReason := rawServer(t, respond("HTTP/1.1 200 OK\x1b]0;owned\x07\x1b[2J\x1b[5m\r\nContent-Length: 0\r\n\r\n"))
	evilHeaders := rawServer(t, respond("HTTP/1.1 302 Found\x1b]0;owned\x07\x1b[2J\r\nLocation: /next\x1b[31m\x07\r\nX-Evil: \x1b]8;;http://evil\x07click\x1b]8;;\x07 \x1b[5mblink\r\nContent-Length: 0\r\n\r\n"))

	cases := []struct {
		name string
		url  string
		code string
		args []string
	}{
		{"endless redirects", endlessRedirects.URL + "/0", "too-many-hops", nil},
		{"headers a byte a second", slowHeaders, "request-failed", nil},
		{"endless body on a 200", endless200, "", nil},
		{"endless body on a 3xx", endless302, "loop", nil},
		{"body that trickles", trickle200, "request-failed", nil},
		{"16 MiB header", hugeHeader, "request-failed", nil},
		{"malformed status line", badStatus, "request-failed", nil},
		{"connection reset", reset, "request-failed", nil},
		{"accepts and never answers", silent, "request-failed", nil},
		{"escape sequences in the reason phrase", evilReason, "", nil},
		{"escape sequences in headers", evilHeaders, "malformed-response", nil},
		{"max-time bounds the chain", silent, "request-failed", []string{"--max-time", "500ms", "--timeout", "5s"}},
	}
	timeLimited := map[string]string{
		"headers a byte a second":   "within --timeout 500ms",
		"body that trickles":        "within --timeout 500ms",
		"accepts and never answers": "within --timeout 500ms",
		"max-time bounds the chain": "--max-time reached",
	}
	// Every case runs the hops binary twice (JSON, then the -v view), all
	// at once: the cases mostly wait on their time limits, and go test
	// would run only GOMAXPROCS parallel subtests at a time.
	type runs struct {
		r, v       result
		rErr, vErr error
	}
	out := make([]runs, len(cases))
	bin := hopsBinary(t)
	var wg sync.WaitGroup
	for i, tc := range cases {
		wg.Add(2)
		go func() {
			defer wg.Done()
			out[i].r, out[i].rErr = hopsBinaryRun(bin, append(append([]string{"--json", "--timeout", timeout.String()}, tc.args...), tc.url)...)
		}()
		go func() {
			defer wg.Done()
			out[i].v, out[i].vErr = hopsBinaryRun(bin, append([]string{"--color", "never", "-v", "--timeout", timeout.String()}, append(tc.args, tc.url)...)...)
		}()
	}
	wg.Wait()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if out[i].rErr != nil || out[i].vErr != nil {
				t.Fatalf("%v; %v", out[i].rErr, out[i].vErr)
			}
			r := out[i].r
			if r.code != exitFindings && !(tc.code == "" && r.code == exitOK) {
				t.Errorf("exit status %d; want %d\nstderr: %s", r.code, exitFindings, r.stderr)
			}
			if tc.code != "" && !r.has(tc.code) {
				t.Errorf("findings %v; want %s", r.codes(), tc.code)
			}
			// A server that stalls is cut off by the time limit, and the
			// finding says which: the run's time is bounded by it.
			if limit, ok := timeLimited[tc.name]; ok && !strings.Contains(r.stdout, limit) {
				t.Errorf("no finding names %q:\n%s", limit, r.stdout)
			}
			v := out[i].v
			noControl(t, v.stdout)
			noControl(t, v.stderr)
			if tc.url == evilReason && !strings.Contains(v.stdout, `200 OK\x1b]0;owned\x07\x1b[2J\x1b[5m`) {
				t.Errorf("the reason phrase is not shown escaped:\n%s", v.stdout)
			}
			if tc.url == evilHeaders {
				// The values browsers read, escaped; the Location resolved as
				// a browser's URL parser does (trailing C0 dropped, ESC
				// percent-encoded).
				for _, want := range []string{`/next\x1b[31m\x07`, `\x1b]8;;http://evil\x07click`, `/next%1B[31m`} {
					if !strings.Contains(v.stdout, want) {
						t.Errorf("the view lacks %s:\n%s", want, v.stdout)
					}
				}
				if r.doc["hops"].([]any)[0].(map[string]any)["status"] != float64(302) {
					t.Errorf("hop 1 is not the 302 browsers see: %v", r.doc["hops"])
				}
			}
		})
	}
}

// TestHostileLocations: Location values that must not be followed, and odd
// ones that browsers follow.
func TestHostileLocations(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/end" || strings.HasPrefix(r.URL.Path, "/caf") || strings.HasPrefix(r.URL.Path, "/a b") || r.URL.Path == "/a%20b" {
			fmt.Fprint(w, "landed")
			return
		}
		w.Header()["Location"] = r.URL.Query()["loc"]
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	// Raw bytes net/http will not write: a raw server for those.
	raw := func(loc string) string {
		return rawServer(t, func(c net.Conn) {
			req, err := readRequest(c)
			if err != nil {
				return
			}
			if req.URL.Path == "/" {
				io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: "+loc+"\r\nContent-Length: 0\r\n\r\n")
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nlanded")
		})
	}
	cases := []struct {
		name    string
		url     string
		code    string
		landsAt string
	}{
		{"javascript:", srv.URL + "/?loc=javascript:alert(1)", "unsupported-scheme", ""},
		{"file:", srv.URL + "/?loc=file:///etc/passwd", "unsupported-scheme", ""},
		{"data:", srv.URL + "/?loc=data:,hello", "unsupported-scheme", ""},
		{"mailto:", srv.URL + "/?loc=mailto:a@example.com", "unsupported-scheme", ""},
		{"empty", raw(""), "missing-location", ""},
		{"two different", srv.URL + "/?loc=/end&loc=/other", "invalid-location", ""},
		{"unparsable", srv.URL + "/?loc=http://%5B::1", "invalid-location", ""},
		{"bad port", srv.URL + "/?loc=http://localhost:99999/", "invalid-location", ""},
		{"none", srv.URL + "/", "missing-location", ""},
		{"raw spaces", raw("/a b"), "", "/a%20b"},
		{"raw non-ASCII", raw("/caf\xc3\xa9"), "", "/caf%C3%A9"},
		{"invalid UTF-8", raw("/caf\xff"), "", "/caf%FF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runHops(t, "--json", "--timeout", "2s", tc.url)
			if tc.code != "" && !r.has(tc.code) {
				t.Errorf("findings %v; want %s", r.codes(), tc.code)
			}
			if tc.landsAt != "" {
				final := r.doc["final"].(map[string]any)
				if !strings.HasSuffix(final["url"].(string), tc.landsAt) || final["status"] != float64(200) {
					t.Errorf("final %v; want a 200 at %s", final, tc.landsAt)
				}
			}
			v := runHops(t, "--color", "never", "-v", tc.url)
			noControl(t, v.stdout)
		})
	}
}

// TestIPv6AndIDNHosts: an IPv6 literal Location and an IDN host (reached
// through --resolve under its A-label).
func TestIPv6AndIDNHosts(t *testing.T) {
	l6, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Logf("no IPv6 loopback here: %v; testing the IDN host only", err)
	}
	target := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "host %s", r.Host)
	}))
	if l6 != nil {
		target.Listener.Close()
		target.Listener = l6
	}
	target.Start()
	defer target.Close()
	_, port, _ := net.SplitHostPort(target.Listener.Addr().String())
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.Query().Get("loc"))
		w.WriteHeader(http.StatusMovedPermanently)
	}))
	defer src.Close()

	if l6 != nil {
		r := runHops(t, "--json", src.URL+"/?loc="+urlEscape("http://[::1]:"+port+"/v6"))
		final := r.doc["final"].(map[string]any)
		if final["url"] != "http://[::1]:"+port+"/v6" || final["status"] != float64(200) {
			t.Errorf("IPv6 final %v", final)
		}
	}
	addr := "127.0.0.1"
	if l6 != nil {
		addr = "[::1]"
	}
	r := runHops(t, "--json", "--resolve", "xn--bcher-kva.example:"+port+":"+addr, src.URL+"/?loc="+urlEscape("http://bücher.example:"+port+"/idn"))
	final := r.doc["final"].(map[string]any)
	if final["url"] != "http://xn--bcher-kva.example:"+port+"/idn" || final["status"] != float64(200) {
		t.Errorf("IDN final %v (%v)", final, r.codes())
	}
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// TestTLSFailures: unknown CA, wrong name and an expired certificate are
// request-failed and certificate-invalid findings; -k goes on, records the
// certificate as not verified and keeps certificate-invalid (an error, so
// the exit status stays 1), and HSTS from such a response is not honoured.
func TestTLSFailures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	caPEM, good, expired := testCerts(t)
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, caPEM, 0o644)
	serve := func(cert tls.Certificate) string {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Strict-Transport-Security", "max-age=600")
			fmt.Fprint(w, "ok")
		}))
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		t.Cleanup(srv.Close)
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		return port
	}
	goodPort, expiredPort := serve(good), serve(expired)
	resolve := func(port string) []string {
		return []string{"--resolve", "good.test:" + port + ":127.0.0.1", "--resolve", "other.test:" + port + ":127.0.0.1"}
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown CA", append(resolve(goodPort), "https://good.test:"+goodPort+"/"), "unknown authority"},
		{"wrong name", append(resolve(goodPort), "--cacert", caFile, "https://other.test:"+goodPort+"/"), "other.test"},
		{"expired", append(resolve(expiredPort), "--cacert", caFile, "https://good.test:"+expiredPort+"/"), "expired"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runHops(t, append([]string{"--json"}, tc.args...)...)
			if r.code != exitFindings || !r.has("request-failed") || !r.has("certificate-invalid") {
				t.Fatalf("exit %d, findings %v; want 1 with request-failed and certificate-invalid", r.code, r.codes())
			}
			msg := r.doc["error"].(map[string]any)["message"].(string)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error message %q does not mention %q", msg, tc.want)
			}
			k := runHops(t, append([]string{"--json", "-k"}, tc.args...)...)
			hop := k.doc["hops"].([]any)[0].(map[string]any)
			if hop["status"] != float64(200) {
				t.Fatalf("-k: hop %v", hop)
			}
			if v := hop["tls"].(map[string]any)["verified"]; v != false {
				t.Errorf("-k: verified = %v; want false", v)
			}
			if h := hop["hsts"].(map[string]any); h["honored"] != false {
				t.Errorf("-k: HSTS honored over a bad certificate: %v", h)
			}
			if k.code != exitFindings || !k.has("certificate-invalid") {
				t.Errorf("-k: exit %d, findings %v; want 1 with certificate-invalid", k.code, k.codes())
			}
			for _, f := range k.doc["findings"].([]any) {
				if f := f.(map[string]any); f["code"] == "certificate-invalid" && !strings.Contains(f["message"].(string), tc.want) {
					t.Errorf("-k: certificate-invalid %q does not mention %q", f["message"], tc.want)
				}
			}
			v := runHops(t, append([]string{"--color", "never", "-k"}, tc.args...)...)
			if !strings.Contains(v.stdout, "✗ 1 hop, 0 redirects") || !strings.Contains(v.stdout, "1 error") {
				t.Errorf("-k: the summary does not count the certificate as an error:\n%s", v.stdout)
			}
		})
	}
	r := runHops(t, append([]string{"--json", "--cacert", caFile}, append(resolve(goodPort), "https://good.test:"+goodPort+"/")...)...)
	if r.code != exitOK {
		t.Errorf("good certificate: exit %d, findings %v", r.code, r.codes())
	}
}

// testCerts makes a CA and two leaf certificates for good.test: a current
// one and an expired one.
func testCerts(t *testing.T) (caPEM []byte, good, expired tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leaf := func(notAfter time.Time) tls.Certificate {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "good.test"},
			DNSNames: []string{"good.test"}, NotBefore: time.Now().Add(-24 * time.Hour), NotAfter: notAfter,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), leaf(time.Now().Add(24 * time.Hour)), leaf(time.Now().Add(-time.Hour))
}

// TestSecretsStayHome: credentials given with -H never reach another
// origin by default, and no secret shows in the view or the JSON.
func TestSecretsStayHome(t *testing.T) {
	var mu sync.Mutex
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		// The server's own cookie may follow (cookies ignore ports, and
		// this origin differs from the first by its port only); what the
		// user gave must not.
		for _, h := range []string{"Authorization", "Cookie", "Proxy-Authorization"} {
			if v := r.Header.Get(h); v != "" && !strings.HasPrefix(v, "session=") {
				leaked = append(leaked, h+": "+v)
			}
		}
		fmt.Fprint(w, "other")
	}))
	defer other.Close()
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "srv-s3cret", Path: "/"})
		http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
	}))
	defer first.Close()
	u := strings.Replace(first.URL, "http://", "http://alice:pa55word@", 1) + "/start"
	args := []string{"-H", "Authorization: Bearer tok-s3cret", "-H", "Cookie: sid=cookie-s3cret", u}
	for _, out := range []result{runHops(t, append([]string{"--json"}, args...)...), runHops(t, append([]string{"-v", "--color", "never"}, args...)...)} {
		for _, secret := range []string{"tok-s3cret", "cookie-s3cret", "pa55word", "srv-s3cret"} {
			if strings.Contains(out.stdout, secret) || strings.Contains(out.stderr, secret) {
				t.Errorf("output shows the secret %q", secret)
			}
		}
	}
	if len(leaked) > 0 {
		t.Errorf("another origin received %v", leaked)
	}
}

// TestInterruptedInspect: Ctrl-C during a hop ends at once with exit 130,
// the chain so far still written.
func TestInterruptedInspect(t *testing.T) {
	connected := make(chan struct{}, 1)
	silent := rawServer(t, func(c net.Conn) {
		select {
		case connected <- struct{}{}:
		default:
		}
		io.Copy(io.Discard, c)
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-connected // the hop is waiting on the server: interrupt it
		cancel()
	}()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"hops", "--json", "--timeout", "30s", silent}, nil, &out, &errb, func(string) string { return "" })
	if code != exitInterrupted {
		t.Errorf("exit %d; want 130 (stderr %q)", code, errb.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("no JSON after an interrupt: %v: %q", err, out.String())
	}
	// Ended by the interrupt, not by the 30 s --timeout.
	if e, _ := doc["error"].(map[string]any); e == nil || !strings.Contains(e["message"].(string), "interrupted") {
		t.Errorf("error %v; want the hop interrupted", doc["error"])
	}
}

// TestNoLibraryLogLines: a server that sends bytes on an idle keep-alive
// connection makes net/http log "Unsolicited response received on idle
// HTTP channel" to the standard logger; none of it reaches hops's stderr.
func TestNoLibraryLogLines(t *testing.T) {
	t.Parallel()
	url := rawServer(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			for {
				h, err := br.ReadString('\n')
				if err != nil || h == "\r\n" {
					break
				}
			}
			if strings.Contains(line, "/start") {
				// The 302 and, in the same write, an answer nobody asked for.
				io.WriteString(c, "HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nEVIL!")
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	// A process of its own: the logger writes to the process's stderr.
	r := runHopsBinary(t, "--brief", url+"/start")
	if r.stderr != "" {
		t.Errorf("stderr %q; want nothing", r.stderr)
	}
}

// TestTimeoutNamedRight: a server that accepts and never speaks TLS is cut
// by --timeout when no --connect-timeout is given, and the error says
// --timeout; with --connect-timeout, that one.
func TestTimeoutNamedRight(t *testing.T) {
	t.Parallel()
	url := rawServer(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	url = strings.Replace(url, "http://", "https://", 1)
	r := runHops(t, "--json", "--timeout", "300ms", url+"/")
	if !strings.Contains(r.stdout, "no complete response within --timeout 300ms") {
		t.Errorf("--timeout alone: %.600s", r.stdout)
	}
	r = runHops(t, "--json", "--connect-timeout", "200ms", url+"/")
	if !strings.Contains(r.stdout, "no connection and TLS handshake within --connect-timeout 200ms") {
		t.Errorf("--connect-timeout: %.600s", r.stdout)
	}
}

// TestAllClientsOneAfterAnother: --as all walks the clients one after
// another, each on connections of its own, as separate programs would: a
// server never has two of its requests at once (a rate limit would answer
// a burst with 429, a divergence of hops's making), and each client's
// first hop opens a connection rather than reuse another client's.
func TestAllClientsOneAfterAnother(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	inFlight, most, conns := 0, 0, 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		fmt.Fprint(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	defer srv.Close()
	r := runHops(t, "--as", "all", "--json", srv.URL+"/")
	clients := r.doc["clients"].([]any)
	mu.Lock()
	defer mu.Unlock()
	if r.code != 0 || most != 1 || conns != len(clients) || len(clients) < 12 {
		t.Errorf("exit %d, %d requests at once at most, %d connections for %d clients; want 0, 1, one a client", r.code, most, conns, len(clients))
	}
	for _, c := range clients {
		hop := c.(map[string]any)["hops"].([]any)[0].(map[string]any)
		if hop["reused_connection"] != false {
			t.Errorf("%v: the first hop reused a connection", c.(map[string]any)["client"])
		}
	}
}

// TestHTTP1OnlyClients: a client that speaks HTTP/1.1 only (wget, Python's,
// Node's) offers no h2 over TLS, so its hops are HTTP/1.1 where a browser,
// curl and Go negotiate HTTP/2 with the same server.
func TestHTTP1OnlyClients(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	for _, tc := range []struct{ as, proto string }{
		{"browser", "HTTP/2.0"}, {"curl", "HTTP/2.0"}, {"go", "HTTP/2.0"},
		{"wget", "HTTP/1.1"}, {"python-requests", "HTTP/1.1"}, {"node", "HTTP/1.1"}, {"axios", "HTTP/1.1"},
	} {
		r := runHops(t, "--as", tc.as, "--json", "-k", srv.URL+"/")
		if !strings.Contains(r.stdout, `"proto": "`+tc.proto+`"`) {
			t.Errorf("--as %s: want %s:\n%.300s", tc.as, tc.proto, r.stdout)
		}
	}
	r := runCheck(t, srv.URL+"/\n", "--as", "wget", "--json", "-k")
	if !strings.Contains(r.stdout, `"proto":"HTTP/1.1"`) {
		t.Errorf("check --as wget: want HTTP/1.1:\n%.300s", r.stdout)
	}
}
