// Command pair times two commands as whole processes, alternating them run
// by run so that both see the same machine load, against a redirect chain
// it serves on loopback. It prints the median, mean and minimum of each and
// the ratio of the medians.
//
//	pair -n 200 -hops 5 -- CMD_A... -- CMD_B...
//
// {URL} in a command is replaced by the chain's first URL.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 200, "runs of each command")
	hops := flag.Int("hops", 5, "hops in the chain (redirects + 1)")
	flag.Parse()
	cmds := splitCommands(flag.Args())
	if len(cmds) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pair [-n N] [-hops H] -- CMD_A... -- CMD_B...")
		os.Exit(2)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if i < *hops-1 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", i+1), http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>end</title><p>the end of the chain</p>")
	})}
	go srv.Serve(l)
	url := "http://" + l.Addr().String() + "/hop/0"

	times := [2][]time.Duration{}
	for i := 0; i < *n; i++ {
		for k := 0; k < 2; k++ {
			// Alternate which goes first, so neither always runs warm.
			j := (k + i) % 2
			d, err := runOnce(cmds[j], url)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", cmds[j][0], err)
				os.Exit(1)
			}
			times[j] = append(times[j], d)
		}
	}
	fmt.Printf("chain: %d hops on loopback, %d runs each, alternating\n", *hops, *n)
	med := [2]time.Duration{}
	for j, c := range cmds {
		s := stats(times[j])
		med[j] = s.median
		fmt.Printf("%-10s median %7.2f ms  mean %7.2f ms  min %7.2f ms   %s\n", name(c), ms(s.median), ms(s.mean), ms(s.min), strings.Join(c, " "))
	}
	fmt.Printf("ratio of medians (first / second): %.2fx\n", float64(med[0])/float64(med[1]))
}

func name(c []string) string {
	parts := strings.Split(c[0], "/")
	return parts[len(parts)-1]
}

func splitCommands(args []string) [][]string {
	var out [][]string
	var cur []string
	for _, a := range args {
		if a == "--" {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, a)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func runOnce(c []string, url string) (time.Duration, error) {
	args := make([]string, len(c))
	for i, a := range c {
		args[i] = strings.ReplaceAll(a, "{URL}", url)
	}
	cmd := exec.Command(args[0], args[1:]...)
	start := time.Now()
	out, err := cmd.Output()
	d := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			return 0, fmt.Errorf("%v: %s", err, out)
		}
	}
	return d, nil
}

type summary struct{ median, mean, min time.Duration }

func stats(ds []time.Duration) summary {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return summary{median: s[len(s)/2], mean: sum / time.Duration(len(s)), min: s[0]}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
