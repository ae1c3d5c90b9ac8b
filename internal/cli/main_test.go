package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/hops-cli/hops/lab"
)

// testVersion is the version the test build of hops is given.
const testVersion = "9.8.7"

// hopsBuilt is closed when the hops binary is on PATH; buildErr says why
// it is not. The build runs beside the tests that need no process, and
// each test that runs hops waits for it (hopsBinary, the scripts' Setup).
var (
	hopsBuilt = make(chan struct{})
	buildErr  error
)

// TestMain puts a hops binary on PATH for the scripts and the tests that
// run hops as a process: the real program, built once from this tree as
// the release is built (static, CGO_ENABLED=0: 8 ms less a start than a
// binary linked to libc; without symbols, which the linker then need not
// write; with the release's version flag, which version.txtar checks).
// (testscript can re-run this test binary as hops instead, but it links
// every test dependency and starts in 54 ms, against the program's 31;
// with some two hundred runs that was a third of the package's time.)
func TestMain(m *testing.M) {
	// Most tests here wait (on servers, timeouts, a pty, child processes)
	// more than they compute; with go test's default of GOMAXPROCS tests at
	// once, two waiting tests held a 2-core machine idle. Four at once took
	// the package from 12.3 to 8.0 s, eight from 11.5-12.3 to 10.4-10.7 s
	// on a busier day; under the race detector, whose CPU is the limit,
	// four. An explicit -parallel wins.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		n := max(8, 4*runtime.GOMAXPROCS(0))
		if raceEnabled {
			n = max(4, 2*runtime.GOMAXPROCS(0))
		}
		flag.Set("test.parallel", strconv.Itoa(n))
	}
	dir, err := os.MkdirTemp("", "hops-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	go func() {
		defer close(hopsBuilt)
		build := exec.Command("go", "build", "-buildvcs=false",
			"-ldflags", "-s -w -X main.version="+testVersion, "-o", filepath.Join(dir, "hops"), "github.com/hops-cli/hops")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build hops: %v\n%s", err, out)
		}
	}()
	// m.Run, not testscript.RunMain: RunMain ends in os.Exit itself, so the
	// directory below was never removed (a 10 MB binary left in the
	// temporary directory by every run). With no commands of its own to
	// install, testscript needs nothing from TestMain.
	code := m.Run()
	<-hopsBuilt
	os.RemoveAll(dir)
	os.Exit(code)
}

// waitForHops blocks until the hops binary is built.
func waitForHops() error {
	<-hopsBuilt
	return buildErr
}

// TestScripts runs testdata/script/*.txtar against the hops binary that
// TestMain builds and puts on PATH, and a running redirect lab:
//
//	$LAB   the lab's http base URL    $LABS  its https base URL
//	$CA    the lab CA file            $DEAD  a loopback address nobody listens on
func TestScripts(t *testing.T) {
	t.Parallel() // the scripts run the binary, never an app in this process
	p := testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			if err := waitForHops(); err != nil {
				return err
			}
			l, err := lab.Start()
			if err != nil {
				return err
			}
			env.Defer(l.Close)
			ca := filepath.Join(env.WorkDir, "ca.pem")
			if err := l.WriteCA(ca); err != nil {
				return err
			}
			dead, err := deadAddr()
			if err != nil {
				return err
			}
			// $SITES is the one port of the made-up hosts of hops canon
			// (lab.SiteScenarios), whose certificates $SITESCA signs.
			sites, err := lab.StartSites()
			if err != nil {
				return err
			}
			env.Defer(sites.Close)
			if err := sites.WriteCA(filepath.Join(env.WorkDir, "sites-ca.pem")); err != nil {
				return err
			}
			env.Setenv("SITES", strconv.Itoa(sites.Port()))
			env.Setenv("SITESCA", filepath.Join(env.WorkDir, "sites-ca.pem"))
			env.Setenv("LAB", l.HTTPURL())
			env.Setenv("LABS", l.HTTPSURL())
			env.Setenv("CA", ca)
			env.Setenv("DEAD", dead)
			env.Setenv("NO_COLOR", "")
			env.Setenv("COLUMNS", "80")
			return nil
		},
		// [shell:NAME]: NAME (zsh, fish) is installed. .ci/run installs
		// them, and under CI=true a missing one fails instead of skipping.
		Condition: func(cond string) (bool, error) {
			name, ok := strings.CutPrefix(cond, "shell:")
			if !ok {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if _, err := exec.LookPath(name); err != nil {
				if os.Getenv("CI") == "true" {
					return false, fmt.Errorf("%s is not installed, and CI must run its completion test", name)
				}
				return false, nil
			}
			return true, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits N cmd args...: run cmd and require exit status N.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exits: bad status %q", args[0])
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("exits: %v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited %d; want %d", args[1], got, want)
				}
			},
			// jsonvalid: stdout of the last command is one JSON value (or
			// JSON Lines with -lines).
			"jsonvalid": func(ts *testscript.TestScript, neg bool, args []string) {
				dec := json.NewDecoder(stringsReader(ts.ReadFile("stdout")))
				n := 0
				for dec.More() {
					var v any
					if err := dec.Decode(&v); err != nil {
						ts.Fatalf("stdout is not JSON: %v", err)
					}
					n++
				}
				if n == 0 {
					ts.Fatalf("stdout holds no JSON")
				}
			},
		},
	}
	// testscript removes its own root only when every script has run, so a
	// -run that picked some of them left an empty go-test-script* directory
	// behind; t.TempDir is removed whatever ran. A WorkdirRoot also keeps
	// each script's directory to the end and logs its path (testscript
	// takes it as -testwork), so -testwork itself keeps testscript's own.
	if f := flag.Lookup("testwork"); f == nil || f.Value.String() != "true" {
		p.WorkdirRoot = t.TempDir()
	}
	testscript.Run(t, p)
}

// deadAddr returns a loopback address with no listener: a port bound by
// a socket that never listens, so a connection to it is refused, held for
// the life of the test process. (A port listened on and closed again was
// free for the next server of a parallel test to take: the "dead" address
// then answered.)
var deadAddr = sync.OnceValues(func() (string, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", fmt.Errorf("socket: %w", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return "", fmt.Errorf("bind: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		return "", fmt.Errorf("getsockname: %w", err)
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port)), nil
})
