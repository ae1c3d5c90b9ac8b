package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
)

// closeBuffer is an output that records being closed.
type closeBuffer struct {
	bytes.Buffer
	closed bool
}

func (c *closeBuffer) Close() error { c.closed = true; return nil }

var fixedNow = func() time.Time { return time.Date(2025, 3, 4, 5, 6, 0, 0, time.UTC) }

func writeHTML(t *testing.T, rs []check.Result, s check.Summary, input string) (*closeBuffer, *html.Node) {
	t.Helper()
	out := &closeBuffer{}
	r := NewHTMLReport(out, HTMLMeta{Version: "1.2.3", Input: input, Now: fixedNow})
	for _, res := range rs {
		if err := r.Row(res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.End(s); err != nil {
		t.Fatal(err)
	}
	if !out.closed {
		t.Error("End did not close the output")
	}
	doc, err := html.Parse(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return out, doc
}

// walkNodes calls fn for every element under n.
func walkNodes(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkNodes(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walkNodes(doc, func(n *html.Node) {
		if v, ok := attr(n, "id"); ok && v == id && found == nil {
			found = n
		}
	})
	return found
}

func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// scripts returns the rows of the JSON elements, how many elements held
// them, and the text of the other script elements.
func scripts(t *testing.T, doc *html.Node) (rows []map[string]any, chunks int, code []string) {
	t.Helper()
	walkNodes(doc, func(n *html.Node) {
		if n.Data != "script" {
			return
		}
		if typ, _ := attr(n, "type"); typ == "application/json" {
			var chunk []map[string]any
			if err := json.Unmarshal([]byte(textOf(n)), &chunk); err != nil {
				t.Fatalf("rows element is not a JSON array: %v: %s", err, textOf(n))
			}
			rows = append(rows, chunk...)
			chunks++
			return
		}
		code = append(code, textOf(n))
	})
	return rows, chunks, code
}

// hopURL is a hop's URL as the page reads it: the first hop's is the
// row's source when it is left out.
func hopURL(row map[string]any, k int) string {
	h := row["hops"].([]any)[k].(map[string]any)
	if u, ok := h["u"].(string); ok {
		return u
	}
	if k == 0 {
		return row["s"].(string)
	}
	return ""
}

// TestHTMLReportStructure: one page with the head, a JSON document per row
// in input order, the counts, the five charts, the causes, the per-host
// table; the only script is the report's own, allowed by its hash in the
// page's policy, and nothing in the page names a resource to fetch.
func TestHTMLReportStructure(t *testing.T) {
	rs := migrationResults()
	out, doc := writeHTML(t, rs, migrationSummary(rs), "map.csv")

	rows, chunks, code := scripts(t, doc)
	if chunks != 1 {
		t.Errorf("%d row elements; want the 7 rows in one", chunks)
	}
	var ns []float64
	for _, r := range rows {
		ns = append(ns, r["n"].(float64))
	}
	if fmt.Sprint(ns) != "[2 3 4 5 6 7 8]" {
		t.Errorf("rows %v; want 2..8 in input order", ns)
	}
	js, err := os.ReadFile("htmlreport/report.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 1 || code[0] != string(js) {
		t.Fatalf("%d scripts besides the rows; want the report's script alone", len(code))
	}
	sum := sha256.Sum256(js)
	var csp string
	walkNodes(doc, func(n *html.Node) {
		if v, _ := attr(n, "http-equiv"); v == "Content-Security-Policy" {
			csp, _ = attr(n, "content")
		}
		for _, a := range []string{"src", "href", "srcset", "action", "poster", "data"} {
			if v, ok := attr(n, a); ok {
				t.Errorf("<%s %s=%q>: the page must fetch nothing", n.Data, a, v)
			}
		}
		if n.Data == "link" || n.Data == "img" || n.Data == "iframe" || n.Data == "object" {
			t.Errorf("<%s> in the page", n.Data)
		}
	})
	wantCSP := "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if !strings.HasPrefix(csp, wantCSP) {
		t.Errorf("policy %q; want it to start %q", csp, wantCSP)
	}

	for id, want := range map[string]string{"count-total": "7", "count-ok": "4", "count-mismatch": "1", "count-error": "2"} {
		if got := textOf(byID(doc, id)); got != want {
			t.Errorf("#%s = %q; want %q", id, got, want)
		}
	}
	for _, id := range []string{"chart-results", "chart-first", "chart-lengths", "chart-findings", "chart-targets"} {
		fig := byID(doc, id)
		rects := 0
		walkNodes(fig, func(n *html.Node) {
			if n.Data == "rect" {
				rects++
			}
		})
		if rects == 0 {
			t.Errorf("chart %s has no bars", id)
		}
	}
	// The findings chart counts a row once per code, info findings too.
	findings := textOf(byID(doc, "chart-findings"))
	for _, want := range []string{"hsts-missing (warning): 4 rows", "cacheable-temporary (warning): 1 row", "final-error (error): 1 row", "request-failed (error): 1 row"} {
		if !strings.Contains(findings, want) {
			t.Errorf("findings chart lacks %q:\n%s", want, findings)
		}
	}
	if got := textOf(byID(doc, "chart-targets")); !strings.Contains(got, "https://new.example/: 4 rows") {
		t.Errorf("targets chart: %s", got)
	}
	if got := textOf(byID(doc, "chart-first")); !strings.Contains(got, "301: 4 rows") || !strings.Contains(got, "302: 1 row") {
		t.Errorf("first statuses chart: %s", got)
	}
	if got := textOf(byID(doc, "chart-lengths")); !strings.Contains(got, "1: 4 rows") || !strings.Contains(got, "2: 1 row") || !strings.Contains(got, "0: 1 row") {
		t.Errorf("chain lengths chart: %s", got)
	}
	hosts := byID(doc, "hosts")
	var lines []string
	walkNodes(hosts, func(n *html.Node) {
		if n.Data != "tr" {
			return
		}
		var cells []string
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				cells = append(cells, textOf(c))
			}
		}
		lines = append(lines, strings.Join(cells, "|"))
	})
	if got := strings.Join(lines, "\n"); got != "host|rows|ok|mismatch|error\nold.example|5|4|1|0\n(no host)|1|0|0|1\ndead.example|1|0|0|1" {
		t.Errorf("per-host table:\n%s", got)
	}
	causes := textOf(byID(doc, "causes"))
	for _, want := range []string{"landed elsewhere", "row 6", "malformed row", "row 8"} {
		if !strings.Contains(causes, want) {
			t.Errorf("causes lack %q: %s", want, causes)
		}
	}

	row6 := rows[4]
	hops := row6["hops"].([]any)
	var statuses []string
	for k, h := range hops {
		h := h.(map[string]any)
		statuses = append(statuses, fmt.Sprint(h["s"], " ", hopURL(row6, k)))
		if _, ok := h["rp"]; ok {
			t.Errorf("hop %d has the usual reason phrase written out: %v", k+1, h)
		}
	}
	if _, ok := hops[0].(map[string]any)["u"]; ok {
		t.Error("the first hop's URL is written though it is the source")
	}
	if got := strings.Join(statuses, ", "); got != "302 http://old.example/a, 307 https://old.example/a, 404 https://new.example/gone" {
		t.Errorf("row 6 hops: %s", got)
	}
	if f := hops[0].(map[string]any)["fnd"].([]any)[0].(map[string]any); f["c"] != "cacheable-temporary" || f["msg"] != "cached" {
		t.Errorf("row 6 hop 1 findings: %v", f)
	}
	if row6["r"] != "mismatch" || row6["e"] != "301" || row6["s1"] != 302.0 || row6["fs"] != 404.0 || row6["h"] != 2.0 {
		t.Errorf("row 6: %v", row6)
	}
	if rows[6]["why"] != `malformed row: source: "old/page" is not a URL` || rows[6]["r"] != "error" || len(rows[6]["hops"].([]any)) != 0 {
		t.Errorf("row 8 (malformed): %v", rows[6])
	}
	// The summary comes after the rows in the file (it is known only at
	// the end), and the page's style shows it first.
	page := out.String()
	if i, j := strings.Index(page, `class="hops-rows"`), strings.Index(page, `id="counts"`); i < 0 || j < i {
		t.Errorf("summary at %d, first row at %d", j, i)
	}
	if !strings.Contains(page, "written 2025-03-04 05:06 UTC") {
		t.Error("the page does not say when it was written")
	}
}

// TestHTMLReportEscapesServerText: markup in a URL, a reason phrase, a
// Location, a finding's message or the input's name is text in the page:
// no element is made of it, and the row's JSON carries it back intact.
// A URL's password is masked.
func TestHTMLReportEscapesServerText(t *testing.T) {
	const evil = `</script><script>alert(1)</script>`
	const img = `<img src=x onerror=alert(2)>`
	src := "http://user:hunter2@evil.example/" + evil
	hop1 := checkHop(1, 301, src)
	hop1.Reason = "Moved " + img
	hop1.Location = []string{"/next?" + evil}
	hop2 := checkHop(2, 200, "http://evil.example/next")
	res := judged(check.Row{N: 2, Source: src, Target: "http://evil.example/" + img}, inspect.StopFinal,
		[]inspect.Finding{{Code: inspect.CodeCacheableTemporary, Severity: inspect.SeverityWarning, Hop: 1, Message: "said " + evil}}, hop1, hop2)
	bad := check.Row{N: 3, Source: img, Err: fmt.Errorf("source: %q is not a URL", evil)}
	v, reason := check.Judge(bad, nil, inspect.SeverityError)
	rs := []check.Result{res, {Row: bad, Verdict: v, Reason: reason}}
	out, doc := writeHTML(t, rs, migrationSummary(rs), "http://u:pw@maps.example/"+evil)

	page := out.String()
	for _, bad := range []string{"<script>alert", "<img", "hunter2", ":pw@"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q as it came", bad)
		}
	}
	rows, _, code := scripts(t, doc)
	if len(rows) != 2 || len(code) != 1 {
		t.Fatalf("%d row elements and %d scripts; want 2 and 1", len(rows), len(code))
	}
	walkNodes(doc, func(n *html.Node) {
		if n.Data == "img" {
			t.Error("an <img> element was made from server text")
		}
	})
	r := rows[0]
	h := r["hops"].([]any)[0].(map[string]any)
	f := h["fnd"].([]any)[0].(map[string]any)
	for _, c := range []struct{ what, got, want string }{
		{"source", r["s"].(string), "http://user:****@evil.example/" + evil},
		{"first hop", hopURL(r, 0), "http://user:****@evil.example/" + evil},
		{"target", r["t"].(string), "http://evil.example/" + img},
		{"reason phrase", h["rp"].(string), "Moved " + img},
		{"Location", h["loc"].(string), "/next?" + evil},
		{"finding", f["msg"].(string), "said " + evil},
	} {
		if c.got != c.want {
			t.Errorf("%s %q; want %q", c.what, c.got, c.want)
		}
	}
	if rows[1]["s"] != img || !strings.Contains(rows[1]["why"].(string), evil) {
		t.Errorf("malformed row: %v", rows[1])
	}
	var title string
	walkNodes(doc, func(n *html.Node) {
		if n.Data == "title" && title == "" {
			title = textOf(n)
		}
	})
	if title != "hops check · http://u:****@maps.example/"+evil {
		t.Errorf("title %q", title)
	}
}

// TestHTMLRowIsTheJSONDocument: the page's row says what the row's JSON
// Lines document says (the writer reads the chain directly, for speed),
// secrets masked the same, server text escaped.
func TestHTMLRowIsTheJSONDocument(t *testing.T) {
	rs := migrationResults()
	refresh := checkHop(2, 200, "https://new.example/landing")
	refresh.Via = inspect.ViaMetaRefresh
	secret := checkHop(1, 302, "http://u:pw@old.example/s")
	secret.Reason = "Found \x1b[31m"
	secret.Location = []string{"http://u:pw@new.example/\u202ex"}
	rs = append(rs, judged(check.Row{N: 9, Source: "http://u:pw@old.example/s", Target: "https://new.example/landing"}, inspect.StopFinal,
		[]inspect.Finding{{Code: inspect.CodeMetaRefresh, Severity: inspect.SeverityInfo, Hop: 2, Message: "refresh to http://u:pw@x/"},
			{Code: inspect.CodeHSTSMissing, Severity: inspect.SeverityWarning, Message: "no hop"}}, secret, refresh))
	for _, res := range rs {
		d := NewCheckRow(res, Meta{Version: "1"})
		r := newHTMLRow(res)
		eq := func(what string, got, want any) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("row %d %s: %v; the document says %v", res.Row.N, what, got, want)
			}
		}
		deref := func(p *int) any {
			if p == nil {
				return nil
			}
			return *p
		}
		eq("row", r.N, d.Row)
		eq("result", r.Result, d.Result)
		want := ""
		if d.Reason != nil {
			want = Escape(*d.Reason)
		}
		eq("reason", r.Reason, want)
		want = ""
		if d.Expected != nil {
			want = Escape(d.Expected.URL)
		}
		eq("target", r.Target, want)
		if res.Chain == nil {
			eq("hops", len(r.Hops), 0)
			continue
		}
		eq("final status", deref(r.Status), deref(d.Final.Status))
		eq("redirects", r.Redirects, d.Final.Redirects)
		eq("hops", len(r.Hops), len(d.Hops))
		var flat []string
		for k, h := range d.Hops {
			got := r.Hops[k]
			u := got.URL
			if u == "" && k == 0 {
				u = r.Source
			}
			eq("hop URL", u, Escape(h.URL))
			eq("hop status", deref(got.Status), deref(h.Status))
			eq("hop method", got.Method, h.Method)
			if h.Location != nil {
				eq("Location", *got.Location, Escape(*h.Location))
			} else if got.Location != nil {
				t.Errorf("row %d hop %d: a Location the document does not have", res.Row.N, k+1)
			}
			if got.Phrase != "" {
				eq("reason phrase", got.Phrase, Escape(*h.Reason))
			}
			if h.Via != "http" {
				eq("via", got.Via, h.Via)
			}
			for _, f := range got.Findings {
				flat = append(flat, fmt.Sprint(h.N, f.Code, f.Severity, f.Message))
			}
		}
		for _, f := range r.Findings {
			flat = append(flat, fmt.Sprint(0, f.Code, f.Severity, f.Message))
		}
		var docFindings []string
		for _, f := range d.Findings {
			n := 0
			if f.Hop != nil {
				n = *f.Hop
			}
			docFindings = append(docFindings, fmt.Sprint(n, f.Code, f.Severity, Escape(f.Message)))
		}
		slices.Sort(flat)
		slices.Sort(docFindings)
		eq("findings", flat, docFindings)
		want = ""
		if d.Error != nil && (d.Reason == nil || d.Error.Message != *d.Reason) {
			want = Escape(d.Error.Message)
		}
		eq("error", r.Error, want)
	}
	r := newHTMLRow(rs[len(rs)-1])
	if b, _ := json.Marshal(r); strings.Contains(string(b), "pw@") || !strings.Contains(string(b), `Found \\x1b[31m`) || !strings.Contains(string(b), `\\u202ex`) {
		t.Errorf("a secret shown or server text unescaped: %s", b)
	}
}

// TestHTMLReportStreams: rows reach the output while the run goes on, a
// chunk of htmlChunkRows at a time once more than a buffer's worth is
// written, before End; the last rows and the summary come with End.
func TestHTMLReportStreams(t *testing.T) {
	out := &closeBuffer{}
	r := NewHTMLReport(out, HTMLMeta{Version: "1", Input: "list.txt", Now: fixedNow})
	var rs []check.Result
	for n := 1; n <= 2*htmlChunkRows+100; n++ {
		src := fmt.Sprintf("http://old.example/page/%d", n)
		res := judged(check.Row{N: n, Source: src}, inspect.StopFinal, nil, checkHop(1, 301, src), checkHop(2, 200, "https://new.example/"))
		rs = append(rs, res)
		if err := r.Row(res); err != nil {
			t.Fatal(err)
		}
	}
	early := out.String()
	if !strings.HasPrefix(early, "<!doctype html>") || !strings.Contains(early, `[{"n":1,"r":"ok","s":"http://old.example/page/1"`) ||
		!strings.Contains(early, `{"n":500,`) {
		t.Fatalf("before End the output has %d bytes and lacks the first rows", len(early))
	}
	if strings.Contains(early, `{"n":1001,`) {
		t.Error("a row of the unfinished chunk was written before End")
	}
	if strings.Contains(early, `id="counts"`) || strings.Contains(early, "</html>") {
		t.Error("the summary was written before End")
	}
	if err := r.End(migrationSummary(rs)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `{"n":1100,`) || !strings.HasSuffix(out.String(), "</html>\n") {
		t.Error("End did not write the last rows and the summary")
	}
}

// TestHTMLReportHostsBounded: past htmlMaxHosts distinct source hosts,
// rows are counted together as other hosts; the table lists the busiest.
func TestHTMLReportHostsBounded(t *testing.T) {
	r := NewHTMLReport(&bytes.Buffer{}, HTMLMeta{Now: fixedNow})
	for i := 0; i < htmlMaxHosts+3; i++ {
		r.count(check.Result{Row: check.Row{N: i + 1, Source: fmt.Sprintf("http://h%d.example/", i)}, Verdict: check.OK})
	}
	r.count(check.Result{Row: check.Row{N: 1, Source: "http://H7.example/x"}, Verdict: check.Error})
	if len(r.hosts) != htmlMaxHosts || r.otherHost.Rows != 3 || r.otherHost.OK != 3 {
		t.Fatalf("%d hosts, other %+v; want %d and 3 rows", len(r.hosts), r.otherHost, htmlMaxHosts)
	}
	s := r.summary(check.Summary{Rows: htmlMaxHosts + 4, Stats: check.NewStats(inspect.SeverityError)})
	if len(s.Hosts) != htmlHostsShown || s.Hosts[0].Host != "h7.example" || s.Hosts[0].Rows != 2 || s.Hosts[0].Error != 1 ||
		s.HostsOmitted != htmlMaxHosts-htmlHostsShown {
		t.Errorf("hosts shown %d, first %+v, omitted %d", len(s.Hosts), s.Hosts[0], s.HostsOmitted)
	}
}

// BenchmarkHTMLReportRow is the writer's cost per row: a 2-hop row with
// two findings, as most rows of a migration are.
func BenchmarkHTMLReportRow(b *testing.B) {
	src := "http://old.example/page/1"
	res := judged(check.Row{N: 2, Source: src, Target: "https://new.example/page/1"}, inspect.StopFinal,
		[]inspect.Finding{{Code: inspect.CodeRelativeLocation, Severity: inspect.SeverityInfo, Hop: 1, Message: `Location "/page/1" is relative; it resolves to https://new.example/page/1 (an absolute URL is easier to audit)`},
			{Code: inspect.CodePermanentCached, Severity: inspect.SeverityInfo, Hop: 1, Message: "permanent 301 is cached by clients for 1 hour (Cache-Control: max-age=3600); a wrong target cannot be recalled before then"}},
		checkHop(1, 301, src), checkHop(2, 200, "https://new.example/page/1"))
	r := NewHTMLReport(io.Discard, HTMLMeta{Version: "1", Input: "map.csv", Now: fixedNow})
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Row(res); err != nil {
			b.Fatal(err)
		}
	}
}
