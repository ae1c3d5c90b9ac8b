package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The fault test: `hops check` over a few thousand rows against a loopback
// server that resets some connections, cuts some responses short, stalls
// some past --timeout, and is stopped and restarted on the same port in the
// middle of the run; hops (the binary, in a process of its own) gets one
// SIGINT at a moment chosen at random by the number of requests the server
// has seen: after the restart, while the server is down, or before the
// restart (which then happens while hops winds down). Every finished row
// must be in the report exactly once (and every row whose request reached
// the server must be there), with the verdict the server's behaviour for
// that row implies; the reports must parse, their counts must agree, and
// hops must exit 130. Each of --json, --csv and --junit (with --json) gets
// a run of its own, with a server of its own.
//
// A run is replayed with HOPS_FAULT_SEED=N (the seed is logged): the same
// seed gives the same schedule (the moments of the restart and of the
// interrupt), though not the same interleaving.

const (
	faultRows    = 3000
	faultTimeout = 300 * time.Millisecond // hops --timeout
	faultSlow    = 2 * time.Second        // a slow row answers after this
)

// faultKindOf is what the server does for row n (its URL is /KIND/n).
func faultKindOf(n int) string {
	switch n % 80 {
	case 1:
		return "stall" // reads the request, never answers
	case 41:
		return "slow" // answers after faultSlow, well past --timeout
	case 3, 13, 23, 33, 43, 53, 63, 73:
		return "reset" // reads the request, then resets the connection
	case 7, 27, 47, 67:
		return "cut" // half a status line and headers, then a reset
	case 5, 15, 25, 35, 45, 55, 65, 75:
		return "moved" // 301 to /ok/n
	}
	return "ok" // 200
}

func faultPath(n int) string { return fmt.Sprintf("/%s/%d", faultKindOf(n), n) }

// faultServer is a loopback HTTP/1.1 server on a raw listener, so that it
// can be stopped (listener closed, idle keep-alive connections closed) and
// started again on the same address while a check runs.
type faultServer struct {
	addr string
	done chan struct{} // closed at cleanup: slow answers give up

	mu       sync.Mutex
	l        net.Listener
	accepted chan struct{} // closed when the accept loop of l returns
	conns    map[*faultConn]struct{}
	closed   bool
	stops    int
	requests int
	waiters  []faultWaiter
	seen     map[string]int // requests read, by path
	served   map[string]int // complete responses written (ok, moved)
	stalled  map[string]int // stall and slow requests held
	wg       sync.WaitGroup
}

type faultConn struct {
	net.Conn
	idle    bool // waiting for a request (guarded by faultServer.mu)
	dropped bool // closed by stop
}

type faultWaiter struct {
	n  int
	ch chan struct{}
}

func newFaultServer(t *testing.T) *faultServer {
	t.Helper()
	s := &faultServer{
		addr:    "127.0.0.1:0",
		done:    make(chan struct{}),
		conns:   map[*faultConn]struct{}{},
		seen:    map[string]int{},
		served:  map[string]int{},
		stalled: map[string]int{},
	}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	return s
}

// start listens on the server's address (the same port after a stop,
// retried a few times should it be busy for a moment).
func (s *faultServer) start() error {
	var (
		l   net.Listener
		err error
	)
	for try := 0; try < 50; try++ {
		l, err = (&net.ListenConfig{}).Listen(context.Background(), "tcp", s.addr)
		if err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("listen again on %s: %w", s.addr, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		l.Close()
		return nil
	}
	s.addr = l.Addr().String()
	s.l = l
	s.accepted = make(chan struct{})
	s.wg.Add(1)
	go s.accept(l, s.accepted)
	return nil
}

func (s *faultServer) accept(l net.Listener, accepted chan struct{}) {
	defer s.wg.Done()
	defer close(accepted)
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		fc := &faultConn{Conn: c, idle: true}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			continue
		}
		s.conns[fc] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serve(fc)
	}
}

// stop closes the listener (connections are refused until start) and the
// connections waiting for a request, as a server going down would; a
// request being answered or held is left to its handler.
func (s *faultServer) stop() {
	s.mu.Lock()
	l, accepted := s.l, s.accepted
	s.l = nil
	s.stops++
	s.mu.Unlock()
	if l == nil {
		return
	}
	l.Close()
	<-accepted
	s.mu.Lock()
	for fc := range s.conns {
		if fc.idle {
			fc.dropped = true
			fc.Close()
		}
	}
	s.mu.Unlock()
}

func (s *faultServer) close() {
	s.mu.Lock()
	s.closed = true
	l, accepted := s.l, s.accepted
	s.l = nil
	s.mu.Unlock()
	close(s.done)
	if l != nil {
		l.Close()
		<-accepted
	}
	s.mu.Lock()
	for fc := range s.conns {
		fc.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// atRequests is closed once the server has read n requests.
func (s *faultServer) atRequests(n int) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	if s.requests >= n {
		close(ch)
	} else {
		s.waiters = append(s.waiters, faultWaiter{n, ch})
	}
	return ch
}

func (s *faultServer) serve(fc *faultConn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, fc)
		s.mu.Unlock()
		fc.Close()
	}()
	br := bufio.NewReader(fc)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		path := req.URL.Path
		s.mu.Lock()
		if fc.dropped || s.closed {
			s.mu.Unlock()
			return
		}
		fc.idle = false
		s.requests++
		s.seen[path]++
		kept := s.waiters[:0]
		for _, w := range s.waiters {
			if s.requests >= w.n {
				close(w.ch)
			} else {
				kept = append(kept, w)
			}
		}
		s.waiters = kept
		s.mu.Unlock()

		kind, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
		var answer string
		switch kind {
		case "ok":
			answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
		case "moved":
			answer = "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok/" + strings.TrimPrefix(path, "/moved/") + "\r\nContent-Length: 0\r\n\r\n"
		case "reset":
			resetConn(fc)
			return
		case "cut":
			io.WriteString(fc, "HTTP/1.1 200 OK\r\nContent-Type: te")
			resetConn(fc)
			return
		case "stall":
			s.hold(path)
			io.Copy(io.Discard, br) // until hops gives up, or cleanup
			return
		case "slow":
			s.hold(path)
			t := time.NewTimer(faultSlow)
			select {
			case <-t.C:
				io.WriteString(fc, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
			case <-s.done:
				t.Stop()
			}
			return
		default:
			io.WriteString(fc, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			return
		}
		if _, err := io.WriteString(fc, answer); err != nil {
			return
		}
		s.mu.Lock()
		s.served[path]++
		fc.idle = true
		s.mu.Unlock()
	}
}

func (s *faultServer) hold(path string) {
	s.mu.Lock()
	s.stalled[path]++
	s.mu.Unlock()
}

// resetConn makes the close of c send a RST rather than a FIN.
func resetConn(c *faultConn) {
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

// faultState is what the server did, read once hops has exited.
type faultState struct {
	stops                 int
	requests              int
	seen, served, stalled map[string]int
}

func (s *faultServer) state() faultState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return faultState{stops: s.stops, requests: s.requests,
		seen: copyCounts(s.seen), served: copyCounts(s.served), stalled: copyCounts(s.stalled)}
}

func copyCounts(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// faultRow is one row as a report gives it.
type faultRow struct {
	source, result, reason string
	pos                    int // its place among the rows written
}

// faultSchedule is when, in server requests, the server restarts and hops
// gets its SIGINT.
type faultSchedule struct {
	mode    string // restart-then-interrupt, interrupt-while-down, interrupt-then-restart
	restart int    // requests seen before the stop (first two modes)
	signal  int    // requests seen before the SIGINT (first and last modes)
	down    time.Duration
}

func newFaultSchedule(rng *rand.Rand) faultSchedule {
	s := faultSchedule{down: time.Duration(2+rng.Intn(19)) * time.Millisecond}
	switch r := rng.Intn(4); {
	case r < 2:
		// Rows refused while the server is down go fast (thousands a
		// second), so the restart comes early enough and the signal
		// soon enough after it that rows always remain.
		s.mode = "restart-then-interrupt"
		s.restart = 100 + rng.Intn(400)
		s.signal = s.restart + 1 + rng.Intn(500)
	case r == 2:
		s.mode = "interrupt-while-down"
		s.restart = 100 + rng.Intn(700)
	default:
		s.mode = "interrupt-then-restart"
		s.signal = 50 + rng.Intn(900)
	}
	return s
}

func TestCheckFaults(t *testing.T) {
	t.Parallel()
	seed := time.Now().UnixNano()
	if v := os.Getenv("HOPS_FAULT_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("HOPS_FAULT_SEED=%q: %v", v, err)
		}
	}
	t.Logf("seed %d (replay with HOPS_FAULT_SEED=%d)", seed, seed)
	for i, format := range []string{"json", "csv", "junit"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewSource(seed + int64(i)))
			testCheckFault(t, format, newFaultSchedule(rng))
		})
	}
}

func testCheckFault(t *testing.T, format string, sched faultSchedule) {
	srv := newFaultServer(t)
	base := "http://" + srv.addr
	var list strings.Builder
	for n := 1; n <= faultRows; n++ {
		list.WriteString(base + faultPath(n) + "\n")
	}
	file := writeFile(t, "urls.txt", list.String())
	switch sched.mode {
	case "restart-then-interrupt":
		t.Logf("schedule: the server stops at request %d for %v, hops gets SIGINT at request %d", sched.restart, sched.down, sched.signal)
	case "interrupt-while-down":
		t.Logf("schedule: the server stops at request %d for %v, hops gets SIGINT while it is down", sched.restart, sched.down)
	default:
		t.Logf("schedule: hops gets SIGINT at request %d, then the server stops for %v", sched.signal, sched.down)
	}

	// Concurrency well above the default, for a quick run, but not so high
	// that a row waits its whole --timeout for the CPU under -race.
	args := []string{"check", "-c", "32", "--per-host", "32", "--timeout", faultTimeout.String()}
	junit := filepath.Join(t.TempDir(), "report.xml")
	switch format {
	case "json":
		args = append(args, "--json")
	case "csv":
		args = append(args, "--csv")
	case "junit":
		args = append(args, "--json", "--junit", junit)
	}
	args = append(args, file)

	// A watchdog, should hops never end: the test fails, it does not hang.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, hopsBinary(t), args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "COLUMNS=100"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	exited := make(chan struct{})
	ctrlDone := make(chan struct{})
	var (
		signalled bool
		ctrlErr   error
	)
	go func() {
		defer close(ctrlDone)
		reached := func(n int) bool {
			select {
			case <-srv.atRequests(n):
				return true
			case <-exited:
				return false
			}
		}
		interrupt := func() {
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				ctrlErr = fmt.Errorf("SIGINT: %w", err)
				return
			}
			signalled = true
		}
		restart := func(whileDown func()) {
			srv.stop()
			if whileDown != nil {
				whileDown()
			}
			time.Sleep(sched.down)
			if err := srv.start(); err != nil {
				ctrlErr = err
			}
		}
		switch sched.mode {
		case "restart-then-interrupt":
			if !reached(sched.restart) {
				return
			}
			restart(nil)
			if reached(sched.signal) {
				interrupt()
			}
		case "interrupt-while-down":
			if reached(sched.restart) {
				restart(interrupt)
			}
		case "interrupt-then-restart":
			if reached(sched.signal) {
				interrupt()
				restart(nil)
			}
		}
	}()
	waitErr := cmd.Wait()
	close(exited)
	<-ctrlDone
	if ctx.Err() != nil {
		t.Fatalf("hops did not end within a minute of its start; killed\nstderr: %s", stderr.String())
	}
	if ctrlErr != nil {
		t.Fatal(ctrlErr)
	}
	if !signalled {
		t.Fatalf("hops ended before the server saw enough requests to interrupt it (%v); stderr: %s", waitErr, stderr.String())
	}

	// Exit 130 from hops itself, not death by the signal.
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(waitErr, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("hops died of %v; want exit 130 (stderr %s)", ws.Signal(), stderr.String())
		}
		code = ee.ExitCode()
	case waitErr != nil:
		t.Fatal(waitErr)
	}
	if code != exitInterrupted {
		t.Errorf("exit %d; want 130 (stderr %s)", code, stderr.String())
	}
	const notice = "hops: interrupted: finishing what is in flight (interrupt again to stop at once)\n"
	if n := strings.Count(stderr.String(), notice); n != 1 {
		t.Errorf("the interrupt notice is on stderr %d times; want once: %q", n, stderr.String())
	}
	if rest := strings.Replace(stderr.String(), notice, "", 1); rest != "" {
		t.Errorf("stderr holds more than the interrupt notice: %q", rest)
	}

	st := srv.state()
	var rows map[int]faultRow
	switch format {
	case "json":
		rows = faultJSONL(t, stdout.String())
	case "csv":
		rows = faultCSV(t, stdout.String())
	case "junit":
		rows = faultJSONL(t, stdout.String())
		fromJUnit := faultJUnit(t, junit)
		if len(fromJUnit) != len(rows) {
			t.Errorf("JUnit has %d cases, JSON Lines %d rows", len(fromJUnit), len(rows))
		}
		for n, r := range rows {
			j, ok := fromJUnit[n]
			switch {
			case !ok:
				t.Errorf("row %d is in JSON Lines, not in JUnit", n)
			case j.result != r.result:
				t.Errorf("row %d: JUnit says %s, JSON Lines %s", n, j.result, r.result)
			}
		}
		for n := range fromJUnit {
			if _, ok := rows[n]; !ok {
				t.Errorf("row %d is in JUnit, not in JSON Lines", n)
			}
		}
	}
	checkFaultVerdicts(t, base, rows, st)

	tally := map[string]map[string]int{}
	for n, r := range rows {
		k := faultKindOf(n) + " " + r.result
		if tally[k] == nil {
			tally[k] = map[string]int{}
		}
		tally[k][faultReasonClass(r.reason)]++
	}
	keys := make([]string, 0, len(tally))
	for k := range tally {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %-12s %v", k, tally[k])
	}
	// Findings for the log, not failures: rows written out of input order,
	// and how often one reset row's request was sent (Go's Transport
	// retries a request that fails on a reused connection).
	byPos := make([]int, 0, len(rows))
	for n := range rows {
		byPos = append(byPos, n)
	}
	sort.Slice(byPos, func(i, j int) bool { return rows[byPos[i]].pos < rows[byPos[j]].pos })
	backwards := 0
	for i := 1; i < len(byPos); i++ {
		if byPos[i] < byPos[i-1] {
			backwards++
		}
	}
	maxSent, maxRow := 0, 0
	for n := range rows {
		if k := faultKindOf(n); (k == "reset" || k == "cut") && st.seen[faultPath(n)] > maxSent {
			maxSent, maxRow = st.seen[faultPath(n)], n
		}
	}
	t.Logf("%d of %d rows written (%d after a higher row), %d requests, %d stop(s), a reset row sent up to %d times (row %d: %q); rows by kind, verdict and reason:%s",
		len(rows), faultRows, backwards, st.requests, st.stops, maxSent, maxRow, faultReasonClass(rows[maxRow].reason), b.String())
}

// faultReasonClass names a reason by what it says, for the log.
func faultReasonClass(reason string) string {
	switch {
	case reason == "":
		return "-"
	case strings.HasPrefix(reason, "interrupted after hop"):
		return "interrupted"
	case strings.Contains(reason, "--timeout"):
		return "timeout"
	case strings.Contains(reason, "refused"):
		return "refused"
	case strings.Contains(reason, "reset"):
		return "reset"
	case strings.Contains(reason, "closed the connection"):
		return "closed"
	case strings.Contains(reason, "malformed"):
		return "malformed"
	}
	return reason
}

// checkFaultVerdicts checks each row against what the server did with it.
func checkFaultVerdicts(t *testing.T, base string, rows map[int]faultRow, st faultState) {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("no row written")
	}
	late, answerable := 0, 0
	defer func() {
		if late == 0 {
			return
		}
		t.Logf("%d of %d ok rows answered by the server missed --timeout %s", late, answerable, faultTimeout)
		if late*10 > answerable {
			t.Errorf("%d of %d ok rows answered by the server missed --timeout %s: more than a busy machine explains", late, answerable, faultTimeout)
		}
	}()
	// A row whose request reached the server had started: it finishes, and
	// is reported, interrupt or not.
	for n := 1; n <= faultRows; n++ {
		if _, ok := rows[n]; !ok && st.seen[faultPath(n)] > 0 {
			t.Errorf("row %d (%s) reached the server %d times but is not in the report", n, faultPath(n), st.seen[faultPath(n)])
		}
	}
	for n, r := range rows {
		if n < 1 || n > faultRows {
			t.Errorf("row %d: no such row", n)
			continue
		}
		path := faultPath(n)
		if r.source != base+path {
			t.Errorf("row %d: source %q; want %q", n, r.source, base+path)
		}
		switch kind := faultKindOf(n); kind {
		case "reset", "cut", "stall", "slow":
			if r.result != "error" {
				t.Errorf("row %d (%s): %q; want error (reason %q)", n, path, r.result, r.reason)
			}
			// A request the server held gets no answer: hops gives up at
			// its --timeout, whatever else happens meanwhile.
			if st.stalled[path] > 0 && !strings.Contains(r.reason, "--timeout") {
				t.Errorf("row %d (%s) held by the server: reason %q; want the timeout", n, path, r.reason)
			}
		case "ok", "moved":
			answerable++
			final := "/ok/" + strconv.Itoa(n)
			switch r.result {
			case "ok":
				if st.served[path] == 0 || st.served[final] == 0 {
					t.Errorf("row %d (%s) ok, but the server never answered it (%s served %d, %s served %d)",
						n, path, path, st.served[path], final, st.served[final])
				}
			case "error":
				if strings.HasPrefix(r.reason, "interrupted after hop") {
					// In flight at the interrupt: the walk ends after the
					// hop it is on, the redirect, and the target is never
					// asked for.
					if kind != "moved" || !strings.HasPrefix(r.reason, "interrupted after hop 1 (301 ") ||
						st.served[path] == 0 || st.seen[final] > 0 {
						t.Errorf("row %d (%s): %q, though %s was served %d times and %s asked for %d times",
							n, path, r.reason, path, st.served[path], final, st.seen[final])
					}
					break
				}
				if st.served[final] > 0 {
					// Answered, yet not read within --timeout: hops starved
					// of CPU (seen under -race with the whole package
					// running) is slow, not wrong; a few are let pass.
					if strings.Contains(r.reason, "no complete response within --timeout") {
						late++
						break
					}
					t.Errorf("row %d (%s) error though the server answered %s (%d times): %q",
						n, path, final, st.served[final], r.reason)
				}
				// Otherwise only the server's stop explains a failure, and
				// then the last hop never got its answer.
				if st.stops == 0 {
					t.Errorf("row %d (%s) error though the server never stopped: %q", n, path, r.reason)
				}
			default:
				t.Errorf("row %d (%s): %q; want ok, or error while the server was down (reason %q)", n, path, r.result, r.reason)
			}
		}
	}
}

// faultJSONL parses JSON Lines: rows, each once, then the summary, whose
// counts must be those of the rows.
func faultJSONL(t *testing.T, out string) map[int]faultRow {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("JSON Lines do not end with a newline: %q", tail(out))
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	rows := map[int]faultRow{}
	counts := map[string]int{}
	for i, l := range lines {
		var line struct {
			Row     *int    `json:"row"`
			Result  string  `json:"result"`
			Reason  *string `json:"reason"`
			Request struct {
				URL string `json:"url"`
			} `json:"request"`
			Summary *struct {
				Rows        int  `json:"rows"`
				OK          int  `json:"ok"`
				Mismatch    int  `json:"mismatch"`
				Error       int  `json:"error"`
				Interrupted bool `json:"interrupted"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, l)
		}
		if i == len(lines)-1 {
			s := line.Summary
			if s == nil {
				t.Fatalf("the last line is not the summary: %s", l)
			}
			if !s.Interrupted {
				t.Errorf("summary %+v: want interrupted", *s)
			}
			if s.Rows != len(rows) || s.OK != counts["ok"] || s.Mismatch != counts["mismatch"] || s.Error != counts["error"] {
				t.Errorf("summary rows %d ok %d mismatch %d error %d; the lines hold %d: %v",
					s.Rows, s.OK, s.Mismatch, s.Error, len(rows), counts)
			}
			break
		}
		if line.Row == nil || line.Summary != nil {
			t.Fatalf("line %d is not a row: %s", i+1, l)
		}
		n := *line.Row
		if _, dup := rows[n]; dup {
			t.Errorf("row %d written twice", n)
		}
		r := faultRow{source: line.Request.URL, result: line.Result, pos: i}
		if line.Reason != nil {
			r.reason = *line.Reason
		}
		rows[n] = r
		counts[r.result]++
	}
	return rows
}

// faultCSV parses the CSV report: the header, then rows, each once.
func faultCSV(t *testing.T, out string) map[int]faultRow {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV report does not parse: %v\n%s", err, tail(out))
	}
	want := []string{"row", "source", "target", "final_url", "final_status", "redirects", "result", "findings", "reason", "first_status", "expected_status", "expected_url", "chain"}
	if len(recs) == 0 || !slices.Equal(recs[0], want) {
		t.Fatalf("CSV header %q; want %q", recs[:min(1, len(recs))], want)
	}
	rows := map[int]faultRow{}
	for i, rec := range recs[1:] {
		n, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Errorf("CSV row number %q: %v", rec[0], err)
			continue
		}
		if _, dup := rows[n]; dup {
			t.Errorf("row %d written twice", n)
		}
		rows[n] = faultRow{source: rec[1], result: rec[6], reason: rec[8], pos: i}
	}
	return rows
}

var junitCaseName = regexp.MustCompile(`^row (\d+): (.*)$`)

// faultJUnit parses the JUnit report: well-formed XML throughout, counts
// in both elements equal to the cases, each row once.
func faultJUnit(t *testing.T, path string) map[int]faultRow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the JUnit report is not well-formed XML: %v\n%s", err, tail(string(data)))
		}
	}
	type counts struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
	}
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		counts
		Suites []struct {
			counts
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v", err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d test suites; want 1", len(doc.Suites))
	}
	rows := map[int]faultRow{}
	var got counts
	for _, c := range doc.Suites[0].Cases {
		m := junitCaseName.FindStringSubmatch(c.Name)
		if m == nil {
			t.Errorf("test case %q does not name its row", c.Name)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if _, dup := rows[n]; dup {
			t.Errorf("row %d is in the JUnit report twice", n)
		}
		r := faultRow{source: m[2], result: "ok"}
		switch {
		case c.Failure != nil && c.Error != nil:
			t.Errorf("row %d is both a failure and an error", n)
		case c.Failure != nil:
			r.result = "mismatch"
			got.Failures++
		case c.Error != nil:
			r.result = "error"
			got.Errors++
		case c.Skipped != nil:
			// A row the interrupt ended between hops: an error in JSON
			// Lines, skipped (not the site's fault) in JUnit.
			r.result = "error"
			got.Skipped++
		}
		got.Tests++
		rows[n] = r
	}
	if doc.counts != got || doc.Suites[0].counts != got {
		t.Errorf("JUnit counts: testsuites %+v, testsuite %+v; the cases hold %+v", doc.counts, doc.Suites[0].counts, got)
	}
	return rows
}

func tail(s string) string {
	if len(s) > 500 {
		return "..." + s[len(s)-500:]
	}
	return s
}
