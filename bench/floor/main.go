// Command floor is the baseline of bench/check.sh: a careful plain Go
// client that does only the HTTP of a check. Its workers share one
// http.Client (standard library, redirects followed by net/http) that keeps
// as many idle connections per host as there are workers, with no overall
// cap, so it never dials a connection that it could have reused. It fetches
// every source URL of a map, reads the final body and prints how many rows
// landed on a 200. Every host name is dialled at -addr, as hops does with
// --resolve.
//
//	floor -c 50 -addr 127.0.0.1:8080 [-cacert ca.pem] map.csv
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
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
)

func main() {
	workers := flag.Int("c", 50, "workers")
	addr := flag.String("addr", "", "dial every host at this address")
	cacert := flag.String("cacert", "", "PEM file of the roots to trust (https maps)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
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
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
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
	fmt.Printf("ok %d failed %d\n", ok.Load(), failed.Load())
}
