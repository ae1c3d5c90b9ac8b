package check

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Limits of what Stats keeps, so that its memory stays bounded whatever
// the number of rows.
const (
	// MaxTrackedTargets bounds the distinct final URLs counted; rows that
	// land on a URL first seen after that are counted as untracked.
	MaxTrackedTargets = 10_000
	// TopTargets is how many of the most common final URLs a summary lists.
	TopTargets = 10
	// GroupExamples is how many rows a group names as examples.
	GroupExamples = 2
	// RootSources is how many sources with a deeper URL must land on a
	// site's root page before a summary calls it out as a soft-404 risk.
	RootSources = 3
)

// Stats is what the rows of a run say together, which no single row
// shows: the causes of the rows that are not ok, the findings, where the
// redirects land, how long the chains are and how they start. Add is
// called once per row, in output order, never concurrently.
type Stats struct {
	failOn inspect.Severity

	reasons  groups
	findings groups

	targets   map[string]int // final URL (no fragment) -> rows redirected to it
	roots     map[string]int // root URL -> rows from a deeper URL redirected to it
	untracked int            // rows redirected to a URL past MaxTrackedTargets

	chainLengths  []int       // rows per number of redirects
	firstStatuses map[int]int // rows per first status; statuses are 3 digits: bounded
}

// NewStats counts rows judged with failOn.
func NewStats(failOn inspect.Severity) *Stats {
	return &Stats{
		failOn:        failOn,
		targets:       map[string]int{},
		roots:         map[string]int{},
		firstStatuses: map[int]int{},
	}
}

// Group is the rows that share a cause or a finding code.
type Group struct {
	Kind     Kind
	Code     inspect.Code
	Severity inspect.Severity // of the finding, for KindFinding and Findings
	Rows     int
	Examples []Example // the first rows, at most GroupExamples
}

// Key names the group as Cause.Key does.
func (g *Group) Key() string { return Cause{Kind: g.Kind, Code: g.Code}.Key() }

// Example is one row of a group: its line number and source.
type Example struct {
	Row    int
	Source string
}

// groups keeps groups in first-seen order; their number is bounded by the
// kinds and codes there are.
type groups struct {
	list  []*Group
	index map[string]*Group
}

func (gs *groups) add(key string, g Group, row Row) {
	if gs.index == nil {
		gs.index = map[string]*Group{}
	}
	cur := gs.index[key]
	if cur == nil {
		cur = &g
		gs.index[key] = cur
		gs.list = append(gs.list, cur)
	}
	cur.Rows++
	if len(cur.Examples) < GroupExamples {
		cur.Examples = append(cur.Examples, Example{Row: row.N, Source: row.Source})
	}
}

// sorted returns the groups, most rows first; ties in the order of rank,
// then by key.
func (gs *groups) sorted(rank func(*Group) int) []Group {
	out := make([]Group, 0, len(gs.list))
	for _, g := range gs.list {
		out = append(out, *g)
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		return cmp.Or(b.Rows-a.Rows, rank(&a)-rank(&b), cmp.Compare(a.Key(), b.Key()))
	})
	return out
}

// Add counts a finished row.
func (s *Stats) Add(res Result) {
	c := res.Chain
	var causes []Cause
	if res.Verdict != OK {
		causes = []Cause{{Kind: KindMalformed}}
		if c != nil || res.Row.Err != nil {
			_, causes = Explain(res.Row, c, s.failOn)
		}
		for _, c := range causes {
			s.reasons.add(c.Key(), Group{Kind: c.Kind, Code: c.Code, Severity: c.Severity}, res.Row)
		}
	}
	if c == nil || len(c.Hops) == 0 {
		return
	}
	n := c.Redirects()
	for len(s.chainLengths) <= n {
		s.chainLengths = append(s.chainLengths, 0)
	}
	s.chainLengths[n]++
	if first := c.Hops[0]; first.Responded() {
		s.firstStatuses[first.Status]++
	}
	var seen []inspect.Code
	for _, f := range c.Findings {
		isCause := slices.ContainsFunc(causes, func(k Cause) bool { return k.Code == f.Code })
		if isCause || !s.otherFinding(c, f) || slices.Contains(seen, f.Code) {
			continue
		}
		seen = append(seen, f.Code)
		s.findings.add(string(f.Code), Group{Kind: KindFinding, Code: f.Code, Severity: f.Severity}, res.Row)
	}
	if last := c.Last(); n > 0 && c.Final() && last.Responded() {
		s.addTarget(res.Row.Source, last.URL)
	}
}

// otherFinding reports a finding that Reasons does not already tell: a
// warning or an error below failOn (findings at failOn are causes; an
// info finding is on almost every row of a migration), other than what
// stopped the walk or final-error (the final status says it).
func (s *Stats) otherFinding(c *inspect.Chain, f inspect.Finding) bool {
	switch {
	case f.Severity < inspect.SeverityWarning, f.Severity >= s.failOn, f.Code == inspect.CodeFinalError:
		return false
	case !c.Final() && f.Code == stopCode(c):
		return false
	}
	return true
}

// addTarget counts a row redirected to final, within MaxTrackedTargets.
func (s *Stats) addTarget(source, final string) {
	final = href.StripFragment(final)
	if _, ok := s.targets[final]; !ok && len(s.targets) >= MaxTrackedTargets {
		s.untracked++
		return
	}
	s.targets[final]++
	if isRoot(final) && !isRoot(source) {
		// Bounded too: a root URL is also a tracked target.
		s.roots[final]++
	}
}

// isRoot reports a site's home page: path "/" and no query.
func isRoot(raw string) bool {
	// Most URLs have a path below the root, which shows without a parse:
	// after a scheme and "://", the authority and a path longer than "/".
	if i := strings.Index(raw, "://"); i > 0 && isScheme(raw[:i]) {
		rest := raw[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			p := rest[j:]
			if k := strings.IndexAny(p, "?#"); k >= 0 {
				p = p[:k]
			}
			if len(p) > 1 {
				return false
			}
		}
	}
	u, err := url.Parse(raw)
	return err == nil && (u.Path == "/" || u.Path == "") && u.RawQuery == "" && !u.ForceQuery
}

// isScheme reports whether s is a URL scheme as url.Parse reads one: a
// letter, then letters, digits, "+", "-" or ".".
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// Reasons groups the rows that are not ok by cause, most rows first. A
// row with several causes is in each of their groups.
func (s *Stats) Reasons() []Group {
	if s == nil {
		return nil
	}
	return s.reasons.sorted(kindRank)
}

// Findings groups the rows by the code of a finding below failOn (each
// row once per code), warnings and errors, most rows first: what Reasons
// does not show.
func (s *Stats) Findings() []Group {
	if s == nil {
		return nil
	}
	return s.findings.sorted(func(g *Group) int { return -int(g.Severity) })
}

// kindRank orders the kinds as a reason does: the most important first.
func kindRank(g *Group) int {
	order := []Kind{KindElsewhere, KindFinalStatus, KindFirstStatus, KindFinding, KindAtLimit, KindStop, KindInterrupted, KindMalformed}
	return slices.Index(order, g.Kind)
}

// Target is a final URL and the number of rows redirected to it.
type Target struct {
	URL   string
	Count int
}

// TopTargets returns the n final URLs the most rows were redirected to,
// most first, ties by URL. Only rows with at least one redirect and a
// final response count: a row that was not redirected did not land
// anywhere.
func (s *Stats) TopTargets(n int) []Target {
	if s == nil {
		return nil
	}
	return top(s.targets, n)
}

// RootTargets returns the site roots that at least RootSources rows from
// a deeper URL were redirected to, most first.
func (s *Stats) RootTargets() []Target {
	if s == nil {
		return nil
	}
	var out []Target
	for _, t := range top(s.roots, len(s.roots)) {
		if t.Count >= RootSources {
			out = append(out, t)
		}
	}
	return out
}

// top is the n entries of m with the most rows, most first, ties by URL.
// A few out of many (the summary's ten of up to MaxTrackedTargets) are
// kept in order as the map is read, not by sorting all of it: at the end
// of a large run that sort took 2 ms with nothing else left to do.
func top(m map[string]int, n int) []Target {
	n = max(n, 0)
	if n >= len(m) {
		out := make([]Target, 0, len(m))
		for u, c := range m {
			out = append(out, Target{u, c})
		}
		slices.SortFunc(out, compareTargets)
		return out
	}
	out := make([]Target, 0, n)
	for u, c := range m {
		t := Target{u, c}
		if len(out) == n && (n == 0 || compareTargets(t, out[n-1]) >= 0) {
			continue
		}
		i, _ := slices.BinarySearchFunc(out, t, compareTargets)
		if len(out) < n {
			out = append(out, Target{})
		}
		copy(out[i+1:], out[i:len(out)-1])
		out[i] = t
	}
	return out
}

// compareTargets orders targets most rows first, ties by URL.
func compareTargets(a, b Target) int {
	return cmp.Or(b.Count-a.Count, cmp.Compare(a.URL, b.URL))
}

// Untracked is the number of rows redirected to a final URL that was not
// counted because MaxTrackedTargets distinct URLs already were.
func (s *Stats) Untracked() int {
	if s == nil {
		return 0
	}
	return s.untracked
}

// Count is a number of rows for a value (a number of redirects, a status).
type Count struct {
	Value, Rows int
}

// ChainLengths returns the rows per number of redirects, shortest first,
// for every row with a chain (a malformed row has none); lengths no row
// has are left out.
func (s *Stats) ChainLengths() []Count {
	if s == nil {
		return nil
	}
	var out []Count
	for n, rows := range s.chainLengths {
		if rows > 0 {
			out = append(out, Count{n, rows})
		}
	}
	return out
}

// FirstStatuses returns the rows per status of the first response, by
// status.
func (s *Stats) FirstStatuses() []Count {
	if s == nil {
		return nil
	}
	out := make([]Count, 0, len(s.firstStatuses))
	for st, rows := range s.firstStatuses {
		out = append(out, Count{st, rows})
	}
	slices.SortFunc(out, func(a, b Count) int { return a.Value - b.Value })
	return out
}
