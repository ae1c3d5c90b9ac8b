package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// checkWithTerminalStderr runs hops check with stdout in a buffer and
// stderr on a pseudo-terminal, and returns both.
func checkWithTerminalStderr(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hopsBinary(t), append([]string{"check"}, args...)...)
	cmd.Env = termEnv(t, "xterm")
	cmd.Stderr = tty
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var term bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&term, ptmx); close(done) }()
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != exitFindings) {
		t.Fatalf("check: %v (want exit 1)", err)
	}
	// The child has exited and no one else holds the terminal's other
	// end, so the reader ends (EIO) once it has drained what was written;
	// closing ptmx before that would cut the summary short.
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output never ended")
	}
	return out.String(), strings.ReplaceAll(term.String(), "\r\n", "\n")
}

// TestCheckSummaryOnTerminalStderr: with --json on stdout, a person at a
// terminal still gets the summary on stderr (the grouped causes, the home
// page called out as a soft-404 risk), and the progress bar counts rows,
// not lines (a header and a comment are not rows). stdout stays JSON.
func TestCheckSummaryOnTerminalStderr(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			fmt.Fprint(w, "home")
		case strings.HasPrefix(r.URL.Path, "/old/"):
			http.Redirect(w, r, "/", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	u := srv.URL
	file := writeFile(t, "map.csv", "source,target,status\n# retired products\n"+
		u+"/old/1,"+u+"/new/1,301\n"+u+"/old/2,"+u+"/new/2,301\n"+u+"/old/3,"+u+"/new/3,301\n"+u+"/gone,"+u+"/gone\n")

	stdout, stderr := checkWithTerminalStderr(t, "--json", "--color", "never", "-c", "1", file)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 5 {
		t.Fatalf("stdout has %d lines; want 4 rows and the summary:\n%s", len(lines), stdout)
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("stdout line is not JSON: %q", l)
		}
	}
	wantJSON := `"top_targets":[{"url":"` + u + `/","count":3}],"targets_untracked":0,"chain_lengths":{"0":1,"1":3},"first_statuses":{"301":3,"404":1}}}`
	if !strings.HasSuffix(lines[4], wantJSON) {
		t.Errorf("summary line %s\nwant it to end with %s", lines[4], wantJSON)
	}
	// The bar counts 4 rows: the header and the comment are not rows.
	if !regexp.MustCompile(` \d/4 rows`).MatchString(stderr) || regexp.MustCompile(`\d/[56] rows`).MatchString(stderr) {
		t.Errorf("no bar counting 4 rows on stderr:\n%s", stderr)
	}
	for _, want := range []string{
		"│ total    │ 4    │ 100.0% │\n",
		"not ok, by cause (a row with several causes counts under each)\n" +
			"  3  landed elsewhere      row 3  " + u + "/old/1\n" +
			"                           row 4  " + u + "/old/2\n" +
			"  1  final status not 2xx  row 6  " + u + "/gone\n",
		"targets that several sources land on\n" +
			"  3  " + u + "/  (the home page)\n" +
			"  ! 3 sources land on " + u + "/ (the home page): search engines treat",
		"chain lengths   no redirect: 1 row · 1 redirect: 3 rows\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	// The call-out is wrapped at spaces to the terminal's 100 columns.
	if want := "! 3 sources land on " + u + "/ (the home page): search engines treat mass redirects to the home page as soft 404s chain lengths"; !strings.Contains(strings.Join(strings.Fields(stderr), " "), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}

	// -s: no bar, no summary; the report is all there is.
	stdout, stderr = checkWithTerminalStderr(t, "--csv", "-s", file)
	if stderr != "" {
		t.Errorf("stderr with -s: %q; want nothing", stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 5 {
		t.Errorf("CSV has %d lines; want a header and 4 rows:\n%s", n, stdout)
	}
}
