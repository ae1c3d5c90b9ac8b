package render

import (
	"bytes"
	"html/template"
	"sync"
	"testing"
)

// The report's page as html/template wrote it before the page was
// written by hand (html.go's append functions): the template and its
// execution are kept here as the reference that those functions must
// equal byte for byte, whatever the values. A change to the page is made
// in both.

// referenceTemplate is the page's template as it was, unchanged but for
// its leading comment.
const referenceTemplate = `
{{/*
  The reference report of "hops check --html", in three parts written at three
  times: "head" with the first row, "rows" for each chunk of finished rows,
  "tail" at the end of the run. html/template escapes every value for the
  context it lands in: text, attribute, or JSON inside a script element.
*/}}

{{define "head" -}}
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="generator" content="hops {{.Version}}">
<title>hops check · {{.Input}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main class="page">
<header class="top">
<h1><span class="tool">hops check</span> <span class="input" title="{{.Input}}">{{.Input}}</span></h1>
<p class="meta" id="run-meta">hops {{.Version}}{{if .Client}} · each row walked as {{.Client}}{{end}}</p>
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
{{end}}

{{define "rows"}}<script type="application/json" class="hops-rows">{{.}}</script>
{{end}}

{{define "tail"}}
<section class="summary" aria-labelledby="summary-title">
<h2 id="summary-title" class="sr-only">Summary</h2>
{{if .Interrupted}}<p class="banner mismatch" id="interrupted">Interrupted: the rows not yet started were not checked.</p>{{end}}
<div class="cards" id="counts">
<button type="button" class="card total" data-result=""><span class="n" id="count-total">{{num .Rows}}</span><span class="what">rows</span></button>
<button type="button" class="card ok" data-result="ok"><span class="n" id="count-ok">{{num .OK}}</span><span class="what">ok · {{.PctOK}}</span></button>
<button type="button" class="card mismatch" data-result="mismatch"><span class="n" id="count-mismatch">{{num .Mismatch}}</span><span class="what">mismatch · {{.PctMismatch}}</span></button>
<button type="button" class="card error" data-result="error"><span class="n" id="count-error">{{num .Error}}</span><span class="what">error · {{.PctError}}</span></button>
</div>
<p class="meta">checked in {{.Seconds}} s ({{.Rate}} rows/s) · written {{.Written}}</p>
{{if .Roots}}<div class="banner mismatch" id="roots">
<p>Many sources land on a home page: search engines treat mass redirects to the home page as soft 404s.</p>
<ul>
{{range .Roots}}<li>{{num .Count}} sources land on <span class="url">{{.URL}}</span></li>
{{end}}</ul>
{{if .RootsMore}}<p>{{num .RootsMore}} more home pages have as many.</p>{{end}}
</div>
{{end}}
<div class="charts">
{{range .Charts}}{{template "chart" .}}{{end}}
</div>
{{if .Untracked}}<p class="note">Final targets counted over the first 10 000 distinct URLs; {{num .Untracked}} rows landed on others.</p>{{end}}
<div class="tables">
{{if .Causes}}
<div class="panel">
<h3>Not ok, by cause</h3>
<p class="note">A row with several causes counts under each.</p>
<table class="list" id="causes">
<thead><tr><th>cause</th><th class="num">rows</th><th>first rows</th></tr></thead>
<tbody>
{{range .Causes}}<tr><td><span class="tag {{.Class}}">{{.Label}}</span></td><td class="num">{{num .Rows}}</td><td>{{range .Examples}}<div class="ex"><span class="rn">row {{.Row}}</span> <span class="url">{{.Source}}</span></div>{{end}}</td></tr>
{{end}}</tbody>
</table>
</div>
{{end}}
<div class="panel">
<h3>By source host</h3>
<table class="list" id="hosts">
<thead><tr><th>host</th><th class="num">rows</th><th class="num">ok</th><th class="num">mismatch</th><th class="num">error</th></tr></thead>
<tbody>
{{range .Hosts}}<tr><td class="url">{{.Host}}</td><td class="num">{{num .Rows}}</td><td class="num ok">{{num .OK}}</td><td class="num mismatch">{{num .Mismatch}}</td><td class="num error">{{num .Error}}</td></tr>
{{end}}{{if .OtherHosts.Rows}}<tr><td>other hosts</td><td class="num">{{num .OtherHosts.Rows}}</td><td class="num ok">{{num .OtherHosts.OK}}</td><td class="num mismatch">{{num .OtherHosts.Mismatch}}</td><td class="num error">{{num .OtherHosts.Error}}</td></tr>
{{end}}</tbody>
</table>
{{if .HostsOmitted}}<p class="note">{{num .HostsOmitted}} more hosts, with fewer rows each, are not listed.</p>{{end}}
</div>
{{if .Lint}}
<div class="panel">
<h3>Map lint</h3>
<table class="list" id="lint">
<thead><tr><th>issue</th><th>rows</th><th>message</th></tr></thead>
<tbody>
{{range .Lint}}<tr><td><span class="tag mismatch">{{.Code}}</span></td><td>{{range $i, $r := .Rows}}{{if $i}}, {{end}}{{$r}}{{end}}</td><td>{{.Message}}</td></tr>
{{end}}</tbody>
</table>
</div>
{{end}}
</div>
</section>
</main>
<script>{{.JS}}</script>
</body>
</html>
{{end}}

{{define "chart"}}<figure class="chart" id="{{.ID}}">
<figcaption><strong>{{.Title}}</strong> <span class="note">{{.Note}}</span></figcaption>
{{if .Bars}}<svg class="{{.Kind}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Title}}" preserveAspectRatio="xMinYMin meet">
{{if eq .Kind "columns"}}<line class="axis" x1="0" x2="{{.W}}" y1="{{.BaseY}}" y2="{{.BaseY}}"></line>
{{end}}{{range .Bars}}<g class="bar {{.Class}}"{{if .Result}} data-result="{{.Result}}"{{end}}{{if .Code}} data-code="{{.Code}}"{{end}}>
<title>{{.Title}}</title>
<text class="label" x="{{.LX}}" y="{{.LY}}">{{.Short}}</text>
<rect x="{{.X}}" y="{{.Y}}" width="{{.BW}}" height="{{.BH}}" rx="2"></rect>
<text class="value" x="{{.VX}}" y="{{.VY}}">{{num .Value}}</text>
</g>
{{end}}</svg>
{{else}}<p class="empty">none</p>
{{end}}</figure>
{{end}}
`

var referenceTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"num": groupDigits,
	}).Parse(referenceTemplate))
})

// referenceHead is the head's data as the template took it: the style
// trusted as CSS.
func referenceHead(t testing.TB, h *htmlHead) []byte {
	t.Helper()
	data := struct {
		Input, Version, Client, CSP string
		CSS                         template.CSS
	}{h.Input, h.Version, h.Client, h.CSP, template.CSS(h.CSS)}
	return executeReference(t, "head", data)
}

func referenceRows(t testing.TB, rows []htmlRow) []byte {
	t.Helper()
	return executeReference(t, "rows", rows)
}

// referenceTail is the tail's data as the template took it: the script
// trusted as JS (the outer JS hides the summary's own).
func referenceTail(t testing.TB, s *htmlSummary) []byte {
	t.Helper()
	data := struct {
		htmlSummary
		JS template.JS
	}{*s, template.JS(s.JS)}
	return executeReference(t, "tail", data)
}

func executeReference(t testing.TB, name string, data any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := referenceTemplates().ExecuteTemplate(&b, name, data); err != nil {
		t.Fatalf("reference %s: %v", name, err)
	}
	return b.Bytes()
}
