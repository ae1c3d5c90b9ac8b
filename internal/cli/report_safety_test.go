package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// TestCheckReportsDoNotRun: a CSV cell never starts a formula and never
// carries a raw control character; JSON Lines escape C1 controls, DEL and
// bidi overrides as well as C0.
func TestCheckReportsDoNotRun(t *testing.T) {
	// A reason phrase with ESC, BEL, an OSC 8 hyperlink, a C1 CSI, DEL and
	// a right-to-left override; every request gets a 404 with it.
	reason := "Not\x1b[31m Found\x07 \x1b]8;;http://x\x07link\x1b]8;;\x07 \xc2\x9b2J\x7f \xe2\x80\xaeevil"
	srv := rawServer(t, respond("HTTP/1.1 404 "+reason+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	input := strings.Join([]string{
		"source,target",
		"=cmd|' /C calc'!A0",
		"+1 2,http://x/",
		"@SUM(1 1)",
		srv + "/gone",
	}, "\n") + "\n"

	r := runCheck(t, input, "--csv")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, r.stdout)
	}
	if len(recs) != 5 {
		t.Fatalf("%d records; want a header and 4 rows:\n%s", len(recs), r.stdout)
	}
	// Rows are keyed by their line in the input (the header is line 1).
	wantSource := map[string]string{"2": "'=cmd|' /C calc'!A0", "3": "'+1 2", "4": "'@SUM(1 1)", "5": srv + "/gone"}
	byRow := map[string][]string{}
	for i, rec := range recs[1:] {
		byRow[rec[0]] = rec
		if rec[1] != wantSource[rec[0]] {
			t.Errorf("row %s source cell %q; want %q", rec[0], rec[1], wantSource[rec[0]])
		}
		for j, cell := range rec {
			if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				t.Errorf("row %d cell %d starts a formula: %q", i+1, j, cell)
			}
			for _, c := range cell {
				if c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x202e {
					t.Errorf("row %d cell %d holds control character %U: %q", i+1, j, c, cell)
				}
			}
		}
	}
	if got := byRow["5"][8]; !strings.Contains(got, `Not\x1b[31m Found\x07 \x1b]8;;http://x\x07link`) || !strings.Contains(got, `\u009b2J\x7f \u202eevil`) {
		t.Errorf("reason cell %q does not show the escapes", got)
	}

	r = runCheck(t, input, "--json")
	for _, b := range []string{"\x1b", "\x07", "\x7f", "\xc2\x9b", "\xe2\x80\xae"} {
		if strings.Contains(r.stdout, b) {
			t.Errorf("JSON Lines hold the raw bytes %q", b)
		}
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var row struct {
		Hops []struct {
			Reason string `json:"reason"`
		} `json:"hops"`
	}
	var found bool
	for _, l := range lines {
		if strings.HasPrefix(l, `{"row":5,`) {
			found = true
			if err := json.Unmarshal([]byte(l), &row); err != nil || len(row.Hops) != 1 {
				t.Fatalf("row 5: %v\n%s", err, l)
			}
		}
	}
	if !found {
		t.Fatalf("no JSON line for row 5:\n%s", r.stdout)
	}
	if !utf8.ValidString(row.Hops[0].Reason) || !strings.Contains(row.Hops[0].Reason, "\u009b2J\x7f \u202eevil") {
		t.Errorf("the escaped JSON does not decode to the reason sent: %q", row.Hops[0].Reason)
	}
}

// runCheck runs hops check on input given on stdin.
func runCheck(t *testing.T, input string, args ...string) result {
	t.Helper()
	var out, errb strings.Builder
	code := run(t.Context(), append(append([]string{"hops", "check"}, args...), "-"), strings.NewReader(input), &out, &errb, func(string) string { return "" })
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// TestJUnitPathCheckedFirst: a --junit path that cannot be written is a
// usage error before any request is sent.
func TestJUnitPathCheckedFirst(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	bad := filepath.Join(t.TempDir(), "no-such-dir", "report.xml")
	r := runCheck(t, srv.URL+"/\n", "--junit", bad)
	if r.code != exitUsage || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "--junit") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, one line", r.code, r.stdout, r.stderr)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server received %d requests before the report path was found unusable", n)
	}
}

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestFailedWriteExits2: a report that cannot be written is an error (exit
// 2, one line saying so), never a silent success.
func TestFailedWriteExits2(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	for _, args := range [][]string{
		{"hops", srv.URL},
		{"hops", "--json", srv.URL},
		{"hops", "check", "--json", "-"},
		{"hops", "check", "--csv", "-"},
		{"hops", "check", "-"},
	} {
		var errb strings.Builder
		code := run(t.Context(), args, strings.NewReader(srv.URL+"\n"), failingWriter{}, &errb, func(string) string { return "" })
		if code != exitUsage || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "no space left on device") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and the write error", args, code, errb.String())
		}
	}
}
