package walk

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hops-cli/hops/bench/plainwalk"
	"github.com/hops-cli/hops/inspect"
)

// BenchmarkInspect3Hops is one row of a bulk check: a chain of two 301s
// with path-absolute Locations and a small HTML page, walked and analysed
// over kept-alive connections, as `hops check` does (the server's own
// allocations are in the figure too; they do not change with hops).
func BenchmarkInspect3Hops(b *testing.B) {
	srv := bench3HopServer()
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

// BenchmarkPlain3Hops is BenchmarkInspect3Hops's chain walked by the
// plainest client that keeps every hop (bench/plainwalk, as bench/floor
// -walk). Inspect3Hops over this is what the walk and the analysis cost
// beyond the HTTP.
func BenchmarkPlain3Hops(b *testing.B) {
	srv := bench3HopServer()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	d := &net.Dialer{}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, "127.0.0.1:"+port)
	}
	defer t.CloseIdleConnections()
	header := http.Header{"User-Agent": {"hops/bench"}, "Accept": {"*/*"}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		u := fmt.Sprintf("http://h%d.test:%s/r/%d/a", i%8, port, i)
		i++
		hops, err := plainwalk.Walk(t, u, header)
		if err != nil || len(hops) != 3 || hops[2].Status != 200 {
			b.Fatalf("%v: %+v", err, hops)
		}
	}
}

// bench3HopServer serves /…/a -> /…/b -> /…/c, a small HTML page.
func bench3HopServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
}
