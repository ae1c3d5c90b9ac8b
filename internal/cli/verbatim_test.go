package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// received is one request as the server read it.
type received struct {
	method string
	path   string
	host   string
	header http.Header
	body   []byte
}

// recorder is a loopback server that keeps every request it reads. /start
// answers 307 to /mid, /mid answers 308 to /end, /end answers 200, so a body
// is replayed twice; /see answers 303 to /end.
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []received
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("server read body: %v", err)
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, received{req.Method, req.URL.Path, req.Host, req.Header.Clone(), body})
		r.mu.Unlock()
		switch req.URL.Path {
		case "/start":
			w.Header().Set("Location", "/mid")
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/mid":
			w.Header().Set("Location", "/end")
			w.WriteHeader(http.StatusPermanentRedirect)
		case "/see":
			w.Header().Set("Location", "/end")
			w.WriteHeader(http.StatusSeeOther)
		default:
			io.WriteString(w, "done")
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// hops runs the command in-process against the recorder and returns the
// requests the server received.
func (r *recorder) hops(t *testing.T, stdin string, args ...string) []received {
	t.Helper()
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
	var out, errb bytes.Buffer
	code := run(t.Context(), append([]string{"hops", "--json"}, args...), strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	if code != exitOK && code != exitFindings {
		t.Fatalf("hops %q: exit %d\nstderr: %s", args, code, errb.String())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.reqs...)
}

// TestBodiesArriveVerbatim: every body flag reaches the server byte for
// byte, at the first hop and at each 307/308 replay.
func TestBodiesArriveVerbatim(t *testing.T) {
	r := newRecorder(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lines := write("lines.txt", "a=1,\r\nb=2\nc=3\n")
	binary := write("bin.dat", "x,y\r\n\x00\xff,z\n")
	start := r.srv.URL + "/start"

	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"inline -d with commas", "", []string{"-d", `{"sku":"A-1","qty":2}`}, `{"sku":"A-1","qty":2}`},
		{"--data-raw with commas", "", []string{"--data-raw", "a,b,,c"}, "a,b,,c"},
		{"--data-raw keeps @", "", []string{"--data-raw", "@" + lines + ",x"}, "@" + lines + ",x"},
		{"--data-binary inline", "", []string{"--data-binary", "1,2,3"}, "1,2,3"},
		{"-d twice joined by &", "", []string{"-d", "a=1,2", "-d", "b=3,4"}, "a=1,2&b=3,4"},
		{"-d @file strips CR and LF", "", []string{"-d", "@" + lines}, "a=1,b=2c=3"},
		{"--data-binary @file byte for byte", "", []string{"--data-binary", "@" + binary}, "x,y\r\n\x00\xff,z\n"},
		{"-d @- from stdin", "q=1,2\n", []string{"-d", "@-"}, "q=1,2"},
		{"--data-binary @- from stdin", "q=1,2\r\n", []string{"--data-binary", "@-"}, "q=1,2\r\n"},
		{"mixed flags in order", "", []string{"-d", "a,1", "--data-raw", "b,2", "--data-binary", "c,3"}, "a,1&b,2&c,3"},
		{"attached -d value", "", []string{"-dk=v,w"}, "k=v,w"},
		{"--data=value form", "", []string{"--data=k=v,w"}, "k=v,w"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := r.hops(t, tc.stdin, append(tc.args, start)...)
			if len(got) != 3 {
				t.Fatalf("server saw %d requests; want 3 (start, 307 replay, 308 replay)", len(got))
			}
			for i, req := range got {
				if req.method != http.MethodPost {
					t.Errorf("request %d (%s): method %s; want POST", i+1, req.path, req.method)
				}
				if string(req.body) != tc.want {
					t.Errorf("request %d (%s): body %q; want %q", i+1, req.path, req.body, tc.want)
				}
			}
		})
	}
}

// TestHeaderValuesArriveVerbatim: header values with commas are sent as one
// value each, repeated -H flags add values in order, and the body headers
// follow a 307/308 replay but not a 303.
func TestHeaderValuesArriveVerbatim(t *testing.T) {
	r := newRecorder(t)
	got := r.hops(t, "",
		"-H", "Accept: application/json, text/plain",
		"-H", "X-List: 1, 2",
		"-H", "X-List: 3",
		"-H", "Content-Type: application/json; charset=utf-8",
		"-A", "agent/1 (a, b)",
		"-d", `{"a":1,"b":2}`,
		r.srv.URL+"/start")
	if len(got) != 3 {
		t.Fatalf("server saw %d requests; want 3", len(got))
	}
	for i, req := range got {
		checks := map[string][]string{
			"Accept":       {"application/json, text/plain"},
			"X-List":       {"1, 2", "3"},
			"Content-Type": {"application/json; charset=utf-8"},
			"User-Agent":   {"agent/1 (a, b)"},
		}
		for name, want := range checks {
			if v := req.header.Values(name); strings.Join(v, "\x00") != strings.Join(want, "\x00") {
				t.Errorf("request %d (%s): %s = %q; want %q", i+1, req.path, name, v, want)
			}
		}
	}

	// A 303 drops the body and its Content-Type; the other headers stay.
	got = r.hops(t, "", "-H", "Accept: a, b", "-H", "Content-Type: text/csv", "-d", "x,y", r.srv.URL+"/see")
	if len(got) != 2 {
		t.Fatalf("server saw %d requests; want 2", len(got))
	}
	if string(got[0].body) != "x,y" || got[0].header.Get("Content-Type") != "text/csv" {
		t.Errorf("first request: body %q, Content-Type %q", got[0].body, got[0].header.Get("Content-Type"))
	}
	if got[1].method != http.MethodGet || len(got[1].body) != 0 || got[1].header.Get("Content-Type") != "" {
		t.Errorf("after 303: %s, body %q, Content-Type %q; want GET with neither", got[1].method, got[1].body, got[1].header.Get("Content-Type"))
	}
	if v := got[1].header.Values("Accept"); len(v) != 1 || v[0] != "a, b" {
		t.Errorf("after 303: Accept = %q; want [\"a, b\"]", v)
	}
}

// TestHeaderFileVerbatim: -H @FILE reads one header a line, commas kept.
func TestHeaderFileVerbatim(t *testing.T) {
	r := newRecorder(t)
	p := filepath.Join(t.TempDir(), "headers.txt")
	if err := os.WriteFile(p, []byte("Accept: a/b, c/d\r\nX-Tags: red, green\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := r.hops(t, "", "-H", "@"+p, r.srv.URL+"/end")
	if len(got) != 1 {
		t.Fatalf("server saw %d requests; want 1", len(got))
	}
	if v := got[0].header.Values("Accept"); len(v) != 1 || v[0] != "a/b, c/d" {
		t.Errorf("Accept = %q", v)
	}
	if v := got[0].header.Values("X-Tags"); len(v) != 1 || v[0] != "red, green" {
		t.Errorf("X-Tags = %q", v)
	}
}

// TestResolveVerbatim: --resolve takes curl's comma-separated address list
// (the first address refuses, the second answers) and is repeatable; the
// Host header keeps the name asked for.
func TestResolveVerbatim(t *testing.T) {
	r := newRecorder(t)
	_, port, _ := net.SplitHostPort(r.srv.Listener.Addr().String())
	// 127.0.0.2 is loopback but nothing listens there on this port.
	got := r.hops(t, "",
		"--resolve", "one.test:"+port+":127.0.0.2,127.0.0.1",
		"--resolve", "two.test:"+port+":127.0.0.1",
		"http://one.test:"+port+"/end")
	if len(got) != 1 || got[0].host != "one.test:"+port {
		t.Fatalf("requests %+v; want one with Host one.test:%s", got, port)
	}
	got = r.hops(t, "",
		"--resolve", "one.test:"+port+":127.0.0.2,127.0.0.1",
		"--resolve", "two.test:"+port+":127.0.0.1",
		"http://two.test:"+port+"/end")
	if len(got) != 1 || got[0].host != "two.test:"+port {
		t.Fatalf("requests %+v; want one with Host two.test:%s", got, port)
	}
}

// TestCheckHeadersVerbatim: check takes the same request flags whole.
func TestCheckHeadersVerbatim(t *testing.T) {
	r := newRecorder(t)
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"hops", "check", "--json", "-H", "Accept: a, b", "-H", "X-Id: 7, 8", "-"},
		strings.NewReader(r.srv.URL+"/end\n"), &out, &errb, func(string) string { return "" })
	if code != exitOK {
		t.Fatalf("check: exit %d\n%s%s", code, out.String(), errb.String())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) != 1 {
		t.Fatalf("server saw %d requests; want 1", len(r.reqs))
	}
	h := r.reqs[0].header
	if v := h.Values("Accept"); len(v) != 1 || v[0] != "a, b" {
		t.Errorf("Accept = %q", v)
	}
	if v := h.Values("X-Id"); len(v) != 1 || v[0] != "7, 8" {
		t.Errorf("X-Id = %q", v)
	}
}

// TestMethodsNormalised: as Fetch, "post" is sent as POST (and judged as
// one); a method Fetch does not normalise, such as "patch", goes as typed.
func TestMethodsNormalised(t *testing.T) {
	r := newRecorder(t)
	got := r.hops(t, "", "-X", "post", "-d", "a=1", r.srv.URL+"/start")
	if len(got) != 3 || got[0].method != "POST" || got[2].method != "POST" {
		t.Fatalf("requests %+v; want POST three times", got)
	}
	got = r.hops(t, "", "-X", "patch", r.srv.URL+"/end")
	if len(got) != 1 || got[0].method != "patch" {
		t.Fatalf("requests %+v; want one patch", got)
	}
}

// TestHeadWithBodyRefused: -I with a body is a usage error, as in curl,
// and nothing is sent.
func TestHeadWithBodyRefused(t *testing.T) {
	r := newRecorder(t)
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"hops", "-I", "-d", "a=1", r.srv.URL + "/end"}, nil, &out, &errb, func(string) string { return "" })
	if code != exitUsage || out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "-I sends HEAD") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and one line", code, out.String(), errb.String())
	}
	if len(r.reqs) != 0 {
		t.Errorf("the server received %d requests", len(r.reqs))
	}
}

// TestMaxRedirectsZero: --max-redirects 0 shows the first response only,
// with where it would go, and exits 0; in check such a row is a mismatch.
func TestMaxRedirectsZero(t *testing.T) {
	r := newRecorder(t)
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"hops", "--max-redirects", "0", "--color", "never", r.srv.URL + "/start"}, nil, &out, &errb, func(string) string { return "" })
	if code != exitOK {
		t.Fatalf("exit %d; want 0\n%s%s", code, out.String(), errb.String())
	}
	view := out.String()
	for _, want := range []string{"307 Temporary Redirect", "→       " + r.srv.URL + "/mid", "not requested: stopped at --max-redirects 0", "stopped-at-limit"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if len(r.reqs) != 1 {
		t.Errorf("server saw %d requests; want 1", len(r.reqs))
	}

	out.Reset()
	errb.Reset()
	code = run(t.Context(), []string{"hops", "check", "--json", "--max-redirects", "0", "-"},
		strings.NewReader(r.srv.URL+"/start\n"), &out, &errb, func(string) string { return "" })
	if code != exitFindings || !strings.Contains(out.String(), `"result":"mismatch"`) || !strings.Contains(out.String(), "stopped at --max-redirects 0") {
		t.Errorf("check: exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// TestURLCredentialsSentAsBasic: as curl, a URL's user:password goes as
// Basic authorization (percent-decoded), on every hop to the same origin;
// an Authorization header given with -H wins.
func TestURLCredentialsSentAsBasic(t *testing.T) {
	r := newRecorder(t)
	u := strings.Replace(r.srv.URL, "http://", "http://alice:p%40ss%3Aw0rd@", 1) + "/start"
	got := r.hops(t, "", "-d", "x", u)
	if len(got) != 3 {
		t.Fatalf("server saw %d requests; want 3", len(got))
	}
	// base64("alice:p@ss:w0rd")
	for i, req := range got {
		if v := req.header.Values("Authorization"); len(v) != 1 || v[0] != "Basic YWxpY2U6cEBzczp3MHJk" {
			t.Errorf("request %d: Authorization %q", i+1, v)
		}
	}
	got = r.hops(t, "", "-H", "Authorization: Bearer t0k", u)
	if v := got[0].header.Values("Authorization"); len(v) != 1 || v[0] != "Bearer t0k" {
		t.Errorf("with -H: Authorization %q; want the header given", v)
	}
}

// TestRefererAndCompressed: -e sends Referer (curl's ";auto" cut off) as
// the client would, and --compressed asks for gzip, as curl does. From
// another origin a browser sends the origin alone; curl the URL as given.
func TestRefererAndCompressed(t *testing.T) {
	r := newRecorder(t)
	got := r.hops(t, "", "-e", "https://from.example/page;auto", "--compressed", r.srv.URL+"/end")
	if len(got) != 1 || got[0].header.Get("Referer") != "https://from.example/" || got[0].header.Get("Accept-Encoding") != "gzip" {
		t.Errorf("requests %+v", got)
	}
	got = r.hops(t, "", "--as", "curl", "-e", "https://from.example/page;auto", r.srv.URL+"/end")
	if len(got) != 1 || got[0].header.Get("Referer") != "https://from.example/page" {
		t.Errorf("as curl: requests %+v", got)
	}
	// ";auto" alone: curl's first request has no Referer, not an empty one.
	got = r.hops(t, "", "--as", "curl", "-e", ";auto", r.srv.URL+"/end")
	if _, has := got[0].header["Referer"]; len(got) != 1 || has {
		t.Errorf("-e ';auto': requests %+v", got)
	}
}

// TestBodyFlag: --body shows the final response's body, escaped, with its
// size; the JSON carries it in final; a body over 64 KiB is cut and says so.
func TestBodyFlag(t *testing.T) {
	big := strings.Repeat("x", 70<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/go":
			http.Redirect(w, r, "/err", http.StatusFound)
		case "/err":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, "{\"error\":\"bad \x1b[31mqty\"}\n")
		default:
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			io.WriteString(w, big)
		}
	}))
	defer srv.Close()
	res := runHops(t, "--body", "--color", "never", srv.URL+"/go")
	if !strings.Contains(res.stdout, "body (25 bytes)") || !strings.Contains(res.stdout, `{"error":"bad \x1b[31mqty"}`) {
		t.Errorf("view:\n%s", res.stdout)
	}
	res = runHops(t, "--body", "--json", srv.URL+"/go")
	final := res.doc["final"].(map[string]any)
	if final["body"] != "{\"error\":\"bad \x1b[31mqty\"}\n" || final["body_truncated"] != false {
		t.Errorf("final %v", final)
	}
	res = runHops(t, "--body", "--json", srv.URL+"/big")
	final = res.doc["final"].(map[string]any)
	if b, _ := final["body"].(string); len(b) != 64<<10 || final["body_truncated"] != true {
		t.Errorf("big body: %d bytes, truncated %v", len(b), final["body_truncated"])
	}
	// The view says how much of how much: 70 KiB sent with its length.
	res = runHops(t, "--body", "--color", "never", srv.URL+"/big")
	if !strings.Contains(res.stdout, "body (65536 bytes of 71680, cut at the 64 KiB bound)") {
		t.Errorf("big body view:\n%.400s", res.stdout)
	}
	res = runHops(t, "--json", srv.URL+"/go")
	if _, ok := res.doc["final"].(map[string]any)["body"]; ok {
		t.Error("without --body the JSON has a body")
	}
}

// TestBodyWithoutFinalResponse: a chain that ends at a loop or at
// --max-redirects has no final response, and its last hop's body (a
// redirect's, drained unread) is not shown as an empty body.
func TestBodyWithoutFinalResponse(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Location", "/loop")
		w.WriteHeader(http.StatusFound)
		io.WriteString(w, "<a href=/loop>moved</a>")
	}))
	defer srv.Close()
	for _, args := range [][]string{{srv.URL + "/loop"}, {"--max-redirects", "1", srv.URL + "/a"}} {
		res := runHops(t, append([]string{"--body", "--json"}, args...)...)
		final := res.doc["final"].(map[string]any)
		if b, ok := final["body"]; !ok || b != nil || final["body_truncated"] != nil {
			t.Errorf("%q: final %v; want body and body_truncated null", args, final)
		}
		res = runHops(t, append([]string{"--body", "--color", "never"}, args...)...)
		if !strings.HasSuffix(res.stdout, "\nbody (none: the chain has no final response)\n") {
			t.Errorf("%q: view ends\n%s", args, res.stdout[max(0, len(res.stdout)-300):])
		}
	}
}

// TestBodyGzip: with --compressed, --body shows a gzip body decoded; one
// that says gzip and is not says so instead of "0 bytes", and its JSON body
// is null rather than an empty text.
func TestBodyGzip(t *testing.T) {
	t.Parallel()
	var packed bytes.Buffer
	zw := gzip.NewWriter(&packed)
	io.WriteString(zw, "hello, gzip\n")
	zw.Close()
	// Bytes that do not compress: their gzip stream is past the bound.
	noise := make([]byte, 100<<10)
	x := uint32(1)
	for i := range noise {
		x = x*1664525 + 1013904223
		noise[i] = byte(x >> 24)
	}
	var big bytes.Buffer
	zw = gzip.NewWriter(&big)
	zw.Write(noise)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		switch r.URL.Path {
		case "/bad":
			io.WriteString(w, "plain text, not gzip\n")
		case "/cut": // the server's own stream ends early
			w.Write(packed.Bytes()[:packed.Len()-12])
		case "/big":
			w.Write(big.Bytes())
		default:
			w.Write(packed.Bytes())
		}
	}))
	defer srv.Close()
	res := runHops(t, "--compressed", "--body", "--color", "never", srv.URL+"/good")
	if !strings.Contains(res.stdout, "body (12 bytes)\nhello, gzip\n") {
		t.Errorf("good gzip view:\n%s", res.stdout)
	}
	res = runHops(t, "--compressed", "--body", "--color", "never", srv.URL+"/bad")
	if !strings.Contains(res.stdout, "body (not shown: Content-Encoding gzip, but gzip: invalid header)\n") || strings.Contains(res.stdout, "plain text") {
		t.Errorf("bad gzip view:\n%s", res.stdout)
	}
	res = runHops(t, "--compressed", "--body", "--color", "never", srv.URL+"/cut")
	if !strings.Contains(res.stdout, "body (not shown: Content-Encoding gzip, but the stream ends early (unexpected EOF))\n") {
		t.Errorf("cut gzip view:\n%s", res.stdout)
	}
	// Cut by hops at the bound: the text decoded so far, said to be cut.
	res = runHops(t, "--compressed", "--body", "--color", "never", srv.URL+"/big")
	if !strings.Contains(res.stdout, " bytes, cut at the 64 KiB bound)\n") {
		t.Errorf("big gzip view:\n%.300s", res.stdout)
	}
	res = runHops(t, "--compressed", "--body", "--json", srv.URL+"/bad")
	final := res.doc["final"].(map[string]any)
	if body, ok := final["body"]; !ok || body != nil || final["body_truncated"] != nil || final["status"] != 200.0 {
		t.Errorf("bad gzip final %v; want body and body_truncated null, status 200", final)
	}
}

// TestViewInAPipe: the view in a file or a pipe, with no COLUMNS, keeps
// each line whole, so a long URL stays one string; COLUMNS still sets a
// width.
func TestViewInAPipe(t *testing.T) {
	t.Parallel()
	long := "/" + strings.Repeat("a-long-path-segment/", 8) + "index.html?token=abc"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/r" {
			http.Redirect(w, r, long, http.StatusMovedPermanently)
		}
	}))
	defer srv.Close()
	for _, columns := range []string{"", "80"} {
		var out, errb bytes.Buffer
		env := func(k string) string {
			if k == "COLUMNS" {
				return columns
			}
			return ""
		}
		if code := run(context.Background(), []string{"hops", "--color", "never", srv.URL + "/r"}, strings.NewReader(""), &out, &errb, env); code != 0 {
			t.Fatalf("COLUMNS=%q: exit %d, %s", columns, code, errb.String())
		}
		whole := strings.Contains(out.String(), "\n      →       "+srv.URL+long+"\n")
		widest := 0
		for _, l := range strings.Split(out.String(), "\n") {
			widest = max(widest, utf8.RuneCountInString(l))
		}
		if columns == "" && !whole {
			t.Errorf("no COLUMNS: the resolved URL is not whole on its line:\n%s", out.String())
		}
		if columns == "80" && (whole || widest > 80) {
			t.Errorf("COLUMNS=80: a line of %d columns, URL whole %v:\n%s", widest, whole, out.String())
		}
	}
}
