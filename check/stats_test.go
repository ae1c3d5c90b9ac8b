package check

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// result builds a judged row whose chain goes through urls with statuses.
func result(n int, source, target string, statuses []int, urls ...string) Result {
	c := &inspect.Chain{Stop: inspect.StopFinal, MaxRedirects: 20}
	for i, u := range urls {
		c.Hops = append(c.Hops, inspect.Hop{N: i + 1, URL: u, Method: "GET", Status: statuses[i], Reason: http.StatusText(statuses[i])})
	}
	row := Row{N: n, Source: source, Target: target}
	v, reason := Judge(row, c, inspect.SeverityError)
	return Result{Row: row, Chain: c, Verdict: v, Reason: reason}
}

func TestStats(t *testing.T) {
	s := NewStats(inspect.SeverityError)
	home := "https://new.example/"
	add := func(r Result) { s.Add(r) }
	// Rows 2-5 land on the home page from deeper URLs; row 6 is the old
	// home page itself, which is no soft 404.
	for n := 2; n <= 5; n++ {
		src := fmt.Sprintf("http://old.example/p/%d", n)
		add(result(n, src, home, []int{301, 200}, src, home))
	}
	add(result(6, "http://old.example/", home, []int{301, 200}, "http://old.example/", home))
	// Rows 7 and 8 land on one page, with a fragment on one of them.
	// Both have a warning below --fail-on, one an info finding too.
	warned := func(r Result, fs ...inspect.Finding) Result { r.Chain.Findings = fs; return r }
	hsts := inspect.Finding{Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Hop: 2}
	add(warned(result(7, "http://old.example/a", "", []int{301, 302, 200}, "http://old.example/a", "http://old.example/b", "https://new.example/b#top"),
		hsts, inspect.Finding{Code: inspect.CodePermanentCached, Severity: inspect.SeverityInfo, Hop: 1}))
	add(warned(result(8, "http://old.example/c", "", []int{308, 200}, "http://old.example/c", "https://new.example/b"), hsts))
	// Row 9 is not redirected: it lands nowhere.
	add(result(9, "https://new.example/z", "", []int{200}, "https://new.example/z"))
	// Rows 10-12 are not ok.
	add(result(10, "http://old.example/d", "https://new.example/d", []int{301, 404}, "http://old.example/d", "https://new.example/x"))
	add(result(11, "http://old.example/e", "https://new.example/e", []int{301, 200}, "http://old.example/e", "https://new.example/y"))
	add(result(12, "http://old.example/f", "https://new.example/f", []int{301, 200}, "http://old.example/f", "https://new.example/w"))
	failed := &inspect.Chain{Stop: inspect.StopFailed, Hops: []inspect.Hop{{N: 1, URL: "http://dead.example/", Method: "GET", Err: errors.New("refused")}}}
	failed.Findings = []inspect.Finding{{Code: inspect.CodeRequestFailed, Severity: inspect.SeverityError, Hop: 1, Message: "refused"}}
	add(Result{Row: Row{N: 13, Source: "http://dead.example/"}, Chain: failed, Verdict: Error, Reason: "request-failed: refused"})
	add(Result{Row: Row{N: 14, Err: errors.New("bad")}, Verdict: Error, Reason: "malformed row: bad"})

	wantReasons := []Group{
		{Kind: KindElsewhere, Rows: 3, Examples: []Example{{10, "http://old.example/d"}, {11, "http://old.example/e"}}},
		{Kind: KindFinalStatus, Rows: 1, Examples: []Example{{10, "http://old.example/d"}}},
		{Kind: KindStop, Code: inspect.CodeRequestFailed, Rows: 1, Examples: []Example{{13, "http://dead.example/"}}},
		{Kind: KindMalformed, Rows: 1, Examples: []Example{{14, ""}}},
	}
	if got := s.Reasons(); !reflect.DeepEqual(got, wantReasons) {
		t.Errorf("Reasons:\n got %+v\nwant %+v", got, wantReasons)
	}
	// request-failed is told as the cause of row 13 already.
	wantFindings := []Group{{Kind: KindFinding, Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Rows: 2, Examples: []Example{{7, "http://old.example/a"}, {8, "http://old.example/c"}}}}
	if got := s.Findings(); !reflect.DeepEqual(got, wantFindings) {
		t.Errorf("Findings:\n got %+v\nwant %+v", got, wantFindings)
	}
	wantTop := []Target{{home, 5}, {"https://new.example/b", 2}, {"https://new.example/w", 1}}
	if got := s.TopTargets(3); !reflect.DeepEqual(got, wantTop) {
		t.Errorf("TopTargets(3) = %v; want %v", got, wantTop)
	}
	if got := s.RootTargets(); !reflect.DeepEqual(got, []Target{{home, 4}}) {
		t.Errorf("RootTargets = %v; want the home page from 4 deeper sources", got)
	}
	if got, want := s.ChainLengths(), []Count{{0, 2}, {1, 9}, {2, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ChainLengths = %v; want %v", got, want)
	}
	if got, want := s.FirstStatuses(), []Count{{200, 1}, {301, 9}, {308, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("FirstStatuses = %v; want %v", got, want)
	}
}

// TestStatsOtherFindings: Findings holds the warnings and errors below
// --fail-on (those at it are causes, info is noise), each code once a
// row however many hops raise it, never final-error (the final status
// says it).
func TestStatsOtherFindings(t *testing.T) {
	r := result(2, "http://a.example/", "", []int{301, 301, 200}, "http://a.example/", "http://a.example/b", "http://a.example/c")
	r.Chain.Findings = []inspect.Finding{
		{Code: inspect.CodePermanentCached, Severity: inspect.SeverityInfo, Hop: 1},
		{Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Hop: 1},
		{Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Hop: 2},
		{Code: inspect.CodeDowngrade, Severity: inspect.SeverityError, Hop: 2},
	}
	gone := result(3, "http://a.example/x", "", []int{404}, "http://a.example/x")
	gone.Chain.Findings = []inspect.Finding{{Code: inspect.CodeFinalError, Severity: inspect.SeverityError, Hop: 1}}
	example := []Example{{2, "http://a.example/"}}
	hsts := Group{Kind: KindFinding, Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Rows: 1, Examples: example}
	downgrade := Group{Kind: KindFinding, Code: inspect.CodeDowngrade, Severity: inspect.SeverityError, Rows: 1, Examples: example}
	for _, tc := range []struct {
		failOn inspect.Severity
		want   []Group
	}{
		{inspect.SeverityError, []Group{hsts}},
		{inspect.SeverityWarning, []Group{}},
		{inspect.SeverityError + 1, []Group{downgrade, hsts}}, // never
	} {
		s := NewStats(tc.failOn)
		s.Add(r)
		s.Add(gone)
		if got := s.Findings(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("--fail-on %s: findings\n got %+v\nwant %+v", tc.failOn, got, tc.want)
		}
	}
}

// TestStatsBounded: past MaxTrackedTargets distinct final URLs, rows that
// land on a new one are counted as untracked; known ones still count.
func TestStatsBounded(t *testing.T) {
	s := NewStats(inspect.SeverityError)
	for i := range MaxTrackedTargets + 5 {
		src, dst := fmt.Sprintf("http://a.example/%d", i), fmt.Sprintf("http://b.example/%d", i)
		s.Add(result(i+1, src, "", []int{301, 200}, src, dst))
	}
	s.Add(result(1, "http://a.example/again", "", []int{301, 200}, "http://a.example/again", "http://b.example/7"))
	if s.Untracked() != 5 || len(s.targets) != MaxTrackedTargets {
		t.Errorf("untracked %d, tracked %d; want 5, %d", s.Untracked(), len(s.targets), MaxTrackedTargets)
	}
	if got := s.TopTargets(1); !reflect.DeepEqual(got, []Target{{"http://b.example/7", 2}}) {
		t.Errorf("TopTargets(1) = %v", got)
	}
}

// TestStatsNil: a summary nobody counted reads as empty.
func TestStatsNil(t *testing.T) {
	var s *Stats
	if s.Reasons() != nil || s.Findings() != nil || s.TopTargets(3) != nil || s.RootTargets() != nil ||
		s.ChainLengths() != nil || s.FirstStatuses() != nil || s.Untracked() != 0 {
		t.Error("a nil Stats is not empty")
	}
}

func TestTopKeepsTheMostRowsTiesByURL(t *testing.T) {
	t.Parallel()
	m := map[string]int{
		"https://n.example/e": 1, "https://n.example/a": 7, "https://n.example/d": 3,
		"https://n.example/c": 3, "https://n.example/b": 3, "https://n.example/f": 9,
		"https://n.example/g": 1,
	}
	for _, tc := range []struct {
		n    int
		want []Target
	}{
		{-1, []Target{}},
		{0, []Target{}},
		{1, []Target{{"https://n.example/f", 9}}},
		{3, []Target{{"https://n.example/f", 9}, {"https://n.example/a", 7}, {"https://n.example/b", 3}}},
		{4, []Target{{"https://n.example/f", 9}, {"https://n.example/a", 7}, {"https://n.example/b", 3}, {"https://n.example/c", 3}}},
		{6, []Target{{"https://n.example/f", 9}, {"https://n.example/a", 7}, {"https://n.example/b", 3}, {"https://n.example/c", 3}, {"https://n.example/d", 3}, {"https://n.example/e", 1}}},
		{7, []Target{{"https://n.example/f", 9}, {"https://n.example/a", 7}, {"https://n.example/b", 3}, {"https://n.example/c", 3}, {"https://n.example/d", 3}, {"https://n.example/e", 1}, {"https://n.example/g", 1}}},
		{10, []Target{{"https://n.example/f", 9}, {"https://n.example/a", 7}, {"https://n.example/b", 3}, {"https://n.example/c", 3}, {"https://n.example/d", 3}, {"https://n.example/e", 1}, {"https://n.example/g", 1}}},
	} {
		// Map order varies from run to run: a few reads meet several orders.
		for range 20 {
			if got := top(m, tc.n); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("top(m, %d) = %v; want %v", tc.n, got, tc.want)
			}
		}
	}
}

// BenchmarkTopTargets is the summary's ten most common of MaxTrackedTargets
// final URLs.
func BenchmarkTopTargets(b *testing.B) {
	m := make(map[string]int, MaxTrackedTargets)
	for i := range MaxTrackedTargets {
		m[fmt.Sprintf("https://new.example/p/%d", i)] = i % 97
	}
	for b.Loop() {
		if got := top(m, TopTargets); len(got) != TopTargets || got[0].Count != 96 {
			b.Fatal(got)
		}
	}
}
