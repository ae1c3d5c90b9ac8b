package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Lint codes: what a map says about itself before anything is fetched.
const (
	LintDuplicate   = "duplicate-source"    // one source on several rows, one target
	LintConflict    = "conflicting-targets" // one source, two targets
	LintChained     = "chained-target"      // a target is another row's source
	LintCycle       = "map-cycle"           // sources and targets that lead back
	LintIncomplete  = "lint-incomplete"     // more rows than the linter keeps
	maxLintedSource = 500_000
)

// LintIssue is one thing wrong with a map as written.
type LintIssue struct {
	Code    string
	Rows    []int // the rows involved, in input order
	Message string
}

// Linter collects a map's rows as they are read and, at the end, names
// duplicate sources, a source with two targets, targets that are sources of
// other rows (a chain built into the map) and cycles. It keeps one entry
// per distinct source, up to maxLintedSource, and says so when it stops.
type Linter struct {
	// mu: an interrupted check ends while its reader goroutine may still
	// be in Add (a read of stdin cannot be cancelled).
	mu      sync.Mutex
	rows    int
	order   []string // distinct source keys, first seen first
	sources map[string]*lintSource
	full    int // the row at which the linter stopped keeping sources
}

type lintSource struct {
	rows    []int32      // every row with this source
	targets []lintTarget // distinct targets, first seen first
}

type lintTarget struct {
	url string
	row int32
}

// NewLinter returns an empty linter.
func NewLinter() *Linter { return &Linter{sources: map[string]*lintSource{}} }

// Add takes one row. Malformed rows are not linted: they are reported as
// rows already. The reader has already serialised sources and targets as
// the WHATWG URL standard does, so equal strings are the URLs SameURL
// calls equal (scheme and host case, default ports).
func (l *Linter) Add(row Row) {
	if row.Err != nil || row.Source == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rows++
	key := row.Source
	s := l.sources[key]
	if s == nil {
		if len(l.order) >= maxLintedSource {
			if l.full == 0 {
				l.full = row.N
			}
			return
		}
		s = &lintSource{}
		l.sources[key] = s
		l.order = append(l.order, key)
	}
	s.rows = append(s.rows, int32(row.N))
	if row.Target == "" {
		return
	}
	for _, t := range s.targets {
		if t.url == row.Target {
			return
		}
	}
	s.targets = append(s.targets, lintTarget{row.Target, int32(row.N)})
}

// Issues returns what is wrong, in the order of the rows involved.
func (l *Linter) Issues() []LintIssue {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []LintIssue
	for _, key := range l.order {
		s := l.sources[key]
		switch {
		case len(s.targets) > 1:
			var ts []string
			for _, t := range s.targets {
				ts = append(ts, fmt.Sprintf("%s (row %d)", t.url, t.row))
			}
			out = append(out, LintIssue{LintConflict, ints(s.rows), fmt.Sprintf("%s has %d targets: %s", key, len(s.targets), strings.Join(ts, ", "))})
		case len(s.rows) > 1:
			out = append(out, LintIssue{LintDuplicate, ints(s.rows), fmt.Sprintf("%s is on rows %s", key, joinRows(ints(s.rows)))})
		}
	}
	out = append(out, l.chains()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rows[0] < out[j].Rows[0] })
	if l.full != 0 {
		out = append(out, LintIssue{LintIncomplete, []int{l.full}, fmt.Sprintf("the map has more than %d distinct sources; rows from %d on were not linted", maxLintedSource, l.full)})
	}
	return out
}

// next is where a source's first target leads, "" when it leads out of
// the map.
func (l *Linter) next(key string) (string, int) {
	s := l.sources[key]
	if s == nil || len(s.targets) == 0 {
		return "", 0
	}
	return s.targets[0].url, int(s.targets[0].row)
}

// chains follows each source's first target through the map: a target
// that is itself a source is a chain the map builds (the old URL should
// point at the end instead); a walk that comes back is a cycle, named
// once.
func (l *Linter) chains() []LintIssue {
	var out []LintIssue
	inCycle := map[string]bool{}
	for _, key := range l.order {
		target, row := l.next(key)
		if target == "" || inCycle[key] {
			continue
		}
		if target == key {
			inCycle[key] = true
			out = append(out, LintIssue{LintCycle, []int{row}, fmt.Sprintf("row %d redirects %s to itself", row, key)})
			continue
		}
		_, nextRow := l.next(target)
		if nextRow == 0 {
			continue
		}
		// Walk on from the target; path holds the sources passed, at
		// their positions in it.
		path := []string{key}
		at := map[string]int{key: 0}
		cur, cycle := target, -1
		for {
			if i, ok := at[cur]; ok {
				cycle = i
				break
			}
			to, _ := l.next(cur)
			if to == "" {
				break
			}
			at[cur] = len(path)
			path = append(path, cur)
			cur = to
		}
		switch {
		case cycle == 0:
			// This source is on the loop: name the loop from here.
			var urls []string
			var rows []int
			for _, k := range path {
				inCycle[k] = true
				_, r := l.next(k)
				urls = append(urls, k)
				rows = append(rows, r)
			}
			urls = append(urls, key)
			out = append(out, LintIssue{LintCycle, sortedRows(rows), fmt.Sprintf("rows %s form a cycle: %s", joinRows(rows), strings.Join(urls, " → "))})
		case cycle > 0:
			out = append(out, LintIssue{LintChained, sortedRows([]int{row, nextRow}), fmt.Sprintf("row %d's target %s is the source of row %d, which leads into a cycle", row, target, nextRow)})
		default:
			end, _ := l.next(path[len(path)-1])
			out = append(out, LintIssue{LintChained, sortedRows([]int{row, nextRow}),
				fmt.Sprintf("row %d's target %s is the source of row %d, so the map builds a chain of %d redirects; point row %d at %s", row, target, nextRow, len(path), row, end)})
		}
	}
	return out
}

func ints(rows []int32) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = int(r)
	}
	return out
}

func sortedRows(rows []int) []int {
	out := append([]int(nil), rows...)
	sort.Ints(out)
	return out
}

func joinRows(rows []int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, ", ")
}
