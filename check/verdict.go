package check

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hops-cli/hops/diff"
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
	// Baseline is how the row compares with the same row of an earlier
	// run (--baseline); nil without one.
	Baseline *diff.Row
}

// BaselineSummary counts the rows of a check by their class against a
// baseline run, with the baseline's rows that this run did not have.
type BaselineSummary struct {
	diff.Summary
	// OnlyInBaseline counts rows of the baseline this run did not check
	// (also counted as changes in Summary).
	OnlyInBaseline int
	// RegressedOK counts rows that are ok and yet regressed.
	RegressedOK int
}

// Kind is what kind of cause keeps a row from being ok, to group rows by
// in a summary.
type Kind string

const (
	KindElsewhere   Kind = "landed-elsewhere" // the final URL is not the target
	KindFinalStatus Kind = "final-status"     // the final status is not 2xx
	KindFirstStatus Kind = "first-status"     // the first status is not the expected one
	KindFinding     Kind = "finding"          // a finding at or above --fail-on (Code says which)
	KindAtLimit     Kind = "stopped-at-limit" // --max-redirects ended the walk early
	KindStop        Kind = "stop"             // no final response (Code says why)
	KindInterrupted Kind = "interrupted"      // an interrupt ended the walk between hops
	KindMalformed   Kind = "invalid-row"      // the row cannot be checked
)

// Cause is one reason a row is not ok.
type Cause struct {
	Kind Kind
	// Code is the finding's code (KindFinding) or what stopped the walk
	// (KindStop); "" otherwise.
	Code     inspect.Code
	Severity inspect.Severity // of the finding, for KindFinding
	// Text is the cause's clause of the reason; "" when another cause's
	// clause already says it (a wrong target's clause gives its status).
	Text string
}

// Key names the cause's group: its code when it has one, else its kind.
func (c Cause) Key() string {
	if c.Code != "" {
		return string(c.Code)
	}
	return string(c.Kind)
}

// Judge decides a row by SPEC's rules. error: the row is malformed or the
// chain has no final response. ok: the final response is 2xx, at the target
// when there is one, with the expected first status when one is given, and
// no finding reaches failOn. mismatch: anything else. The reason gives
// every cause, most important first, joined with "; ".
func Judge(row Row, c *inspect.Chain, failOn inspect.Severity) (Verdict, string) {
	v, causes := Explain(row, c, failOn)
	return v, Reason(causes)
}

// Reason joins the clauses of causes into one line.
func Reason(causes []Cause) string {
	parts := make([]string, 0, len(causes))
	for _, c := range causes {
		if c.Text != "" {
			parts = append(parts, c.Text)
		}
	}
	return strings.Join(parts, "; ")
}

// Explain is Judge with the causes kept apart: none for an ok row.
func Explain(row Row, c *inspect.Chain, failOn inspect.Severity) (Verdict, []Cause) {
	if row.Err != nil {
		return Error, []Cause{{Kind: KindMalformed, Text: "malformed row: " + row.Err.Error()}}
	}
	last := c.Last()
	if c.Stop == inspect.StopInterrupted {
		next := ""
		if h := last.Next; h != nil {
			next = fmt.Sprintf(", before %s %s", last.NextMethod, h.URL)
		}
		return Error, []Cause{{Kind: KindInterrupted, Text: fmt.Sprintf("interrupted after hop %d (%d %s at %s)%s: the chain was not walked to its end", last.N, last.Status, last.Reason, last.URL, next)}}
	}
	if c.Stop == inspect.StopAtLimit {
		// The user's --max-redirects ended the walk: a response came, but
		// not the final one, so nothing else about it can be judged.
		return Mismatch, []Cause{{Kind: KindAtLimit, Text: fmt.Sprintf("stopped at --max-redirects %d before the final response (%d %s at %s)", c.MaxRedirects, last.Status, last.Reason, last.URL)}}
	}
	if !c.Final() || last == nil || !last.Responded() {
		return Error, []Cause{{Kind: KindStop, Code: stopCode(c), Text: stopReason(c)}}
	}
	var causes []Cause
	final2xx := last.Status >= 200 && last.Status <= 299
	if row.Sitemap {
		// A listed URL is to answer itself: a redirect is the cause
		// (sitemap-redirect, whatever --fail-on), and where it led is in
		// that finding's message, not a second cause.
		for _, f := range c.Findings {
			if f.Code == inspect.CodeSitemapRedirect {
				causes = append(causes, Cause{Kind: KindFinding, Code: f.Code, Severity: f.Severity, Text: fmt.Sprintf("%s %s: %s", f.Severity, f.Code, f.Message)})
				break
			}
		}
		if !final2xx {
			causes = append(causes, Cause{Kind: KindFinalStatus, Text: fmt.Sprintf("final status %s, expected 2xx", statusText(last))})
		}
	} else if row.Target != "" && !SameURL(last.URL, row.Target) {
		causes = append(causes, Cause{Kind: KindElsewhere, Text: fmt.Sprintf("landed at %s (%s), expected %s", last.URL, statusText(last), row.Target)})
		if !final2xx {
			// The clause above gives the status already.
			causes = append(causes, Cause{Kind: KindFinalStatus})
		}
	} else if !final2xx {
		causes = append(causes, Cause{Kind: KindFinalStatus, Text: fmt.Sprintf("final status %s, expected 2xx", statusText(last))})
	}
	if first := c.Hops[0].Status; len(row.Statuses) > 0 && !slices.Contains(row.Statuses, first) {
		causes = append(causes, Cause{Kind: KindFirstStatus, Text: fmt.Sprintf("first status %d, expected %s", first, row.StatusText)})
	}
	for _, f := range findingCauses(c.Findings, failOn) {
		if f.Code == inspect.CodeFinalError && !final2xx || row.Sitemap && f.Code == inspect.CodeSitemapRedirect {
			continue // a cause already
		}
		causes = append(causes, f)
	}
	if len(causes) == 0 {
		return OK, nil
	}
	return Mismatch, causes
}

// findingCauses are the findings at or above failOn, each code once (its
// first message), the most severe first and otherwise in chain order.
func findingCauses(fs []inspect.Finding, failOn inspect.Severity) []Cause {
	var out []Cause
	for _, f := range fs {
		if f.Severity < failOn || slices.ContainsFunc(out, func(c Cause) bool { return c.Code == f.Code }) {
			continue
		}
		out = append(out, Cause{Kind: KindFinding, Code: f.Code, Severity: f.Severity, Text: fmt.Sprintf("%s %s: %s", f.Severity, f.Code, f.Message)})
	}
	slices.SortStableFunc(out, func(a, b Cause) int { return int(b.Severity) - int(a.Severity) })
	return out
}

// statusText is a status with its reason phrase when the server sent one
// (HTTP/2 has none).
func statusText(h *inspect.Hop) string {
	return strings.TrimSpace(fmt.Sprintf("%d %s", h.Status, h.Reason))
}

// stopCode names what left a chain without a final response: the stop's
// finding code, or the stop itself when it has none (a client's refusal).
func stopCode(c *inspect.Chain) inspect.Code {
	if code := c.Stop.Code(); code != "" {
		return code
	}
	return inspect.Code(c.Stop)
}

// stopReason says why a chain has no final response.
func stopReason(c *inspect.Chain) string {
	return fmt.Sprintf("%s: %s", stopCode(c), c.StopMessage())
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
	// Stats is what the rows say together; nil when nobody counted.
	Stats *Stats
	// Baseline is the comparison with an earlier run (--baseline).
	Baseline *BaselineSummary
}
