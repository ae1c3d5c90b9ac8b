// Command harness runs the comparisons of bench/check.sh and bench/chain.sh
// against a redirect server on loopback, each command as a process of its
// own, in paired rounds: every round runs each command once, in an order
// that rotates from round to round, so that all of them see the same
// machine load. It prints each command's medians and, pair by pair within a
// round, its wall time, CPU time (user + system) and peak RSS as a ratio of
// the first command's (the floor), median, min and max. bulk also runs the
// floor with -walk and -walk -jsonl: a plain client that walks, times and
// keeps every hop as hops must, and writes it as JSON Lines, so that the
// figures show what of hops's cost any client pays that reports each hop.
//
// The server is nginx (one worker, access log off), started here with a
// configuration of its own, or with -server go the standard library's
// server inside this process, the bench's earlier arrangement, kept as a
// second figure for comparison.
//
//	harness bulk -hops ./hops -floor ./floor -rows 10000 -rounds 5 [-https] [-server nginx|go]
//	harness chain -hops ./hops -plain ./plain [-plainlibs ./plainlibs] [-plainuse ./plainuse] [-plainsig ./plainsig] -n 200 [-server nginx|go]
//	harness serve -dir DIR [-rows 10000] [-server nginx|go]
//
// chain takes each run's CPU time from a second run of it under perf stat
// (task-clock) where perf is installed: the kernel's own accounting of a
// process of a few milliseconds is taken at the timer tick, so its user and
// system times come in steps of the tick.
package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "bulk":
		err = bulk(os.Args[2:])
	case "chain":
		err = chain(os.Args[2:])
	case "serve":
		err = serve(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: harness bulk|chain|serve [flags] (see the package comment)")
	os.Exit(2)
}

// hostNames are the hosts of a map: rows go to them in turn, so that
// hops's per-host limit (4 in flight) leaves the run its concurrency.
func hostNames(n int) []string {
	hosts := make([]string, n)
	for i := range hosts {
		hosts[i] = fmt.Sprintf("h%d.test", i)
	}
	return hosts
}

func bulk(args []string) error {
	fs := flag.NewFlagSet("bulk", flag.ExitOnError)
	hops := fs.String("hops", "./hops", "hops binary")
	floor := fs.String("floor", "./floor", "floor binary")
	rows := fs.Int("rows", 10000, "rows in the map")
	nHosts := fs.Int("hosts", 200, "distinct host names")
	rounds := fs.Int("rounds", 5, "paired rounds")
	conc := fs.Int("c", 50, "concurrency of every client")
	https := fs.Bool("https", false, "an https map (nginx: TLS and HTTP/2)")
	serverKind := fs.String("server", "nginx", "nginx, or go for the server inside this process")
	noCurl := fs.Bool("no-curl", false, "leave curl out")
	warmup := fs.Int("warmup", 1, "rounds run first and not counted")
	fs.Parse(args)

	dir, err := os.MkdirTemp("", "hops-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	hosts := hostNames(*nHosts)
	srv, err := startServer(*serverKind, dir, hosts)
	if err != nil {
		return err
	}
	defer srv.stop()
	if *https && srv.tlsPort == "" {
		return errors.New("-https needs -server nginx")
	}
	scheme, port := "http", srv.port
	if *https {
		scheme, port = "https", srv.tlsPort
	}

	mapFile, curlCfg, err := writeMap(dir, scheme, port, hosts, *rows)
	if err != nil {
		return err
	}
	c := strconv.Itoa(*conc)
	floorArgs := []string{*floor, "-c", c, "-addr", "127.0.0.1:" + port}
	hopsArgs := []string{*hops, "check", "-c", c, "--resolve", "*:" + port + ":127.0.0.1"}
	curlArgs := []string{"curl", "-Z", "--parallel-max", c, "-s", "-L", "--resolve", "*:" + port + ":127.0.0.1",
		"-w", `%{http_code}\n`, "-K", curlCfg}
	if *https {
		floorArgs = append(floorArgs, "-cacert", srv.cacert)
		hopsArgs = append(hopsArgs, "--cacert", srv.cacert)
		curlArgs = append(curlArgs, "--cacert", srv.cacert)
	}
	want := *rows
	cmds := []command{
		{name: "floor (Go client, reuse)", args: append(slices.Clone(floorArgs), mapFile), check: func(out string) error {
			return expect(out, fmt.Sprintf("ok %d failed 0", want))
		}},
		// The plainest client that reports every hop (see bench/floor):
		// what of hops's cost over the floor any such client pays.
		{name: "floor -walk (hop by hop)", args: append(slices.Clone(floorArgs), "-walk", mapFile), check: func(out string) error {
			return expect(out, fmt.Sprintf("ok %d failed 0", want))
		}},
		{name: "floor -walk -jsonl", args: append(slices.Clone(floorArgs), "-walk", "-jsonl", mapFile), check: func(out string) error {
			return expect(out, fmt.Sprintf("ok %d failed 0", want))
		}},
	}
	if !*https {
		// The chains walked without net/http (see bench/floor/raw.go):
		// how much of the floor is the library's own machinery.
		cmds = append(cmds, command{name: "floor -raw (no net/http)", args: append(slices.Clone(floorArgs), "-raw", mapFile), check: func(out string) error {
			return expect(out, fmt.Sprintf("ok %d failed 0", want))
		}})
	}
	cmds = append(cmds, []command{
		{name: "hops check", args: append(slices.Clone(hopsArgs), mapFile), check: func(out string) error {
			// The summary table's ok row: "│ ok       │ 300  │ 100.0% │".
			if !regexp.MustCompile(fmt.Sprintf(`│ ok +│ %d +│`, want)).MatchString(out) {
				return fmt.Errorf("no ok row of %d in %q", want, lastLines(out))
			}
			return nil
		}},
		{name: "hops check --json", args: append(slices.Clone(hopsArgs), "--json", mapFile), check: func(out string) error {
			return expect(out, fmt.Sprintf(`"rows":%d,"ok":%d`, want, want))
		}},
	}...)
	if !*noCurl {
		cmds = append(cmds, command{name: "curl -Z --parallel-max " + c, args: curlArgs, check: func(out string) error {
			if n := strings.Count(out, "200\n"); n != want {
				return fmt.Errorf("%d transfers ended on a 200, want %d", n, want)
			}
			return nil
		}, fullOutput: true})
	}
	fmt.Printf("%s: %d rows, each a 3-hop chain (301, 301, 200) on %s, %d host names, concurrency %d, %d paired rounds\n",
		srv.label, *rows, strings.ToUpper(scheme), len(hosts), *conc, *rounds)
	res, err := runRounds(srv, cmds, *warmup, *rounds, dir)
	if err != nil {
		return err
	}
	report(res, srv.counts, false)
	return nil
}

// writeMap writes a map of rows 3-hop chains, spread over hosts in turn,
// and the same URLs as a curl config file.
func writeMap(dir, scheme, port string, hosts []string, rows int) (mapFile, curlCfg string, err error) {
	mapFile = filepath.Join(dir, "map.csv")
	curlCfg = filepath.Join(dir, "curl.cfg")
	mf, err := os.Create(mapFile)
	if err != nil {
		return "", "", err
	}
	defer mf.Close()
	cf, err := os.Create(curlCfg)
	if err != nil {
		return "", "", err
	}
	defer cf.Close()
	// Written as they go: this process stays small (see runOnce).
	m, cc := bufio.NewWriter(mf), bufio.NewWriter(cf)
	m.WriteString("source,target,status\n")
	for i := 0; i < rows; i++ {
		h := hosts[i%len(hosts)] + ":" + port
		fmt.Fprintf(m, "%s://%s/r/%d/a,%s://%s/r/%d/c,301\n", scheme, h, i, scheme, h, i)
		fmt.Fprintf(cc, "url = \"%s://%s/r/%d/a\"\noutput = \"/dev/null\"\n", scheme, h, i)
	}
	if err := m.Flush(); err != nil {
		return "", "", err
	}
	return mapFile, curlCfg, cc.Flush()
}

// serve starts the server alone and writes a map for it into -dir, for
// timing single commands by hand (/usr/bin/time -v, perf, pprof); it
// serves until its standard input closes or it is interrupted.
func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	rows := fs.Int("rows", 10000, "rows in the map")
	nHosts := fs.Int("hosts", 200, "distinct host names")
	serverKind := fs.String("server", "nginx", "nginx, or go for the server inside this process")
	out := fs.String("dir", "", "directory for the maps, the certificate and the server's files")
	fs.Parse(args)
	if *out == "" {
		return errors.New("serve needs -dir")
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	hosts := hostNames(*nHosts)
	srv, err := startServer(*serverKind, dir, hosts)
	if err != nil {
		return err
	}
	defer srv.stop()
	if _, _, err := writeMap(dir, "http", srv.port, hosts, *rows); err != nil {
		return err
	}
	files := map[string]string{"http": filepath.Join(dir, "map.csv")}
	if srv.tlsPort != "" {
		tlsDir := filepath.Join(dir, "https")
		if err := os.MkdirAll(tlsDir, 0o755); err != nil {
			return err
		}
		if _, _, err := writeMap(tlsDir, "https", srv.tlsPort, hosts, *rows); err != nil {
			return err
		}
		files["https"] = filepath.Join(tlsDir, "map.csv")
	}
	fmt.Printf("%s\nhttp port %s: %s (curl: %s)\n", srv.label, srv.port, files["http"], filepath.Join(dir, "curl.cfg"))
	if srv.tlsPort != "" {
		fmt.Printf("https port %s: %s, certificate %s\n", srv.tlsPort, files["https"], srv.cacert)
	}
	fmt.Printf("chain: http://127.0.0.1:%s/hop/0\n", srv.port)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		sig <- os.Interrupt
	}()
	<-sig
	return nil
}

func chain(args []string) error {
	fs := flag.NewFlagSet("chain", flag.ExitOnError)
	hops := fs.String("hops", "./hops", "hops binary")
	plain := fs.String("plain", "./plain", "plain Go client binary")
	plainLibs := fs.String("plainlibs", "", "the plain client linked with SPEC's libraries (bench/plain built with -tags speclibs); a second floor when given")
	plainUse := fs.String("plainuse", "", "the plain client using SPEC's libraries once each (bench/plain built with -tags speclibs,uselibs); a third floor when given")
	plainSig := fs.String("plainsig", "", "the plain client using SPEC's libraries and taking Ctrl-C over (bench/plain built with -tags speclibs,uselibs,signals); a fourth floor when given")
	perf := fs.String("perf", "auto", "CPU time from task-clock of a second run under perf stat: auto (when perf is installed), on, off (the kernel's tick-sampled rusage)")
	n := fs.Int("n", 200, "paired rounds")
	serverKind := fs.String("server", "nginx", "nginx, or go for the server inside this process")
	fs.Parse(args)
	dir, err := os.MkdirTemp("", "hops-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(*serverKind, dir, hostNames(1))
	if err != nil {
		return err
	}
	defer srv.stop()
	url := "http://127.0.0.1:" + srv.port + "/hop/0"
	cmds := []command{
		{name: "plain Go client", args: []string{*plain, url}, check: func(out string) error { return expect(out, "200") }},
		{name: "hops --json", args: []string{*hops, "--json", "--fail-on", "never", url}, check: func(out string) error {
			return expect(out, `"status": 200`)
		}},
	}
	floors := []struct{ name, bin string }{
		{"plain + SPEC's libraries", *plainLibs},
		{"plain using SPEC's libraries", *plainUse},
		{"plain, libraries, Ctrl-C", *plainSig},
	}
	for _, f := range floors {
		if f.bin != "" {
			cmds = append(cmds, command{name: f.name, args: []string{f.bin, url}, check: func(out string) error { return expect(out, "200") }})
		}
	}
	usePerf := false
	switch *perf {
	case "on":
		usePerf = true
	case "auto":
		// Installed and able to count here (Debian's perf is a wrapper that
		// wants the build for the running kernel).
		usePerf = exec.Command("perf", "stat", "-x", ",", "-e", "task-clock", "-o", os.DevNull, "--", "true").Run() == nil
	case "off":
	default:
		return fmt.Errorf("-perf %q: want auto, on or off", *perf)
	}
	if usePerf {
		for i := range cmds {
			cmds[i].perfCPU = true
		}
	}
	fmt.Printf("%s: one 5-hop chain (301 x4, 200) on HTTP, %d paired rounds\n", srv.label, *n)
	if usePerf {
		fmt.Println("(CPU: task-clock of a second run under perf stat, each round; wall and RSS: the first run)")
	} else {
		fmt.Println("(CPU: the kernel's rusage, sampled at the timer tick: coarse for runs of a few ms)")
	}
	res, err := runRounds(srv, cmds, 1, *n, dir)
	if err != nil {
		return err
	}
	report(res, false, true)
	// The same rounds again with each further floor as the base: what hops
	// costs beyond what linking (or using) SPEC's libraries costs any client.
	for _, floor := range res[2:] {
		fmt.Println()
		report([]result{floor, res[1]}, false, true)
	}
	return nil
}

// command is one client under test; check reads the end of its output
// (or all of it with fullOutput) and says whether every row was done.
type command struct {
	name       string
	args       []string
	check      func(out string) error
	fullOutput bool
	// perfCPU: the sample's CPU time is the task-clock of a second run
	// under perf stat (chain's -perf).
	perfCPU bool
}

// sample is one run of a command.
type sample struct {
	wall, cpu   time.Duration
	rss         int64         // KiB
	conns, reqs int64         // accepted by the server during the run; -1 unknown
	srvCPU      time.Duration // the server's CPU time during the run; -1 unknown
}

type result struct {
	cmd     command
	samples []sample
}

// runRounds runs warmup rounds that are not counted (files and binaries
// in the page cache, the server's worker warm), then the counted ones.
func runRounds(srv *server, cmds []command, warmup, rounds int, dir string) ([]result, error) {
	res := make([]result, len(cmds))
	for i, c := range cmds {
		res[i].cmd = c
	}
	for r := -warmup; r < rounds; r++ {
		for k := range cmds {
			i := (k + max(r, 0)) % len(cmds)
			s, err := runOnce(srv, cmds[i], dir)
			if err != nil {
				return nil, err
			}
			if r >= 0 {
				res[i].samples = append(res[i].samples, s)
			}
		}
	}
	return res, nil
}

func runOnce(srv *server, c command, dir string) (sample, error) {
	out, err := os.CreateTemp(dir, "out-")
	if err != nil {
		return sample{}, err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	errFile, err := os.CreateTemp(dir, "err-")
	if err != nil {
		return sample{}, err
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.args[0], c.args[1:]...)
	cmd.Stdout = out
	cmd.Stderr = errFile
	a0, r0 := srv.status()
	c0 := srv.serverCPU()
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	c1 := srv.serverCPU()
	a1, r1 := srv.status()
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() > 1 {
			msg, _ := os.ReadFile(errFile.Name())
			return sample{}, fmt.Errorf("%s: %v: %s", c.name, err, lastLines(string(msg)))
		}
	}
	s := sample{wall: wall, conns: -1, reqs: -1, srvCPU: -1}
	if c0 >= 0 && c1 >= c0 { // less: a worker was replaced during the run
		s.srvCPU = c1 - c0
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.rss = ru.Maxrss
	}
	if a0 >= 0 && a1 >= 0 {
		// The second status request is one connection and one request.
		s.conns, s.reqs = a1-a0-1, r1-r0-1
	}
	// Only the end of the output is read unless the check needs all of it:
	// this process stays small, because a child started by vfork counts its
	// parent's pages in its peak RSS until it execs.
	st, err := out.Stat()
	if err != nil {
		return sample{}, err
	}
	off := int64(0)
	if !c.fullOutput {
		off = max(st.Size()-4096, 0)
	}
	tail := make([]byte, st.Size()-off)
	if _, err := out.ReadAt(tail, off); err != nil && err != io.EOF {
		return sample{}, err
	}
	if err := c.check(string(tail)); err != nil {
		return sample{}, fmt.Errorf("%s did not do every row: %v", c.name, err)
	}
	if c.perfCPU {
		if s.cpu, err = taskClock(ctx, c, dir); err != nil {
			return sample{}, err
		}
	}
	return s, nil
}

// taskClock runs c again under perf stat and returns the task-clock of it
// and its threads: the scheduler's own count of their time on a CPU.
func taskClock(ctx context.Context, c command, dir string) (time.Duration, error) {
	stat := filepath.Join(dir, "perf-stat")
	defer os.Remove(stat)
	args := append([]string{"stat", "-x", ",", "-e", "task-clock", "-o", stat, "--"}, c.args...)
	cmd := exec.CommandContext(ctx, "perf", args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() > 1 {
			return 0, fmt.Errorf("%s under perf stat: %v: %s", c.name, err, lastLines(string(out)))
		}
	}
	b, err := os.ReadFile(stat)
	if err != nil {
		return 0, err
	}
	// A CSV line: the value in milliseconds, the unit, the event, ...
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ",")
		if len(f) > 2 && strings.HasPrefix(f[2], "task-clock") {
			ms, err := strconv.ParseFloat(f[0], 64)
			if err != nil {
				return 0, fmt.Errorf("perf stat of %s: %q: %v", c.name, line, err)
			}
			return time.Duration(ms * float64(time.Millisecond)), nil
		}
	}
	return 0, fmt.Errorf("perf stat of %s: no task-clock in %q", c.name, lastLines(string(b)))
}

func expect(out, want string) error {
	if !strings.Contains(out, want) {
		return fmt.Errorf("no %q in %q", want, lastLines(out))
	}
	return nil
}

func lastLines(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 400 {
		s = s[len(s)-400:]
	}
	return s
}

// report prints each command's medians, with counts the server's counts
// too, and with ms its times in milliseconds rather than seconds.
func report(res []result, counts, ms bool) {
	base := res[0].samples
	unit, scale := "s", 1.0
	if ms {
		unit, scale = "ms", 1000
	}
	fmt.Printf("%-28s %8s %8s %8s", "median of each", "wall "+unit, "CPU "+unit, "RSS MiB")
	if counts {
		fmt.Printf(" %8s %9s %8s %6s", "conns", "requests", "srv CPU", "busy")
	}
	fmt.Printf("   %-20s %-20s %-20s\n", "wall / floor", "CPU / floor", "RSS / floor")
	for _, r := range res {
		var wall, cpu, rss, conns, reqs, srv, busy, rw, rc, rr []float64
		for i, s := range r.samples {
			wall = append(wall, s.wall.Seconds())
			cpu = append(cpu, s.cpu.Seconds())
			rss = append(rss, float64(s.rss)/1024)
			conns = append(conns, float64(s.conns))
			reqs = append(reqs, float64(s.reqs))
			srv = append(srv, s.srvCPU.Seconds())
			busy = append(busy, (s.cpu+s.srvCPU).Seconds()/s.wall.Seconds())
			b := base[i]
			rw = append(rw, s.wall.Seconds()/b.wall.Seconds())
			rc = append(rc, s.cpu.Seconds()/b.cpu.Seconds())
			rr = append(rr, float64(s.rss)/float64(b.rss))
		}
		fmt.Printf("%-28s %8.3f %8.3f %8.1f", r.cmd.name, median(wall)*scale, median(cpu)*scale, median(rss))
		if counts {
			fmt.Printf(" %8.0f %9.0f", median(conns), median(reqs))
			if !slices.ContainsFunc(r.samples, func(s sample) bool { return s.srvCPU < 0 }) {
				fmt.Printf(" %8.3f %6.2f", median(srv), median(busy))
			} else {
				fmt.Printf(" %8s %6s", "-", "-")
			}
		}
		fmt.Printf("   %-20s %-20s %-20s\n", spread(rw), spread(rc), spread(rr))
	}
	fmt.Println("(ratios: pair by pair within a round, median [min-max])")
	if counts {
		// The client and the server share this machine's cores: where busy
		// is near the number of cores, the wall time is set by the CPU time
		// of the two together, not by the client's alone.
		fmt.Printf("(srv CPU: the server's CPU time during the run; busy: client and server CPU time over wall time, of %d cores)\n", runtime.NumCPU())
	}
	// A child started by vfork counts this process's pages in its peak RSS
	// until it execs: a figure at or below this one may be this one.
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("(the harness's own peak RSS: %.1f MiB)\n", float64(ru.Maxrss)/1024)
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func spread(xs []float64) string {
	return fmt.Sprintf("%.2fx [%.2f-%.2f]", median(xs), slices.Min(xs), slices.Max(xs))
}

// server is the redirect server under every command.
type server struct {
	label   string
	port    string // HTTP
	tlsPort string // HTTPS with HTTP/2; "" when none
	cacert  string // PEM of the certificate the HTTPS port presents
	counts  bool   // status reports connections and requests
	status  func() (accepts, requests int64)
	cpu     func() time.Duration // the server's CPU time so far; nil unknown
	stop    func()
}

func startServer(kind, dir string, hosts []string) (*server, error) {
	switch kind {
	case "nginx":
		return startNginx(dir, hosts)
	case "go":
		return startGo()
	}
	return nil, fmt.Errorf("-server %q: want nginx or go", kind)
}

// nginxConf serves, on both ports, the chains of the maps (/r/N/a -> b ->
// c, a 200 page) and of the single-chain bench (/hop/0 to /hop/4), with
// path-absolute Locations as most sites send, and counts connections and
// requests at /nginx_status.
const nginxConf = `worker_processes 1;
daemon off;
pid {DIR}/nginx.pid;
error_log {DIR}/error.log warn;
events { worker_connections 8192; }
http {
	access_log off;
	default_type text/html;
	keepalive_requests 1000000;
	keepalive_timeout 75s;
	absolute_redirect off;
	client_body_temp_path {DIR}/body;
	proxy_temp_path {DIR}/proxy;
	fastcgi_temp_path {DIR}/fastcgi;
	uwsgi_temp_path {DIR}/uwsgi;
	scgi_temp_path {DIR}/scgi;
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_certificate {DIR}/cert.pem;
	ssl_certificate_key {DIR}/key.pem;
	server {
		listen 127.0.0.1:{PORT};
		listen 127.0.0.1:{TLSPORT} ssl http2;
		location ~ ^/r/(\d+)/a$ { return 301 /r/$1/b; }
		location ~ ^/r/(\d+)/b$ { return 301 /r/$1/c; }
		location ~ ^/r/(\d+)/c$ { return 200 "<!doctype html><title>landed</title><p>ok</p>\n"; }
		location = /hop/0 { return 301 /hop/1; }
		location = /hop/1 { return 301 /hop/2; }
		location = /hop/2 { return 301 /hop/3; }
		location = /hop/3 { return 301 /hop/4; }
		location = /hop/4 { return 200 "<!doctype html><title>end</title><p>the end of the chain</p>\n"; }
		location = /nginx_status { stub_status; }
	}
}
`

func startNginx(dir string, hosts []string) (*server, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
	}
	version, err := exec.Command(bin, "-v").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("nginx: %v (bench/check.sh installs nginx-light)", err)
	}
	if err := writeCert(dir, append(hosts, "localhost")); err != nil {
		return nil, err
	}
	port, tlsPort, err := freePort(), freePort(), error(nil)
	if port == "" || tlsPort == "" {
		return nil, errors.New("no free loopback port")
	}
	conf := strings.NewReplacer("{DIR}", dir, "{PORT}", port, "{TLSPORT}", tlsPort).Replace(nginxConf)
	confFile := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confFile, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{
		label:   strings.TrimSpace(strings.TrimPrefix(string(version), "nginx version: ")) + " (1 worker, access log off)",
		port:    port,
		tlsPort: tlsPort,
		cacert:  filepath.Join(dir, "cert.pem"),
		counts:  true,
		stop: func() {
			cmd.Process.Signal(syscall.SIGTERM) // at once: nothing is in flight then
			cmd.Wait()
		},
	}
	s.cpu = func() time.Duration { return childrenCPU(cmd.Process.Pid) }
	statusURL := "http://127.0.0.1:" + port + "/nginx_status"
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	s.status = func() (int64, int64) { return nginxStatus(client, statusURL) }
	for i := 0; ; i++ {
		if a, _ := s.status(); a >= 0 {
			return s, nil
		}
		if i == 100 {
			s.stop()
			return nil, errors.New("nginx did not answer on " + statusURL)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serverCPU is the server's CPU time so far, -1 when it cannot be read.
func (s *server) serverCPU() time.Duration {
	if s.cpu == nil {
		return -1
	}
	return s.cpu()
}

// childrenCPU is the CPU time of the processes whose parent is pid (nginx's
// workers), every thread of each, from /proc's schedstat in nanoseconds;
// -1 when Linux does not tell.
func childrenCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return -1
	}
	var sum time.Duration
	for _, child := range strings.Fields(string(b)) {
		tasks, err := filepath.Glob("/proc/" + child + "/task/*/schedstat")
		if err != nil || len(tasks) == 0 {
			return -1
		}
		for _, task := range tasks {
			st, err := os.ReadFile(task)
			if err != nil {
				return -1
			}
			f := strings.Fields(string(st))
			if len(f) == 0 {
				return -1
			}
			ns, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return -1
			}
			sum += time.Duration(ns)
		}
	}
	return sum
}

// nginxStatus reads stub_status: accepted connections and requests so
// far, or -1 when it cannot.
func nginxStatus(client *http.Client, url string) (int64, int64) {
	resp, err := client.Get(url)
	if err != nil {
		return -1, -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	// "Active connections: 1 \nserver accepts handled requests\n 5 5 9 \n..."
	lines := strings.Split(string(body), "\n")
	if len(lines) < 3 {
		return -1, -1
	}
	f := strings.Fields(lines[2])
	if len(f) < 3 {
		return -1, -1
	}
	a, err1 := strconv.ParseInt(f[0], 10, 64)
	r, err2 := strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil {
		return -1, -1
	}
	return a, r
}

func freePort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return ""
	}
	defer l.Close()
	_, p, _ := net.SplitHostPort(l.Addr().String())
	return p
}

// writeCert writes a self-signed certificate for names, which the clients
// are given as their only root.
func writeCert(dir string, names []string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "hops bench"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		DNSNames:              names,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
}

// startGo serves the same chains with net/http inside this process: the
// bench's earlier arrangement, where the server shares a process (not the
// CPUs) with nothing under test but the harness. Its peak RSS figures may
// include this process's pages (see runOnce).
func startGo() (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/r/{n}/{step}", func(w http.ResponseWriter, r *http.Request) {
		n := r.PathValue("n")
		switch r.PathValue("step") {
		case "a":
			w.Header().Set("Location", "/r/"+n+"/b")
			w.WriteHeader(http.StatusMovedPermanently)
		case "b":
			w.Header().Set("Location", "/r/"+n+"/c")
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<!doctype html><title>landed</title><p>ok</p>\n")
		}
	})
	mux.HandleFunc("/hop/{i}", func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.PathValue("i"))
		if i < 4 {
			w.Header().Set("Location", "/hop/"+strconv.Itoa(i+1))
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><title>end</title><p>the end of the chain</p>\n")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return &server{
		label:  "Go net/http server inside the harness process (second figure)",
		port:   port,
		status: func() (int64, int64) { return -1, -1 },
		stop:   func() { srv.Close() },
	}, nil
}
