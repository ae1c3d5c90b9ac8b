package cli

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// Tests of what the command line answers itself, before (or instead of)
// an action: --version, help and usage errors. Signals are taken over
// only when an action runs, and the flags of a command are built only
// when that command is run, helped or completed; these outputs are pinned
// here as literals so that such laziness cannot change them.

// TestVersionBeforeAction: --version is answered once the flags are read,
// whatever else the line holds: help and a usage error still come first,
// and a command has no --version.
func TestVersionBeforeAction(t *testing.T) {
	t.Parallel()
	const helpHead = "hops - inspect HTTP redirect chains, hop by hop\n\nUsage:\n  hops [options] URL\n"
	for _, tc := range []struct {
		args               []string
		code               int
		stdoutHead, stderr string
		stdoutWhole        bool
	}{
		{[]string{"--version"}, 0, "hops 9.8.7\n", "", true},
		{[]string{"-V"}, 0, "hops 9.8.7\n", "", true},
		// No request is made for the URL: nothing listens on port 1.
		{[]string{"--version", "http://127.0.0.1:1/"}, 0, "hops 9.8.7\n", "", true},
		{[]string{"-s", "--brief", "-V", "--max-time", "1", "http://127.0.0.1:1/"}, 0, "hops 9.8.7\n", "", true},
		{[]string{"--version", "--help"}, 0, helpHead, "", false},
		{[]string{"-Vh"}, 0, helpHead, "", false},
		{[]string{"--version", "--nope"}, 2, "", "hops: unknown flag --nope (see 'hops --help')\n", true},
		{[]string{"check", "--version"}, 2, "", "hops: unknown flag --version (see 'hops --help')\n", true},
		{[]string{"check", "-V"}, 2, "", "hops: unknown flag -V (see 'hops --help')\n", true},
	} {
		r := runHopsBinary(t, tc.args...)
		okOut := r.stdout == tc.stdoutHead || !tc.stdoutWhole && strings.HasPrefix(r.stdout, tc.stdoutHead)
		if r.code != tc.code || !okOut || r.stderr != tc.stderr {
			t.Errorf("hops %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q (whole: %v), stderr %q",
				tc.args, r.code, r.stdout, r.stderr, tc.code, tc.stdoutHead, tc.stdoutWhole, tc.stderr)
		}
	}
}

// TestInterruptSingleChain: a single inspection's first Ctrl-C is taken
// by hops (the notice, the chain walked so far, exit 130), not by the
// signal's default action.
func TestInterruptSingleChain(t *testing.T) {
	t.Parallel()
	base, conns := silentServer(t)
	var out, errb bytes.Buffer
	cmd := exec.Command(hopsBinary(t), "--json", "--timeout", "60s", base+"/")
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-conns
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("hops exited %v; want exit status 130", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || ws.Signaled() || ws.ExitStatus() != 130 {
		t.Errorf("hops: %v; want exit status 130 from hops itself", err)
	}
	if want := "hops: interrupted: finishing what is in flight (interrupt again to stop at once)\n"; errb.String() != want {
		t.Errorf("stderr %q; want %q", errb.String(), want)
	}
	if want := `"message": "GET ` + base + `/ failed: interrupted"`; !strings.Contains(out.String(), want) {
		t.Errorf("stdout does not hold the chain walked so far (%s):\n%s", want, out.String())
	}
}
