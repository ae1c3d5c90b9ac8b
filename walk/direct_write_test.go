package walk

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/http/httpguts"
)

// written is what one writer did with a request: the bytes that reached
// the connection, its error, and the trace events in order.
type written struct {
	raw    string
	err    string
	events []string
}

// writeBoth writes req with Request.Write and with writeRequest, each into
// a buffer of size bufSize over a connection that takes failAfter bytes
// (-1: all) and then fails.
func writeBoth(req *http.Request, bufSize, failAfter int) (std, fast written) {
	run := func(write func(*bufio.Writer, *http.Request, *httptrace.ClientTrace) error) written {
		var w written
		trace := &httptrace.ClientTrace{
			WroteHeaders: func() { w.events = append(w.events, "headers") },
			WroteRequest: func(i httptrace.WroteRequestInfo) {
				w.events = append(w.events, fmt.Sprintf("request %v", i.Err))
			},
		}
		r := req.WithContext(httptrace.WithClientTrace(context.Background(), trace))
		conn := &failingConn{left: failAfter}
		bw := bufio.NewWriterSize(conn, bufSize)
		err := write(bw, r, trace)
		if err == nil {
			err = bw.Flush()
		}
		w.raw = conn.buf.String()
		if err != nil {
			w.err = err.Error()
		}
		return w
	}
	std = run(func(bw *bufio.Writer, r *http.Request, _ *httptrace.ClientTrace) error { return r.Write(bw) })
	var scratch []byte
	fast = run(func(bw *bufio.Writer, r *http.Request, trace *httptrace.ClientTrace) error {
		return writeRequest(bw, &scratch, r, trace)
	})
	return std, fast
}

type failingConn struct {
	buf  bytes.Buffer
	left int
}

var errConnGone = errors.New("connection gone")

func (c *failingConn) Write(p []byte) (int, error) {
	if c.left < 0 {
		return c.buf.Write(p)
	}
	if len(p) > c.left {
		c.buf.Write(p[:c.left])
		n := c.left
		c.left = 0
		return n, errConnGone
	}
	c.left -= len(p)
	return c.buf.Write(p)
}

// TestDirectRequestWriter: the direct path's request writer and
// Request.Write put the same bytes on the connection, return the same
// error and call the same trace hooks, for requests of every shape the
// direct path takes and some it hands back to Request.Write.
func TestDirectRequestWriter(t *testing.T) {
	t.Parallel()
	mk := func(method, rawURL string, h http.Header) *http.Request {
		u, err := url.Parse(rawURL)
		if err != nil {
			t.Fatal(err)
		}
		if h == nil {
			h = http.Header{}
		}
		return &http.Request{Method: method, URL: u, Header: h, Host: u.Host}
	}
	many := http.Header{}
	for i := 0; i < 40; i++ {
		many.Set(fmt.Sprintf("X-H%02d", 39-i), strings.Repeat("v", i))
	}
	cases := []struct {
		name string
		req  *http.Request
	}{
		{"plain GET", mk("GET", "http://a.test/r/1?x=1", http.Header{"User-Agent": {"hops/dev"}, "Accept": {"*/*"}})},
		{"empty method", mk("", "http://a.test:8080/", http.Header{"Accept": {"*/*"}})},
		{"HEAD", mk("HEAD", "http://a.test/", nil)},
		{"no User-Agent: Go's", mk("GET", "http://a.test/", nil)},
		{"empty User-Agent: none", mk("GET", "http://a.test/", http.Header{"User-Agent": {""}})},
		{"blank User-Agent: an empty one", mk("GET", "http://a.test/", http.Header{"User-Agent": {" \t"}})},
		{"User-Agent without values", mk("GET", "http://a.test/", http.Header{"User-Agent": {}})},
		{"two User-Agents: the first", mk("GET", "http://a.test/", http.Header{"User-Agent": {" one\t", "two"}})},
		{"lower-case user-agent is a header of its own", mk("GET", "http://a.test/", http.Header{"user-agent": {"x"}})},
		{"excluded keys", mk("GET", "http://a.test/", http.Header{"Host": {"evil"}, "Content-Length": {"5"}, "Transfer-Encoding": {"chunked"}, "Trailer": {"X"}, "host": {"kept"}})},
		{"values trimmed, inner space kept", mk("GET", "http://a.test/", http.Header{"X-A": {"  a  b \t"}, "X-B": {"", "\t"}})},
		{"sorted by bytes", mk("GET", "http://a.test/", http.Header{"b": {"1"}, "B": {"2"}, "a-": {"3"}, "A": {"4"}, "_x": {"5"}})},
		{"many headers", mk("GET", "http://a.test/", many)},
		{"empty path", mk("GET", "http://a.test", nil)},
		{"force query", mk("GET", "http://a.test/p?", nil)},
		{"escaped path", mk("GET", "http://a.test/a%20b/%2F?q=%00", nil)},
		{"opaque", &http.Request{Method: "GET", URL: &url.URL{Scheme: "http", Host: "a.test", Opaque: "//a.test/o"}, Header: http.Header{}}},
		{"Host field over the URL's", func() *http.Request { r := mk("GET", "http://a.test/", nil); r.Host = "b.test:81"; return r }()},
		{"URL host when Host is empty", func() *http.Request { r := mk("GET", "http://a.test/", nil); r.Host = ""; return r }()},
		{"IPv6", mk("GET", "http://[::1]:8080/", nil)},
		{"IPv6 zone (handed back)", func() *http.Request {
			r := mk("GET", "http://a.test/", nil)
			r.Host = "[fe80::1%25eth0]:80"
			r.URL.Host = r.Host
			return r
		}()},
		{"non-ASCII host (handed back)", func() *http.Request { r := mk("GET", "http://a.test/", nil); r.Host = "bücher.test"; return r }()},
		{"invalid host (handed back)", func() *http.Request { r := mk("GET", "http://a.test/", nil); r.Host = "a b"; return r }()},
		{"control byte in the target (handed back)", func() *http.Request { r := mk("GET", "http://a.test/", nil); r.URL.RawQuery = "a\x01"; return r }()},
		{"Close (handed back)", func() *http.Request { r := mk("GET", "http://a.test/", nil); r.Close = true; return r }()},
		{"chunked (handed back)", func() *http.Request {
			r := mk("GET", "http://a.test/", nil)
			r.TransferEncoding = []string{"chunked"}
			return r
		}()},
		{"POST (handed back)", mk("POST", "http://a.test/", nil)},
	}
	for _, c := range cases {
		for _, shape := range []struct{ buf, fail int }{{4096, -1}, {16, -1}, {4096, 0}, {16, 0}, {16, 20}, {16, 40}} {
			std, fast := writeBoth(c.req, shape.buf, shape.fail)
			if fmt.Sprint(std) != fmt.Sprint(fast) {
				t.Errorf("%s (buffer %d, fails after %d):\nRequest.Write %q\nwriteRequest  %q", c.name, shape.buf, shape.fail, std, fast)
			}
		}
	}
	// One literal, so that the two agreeing is not all this test knows.
	_, fast := writeBoth(cases[0].req, 4096, -1)
	if want := "GET /r/1?x=1 HTTP/1.1\r\nHost: a.test\r\nUser-Agent: hops/dev\r\nAccept: */*\r\n\r\n"; fast.raw != want || fast.err != "" {
		t.Errorf("writeRequest wrote %q (%s), want %q", fast.raw, fast.err, want)
	}
}

// TestPlainHostValid: every Host byte the writer sends as it is, Request.Write
// does too (httpguts.ValidHostHeader), but for '%', which it hands back.
func TestPlainHostValid(t *testing.T) {
	t.Parallel()
	n := 0
	for c := 0; c < 256; c++ {
		s := string([]byte{byte(c)})
		if plainHost(s) {
			n++
			if !httpguts.ValidHostHeader(s) {
				t.Errorf("plainHost takes %q, which Request.Write drops", s)
			}
		} else if httpguts.ValidHostHeader(s) && c != '%' {
			t.Errorf("plainHost refuses %q, which Request.Write sends", s)
		}
	}
	if n != 80 { // 62 letters and digits, 18 others
		t.Errorf("plainHost takes %d bytes, want 80", n)
	}
}

// FuzzDirectRequestWriter: any request the direct path takes is written
// the same by writeRequest as by Request.Write.
func FuzzDirectRequestWriter(f *testing.F) {
	f.Add("GET", "a.test:80", "/r/1", "x=1", "User-Agent", "hops", "Accept", "*/*", 4096, -1)
	f.Add("", "[::1]", "/a b", "", "user-agent", " x ", "X-Empty", "", 16, 10)
	f.Add("HEAD", "h", "", "", "Host", "y", "Trailer", "z", 16, 0)
	tr, err := NewTransport(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, host, path, query, k1, v1, k2, v2 string, buf, fail int) {
		u := &url.URL{Scheme: "http", Host: host, Path: path, RawQuery: query}
		req := &http.Request{Method: method, URL: u, Host: host, Header: http.Header{k1: {v1}}}
		req.Header[k2] = append(req.Header[k2], v2)
		if _, ok := tr.directAddr(req); !ok {
			return
		}
		buf = 16 + abs(buf)%8192
		if fail < -1 {
			fail = -1
		}
		std, fast := writeBoth(req, buf, fail%10000)
		if fmt.Sprint(std) != fmt.Sprint(fast) {
			t.Errorf("Request.Write %q\nwriteRequest  %q", std, fast)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
