//go:build bench

package checkpath

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hops-cli/hops/bulk"
	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/render"
	"github.com/hops-cli/hops/walk"
)

// BenchmarkCheckJSONL is the check path of `hops check --json` on a map of
// 3-hop chains (two 301s with path-absolute Locations, then a small HTML
// page, as bench/check.sh serves with nginx) spread over 50 host names, 16
// rows in flight, every row written as a JSON Line: the walk, the
// analysis, the verdict and the encoding, against a loopback server in the
// same process. For profiles of hops's own work:
//
//	go test -run - -bench CheckJSONL -cpuprofile cpu.out ./bench/checkpath
func BenchmarkCheckJSONL(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "bench")
		switch {
		case strings.HasSuffix(r.URL.Path, "/a"):
			w.Header().Set("Location", strings.TrimSuffix(r.URL.Path, "a")+"b")
			w.WriteHeader(http.StatusMovedPermanently)
		case strings.HasSuffix(r.URL.Path, "/b"):
			w.Header().Set("Location", strings.TrimSuffix(r.URL.Path, "b")+"c")
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<!doctype html><title>landed</title><p>ok</p>\n")
		}
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	const rows = 200
	var m strings.Builder
	m.WriteString("source,target,status\n")
	for i := range rows {
		h := fmt.Sprintf("h%d.test:%s", i%50, port)
		fmt.Fprintf(&m, "http://%s/r/%d/a,http://%s/r/%d/c,301\n", h, i, h, i)
	}
	w := walk.NewWalker()
	// Every made-up host name is dialled at the loopback server.
	w.Config.Resolve = []walk.Resolve{{Host: "*", Port: port, Addrs: []string{"127.0.0.1"}}}
	t, err := walk.NewTransport(w.Config)
	if err != nil {
		b.Fatal(err)
	}
	t.MaxIdleConns = 0
	t.MaxIdleConnsPerHost = 4
	defer t.CloseIdleConnections()
	w.Transport = t
	r := &bulk.Runner{Walker: w, Concurrency: 16, FailOn: inspect.SeverityError,
		Request: func(u string) inspect.Request {
			return inspect.Request{URL: u, Method: http.MethodGet, Header: http.Header{"User-Agent": {"hops/bench"}}}
		}}
	meta := render.Meta{Version: "bench"}
	b.ReportAllocs()
	for b.Loop() {
		var werr error
		sum, err := r.Run(context.Background(), check.NewReader(strings.NewReader(m.String())), func(res check.Result) {
			if err := render.CheckJSONL(io.Discard, res, meta); err != nil {
				werr = err
			}
		})
		if err != nil || werr != nil || sum.OK != rows {
			b.Fatalf("%d of %d rows ok (%v, %v)", sum.OK, rows, err, werr)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}
