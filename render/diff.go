package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/hops-cli/hops/diff"
)

// DiffDoc is the --json document of `hops diff`. Rows holds the rows that
// changed (class none is only counted), most serious first.
type DiffDoc struct {
	SchemaVersion int            `json:"schema_version"`
	Tool          DocTool        `json:"tool"`
	Rows          []DiffRowDoc   `json:"rows"`
	Summary       DiffSummaryDoc `json:"summary"`
}

// DiffRowDoc is a row that changed. Source and method are its request's.
type DiffRowDoc struct {
	Source  string          `json:"source"`
	Method  string          `json:"method"`
	Class   string          `json:"class"`
	Changes []DiffChangeDoc `json:"changes"`
}

// DiffChangeDoc is one change. Before and After take the types that the
// aspects of package diff name: a number, a string, true or false, an
// HSTS object (DiffHSTSDoc) or null.
type DiffChangeDoc struct {
	Aspect string `json:"aspect"`
	Before any    `json:"before"`
	After  any    `json:"after"`
	Class  string `json:"class"`
}

// DiffHSTSDoc is a host's HSTS policy; max_age null when it has none.
type DiffHSTSDoc struct {
	Host              string `json:"host"`
	MaxAge            *int64 `json:"max_age"`
	IncludeSubdomains bool   `json:"include_subdomains"`
	Preload           bool   `json:"preload"`
}

type DiffSummaryDoc struct {
	Rows        int `json:"rows"`
	Regression  int `json:"regression"`
	Change      int `json:"change"`
	Improvement int `json:"improvement"`
	None        int `json:"none"`
}

// NewDiffRowDoc is the wire form of a row, URLs masked.
func NewDiffRowDoc(r diff.Row) DiffRowDoc {
	d := DiffRowDoc{Source: MaskURL(r.Source), Method: r.Method, Class: r.Class.String(), Changes: make([]DiffChangeDoc, 0, len(r.Changes))}
	for _, c := range r.Changes {
		d.Changes = append(d.Changes, DiffChangeDoc{Aspect: string(c.Aspect), Before: diffWire(c.Before), After: diffWire(c.After), Class: c.Class.String()})
	}
	return d
}

func diffWire(v any) any {
	switch v := v.(type) {
	case string:
		return MaskURL(v) // a final URL may hold a password
	case diff.HSTS:
		return DiffHSTSDoc{v.Host, v.MaxAge, v.IncludeSubdomains, v.Preload}
	}
	return v
}

// DiffJSON writes the document of `hops diff --json`, indented by two
// spaces as the chain document is, one row at a time: the bytes are those
// of the whole DiffDoc encoded at once, without holding its rows.
func DiffJSON(w io.Writer, rows iter.Seq2[diff.Row, error], sum diff.Summary, meta Meta) error {
	bw := bufio.NewWriter(w)
	tool, err := json.MarshalIndent(DocTool{Name: "hops", Version: meta.Version}, "  ", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	fmt.Fprintf(bw, "{\n  \"schema_version\": %d,\n  \"tool\": %s,\n  \"rows\": [", SchemaVersion, tool)
	n := 0
	for r, err := range rows {
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(NewDiffRowDoc(r), "    ", "  ")
		if err != nil {
			return fmt.Errorf("encode JSON: %w", err)
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(escapeJSON(b))
		n++
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	s, err := json.MarshalIndent(DiffSummaryDoc(sum), "  ", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	fmt.Fprintf(bw, "],\n  \"summary\": %s\n}\n", s)
	return bw.Flush()
}

// DiffText writes the rows that changed for a terminal: grouped by class,
// regressions first, then changes, then improvements (rows must arrive in
// that order, as diff.Result.Rows gives them), under a heading with their
// count. Each row is its method and source, then a line a change: a
// symbol for its class (✗ regression, ~ change, ✓ improvement, so the
// meaning survives without colour), what changed, and the value before
// and after, side by side when the width allows. A summary line ends it.
func DiffText(w io.Writer, rows iter.Seq2[diff.Row, error], sum diff.Summary, opts Options) error {
	t := newTheme(w, opts.Color)
	bw := bufio.NewWriter(w)
	group := diff.ClassNone
	for r, err := range rows {
		if err != nil {
			return err
		}
		if r.Class != group {
			if group != diff.ClassNone {
				bw.WriteByte('\n')
			}
			group = r.Class
			sym, style := classMark(t, group)
			fmt.Fprintln(bw, style.Render(sym+" "+classCount(group, sum)))
		}
		diffRow(bw, t, r, opts.width())
	}
	if group != diff.ClassNone {
		bw.WriteByte('\n')
	}
	fmt.Fprintln(bw, diffSummary(t, sum))
	return bw.Flush()
}

// diffRow writes one row: its request, then its changes with the labels
// in a column and the before values in another.
func diffRow(bw *bufio.Writer, t theme, r diff.Row, width int) {
	fmt.Fprintf(bw, "  %s %s\n", Escape(r.Method), t.url.Render(Escape(MaskURL(r.Source))))
	type line struct {
		class                diff.Class
		label, before, after string
		arrow                bool
	}
	lines := make([]line, 0, len(r.Changes))
	wideLabel, wideBefore := 0, 0
	for _, c := range r.Changes {
		l := line{class: c.Class, label: aspectLabel(c)}
		switch c.Aspect {
		case diff.AspectRow:
			l.after = "only in the old run"
			if c.After == true {
				l.after = "only in the new run"
			}
		case diff.AspectFinding:
			if c.Before == nil {
				l.after = Escape(fmt.Sprint(c.After)) + " appeared"
			} else {
				l.after = Escape(fmt.Sprint(c.Before)) + " went away"
			}
		default:
			l.before, l.after, l.arrow = diffValue(c.Aspect, c.Before), diffValue(c.Aspect, c.After), true
		}
		wideLabel = max(wideLabel, stringWidth(l.label))
		lines = append(lines, l)
	}
	const indent = 4 // "    " before the symbol
	col := indent + 2 + wideLabel + 2
	fits := func(before, after int) bool { return col+before+3+after <= width }
	// Short before values (statuses, words, lifetimes) make a column, so
	// their arrows line up; a long one (a URL, a policy) is followed by
	// its arrow at once, or by a line break when the pair is too wide.
	const column = 20
	for _, l := range lines {
		if w := stringWidth(l.before); l.arrow && w <= column && fits(w, stringWidth(l.after)) {
			wideBefore = max(wideBefore, stringWidth(l.before))
		}
	}
	for _, l := range lines {
		sym, style := classMark(t, l.class)
		head := strings.Repeat(" ", indent) + style.Render(sym) + " " + pad(l.label, wideLabel) + "  "
		before, after := stringWidth(l.before), stringWidth(l.after)
		switch {
		case !l.arrow:
			fmt.Fprintln(bw, head+style.Render(l.after))
		case before <= wideBefore && fits(wideBefore, after):
			fmt.Fprintln(bw, head+pad(l.before, wideBefore)+t.dim.Render(" → ")+style.Render(l.after))
		case fits(before, after):
			fmt.Fprintln(bw, head+l.before+t.dim.Render(" → ")+style.Render(l.after))
		default:
			// The after value goes under the before value, so neither
			// URL is cut.
			fmt.Fprintln(bw, head+l.before)
			fmt.Fprintln(bw, strings.Repeat(" ", col-2)+t.dim.Render("→ ")+style.Render(l.after))
		}
	}
}

func pad(s string, w int) string {
	if n := stringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func classMark(t theme, c diff.Class) (string, lipgloss.Style) {
	switch c {
	case diff.ClassRegression:
		return "✗", t.errorS
	case diff.ClassChange:
		return "~", t.changed
	case diff.ClassImprovement:
		return "✓", t.ok
	case diff.ClassNone:
	}
	return "·", t.dim
}

func classCount(c diff.Class, s diff.Summary) string {
	switch c {
	case diff.ClassRegression:
		return plural(s.Regression, "regression")
	case diff.ClassChange:
		return plural(s.Change, "change")
	case diff.ClassImprovement:
		return plural(s.Improvement, "improvement")
	case diff.ClassNone:
	}
	return strconv.Itoa(s.None) + " unchanged"
}

func diffSummary(t theme, s diff.Summary) string {
	head := plural(s.Rows, "row") + " compared: "
	if s.Regression+s.Change+s.Improvement == 0 {
		return head + t.ok.Render("no change")
	}
	parts := []string{}
	for _, c := range []diff.Class{diff.ClassRegression, diff.ClassChange, diff.ClassImprovement, diff.ClassNone} {
		_, style := classMark(t, c)
		if c == diff.ClassNone {
			style = t.renderer.NewStyle()
		}
		parts = append(parts, style.Render(classCount(c, s)))
	}
	return head + strings.Join(parts, ", ")
}

func aspectLabel(c diff.Change) string {
	switch c.Aspect {
	case diff.AspectRow:
		return "row"
	case diff.AspectFinalURL:
		return "final URL"
	case diff.AspectFinalStatus:
		return "final status"
	case diff.AspectFirstStatus:
		return "first status"
	case diff.AspectRedirects:
		return "redirects"
	case diff.AspectPermanence:
		return "permanence"
	case diff.AspectFinding:
		return "finding"
	case diff.AspectHSTS:
		host := ""
		if h, ok := c.Before.(diff.HSTS); ok {
			host = h.Host
		}
		return "HSTS " + Escape(host)
	case diff.AspectCache:
		return "cache"
	}
	return Escape(string(c.Aspect))
}

// diffValue writes a before or after value in words.
func diffValue(a diff.Aspect, v any) string {
	if v == nil {
		switch a {
		case diff.AspectFinalStatus:
			return "no final response"
		case diff.AspectPermanence:
			return "not a redirect"
		}
		return "no response"
	}
	switch v := v.(type) {
	case string:
		if a == diff.AspectFinalURL {
			return Escape(MaskURL(v))
		}
		return Escape(v)
	case int64:
		if a == diff.AspectCache {
			if v == 0 {
				return "not reused"
			}
			return fmtSeconds(v)
		}
		return strconv.FormatInt(v, 10)
	case diff.HSTS:
		if v.MaxAge == nil {
			return "none"
		}
		s := "max-age=" + strconv.FormatInt(*v.MaxAge, 10)
		if v.IncludeSubdomains {
			s += "; includeSubDomains"
		}
		if v.Preload {
			s += "; preload"
		}
		return s
	}
	return Escape(fmt.Sprint(v))
}

// fmtSeconds writes a lifetime in seconds, with a round unit beside it
// when there is one ("86400s (1d)").
func fmtSeconds(n int64) string {
	s := strconv.FormatInt(n, 10) + "s"
	for _, u := range []struct {
		secs int64
		name string
	}{{365 * 86400, "y"}, {86400, "d"}, {3600, "h"}, {60, "m"}} {
		if n >= u.secs && n%u.secs == 0 {
			return s + " (" + strconv.FormatInt(n/u.secs, 10) + u.name + ")"
		}
	}
	return s
}

// BaselineText is a row's changes in one line ("final status 200 → 404;
// finding long-chain appeared"), for a CSV cell or a JUnit message.
func BaselineText(r diff.Row) string {
	parts := make([]string, 0, len(r.Changes))
	for _, c := range r.Changes {
		label := aspectLabel(c)
		switch c.Aspect {
		case diff.AspectRow:
			if c.After == true {
				parts = append(parts, "not in the baseline")
			} else {
				parts = append(parts, "only in the baseline")
			}
		case diff.AspectFinding:
			if c.Before == nil {
				parts = append(parts, fmt.Sprintf("%s %s appeared", label, Escape(fmt.Sprint(c.After))))
			} else {
				parts = append(parts, fmt.Sprintf("%s %s went away", label, Escape(fmt.Sprint(c.Before))))
			}
		default:
			parts = append(parts, fmt.Sprintf("%s %s → %s", label, MaskText(diffValue(c.Aspect, c.Before)), MaskText(diffValue(c.Aspect, c.After))))
		}
	}
	return strings.Join(parts, "; ")
}

// BaselineLines writes a check row's changes against the baseline under
// its line, as hops diff shows a row's changes.
func BaselineLines(w io.Writer, r diff.Row, opts Options) error {
	bw := bufio.NewWriter(w)
	t := newTheme(w, opts.Color)
	sym, style := classMark(t, r.Class)
	fmt.Fprintf(bw, "    %s\n", style.Render(sym+" against the baseline: "+r.Class.String()))
	var sub strings.Builder
	sb := bufio.NewWriter(&sub)
	diffRow(sb, t, r, opts.width()-2)
	sb.Flush()
	// diffRow starts with the row's method and URL, already on the line
	// above: keep its changes, indented under the row.
	lines := strings.Split(strings.TrimRight(sub.String(), "\n"), "\n")
	for _, l := range lines[1:] {
		fmt.Fprintln(bw, "  "+l)
	}
	return bw.Flush()
}
