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
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hops-cli/hops/bench/plainwalk"
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
// same process. A run closes its idle connections at its end, so each
// iteration dials its connections again. For profiles of hops's own work:
//
//	go test -tags bench -run - -bench CheckJSONL -cpuprofile cpu.out ./bench/checkpath
func BenchmarkCheckJSONL(b *testing.B) {
	benchCheck(b, true)
}

// BenchmarkCheck is BenchmarkCheckJSONL without the JSON Lines, as
// `hops check` without --json.
func BenchmarkCheck(b *testing.B) {
	benchCheck(b, false)
}

func benchCheck(b *testing.B, jsonl bool) {
	srv := benchServer()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	m := benchMap(port)
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
		sum, err := r.Run(context.Background(), check.NewReader(strings.NewReader(m)), func(res check.Result) {
			if !jsonl {
				return
			}
			if err := render.CheckJSONL(io.Discard, res, meta); err != nil {
				werr = err
			}
		})
		if err != nil || werr != nil || sum.OK != benchRows {
			b.Fatalf("%d of %d rows ok (%v, %v)", sum.OK, benchRows, err, werr)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}

// BenchmarkPlainBulk is the same map checked by the plainest client that
// keeps every hop (bench/plainwalk, as bench/floor -walk): 16 workers,
// each walking its rows hop by hop, the same Transport limits.
// BenchmarkCheck over this is what hops's check costs beyond the HTTP.
func BenchmarkPlainBulk(b *testing.B) {
	srv := benchServer()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	m := benchMap(port)
	d := &net.Dialer{}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, "127.0.0.1:"+port)
	}
	t.MaxIdleConns = 0
	t.MaxIdleConnsPerHost = 4
	defer t.CloseIdleConnections()
	header := http.Header{"User-Agent": {"hops/bench"}}
	var sources []string
	for _, line := range strings.Split(m, "\n")[1:] {
		if src, _, ok := strings.Cut(line, ","); ok {
			sources = append(sources, src)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		jobs := make(chan string)
		var ok atomic.Int64
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				for u := range jobs {
					hops, err := plainwalk.Walk(t, u, header)
					if err == nil && hops[len(hops)-1].Status == http.StatusOK {
						ok.Add(1)
					}
				}
			})
		}
		for _, u := range sources {
			jobs <- u
		}
		close(jobs)
		wg.Wait()
		// As a check run does at its end (bulk.Runner.Run).
		t.CloseIdleConnections()
		if ok.Load() != benchRows {
			b.Fatalf("%d of %d rows ok", ok.Load(), benchRows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}

const benchRows = 200

// benchMap is a map of benchRows 3-hop chains spread over 50 host names.
func benchMap(port string) string {
	var m strings.Builder
	m.WriteString("source,target,status\n")
	for i := range benchRows {
		h := fmt.Sprintf("h%d.test:%s", i%50, port)
		fmt.Fprintf(&m, "http://%s/r/%d/a,http://%s/r/%d/c,301\n", h, i, h, i)
	}
	return m.String()
}

// benchServer serves /…/a -> /…/b -> /…/c, a small HTML page.
func benchServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
}
