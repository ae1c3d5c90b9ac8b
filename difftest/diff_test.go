//go:build difftest

package difftest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// result is one scenario run by one client, and by hops as that client.
type result struct {
	sc      *scenario
	cl      *client
	skip    string
	reqs    []rec
	out     outcome
	hopsRan bool
	hops    []rec
	hopsOut outcome
	hopsArg string
	agree   bool
	// expected is why the disagreement is listed in
	// expected-divergences.txt ("" when it is not).
	expected string
}

// hopsSupport says, per profile, whether `hops --as PROFILE` runs, and if
// not why; probed once per profile.
var hopsSupport struct {
	sync.Mutex
	why map[string]*string
}

func hopsAs(profile string) (bool, string) {
	if hopsBin == "" {
		return false, "hops not built: " + hopsErr
	}
	hopsSupport.Lock()
	defer hopsSupport.Unlock()
	if hopsSupport.why == nil {
		hopsSupport.why = map[string]*string{}
	}
	if w, ok := hopsSupport.why[profile]; ok {
		return *w == "", *w
	}
	why := ""
	e, err := newEnv(tmpDir, nil)
	if err != nil {
		why = err.Error()
	} else {
		o := runProcess(context.Background(), nil, hopsBin, "--as", profile, "--json", e.url(e.A, "/probe"))
		if len(e.requests()) == 0 {
			why = fmt.Sprintf("hops --as %s: exit %d: %s", profile, o.Exit, o.Note)
		}
		e.close()
	}
	hopsSupport.why[profile] = &why
	return why == "", why
}

func TestDifferential(t *testing.T) {
	if !enabled {
		t.Skip("the differential test against real HTTP clients runs with HOPS_DIFFTEST=1 (see .ci/run: go test -tags difftest ./difftest/)")
	}
	known := expectedDivergences(t)
	var results []*result
	for _, sc := range scenarios() {
		for _, cl := range clients() {
			if cl.Only == nil || cl.Only(sc) {
				results = append(results, &result{sc: sc, cl: cl})
			}
		}
	}
	start := time.Now()
	t.Run("run", func(t *testing.T) {
		for _, cl := range clients() {
			var mine []*result
			for _, r := range results {
				if r.cl == cl {
					mine = append(mine, r)
				}
			}
			t.Run(cl.Name, func(t *testing.T) {
				t.Parallel()
				runClient(t, cl, mine, known)
			})
		}
	})
	t.Logf("%d runs in %s", len(results), time.Since(start).Round(time.Millisecond))
	report := writeReport(t, results)
	t.Log("\n" + report)
}

// runClient runs every scenario of one client (in one process when the
// client has a batch runner), then checks and compares each.
func runClient(t *testing.T, cl *client, rs []*result, known map[string]string) {
	bin := cl.Bin
	if cl.Bin == "python3" {
		bin = python
	}
	why := ""
	if bin != "" {
		if _, err := exec.LookPath(bin); err != nil {
			why = fmt.Sprintf("binary %q not found in PATH", bin)
		}
	}
	if why == "" && cl.missing != nil {
		why = cl.missing()
	}
	if why != "" {
		for _, r := range rs {
			r.skip = why
		}
		t.Skipf("%s: %s", cl.Name, why)
	}

	ctx := context.Background()
	var jobs []job
	var run []*result
	for _, r := range rs {
		if r.sc.Names && !cl.Names {
			r.skip = "no way to map host names to loopback without the system resolver"
			continue
		}
		e, err := newEnv(tmpDir, r.sc.Handle)
		if err != nil {
			t.Fatal(err)
		}
		defer e.close()
		jobs = append(jobs, job{sc: r.sc, e: e, url: r.sc.Start(e)})
		run = append(run, r)
	}
	var outs []outcome
	if cl.batch != nil {
		outs = cl.batch(ctx, jobs)
	} else {
		outs = make([]outcome, len(jobs))
		var wg sync.WaitGroup
		for i, j := range jobs {
			wg.Go(func() { outs[i] = cl.run(ctx, j.sc, j.e, j.url) })
		}
		wg.Wait()
	}
	for i, j := range jobs {
		j.e.close()
		run[i].out, run[i].reqs = outs[i], j.e.requests()
	}

	for _, r := range rs {
		t.Run(r.sc.Class+"/"+r.sc.Name, func(t *testing.T) {
			if r.skip != "" {
				t.Skipf("%s: %s", cl.Name, r.skip)
			}
			t.Parallel()
			check(t, r, known)
		})
	}
}

// check asserts what the real client did at its first request, and
// compares the whole run with hops's.
func check(t *testing.T, r *result, known map[string]string) {
	sc, cl := r.sc, r.cl
	// What is asserted of the real client: it ran to an end, and the
	// first request is the one asked for (the runner passed it right).
	if r.out.Exit == -1 {
		t.Errorf("%s: %s", cl.Name, r.out.Note)
	}
	if len(r.reqs) == 0 {
		t.Fatalf("%s sent no request (exit %d: %s)", cl.Name, r.out.Exit, r.out.Note)
	}
	if first := r.reqs[0]; first.Method != sc.Method || string(first.Body) != sc.Body {
		t.Errorf("%s: first request %s with body %q, want %s with %q", cl.Name, first.Method, first.Body, sc.Method, sc.Body)
	}
	t.Logf("%s: %s (exit %d: %s)", cl.Name, sequence(r.reqs), r.out.Exit, r.out.Note)

	ok, why := hopsAs(cl.Profile)
	if !ok {
		t.Logf("hops not compared: %s", why)
		return
	}
	h, err := newEnv(tmpDir, sc.Handle)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--as", cl.Profile, "--json", "--timeout", "8s"}, requestFlags(sc, h, sc.Start(h), cl.Variant)...)
	r.hopsArg = strings.Join(args[:2], " ")
	r.hopsOut = runProcess(context.Background(), nil, hopsBin, args...)
	h.close()
	r.hops, r.hopsRan = h.requests(), true
	r.agree = sequence(r.reqs) == sequence(r.hops)
	key := sc.Class + "/" + sc.Name + " " + cl.Name
	if r.agree {
		if _, listed := known[key]; listed {
			t.Logf("%s agrees now: remove it from testdata/expected-divergences.txt", key)
		}
		return
	}
	msg := fmt.Sprintf("hops --as %s disagrees with %s:\n  %s: %s\n  hops: %s", cl.Profile, cl.Name,
		cl.Name, sequence(r.reqs), sequence(r.hops))
	switch why, listed := known[key]; {
	case listed:
		r.expected = why
		t.Logf("%s\n  (expected: %s)", msg, why)
	case strict:
		t.Error(msg)
	default:
		t.Log(msg)
	}
}

// step is what the comparison looks at in one request.
func step(q rec) string {
	s := q.Origin + " " + q.Method + " " + fmt.Sprintf("%q", q.Target)
	if len(q.Body) > 0 {
		if string(q.Body) == formBody {
			s += " +body"
		} else {
			s += fmt.Sprintf(" +body%q", q.Body)
		}
	}
	if q.Authorization != "" {
		s += " +auth"
		if q.Authorization != "Bearer difftest-secret" {
			s += fmt.Sprintf("%q", q.Authorization)
		}
	}
	if q.Cookie != "" {
		s += " +cookie(" + q.Cookie + ")"
	}
	return s
}

// sequence is the comparison of a run: every request in order, and so
// their number.
func sequence(reqs []rec) string {
	steps := make([]string, len(reqs))
	for i, q := range reqs {
		steps[i] = step(q)
	}
	return fmt.Sprintf("%d: %s", len(reqs), strings.Join(steps, " → "))
}

func writeReport(t *testing.T, results []*result) string {
	report := renderReport(results)
	path := filepath.Join("testdata", "observed.md")
	if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
		t.Errorf("writing %s: %v", path, err)
	}
	return report
}
