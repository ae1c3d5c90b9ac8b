package render

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
)

// The report's page: its templates, styles and script are files of their
// own so that each can be read and linted as what it is, and are embedded
// in the binary so that the report needs nothing at run time.
//
//go:embed htmlreport/report.html.tmpl htmlreport/report.css htmlreport/report.js
var htmlFiles embed.FS

// HTML report limits, so that the writer's memory stays bounded whatever
// the number of rows.
const (
	// htmlMaxHosts bounds the source hosts counted one by one; rows from
	// hosts first seen after that are counted together.
	htmlMaxHosts = check.MaxTrackedTargets
	// htmlHostsShown is how many hosts the per-host table lists.
	htmlHostsShown = 100
	// htmlRootsShown is how many home pages the soft-404 warning names.
	htmlRootsShown = 5
	// htmlChunkRows is how many rows go into one script element. A
	// browser parses a script element in about a quarter of a
	// millisecond, whatever its size: one per row would take half a
	// minute to open at 100,000 rows, one per 500 rows takes 50 ms, and
	// the writer holds no more than 500 rows.
	htmlChunkRows = 500
)

// htmlTemplates parses the report's template the first time a report is
// written: parsed at package init it cost every run of hops 1.3 ms and
// 114 KB before main, --html or not.
var htmlTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"num": groupDigits,
	}).ParseFS(htmlFiles, "htmlreport/report.html.tmpl"))
})

// htmlAssets are the report's inline style and script, and the page's
// Content-Security-Policy: nothing may be fetched (default-src 'none'),
// and the only script that may run is the report's own, named by its
// hash, so that even text that slipped past escaping could not run.
var htmlAssets = sync.OnceValue(func() struct {
	CSS template.CSS
	JS  template.JS
	CSP string
} {
	css, err := htmlFiles.ReadFile("htmlreport/report.css")
	if err != nil {
		panic(err)
	}
	js, err := htmlFiles.ReadFile("htmlreport/report.js")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(js)
	csp := "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
	return struct {
		CSS template.CSS
		JS  template.JS
		CSP string
	}{template.CSS(css), template.JS(js), csp}
})

// HTMLMeta is what the report says about its run besides the rows.
type HTMLMeta struct {
	Version string
	Client  string // the --as profile, "" without one
	Input   string // the input as named on the command line
	// Now gives the time the report is written (time.Now when nil).
	Now func() time.Time
}

// HTMLReport writes `hops check --html FILE`: one self-contained page.
// The page's head and the table's frame go out with the first row; the
// rows follow as they finish, htmlChunkRows at a time, as a JSON array in
// a script element (html/template escapes it, so server text cannot end
// the element or run); the summary, charts and the page's script come at
// End, at the bottom of the file, and the page's style shows them first.
// Memory holds counts and at most one chunk of rows.
type HTMLReport struct {
	out   io.Writer
	w     *bufio.Writer
	meta  HTMLMeta
	head  bool      // written
	chunk []htmlRow // rows not yet written

	codes     map[string]*htmlCode // by code: inspect's codes are a fixed set
	hosts     map[string]*htmlHost
	otherHost htmlHost // rows from hosts past htmlMaxHosts
}

type htmlCode struct {
	Code     string
	Severity inspect.Severity
	Rows     int
}

type htmlHost struct {
	Host                      string
	Rows, OK, Mismatch, Error int
}

// NewHTMLReport writes the report to out, which End closes when it is an
// io.Closer.
func NewHTMLReport(out io.Writer, meta HTMLMeta) *HTMLReport {
	if meta.Now == nil {
		meta.Now = time.Now
	}
	return &HTMLReport{out: out, w: bufio.NewWriterSize(out, 64<<10), meta: meta,
		codes: map[string]*htmlCode{}, hosts: map[string]*htmlHost{}}
}

// htmlRow is a row as the page's script reads it. The keys are short
// because a report of 100,000 rows repeats them a million times:
//
//	n row  r result  s source  t target  e expected first status
//	fs final status  s1 first status  h redirects (the final URL is the last hop's)
//	why reason  err error  c finding codes  hops  fnd findings not tied to a hop
type htmlRow struct {
	N         int           `json:"n"`
	Result    string        `json:"r"`
	Source    string        `json:"s"`
	Target    string        `json:"t,omitempty"`
	Expect    string        `json:"e,omitempty"`
	Status    *int          `json:"fs"`
	First     *int          `json:"s1"`
	Redirects int           `json:"h"`
	Reason    string        `json:"why,omitempty"`
	Error     string        `json:"err,omitempty"`
	Codes     []string      `json:"c,omitempty"`
	Hops      []htmlHop     `json:"hops"`
	Findings  []htmlFinding `json:"fnd,omitempty"`
}

// htmlHop is one hop: s status (null: no response), rp reason phrase
// when it is not the usual one, m method, u URL (absent on the first hop
// when it is the row's source), via how it was reached when not by a
// Location, loc the Location header as sent, fnd its findings.
type htmlHop struct {
	Status   *int          `json:"s"`
	Phrase   string        `json:"rp,omitempty"`
	Method   string        `json:"m"`
	URL      string        `json:"u,omitempty"`
	Via      string        `json:"via,omitempty"`
	Location *string       `json:"loc,omitempty"`
	Findings []htmlFinding `json:"fnd,omitempty"`
}

// htmlFinding is c code, sev severity, msg message.
type htmlFinding struct {
	Code     string `json:"c"`
	Severity string `json:"sev"`
	Message  string `json:"msg"`
}

// newHTMLRow projects a result onto what the page shows: the facts of its
// JSON Lines document (a test holds the two together), read from the chain
// directly rather than through NewCheckRow, which would copy and mask
// every header of every hop for nothing shown here (a third of the
// report's cost). Secrets are masked with the same MaskText, and server
// text is escaped as on a terminal, so that a bidirectional override
// cannot reorder what is read.
func newHTMLRow(res check.Result) htmlRow {
	text := func(s string) string { return Escape(MaskText(s)) }
	r := htmlRow{N: res.Row.N, Result: string(res.Verdict), Source: text(res.Row.Source),
		Target: text(res.Row.Target), Expect: Escape(expectedStatus(res.Row)), Reason: text(res.Reason), Hops: []htmlHop{}}
	c := res.Chain
	if c == nil {
		return r // a malformed row: its reason says why
	}
	r.Redirects = c.Redirects()
	if last := c.Last(); last != nil && last.Responded() {
		r.Status = ptr(last.Status)
	}
	r.Hops = make([]htmlHop, 0, len(c.Hops))
	for i := range c.Hops {
		h := &c.Hops[i]
		hop := htmlHop{Method: Escape(h.Method), URL: text(h.URL)}
		if h.Responded() {
			hop.Status = ptr(h.Status)
			if h.Reason != http.StatusText(h.Status) {
				hop.Phrase = Escape(h.Reason)
			}
		}
		if h.Via != "" && h.Via != inspect.ViaHTTP {
			hop.Via = Escape(string(h.Via))
		}
		if len(h.Location) > 0 {
			hop.Location = ptr(text(h.Location[0]))
		}
		r.Hops = append(r.Hops, hop)
	}
	if len(r.Hops) > 0 {
		r.First = r.Hops[0].Status
		if r.Hops[0].URL == r.Source {
			r.Hops[0].URL = ""
		}
	}
	for _, f := range c.Findings {
		hf := htmlFinding{Code: string(f.Code), Severity: f.Severity.String(), Message: text(f.Message)}
		if !slices.Contains(r.Codes, hf.Code) {
			r.Codes = append(r.Codes, hf.Code)
		}
		if i := slices.IndexFunc(c.Hops, func(h inspect.Hop) bool { return h.N == f.Hop }); f.Hop > 0 && i >= 0 {
			r.Hops[i].Findings = append(r.Hops[i].Findings, hf)
			continue
		}
		r.Findings = append(r.Findings, hf)
	}
	// What stopped the walk, as the document's error says it, unless the
	// reason already does.
	if c.Stop.Code() != "" || c.Stop == inspect.StopInterrupted || c.Stop == inspect.StopRefused {
		if msg := text(c.StopMessage()); msg != r.Reason {
			r.Error = msg
		}
	}
	return r
}

// Row writes a row's document and counts it for the summary.
func (r *HTMLReport) Row(res check.Result) error {
	if err := r.writeHead(); err != nil {
		return err
	}
	r.count(res)
	r.chunk = append(r.chunk, newHTMLRow(res))
	if len(r.chunk) < htmlChunkRows {
		return nil
	}
	return r.flushChunk()
}

func (r *HTMLReport) flushChunk() error {
	if len(r.chunk) == 0 {
		return nil
	}
	err := htmlTemplates().ExecuteTemplate(r.w, "rows", r.chunk)
	clear(r.chunk) // let the rows' strings go
	r.chunk = r.chunk[:0]
	if err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	return nil
}

func (r *HTMLReport) writeHead() error {
	if r.head {
		return nil
	}
	r.head = true
	data := struct {
		Input, Version, Client, CSP string
		CSS                         template.CSS
	}{Escape(MaskURL(r.meta.Input)), r.meta.Version, r.meta.Client, htmlAssets().CSP, htmlAssets().CSS}
	if err := htmlTemplates().ExecuteTemplate(r.w, "head", data); err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	return nil
}

// count adds a row to the findings by code and the per-host table.
func (r *HTMLReport) count(res check.Result) {
	host := sourceHost(res.Row.Source)
	h := r.hosts[host]
	if h == nil {
		if len(r.hosts) < htmlMaxHosts {
			h = &htmlHost{Host: host}
			r.hosts[host] = h
		} else {
			h = &r.otherHost
		}
	}
	h.Rows++
	switch res.Verdict {
	case check.OK:
		h.OK++
	case check.Mismatch:
		h.Mismatch++
	case check.Error:
		h.Error++
	}
	if res.Chain == nil {
		return
	}
	var seen []inspect.Code
	for _, f := range res.Chain.Findings {
		if slices.Contains(seen, f.Code) {
			continue
		}
		seen = append(seen, f.Code)
		c := r.codes[string(f.Code)]
		if c == nil {
			c = &htmlCode{Code: string(f.Code), Severity: f.Severity}
			r.codes[string(f.Code)] = c
		}
		c.Severity = max(c.Severity, f.Severity)
		c.Rows++
	}
}

// sourceHost is the host (and port) a row's source names, lower-cased;
// "(no host)" when the source is not a URL with one.
func sourceHost(source string) string {
	u, err := url.Parse(source)
	if err != nil || u.Host == "" {
		return "(no host)"
	}
	return Escape(strings.ToLower(u.Host))
}

// End writes the summary, the charts and the page's script, and closes
// the output.
func (r *HTMLReport) End(s check.Summary) error {
	err := r.writeHead()
	if err == nil {
		err = r.flushChunk()
	}
	if err == nil {
		err = htmlTemplates().ExecuteTemplate(r.w, "tail", r.summary(s))
		if err != nil {
			err = fmt.Errorf("--html: %w", err)
		}
	}
	if ferr := r.w.Flush(); err == nil {
		err = ferr
	}
	if c, ok := r.out.(io.Closer); ok {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// htmlSummary is what the tail template shows.
type htmlSummary struct {
	Rows, OK, Mismatch, Error    int
	PctOK, PctMismatch, PctError string
	Seconds, Rate                string
	Interrupted                  bool
	Written                      string
	JS                           template.JS

	Charts       []htmlChart
	Roots        []TargetDoc
	RootsMore    int // home pages past htmlRootsShown
	Untracked    int
	Causes       []htmlCause
	Lint         []LintIssueDoc
	Hosts        []htmlHost
	HostsOmitted int      // hosts tracked but not listed
	OtherHosts   htmlHost // rows from hosts not tracked
}

type htmlCause struct {
	Label, Class string
	Rows         int
	Examples     []htmlExample
}

// htmlExample is a row a group names: its number and source.
type htmlExample struct {
	Row    int
	Source string
}

func (r *HTMLReport) summary(s check.Summary) htmlSummary {
	doc := summaryDoc(s)
	pct := func(n int) string {
		if s.Rows == 0 {
			return "-"
		}
		return strconv.FormatFloat(100*float64(n)/float64(s.Rows), 'f', 1, 64) + "%"
	}
	rate := "-"
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = groupDigits(int(float64(s.Rows)/secs + 0.5))
	}
	out := htmlSummary{Rows: s.Rows, OK: s.OK, Mismatch: s.Mismatch, Error: s.Error,
		PctOK: pct(s.OK), PctMismatch: pct(s.Mismatch), PctError: pct(s.Error),
		Seconds: strconv.FormatFloat(doc.Seconds, 'f', 1, 64), Rate: rate, Interrupted: s.Interrupted,
		Written: r.meta.Now().UTC().Format("2006-01-02 15:04 UTC"), JS: htmlAssets().JS,
		Untracked: doc.TargetsUntracked, Lint: doc.Lint, OtherHosts: r.otherHost}

	out.Charts = append(out.Charts, barChart("chart-results", "Results", "rows per result", []htmlBar{
		{Label: "ok", Value: s.OK, Class: "ok", Result: "ok"},
		{Label: "mismatch", Value: s.Mismatch, Class: "mismatch", Result: "mismatch"},
		{Label: "error", Value: s.Error, Class: "error", Result: "error"},
	}, false))
	var bars []htmlBar
	for _, c := range doc.FirstStatuses {
		bars = append(bars, htmlBar{Label: strconv.Itoa(c.Value), Value: c.Rows, Class: statusClass(c.Value)})
	}
	out.Charts = append(out.Charts, columnChart("chart-first", "First statuses", "rows per status of the first response", bars))
	bars = nil
	for _, c := range doc.ChainLengths {
		bars = append(bars, htmlBar{Label: strconv.Itoa(c.Value), Value: c.Rows, Class: "len"})
	}
	out.Charts = append(out.Charts, columnChart("chart-lengths", "Chain lengths", "rows per number of redirects", bars))
	codes := make([]*htmlCode, 0, len(r.codes))
	for _, c := range r.codes {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b *htmlCode) int {
		return cmp.Or(b.Rows-a.Rows, int(b.Severity)-int(a.Severity), cmp.Compare(a.Code, b.Code))
	})
	bars = nil
	for _, c := range codes {
		bars = append(bars, htmlBar{Label: c.Code, Value: c.Rows, Class: c.Severity.String(), Code: c.Code,
			Title: fmt.Sprintf("%s (%s): %s", c.Code, c.Severity, quantity(c.Rows, "row", "rows"))})
	}
	out.Charts = append(out.Charts, barChart("chart-findings", "Findings by code", "rows with each finding (a row counts once per code)", bars, false))
	bars = nil
	for _, t := range doc.TopTargets {
		label := Escape(t.URL)
		bars = append(bars, htmlBar{Label: label, Value: t.Count, Class: "target", Title: label + ": " + quantity(t.Count, "row", "rows")})
	}
	out.Charts = append(out.Charts, barChart("chart-targets", "Most common final targets", "rows redirected to each final URL", bars, true))

	roots := s.Stats.RootTargets()
	for _, t := range roots[:min(len(roots), htmlRootsShown)] {
		out.Roots = append(out.Roots, TargetDoc{URL: Escape(MaskURL(t.URL)), Count: t.Count})
	}
	out.RootsMore = len(roots) - len(out.Roots)
	for _, g := range s.Stats.Reasons() {
		c := htmlCause{Label: causeLabel(g), Rows: g.Rows, Class: string(causeClass(g))}
		for _, ex := range g.Examples {
			c.Examples = append(c.Examples, htmlExample{Row: ex.Row, Source: Escape(MaskURL(ex.Source))})
		}
		out.Causes = append(out.Causes, c)
	}
	for i := range out.Lint {
		out.Lint[i].Message = Escape(MaskText(out.Lint[i].Message))
	}
	hosts := make([]htmlHost, 0, len(r.hosts))
	for _, h := range r.hosts {
		hosts = append(hosts, *h)
	}
	slices.SortFunc(hosts, func(a, b htmlHost) int {
		return cmp.Or(b.Rows-a.Rows, (b.Mismatch+b.Error)-(a.Mismatch+a.Error), cmp.Compare(a.Host, b.Host))
	})
	if len(hosts) > htmlHostsShown {
		out.HostsOmitted = len(hosts) - htmlHostsShown
		hosts = hosts[:htmlHostsShown]
	}
	out.Hosts = hosts
	return out
}

// causeClass is the verdict a cause's rows have, for its colour.
func causeClass(g check.Group) check.Verdict {
	switch g.Kind {
	case check.KindStop, check.KindInterrupted, check.KindMalformed:
		return check.Error
	}
	return check.Mismatch
}

func statusClass(status int) string {
	switch {
	case status >= 500:
		return "s5"
	case status >= 400:
		return "s4"
	case status >= 300:
		return "s3"
	case status >= 200:
		return "s2"
	}
	return "s1"
}

// groupDigits writes n with thin spaces between groups of three digits, as
// the report shows counts (100 000).
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// htmlChart is one SVG chart, laid out here so that the template only
// draws: W and H are its view box, each bar carries its own geometry.
type htmlChart struct {
	ID, Title, Note string
	Kind            string // "bars" (horizontal; "bars above" with labels over them) or "columns"
	W, H            int
	Bars            []htmlBar
	BaseY           int // columns: the axis line
}

type htmlBar struct {
	Label, Short, Title, Class string
	Value                      int
	// Result or Code: clicking the bar filters the table by it.
	Result, Code string
	// Geometry in view box units.
	X, Y, BW, BH   int
	LX, LY, VX, VY int
	VEnd           bool // the value's text is right-aligned at VX
}

// Chart geometry, in view box units (about a pixel at the usual width).
const (
	chartW      = 420
	barRow      = 24 // a horizontal bar's line
	barH        = 16
	labelW      = 150 // the labels' column of a horizontal chart
	valueW      = 60  // room for the count after the longest bar
	columnsH    = 150 // a column chart's plot area
	charsInLine = 64  // a target's URL shown above its bar, cut to this
)

// barChart lays out horizontal bars, longest for the largest value.
// above: each label stands on a line of its own above its bar (URLs).
func barChart(id, title, note string, bars []htmlBar, above bool) htmlChart {
	c := htmlChart{ID: id, Title: title, Note: note, Kind: "bars", W: chartW}
	most := 0
	for _, b := range bars {
		most = max(most, b.Value)
	}
	x0 := labelW
	if above {
		x0, c.Kind = 0, "bars above"
	}
	span := chartW - x0 - valueW
	y := 4
	for _, b := range bars {
		if b.Title == "" {
			b.Title = b.Label + ": " + quantity(b.Value, "row", "rows")
		}
		b.Short = shorten(b.Label, 22)
		if above {
			b.Short = shorten(b.Label, charsInLine)
			b.LX, b.LY = 0, y+12
			y += 16
		} else {
			b.LX, b.LY = labelW-8, y+barH-4
		}
		w := 0
		if most > 0 {
			w = span * b.Value / most
		}
		if b.Value > 0 {
			w = max(w, 2) // a row or two still shows
		}
		b.X, b.Y, b.BW, b.BH = x0, y, w, barH
		b.VX, b.VY = x0+w+6, y+barH-4
		c.Bars = append(c.Bars, b)
		y += barRow
	}
	c.H = y
	return c
}

// columnChart lays out vertical columns in the order given (a
// distribution: statuses, numbers of redirects).
func columnChart(id, title, note string, bars []htmlBar) htmlChart {
	c := htmlChart{ID: id, Title: title, Note: note, Kind: "columns", W: chartW, H: columnsH + 40, BaseY: columnsH + 18}
	most := 0
	for _, b := range bars {
		most = max(most, b.Value)
	}
	if len(bars) == 0 {
		return c
	}
	slot := min((chartW-8)/len(bars), 64)
	for i, b := range bars {
		if b.Title == "" {
			b.Title = b.Label + ": " + quantity(b.Value, "row", "rows")
		}
		b.Short = shorten(b.Label, max(slot/8, 3))
		h := 0
		if most > 0 {
			h = (columnsH - 8) * b.Value / most
		}
		if b.Value > 0 {
			h = max(h, 2)
		}
		x := 4 + i*slot
		b.X, b.Y, b.BW, b.BH = x+slot/8, c.BaseY-h, slot-slot/4, h
		b.LX, b.LY = x+slot/2, c.BaseY+16
		b.VX, b.VY = x+slot/2, c.BaseY-h-4
		c.Bars = append(c.Bars, b)
	}
	return c
}

// shorten cuts s to n characters, the last an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
