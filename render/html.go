package render

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	_ "embed" // the page's style and script
	"encoding/base64"
	"fmt"
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

// The report's style and script are files of their own so that each can
// be read and linted as what it is, and are embedded in the binary so that
// the report needs nothing at run time. The markup around them is written
// by the append functions at the end of this file.
var (
	//go:embed htmlreport/report.css
	htmlCSS string
	//go:embed htmlreport/report.js
	htmlJS string
)

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

// htmlCSP is the page's Content-Security-Policy: nothing may be fetched
// (default-src 'none'), and the only script that may run is the report's
// own, named by its hash, so that even text that slipped past escaping
// could not run. Computed when a report is written, not at every start.
var htmlCSP = sync.OnceValue(func() string {
	sum := sha256.Sum256([]byte(htmlJS))
	return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
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
// a script element (escaped as html/template escaped a value there, so
// server text cannot end the element or run); the summary, charts and
// the page's script come at End, at the bottom of the file, and the
// page's style shows them first. Memory holds counts and at most one
// chunk of rows, and its markup.
type HTMLReport struct {
	out   io.Writer
	w     *bufio.Writer
	meta  HTMLMeta
	head  bool      // written
	chunk []htmlRow // rows not yet written
	buf   []byte    // the markup of the part being written, reused

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
	r.buf = appendHTMLRows(r.buf[:0], r.chunk)
	clear(r.chunk) // let the rows' strings go
	r.chunk = r.chunk[:0]
	if _, err := r.w.Write(r.buf); err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	return nil
}

func (r *HTMLReport) writeHead() error {
	if r.head {
		return nil
	}
	r.head = true
	h := htmlHead{Input: Escape(MaskURL(r.meta.Input)), Version: r.meta.Version, Client: r.meta.Client, CSP: htmlCSP(), CSS: htmlCSS}
	r.buf = appendHTMLHead(r.buf[:0], &h)
	if _, err := r.w.Write(r.buf); err != nil {
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
		sum := r.summary(s)
		r.buf = appendHTMLTail(r.buf[:0], &sum)
		if _, err = r.w.Write(r.buf); err != nil {
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
	JS                           string // the page's script, written as it is

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
		Written: r.meta.Now().UTC().Format("2006-01-02 15:04 UTC"), JS: htmlJS,
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

// The page is written by hand rather than by html/template: its executor
// looks methods up by name at run time, which makes the linker keep every
// exported method of every type in the binary (1.9 MB, and 2 ms of every
// start of hops, --html or not). Each value is escaped as html/template
// escapes it in the context it lands in, byte for byte: a test holds the
// page equal to the template it replaced (html_ref_test.go).

// htmlEscapes is html/template's replacement table for a string in HTML
// text, in an RCDATA element (<title>) and in a quoted attribute value: the
// three contexts use the same one. Every byte not listed is written as it
// is, invalid UTF-8 included (html/template lets bad runes through there),
// so that it can be applied byte by byte: a listed byte is ASCII, which
// never occurs inside a multi-byte sequence.
var htmlEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendHTML writes s escaped for HTML text, a title or a quoted attribute
// value.
func appendHTML(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if e := htmlEscapes[s[i]]; e != "" {
			b = append(b, s[start:i]...)
			b = append(b, e...)
			start = i + 1
		}
	}
	return append(b, s[start:]...)
}

// appendInt writes n as the template printed it; digits and a minus sign
// need no escaping.
func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// appendNum writes n with its digits grouped (groupDigits), which needs no
// escaping either.
func appendNum(b []byte, n int) []byte { return append(b, groupDigits(n)...) }

// htmlHead is what the page's head shows. Input is the input's name, as
// masked and escaped for a terminal; CSS is the trusted style, written as
// it is.
type htmlHead struct {
	Input, Version, Client, CSP, CSS string
}

// appendHTMLHead writes the page up to the rows' table, which the rows'
// script fills.
func appendHTMLHead(b []byte, h *htmlHead) []byte {
	b = append(b, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="`...)
	b = appendHTML(b, h.CSP)
	b = append(b, `">
<meta name="generator" content="hops `...)
	b = appendHTML(b, h.Version)
	b = append(b, `">
<title>hops check · `...)
	b = appendHTML(b, h.Input)
	b = append(b, `</title>
<style>`...)
	b = append(b, h.CSS...)
	b = append(b, `</style>
</head>
<body>
<main class="page">
<header class="top">
<h1><span class="tool">hops check</span> <span class="input" title="`...)
	b = appendHTML(b, h.Input)
	b = append(b, `">`...)
	b = appendHTML(b, h.Input)
	b = append(b, `</span></h1>
<p class="meta" id="run-meta">hops `...)
	b = appendHTML(b, h.Version)
	if h.Client != "" {
		b = append(b, " · each row walked as "...)
		b = appendHTML(b, h.Client)
	}
	return append(b, `</p>
</header>
<section class="rows" aria-labelledby="rows-title">
<h2 id="rows-title">Rows</h2>
<div class="controls">
<input type="search" id="q" placeholder="Search URLs, reasons, findings…" aria-label="Search the rows" autocomplete="off">
<select id="f-result" aria-label="Result">
<option value="">every result</option>
<option value="ok">ok</option>
<option value="mismatch">mismatch</option>
<option value="error">error</option>
</select>
<select id="f-code" aria-label="Finding">
<option value="">every finding</option>
</select>
<span class="shown" id="shown" aria-live="polite"></span>
</div>
<div class="scroller" id="scroller">
<table class="grid" id="grid" aria-rowcount="-1">
<colgroup><col class="c-n"><col class="c-r"><col class="c-s"><col class="c-s1"><col class="c-h"><col class="c-fs"><col class="c-f"><col class="c-c"></colgroup>
<thead><tr>
<th data-key="n" aria-sort="ascending"><button type="button">row</button></th>
<th data-key="r"><button type="button">result</button></th>
<th data-key="s"><button type="button">source</button></th>
<th data-key="s1"><button type="button" title="first status">first</button></th>
<th data-key="h"><button type="button" title="redirects">hops</button></th>
<th data-key="fs"><button type="button" title="final status">final</button></th>
<th data-key="f"><button type="button">final URL</button></th>
<th data-key="c"><button type="button">findings</button></th>
</tr></thead>
<tbody id="rows-body"></tbody>
</table>
</div>
<noscript><p class="note">The rows need JavaScript to be listed; the summary above is complete without it.</p></noscript>
<p class="note" id="rows-loading">Rows are listed when the report is complete.</p>
</section>
`...)
}

// appendHTMLRows writes a chunk of rows as a JSON array in a script
// element of type application/json, as html/template wrote a value there:
// json.Marshal's bytes, whose strings have <, > and & as \u003c, \u003e
// and \u0026 (so no text can close the element or open a comment),
// U+2028 and U+2029 escaped, and invalid UTF-8 as \ufffd; appendJSONString
// writes strings so. A nil chunk would be " null " (the template pads a
// value that starts with a letter); the report writes no empty chunk.
func appendHTMLRows(b []byte, rows []htmlRow) []byte {
	b = append(b, `<script type="application/json" class="hops-rows">`...)
	if rows == nil {
		b = append(b, " null "...)
	} else {
		b = append(b, '[')
		for i := range rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendHTMLRowJSON(b, &rows[i])
		}
		b = append(b, ']')
	}
	return append(b, "</script>\n"...)
}

// appendHTMLRowJSON writes a row as json.Marshal does: fields in the
// struct's order, omitempty ones left out when empty, nil as null.
func appendHTMLRowJSON(b []byte, r *htmlRow) []byte {
	b = append(b, `{"n":`...)
	b = appendInt(b, r.N)
	b = append(b, `,"r":`...)
	b = appendJSONString(b, r.Result)
	b = append(b, `,"s":`...)
	b = appendJSONString(b, r.Source)
	if r.Target != "" {
		b = append(b, `,"t":`...)
		b = appendJSONString(b, r.Target)
	}
	if r.Expect != "" {
		b = append(b, `,"e":`...)
		b = appendJSONString(b, r.Expect)
	}
	b = append(b, `,"fs":`...)
	b = appendIntPtr(b, r.Status)
	b = append(b, `,"s1":`...)
	b = appendIntPtr(b, r.First)
	b = append(b, `,"h":`...)
	b = appendInt(b, r.Redirects)
	if r.Reason != "" {
		b = append(b, `,"why":`...)
		b = appendJSONString(b, r.Reason)
	}
	if r.Error != "" {
		b = append(b, `,"err":`...)
		b = appendJSONString(b, r.Error)
	}
	if len(r.Codes) > 0 {
		b = append(b, `,"c":[`...)
		for i, c := range r.Codes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, c)
		}
		b = append(b, ']')
	}
	b = append(b, `,"hops":`...)
	if r.Hops == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Hops {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendHTMLHopJSON(b, &r.Hops[i])
		}
		b = append(b, ']')
	}
	if len(r.Findings) > 0 {
		b = append(b, `,"fnd":`...)
		b = appendHTMLFindingsJSON(b, r.Findings)
	}
	return append(b, '}')
}

func appendHTMLHopJSON(b []byte, h *htmlHop) []byte {
	b = append(b, `{"s":`...)
	b = appendIntPtr(b, h.Status)
	if h.Phrase != "" {
		b = append(b, `,"rp":`...)
		b = appendJSONString(b, h.Phrase)
	}
	b = append(b, `,"m":`...)
	b = appendJSONString(b, h.Method)
	if h.URL != "" {
		b = append(b, `,"u":`...)
		b = appendJSONString(b, h.URL)
	}
	if h.Via != "" {
		b = append(b, `,"via":`...)
		b = appendJSONString(b, h.Via)
	}
	if h.Location != nil {
		b = append(b, `,"loc":`...)
		b = appendJSONString(b, *h.Location)
	}
	if len(h.Findings) > 0 {
		b = append(b, `,"fnd":`...)
		b = appendHTMLFindingsJSON(b, h.Findings)
	}
	return append(b, '}')
}

func appendHTMLFindingsJSON(b []byte, fs []htmlFinding) []byte {
	b = append(b, '[')
	for i := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"c":`...)
		b = appendJSONString(b, fs[i].Code)
		b = append(b, `,"sev":`...)
		b = appendJSONString(b, fs[i].Severity)
		b = append(b, `,"msg":`...)
		b = appendJSONString(b, fs[i].Message)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendIntPtr(b []byte, p *int) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return appendInt(b, *p)
}

// appendHTMLTail writes the summary, the charts, the tables and the page's
// script (trusted, written as it is), and ends the page.
func appendHTMLTail(b []byte, s *htmlSummary) []byte {
	b = append(b, `
<section class="summary" aria-labelledby="summary-title">
<h2 id="summary-title" class="sr-only">Summary</h2>
`...)
	if s.Interrupted {
		b = append(b, `<p class="banner mismatch" id="interrupted">Interrupted: the rows not yet started were not checked.</p>`...)
	}
	b = append(b, `
<div class="cards" id="counts">
<button type="button" class="card total" data-result=""><span class="n" id="count-total">`...)
	b = appendNum(b, s.Rows)
	b = append(b, `</span><span class="what">rows</span></button>
<button type="button" class="card ok" data-result="ok"><span class="n" id="count-ok">`...)
	b = appendNum(b, s.OK)
	b = append(b, `</span><span class="what">ok · `...)
	b = appendHTML(b, s.PctOK)
	b = append(b, `</span></button>
<button type="button" class="card mismatch" data-result="mismatch"><span class="n" id="count-mismatch">`...)
	b = appendNum(b, s.Mismatch)
	b = append(b, `</span><span class="what">mismatch · `...)
	b = appendHTML(b, s.PctMismatch)
	b = append(b, `</span></button>
<button type="button" class="card error" data-result="error"><span class="n" id="count-error">`...)
	b = appendNum(b, s.Error)
	b = append(b, `</span><span class="what">error · `...)
	b = appendHTML(b, s.PctError)
	b = append(b, `</span></button>
</div>
<p class="meta">checked in `...)
	b = appendHTML(b, s.Seconds)
	b = append(b, " s ("...)
	b = appendHTML(b, s.Rate)
	b = append(b, " rows/s) · written "...)
	b = appendHTML(b, s.Written)
	b = append(b, "</p>\n"...)
	if len(s.Roots) > 0 {
		b = append(b, `<div class="banner mismatch" id="roots">
<p>Many sources land on a home page: search engines treat mass redirects to the home page as soft 404s.</p>
<ul>
`...)
		for _, t := range s.Roots {
			b = append(b, "<li>"...)
			b = appendNum(b, t.Count)
			b = append(b, ` sources land on <span class="url">`...)
			b = appendHTML(b, t.URL)
			b = append(b, "</span></li>\n"...)
		}
		b = append(b, "</ul>\n"...)
		if s.RootsMore != 0 {
			b = append(b, "<p>"...)
			b = appendNum(b, s.RootsMore)
			b = append(b, " more home pages have as many.</p>"...)
		}
		b = append(b, "\n</div>\n"...)
	}
	b = append(b, "\n<div class=\"charts\">\n"...)
	for i := range s.Charts {
		b = appendHTMLChart(b, &s.Charts[i])
	}
	b = append(b, "\n</div>\n"...)
	if s.Untracked != 0 {
		b = append(b, `<p class="note">Final targets counted over the first 10 000 distinct URLs; `...)
		b = appendNum(b, s.Untracked)
		b = append(b, ` rows landed on others.</p>`...)
	}
	b = append(b, "\n<div class=\"tables\">\n"...)
	if len(s.Causes) > 0 {
		b = append(b, `
<div class="panel">
<h3>Not ok, by cause</h3>
<p class="note">A row with several causes counts under each.</p>
<table class="list" id="causes">
<thead><tr><th>cause</th><th class="num">rows</th><th>first rows</th></tr></thead>
<tbody>
`...)
		for _, c := range s.Causes {
			b = append(b, `<tr><td><span class="tag `...)
			b = appendHTML(b, c.Class)
			b = append(b, `">`...)
			b = appendHTML(b, c.Label)
			b = append(b, `</span></td><td class="num">`...)
			b = appendNum(b, c.Rows)
			b = append(b, "</td><td>"...)
			for _, ex := range c.Examples {
				b = append(b, `<div class="ex"><span class="rn">row `...)
				b = appendInt(b, ex.Row)
				b = append(b, `</span> <span class="url">`...)
				b = appendHTML(b, ex.Source)
				b = append(b, "</span></div>"...)
			}
			b = append(b, "</td></tr>\n"...)
		}
		b = append(b, "</tbody>\n</table>\n</div>\n"...)
	}
	b = append(b, `
<div class="panel">
<h3>By source host</h3>
<table class="list" id="hosts">
<thead><tr><th>host</th><th class="num">rows</th><th class="num">ok</th><th class="num">mismatch</th><th class="num">error</th></tr></thead>
<tbody>
`...)
	for i := range s.Hosts {
		h := &s.Hosts[i]
		b = append(b, `<tr><td class="url">`...)
		b = appendHTML(b, h.Host)
		b = appendHostCounts(b, h)
	}
	if s.OtherHosts.Rows != 0 {
		b = append(b, "<tr><td>other hosts"...)
		b = appendHostCounts(b, &s.OtherHosts)
	}
	b = append(b, "</tbody>\n</table>\n"...)
	if s.HostsOmitted != 0 {
		b = append(b, `<p class="note">`...)
		b = appendNum(b, s.HostsOmitted)
		b = append(b, " more hosts, with fewer rows each, are not listed.</p>"...)
	}
	b = append(b, "\n</div>\n"...)
	if len(s.Lint) > 0 {
		b = append(b, `
<div class="panel">
<h3>Map lint</h3>
<table class="list" id="lint">
<thead><tr><th>issue</th><th>rows</th><th>message</th></tr></thead>
<tbody>
`...)
		for _, l := range s.Lint {
			b = append(b, `<tr><td><span class="tag mismatch">`...)
			b = appendHTML(b, l.Code)
			b = append(b, "</span></td><td>"...)
			for i, n := range l.Rows {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = appendInt(b, n)
			}
			b = append(b, "</td><td>"...)
			b = appendHTML(b, l.Message)
			b = append(b, "</td></tr>\n"...)
		}
		b = append(b, "</tbody>\n</table>\n</div>\n"...)
	}
	b = append(b, "\n</div>\n</section>\n</main>\n<script>"...)
	b = append(b, s.JS...)
	return append(b, "</script>\n</body>\n</html>\n"...)
}

// appendHostCounts ends a row of the per-host table, after its host.
func appendHostCounts(b []byte, h *htmlHost) []byte {
	b = append(b, `</td><td class="num">`...)
	b = appendNum(b, h.Rows)
	b = append(b, `</td><td class="num ok">`...)
	b = appendNum(b, h.OK)
	b = append(b, `</td><td class="num mismatch">`...)
	b = appendNum(b, h.Mismatch)
	b = append(b, `</td><td class="num error">`...)
	b = appendNum(b, h.Error)
	return append(b, "</td></tr>\n"...)
}

// appendHTMLChart writes a chart as an SVG figure, "none" when it has no
// bars.
func appendHTMLChart(b []byte, c *htmlChart) []byte {
	b = append(b, `<figure class="chart" id="`...)
	b = appendHTML(b, c.ID)
	b = append(b, `">
<figcaption><strong>`...)
	b = appendHTML(b, c.Title)
	b = append(b, `</strong> <span class="note">`...)
	b = appendHTML(b, c.Note)
	b = append(b, "</span></figcaption>\n"...)
	if len(c.Bars) == 0 {
		return append(b, "<p class=\"empty\">none</p>\n</figure>\n"...)
	}
	b = append(b, `<svg class="`...)
	b = appendHTML(b, c.Kind)
	b = append(b, `" viewBox="0 0 `...)
	b = appendInt(b, c.W)
	b = append(b, ' ')
	b = appendInt(b, c.H)
	b = append(b, `" role="img" aria-label="`...)
	b = appendHTML(b, c.Title)
	b = append(b, `" preserveAspectRatio="xMinYMin meet">
`...)
	if c.Kind == "columns" {
		b = append(b, `<line class="axis" x1="0" x2="`...)
		b = appendInt(b, c.W)
		b = append(b, `" y1="`...)
		b = appendInt(b, c.BaseY)
		b = append(b, `" y2="`...)
		b = appendInt(b, c.BaseY)
		b = append(b, "\"></line>\n"...)
	}
	for i := range c.Bars {
		bar := &c.Bars[i]
		b = append(b, `<g class="bar `...)
		b = appendHTML(b, bar.Class)
		b = append(b, '"')
		if bar.Result != "" {
			b = append(b, ` data-result="`...)
			b = appendHTML(b, bar.Result)
			b = append(b, '"')
		}
		if bar.Code != "" {
			b = append(b, ` data-code="`...)
			b = appendHTML(b, bar.Code)
			b = append(b, '"')
		}
		b = append(b, ">\n<title>"...)
		b = appendHTML(b, bar.Title)
		b = append(b, `</title>
<text class="label" x="`...)
		b = appendInt(b, bar.LX)
		b = append(b, `" y="`...)
		b = appendInt(b, bar.LY)
		b = append(b, `">`...)
		b = appendHTML(b, bar.Short)
		b = append(b, `</text>
<rect x="`...)
		b = appendInt(b, bar.X)
		b = append(b, `" y="`...)
		b = appendInt(b, bar.Y)
		b = append(b, `" width="`...)
		b = appendInt(b, bar.BW)
		b = append(b, `" height="`...)
		b = appendInt(b, bar.BH)
		b = append(b, `" rx="2"></rect>
<text class="value" x="`...)
		b = appendInt(b, bar.VX)
		b = append(b, `" y="`...)
		b = appendInt(b, bar.VY)
		b = append(b, `">`...)
		b = appendNum(b, bar.Value)
		b = append(b, "</text>\n</g>\n"...)
	}
	return append(b, "</svg>\n</figure>\n"...)
}
