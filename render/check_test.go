package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
)

// checkHop is a hop that got a response.
func checkHop(n, status int, url string) inspect.Hop {
	return inspect.Hop{N: n, URL: url, Method: "GET", Via: inspect.ViaHTTP, Status: status, Reason: http.StatusText(status)}
}

// judged builds a result the way the runner does: the row, its chain and
// Judge's verdict.
func judged(row check.Row, stop inspect.Stop, findings []inspect.Finding, hops ...inspect.Hop) check.Result {
	c := &inspect.Chain{Stop: stop, Hops: hops, MaxRedirects: 20, Findings: findings}
	v, reason := check.Judge(row, c, inspect.SeverityError)
	return check.Result{Row: row, Chain: c, Verdict: v, Reason: reason}
}

// migrationResults is a small migration with every kind of row: ok rows
// several of which land on the new home page, a row landed elsewhere with
// a 404 and the wrong first status, a failed request, a malformed row.
func migrationResults() []check.Result {
	home := "https://new.example/"
	hsts := []inspect.Finding{{Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Hop: 2, Message: "no HSTS"}}
	var rs []check.Result
	for n := 2; n <= 5; n++ {
		src := fmt.Sprintf("http://old.example/page/%d", n)
		rs = append(rs, judged(check.Row{N: n, Source: src, Target: home}, inspect.StopFinal, hsts, checkHop(1, 301, src), checkHop(2, 200, home)))
	}
	rs = append(rs, judged(check.Row{N: 6, Source: "http://old.example/a", Target: "https://new.example/b", Status: 301, Statuses: []int{301}, StatusText: "301"},
		inspect.StopFinal, []inspect.Finding{
			{Code: inspect.CodeFinalError, Severity: inspect.SeverityError, Hop: 3, Message: "the chain ends in 404"},
			{Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Hop: 1, Message: "cached"},
			{Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Hop: 2, Message: "cached again"},
		},
		checkHop(1, 302, "http://old.example/a"), checkHop(2, 307, "https://old.example/a"), checkHop(3, 404, "https://new.example/gone")))
	failed := inspect.Hop{N: 1, URL: "http://dead.example/x", Method: "GET", Via: inspect.ViaHTTP, Err: errors.New("connection refused")}
	rs = append(rs, judged(check.Row{N: 7, Source: "http://dead.example/x", Target: "https://new.example/x"}, inspect.StopFailed,
		[]inspect.Finding{{Code: inspect.CodeRequestFailed, Severity: inspect.SeverityError, Hop: 1, Message: "GET http://dead.example/x failed: connection refused"}}, failed))
	bad := check.Row{N: 8, Source: "old/page", Err: errors.New(`source: "old/page" is not a URL`)}
	v, reason := check.Judge(bad, nil, inspect.SeverityError)
	return append(rs, check.Result{Row: bad, Verdict: v, Reason: reason})
}

func migrationSummary(rs []check.Result) check.Summary {
	s := check.Summary{Elapsed: 2 * time.Second, Stats: check.NewStats(inspect.SeverityError)}
	for _, r := range rs {
		s.Rows++
		switch r.Verdict {
		case check.OK:
			s.OK++
		case check.Mismatch:
			s.Mismatch++
		case check.Error:
			s.Error++
		}
		s.Stats.Add(r)
	}
	return s
}

// TestCheckSummaryNamesWhatNoRowShows: the terminal summary groups the rows
// that are not ok by cause, the findings below --fail-on by code, names
// the targets several sources land on and calls out the home page, and
// gives the chain lengths and first statuses.
func TestCheckSummaryNamesWhatNoRowShows(t *testing.T) {
	var b bytes.Buffer
	if err := CheckSummary(&b, migrationSummary(migrationResults()), Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	want := `┌──────────┬──────┬────────┐
│ result   │ rows │ share  │
├──────────┼──────┼────────┤
│ ok       │ 4    │ 57.1%  │
│ mismatch │ 1    │ 14.3%  │
│ error    │ 2    │ 28.6%  │
│ total    │ 7    │ 100.0% │
└──────────┴──────┴────────┘
checked in 2.00 s, 4 rows/s

not ok, by cause (a row with several causes counts under each)
  1  landed elsewhere      row 6  http://old.example/a
  1  final status not 2xx  row 6  http://old.example/a
  1  first status differs  row 6  http://old.example/a
  1  request-failed        row 7  http://dead.example/x
  1  malformed row         row 8  old/page

findings below --fail-on, by code
  4  hsts-missing (warning)         row 2  http://old.example/page/2
                                    row 3  http://old.example/page/3
  1  cacheable-temporary (warning)  row 6  http://old.example/a

targets that several sources land on
  4  https://new.example/  (the home page)
  ! 4 sources land on https://new.example/ (the home page): search engines treat
    mass redirects to the home page as soft 404s

chain lengths   no redirect: 1 row · 1 redirect: 4 rows · 2 redirects: 1 row
first statuses  301: 4 rows · 302: 1 row
`
	if got := b.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}

// TestCheckSummaryAllOK: a run with nothing wrong says so in the table
// and the chain lengths only.
func TestCheckSummaryAllOK(t *testing.T) {
	src, dst := "http://old.example/a", "https://new.example/a"
	s := migrationSummary([]check.Result{judged(check.Row{N: 1, Source: src, Target: dst}, inspect.StopFinal, nil, checkHop(1, 308, src), checkHop(2, 200, dst))})
	var b bytes.Buffer
	if err := CheckSummary(&b, s, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	tail := out[strings.Index(out, "checked in"):]
	if want := "checked in 2.00 s, 0 rows/s\n\nchain lengths   1 redirect: 1 row\nfirst statuses  308: 1 row\n"; tail != want {
		t.Errorf("summary ends with %q; want %q", tail, want)
	}
}

// TestCheckReasonsGiveEveryCause: a row's line and its reason in the CSV
// give each cause, most important first; final-error is not repeated
// beside the final status.
func TestCheckReasonsGiveEveryCause(t *testing.T) {
	res := migrationResults()[4]
	want := "landed at https://new.example/gone (404 Not Found), expected https://new.example/b; first status 302, expected 301"
	if res.Reason != want {
		t.Fatalf("reason %q; want %q", res.Reason, want)
	}
	var b bytes.Buffer
	if err := CheckLine(&b, res, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	wrapped := "! mismatch row 6  http://old.example/a\n" +
		"    landed at https://new.example/gone (404 Not Found), expected\n" +
		"    https://new.example/b; first status 302, expected 301\n"
	if b.String() != wrapped {
		t.Errorf("in 80 columns:\n%q\nwant\n%q", b.String(), wrapped)
	}
}

// TestCheckLineNoWrap: output that is not going to a terminal keeps each
// line whole, so a long URL is never cut.
func TestCheckLineNoWrap(t *testing.T) {
	long := "https://new.example/" + strings.Repeat("deep/", 30) + "page"
	res := judged(check.Row{N: 3, Source: long, Target: "https://new.example/"}, inspect.StopFinal, nil, checkHop(1, 200, long))
	var b bytes.Buffer
	if err := CheckLine(&b, res, Options{Width: NoWrap}); err != nil {
		t.Fatal(err)
	}
	want := "! mismatch row 3  " + long + "\n    landed at " + long + " (200 OK), expected https://new.example/\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// TestCheckCSVColumns: SPEC's columns, the reason, then the first status,
// the expected status and URL, and the chain in one cell; findings name
// each code once.
func TestCheckCSVColumns(t *testing.T) {
	rs := migrationResults()
	refresh := checkHop(2, 200, "https://new.example/r")
	refresh.Via = inspect.ViaMetaRefresh
	rs = append(rs, judged(check.Row{N: 9, Source: "http://old.example/r", Target: "https://new.example/r", Statuses: []int{301, 308}, StatusText: "permanent"},
		inspect.StopFinal, nil, checkHop(1, 200, "http://old.example/r"), refresh))
	var b bytes.Buffer
	r, err := NewCSVReport(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 4, 5, 6, 7} {
		if err := r.Row(rs[i]); err != nil {
			t.Fatal(err)
		}
	}
	want := `row,source,target,final_url,final_status,redirects,result,findings,reason,first_status,expected_status,expected_url,chain
2,http://old.example/page/2,https://new.example/,https://new.example/,200,1,ok,hsts-missing,,301,,https://new.example/,301 http://old.example/page/2 -> 200 https://new.example/
6,http://old.example/a,https://new.example/b,https://new.example/gone,404,2,mismatch,final-error cacheable-temporary,"landed at https://new.example/gone (404 Not Found), expected https://new.example/b; first status 302, expected 301",302,301,https://new.example/b,302 http://old.example/a -> 307 https://old.example/a -> 404 https://new.example/gone
7,http://dead.example/x,https://new.example/x,http://dead.example/x,,0,error,request-failed,request-failed: GET http://dead.example/x failed: connection refused,,,https://new.example/x,failed http://dead.example/x
8,old/page,,,,,error,,"malformed row: source: ""old/page"" is not a URL",,,,
9,http://old.example/r,https://new.example/r,https://new.example/r,200,1,mismatch,,"first status 200, expected permanent",200,permanent,https://new.example/r,200 http://old.example/r -(meta-refresh)-> 200 https://new.example/r
`
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestCheckJSONSummaryFields: the summary line's top targets (most first,
// ties by URL), untracked count, chain lengths in numeric order and first
// statuses.
func TestCheckJSONSummaryFields(t *testing.T) {
	rs := migrationResults()
	// Eleven rows redirected to /r/0 ... /r/10, one row each, after the
	// home page's four: the list stops at ten, ties by URL; chains of
	// 2 and 10 redirects show the keys in numeric order.
	for i := range 11 {
		src, dst := fmt.Sprintf("http://old.example/r%d", i), fmt.Sprintf("https://new.example/r/%d", i)
		hops := []inspect.Hop{checkHop(1, 301, src)}
		if i == 0 {
			for n := 2; n <= 10; n++ {
				hops = append(hops, checkHop(n, 301, fmt.Sprintf("http://old.example/r0/%d", n)))
			}
		}
		hops = append(hops, checkHop(len(hops)+1, 200, dst))
		rs = append(rs, judged(check.Row{N: 10 + i, Source: src}, inspect.StopFinal, nil, hops...))
	}
	var b bytes.Buffer
	if err := CheckJSONLSummary(&b, migrationSummary(rs)); err != nil {
		t.Fatal(err)
	}
	want := `{"summary":{"rows":18,"ok":15,"mismatch":1,"error":2,"seconds":2,"interrupted":false,"lint":[],` +
		`"top_targets":[{"url":"https://new.example/","count":4},{"url":"https://new.example/gone","count":1},` +
		`{"url":"https://new.example/r/0","count":1},{"url":"https://new.example/r/1","count":1},{"url":"https://new.example/r/10","count":1},` +
		`{"url":"https://new.example/r/2","count":1},{"url":"https://new.example/r/3","count":1},{"url":"https://new.example/r/4","count":1},` +
		`{"url":"https://new.example/r/5","count":1},{"url":"https://new.example/r/6","count":1}],"targets_untracked":0,` +
		`"chain_lengths":{"0":1,"1":14,"2":1,"10":1},"first_statuses":{"301":15,"302":1}}}` + "\n"
	if b.String() != want {
		t.Errorf("summary line:\n%s\nwant:\n%s", b.String(), want)
	}
	var back CheckSummaryLine
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(back.Summary.ChainLengths); got != "[{0 1} {1 14} {2 1} {10 1}]" {
		t.Errorf("chain_lengths read back as %s", got)
	}

	// A run nobody counted still writes every field.
	b.Reset()
	if err := CheckJSONLSummary(&b, check.Summary{}); err != nil {
		t.Fatal(err)
	}
	if want := `{"summary":{"rows":0,"ok":0,"mismatch":0,"error":0,"seconds":0,"interrupted":false,"lint":[],"top_targets":[],"targets_untracked":0,"chain_lengths":{},"first_statuses":{}}}` + "\n"; b.String() != want {
		t.Errorf("empty summary %s; want %s", b.String(), want)
	}
}

// nopCloser is a buffer a report may close.
type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// TestJUnitSpoolHasNoName: the JUnit report keeps its cases in a temporary
// file with no name (a run killed by a second Ctrl-C leaves nothing), and
// writes them all at its end.
func TestJUnitSpoolHasNoName(t *testing.T) {
	var out bytes.Buffer
	rep := NewJUnitReport(nopCloser{&out})
	if err := rep.Row(check.Result{Row: check.Row{N: 2, Source: "http://a.test/"}, Verdict: check.OK}); err != nil {
		t.Fatal(err)
	}
	tmp := rep.(*junitReport).tmp
	if _, err := os.Stat(tmp.Name()); !os.IsNotExist(err) {
		t.Errorf("the cases' file %s has a name: %v", tmp.Name(), err)
	}
	if err := rep.End(check.Summary{Rows: 1, OK: 1}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `http://a.test/`) || !strings.HasSuffix(out.String(), "</testsuites>\n") {
		t.Errorf("report:\n%s", out.String())
	}
}
