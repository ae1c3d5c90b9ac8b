package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// migrationSite serves a small site mid-migration.
func migrationSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/old/"):
			http.Redirect(w, r, "/new/"+strings.TrimPrefix(r.URL.Path, "/old/"), http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, "/temp/"):
			http.Redirect(w, r, "/new/"+strings.TrimPrefix(r.URL.Path, "/temp/"), http.StatusFound)
		case r.URL.Path == "/gone":
			http.Redirect(w, r, "/new/missing", http.StatusMovedPermanently)
		case r.URL.Path == "/new/missing":
			http.NotFound(w, r)
		case strings.HasPrefix(r.URL.Path, "/new/"):
			fmt.Fprint(w, "ok")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

type mapCase struct {
	line   string
	result string
}

// migrationMap returns a map with every kind of row, the verdict each must
// get, and the number of data rows.
func migrationMap(srv, dead string) (string, map[int]string) {
	rows := []mapCase{
		{"source,target,status", ""},
		{"# a comment, and an empty line next", ""},
		{"", ""},
		{srv + "/old/a," + srv + "/new/a,301", "ok"},
		{srv + "/old/b,/new/b", "ok"},                                                      // target relative to the source
		{srv + "/old/c," + srv + "/new/WRONG", "mismatch"},                                 // landed elsewhere
		{srv + "/temp/d," + srv + "/new/d,301", "mismatch"},                                // first status 302, not 301
		{srv + "/gone," + srv + "/new/missing", "mismatch"},                                // ends in 404
		{"http://" + dead + "/x," + srv + "/new/x", "error"},                               // dead host
		{"not a url," + srv + "/new/y", "error"},                                           // malformed source
		{srv + "/old/e," + srv + "/new/e,abc", "error"},                                    // malformed status
		{`"` + srv + `/old/f,` + srv + "/new/f", "error"},                                  // broken quoting
		{srv + "/old/g\t" + srv + "/new/g\t301", "error"},                                  // a TSV line in a CSV map: one cell, two URLs
		{strings.Replace(srv, "http://", "HTTP://", 1) + "/old/h", "ok"},                   // no target: a URL list row
		{srv + "/old/i," + strings.Replace(srv, "http://", "HTTP://", 1) + "/new/i", "ok"}, // scheme case ignored
	}
	var b strings.Builder
	want := map[int]string{}
	for i, r := range rows {
		b.WriteString(r.line + "\n")
		if r.result != "" {
			want[i+1] = r.result
		}
	}
	return b.String(), want
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckVerdictsInEveryFormat(t *testing.T) {
	t.Parallel()
	srv := migrationSite(t)
	dead, _ := deadAddr()
	content, want := migrationMap(srv.URL, dead)
	file := writeFile(t, "map.csv", content)
	junit := filepath.Join(t.TempDir(), "report.xml")

	t.Run("json", func(t *testing.T) {
		r := runHops(t, "check", "--json", "--timeout", "2s", "--junit", junit, file)
		if r.code != exitFindings {
			t.Errorf("exit %d; want 1 (stderr %s)", r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		got := map[int]string{}
		for _, l := range lines[:len(lines)-1] {
			var row struct {
				Row           int    `json:"row"`
				Result        string `json:"result"`
				SchemaVersion int    `json:"schema_version"`
				Hops          []any  `json:"hops"`
			}
			if err := json.Unmarshal([]byte(l), &row); err != nil {
				t.Fatalf("line is not JSON: %v: %s", err, l)
			}
			if _, dup := got[row.Row]; dup {
				t.Errorf("row %d written twice", row.Row)
			}
			if row.SchemaVersion != 1 || row.Hops == nil {
				t.Errorf("row %d lacks the chain document: %s", row.Row, l)
			}
			got[row.Row] = row.Result
		}
		compareVerdicts(t, got, want)
		var sum struct {
			Summary map[string]any `json:"summary"`
		}
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Summary["rows"] != float64(len(want)) {
			t.Errorf("summary line %s; want rows %d", lines[len(lines)-1], len(want))
		}
		checkJUnit(t, junit, want)
	})
	t.Run("csv", func(t *testing.T) {
		r := runHops(t, "check", "--csv", "--timeout", "2s", file)
		recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatalf("--csv output: %v", err)
		}
		if strings.Join(recs[0], ",") != "row,source,target,final_url,final_status,redirects,result,findings,reason,first_status,expected_status,expected_url,chain" {
			t.Errorf("header %v", recs[0])
		}
		got := map[int]string{}
		for _, rec := range recs[1:] {
			n, _ := strconv.Atoi(rec[0])
			if _, dup := got[n]; dup {
				t.Errorf("row %d written twice", n)
			}
			got[n] = rec[6]
		}
		compareVerdicts(t, got, want)
	})
	t.Run("terminal", func(t *testing.T) {
		r := runHops(t, "check", "--color", "never", "--timeout", "2s", file)
		for n, v := range want {
			line := fmt.Sprintf("row %d ", n)
			if shown := strings.Contains(r.stdout, line); shown != (v != "ok") {
				t.Errorf("row %d (%s) shown = %v", n, v, shown)
			}
		}
		for _, s := range []string{"ok", "mismatch", "error", "total"} {
			if !strings.Contains(r.stdout, "│ "+s) {
				t.Errorf("summary table lacks %q:\n%s", s, r.stdout)
			}
		}
		noControl(t, r.stdout)
	})
	t.Run("stdin URL list", func(t *testing.T) {
		var out, errb bytes.Buffer
		list := srv.URL + "/old/a\n" + srv.URL + "/gone\n"
		code := run(context.Background(), []string{"hops", "check", "--json", "-"}, strings.NewReader(list), &out, &errb, func(string) string { return "" })
		if code != exitFindings || !strings.Contains(out.String(), `"result":"ok"`) || !strings.Contains(out.String(), `"result":"mismatch"`) {
			t.Errorf("exit %d, output %s", code, out.String())
		}
	})
}

func compareVerdicts(t *testing.T, got, want map[int]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d rows written; want %d", len(got), len(want))
	}
	for n, v := range want {
		if got[n] != v {
			t.Errorf("row %d: %q; want %q", n, got[n], v)
		}
	}
}

func checkJUnit(t *testing.T, path string, want map[int]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suite    struct {
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit report is not XML: %v", err)
	}
	var mism, errs int
	for _, v := range want {
		switch v {
		case "mismatch":
			mism++
		case "error":
			errs++
		}
	}
	if doc.Tests != len(want) || doc.Failures != mism || doc.Errors != errs || len(doc.Suite.Cases) != len(want) {
		t.Errorf("JUnit tests %d failures %d errors %d cases %d; want %d %d %d %d",
			doc.Tests, doc.Failures, doc.Errors, len(doc.Suite.Cases), len(want), mism, errs, len(want))
	}
}

// TestCheckInterrupted: an interrupt stops the intake, lets rows in flight
// finish, writes every finished row once and the summary, and exits 130.
func TestCheckInterrupted(t *testing.T) {
	t.Parallel()
	var started atomic.Int32
	sixth := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if started.Add(1) == 6 {
			close(sixth)
		}
		time.Sleep(100 * time.Millisecond) // a slow page, so rows are in flight
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	var list strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&list, "%s/page/%d\n", srv.URL, i)
	}
	file := writeFile(t, "urls.txt", list.String())
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sixth
		cancel()
	}()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"hops", "check", "--json", "-c", "4", file}, nil, &out, &errb, func(string) string { return "" })
	if code != exitInterrupted {
		t.Errorf("exit %d; want 130 (stderr %s)", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	seen := map[int]bool{}
	for _, l := range lines[:len(lines)-1] {
		var row struct {
			Row    int    `json:"row"`
			Result string `json:"result"`
		}
		if err := json.Unmarshal([]byte(l), &row); err != nil {
			t.Fatalf("not JSON Lines: %v: %s", err, l)
		}
		if seen[row.Row] {
			t.Errorf("row %d written twice", row.Row)
		}
		seen[row.Row] = true
		if row.Result != "ok" {
			t.Errorf("row %d in flight at the interrupt ended %q; want ok", row.Row, row.Result)
		}
	}
	var sum struct {
		Summary struct {
			Rows        int  `json:"rows"`
			Interrupted bool `json:"interrupted"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line is not the summary: %s", lines[len(lines)-1])
	}
	if !sum.Summary.Interrupted || sum.Summary.Rows != len(seen) || len(seen) == 0 || len(seen) >= 200 {
		t.Errorf("summary %+v with %d rows written; want interrupted, equal counts, some but not all rows", sum.Summary, len(seen))
	}
}

// TestCheckPerHostLimit: no more than --per-host requests reach one host at
// once, whatever the concurrency.
func TestCheckPerHostLimit(t *testing.T) {
	t.Parallel()
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	var list strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&list, "%s/p/%d\n", srv.URL, i)
	}
	r := runHops(t, "check", "--csv", "-c", "20", "--per-host", "3", writeFile(t, "urls.txt", list.String()))
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stdout)
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak of %d requests in flight to one host; want at most 3 (and more than 1)", p)
	}
}

func TestCheckUnusableInput(t *testing.T) {
	bin := writeFile(t, "data.bin", "\x00\x01\x02binary\x00")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", filepath.Join(t.TempDir(), "missing.csv")}, "no such file"},
		{[]string{"check", bin}, "not text"},
		{[]string{"check", t.TempDir()}, "not a readable file"},
		{[]string{"check"}, "one input"},
		{[]string{"check", "--rate", "-1", bin}, "--rate"},
		{[]string{"check", "--json", "--csv", bin}, "exclude"},
	} {
		r := runHops(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// TestCheckRate: --rate spaces the requests to one host.
func TestCheckRate(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	list := strings.Repeat(srv.URL+"/r\n", 5)
	r := runHops(t, "check", "--csv", "-c", "5", "--rate", "20", writeFile(t, "urls.txt", list))
	if r.code != exitOK || hits.Load() != 5 {
		t.Fatalf("exit %d, %d requests", r.code, hits.Load())
	}
	// Five requests at 20 a second take at least four intervals of 50 ms:
	// a lower bound that holds however slow the machine is.
	if r.elapsed < 200*time.Millisecond {
		t.Errorf("5 requests at --rate 20 took %v; want at least 200ms", r.elapsed)
	}
}

// TestCheckQueueIsNotATimeout: rows waiting for their turn at a slow host
// do not spend their --timeout while they wait.
func TestCheckQueueIsNotATimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	list := strings.Repeat(srv.URL+"/slow\n", 6)
	t.Parallel()
	r := runHopsBinary(t, "check", "--csv", "-c", "6", "--per-host", "1", "--timeout", "1s", writeFile(t, "urls.txt", list))
	if r.code != exitOK {
		t.Errorf("exit %d; want every row ok:\n%s", r.code, r.stdout)
	}
	if strings.Count(r.stdout, ",ok,") != 6 {
		t.Errorf("want 6 ok rows:\n%s", r.stdout)
	}
}

// TestCheckStreamsRows: JSON Lines reach a pipe while the run goes on, not
// only at its end.
func TestCheckStreamsRows(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-release
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	defer close(release)
	file := writeFile(t, "urls.txt", srv.URL+"/fast\n"+srv.URL+"/slow\n")
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"hops", "check", "--json", "-c", "2", file}, nil, pw, io.Discard, func(string) string { return "" })
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.Contains(line, `"result":"ok"`) || !strings.Contains(line, "/fast") {
		t.Fatalf("first line %q, %v", line, err)
	}
	select {
	case <-done:
		t.Fatal("the run ended before the slow row: the first line was not streamed")
	default:
	}
	release <- struct{}{}
	go io.Copy(io.Discard, pr)
	if code := <-done; code != exitOK {
		t.Errorf("exit %d", code)
	}
}

// TestCheckStdinStreams: rows from standard input start as their lines
// arrive, with the pipe still open, and an interrupt ends a run whose
// input is idle.
func TestCheckStdinStreams(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer srv.Close()
	inR, inW := io.Pipe()
	defer inW.Close()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"hops", "check", "--json", "-"}, inR, outW, io.Discard, func(string) string { return "" })
		outW.Close()
	}()
	out := bufio.NewReader(outR)
	for i := 1; i <= 2; i++ {
		if _, err := fmt.Fprintf(inW, "%s/row/%d\n", srv.URL, i); err != nil {
			t.Fatal(err)
		}
		line, err := out.ReadString('\n')
		if err != nil || !strings.Contains(line, fmt.Sprintf(`"row":%d,`, i)) || !strings.Contains(line, `"result":"ok"`) {
			t.Fatalf("line for row %d: %q, %v", i, line, err)
		}
	}
	// The input stays open and idle; an interrupt ends the run.
	cancel()
	rest, _ := io.ReadAll(out)
	if code := <-done; code != exitInterrupted || !strings.Contains(string(rest), `"interrupted":true`) || !strings.Contains(string(rest), `"rows":2`) {
		t.Errorf("exit %d, rest %q; want 130 and a summary of 2 interrupted rows", code, rest)
	}
}

// TestCheckInterruptEndsAfterTheHop: after Ctrl-C, a row in flight ends
// after the hop it is on, reported once as an interrupted error; no later
// hop is requested.
func TestCheckInterruptEndsAfterTheHop(t *testing.T) {
	release := make(chan struct{})
	var second, third atomic.Int32
	allSecond := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/1"):
			http.Redirect(w, r, strings.TrimSuffix(r.URL.Path, "/1")+"/2", http.StatusFound)
		case strings.HasSuffix(r.URL.Path, "/2"):
			if second.Add(1) == 3 {
				close(allSecond)
			}
			<-release
			http.Redirect(w, r, strings.TrimSuffix(r.URL.Path, "/2")+"/3", http.StatusFound)
		default:
			third.Add(1)
			fmt.Fprint(w, "end")
		}
	}))
	defer srv.Close()
	var list strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&list, "%s/row%d/1\n", srv.URL, i)
	}
	file := writeFile(t, "urls.txt", list.String())
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-allSecond
		cancel()
		// Let the hops in flight answer only once the interrupt is in.
		<-ctx.Done()
		close(release)
	}()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"hops", "check", "--json", "-c", "3", "--per-host", "3", file}, nil, &out, &errb, func(string) string { return "" })
	if code != exitInterrupted {
		t.Errorf("exit %d; want 130 (stderr %s)", code, errb.String())
	}
	if n := third.Load(); n != 0 {
		t.Errorf("%d rows went on to hop 3 after the interrupt", n)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines; want 3 rows and a summary:\n%s", len(lines), out.String())
	}
	seen := map[int]bool{}
	for _, l := range lines[:3] {
		var row struct {
			Row    int    `json:"row"`
			Result string `json:"result"`
			Reason string `json:"reason"`
			Error  struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(l), &row); err != nil {
			t.Fatal(err)
		}
		if seen[row.Row] {
			t.Errorf("row %d written twice", row.Row)
		}
		seen[row.Row] = true
		if row.Result != "error" || row.Error.Code != "interrupted" || !strings.Contains(row.Reason, "interrupted after hop 2") {
			t.Errorf("row %d: %s, %q, error %q; want an interrupted error after hop 2", row.Row, row.Result, row.Reason, row.Error.Code)
		}
	}
	if !strings.Contains(lines[3], `"rows":3`) || !strings.Contains(lines[3], `"interrupted":true`) {
		t.Errorf("summary %s", lines[3])
	}
}

// TestCheckInputOrder: every output lists rows in input order, even when
// the first row is the slowest; the rows after it are checked meanwhile.
func TestCheckInputOrder(t *testing.T) {
	for _, format := range []string{"--json", "--csv"} {
		release := make(chan struct{})
		var fast atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/slow" {
				<-release
			} else if fast.Add(1) == 4 {
				close(release) // the slow row answers once the others were checked
			}
			fmt.Fprint(w, "ok")
		}))
		list := srv.URL + "/slow\n" + srv.URL + "/a\n" + srv.URL + "/b\n" + srv.URL + "/c\n" + srv.URL + "/d\n"
		res := runCheck(t, list, format, "-c", "5")
		srv.Close()
		var rows []string
		for _, l := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			switch {
			case strings.HasPrefix(l, `{"row":`):
				rows = append(rows, strings.TrimSuffix(strings.TrimPrefix(l, `{"row":`)[:2], ","))
			case len(l) > 0 && l[0] >= '1' && l[0] <= '9':
				rows = append(rows, strings.SplitN(l, ",", 2)[0])
			}
		}
		if strings.Join(rows, " ") != "1 2 3 4 5" {
			t.Errorf("%s rows in the order %v; want 1 2 3 4 5\n%s", format, rows, res.stdout)
		}
	}
}
