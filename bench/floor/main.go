// Command floor is the baseline of bench/check.sh: a careful plain Go
// client that does only the HTTP of a check. Its workers share one
// http.Client (standard library, redirects followed by net/http) that keeps
// as many idle connections per host as there are workers, with no overall
// cap, so it never dials a connection that it could have reused. It fetches
// every source URL of a map, reads the final body and prints how many rows
// landed on a 200. Every host name is dialled at -addr, as hops does with
// --resolve.
//
// With -walk it does, in the plainest way, the part of a check's work that
// is HTTP's and that every hop of hops's report needs: it walks each hop
// itself (one RoundTrip a hop, the Location resolved with net/url), under a
// deadline of its own, timed with httptrace (connect, first byte, total)
// and keeps each hop's status, header and Location; with -jsonl it also
// writes a JSON Line of those records a row (encoding/json). These are
// second, labelled figures: how much of hops's cost over the floor any
// client pays that reports every hop.
//
//	floor -c 50 -addr 127.0.0.1:8080 [-cacert ca.pem] [-walk [-jsonl]] map.csv
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
	"net/http/httptrace"
	"net/url"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	workers := flag.Int("c", 50, "workers")
	addr := flag.String("addr", "", "dial every host at this address")
	cacert := flag.String("cacert", "", "PEM file of the roots to trust (https maps)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	walkHops := flag.Bool("walk", false, "walk, time and keep every hop")
	jsonl := flag.Bool("jsonl", false, "with -walk: write a JSON Line a row")
	flag.Parse()
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

// hop is what -walk keeps of each hop.
type hop struct {
	URL      string              `json:"url"`
	Status   int                 `json:"status"`
	Reason   string              `json:"reason"`
	Proto    string              `json:"proto"`
	Header   http.Header         `json:"headers"`
	Location string              `json:"location,omitempty"`
	Next     string              `json:"next_url,omitempty"`
	Reused   bool                `json:"reused_connection"`
	Timing   map[string]*float64 `json:"timing_ms"`
}

// lineWriter writes whole lines from many workers.
type lineWriter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

// walk follows u hop by hop, at most 20 redirects, and reports whether it
// ended on a 200; with out, it writes the row's hops as a JSON Line.
func walk(t http.RoundTripper, u string, out *lineWriter) bool {
	var hops []hop
	status := 0
	for range 21 {
		h, next, err := roundTrip(t, u)
		if err != nil {
			return false
		}
		hops = append(hops, h)
		status = h.Status
		if next == "" {
			break
		}
		u = next
	}
	if out != nil {
		line, err := json.Marshal(struct {
			Source string `json:"source"`
			Hops   []hop  `json:"hops"`
		}{hops[0].URL, hops})
		if err != nil {
			return false
		}
		out.mu.Lock()
		out.w.Write(line)
		out.w.WriteByte('\n')
		out.mu.Unlock()
	}
	return status == http.StatusOK
}

// roundTrip makes one hop: the request under a deadline, timed, its body
// read, and the next URL when it redirects.
func roundTrip(t http.RoundTripper, u string) (hop, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var mu sync.Mutex
	var start, connStart time.Time
	var connect, ttfb *float64
	reused := false
	ms := func(d time.Duration) *float64 { f := float64(d.Microseconds()) / 1000; return &f }
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		ConnectStart: func(_, _ string) { mu.Lock(); connStart = time.Now(); mu.Unlock() },
		ConnectDone: func(_, _ string, err error) {
			mu.Lock()
			if err == nil {
				connect = ms(time.Since(connStart))
			}
			mu.Unlock()
		},
		GotConn:              func(i httptrace.GotConnInfo) { mu.Lock(); reused = i.Reused; mu.Unlock() },
		GotFirstResponseByte: func() { mu.Lock(); ttfb = ms(time.Since(start)); mu.Unlock() },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return hop{}, "", err
	}
	start = time.Now()
	resp, err := t.RoundTrip(req)
	if err != nil {
		return hop{}, "", err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return hop{}, "", err
	}
	mu.Lock()
	defer mu.Unlock()
	h := hop{URL: u, Status: resp.StatusCode, Reason: strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))),
		Proto: resp.Proto, Header: resp.Header, Reused: reused,
		Timing: map[string]*float64{"connect": connect, "ttfb": ttfb, "total": ms(time.Since(start))}}
	loc := resp.Header.Get("Location")
	if resp.StatusCode < 300 || resp.StatusCode > 399 || loc == "" {
		return h, "", nil
	}
	base, err := url.Parse(u)
	if err != nil {
		return hop{}, "", err
	}
	ref, err := base.Parse(loc)
	if err != nil {
		return hop{}, "", err
	}
	h.Location, h.Next = loc, ref.String()
	return h, h.Next, nil
}
