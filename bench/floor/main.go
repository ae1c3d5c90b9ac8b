// Command floor is the baseline of bench/check.sh: a careful plain Go
// client that does only the HTTP of a check. Its workers share one
// http.Client (standard library, redirects followed by net/http) that keeps
// as many idle connections per host as there are workers, with no overall
// cap, so it never dials a connection that it could have reused. It fetches
// every source URL of a map, reads the final body and prints how many rows
// landed on a 200. Every host name is dialled at -addr, as hops does with
// --resolve.
//
// With -walk it walks each chain itself as bench/plainwalk does, the
// plainest client that reports every hop (one RoundTrip a hop under a
// deadline of its own, timed, its status, header and Location kept); with
// -jsonl it also writes a JSON Line of those records a row (encoding/json).
// These are second, labelled figures: how much of hops's cost over the
// floor any client pays that reports every hop. With -raw (http maps only)
// it walks the chains without net/http (raw.go): how much of the floor is
// the library's own.
//
//	floor -c 50 -addr 127.0.0.1:8080 [-cacert ca.pem] [-walk [-jsonl] | -raw] map.csv
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hops-cli/hops/bench/plainwalk"
)

func main() {
	workers := flag.Int("c", 50, "workers")
	addr := flag.String("addr", "", "dial every host at this address")
	cacert := flag.String("cacert", "", "PEM file of the roots to trust (https maps)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	walkHops := flag.Bool("walk", false, "walk, time and keep every hop")
	jsonl := flag.Bool("jsonl", false, "with -walk: write a JSON Line a row")
	raw := flag.Bool("raw", false, "walk over HTTP/1.1 without net/http (http maps only)")
	flag.Parse()
	if *jsonl && !*walkHops {
		fmt.Fprintln(os.Stderr, "floor: -jsonl writes what -walk keeps: give both")
		os.Exit(2)
	}
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = *workers
	t.MaxIdleConns = 0
	d := &net.Dialer{}
	t.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, *addr)
	}
	if *cacert != "" {
		pem, err := os.ReadFile(*cacert)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		roots := x509.NewCertPool()
		roots.AppendCertsFromPEM(pem)
		t.TLSClientConfig = &tls.Config{RootCAs: roots}
	}
	client := &http.Client{Transport: t}
	var rw *rawWalker
	if *raw {
		if *walkHops || *cacert != "" {
			fmt.Fprintln(os.Stderr, "floor: -raw walks http maps alone: no -walk, no -cacert")
			os.Exit(2)
		}
		rw = newRawWalker(*addr)
	}
	jobs := make(chan string, *workers)
	var wg sync.WaitGroup
	var ok, failed atomic.Int64
	var out *lineWriter
	if *jsonl {
		out = &lineWriter{w: bufio.NewWriterSize(os.Stdout, 64<<10)}
	}
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				if rw != nil {
					if landed, err := rw.walk(u); landed {
						ok.Add(1)
					} else {
						if err != nil {
							fmt.Fprintln(os.Stderr, err)
						}
						failed.Add(1)
					}
					continue
				}
				if *walkHops {
					if walk(t, u, out) {
						ok.Add(1)
					} else {
						failed.Add(1)
					}
					continue
				}
				resp, err := client.Get(u)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		src, _, _ := strings.Cut(sc.Text(), ",")
		if strings.HasPrefix(src, "http") {
			jobs <- src
		}
	}
	close(jobs)
	wg.Wait()
	if out != nil {
		out.w.Flush()
	}
	fmt.Printf("ok %d failed %d\n", ok.Load(), failed.Load())
}

// lineWriter writes whole lines from many workers.
type lineWriter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

// walk follows u hop by hop and reports whether it ended on a 200; with
// out, it writes the row's hops as a JSON Line.
func walk(t http.RoundTripper, u string, out *lineWriter) bool {
	hops, err := plainwalk.Walk(t, u, nil)
	if err != nil {
		return false
	}
	if out != nil {
		line, err := json.Marshal(struct {
			Source string          `json:"source"`
			Hops   []plainwalk.Hop `json:"hops"`
		}{u, hops})
		if err != nil {
			return false
		}
		out.mu.Lock()
		out.w.Write(line)
		out.w.WriteByte('\n')
		out.mu.Unlock()
	}
	return hops[len(hops)-1].Status == http.StatusOK
}
