// Command plainbulk is the baseline of bench/check.sh: 50 workers of a
// plain Go http.Client (standard library, redirects followed by net/http)
// fetching every source URL of a map and reading the final body. Every host
// name is dialled at the given loopback address, as hops does with
// --resolve. It does only the HTTP: no analysis, no output per row.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
)

func main() {
	workers := flag.Int("c", 50, "workers")
	addr := flag.String("addr", "", "dial every host at this address")
	flag.Parse()
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{}
	t.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, *addr)
	}
	client := &http.Client{Transport: t}
	jobs := make(chan string, *workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, failed := 0, 0
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				resp, err := client.Get(u)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Lock()
				if err == nil && resp.StatusCode == 200 {
					ok++
				} else {
					failed++
				}
				mu.Unlock()
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
	fmt.Printf("ok %d failed %d\n", ok, failed)
}
