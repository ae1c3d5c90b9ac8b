//go:build difftest

// Package difftest runs real HTTP clients (curl, wget, python-requests,
// HTTPie, urllib, Node's fetch, node-fetch, axios, Go's http.Client) and
// `hops --as NAME` against the same loopback redirect scenarios, and
// compares what the server received from each: the method, request-target,
// body, Authorization and Cookie of every request, and how many came. The
// real client is right where the two disagree (SPEC: Client profiles).
//
// It is slow and needs the clients installed, so it builds only with
// -tags difftest and runs only with HOPS_DIFFTEST=1 (.ci/run has a step
// for it): go test ./... does not link it. Disagreements with hops are
// logged and tabled; with HOPS_DIFFTEST_HOPS=1 each one that is not listed
// in testdata/expected-divergences.txt fails the test.
package difftest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var (
	enabled = os.Getenv("HOPS_DIFFTEST") == "1"
	strict  = os.Getenv("HOPS_DIFFTEST_HOPS") == "1"
	tmpDir  string
	hopsBin string
	// hopsErr says why hops was not built ("" when it was).
	hopsErr string
)

func TestMain(m *testing.M) {
	if enabled {
		dir, err := os.MkdirTemp("", "difftest")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		tmpDir = dir
		if err := initCerts(dir); err != nil {
			fmt.Fprintln(os.Stderr, "certificates:", err)
			os.Exit(2)
		}
		hopsBin = filepath.Join(dir, "hops")
		if out, err := exec.Command("go", "build", "-o", hopsBin, "github.com/hops-cli/hops").CombinedOutput(); err != nil {
			hopsErr = fmt.Sprintf("go build: %v: %s", err, out)
			hopsBin = ""
		}
		python = findPython()
	}
	code := m.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// expectedDivergences reads testdata/expected-divergences.txt: lines
// "SCENARIO CLIENT  # why", where SCENARIO is class/name.
func expectedDivergences(t *testing.T) map[string]string {
	f, err := os.Open(filepath.Join("testdata", "expected-divergences.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		line, why, _ := strings.Cut(s.Text(), "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			t.Fatalf("expected-divergences.txt: %q: want SCENARIO CLIENT # why", s.Text())
		}
		m[f[0]+" "+f[1]] = strings.TrimSpace(why)
	}
	return m
}

// findPython is the python3 interpreter itself (not a version manager's
// shim, which costs most of a second a start): Debian's when it has
// requests (python3-requests), else the one on PATH.
func findPython() string {
	if exec.Command("/usr/bin/python3", "-c", "import requests").Run() == nil {
		return "/usr/bin/python3"
	}
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if p := strings.TrimSpace(string(out)); err == nil && p != "" {
		return p
	}
	return "python3"
}
