package render

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
)

// hostileStrings are values a server, a map or a user can put in the
// report, each aimed at a context of the page: the end of the rows'
// script element, of the title, of a comment, of an attribute value; an
// entity; characters html/template replaces or lets through (NUL, +,
// backticks, invalid UTF-8, U+2028 and U+2029, U+FFFD, non-characters);
// a url= that would make the policy's meta a refresh; template syntax.
var hostileStrings = []string{
	"",
	"</script><script>alert(1)</script>",
	"</SCRIPT ><script>alert(2)//",
	`"><img src=x onerror=alert(3)>`,
	`' onmouseover='alert(4)`,
	"a&b&amp;c&#34;&lt;",
	"1+1=2 a+b",
	"`${alert(5)}`",
	"nul\x00byte\x00",
	"line\u2028para\u2029end",
	"bad \xff\xfe utf-8 \xc3 \xe2\x80",
	"--!> <!-- --> ]]> <![CDATA[ x",
	"</title><title>x",
	"</style><style>*{}</style>",
	"url=javascript:alert(6); x",
	"javascript:alert(7)",
	"expression(alert(8)) -moz-binding",
	"tab\there\nnew\rline\f\v\b\x1b[31m\x7f",
	"\u202eevil\u202c \ufeffbom \ufffd \ufdd0 \uffff",
	"{{.}} {{template \"head\"}}",
	`\u003c/script\u003e \" \\ \/`,
	"😀 e\u0301 日本語 · …",
	strings.Repeat("<&>", 100),
}

// hostileHead puts s in every field of the head.
func hostileHead(s string) htmlHead {
	return htmlHead{Input: s, Version: s, Client: s, CSP: s, CSS: s}
}

// hostileRows puts s in every string of a row, its hops and findings,
// next to rows with the optional fields left empty or nil.
func hostileRows(s string) []htmlRow {
	n := 301
	f := htmlFinding{Code: s, Severity: s, Message: s}
	return []htmlRow{
		{N: 1, Result: s, Source: s, Target: s, Expect: s, Status: &n, First: &n, Redirects: 2, Reason: s, Error: s,
			Codes: []string{s, s}, Findings: []htmlFinding{f},
			Hops: []htmlHop{{Status: &n, Phrase: s, Method: s, URL: s, Via: s, Location: &s, Findings: []htmlFinding{f, f}}, {Method: s}}},
		{N: -2, Result: s, Source: s, Hops: []htmlHop{}, Codes: []string{}, Findings: []htmlFinding{}},
		{N: math.MaxInt, Result: s, Source: s},
	}
}

// hostileSummary puts s in every string of the tail, with every optional
// part shown.
func hostileSummary(s string) htmlSummary {
	bar := htmlBar{Label: s, Short: s, Title: s, Class: s, Value: 1234567, Result: s, Code: s,
		X: 1, Y: -2, BW: 3, BH: 4, LX: 5, LY: 6, VX: 7, VY: 8}
	return htmlSummary{Rows: 1000, OK: 1, Mismatch: 22, Error: -333,
		PctOK: s, PctMismatch: s, PctError: s, Seconds: s, Rate: s, Interrupted: true, Written: s, JS: s,
		Charts: []htmlChart{
			{ID: s, Title: s, Note: s, Kind: s, W: 420, H: 100, Bars: []htmlBar{bar, {Label: s}}},
			{ID: s, Title: s, Note: s, Kind: "columns", W: 420, H: 190, BaseY: 168, Bars: []htmlBar{bar}},
			{ID: s, Title: s, Note: s, Kind: "columns"},
		},
		Roots: []TargetDoc{{URL: s, Count: 12345}, {URL: s}}, RootsMore: 2, Untracked: 10001,
		Causes:       []htmlCause{{Label: s, Class: s, Rows: 3, Examples: []htmlExample{{Row: 4, Source: s}, {Row: 5, Source: s}}}, {Label: s}},
		Lint:         []LintIssueDoc{{Code: s, Rows: []int{1, 2, 3}, Message: s}, {Code: s, Message: s}},
		Hosts:        []htmlHost{{Host: s, Rows: 1, OK: 2, Mismatch: 3, Error: 4}, {Host: s}},
		HostsOmitted: 7, OtherHosts: htmlHost{Host: s, Rows: 9, OK: 8, Mismatch: 1},
	}
}

// samePage fails the test when the page's bytes differ from the
// template's, showing where.
func samePage(t testing.TB, part string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-60, 0)
	t.Fatalf("%s differs from the template's at byte %d of %d (template %d):\n got  %q\n want %q",
		part, i, len(got), len(want), got[from:min(i+60, len(got))], want[from:min(i+60, len(want))])
}

// TestHTMLPageIsTheTemplate: every hostile string in every field of the
// head, the rows and the tail is written as html/template wrote it.
func TestHTMLPageIsTheTemplate(t *testing.T) {
	t.Parallel()
	for _, s := range hostileStrings {
		h := hostileHead(s)
		samePage(t, fmt.Sprintf("head of %q", s), appendHTMLHead(nil, &h), referenceHead(t, &h))
		h.Client = ""
		samePage(t, fmt.Sprintf("head without a client of %q", s), appendHTMLHead(nil, &h), referenceHead(t, &h))
		rows := hostileRows(s)
		samePage(t, fmt.Sprintf("rows of %q", s), appendHTMLRows(nil, rows), referenceRows(t, rows))
		sum := hostileSummary(s)
		samePage(t, fmt.Sprintf("tail of %q", s), appendHTMLTail(nil, &sum), referenceTail(t, &sum))
	}
	// The tail with every optional part absent, and a nil chunk of rows
	// (which the report never writes).
	var sum htmlSummary
	samePage(t, "empty tail", appendHTMLTail(nil, &sum), referenceTail(t, &sum))
	samePage(t, "nil rows", appendHTMLRows(nil, nil), referenceRows(t, nil))
	samePage(t, "no rows", appendHTMLRows(nil, []htmlRow{}), referenceRows(t, []htmlRow{}))
}

// TestHTMLReportIsTheTemplate: a whole report, written by HTMLReport from
// results (three chunks of rows, hostile server text, a secret in the
// input's name), is the template's page for the same data.
func TestHTMLReportIsTheTemplate(t *testing.T) {
	t.Parallel()
	rs := migrationResults()
	const evil = "</script><script>alert(1)</script>\u2028\xff"
	hop := checkHop(1, 301, "http://evil.example/"+evil)
	hop.Reason = "Moved " + evil
	hop.Location = []string{"/next?" + evil}
	rs = append(rs, judged(check.Row{N: 9, Source: "http://evil.example/" + evil, Target: "http://x.example/" + evil}, inspect.StopFinal,
		[]inspect.Finding{{Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Hop: 1, Message: "said " + evil}},
		hop, checkHop(2, 200, "http://x.example/"+evil)))
	for n := 10; len(rs) < 2*htmlChunkRows+7; n++ {
		src := fmt.Sprintf("http://h%d.example/page/%d", n%7, n)
		rs = append(rs, judged(check.Row{N: n, Source: src}, inspect.StopFinal, nil, checkHop(1, 308, src), checkHop(2, 200, "https://new.example/")))
	}
	meta := HTMLMeta{Version: "1.2.3 " + evil, Client: "curl", Input: "http://u:pw@maps.example/" + evil, Now: fixedNow}
	sum := migrationSummary(rs)
	sum.Interrupted = true

	var got bytes.Buffer
	r := NewHTMLReport(&got, meta)
	for _, res := range rs {
		if err := r.Row(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.End(sum); err != nil {
		t.Fatal(err)
	}

	ref := NewHTMLReport(io.Discard, meta)
	h := htmlHead{Input: Escape(MaskURL(meta.Input)), Version: meta.Version, Client: meta.Client, CSP: htmlCSP(), CSS: htmlCSS}
	want := referenceHead(t, &h)
	var chunk []htmlRow
	for i, res := range rs {
		ref.count(res)
		chunk = append(chunk, newHTMLRow(res))
		if len(chunk) == htmlChunkRows || i == len(rs)-1 {
			want = append(want, referenceRows(t, chunk)...)
			chunk = nil
		}
	}
	tail := ref.summary(sum)
	want = append(want, referenceTail(t, &tail)...)
	samePage(t, "report", got.Bytes(), want)
	if n := bytes.Count(want, []byte(`class="hops-rows"`)); n != 3 {
		t.Errorf("%d chunks of rows; want 3", n)
	}
}

// pageGen fills the page's data from a fuzzer's strings: every string
// field gets one of them (or their concatenation, or ""), numbers, nil
// pointers and slices, empty and full, vary with the seed.
type pageGen struct {
	strs []string
	rng  *rand.Rand
}

func (g *pageGen) str() string {
	if g.rng.IntN(8) == 0 {
		return ""
	}
	return g.strs[g.rng.IntN(len(g.strs))]
}

func (g *pageGen) num() int {
	switch g.rng.IntN(6) {
	case 0:
		return 0
	case 1:
		return -g.rng.IntN(1e7)
	case 2:
		return []int{math.MinInt, math.MaxInt, 1, 1000, 999999}[g.rng.IntN(5)]
	}
	return g.rng.IntN(1e7)
}

func (g *pageGen) numPtr() *int {
	if g.rng.IntN(3) == 0 {
		return nil
	}
	n := g.num()
	return &n
}

// count is a slice's length, -1 for a nil slice.
func (g *pageGen) count() int { return g.rng.IntN(5) - 1 }

func genSlice[T any](g *pageGen, elem func() T) []T {
	n := g.count()
	if n < 0 {
		return nil
	}
	s := make([]T, n)
	for i := range s {
		s[i] = elem()
	}
	return s
}

func (g *pageGen) head() htmlHead {
	return htmlHead{Input: g.str(), Version: g.str(), Client: g.str(), CSP: g.str(), CSS: g.str()}
}

func (g *pageGen) finding() htmlFinding {
	return htmlFinding{Code: g.str(), Severity: g.str(), Message: g.str()}
}

func (g *pageGen) row() htmlRow {
	r := htmlRow{N: g.num(), Result: g.str(), Source: g.str(), Target: g.str(), Expect: g.str(),
		Status: g.numPtr(), First: g.numPtr(), Redirects: g.num(), Reason: g.str(), Error: g.str(),
		Codes: genSlice(g, g.str), Findings: genSlice(g, g.finding)}
	r.Hops = genSlice(g, func() htmlHop {
		h := htmlHop{Status: g.numPtr(), Phrase: g.str(), Method: g.str(), URL: g.str(), Via: g.str(), Findings: genSlice(g, g.finding)}
		if g.rng.IntN(2) == 0 {
			loc := g.str()
			h.Location = &loc
		}
		return h
	})
	return r
}

func (g *pageGen) host() htmlHost {
	return htmlHost{Host: g.str(), Rows: g.num(), OK: g.num(), Mismatch: g.num(), Error: g.num()}
}

func (g *pageGen) summary() htmlSummary {
	s := htmlSummary{Rows: g.num(), OK: g.num(), Mismatch: g.num(), Error: g.num(),
		PctOK: g.str(), PctMismatch: g.str(), PctError: g.str(), Seconds: g.str(), Rate: g.str(),
		Interrupted: g.rng.IntN(2) == 0, Written: g.str(), JS: g.str(),
		RootsMore: g.num(), Untracked: g.num(), HostsOmitted: g.num(), OtherHosts: g.host()}
	s.Charts = genSlice(g, func() htmlChart {
		c := htmlChart{ID: g.str(), Title: g.str(), Note: g.str(), Kind: g.str(), W: g.num(), H: g.num(), BaseY: g.num()}
		if g.rng.IntN(2) == 0 {
			c.Kind = "columns"
		}
		c.Bars = genSlice(g, func() htmlBar {
			return htmlBar{Label: g.str(), Short: g.str(), Title: g.str(), Class: g.str(), Value: g.num(),
				Result: g.str(), Code: g.str(), X: g.num(), Y: g.num(), BW: g.num(), BH: g.num(),
				LX: g.num(), LY: g.num(), VX: g.num(), VY: g.num(), VEnd: g.rng.IntN(2) == 0}
		})
		return c
	})
	s.Roots = genSlice(g, func() TargetDoc { return TargetDoc{URL: g.str(), Count: g.num()} })
	s.Causes = genSlice(g, func() htmlCause {
		return htmlCause{Label: g.str(), Class: g.str(), Rows: g.num(),
			Examples: genSlice(g, func() htmlExample { return htmlExample{Row: g.num(), Source: g.str()} })}
	})
	s.Lint = genSlice(g, func() LintIssueDoc {
		return LintIssueDoc{Code: g.str(), Rows: genSlice(g, g.num), Message: g.str()}
	})
	s.Hosts = genSlice(g, g.host)
	return s
}

// FuzzHTMLPage: the fuzzer's strings, in every string field of the head,
// the rows and the tail, are written as html/template wrote them. The seed
// corpus (the hostile strings, and testdata/fuzz/FuzzHTMLPage) runs with
// go test; go test -fuzz FuzzHTMLPage ./render searches further.
func FuzzHTMLPage(f *testing.F) {
	for i, s := range hostileStrings {
		f.Add(s, hostileStrings[(i+1)%len(hostileStrings)], uint64(i))
	}
	f.Fuzz(func(t *testing.T, a, b string, seed uint64) {
		g := &pageGen{strs: []string{a, b, a + b, a}, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
		h := g.head()
		samePage(t, "head", appendHTMLHead(nil, &h), referenceHead(t, &h))
		rows := genSlice(g, g.row)
		if rows == nil || g.rng.IntN(4) > 0 {
			rows = append(rows, g.row())
		}
		samePage(t, "rows", appendHTMLRows(nil, rows), referenceRows(t, rows))
		s := g.summary()
		samePage(t, "tail", appendHTMLTail(nil, &s), referenceTail(t, &s))
	})
}
