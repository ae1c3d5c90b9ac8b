package check

import (
	"fmt"
	"slices"
	"time"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Verdict is the outcome of a row.
type Verdict string

const (
	OK       Verdict = "ok"
	Mismatch Verdict = "mismatch"
	Error    Verdict = "error"
)

// Result is a checked row: its chain (nil for a malformed row), the
// verdict and, unless ok, the reason in one line.
type Result struct {
	Row     Row
	Chain   *inspect.Chain
	Verdict Verdict
	Reason  string
}

// Judge decides a row by SPEC's rules. error: the row is malformed or the
// chain has no final response. ok: the final response is 2xx, at the target
// when there is one, with the expected first status when one is given, and
// no finding reaches failOn. mismatch: anything else.
func Judge(row Row, c *inspect.Chain, failOn inspect.Severity) (Verdict, string) {
	if row.Err != nil {
		return Error, "malformed row: " + row.Err.Error()
	}
	last := c.Last()
	if c.Stop == inspect.StopInterrupted {
		next := ""
		if h := last.Next; h != nil {
			next = fmt.Sprintf(", before %s %s", last.NextMethod, h.URL)
		}
		return Error, fmt.Sprintf("interrupted after hop %d (%d %s at %s)%s: the chain was not walked to its end", last.N, last.Status, last.Reason, last.URL, next)
	}
	if c.Stop == inspect.StopAtLimit {
		// The user's --max-redirects ended the walk: a response came, but
		// not the final one.
		return Mismatch, fmt.Sprintf("stopped at --max-redirects %d before the final response (%d %s at %s)", c.MaxRedirects, last.Status, last.Reason, last.URL)
	}
	if !c.Final() || last == nil || !last.Responded() {
		return Error, stopReason(c)
	}
	if row.Target != "" && !SameURL(last.URL, row.Target) {
		return Mismatch, fmt.Sprintf("landed at %s, expected %s", last.URL, row.Target)
	}
	if last.Status < 200 || last.Status > 299 {
		return Mismatch, fmt.Sprintf("final status %d %s, expected 2xx", last.Status, last.Reason)
	}
	if len(row.Statuses) > 0 && !slices.Contains(row.Statuses, c.Hops[0].Status) {
		return Mismatch, fmt.Sprintf("first status %d, expected %s", c.Hops[0].Status, row.StatusText)
	}
	for _, f := range c.Findings {
		if f.Severity >= failOn {
			return Mismatch, fmt.Sprintf("%s %s: %s", f.Severity, f.Code, f.Message)
		}
	}
	return OK, ""
}

// stopReason says why a chain has no final response.
func stopReason(c *inspect.Chain) string {
	return fmt.Sprintf("%s: %s", c.Stop.Code(), c.StopMessage())
}

// SameURL compares a final URL with a target as SPEC says: scheme and host
// case-insensitively and default ports ignored (the WHATWG serialisation of
// both already does that), the rest exactly. A fragment counts only when
// the target has one.
func SameURL(final, target string) bool {
	f, err1 := href.ParseURL(final)
	t, err2 := href.ParseURL(target)
	if err1 != nil || err2 != nil {
		return final == target
	}
	if href.StripFragment(t) == t {
		f = href.StripFragment(f)
	}
	return f == t
}

// Summary counts the rows that finished.
type Summary struct {
	Rows, OK, Mismatch, Error int
	Elapsed                   time.Duration
	// Interrupted is true when the run stopped taking rows early; Cut
	// counts the errors that are rows an interrupt ended between hops.
	Interrupted bool
	Cut         int
	// Lint is what the map says about itself (Linter.Issues).
	Lint []LintIssue
}
