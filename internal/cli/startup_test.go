package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/hops-cli/hops/walk"
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
		{[]string{"check", "--version"}, 2, "", "hops: unknown flag --version (see 'hops check --help')\n", true},
		{[]string{"check", "-V"}, 2, "", "hops: unknown flag -V (see 'hops check --help')\n", true},
	} {
		r := runHopsBinary(t, tc.args...)
		okOut := r.stdout == tc.stdoutHead || !tc.stdoutWhole && strings.HasPrefix(r.stdout, tc.stdoutHead)
		if r.code != tc.code || !okOut || r.stderr != tc.stderr {
			t.Errorf("hops %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q (whole: %v), stderr %q",
				tc.args, r.code, r.stdout, r.stderr, tc.code, tc.stdoutHead, tc.stdoutWhole, tc.stderr)
		}
	}
}

// interruptOnce runs the hops binary with args, sends it one SIGINT when
// ready fires, and returns its stdout and stderr once it has exited with
// status 130 of its own (not killed by the signal).
func interruptOnce(t *testing.T, ready <-chan struct{}, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(hopsBinary(t), args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-ready
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("hops exited %v; want exit status 130", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || ws.Signaled() || ws.ExitStatus() != 130 {
		t.Fatalf("hops: %v; want exit status 130 from hops itself (stderr %q)", err, errb.String())
	}
	return out.String(), errb.String()
}

// TestInterruptSingleChain: a single inspection's first Ctrl-C is taken
// by hops (the notice, the chain walked so far, exit 130), not by the
// signal's default action.
func TestInterruptSingleChain(t *testing.T) {
	t.Parallel()
	base, conns := silentServer(t)
	out, errb := interruptOnce(t, conns, "--json", "--timeout", "60s", base+"/")
	if want := "hops: interrupted: finishing what is in flight (interrupt again to stop at once)\n"; errb != want {
		t.Errorf("stderr %q; want %q", errb, want)
	}
	if want := `"message": "GET ` + base + `/ failed: interrupted"`; !strings.Contains(out, want) {
		t.Errorf("stdout does not hold the chain walked so far (%s):\n%s", want, out)
	}
	// The chain was cut short by the user: its error says so, as hops
	// explain interrupted tells.
	if want := `"code": "interrupted"`; !strings.Contains(out, want) {
		t.Errorf("stdout's error is not %s:\n%s", want, out)
	}
}

// TestInterruptAllClients: a Ctrl-C during hops --as all --json writes the
// clients walked so far, and the document's own error says the run was cut
// short (as hops canon's does), not only the last client's.
func TestInterruptAllClients(t *testing.T) {
	t.Parallel()
	base, conns := silentServer(t)
	out, _ := interruptOnce(t, conns, "--as", "all", "--json", "--timeout", "60s", base+"/")
	var doc struct {
		Clients []struct {
			Client string
			Error  *struct{ Code string }
		}
		Error *struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is no JSON document: %v\n%s", err, out)
	}
	if len(doc.Clients) != 1 || doc.Clients[0].Client != "browser" || doc.Clients[0].Error == nil || doc.Clients[0].Error.Code != "interrupted" {
		t.Errorf("clients = %+v; want browser alone, interrupted\n%s", doc.Clients, out)
	}
	if doc.Error == nil || doc.Error.Code != "interrupted" || doc.Error.Message != "interrupted before every client walked the chain" {
		t.Errorf("error = %+v; want interrupted before every client walked the chain", doc.Error)
	}
}

// TestInterruptLastClientsBody: a Ctrl-C while the last client (googlebot)
// reads its final body ends that walk as a response whose body failed, not
// as interrupted; the document's error still says the run was cut short.
func TestInterruptLastClientsBody(t *testing.T) {
	t.Parallel()
	reached := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.UserAgent(), "Googlebot") {
			io.WriteString(w, "ok")
			return
		}
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		select {
		case reached <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	out, _ := interruptOnce(t, reached, "--as", "all", "--json", "--timeout", "60s", srv.URL+"/")
	var doc struct {
		Clients []struct{ Client string }
		Error   *struct{ Code string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is no JSON document: %v\n%s", err, out)
	}
	if n := len(doc.Clients); n == 0 || doc.Clients[n-1].Client != "googlebot" {
		t.Errorf("clients %+v; want googlebot last", doc.Clients)
	}
	if doc.Error == nil || doc.Error.Code != "interrupted" {
		t.Errorf("error = %+v; want interrupted", doc.Error)
	}
}

// TestCommandFlagsOnDemand: a command's flags are built when a line needs
// them (the command is run, helped or completed, or one of its flags is
// typed before its name); what depends on them reads as before.
func TestCommandFlagsOnDemand(t *testing.T) {
	t.Parallel()
	mapFile := writeFile(t, "map.csv", "source,target\nhttp://a.example/x,http://a.example/y\nhttp://a.example/y,http://a.example/z\n")
	const lint = "map lint: 1 issue in 2 rows\n" +
		"  chained-target  row 2's target http://a.example/y is the source of row 3, so the map builds a chain of 2 redirects; point row 2 at http://a.example/z\n"
	const diffHelp = `hops diff - what changed between two --json results (a chain or a check run)

Usage:
  hops diff [options] OLD NEW

OLD and NEW are outputs of hops --json (one chain) or hops check --json (JSON Lines); either may
be - for standard input. Rows are matched by source URL and method. Each change is a regression
(a new error or warning finding; the final status left 2xx or no final response came; the final
URL moved; a permanent first redirect became temporary; HSTS lost or weakened), an improvement
(an error or warning finding went; the final status became 2xx; fewer redirects) or a change
(anything else, a row only in one run too). A row is its worst change.

Output options:
  --json                       write the changes as one JSON document (schema_version 1)
  --color auto|always|never    colour the output (auto: on a terminal, unless NO_COLOR is set) (default auto)
  --fail-on regression|change  exit 1 on any regression, or (change) on any difference at all (default regression)

Options:
  -h, --help  show help

Examples:
  hops check --json map.csv > baseline.jsonl                # save today's redirects
  hops check --json map.csv | hops diff baseline.jsonl -    # after a deploy: exit 1 on a regression
  hops diff --json --fail-on change old.json new.json       # any difference fails

Exit status:
  0    no regression (with --fail-on change: no difference)
  1    at least one regression (with --fail-on change: any difference)
  2    bad usage or input: a file unreadable, not JSON or not a run of hops (named with its line)
`
	const explainOptions = "\nOptions:\n" +
		"  --list      list every finding code with its severity, then the error and lint codes\n" +
		"  -h, --help  show help\n"
	for _, tc := range []struct {
		args           []string
		code           int
		stdout, stderr string
		prefix         bool // stdout starts with, or contains (explainOptions), the text
	}{
		// check's -c and --junit typed before "check": their values are
		// skipped when the command is looked for ("check" itself, here).
		{[]string{"-c", "2", "check", "--lint", mapFile}, 1, lint, "", false},
		{[]string{"-sc2", "check", "--lint", mapFile}, 1, lint, "", false},
		{[]string{"--per-host=3", "check", "--lint", mapFile}, 1, lint, "", false},
		{[]string{"--junit", "check", "check", "--lint", mapFile}, 2, "", "hops: --lint writes text or --json, not --csv or --junit (see 'hops check --help')\n", false},
		// Without a command they are no flags of hops.
		{[]string{"--concurrency", "2", "http://127.0.0.1:1/"}, 2, "", "hops: unknown flag --concurrency (see 'hops --help')\n", false},
		{[]string{"-c"}, 2, "", "hops: unknown flag -c (see 'hops --help')\n", false},
		// Help of a command, and its flags typed around "help".
		{[]string{"help", "diff"}, 0, diffHelp, "", false},
		{[]string{"diff", "-h"}, 0, diffHelp, "", false},
		{[]string{"--fail-on", "change", "help", "diff"}, 0, diffHelp, "", false},
		{[]string{"-c", "2", "help", "check"}, 0, "hops check - check many URLs, a migration map (source,target[,status]) or a sitemap, concurrently\n", "", true},
		{[]string{"explain", "--help"}, 0, explainOptions, "", true},
		// Completion of a command's flags.
		{[]string{"__complete", "diff", "--"}, 0, "--json\twrite the changes as one JSON document (schema_version 1)\n--color\tcolour the output\n--fail-on\texit 1 on any regression, or (change) on any difference at all\n--help\tshow help\n", "", false},
		{[]string{"__complete", "demo", "-"}, 0, "--serve\tkeep the lab up and print the hops commands to try\n--json\twrite each scenario as a JSON document, in turn\n--color\tcolour the output\n--help\tshow help\n", "", false},
		{[]string{"__complete", "check", "-c", "4", "--ba"}, 0, "--base\tURL the base that rows whose source is a path (/old/1) are resolved against\n--baseline\tFILE an earlier run's --json to compare each row with (as hops diff); a regression fails the run\n", "", false},
		{[]string{"__complete", "clients", "--color", ""}, 0, "auto\tcolour on a terminal, unless NO_COLOR is set\nalways\nnever\n", "", false},
	} {
		r := runHops(t, tc.args...)
		okOut := r.stdout == tc.stdout
		if tc.prefix {
			okOut = strings.HasPrefix(r.stdout, tc.stdout) || strings.Contains(r.stdout, tc.stdout)
		}
		if r.code != tc.code || !okOut || r.stderr != tc.stderr {
			t.Errorf("hops %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q (prefix: %v), stderr %q",
				tc.args, r.code, r.stdout, r.stderr, tc.code, tc.stdout, tc.prefix, tc.stderr)
		}
	}
}

// TestHelpIsNoFlagName: -h and --help are the parser's own, no flag of hops
// or of a command is named so (App.anyFlag relies on it).
func TestHelpIsNoFlagName(t *testing.T) {
	app := newApp(&streams{})
	sets := map[string][]*Flag{"hops": app.Flags}
	for _, c := range app.Commands {
		sets["hops "+c.Name] = c.flagList()
	}
	for name, flags := range sets {
		for _, n := range []string{"help", "h"} {
			if f := flagNamed(flags, n); f != nil {
				t.Errorf("%s has a flag named %q (--%s)", name, n, f.Name)
			}
		}
	}
}

// TestFlagTablesAgree: the flag tables are package data written out in
// full, so two values are declared twice; each pair is kept equal here.
func TestFlagTablesAgree(t *testing.T) {
	if f := flagNamed(requestFlags, "agent"); f.Usage != "User-Agent preset `NAME`: "+agentNames() {
		t.Errorf("--agent's usage %q does not list agentList (%s)", f.Usage, agentNames())
	}
	if f := flagNamed(requestFlags, "timeout"); f.Value != walk.DefaultTimeout.String() {
		t.Errorf("--timeout's default %q; walk.DefaultTimeout is %v", f.Value, walk.DefaultTimeout)
	}
	if f := flagNamed(requestFlags, "max-redirects"); f.Value != walk.DefaultMaxRedirects {
		t.Errorf("--max-redirects' default %v; walk.DefaultMaxRedirects is %d", f.Value, walk.DefaultMaxRedirects)
	}
}
