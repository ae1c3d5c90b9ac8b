package render

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/diff"
	"github.com/hops-cli/hops/inspect"
)

// CheckRow is one line of `hops check --json`: the chain's document with
// the row, what was expected, the verdict and its reason. A malformed row
// has no chain: its hops and findings are empty and its error says why.
type CheckRow struct {
	Row      int       `json:"row"`
	Expected *Expected `json:"expected"`
	Result   string    `json:"result"`
	Reason   *string   `json:"reason"`
	Doc
	// Baseline is how the row compares with an earlier run (--baseline).
	Baseline *BaselineDoc `json:"baseline,omitempty"`
}

// BaselineDoc is a row's class and changes against a baseline run, in the
// words of hops diff --json.
type BaselineDoc struct {
	Class   string          `json:"class"`
	Changes []DiffChangeDoc `json:"changes"`
}

// BaselineSummaryDoc counts a check's rows by their class against the
// baseline; only_in_baseline rows are counted as changes too.
type BaselineSummaryDoc struct {
	DiffSummaryDoc
	OnlyInBaseline int `json:"only_in_baseline"`
}

// Expected is what a migration map row expects.
type Expected struct {
	URL    string `json:"url"`
	Status *int   `json:"status"`
	// Statuses is there when the map gives a set (301|308, 3xx).
	Statuses []int `json:"statuses,omitempty"`
}

// CheckSummaryLine is the last line of `hops check --json`.
type CheckSummaryLine struct {
	Summary CheckSummaryDoc `json:"summary"`
}

type CheckSummaryDoc struct {
	Rows        int     `json:"rows"`
	OK          int     `json:"ok"`
	Mismatch    int     `json:"mismatch"`
	Error       int     `json:"error"`
	Seconds     float64 `json:"seconds"`
	Interrupted bool    `json:"interrupted"`
	// Lint is always present: an empty list says the map was linted.
	Lint []LintIssueDoc `json:"lint"`
	// TopTargets are the final URLs the most rows were redirected to (at
	// most check.TopTargets), most first, ties by URL.
	TopTargets []TargetDoc `json:"top_targets"`
	// TargetsUntracked counts rows redirected to a final URL first seen
	// after check.MaxTrackedTargets distinct ones (not in TopTargets).
	TargetsUntracked int `json:"targets_untracked"`
	// ChainLengths is rows per number of redirects; FirstStatuses rows
	// per status of the first response.
	ChainLengths  CountsDoc `json:"chain_lengths"`
	FirstStatuses CountsDoc `json:"first_statuses"`
	// Baseline is there with --baseline.
	Baseline *BaselineSummaryDoc `json:"baseline,omitempty"`
}

// TargetDoc is a final URL and the rows redirected to it.
type TargetDoc struct {
	URL   string `json:"url"`
	Count int    `json:"count"`
}

// CountsDoc is rows per number, written as an object whose keys are the
// numbers in ascending order ({"0": 3, "1": 12, "10": 1}); a Go map would
// sort "10" before "2".
type CountsDoc []check.Count

func (c CountsDoc) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, n := range c {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, strconv.Itoa(n.Value))
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(n.Rows), 10)
	}
	return append(b, '}'), nil
}

func (c *CountsDoc) UnmarshalJSON(b []byte) error {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = (*c)[:0]
	for k, v := range m {
		n, err := strconv.Atoi(k)
		if err != nil {
			return fmt.Errorf("count key %q: %w", k, err)
		}
		*c = append(*c, check.Count{Value: n, Rows: v})
	}
	slices.SortFunc(*c, func(a, b check.Count) int { return a.Value - b.Value })
	return nil
}

// LintIssueDoc is one map lint issue on the wire.
type LintIssueDoc struct {
	Code    string `json:"code"`
	Rows    []int  `json:"rows"`
	Message string `json:"message"`
}

// LintDocs is the wire form of lint issues, never nil.
func LintDocs(issues []check.LintIssue) []LintIssueDoc {
	out := make([]LintIssueDoc, 0, len(issues))
	for _, i := range issues {
		out = append(out, LintIssueDoc{i.Code, i.Rows, i.Message})
	}
	return out
}

// LintJSON writes `hops check --lint --json`: one object.
func LintJSON(w io.Writer, rows, malformed int, issues []check.LintIssue) error {
	var doc struct {
		Lint struct {
			Rows      int            `json:"rows"`
			Malformed int            `json:"malformed"`
			Issues    []LintIssueDoc `json:"issues"`
		} `json:"lint"`
	}
	doc.Lint.Rows, doc.Lint.Malformed, doc.Lint.Issues = rows, malformed, LintDocs(issues)
	b, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// LintText writes lint issues for a terminal: a heading line, then one
// line an issue, its code coloured as a warning.
func LintText(w io.Writer, rows int, issues []check.LintIssue, opts Options) error {
	t := newTheme(w, opts.Color)
	var b strings.Builder
	if len(issues) == 0 {
		b.WriteString(t.ok.Render("map lint") + fmt.Sprintf(": %s, no duplicate sources, conflicting targets, chains or cycles\n", plural(rows, "row")))
	} else {
		noun := "issues"
		if len(issues) == 1 {
			noun = "issue"
		}
		b.WriteString(t.warning.Render("map lint") + fmt.Sprintf(": %d %s in %s\n", len(issues), noun, plural(rows, "row")))
		for _, i := range issues {
			b.WriteString("  " + t.warning.Render(i.Code) + "  " + Escape(i.Message) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// NewCheckRow builds the wire form of a result.
func NewCheckRow(res check.Result, meta Meta) CheckRow {
	res = redactResult(res)
	r := CheckRow{Row: res.Row.N, Result: string(res.Verdict)}
	if res.Reason != "" {
		r.Reason = ptr(res.Reason)
	}
	if res.Row.Target != "" {
		r.Expected = &Expected{URL: MaskURL(res.Row.Target)}
		if res.Row.Status != 0 {
			r.Expected.Status = ptr(res.Row.Status)
		}
		if len(res.Row.Statuses) > 1 {
			r.Expected.Statuses = res.Row.Statuses
		}
	}
	if b := res.Baseline; b != nil {
		d := NewDiffRowDoc(*b)
		r.Baseline = &BaselineDoc{Class: d.Class, Changes: d.Changes}
	}
	if res.Chain != nil {
		r.Doc = newDoc(res.Chain, meta)
		return r
	}
	r.Doc = Doc{
		SchemaVersion: SchemaVersion,
		Tool:          DocTool{Name: "hops", Version: meta.Version},
		Request:       DocRequest{URL: MaskURL(res.Row.Source), Method: "GET", Headers: map[string][]string{}},
		Hops:          []DocHop{},
		Final:         DocFinal{URL: MaskURL(res.Row.Source)},
		Findings:      []DocFinding{},
		Error:         &DocError{Code: "invalid-row", Message: res.Reason},
	}
	return r
}

// CheckJSONL writes one compact JSON line for a result.
func CheckJSONL(w io.Writer, res check.Result, meta Meta) error {
	bp := jsonlBufs.Get().(*[]byte)
	var b []byte
	var ok bool
	if maskable(&res) {
		b, ok = appendResult((*bp)[:0], &res, meta, true)
	} else {
		red := redactResult(res)
		b, ok = appendResult((*bp)[:0], &red, meta, false)
	}
	if !ok {
		var err error
		if b, err = json.Marshal(NewCheckRow(res, meta)); err != nil {
			jsonlBufs.Put(bp)
			return fmt.Errorf("encode JSON: %w", err)
		}
		b = escapeJSON(b) // appendResult's strings have it done
	}
	b = append(b, '\n')
	_, err := w.Write(b)
	if ok && cap(b) <= 64<<10 {
		*bp = b[:0] // the grown buffer serves the next row
	}
	jsonlBufs.Put(bp)
	return err
}

// jsonlBufs holds the buffers rows are encoded into, a few KiB each.
var jsonlBufs = sync.Pool{New: func() any { return new([]byte) }}

// CheckJSONLSummary writes the closing summary line.
func CheckJSONLSummary(w io.Writer, s check.Summary) error {
	b, err := json.Marshal(CheckSummaryLine{summaryDoc(s)})
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func summaryDoc(s check.Summary) CheckSummaryDoc {
	d := CheckSummaryDoc{Rows: s.Rows, OK: s.OK, Mismatch: s.Mismatch, Error: s.Error,
		Seconds: float64(s.Elapsed.Milliseconds()) / 1000, Interrupted: s.Interrupted, Lint: LintDocs(s.Lint),
		TopTargets: []TargetDoc{}, TargetsUntracked: s.Stats.Untracked(),
		ChainLengths: CountsDoc(s.Stats.ChainLengths()), FirstStatuses: CountsDoc(s.Stats.FirstStatuses())}
	for _, t := range s.Stats.TopTargets(check.TopTargets) {
		d.TopTargets = append(d.TopTargets, TargetDoc{URL: MaskURL(t.URL), Count: t.Count})
	}
	if b := s.Baseline; b != nil {
		d.Baseline = &BaselineSummaryDoc{DiffSummaryDoc{b.Rows, b.Regression, b.Change, b.Improvement, b.None}, b.OnlyInBaseline}
	}
	return d
}

// CSVReport writes the flat report of `hops check --csv`: a header, then a
// row per input row as results arrive.
type CSVReport struct {
	w      *csv.Writer
	header bool // written
	// Baseline adds the columns baseline (the row's class against the
	// baseline run) and baseline_changes (its changes in words).
	Baseline bool
}

// CSVColumns are the columns of the flat report: SPEC's first, then the
// reason, then what a team needs to act on a row without opening the
// JSON (the columns added later go last, so older readers keep theirs).
var CSVColumns = []string{"row", "source", "target", "final_url", "final_status", "redirects", "result", "findings", "reason",
	"first_status", "expected_status", "expected_url", "chain"}

// NewCSVReport makes the report; the header row goes out with the first
// row, or at the end (so input with no rows writes nothing).
func NewCSVReport(w io.Writer) (*CSVReport, error) {
	return &CSVReport{w: csv.NewWriter(w)}, nil
}

func (r *CSVReport) writeHeader() error {
	if r.header {
		return nil
	}
	r.header = true
	if r.Baseline {
		return r.w.Write(append(slices.Clone(CSVColumns), "baseline", "baseline_changes"))
	}
	return r.w.Write(CSVColumns)
}

// Write adds a result.
func (r *CSVReport) Write(res check.Result) error {
	if err := r.writeHeader(); err != nil {
		return err
	}
	res = redactResult(res)
	rec := []string{strconv.Itoa(res.Row.N), csvCell(MaskURL(res.Row.Source)), csvCell(MaskURL(res.Row.Target)), "", "", "", string(res.Verdict), "", csvCell(res.Reason),
		"", csvCell(expectedStatus(res.Row)), csvCell(MaskURL(res.Row.Target)), ""}
	if c := res.Chain; c != nil {
		if last := c.Last(); last != nil {
			rec[3] = csvCell(MaskURL(last.URL))
			if last.Responded() {
				rec[4] = strconv.Itoa(last.Status)
			}
		}
		rec[5] = strconv.Itoa(c.Redirects())
		rec[7] = strings.Join(findingCodes(c.Findings), " ")
		if len(c.Hops) > 0 && c.Hops[0].Responded() {
			rec[9] = strconv.Itoa(c.Hops[0].Status)
		}
		rec[12] = csvCell(ChainCell(c))
	}
	if r.Baseline {
		class, changes := "", ""
		if b := res.Baseline; b != nil {
			class, changes = b.Class.String(), BaselineText(*b)
		}
		rec = append(rec, class, csvCell(changes))
	}
	if err := r.w.Write(rec); err != nil {
		return err
	}
	r.w.Flush()
	return r.w.Error()
}

// expectedStatus is the first status a row expects as the map wrote it
// ("301", "301|308", "permanent"), "" when it expects none.
func expectedStatus(row check.Row) string {
	if row.StatusText != "" {
		return row.StatusText
	}
	if row.Status != 0 {
		return strconv.Itoa(row.Status)
	}
	return ""
}

// findingCodes lists each code once, in the order the chain raised them.
func findingCodes(fs []inspect.Finding) []string {
	codes := make([]string, 0, len(fs))
	for _, f := range fs {
		if !slices.Contains(codes, string(f.Code)) {
			codes = append(codes, string(f.Code))
		}
	}
	return codes
}

// ChainCell writes a chain in one line: each hop as its status and URL
// ("failed" for a hop that got no response), joined by " -> ", or by
// " -(meta-refresh)-> " when the next hop was reached through a refresh
// rather than a Location:
//
//	301 http://a/ -> 308 https://a/ -> 200 https://a/x
//
// URLs are serialised and hold no spaces, so the form splits back
// unambiguously. URLs are masked and escaped as everywhere.
func ChainCell(c *inspect.Chain) string {
	var b strings.Builder
	for i, h := range c.Hops {
		if i > 0 {
			if h.Via != "" && h.Via != inspect.ViaHTTP {
				fmt.Fprintf(&b, " -(%s)-> ", h.Via)
			} else {
				b.WriteString(" -> ")
			}
		}
		if h.Responded() {
			b.WriteString(strconv.Itoa(h.Status))
		} else {
			b.WriteString("failed")
		}
		b.WriteByte(' ')
		b.WriteString(Escape(MaskURL(h.URL)))
	}
	return b.String()
}

// csvCell makes a cell safe to open in a spreadsheet: a cell starting with
// =, +, -, @, tab or CR would be run as a formula, so it gets a leading '
// (OWASP's advice on CSV injection), and control characters are escaped
// as in the terminal view.
func csvCell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		s = "'" + s
	}
	return Escape(s)
}

// NoWrap is a width for output that is not going to a terminal: nothing
// is wrapped, so a URL is never cut and each row's lines can be grepped.
const NoWrap = 1 << 30

// CheckLine writes a result that is not ok as one line (wrapped to the
// width, unless it is NoWrap): its verdict, row, source and reason.
func CheckLine(w io.Writer, res check.Result, opts Options) error {
	res = redactResult(res)
	t := newTheme(w, opts.Color)
	sym, style := "✗", t.errorS
	switch res.Verdict {
	case check.Mismatch:
		sym, style = "!", t.warning
	case check.OK: // shown for its changes against a baseline
		sym, style = "✓", t.ok
	case check.Error:
	}
	head := fmt.Sprintf("%s %-8s row %d  %s", sym, res.Verdict, res.Row.N, Escape(MaskURL(res.Row.Source)))
	lines := wrapHard(head, opts.width(), opts.width()-4)
	bw := bufio.NewWriter(w)
	for i, l := range lines {
		if i == 0 {
			fmt.Fprintln(bw, style.Render(l))
			continue
		}
		fmt.Fprintln(bw, "    "+style.Render(l))
	}
	if res.Reason != "" { // an ok row shown for its baseline has none
		for _, l := range wrapWords(Escape(res.Reason), opts.width()-4) {
			fmt.Fprintln(bw, "    "+t.dim.Render(l))
		}
	}
	return bw.Flush()
}

// CheckSummary writes the closing table of a terminal run.
func CheckSummary(w io.Writer, s check.Summary, opts Options) error {
	t := newTheme(w, opts.Color)
	r := t.renderer
	rate := 0.0
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = float64(s.Rows) / secs
	}
	pct := func(n int) string {
		if s.Rows == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(s.Rows))
	}
	tbl := newTable().
		Border(lipgloss.NormalBorder()).
		BorderStyle(t.dim).
		Headers("result", "rows", "share").
		Row("ok", strconv.Itoa(s.OK), pct(s.OK)).
		Row("mismatch", strconv.Itoa(s.Mismatch), pct(s.Mismatch)).
		Row("error", strconv.Itoa(s.Error), pct(s.Error)).
		Row("total", strconv.Itoa(s.Rows), pct(s.Rows)).
		StyleFunc(func(row, col int) lipgloss.Style {
			st := r.NewStyle().Padding(0, 1)
			if col == 0 {
				switch row {
				case 0:
					return st.Inherit(t.ok)
				case 1:
					return st.Inherit(t.warning)
				case 2:
					return st.Inherit(t.errorS)
				}
			}
			if row == table.HeaderRow {
				return st.Inherit(t.bold)
			}
			return st
		})
	out := tbl.String() + "\n" + t.dim.Render(fmt.Sprintf("checked in %s, %.0f rows/s", fmtMS(s.Elapsed), rate))
	if s.Interrupted {
		out += "\n" + t.warning.Render("interrupted: rows not started were not checked")
	}
	if _, err := fmt.Fprintln(w, r.NewStyle().Render(out)); err != nil {
		return err
	}
	if _, err := io.WriteString(w, summaryDetails(s.Stats, t, opts.width())); err != nil {
		return err
	}
	if b := s.Baseline; b != nil {
		line := "against the baseline: " + diffSummary(t, b.Summary)
		if b.OnlyInBaseline > 0 {
			line += fmt.Sprintf(" (%s only in the baseline)", quantity(b.OnlyInBaseline, "row", "rows"))
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	if len(s.Lint) == 0 {
		return nil
	}
	return LintText(w, s.Rows, s.Lint, opts)
}

// summaryTargets is how many targets the terminal lists at most.
const summaryTargets = 5

// summaryDetails is what no single row shows: why rows are not ok and
// which findings they have, each group with its count and first rows;
// the targets several sources land on (the home page above all); how long
// the chains are and how they start. Each section is left out when it has
// nothing to say.
func summaryDetails(s *check.Stats, t theme, width int) string {
	var b strings.Builder
	section := func(title string) {
		b.WriteString("\n" + t.bold.Render(title) + "\n")
	}
	if gs := s.Reasons(); len(gs) > 0 {
		section("not ok, by cause (a row with several causes counts under each)")
		writeGroups(&b, gs, t, func(g check.Group) (string, lipgloss.Style) {
			return causeLabel(g), causeStyle(g, t)
		})
	}
	if gs := s.Findings(); len(gs) > 0 {
		section("findings below --fail-on, by code")
		writeGroups(&b, gs, t, func(g check.Group) (string, lipgloss.Style) {
			return fmt.Sprintf("%s (%s)", g.Code, g.Severity), t.severity(g.Severity)
		})
	}
	var several []check.Target
	for _, tg := range s.TopTargets(summaryTargets) {
		if tg.Count > 1 {
			several = append(several, tg)
		}
	}
	roots := s.RootTargets()
	if len(several) > 0 || len(roots) > 0 {
		section("targets that several sources land on")
		wide := 0
		for _, tg := range several {
			wide = max(wide, len(strconv.Itoa(tg.Count)))
		}
		for _, tg := range several {
			line := fmt.Sprintf("  %*d  %s", wide, tg.Count, Escape(MaskURL(tg.URL)))
			if isHomePage(tg.URL) {
				line += "  " + t.dim.Render("(the home page)")
			}
			b.WriteString(line + "\n")
		}
		for _, tg := range roots {
			text := fmt.Sprintf("%d sources land on %s (the home page): search engines treat mass redirects to the home page as soft 404s",
				tg.Count, Escape(MaskURL(tg.URL)))
			for i, l := range wrapSpaces(text, width-4) {
				if i == 0 {
					b.WriteString("  " + t.warning.Render("!") + " " + l + "\n")
					continue
				}
				b.WriteString("    " + l + "\n")
			}
		}
		if n := s.Untracked(); n > 0 {
			b.WriteString("  " + t.dim.Render(fmt.Sprintf("counted over the first %d distinct final URLs; %s landed on others", check.MaxTrackedTargets, quantity(n, "row", "rows"))) + "\n")
		}
	}
	if cl := s.ChainLengths(); len(cl) > 0 {
		parts := make([]string, 0, len(cl))
		for _, c := range cl {
			n := quantity(c.Value, "redirect", "redirects")
			if c.Value == 0 {
				n = "no redirect"
			}
			parts = append(parts, n+": "+quantity(c.Rows, "row", "rows"))
		}
		b.WriteString("\n" + t.bold.Render("chain lengths") + "   " + strings.Join(parts, " · ") + "\n")
	}
	if fs := s.FirstStatuses(); len(fs) > 0 {
		slices.SortStableFunc(fs, func(a, b check.Count) int { return b.Rows - a.Rows })
		parts := make([]string, 0, len(fs))
		for _, c := range fs {
			parts = append(parts, t.status(c.Value).Render(strconv.Itoa(c.Value))+": "+quantity(c.Rows, "row", "rows"))
		}
		b.WriteString(t.bold.Render("first statuses") + "  " + strings.Join(parts, " · ") + "\n")
	}
	return b.String()
}

// wrapSpaces wraps prose at spaces only: a word longer than the line (a
// URL) stands whole on a line of its own.
func wrapSpaces(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case stringWidth(line)+1+stringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// writeGroups writes one group a line: the count, the label, and the
// first rows as examples, one a line under each other.
func writeGroups(b *strings.Builder, gs []check.Group, t theme, label func(check.Group) (string, lipgloss.Style)) {
	wideN, wideL, wideR := 0, 0, 0
	for _, g := range gs {
		l, _ := label(g)
		wideN, wideL = max(wideN, len(strconv.Itoa(g.Rows))), max(wideL, stringWidth(l))
		for _, ex := range g.Examples {
			wideR = max(wideR, len(strconv.Itoa(ex.Row)))
		}
	}
	for _, g := range gs {
		l, style := label(g)
		pad := strings.Repeat(" ", wideL-stringWidth(l))
		for i, ex := range g.Examples {
			row := fmt.Sprintf("row %d", ex.Row)
			if ex.Source != "" {
				row = fmt.Sprintf("row %-*d  %s", wideR, ex.Row, Escape(MaskURL(ex.Source)))
			}
			if i == 0 {
				fmt.Fprintf(b, "  %*d  %s%s  %s\n", wideN, g.Rows, style.Render(l), pad, row)
				continue
			}
			fmt.Fprintf(b, "  %*s  %*s  %s\n", wideN, "", wideL, "", row)
		}
	}
}

// causeLabel names a group of causes in a few words.
func causeLabel(g check.Group) string {
	switch g.Kind {
	case check.KindElsewhere:
		return "landed elsewhere"
	case check.KindFinalStatus:
		return "final status not 2xx"
	case check.KindFirstStatus:
		return "first status differs"
	case check.KindFinding:
		return fmt.Sprintf("%s (%s)", g.Code, g.Severity)
	case check.KindAtLimit:
		return "stopped at --max-redirects"
	case check.KindMalformed:
		return "malformed row"
	case check.KindStop, check.KindInterrupted:
	}
	return g.Key()
}

// causeStyle colours a cause as its rows' verdict: an error when the
// chain has no final response or the row none at all.
func causeStyle(g check.Group, t theme) lipgloss.Style {
	switch g.Kind {
	case check.KindStop, check.KindInterrupted, check.KindMalformed:
		return t.errorS
	case check.KindFinding:
		return t.severity(g.Severity)
	case check.KindElsewhere, check.KindFinalStatus, check.KindFirstStatus, check.KindAtLimit:
	}
	return t.warning
}

// isHomePage reports a URL whose path is "/" with no query.
func isHomePage(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Path == "/" || u.Path == "") && u.RawQuery == "" && !u.ForceQuery
}

// plural is n with the noun that fits it.
func quantity(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

type junitCase struct {
	XMLName   xml.Name      `xml:"testcase"`
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

// junitSkipped marks a row an interrupt ended: not a fault of the site.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnitCase writes one result as a JUnit test case (a mismatch is a
// failure, an error an error).
func JUnitCase(w io.Writer, res check.Result) error {
	res = redactResult(res)
	tc := junitCase{
		Name:      fmt.Sprintf("row %d: %s", res.Row.N, MaskURL(res.Row.Source)),
		Classname: "hops.check",
		Time:      "0",
	}
	if res.Chain != nil {
		var total float64
		for _, h := range res.Chain.Hops {
			total += h.Timing.Total.Seconds()
		}
		tc.Time = strconv.FormatFloat(total, 'f', 3, 64)
	}
	p := &junitProblem{Message: xmlSafe(res.Reason), Type: string(res.Verdict), Text: xmlSafe(junitDetail(res))}
	switch res.Verdict {
	case check.Mismatch:
		tc.Failure = p
	case check.Error:
		if res.Chain != nil && res.Chain.Stop == inspect.StopInterrupted {
			tc.Skipped = &junitSkipped{Message: xmlSafe(res.Reason)}
			break
		}
		tc.Error = p
	case check.OK:
		if b := res.Baseline; b != nil && b.Class == diff.ClassRegression {
			// Fine on its own, worse than the baseline: a failure too.
			tc.Failure = &junitProblem{Message: xmlSafe("baseline regression: " + BaselineText(*b)), Type: "regression", Text: xmlSafe(junitDetail(res))}
		}
	}
	b, err := xml.MarshalIndent(tc, "    ", "  ")
	if err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// JUnitOpen writes the start of a JUnit report with its counts; the cases
// and JUnitClose follow.
func JUnitOpen(w io.Writer, s check.Summary) error {
	secs := s.Elapsed.Seconds()
	errs := s.Error - s.Cut // rows an interrupt ended are skipped, not errors
	failures := s.Mismatch
	if s.Baseline != nil {
		failures += s.Baseline.RegressedOK
	}
	_, err := fmt.Fprintf(w, "%s<testsuites name=\"hops check\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n"+
		"  <testsuite name=\"hops check\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		xml.Header, s.Rows, failures, errs, s.Cut, secs, s.Rows, failures, errs, s.Cut, secs)
	return err
}

// JUnitClose ends a JUnit report.
func JUnitClose(w io.Writer) error {
	_, err := io.WriteString(w, "  </testsuite>\n</testsuites>\n")
	return err
}

func junitDetail(res check.Result) string {
	var b strings.Builder
	if res.Row.Target != "" {
		fmt.Fprintf(&b, "expected: %s", MaskURL(res.Row.Target))
		if res.Row.StatusText != "" {
			fmt.Fprintf(&b, " (first status %s)", res.Row.StatusText)
		}
		b.WriteByte('\n')
	}
	if c := res.Chain; c != nil {
		for _, h := range c.Hops {
			status := "no response"
			if h.Responded() {
				status = strconv.Itoa(h.Status)
			}
			fmt.Fprintf(&b, "%d %s %s %s\n", h.N, status, h.Method, MaskURL(h.URL))
		}
		for _, f := range c.Findings {
			if f.Severity >= inspect.SeverityWarning {
				fmt.Fprintf(&b, "%s %s: %s\n", f.Severity, f.Code, f.Message)
			}
		}
	}
	return b.String()
}

// xmlSafe drops the characters XML 1.0 cannot carry at all.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xfffe && r != 0xffff) {
			return r
		}
		return -1
	}, s)
}
