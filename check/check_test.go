package check

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSameURL(t *testing.T) {
	cases := []struct {
		final, target string
		same          bool
	}{
		{"https://example.com/a", "https://example.com/a", true},
		{"https://EXAMPLE.com/a", "HTTPS://example.COM/a", true},
		{"https://example.com:443/a", "https://example.com/a", true},
		{"http://example.com:80/a", "http://example.com/a", true},
		{"https://example.com/a#frag", "https://example.com/a", true},
		{"https://example.com/a", "https://example.com/a#frag", false},
		{"https://example.com/A", "https://example.com/a", false},
		{"https://example.com/a?x=1", "https://example.com/a", false},
		{"http://example.com/a", "https://example.com/a", false},
		{"https://example.com:8443/a", "https://example.com/a", false},
	}
	for _, tc := range cases {
		if got := SameURL(tc.final, tc.target); got != tc.same {
			t.Errorf("SameURL(%s, %s) = %v; want %v", tc.final, tc.target, got, tc.same)
		}
	}
}

func TestReader(t *testing.T) {
	in := "\ufeffSource,Target,Status\r\n" +
		"# comment\n" +
		"\n" +
		"https://a.example/1,https://b.example/1,301\n" +
		"https://a.example/2\thttps://b.example/2\n" +
		"https://a.example/3\n" +
		"https://a.example/4,/relative\n" +
		"https://a.example/5,https://b.example/5,999\n" +
		"\"broken,quote\n" +
		"ftp://a.example/6\n" +
		strings.Repeat("x", maxLine+10) + "\n" +
		"https://a.example/7,https://b.example/7,308,extra,columns\n" +
		"https://a.example/8"
	r := NewReader(strings.NewReader(in))
	type want struct {
		n              int
		source, target string
		status         int
		bad            bool
	}
	wants := []want{
		{4, "https://a.example/1", "https://b.example/1", 301, false},
		{5, "", "", 0, true}, // a tab in a comma map: one cell with two URLs
		{6, "https://a.example/3", "", 0, false},
		{7, "https://a.example/4", "https://a.example/relative", 0, false},
		{8, "", "", 0, true},
		{9, "", "", 0, true},
		{10, "", "", 0, true},
		{11, "", "", 0, true},
		{12, "https://a.example/7", "https://b.example/7", 308, false},
		{13, "https://a.example/8", "", 0, false},
	}
	for _, w := range wants {
		row, ok, err := r.Next()
		if err != nil || !ok {
			t.Fatalf("Next() = %v, %v; want row %d", ok, err, w.n)
		}
		if row.N != w.n || (row.Err != nil) != w.bad {
			t.Errorf("row %d (err %v); want row %d bad=%v", row.N, row.Err, w.n, w.bad)
			continue
		}
		if !w.bad && (row.Source != w.source || row.Target != w.target || row.Status != w.status) {
			t.Errorf("row %d = %+v; want %+v", row.N, row, w)
		}
	}
	if _, ok, err := r.Next(); ok || err != nil {
		t.Errorf("after the last row: ok %v, err %v", ok, err)
	}
}

func TestReaderRejectsBinary(t *testing.T) {
	for _, in := range []string{
		"\x00\x01\x02",
		"h\x00t\x00t\x00p\x00:\x00/\x00/\x00a\x00\n\x00",
		// Past the first three bytes, which a byte order mark would take.
		"http://a.test/x\x00\n",
		"a.test/x,\x00b.test/y\n",
		strings.Repeat("http://a.test/pad\n", 27) + "http://a.test/\x00x\n", // byte 501: within the first 512
	} {
		if _, _, err := NewReader(strings.NewReader(in)).Next(); !errors.Is(err, ErrNotText) {
			t.Errorf("Next() on %q: %v; want ErrNotText", in, err)
		}
	}
}

// TestReaderRejectsJSON: a run of hops --json or check --json given as the
// map is refused as a whole (no row of a map starts with "{"); a later line
// that does is that row's error.
func TestReaderRejectsJSON(t *testing.T) {
	for _, in := range []string{
		`{"row":2,"expected":null,"result":"ok"}` + "\n",
		"\uFEFF{\n  \"schema_version\": 1,\n",
		"\n\n  {\"summary\":{}}\n",
	} {
		if _, _, err := NewReader(strings.NewReader(in)).Next(); !errors.Is(err, ErrJSONRun) {
			t.Errorf("Next() on %q: %v; want ErrJSONRun", in, err)
		}
	}
	r := NewReader(strings.NewReader("http://a.test/x\n{\"row\":2}\n"))
	if row, ok, err := r.Next(); err != nil || !ok || row.Err != nil {
		t.Fatalf("first row: %+v, %v, %v", row, ok, err)
	}
	if row, ok, err := r.Next(); err != nil || !ok || row.Err == nil {
		t.Errorf("second row: %+v, %v, %v; want a malformed row", row, ok, err)
	}
}

// TestReaderLateNUL: a NUL byte past what the first read brought (a pipe
// that brings rows one at a time, a file past the reader's 64 KiB buffer)
// makes its row an error, and no other: it is not dropped.
func TestReaderLateNUL(t *testing.T) {
	pad := strings.Repeat("http://a.test/pad\n", 4000) // 72,000 bytes
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("http://a.test/1\n"))
		pw.Write([]byte("http://a.test/2\x00\nhttp://a.test/3\n"))
		pw.Close()
	}()
	for _, tc := range []struct {
		name   string
		in     io.Reader
		rows   int
		bad    int
		column int
	}{
		{"pipe", pr, 3, 2, 16},
		// Past the first 512 bytes of a file's first read: as in a pipe.
		{"file past the first 512 bytes", strings.NewReader(strings.Repeat("http://a.test/pad\n", 1000) + "http://a.test/\x00x\n"), 1001, 1001, 15},
		{"file past the buffer", strings.NewReader(pad + "http://a.test/x\x00\nhttp://a.test/y\n"), 4002, 4001, 16},
		{"inside a cell", strings.NewReader(pad + "http://a.test/x,/n\x00w\n"), 4001, 4001, 19},
	} {
		r := NewReader(tc.in)
		var bad []int
		rows := 0
		for {
			row, ok, err := r.Next()
			if err != nil {
				t.Fatalf("%s: Next: %v", tc.name, err)
			}
			if !ok {
				break
			}
			rows++
			if row.Err != nil {
				bad = append(bad, row.N)
				if want := fmt.Sprintf("NUL byte at column %d: not a line of text", tc.column); row.Err.Error() != want {
					t.Errorf("%s: row %d: %v; want %s", tc.name, row.N, row.Err, want)
				}
			}
		}
		if rows != tc.rows || len(bad) != 1 || bad[0] != tc.bad {
			t.Errorf("%s: %d rows, bad %v; want %d rows, bad [%d]", tc.name, rows, bad, tc.rows, tc.bad)
		}
	}
}

// TestReaderOneBadByteOneBadRow: a Latin-1 byte makes its own row an error
// and no other, wherever it stands.
func TestReaderOneBadByteOneBadRow(t *testing.T) {
	in := "https://a.example/caf\xe9\nhttps://a.example/2\n" + strings.Repeat("https://a.example/pad\n", 500) + "https://a.example/\xe9t\xe9\nhttps://a.example/last\n"
	r := NewReader(strings.NewReader(in))
	var bad []int
	rows := 0
	for {
		row, ok, err := r.Next()
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if !ok {
			break
		}
		rows++
		if row.Err != nil {
			bad = append(bad, row.N)
			if !strings.Contains(row.Err.Error(), "not UTF-8 text: byte 0xE9") {
				t.Errorf("row %d: %v", row.N, row.Err)
			}
		}
	}
	if rows != 504 || len(bad) != 2 || bad[0] != 1 || bad[1] != 503 {
		t.Errorf("%d rows, bad %v; want 504 rows, bad [1 503]", rows, bad)
	}
}

// TestReaderUTF16: UTF-16 with a byte order mark is read as text.
func TestReaderUTF16(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xff\xfe") // UTF-16LE byte order mark
	for _, c := range "source,target\r\nhttps://a.example/1,https://b.example/1\r\n" {
		b.WriteByte(byte(c))
		b.WriteByte(0)
	}
	row, ok, err := NewReader(strings.NewReader(b.String())).Next()
	if err != nil || !ok || row.Err != nil || row.N != 2 || row.Source != "https://a.example/1" || row.Target != "https://b.example/1" {
		t.Errorf("Next() = %+v, %v, %v", row, ok, err)
	}
}

// TestReaderSeparators: the separator is read off the first row, header
// columns come in any order, and a cell with two URLs is malformed.
func TestReaderSeparators(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string // per row: source|target|status, or "bad"
	}{
		{"semicolon", "https://a.example/1;https://b.example/1;301\nhttps://a.example/2;/two\n",
			[]string{"https://a.example/1|https://b.example/1|301", "https://a.example/2|https://a.example/two|0"}},
		{"semicolon header any order", "status;new;old\n308;https://b.example/1;https://a.example/1\n",
			[]string{"https://a.example/1|https://b.example/1|308"}},
		{"comma header any order", "To,From\nhttps://b.example/1,https://a.example/1\n",
			[]string{"https://a.example/1|https://b.example/1|0"}},
		{"tab", "https://a.example/1\thttps://b.example/1\n", []string{"https://a.example/1|https://b.example/1|0"}},
		{"header names read by their words", "Redirect To,Redirect From,Status Code\nhttps://b.example/1,https://a.example/1,301\n",
			[]string{"https://a.example/1|https://b.example/1|301"}},
		{"a header with an empty column", "source,target,\nhttps://a.example/1,https://b.example/1,\n",
			[]string{"https://a.example/1|https://b.example/1|0"}},
		{"url,status: no target column", "url,status\nhttps://a.example/1,301\n",
			[]string{"https://a.example/1||301"}},
		{"one column named with a target word", "URLs to check\nhttps://a.example/1\nhttps://a.example/2\n",
			[]string{"https://a.example/1||0", "https://a.example/2||0"}},
		{"URL list keeps commas and semicolons", "https://a.example/x?a=1,2;b\nhttps://a.example/y;z\n",
			[]string{"https://a.example/x?a=1,2;b||0", "https://a.example/y;z||0"}},
		{"two URLs with a space", "https://a.example/1 https://b.example/1\n", []string{"bad"}},
		{"two URLs with a bar", "https://a.example/1|https://b.example/1\n", []string{"bad"}},
		{"URL and path with a space", "https://a.example/1 /new\n", []string{"bad"}},
		{"two URLs in a CSV cell", "https://a.example/1,https://b.example/1 https://c.example/1\n", []string{"bad"}},
		{"two URLs in a quoted CSV cell", "\"https://a.example/1,https://b.example/1\",https://c.example/1\n", []string{"bad"}},
		{"two URLs in a quoted cell of a semicolon map", "\"https://a.example/1;https://b.example/1\";https://c.example/1\n", []string{"bad"}},
		{"a semicolon in a comma map's quoted cell is part of the URL", "\"https://a.example/1;https://b.example/1\",https://c.example/1\n",
			[]string{"https://a.example/1;https://b.example/1|https://c.example/1|0"}},
		{"a path after a comma is part of the URL", "\"https://a.example/a,/b\",https://c.example/1\n",
			[]string{"https://a.example/a,/b|https://c.example/1|0"}},
		{"a query listing URLs, quoted", "\"https://a.example/share?u=x,https://c.example/\",https://c.example/1\n",
			[]string{"https://a.example/share?u=x,https://c.example/|https://c.example/1|0"}},
		{"two URLs with a comma in a URL list", "https://a.example/0\nhttps://a.example/x,https://b.example/y\n",
			[]string{"https://a.example/0||0", "bad"}},
		{"two URLs with a semicolon in a tab map", "https://a.example/x;https://b.example/y\thttps://c.example/1\n", []string{"bad"}},
		{"a query listing URLs in a tab map", "https://a.example/share?u=https://b.example/,https://c.example/\thttps://c.example/1\n",
			[]string{"https://a.example/share?u=https://b.example/,https://c.example/|https://c.example/1|0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			var got []string
			for {
				row, ok, err := r.Next()
				if err != nil || !ok {
					break
				}
				if row.Err != nil {
					got = append(got, "bad")
					continue
				}
				got = append(got, fmt.Sprintf("%s|%s|%d", row.Source, row.Target, row.Status))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows %q; want %q", got, tc.want)
			}
		})
	}
}

func TestHeaderOnlyOnFirstLine(t *testing.T) {
	r := NewReader(strings.NewReader("localhost\nsource,target\n"))
	row, _, _ := r.Next()
	if row.N != 1 || row.Err != nil || row.Source != "http://localhost/" {
		t.Errorf("a bare host name was taken for a header: %+v", row)
	}
	// Past the first line, column names are data like any other row.
	row, _, _ = r.Next()
	if row.N != 2 {
		t.Errorf("a header-like second line was skipped: %+v", row)
	}
}

// TestReaderMapRules: SPEC's malformed rows and status sets, and path
// sources with and without a base.
func TestReaderMapRules(t *testing.T) {
	cases := []struct {
		name, base, in string
		want           string // source|target|statuses, or "bad: <part of the error>"
	}{
		{"empty target", "", "https://a.example/1,,301\n", "bad: target: empty"},
		{"relative target without slash", "", "source,target\nhttps://a.example/1,new-page\n", "bad: want an absolute http(s) URL or a path"},
		{"ftp target", "", "https://a.example/1,ftp://b.example/\n", "bad: want an absolute http(s) URL or a path"},
		{"path source without base", "", "/old/11,/new/11\n", "bad: give --base URL"},
		{"path source with base", "https://site.example", "/old/11,/new/11\n", "https://site.example/old/11|https://site.example/new/11|[]"},
		{"bare word source", "", "old,/new\n", "bad: is not a URL"},
		{"host source", "", "site.example/a,/b\n", "http://site.example/a|http://site.example/b|[]"},
		{"status set", "", "https://a.example/1,/2,301|308\n", "https://a.example/1|https://a.example/2|[301 308]"},
		{"permanent", "", "https://a.example/1,/2,permanent\n", "https://a.example/1|https://a.example/2|[301 308]"},
		{"temporary", "", "https://a.example/1,/2,temporary\n", "https://a.example/1|https://a.example/2|[302 303 307]"},
		{"bad status", "", "https://a.example/1,/2,30x\n", "bad: not an HTTP status code or a set"},
		{"a list keeps its commas", "", "https://a.example/x?ids=1,2\n", "https://a.example/x?ids=1,2||[]"},
		// In a tab map a leading tab is an empty first cell, not space.
		{"tab map, empty first column", "", "code\tto\tfrom\n\t/ok\thttps://a.example/s?x=1\n", "https://a.example/s?x=1|https://a.example/ok|[]"},
		{"tab map, empty source", "", "source\ttarget\tstatus\n\thttps://b.example/1\t301\n", "bad: source: empty"},
		{"tab map, empty last column", "", "source\ttarget\tstatus\nhttps://a.example/1\thttps://b.example/1\t \r\n", "https://a.example/1|https://b.example/1|[]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			r.Base = tc.base
			row, ok, err := r.Next()
			if err != nil || !ok {
				t.Fatalf("Next: %v, %v", ok, err)
			}
			if strings.HasPrefix(tc.want, "bad: ") {
				if row.Err == nil || !strings.Contains(row.Err.Error(), strings.TrimPrefix(tc.want, "bad: ")) {
					t.Errorf("err %v; want %q", row.Err, tc.want)
				}
				return
			}
			set := row.Statuses
			if set == nil {
				set = []int{}
			}
			if got := fmt.Sprintf("%s|%s|%v", row.Source, row.Target, set); row.Err != nil || got != tc.want {
				t.Errorf("row %s (err %v); want %s", got, row.Err, tc.want)
			}
		})
	}
}

// TestSplitFieldsUnquoted: a line without quotes splits as encoding/csv
// reads it, on random lines of separators, spaces and text.
func TestSplitFieldsUnquoted(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	parts := []string{",", ";", " ", "\t", "a", "http://x/?q=1", "é", "", "  b  "}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(8); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := strings.TrimSpace(b.String())
		if text == "" {
			continue
		}
		for _, sep := range []byte{',', ';'} {
			got, err := splitFields(text, sep)
			cr := csv.NewReader(strings.NewReader(text))
			cr.Comma, cr.FieldsPerRecord, cr.TrimLeadingSpace = rune(sep), -1, true
			want, werr := cr.Read()
			if err != nil || werr != nil {
				t.Fatalf("%q %q: %v, %v", text, sep, err, werr)
			}
			if fmt.Sprint(got) != fmt.Sprint(trimAll(want)) {
				t.Fatalf("%q split at %q: %q; encoding/csv reads %q", text, sep, got, trimAll(want))
			}
		}
	}
}
