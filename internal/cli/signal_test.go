package cli

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// silentServer accepts connections, reads and never answers; each new
// connection is announced on the returned channel.
func silentServer(t *testing.T) (string, <-chan struct{}) {
	t.Helper()
	conns := make(chan struct{}, 16)
	base := rawServer(t, func(c net.Conn) {
		select {
		case conns <- struct{}{}:
		default:
		}
		io.Copy(io.Discard, c)
	})
	return base, conns
}

// runSignalled starts the hops binary, sends sigs once it has connected to
// the server (each after the previous one), and returns the exit status as
// a shell reports it (128+N for a signal the process died of) and whether
// it died of a signal.
func runSignalled(t *testing.T, conns <-chan struct{}, args []string, sigs ...syscall.Signal) (int, bool) {
	t.Helper()
	cmd := exec.Command(hopsBinary(t), args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-conns
	lines := bufio.NewReader(stderr)
	for i, s := range sigs {
		if err := cmd.Process.Signal(s); err != nil {
			t.Fatal(err)
		}
		if i == 0 && len(sigs) > 1 {
			// The next signal goes once hops has taken the first.
			if line, err := lines.ReadString('\n'); err != nil || !strings.Contains(line, "interrupt again to stop at once") {
				t.Fatalf("stderr after the first signal: %q, %v", line, err)
			}
		}
	}
	go io.Copy(io.Discard, lines)
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, false
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal()), true
		}
		return ee.ExitCode(), false
	}
	t.Fatal(err)
	return 0, false
}

// TestSIGTERM: SIGTERM winds a run down like Ctrl-C, and exits 143.
func TestSIGTERM(t *testing.T) {
	t.Parallel()
	base, conns := silentServer(t)
	code, killed := runSignalled(t, conns, []string{"--json", "--timeout", "60s", base + "/"}, syscall.SIGTERM)
	if code != 143 || killed {
		t.Errorf("exit %d (killed by the signal: %v); want 143 from hops itself", code, killed)
	}
}

// TestSecondInterrupt: a check winding down after Ctrl-C is ended by a
// second Ctrl-C, whatever its rows still wait for.
func TestSecondInterrupt(t *testing.T) {
	t.Parallel()
	base, conns := silentServer(t)
	list := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(list, []byte(base+"/a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, killed := runSignalled(t, conns, []string{"check", "--json", "--timeout", "60s", list}, syscall.SIGINT, syscall.SIGINT)
	if code != 130 {
		t.Errorf("exit %d (killed: %v); want 130", code, killed)
	}
}

// TestSecondInterruptLeavesNoEmptyReport: a run ended at once by a second
// Ctrl-C removes the report files it made (a 0-byte JUnit file fails the
// CI job that reads it), leaves an earlier run's report as it was, and
// dies of the signal.
func TestSecondInterruptLeavesNoEmptyReport(t *testing.T) {
	t.Parallel()
	base, conns := silentServer(t)
	dir := t.TempDir()
	list, junit, page := filepath.Join(dir, "urls.txt"), filepath.Join(dir, "j.xml"), filepath.Join(dir, "h.html")
	if err := os.WriteFile(list, []byte(base+"/a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte("an earlier report"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, killed := runSignalled(t, conns, []string{"check", "--json", "--timeout", "60s", "--junit", junit, "--html", page, list}, syscall.SIGINT, syscall.SIGINT)
	// Killed by the signal, as a shell script needs to stop too.
	if code != 130 || !killed {
		t.Errorf("exit %d (killed by the signal: %v); want killed by SIGINT", code, killed)
	}
	if _, err := os.Stat(junit); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the JUnit report this run made is still there (%v)", err)
	}
	if b, err := os.ReadFile(page); err != nil || string(b) != "an earlier report" {
		t.Errorf("the earlier HTML report became %q (%v)", b, err)
	}
}
