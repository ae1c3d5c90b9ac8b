// Command html measures `hops check --html` on a migration map of N rows
// served on loopback under many host names, with the mix of outcomes a
// real migration has (most rows fine; temporary redirects, 404s, mass
// redirects to the home page, long chains, loops, server errors and a few
// malformed rows). It runs the same check with and without --html,
// alternating, and prints the report's size, the time to write it, hops's
// peak RSS both ways; then it opens the report in headless Chromium and
// prints the time to the first table render, the page's memory, and the
// time a sort, a filter, a search and a scroll take.
//
//	html -hops ./hops -rows 100000 -rounds 2
//	html -hops ./hops -rows 1500 -screenshot docs/report.png -port 80
//	html -open report.html
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	hops := flag.String("hops", "./hops", "hops binary")
	rows := flag.Int("rows", 100000, "rows in the map")
	hosts := flag.Int("hosts", 40, "distinct host names")
	rounds := flag.Int("rounds", 2, "runs with and without --html")
	workers := flag.Int("c", 50, "concurrency")
	port := flag.Int("port", 0, "loopback port to serve on (0: any); 80 gives URLs without a port, for a picture")
	shot := flag.String("screenshot", "", "write a screenshot of the report to this PNG file, and measure nothing")
	keep := flag.String("keep", "", "copy the report to this file")
	browser := flag.String("chromium", "chromium", "the browser")
	open := flag.String("open", "", "only open this report in the browser and measure it")
	flag.Parse()
	if abs, err := filepath.Abs(*hops); err == nil {
		*hops = abs // hops runs in the map's folder
	}
	if *open != "" {
		abs, err := filepath.Abs(*open)
		if err == nil {
			err = browse(*browser, abs)
		}
		if err != nil {
			fail(err)
		}
		return
	}

	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fail(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(serve), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	_, p, _ := net.SplitHostPort(l.Addr().String())

	dir, err := os.MkdirTemp("", "hops-html-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	mapFile := filepath.Join(dir, "migration.csv")
	if err := writeMap(mapFile, *rows, *hosts, p); err != nil {
		fail(err)
	}
	report := filepath.Join(dir, "report.html")
	base := []string{*hops, "check", "--json", "-c", strconv.Itoa(*workers), "--per-host", "16", "--timeout", "5s", "--resolve", "*:" + p + ":127.0.0.1"}
	// hops runs in the map's folder, so that the report names it as a
	// person would have typed it.
	with := append(slices.Clone(base), "--html", report, "migration.csv")
	without := append(slices.Clone(base), "migration.csv")

	if *shot != "" {
		if _, _, _, err := runCmd(with, dir); err != nil {
			fail(err)
		}
		if err := screenshot(*browser, report, *shot); err != nil {
			fail(err)
		}
		fmt.Printf("wrote %s from a report of %d rows\n", *shot, *rows)
		return
	}

	var tWith, tWithout, cWith, cWithout []time.Duration
	var rssWith, rssWithout int64
	for r := 0; r < *rounds; r++ {
		order := [][]string{without, with}
		if r%2 == 1 {
			order = [][]string{with, without}
		}
		for _, c := range order {
			d, cpu, rss, err := runCmd(c, dir)
			if err != nil {
				fail(err)
			}
			if len(c) == len(with) {
				tWith, cWith, rssWith = append(tWith, d), append(cWith, cpu), max(rssWith, rss)
			} else {
				tWithout, cWithout, rssWithout = append(tWithout, d), append(cWithout, cpu), max(rssWithout, rss)
			}
		}
	}
	st, err := os.Stat(report)
	if err != nil {
		fail(err)
	}
	if *keep != "" {
		if b, err := os.ReadFile(report); err == nil {
			os.WriteFile(*keep, b, 0o644)
		}
	}
	mw, mo, cw, co := median(tWith), median(tWithout), median(cWith), median(cWithout)
	fmt.Printf("%d rows on %d loopback host names, -c %d, %d rounds alternating (medians)\n", *rows, *hosts, *workers, *rounds)
	fmt.Printf("hops check --json              wall %6.2f s  CPU %6.2f s  peak RSS %6.1f MiB\n", mo.Seconds(), co.Seconds(), float64(rssWithout)/1024)
	fmt.Printf("hops check --json --html FILE  wall %6.2f s  CPU %6.2f s  peak RSS %6.1f MiB  (CPU %+.2f s, %+.1f%%)\n",
		mw.Seconds(), cw.Seconds(), float64(rssWith)/1024, (cw - co).Seconds(), 100*(cw.Seconds()/co.Seconds()-1))
	fmt.Printf("report: %.1f MiB (%.0f bytes a row)\n", float64(st.Size())/(1<<20), float64(st.Size())/float64(*rows))
	if err := browse(*browser, report); err != nil {
		fail(err)
	}
}

// serve answers /r/N/... by N's outcome (see outcome), and / as a home page.
func serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) < 3 || parts[0] != "r" {
		page(w)
		return
	}
	n, _ := strconv.Atoi(parts[1])
	base := "/r/" + parts[1]
	step := parts[2]
	switch kind := outcome(n); {
	case step == "new":
		if kind == "gone" {
			http.Error(w, "gone", http.StatusNotFound)
			return
		}
		page(w)
	case kind == "error500":
		http.Error(w, "oops", http.StatusInternalServerError)
	case kind == "loop":
		next := map[string]string{"old": base + "/loop", "loop": base + "/old"}[step]
		redirect(w, next, http.StatusFound)
	case kind == "temp":
		redirect(w, base+"/new", http.StatusFound)
	case kind == "home":
		redirect(w, "/", http.StatusMovedPermanently)
	case kind == "long" && step == "old":
		redirect(w, base+"/hop1", http.StatusMovedPermanently)
	case kind == "long" && step == "hop1":
		redirect(w, base+"/hop2", http.StatusMovedPermanently)
	case kind == "long" && step == "hop2":
		redirect(w, base+"/hop3", http.StatusMovedPermanently)
	default:
		redirect(w, base+"/new", http.StatusMovedPermanently)
	}
}

func redirect(w http.ResponseWriter, to string, status int) {
	w.Header().Set("Location", to)
	w.Header().Set("Cache-Control", "max-age=3600")
	w.WriteHeader(status)
}

func page(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<!doctype html><html><head><title>page</title></head><body><p>ok</p></body></html>")
}

// outcome is what row n's chain does, spread evenly over the map.
func outcome(n int) string {
	switch m := n % 100; {
	case m < 76:
		return "ok"
	case m < 84:
		return "temp" // 302 where the map expects 301
	case m < 89:
		return "gone" // 301 to a 404
	case m < 93:
		return "home" // sent to the home page
	case m < 96:
		return "long" // four redirects
	case m < 98:
		return "loop"
	default:
		return "error500"
	}
}

// writeMap writes source,target,status rows; one in 250 is malformed.
func writeMap(path string, rows, hosts int, port string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintln(bw, "source,target,status")
	names := []string{"shop", "blog", "docs", "help", "news", "www", "store", "support", "careers", "media"}
	hostPort := ""
	if port != "80" {
		hostPort = ":" + port
	}
	for i := 0; i < rows; i++ {
		h := fmt.Sprintf("%s%d.example.test%s", names[i%len(names)], (i/len(names))%max(hosts/len(names), 1), hostPort)
		if i%250 == 249 {
			fmt.Fprintf(bw, "http://%s/r/%d/old,not a target,301\n", h, i)
			continue
		}
		target := fmt.Sprintf("http://%s/r/%d/new", h, i)
		if outcome(i) == "long" {
			target = fmt.Sprintf("http://%s/r/%d/hop3", h, i)
		}
		fmt.Fprintf(bw, "http://%s/r/%d/old,%s,301\n", h, i, target)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// runCmd runs a command with its output discarded and returns its wall
// time, its CPU time (user and system: on a shared machine a steadier
// measure of its cost than the wall) and peak RSS in KiB. Exit status 1
// (rows not ok) is expected.
func runCmd(args []string, dir string) (time.Duration, time.Duration, int64, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	var ee *exec.ExitError
	if err != nil && (!errors.As(err, &ee) || ee.ExitCode() > 1) {
		return d, 0, 0, fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), rss, nil
}

func newBrowser(browser string, w, h int) (context.Context, func(), error) {
	path, err := exec.LookPath(browser)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w (apt-get install chromium)", browser, err)
	}
	profile, err := os.MkdirTemp("", "hops-html-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.WindowSize(w, h), chromedp.UserDataDir(profile),
		chromedp.Flag("enable-precise-memory-info", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	return ctx, func() {
		cancel()
		cancelA()
		// Killed, Chromium leaves the directory of its singleton socket
		// under TMPDIR; the profile links to it.
		if sock, err := os.Readlink(filepath.Join(profile, "SingletonSocket")); err == nil && strings.HasPrefix(filepath.Base(filepath.Dir(sock)), "org.chromium.Chromium.") {
			os.RemoveAll(filepath.Dir(sock))
		}
		os.RemoveAll(profile)
	}, nil
}

// browse opens the report and measures it as a person would use it.
func browse(browser, report string) error {
	ctx, done, err := newBrowser(browser, 1280, 1000)
	if err != nil {
		return err
	}
	defer done()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	// Start the browser first, so that the load is measured alone.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		return err
	}
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+report), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`))); err != nil {
		return err
	}
	wall := time.Since(start)
	type stats struct {
		DCL, Load, Heap, Elements, Drawn float64
		Start, Parsed, Ready             float64
		Sort, Filter, Scroll             float64
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[stats](`(() => {
		const nav = performance.getEntriesByType('navigation')[0];
		const s = {DCL: nav.domContentLoadedEventStart, Load: nav.loadEventEnd,
			Heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
			Elements: document.getElementsByTagName('*').length,
			Drawn: document.querySelectorAll('#rows-body tr.r').length};
		const mark = n => performance.getEntriesByName(n)[0].startTime;
		s.Start = mark('hops:start'); s.Parsed = mark('hops:parsed'); s.Ready = mark('hops:drawn');
		let t = performance.now();
		document.querySelector('th[data-key="s"] button').click();
		s.Sort = performance.now() - t;
		const sel = document.getElementById('f-result');
		t = performance.now();
		sel.value = 'mismatch'; sel.dispatchEvent(new Event('change'));
		s.Filter = performance.now() - t;
		sel.value = ''; sel.dispatchEvent(new Event('change'));
		const sc = document.getElementById('scroller');
		t = performance.now();
		sc.scrollTop = sc.scrollHeight / 2; sc.dispatchEvent(new Event('scroll'));
		return new Promise(r => requestAnimationFrame(() => { s.Scroll = performance.now() - t; r(s); }));
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	// A search waits 200 ms after the last key at this size; the time is
	// from the key to the table showing the matches.
	search, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(r => {
		const shown = document.getElementById('shown'), before = shown.textContent;
		const q = document.getElementById('q'), t = performance.now();
		new MutationObserver(() => r(performance.now() - t)).observe(shown, {childList: true, characterData: true, subtree: true});
		q.value = 'hop2'; q.dispatchEvent(new Event('input'));
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	fmt.Printf("chromium: first table render %.0f ms after navigation (the page read and parsed %.0f ms, rows parsed %.0f ms, table drawn %.0f ms), load event %.0f ms, %.2f s wall\n",
		s.Ready, s.Start, s.Parsed-s.Start, s.Ready-s.Parsed, s.Load, wall.Seconds())
	fmt.Printf("page: JS heap %.0f MiB, %.0f elements, %.0f rows drawn\n", s.Heap/(1<<20), s.Elements, s.Drawn)
	fmt.Printf("sort by source %.0f ms, filter to mismatch %.0f ms, scroll to the middle %.0f ms, search %.0f ms (of which 200 ms wait for typing)\n",
		s.Sort, s.Filter, s.Scroll, search)
	return nil
}

// screenshot writes a picture of the report's top: the counts, charts and
// tables, with one row of the table opened.
func screenshot(browser, report, out string) error {
	ctx, done, err := newBrowser(browser, 1280, 900)
	if err != nil {
		return err
	}
	defer done()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+report), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`))); err != nil {
		return err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const sel = document.getElementById('f-result'); sel.value = 'mismatch'; sel.dispatchEvent(new Event('change'));
		const r = document.querySelectorAll('#rows-body tr.r')[1]; r.click();
	})()`)); err != nil {
		return err
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	return os.WriteFile(out, png, 0o644)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "html bench:", err)
	os.Exit(1)
}
