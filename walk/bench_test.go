package walk

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// BenchmarkInspect3Hops is one row of a bulk check: a chain of two 301s
// with path-absolute Locations and a small HTML page, walked and analysed
// over kept-alive connections, as `hops check` does (the server's own
// allocations are in the figure too; they do not change with hops).
func BenchmarkInspect3Hops(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Server"] = []string{"bench"}
		switch {
		case strings.HasSuffix(r.URL.Path, "/a"):
			h["Location"] = []string{strings.TrimSuffix(r.URL.Path, "a") + "b"}
			h["Content-Type"] = []string{"text/html"}
			w.WriteHeader(http.StatusMovedPermanently)
		case strings.HasSuffix(r.URL.Path, "/b"):
			h["Location"] = []string{strings.TrimSuffix(r.URL.Path, "b") + "c"}
			h["Content-Type"] = []string{"text/html"}
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			h["Content-Type"] = []string{"text/html"}
			io.WriteString(w, "<!doctype html><title>landed</title><p>ok</p>\n")
		}
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	w := NewWalker()
	w.Config.Resolve = []Resolve{{Host: "*", Port: port, Addrs: []string{"127.0.0.1"}}}
	t, err := NewTransport(w.Config)
	if err != nil {
		b.Fatal(err)
	}
	defer t.CloseIdleConnections()
	w.Transport = t
	header := http.Header{"User-Agent": {"hops/bench"}, "Accept": {"*/*"}}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		u := fmt.Sprintf("http://h%d.test:%s/r/%d/a", i%8, port, i)
		i++
		c, err := w.Inspect(ctx, inspect.Request{URL: u, Method: http.MethodGet, Header: header})
		if err != nil || len(c.Hops) != 3 || c.Hops[2].Status != 200 {
			b.Fatalf("%v: %+v", err, c)
		}
	}
}

func TestNewRequest(t *testing.T) {
	u, _ := url.Parse("http://example.test/a")
	h := http.Header{"Accept": {"*/*"}}
	for _, c := range []struct {
		method string
		body   []byte
		err    string
		length int64
	}{
		{method: "GET"},
		{method: "PATCH", body: []byte("x=1"), length: 3},
		{method: "POST", body: []byte{}},
		{method: "BAD METHOD", err: `net/http: invalid method "BAD METHOD"`},
		{method: "GET\r\n", err: `net/http: invalid method "GET\r\n"`},
	} {
		req, err := newRequest(context.Background(), c.method, u, h, c.body)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: err %v, want %s", c.method, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", c.method, err)
		}
		if req.Method != c.method || req.URL != u || req.Host != "" || req.Proto != "HTTP/1.1" || req.ProtoMajor != 1 || req.ProtoMinor != 1 || req.Header.Get("Accept") != "*/*" || req.ContentLength != c.length {
			t.Errorf("%q: %+v", c.method, req)
		}
		if (req.Body == nil || req.Body == http.NoBody) != (len(c.body) == 0) {
			t.Errorf("%q: body %v", c.method, req.Body)
		}
	}
}

func TestIsToken(t *testing.T) {
	for s, want := range map[string]bool{"GET": true, "M-SEARCH": true, "x!#$%&'*+-.^_`|~9": true, "": false, "A B": false, "GÉT": false, "A:B": false, "A/B": false} {
		if got := isToken(s); got != want {
			t.Errorf("isToken(%q) = %v", s, got)
		}
	}
}
