// Command bulk measures `hops check` on a migration map of N distinct
// 3-hop chains (two 301s, then a 200) served on loopback under many host
// names, against a plain Go client doing only the HTTP with as many
// workers; the two alternate round by round. It prints both throughputs,
// their ratio, and hops's peak RSS.
//
//	bulk -hops ./hops -plain ./plainbulk -rows 10000 -rounds 3
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	hops := flag.String("hops", "./hops", "hops binary")
	plain := flag.String("plain", "./plainbulk", "baseline binary")
	rows := flag.Int("rows", 10000, "rows in the map")
	hosts := flag.Int("hosts", 200, "distinct host names")
	rounds := flag.Int("rounds", 3, "runs of each")
	workers := flag.Int("c", 50, "concurrency of both")
	flag.Parse()

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	// The server runs in this process; it does the same work for both.
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/a"):
			w.Header().Set("Location", strings.TrimSuffix(r.URL.Path, "/a")+"/b")
			w.WriteHeader(http.StatusMovedPermanently)
		case strings.HasSuffix(r.URL.Path, "/b"):
			w.Header().Set("Location", strings.TrimSuffix(r.URL.Path, "/b")+"/c")
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!doctype html><title>landed</title><p>ok</p>")
		}
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	addr := l.Addr().String()
	_, port, _ := net.SplitHostPort(addr)

	dir, err := os.MkdirTemp("", "hops-bulk-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	mapFile := filepath.Join(dir, "map.csv")
	f, err := os.Create(mapFile)
	if err != nil {
		fail(err)
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintln(bw, "source,target,status")
	for i := 0; i < *rows; i++ {
		h := fmt.Sprintf("h%d.test:%s", i%*hosts, port)
		fmt.Fprintf(bw, "http://%s/row/%d/a,http://%s/row/%d/c,301\n", h, i, h, i)
	}
	bw.Flush()
	f.Close()

	hopsCmd := []string{*hops, "check", "--json", "-c", fmt.Sprint(*workers), "--resolve", "*:" + port + ":127.0.0.1", mapFile}
	plainCmd := []string{*plain, "-c", fmt.Sprint(*workers), "-addr", addr, mapFile}
	var hopsT, plainT []time.Duration
	var peak int64
	for r := 0; r < *rounds; r++ {
		order := [][]string{hopsCmd, plainCmd}
		if r%2 == 1 {
			order = [][]string{plainCmd, hopsCmd}
		}
		for _, c := range order {
			d, rss, out := runCmd(c)
			if c[0] == *hops {
				hopsT = append(hopsT, d)
				if rss > peak {
					peak = rss
				}
				if !strings.Contains(out, fmt.Sprintf(`"rows":%d,"ok":%d`, *rows, *rows)) {
					fail(fmt.Errorf("hops check did not pass every row: %s", lastLine(out)))
				}
			} else {
				plainT = append(plainT, d)
				if !strings.Contains(out, fmt.Sprintf("ok %d failed 0", *rows)) {
					fail(fmt.Errorf("baseline failed rows: %s", out))
				}
			}
		}
	}
	hm, pm := median(hopsT), median(plainT)
	fmt.Printf("%d rows of 3-hop chains on %d loopback host names, -c %d, %d rounds alternating\n", *rows, *hosts, *workers, *rounds)
	fmt.Printf("hops check --json  median %7.2f s  %8.0f rows/s  peak RSS %.1f MiB\n", hm.Seconds(), float64(*rows)/hm.Seconds(), float64(peak)/1024)
	fmt.Printf("plain Go client    median %7.2f s  %8.0f rows/s\n", pm.Seconds(), float64(*rows)/pm.Seconds())
	fmt.Printf("throughput ratio (hops / plain): %.2fx\n", pm.Seconds()/hm.Seconds())
}

// runCmd runs a command with stdout captured to a file and returns its wall
// time and peak RSS in KiB.
func runCmd(args []string) (time.Duration, int64, string) {
	out, err := os.CreateTemp("", "hops-bulk-out-")
	if err != nil {
		fail(err)
	}
	defer os.Remove(out.Name())
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout = out
	cmd.Stderr = os.Stderr
	start := time.Now()
	err = cmd.Run()
	d := time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			fail(fmt.Errorf("%s: %v", args[0], err))
		}
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	// Only the end of the output is needed (the summary line). Reading the
	// whole file would grow this process, and a child started by vfork
	// counts its parent's pages in its peak RSS until it execs.
	defer out.Close()
	st, _ := out.Stat()
	off := max(st.Size()-4096, 0)
	tail := make([]byte, st.Size()-off)
	out.ReadAt(tail, off)
	return d, rss, string(tail)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bulk:", err)
	os.Exit(1)
}
