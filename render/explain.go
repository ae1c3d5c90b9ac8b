package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/hops-cli/hops/inspect"
)

// ExplainStatus writes what a redirect status code means.
func ExplainStatus(w io.Writer, e inspect.StatusEntry, opts Options) error {
	_, err := fmt.Fprintf(w, "%d %s\n\n%s\n", e.Status, e.Name, strings.Join(wrapWords(e.Text, min(opts.width(), 80)), "\n"))
	return err
}

// ExplainCode writes what a finding code means and what to do about it.
func ExplainCode(w io.Writer, e inspect.Entry, opts Options) error {
	width := min(opts.width(), 80)
	_, err := fmt.Fprintf(w, "%s (%s)\n\n%s\n\n%s\n\n%s\n", e.Code, e.Severity,
		strings.Join(wrapWords("When: "+e.Summary+".", width), "\n"),
		strings.Join(wrapWords(e.Why, width), "\n"),
		strings.Join(wrapWords("Reference: "+e.Reference, width), "\n"))
	return err
}

// CodeList writes every finding code with its severity and summary, the
// summaries wrapped under themselves.
func CodeList(w io.Writer, entries []inspect.Entry, opts Options) error {
	const col = 34
	bw := bufio.NewWriter(w)
	for _, e := range entries {
		for i, l := range wrapWords(e.Summary, max(opts.width()-col, 30)) {
			if i == 0 {
				fmt.Fprintf(bw, "%-24s %-8s %s\n", e.Code, e.Severity, l)
				continue
			}
			fmt.Fprintf(bw, "%s%s\n", strings.Repeat(" ", col), l)
		}
	}
	return bw.Flush()
}

// OtherCode explains a code hops writes that is not a finding: an error
// code of a JSON document, or a lint code of a map.
type OtherCode struct {
	Code, Kind, Summary, Why string
}

// ExplainOther writes the explanation of a code that is not a finding.
func ExplainOther(w io.Writer, e OtherCode, opts Options) error {
	width := min(opts.width(), 80)
	_, err := fmt.Fprintf(w, "%s (%s)\n\n%s\n\n%s\n", e.Code, e.Kind,
		strings.Join(wrapWords("When: "+e.Summary+".", width), "\n"),
		strings.Join(wrapWords(e.Why, width), "\n"))
	return err
}

// OtherCodeList lists codes that are not findings after a heading line.
func OtherCodeList(w io.Writer, heading string, entries []OtherCode, opts Options) error {
	const col = 34
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "\n%s\n", heading)
	for _, e := range entries {
		for i, l := range wrapWords(e.Summary, max(opts.width()-col, 30)) {
			if i == 0 {
				fmt.Fprintf(bw, "%-33s %s\n", e.Code, l)
				continue
			}
			fmt.Fprintf(bw, "%s%s\n", strings.Repeat(" ", col), l)
		}
	}
	return bw.Flush()
}
