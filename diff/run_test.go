package diff

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// line is a compact line of hops check --json for source, landing with
// status at final after redirects, with the given finding codes (as
// warnings).
func line(row int, source, final string, status, redirects int, codes ...string) string {
	fs := []string{}
	for _, c := range codes {
		fs = append(fs, fmt.Sprintf(`{"code":%q,"severity":"warning","hop":null,"message":"..."}`, c))
	}
	return fmt.Sprintf(`{"row":%d,"expected":null,"result":"ok","reason":null,"schema_version":1,"tool":{"name":"hops","version":"1.0.0"},`+
		`"request":{"url":%q,"method":"GET","headers":{},"body_bytes":0},"hops":[{"n":1,"url":%q,"status":301,"permanent":true,`+
		`"cache":{"cacheable":true,"freshness_s":3600,"heuristic":false},"hsts":null}],"final":{"url":%q,"status":%d,"redirects":%d},"findings":[%s],"error":null}`,
		row, source, source, final, status, redirects, strings.Join(fs, ","))
}

// summaryLine has fields this hops does not know of: they are skipped.
const summaryLine = `{"summary":{"rows":3,"ok":3,"mismatch":0,"error":0,"seconds":0.1,"interrupted":false,"lint":[],` +
	`"top_targets":[{"url":"https://n.test/","count":3}],"chain_lengths":{"1":3},"first_statuses":{"301":3},"something_new":{"a":[1]}}}`

func write(t *testing.T, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, old, new string) (Summary, []string) {
	t.Helper()
	res, err := Run(old, new)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	defer res.Close()
	var rows []string
	for r, err := range res.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, js(r))
	}
	return res.Summary, rows
}

func TestRunCheckRuns(t *testing.T) {
	t.Parallel()
	old := write(t, "old.jsonl",
		// Saved by an editor that starts a file with a byte order mark.
		"\uFEFF"+line(2, "http://o.test/a", "https://n.test/a", 200, 1),
		line(3, "http://o.test/b", "https://n.test/b", 200, 1),
		line(4, "http://o.test/b", "https://n.test/b", 200, 1),
		line(5, "http://o.test/gone", "https://n.test/gone", 200, 1),
		line(6, "http://o.test/c", "https://n.test/c", 404, 2, "long-chain"),
		summaryLine)
	new := write(t, "new.jsonl",
		line(2, "http://o.test/c", "https://n.test/c", 200, 1),
		line(3, "http://o.test/b", "https://n.test/b", 200, 1),
		line(4, "http://o.test/b", "https://n.test/", 200, 1),
		line(5, "http://o.test/a", "https://n.test/a", 200, 1),
		line(6, "http://o.test/added", "https://n.test/added", 200, 1),
		summaryLine)
	sum, rows := run(t, old, new)
	if want := (Summary{Rows: 6, Regression: 1, Change: 2, Improvement: 1, None: 2}); sum != want {
		t.Errorf("Summary = %+v; want %+v", sum, want)
	}
	want := []string{
		// The second /b of each run is compared with the other second /b.
		`{"source":"http://o.test/b","method":"GET","class":"regression","changes":[{"aspect":"final_url","before":"https://n.test/b","after":"https://n.test/","class":"regression"}]}`,
		`{"source":"http://o.test/added","method":"GET","class":"change","changes":[{"aspect":"row","before":false,"after":true,"class":"change"}]}`,
		`{"source":"http://o.test/gone","method":"GET","class":"change","changes":[{"aspect":"row","before":true,"after":false,"class":"change"}]}`,
		`{"source":"http://o.test/c","method":"GET","class":"improvement","changes":[` +
			`{"aspect":"final_status","before":404,"after":200,"class":"improvement"},` +
			`{"aspect":"redirects","before":2,"after":1,"class":"improvement"},` +
			`{"aspect":"finding","before":"long-chain","after":null,"class":"improvement"}]}`,
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunChainDocuments(t *testing.T) {
	t.Parallel()
	// An indented chain document against the same chain as a check line:
	// one row, the same facts.
	old := write(t, "old.json", good)
	new := write(t, "new.jsonl", strings.Join(strings.Fields(edit(`"redirects":1`, `"redirects":1`)), " "), summaryLine)
	sum, rows := run(t, old, new)
	if want := (Summary{Rows: 1, None: 1}); sum != want || len(rows) != 0 {
		t.Errorf("Summary = %+v, rows %v; want %+v and none", sum, rows, want)
	}
	// Two different chains: nothing matches.
	other := write(t, "other.json", strings.ReplaceAll(good, "http://a.test/old", "http://a.test/other"))
	sum, rows = run(t, old, other)
	if want := (Summary{Rows: 2, Change: 2}); sum != want || len(rows) != 2 {
		t.Errorf("Summary = %+v, rows %v; want %+v and two", sum, rows, want)
	}
	// Another method is another row.
	post := write(t, "post.json", strings.Replace(good, `"method":"GET"`, `"method":"POST"`, 1))
	sum, _ = run(t, old, post)
	if want := (Summary{Rows: 2, Change: 2}); sum != want {
		t.Errorf("Summary = %+v; want %+v", sum, want)
	}
}

func TestRunRefusesWhatIsNotARun(t *testing.T) {
	t.Parallel()
	ok := write(t, "ok.jsonl", line(2, "http://o.test/a", "https://n.test/a", 200, 1), summaryLine)
	for _, tc := range []struct {
		name, content, want string
	}{
		{"not JSON", line(2, "http://o.test/a", "https://n.test/a", 200, 1) + "\n" + `{"row":3, oops}`, ` line 2: not JSON: invalid character 'o' looking for beginning of object key string`},
		{"cut short", line(2, "http://o.test/a", "https://n.test/a", 200, 1) + "\n\n" + `{"row":3,"schema_version":1,"request":{"url":"http://o`, ` line 3: the JSON is cut short (an interrupted run?)`},
		{"not a row", line(2, "http://o.test/a", "https://n.test/a", 200, 1) + "\n" + `{"lint":{"rows":1}}`, ` line 2: not a chain of hops --json or a line of hops check --json`},
		{"a field of another type", "\n" + `{"schema_version":1,"request":{"url":"http://o.test/"},"final":{"url":"x","status":"200"}}`, ` line 2: field final.status: a JSON string where hops writes a number`},
		{"a later schema", strings.Replace(good, `"schema_version":1`, `"schema_version":2`, 1), ` line 1: schema_version 2: this hops reads schema_version 1`},
		{"empty", "", `: empty: want the output of hops --json or hops check --json`},
		{"a diff's own output", `{"schema_version":1,"tool":{"name":"hops","version":"1.0.0"},"rows":[],"summary":{"rows":0}}`, ` line 1: a document of hops diff --json, not a run`},
		{"a field with no name", "[1,2]", ` line 1: not a JSON object: hops writes one object a chain or a line`},
		{"a CSV map", "source,target\nhttp://a/,http://b/", ` line 1: not JSON: invalid character 's' looking for beginning of value`},
		// After a byte order mark (read past), lines are still counted right.
		{"not JSON after a BOM", "\uFEFF" + line(2, "http://o.test/a", "https://n.test/a", 200, 1) + "\n" + `{"row":3, oops}`, ` line 2: not JSON: invalid character 'o' looking for beginning of object key string`},
		{"cut short after a BOM", "\uFEFF" + `{"row":3,"schema_version":1,"request":{"url":"http://o`, ` line 1: the JSON is cut short (an interrupted run?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(t.TempDir(), "run.jsonl")
			if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][2]string{{p, ok}, {ok, p}} {
				_, err := Run(args[0], args[1])
				var ie *InputError
				if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), p+tc.want) {
					t.Errorf("Run = %v; want an InputError %q", err, p+tc.want)
				}
			}
		})
	}
	_, err := Run(filepath.Join(t.TempDir(), "missing.jsonl"), ok)
	var pe *os.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || filepath.Base(pe.Path) != "missing.jsonl" || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Run(missing) = %v; want the *os.PathError of its open", err)
	}
}

func TestIndexTakesEachRowOnce(t *testing.T) {
	t.Parallel()
	p := write(t, "old.jsonl",
		line(2, "http://o.test/a", "https://n.test/1", 200, 1),
		line(3, "http://o.test/b", "https://n.test/2", 200, 1),
		line(4, "http://o.test/a", "https://n.test/3", 200, 1))
	ix, err := NewIndex(p)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, want := range []string{"https://n.test/1", "https://n.test/3", ""} {
		f, ok, err := ix.Take("http://o.test/a", "GET")
		if err != nil || ok != (want != "") || f.FinalURL != want {
			t.Errorf("Take(a) = %q, %v, %v; want %q", f.FinalURL, ok, err, want)
		}
	}
	if _, ok, _ := ix.Take("http://o.test/b", "HEAD"); ok {
		t.Errorf("Take(b, HEAD) found a GET row")
	}
	var rest []string
	ix.Rest(func(f Facts) error { rest = append(rest, f.FinalURL); return nil })
	if strings.Join(rest, " ") != "https://n.test/2" {
		t.Errorf("Rest = %v; want [https://n.test/2]", rest)
	}
}

func TestBufferFor(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sized := func(n int) string {
		p := filepath.Join(dir, fmt.Sprintf("f%d", n))
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{sized(0), 4096},
		{sized(100), 4096},
		{sized(9355), 9355},
		{sized(1<<20 - 1), 1<<20 - 1},
		{sized(1 << 20), 1 << 20},
		{sized(3 << 20), 1 << 20},
		{dir, 1 << 20},                           // not a regular file
		{filepath.Join(dir, "missing"), 1 << 20}, // no size known
	} {
		if got := bufferFor(os.Stat(tc.path)); got != tc.want {
			t.Errorf("bufferFor(%s) = %d; want %d", filepath.Base(tc.path), got, tc.want)
		}
	}
}

// A file given to diff that cannot be opened or read is a FileError; a
// temporary file of diff's own that cannot be made is not.
func TestFileErrors(t *testing.T) {
	ok := write(t, "ok.jsonl", line(2, "https://a.test/", "https://b.test/", 200, 1))
	var fe *FileError
	_, err := Run(filepath.Join(t.TempDir(), "missing.jsonl"), ok)
	if !errors.As(err, &fe) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Run(missing) = %v; want a FileError", err)
	}
	_, err = Run(t.TempDir(), ok)
	var pe *os.PathError
	if !errors.As(err, &fe) || !errors.As(err, &pe) || pe.Op != "read" {
		t.Errorf("Run(directory) = %v; want a FileError of a read", err)
	}
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	_, err = NewIndex(ok)
	if err == nil || errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "index "+ok+": ") {
		t.Errorf("NewIndex without a temporary directory = %v; want the index's own error", err)
	}
}
