package render

import (
	"bytes"
	"encoding/json"
	"iter"
	"strings"
	"testing"

	"github.com/hops-cli/hops/diff"
)

func rowsOf(rows ...diff.Row) iter.Seq2[diff.Row, error] {
	return func(yield func(diff.Row, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func i64(n int64) *int64 { return &n }

// diffRows has every aspect, rows of every class in the order diff.Result
// gives them, a password in URLs and a server's hostile text.
func diffRows() ([]diff.Row, diff.Summary) {
	rows := []diff.Row{
		{Source: "http://shop.example/cart", Method: "GET", Class: diff.ClassRegression, Changes: []diff.Change{
			{Aspect: diff.AspectFinalStatus, Before: 200, After: nil, Class: diff.ClassRegression},
			{Aspect: diff.AspectFinding, Before: nil, After: "request-failed", Class: diff.ClassRegression},
			{Aspect: diff.AspectHSTS, Before: diff.HSTS{Host: "shop.example", MaxAge: i64(31536000), IncludeSubdomains: true, Preload: true}, After: diff.HSTS{Host: "shop.example"}, Class: diff.ClassRegression},
		}},
		{Source: "http://user:hunter2@old.example/a-rather-long-path/that/goes/on/and/on?with=a&query=string", Method: "POST", Class: diff.ClassRegression, Changes: []diff.Change{
			{Aspect: diff.AspectFinalURL, Before: "https://user:hunter2@new.example/a-rather-long-path/that/goes/on", After: "https://new.example/", Class: diff.ClassRegression},
			{Aspect: diff.AspectFirstStatus, Before: 301, After: 302, Class: diff.ClassChange},
			{Aspect: diff.AspectPermanence, Before: "permanent", After: "temporary", Class: diff.ClassRegression},
			{Aspect: diff.AspectRedirects, Before: 2, After: 1, Class: diff.ClassImprovement},
		}},
		{Source: "http://old.example/\x1b[2Jevil\u202e", Method: "GET", Class: diff.ClassChange, Changes: []diff.Change{
			{Aspect: diff.AspectCache, Before: "unbounded", After: int64(86400), Class: diff.ClassChange},
			{Aspect: diff.AspectCache, Before: int64(0), After: nil, Class: diff.ClassChange},
			{Aspect: diff.AspectFinding, Before: "cross-host", After: nil, Class: diff.ClassChange},
		}},
		{Source: "http://old.example/new-row", Method: "GET", Class: diff.ClassChange, Changes: []diff.Change{
			{Aspect: diff.AspectRow, Before: false, After: true, Class: diff.ClassChange},
		}},
		{Source: "http://old.example/gone", Method: "GET", Class: diff.ClassChange, Changes: []diff.Change{
			{Aspect: diff.AspectRow, Before: true, After: false, Class: diff.ClassChange},
		}},
		{Source: "http://old.example/fixed", Method: "GET", Class: diff.ClassImprovement, Changes: []diff.Change{
			{Aspect: diff.AspectFinalStatus, Before: nil, After: 200, Class: diff.ClassImprovement},
			{Aspect: diff.AspectFinding, Before: "loop", After: nil, Class: diff.ClassImprovement},
			{Aspect: diff.AspectPermanence, Before: nil, After: "permanent", Class: diff.ClassChange},
		}},
	}
	return rows, diff.Summary{Rows: 9, Regression: 2, Change: 3, Improvement: 1, None: 3}
}

func TestDiffTextGolden(t *testing.T) {
	t.Parallel()
	rows, sum := diffRows()
	for _, width := range []int{80, 120} {
		for _, color := range []bool{false, true} {
			var b bytes.Buffer
			if err := DiffText(&b, rowsOf(rows...), sum, Options{Color: color, Width: width}); err != nil {
				t.Fatal(err)
			}
			name := "diff-plain-"
			if color {
				name = "diff-color-"
			}
			golden(t, name+map[int]string{80: "80", 120: "120"}[width], b.Bytes())
			out := b.String()
			if strings.Contains(out, "hunter2") || strings.Contains(out, "\x1b[2J") || strings.Contains(out, "\u202e") {
				t.Errorf("width %d color %v: a secret or a control character got through:\n%s", width, color, Escape(out))
			}
		}
	}
}

func TestDiffTextPlain(t *testing.T) {
	t.Parallel()
	rows, sum := diffRows()
	var b bytes.Buffer
	if err := DiffText(&b, rowsOf(rows...), sum, Options{Width: 100}); err != nil {
		t.Fatal(err)
	}
	want := `✗ 2 regressions
  GET http://shop.example/cart
    ✗ final status       200 → no final response
    ✗ finding            request-failed appeared
    ✗ HSTS shop.example  max-age=31536000; includeSubDomains; preload → none
  POST http://user:****@old.example/a-rather-long-path/that/goes/on/and/on?with=a&query=string
    ✗ final URL     https://user:****@new.example/a-rather-long-path/that/goes/on
                  → https://new.example/
    ~ first status  301       → 302
    ✗ permanence    permanent → temporary
    ✓ redirects     2         → 1

~ 3 changes
  GET http://old.example/\x1b[2Jevil\u202e
    ~ cache    unbounded  → 86400s (1d)
    ~ cache    not reused → no response
    ~ finding  cross-host went away
  GET http://old.example/new-row
    ~ row  only in the new run
  GET http://old.example/gone
    ~ row  only in the old run

✓ 1 improvement
  GET http://old.example/fixed
    ✓ final status  no final response → 200
    ✓ finding       loop went away
    ~ permanence    not a redirect    → permanent

9 rows compared: 2 regressions, 3 changes, 1 improvement, 3 unchanged
`
	if got := b.String(); got != want {
		t.Errorf("DiffText:\n%s\nwant:\n%s", got, want)
	}
}

func TestDiffTextNoChange(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := DiffText(&b, rowsOf(), diff.Summary{Rows: 1, None: 1}, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "1 row compared: no change\n"; got != want {
		t.Errorf("DiffText = %q; want %q", got, want)
	}
}

func TestDiffJSON(t *testing.T) {
	t.Parallel()
	rows, sum := diffRows()
	var b bytes.Buffer
	if err := DiffJSON(&b, rowsOf(rows...), sum, Meta{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "diff-json", b.Bytes())
	// Written row by row, the document is byte for byte what encoding
	// the whole of it at once writes (escaped as every document is).
	doc := DiffDoc{SchemaVersion: 1, Tool: DocTool{"hops", "1.2.3"}, Rows: []DiffRowDoc{}, Summary: DiffSummaryDoc(sum)}
	for _, r := range rows {
		doc.Rows = append(doc.Rows, NewDiffRowDoc(r))
	}
	whole, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if want := string(escapeJSON(whole)) + "\n"; b.String() != want {
		t.Errorf("streamed document differs:\n%s\nwant:\n%s", b.String(), want)
	}
	for _, s := range []string{"hunter2", "\u202e"} {
		if strings.Contains(b.String(), s) {
			t.Errorf("the document holds %q", s)
		}
	}
	for _, s := range []string{`"source": "http://user:****@old.example/`, `"before": "https://user:****@new.example/`, `\u001b[2Jevil\u202e`,
		`"before": {
            "host": "shop.example",
            "max_age": 31536000,
            "include_subdomains": true,
            "preload": true
          },
          "after": {
            "host": "shop.example",
            "max_age": null,`,
		`"aspect": "cache",
          "before": "unbounded",
          "after": 86400,`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("the document lacks %s", s)
		}
	}

	b.Reset()
	if err := DiffJSON(&b, rowsOf(), diff.Summary{Rows: 2, None: 2}, Meta{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema_version": 1,
  "tool": {
    "name": "hops",
    "version": "1.2.3"
  },
  "rows": [],
  "summary": {
    "rows": 2,
    "regression": 0,
    "change": 0,
    "improvement": 0,
    "none": 2
  }
}
`
	if b.String() != want {
		t.Errorf("empty document:\n%s\nwant:\n%s", b.String(), want)
	}
}
