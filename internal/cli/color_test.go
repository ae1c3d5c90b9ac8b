package cli

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/hops-cli/hops/lab"
)

// TestColorPolicyInATerminal runs the hops binary (the test binary
// installed as hops by TestMain) in a real pseudo-terminal and in a pipe.
func TestColorPolicyInATerminal(t *testing.T) {
	t.Parallel()
	bin := hopsBinary(t)
	l, err := lab.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	url := l.HTTPURL() + "/promo"
	baseEnv := termEnv(t, "xterm-256color")

	inPTY := func(env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(args, url)...)
		cmd.Env = append(append([]string{}, baseEnv...), env...)
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 80})
		if err != nil {
			t.Fatalf("start in a pty: %v", err)
		}
		var out bytes.Buffer
		io.Copy(&out, f) // ends with EIO when the child exits
		cmd.Wait()
		f.Close()
		return out.String()
	}
	inPipe := func(env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(args, url)...)
		cmd.Env = append(append([]string{}, baseEnv...), env...)
		out, _ := cmd.Output()
		return string(out)
	}
	colored := func(s string) bool { return strings.Contains(s, "\x1b[") }

	cases := []struct {
		name string
		out  string
		want bool
	}{
		{"terminal, auto", inPTY(nil), true},
		{"pipe, auto", inPipe(nil), false},
		{"terminal, NO_COLOR=1", inPTY([]string{"NO_COLOR=1"}), false},
		{"terminal, NO_COLOR empty", inPTY([]string{"NO_COLOR="}), true},
		{"terminal, TERM=dumb", inPTY([]string{"TERM=dumb"}), false},
		{"terminal, --color never", inPTY(nil, "--color", "never"), false},
		{"pipe, --color always", inPipe(nil, "--color", "always"), true},
		{"pipe, FORCE_COLOR=1", inPipe([]string{"FORCE_COLOR=1"}), true},
		{"pipe, CLICOLOR_FORCE=1", inPipe([]string{"CLICOLOR_FORCE=1"}), true},
		{"terminal, --json", inPTY(nil, "--json"), false},
	}
	for _, tc := range cases {
		if got := colored(tc.out); got != tc.want {
			t.Errorf("%s: colour %v; want %v\n%q", tc.name, got, tc.want, tc.out[:min(len(tc.out), 300)])
		}
		if !strings.Contains(tc.out, "/promo") {
			t.Errorf("%s: no view in the output: %q", tc.name, tc.out[:min(len(tc.out), 300)])
		}
	}
	// The terminal's width is used when COLUMNS is unset: 80 here.
	for _, line := range strings.Split(stripSGRAll(inPTY(nil, "-v")), "\n") {
		if w := len([]rune(strings.TrimRight(line, "\r"))); w > 80 {
			t.Errorf("line of %d columns in an 80-column terminal: %q", w, line)
		}
	}
}

// stripSGRAll removes colour sequences (ESC [ ... m).
func stripSGRAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && s[j] != 'm' {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// TestSpinnerOnlyInATerminal: a hop slower than a second names its URL on
// a terminal's stderr, clears the line, and never shows in a pipe.
func TestSpinnerOnlyInATerminal(t *testing.T) {
	t.Parallel()
	bin := hopsBinary(t)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond)
		fmt.Fprint(w, "late")
	}))
	defer slow.Close()
	env := termEnv(t, "xterm")
	// The pipe's run waits on the same slow hop: beside the terminal's.
	type result struct {
		stderr string
		err    error
	}
	piped := make(chan result, 1)
	go func() {
		stderr, err := pipeStderr(env, bin, slow.URL+"/slow")
		piped <- result{stderr, err}
	}()

	cmd := exec.Command(bin, "--color", "never", slow.URL+"/slow")
	cmd.Env = env
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	io.Copy(&out, f)
	cmd.Wait()
	f.Close()
	s := out.String()
	at := strings.Index(s, "hop 1: waiting for GET "+slow.URL+"/slow")
	clear := strings.LastIndex(s, "\r\x1b[K")
	view := strings.Index(s, " 1  GET ")
	if at < 0 || clear < at || view < clear {
		t.Errorf("want the spinner, then its line cleared, then the view; got %q", s)
	}
	if r := <-piped; r.err != nil || r.stderr != "" {
		t.Errorf("in a pipe: %v, stderr %q; want nothing on stderr", r.err, r.stderr)
	}
}

// TestCheckProgressBarOnlyOnATerminal: the progress bar goes to stderr when
// stderr is a terminal, never into a pipe, and never into stdout.
func TestCheckProgressBarOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	bin := hopsBinary(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	file := writeFile(t, "urls.txt", strings.Repeat(srv.URL+"/p\n", 30))
	env := termEnv(t, "xterm")

	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	cmd := exec.Command(bin, "check", "--csv", "-c", "2", file)
	cmd.Env = env
	cmd.Stderr = tty
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var bar bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&bar, ptmx); close(done) }()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("check: %v", err)
	}
	ptmx.Close()
	<-done
	if !strings.Contains(bar.String(), "checking") || !strings.Contains(bar.String(), "/30") {
		t.Errorf("no progress bar on the terminal's stderr: %q", bar.String())
	}
	if strings.Contains(stdout.String(), "checking") || strings.Contains(stdout.String(), "\x1b") {
		t.Errorf("progress leaked into stdout: %q", stdout.String())
	}
	if n := strings.Count(stdout.String(), "\n"); n != 31 {
		t.Errorf("CSV has %d lines; want a header and 30 rows", n)
	}

	quietInAPipe(t, env, bin, "check", "--csv", file)
}

// hopsBinary is the test binary installed as hops on PATH by TestMain.
func hopsBinary(t *testing.T) string {
	t.Helper()
	if err := waitForHops(); err != nil {
		t.Fatal(err)
	}
	bin, err := exec.LookPath("hops")
	if err != nil {
		t.Fatalf("hops is not on PATH: %v", err)
	}
	return bin
}

// termEnv is a minimal environment for a child with the given TERM.
func termEnv(t *testing.T, term string) []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TERM=" + term}
}

// quietInAPipe runs a command with stdout and stderr in pipes and fails
// when anything (a spinner, a progress bar) reached stderr.
func quietInAPipe(t *testing.T, env []string, bin string, args ...string) {
	t.Helper()
	stderr, err := pipeStderr(env, bin, args...)
	if err != nil {
		t.Fatal(err)
	}
	if stderr != "" {
		t.Errorf("stderr in a pipe: %q; want nothing", stderr)
	}
}

// pipeStderr runs a command with stdout and stderr in pipes and returns
// what reached stderr.
func pipeStderr(env []string, bin string, args ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = &stderr
	_, err := cmd.Output()
	return stderr.String(), err
}
