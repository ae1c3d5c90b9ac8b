package render

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"

	"github.com/hops-cli/hops/check"
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
		b.WriteString(t.ok.Render("map lint") + fmt.Sprintf(": %d rows, no duplicate sources, conflicting targets, chains or cycles\n", rows))
	} else {
		noun := "issues"
		if len(issues) == 1 {
			noun = "issue"
		}
		b.WriteString(t.warning.Render("map lint") + fmt.Sprintf(": %d %s in %d rows\n", len(issues), noun, rows))
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
	b, err := json.Marshal(NewCheckRow(res, meta))
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err = w.Write(append(escapeJSON(b), '\n'))
	return err
}

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
	return CheckSummaryDoc{Rows: s.Rows, OK: s.OK, Mismatch: s.Mismatch, Error: s.Error,
		Seconds: float64(s.Elapsed.Milliseconds()) / 1000, Interrupted: s.Interrupted, Lint: LintDocs(s.Lint)}
}

// CSVReport writes the flat report of `hops check --csv`: a header, then a
// row per input row as results arrive.
type CSVReport struct {
	w      *csv.Writer
	header bool // written
}

// CSVColumns are the columns of the flat report.
var CSVColumns = []string{"row", "source", "target", "final_url", "final_status", "redirects", "result", "findings", "reason"}

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
	return r.w.Write(CSVColumns)
}

// Write adds a result.
func (r *CSVReport) Write(res check.Result) error {
	if err := r.writeHeader(); err != nil {
		return err
	}
	res = redactResult(res)
	rec := []string{strconv.Itoa(res.Row.N), csvCell(MaskURL(res.Row.Source)), csvCell(MaskURL(res.Row.Target)), "", "", "", string(res.Verdict), "", csvCell(res.Reason)}
	if c := res.Chain; c != nil {
		if last := c.Last(); last != nil {
			rec[3] = csvCell(MaskURL(last.URL))
			if last.Responded() {
				rec[4] = strconv.Itoa(last.Status)
			}
		}
		rec[5] = strconv.Itoa(c.Redirects())
		codes := make([]string, 0, len(c.Findings))
		for _, f := range c.Findings {
			codes = append(codes, string(f.Code))
		}
		rec[7] = strings.Join(codes, " ")
	}
	if err := r.w.Write(rec); err != nil {
		return err
	}
	r.w.Flush()
	return r.w.Error()
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

// CheckLine writes a result that is not ok as one line (wrapped to the
// width): its verdict, row, source and reason.
func CheckLine(w io.Writer, res check.Result, opts Options) error {
	res = redactResult(res)
	t := newTheme(w, opts.Color)
	sym, style := "✗", t.errorS
	if res.Verdict == check.Mismatch {
		sym, style = "!", t.warning
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
	for _, l := range wrapWords(Escape(res.Reason), opts.width()-4) {
		fmt.Fprintln(bw, "    "+t.dim.Render(l))
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
	tbl := table.New().
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
	if len(s.Lint) == 0 {
		return nil
	}
	return LintText(w, s.Rows, s.Lint, opts)
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
	_, err := fmt.Fprintf(w, "%s<testsuites name=\"hops check\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n"+
		"  <testsuite name=\"hops check\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		xml.Header, s.Rows, s.Mismatch, errs, s.Cut, secs, s.Rows, s.Mismatch, errs, s.Cut, secs)
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
