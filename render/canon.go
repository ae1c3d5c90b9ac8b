package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"

	"github.com/hops-cli/hops/canon"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Canon writes `hops canon`: a grid of the entry points (each one's hops,
// where it lands, its HSTS), the findings of the entry points together,
// the readiness for the HSTS preload list, and a verdict line. Without
// colour, a mark in front of each entry carries its state: ✓ right, !
// a warning, ✗ an error.
func Canon(w io.Writer, r *canon.Report, p canon.Points, opts Options) error {
	t := newTheme(w, opts.Color)
	bw := bufio.NewWriter(w)
	v := &view{w: bw, t: t, width: opts.width(), opts: opts}
	what := "http and https, apex and www"
	if p.NoWWW != "" {
		what = "http and https; " + p.NoWWW
	}
	for _, l := range wrapWords(fmt.Sprintf("%s: %s (%s)", Escape(r.Apex), plural(len(r.Entries), "entry point"), what), v.width) {
		v.println(t.bold.Render(l))
	}

	chains := make([]*inspect.Chain, len(r.Entries))
	for i, e := range r.Entries {
		chains[i] = e.Chain
		if !opts.ShowSecrets {
			chains[i] = redact(e.Chain)
		}
	}
	target := MaskURL(r.Target)
	lands := make([]string, len(r.Entries))
	for i, c := range chains {
		lands[i] = landsOn(c)
	}
	compact, gap := false, 2
	build := func(label func(string) string) *table.Table {
		rows := make([][]string, len(r.Entries))
		styles := make([][]lipgloss.Style, len(r.Entries))
		for i, e := range r.Entries {
			sev := inspect.Worst(r.ByEntry[i])
			mark, markStyle := "✓", t.ok
			if sev >= inspect.SeverityWarning {
				mark, markStyle = symbol(sev), t.severity(sev)
			}
			landStyle := t.url
			if lands[i] != target {
				landStyle = t.errorS
			}
			rows[i] = []string{markStyle.Render(mark) + " " + Escape(MaskURL(e.URL)), hopsCell(chains[i], r.Fewest[i], t), label(lands[i]), hstsCell(chains[i])}
			styles[i] = []lipgloss.Style{t.renderer.NewStyle(), t.renderer.NewStyle(), landStyle, t.renderer.NewStyle()}
		}
		return newTable().Border(lipgloss.NormalBorder()).BorderStyle(t.dim).
			Headers("entry", "hops", "lands on", "HSTS").Rows(rows...).
			StyleFunc(func(row, col int) lipgloss.Style {
				st := t.renderer.NewStyle().Padding(0, 1)
				if compact {
					st = t.renderer.NewStyle().PaddingRight(gap)
				}
				switch {
				case row == table.HeaderRow:
					return st.Inherit(t.bold)
				case row >= 0 && row < len(styles) && col != 0:
					return st.Inherit(styles[row][col])
				}
				return st
			})
	}
	tbl := build(func(u string) string { return Escape(u) })
	var legend []string
	if lipgloss.Width(tbl.String()) > v.width {
		// Too wide: where each entry lands gets a short name, spelled
		// out under the grid: "canonical" when there is one, else the most
		// common landing is URL 1.
		names := map[string]string{}
		if r.Canonical != "" {
			names[target] = "canonical"
			legend = append(legend, "canonical = "+target)
		}
		for _, u := range append([]string{target}, lands...) {
			if _, ok := names[u]; ok || !strings.Contains(u, "://") {
				continue
			}
			names[u] = fmt.Sprintf("URL %d", len(names)+1)
			legend = append(legend, names[u]+" = "+u)
		}
		tbl = build(func(u string) string {
			if n, ok := names[u]; ok {
				return n
			}
			return Escape(u)
		})
		if lipgloss.Width(tbl.String()) > v.width {
			// Still too wide: no column borders, cells two spaces apart.
			tbl = tbl.BorderLeft(false).BorderRight(false).BorderColumn(false).BorderTop(false).BorderBottom(false)
			compact = true
			if lipgloss.Width(tbl.String()) > v.width {
				gap = 1
			}
			if lipgloss.Width(tbl.String()) > v.width {
				tbl = tbl.Width(v.width) // the last resort: cells wrap
			}
		}
	}
	for _, l := range strings.Split(tbl.String(), "\n") {
		v.println(strings.TrimRight(l, " "))
	}
	for _, l := range legend {
		for _, part := range wrapHard(Escape(l), v.width, v.width-4) {
			v.println(t.dim.Render(part))
		}
	}

	if len(r.Findings) > 0 {
		v.println("")
		v.println(t.bold.Render("findings"))
		for _, f := range r.Findings {
			f.Message = MaskText(f.Message)
			v.finding(f)
		}
	}

	v.println("")
	if r.Preload.Ready {
		for i, l := range wrapWords("preload  ready for the HSTS preload list: hstspreload.org's requirements hold for "+Escape(r.Apex), v.width-2) {
			if i == 0 {
				v.println(t.bold.Render("preload") + "  " + t.ok.Render("ready") + strings.TrimPrefix(l, "preload  ready"))
				continue
			}
			v.println("  " + l)
		}
	} else {
		v.println(t.bold.Render("preload") + "  " + t.warning.Render("not ready") + " for the HSTS preload list (hstspreload.org):")
		for _, p := range r.Preload.Problems {
			for i, l := range wrapWords(Escape(MaskText(p)), v.width-indent-2) {
				if i == 0 {
					v.println(strings.Repeat(" ", indent) + t.dim.Render("-") + " " + l)
					continue
				}
				v.println(strings.Repeat(" ", indent+2) + l)
			}
		}
	}

	v.println("")
	sym, style, text := canonVerdict(r, t)
	counts := map[inspect.Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	text += fmt.Sprintf("; %s, %s", plural(counts[inspect.SeverityError], "error"), plural(counts[inspect.SeverityWarning], "warning"))
	for i, l := range wrapWords(sym+" "+Escape(MaskText(text)), v.width) {
		if i == 0 {
			v.println(style.Render(sym) + l[len(sym):])
			continue
		}
		v.println("  " + l)
	}
	return bw.Flush()
}

// canonVerdict is the last line: whether the entry points pass, and if
// not, what stands out.
func canonVerdict(r *canon.Report, t theme) (string, lipgloss.Style, string) {
	n := len(r.Entries)
	all := fmt.Sprintf("all %d entry points", n)
	if n == 2 {
		all = "both entry points"
	}
	switch {
	case r.Passed():
		return "✓", t.ok, fmt.Sprintf("%s land on %s in the fewest redirects, over https with HSTS", all, r.Canonical)
	case r.Canonical != "":
		return "!", t.warning, fmt.Sprintf("%s land on %s, but with %s", all, r.Canonical, flaws(r.Findings))
	case r.Target == "":
		return "✗", t.errorS, "no canonical URL: no entry point has a final response"
	}
	distinct := map[string]bool{}
	for _, e := range r.Entries {
		distinct[landsOn(e.Chain)] = true
	}
	if len(distinct) == 1 {
		last := r.Entries[0].Chain.Last()
		return "✗", t.errorS, fmt.Sprintf("no canonical URL: %s land on %s, which answers %d", all, r.Target, last.Status)
	}
	return "✗", t.errorS, fmt.Sprintf("no canonical URL: the entry points end in %d places", len(distinct))
}

// flaws names what the findings at warning or above are about, in the
// order they first come.
func flaws(fs []inspect.Finding) string {
	words := map[inspect.Code]string{
		inspect.CodeLongChain:            "extra redirects",
		inspect.CodeHTTPSUpgradeNotFirst: "http not upgraded to https first",
		inspect.CodeHSTSMissing:          "HSTS missing",
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Severity < inspect.SeverityWarning {
			continue
		}
		w, ok := words[f.Code]
		if !ok {
			w = string(f.Code)
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	if len(out) > 1 {
		return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
	}
	return strings.Join(out, "")
}

// landsOn is where a chain ends: its final URL without the fragment, or
// why it has none in a word or two (the findings tell the rest).
func landsOn(c *inspect.Chain) string {
	last := c.Last()
	if c.Final() && last != nil && last.Responded() {
		return href.StripFragment(last.URL)
	}
	switch c.Stop {
	case inspect.StopFailed:
		return fmt.Sprintf("no answer: hop %d failed", len(c.Hops))
	case inspect.StopLoop:
		return "no answer: a loop"
	case inspect.StopMaxRedirects:
		return "no answer: too many"
	case inspect.StopInvalidLocation, inspect.StopUnsupportedScheme:
		return "no answer: bad Location"
	}
	return "no answer: " + string(c.Stop)
}

// hopsCell is each hop's status in order ("301 301 200"), a failed hop as
// "failed", and "+N" for redirects beyond the fewest.
func hopsCell(c *inspect.Chain, fewest int, t theme) string {
	var parts []string
	for i := range c.Hops {
		h := &c.Hops[i]
		if !h.Responded() {
			parts = append(parts, t.errorS.Render("failed"))
			continue
		}
		parts = append(parts, t.status(h.Status).Render(fmt.Sprint(h.Status)))
	}
	if fewest >= 0 && c.Final() && c.Redirects() > fewest {
		parts = append(parts, t.warning.Render(fmt.Sprintf("+%d", c.Redirects()-fewest)))
	}
	return strings.Join(parts, " ")
}

// hstsCell is the HSTS of an https entry's first answer in a few words:
// "none", "invalid", "1 year, sub, preload"; nothing for an http entry.
func hstsCell(c *inspect.Chain) string {
	if len(c.Hops) == 0 || href.Scheme(c.Hops[0].URL) != "https" || !c.Hops[0].Responded() {
		return ""
	}
	s := c.Hops[0].HSTS
	switch {
	case s == nil:
		return "none"
	case !s.Valid:
		return "invalid"
	case *s.MaxAge == 0:
		return "max-age 0"
	}
	parts := []string{inspect.Duration(*s.MaxAge)}
	if s.IncludeSubdomains {
		parts = append(parts, "sub")
	}
	if s.Preload {
		parts = append(parts, "preload")
	}
	return strings.Join(parts, ", ")
}

// CanonDoc is the JSON of `hops canon --json`.
type CanonDoc struct {
	SchemaVersion int             `json:"schema_version"`
	Tool          DocTool         `json:"tool"`
	Entries       []CanonEntryDoc `json:"entries"`
	Canonical     *string         `json:"canonical"`
	Preload       PreloadDoc      `json:"preload"`
	Findings      []DocFinding    `json:"findings"`
	Error         *DocError       `json:"error"`
}

// CanonEntryDoc is one entry point: its URL and the chain fields of a
// single inspection.
type CanonEntryDoc struct {
	URL      string       `json:"url"`
	Client   string       `json:"client,omitempty"` // only with --as
	Hops     []DocHop     `json:"hops"`
	Final    DocFinal     `json:"final"`
	Findings []DocFinding `json:"findings"`
	Error    *DocError    `json:"error"`
}

// PreloadDoc is the readiness for the HSTS preload list.
type PreloadDoc struct {
	Ready    bool     `json:"ready"`
	Problems []string `json:"problems"`
}

// CanonJSON writes `hops canon --json`; interrupted sets the document's
// error (the entries walked so far are still written).
func CanonJSON(w io.Writer, r *canon.Report, interrupted bool, meta Meta) error {
	d := CanonDoc{SchemaVersion: SchemaVersion, Tool: DocTool{Name: "hops", Version: meta.Version},
		Entries: []CanonEntryDoc{}, Findings: []DocFinding{},
		Preload: PreloadDoc{Ready: r.Preload.Ready, Problems: []string{}}}
	for _, e := range r.Entries {
		doc := NewDoc(e.Chain, meta)
		d.Entries = append(d.Entries, CanonEntryDoc{URL: MaskURL(e.URL), Client: doc.Client, Hops: doc.Hops, Final: doc.Final, Findings: doc.Findings, Error: doc.Error})
	}
	if r.Canonical != "" {
		d.Canonical = ptr(MaskURL(r.Canonical))
	}
	for _, p := range r.Preload.Problems {
		d.Preload.Problems = append(d.Preload.Problems, MaskText(p))
	}
	for _, f := range r.Findings {
		d.Findings = append(d.Findings, DocFinding{Code: string(f.Code), Severity: f.Severity.String(), Message: MaskText(f.Message)})
	}
	if interrupted {
		d.Error = &DocError{Code: string(inspect.StopInterrupted), Message: "interrupted before every entry point was walked"}
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err = w.Write(append(escapeJSON(b), '\n'))
	return err
}
