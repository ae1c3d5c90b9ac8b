package check

// The linter as it was before it kept hashes instead of strings (a map of
// every source's URL): the reference its replacement must agree with,
// issue for issue, on random maps.

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// refLinter collects a map's rows as they are read and, at the end, names
// duplicate sources, a source with two targets, targets that are sources of
// other rows (a chain built into the map) and cycles. It keeps one entry
// per distinct source, up to l.max, and says so when it stops.
type refLinter struct {
	// mu: an interrupted check ends while its reader goroutine may still
	// be in Add (a read of stdin cannot be cancelled).
	mu      sync.Mutex
	rows    int
	order   []string // distinct source keys, first seen first
	sources map[string]*refSource
	full    int // the row at which the linter stopped keeping sources
	max     int
}

type refSource struct {
	rows    []int32     // every row with this source
	targets []refTarget // distinct targets, first seen first
}

type refTarget struct {
	url string
	row int32
}

// newRefLinter returns an empty linter.
func newRefLinter(max int) *refLinter { return &refLinter{max: max, sources: map[string]*refSource{}} }

// Add takes one row. Malformed rows are not linted: they are reported as
// rows already. The reader has already serialised sources and targets as
// the WHATWG URL standard does, so equal strings are the URLs SameURL
// calls equal (scheme and host case, default ports).
func (l *refLinter) Add(row Row) {
	if row.Err != nil || row.Source == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rows++
	key := row.Source
	s := l.sources[key]
	if s == nil {
		if len(l.order) >= l.max {
			if l.full == 0 {
				l.full = row.N
			}
			return
		}
		s = &refSource{}
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
	s.targets = append(s.targets, refTarget{row.Target, int32(row.N)})
}

// Issues returns what is wrong, in the order of the rows involved.
func (l *refLinter) Issues() []LintIssue {
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
			out = append(out, LintIssue{LintConflict, refInts(s.rows), fmt.Sprintf("%s has %d targets: %s", key, len(s.targets), strings.Join(ts, ", "))})
		case len(s.rows) > 1:
			out = append(out, LintIssue{LintDuplicate, refInts(s.rows), fmt.Sprintf("%s is on rows %s", key, joinRows(refInts(s.rows)))})
		}
	}
	out = append(out, l.chains()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rows[0] < out[j].Rows[0] })
	if l.full != 0 {
		out = append(out, LintIssue{LintIncomplete, []int{l.full}, fmt.Sprintf("the map has more than %d distinct sources; rows from %d on were not linted", l.max, l.full)})
	}
	return out
}

// next is where a source's first target leads, "" when it leads out of
// the map.
func (l *refLinter) next(key string) (string, int) {
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
func (l *refLinter) chains() []LintIssue {
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

func refInts(rows []int32) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = int(r)
	}
	return out
}
