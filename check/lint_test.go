package check

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func lintMap(t *testing.T, text string) []LintIssue {
	t.Helper()
	return lintInput(t, strings.NewReader(text), NewLinter(), nil)
}

// lintInput lints what r reads with l, and hands every row to also.
func lintInput(t *testing.T, r io.Reader, l *Linter, also func(Row)) []LintIssue {
	t.Helper()
	rd := NewReader(r)
	rd.Lint = l
	for {
		row, ok, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return l.Issues()
		}
		if also != nil {
			also(row)
		}
	}
}

// mapFile writes text to a file of its own and opens it: a Reader of a
// regular file, whose linter reads the rows it names again.
func mapFile(t *testing.T, text string) *os.File {
	t.Helper()
	name := filepath.Join(t.TempDir(), "map.csv")
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// memFile is a map in memory that offers what a regular file does, for
// the many maps of TestLintAgainstReference (a file written takes some
// milliseconds on a busy disk).
type memFile struct{ *bytes.Reader }

func (m memFile) Stat() (fs.FileInfo, error) { return memInfo{m.Size()}, nil }

type memInfo struct{ size int64 }

func (i memInfo) Name() string       { return "map.csv" }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o600 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// lintHashes are the linter's own hash and hashes that collide: every
// URL the same, or one of four; equal hashes must never make a finding.
var lintHashes = map[string]func(string) uint64{
	"maphash":  nil,
	"constant": func(string) uint64 { return 7 },
	"two bits": func(s string) uint64 {
		h := fnv.New64a()
		io.WriteString(h, s)
		return h.Sum64() & 3 // 0 too, which stands for no target
	},
}

// lintModes lint text as standard input would be (strings copied) and as
// a file (rows read again: a file on disk, or in memory when inMemory),
// with each of lintHashes.
func lintModes(t *testing.T, inMemory bool, text string, max int, also func(Row)) map[string][]LintIssue {
	t.Helper()
	out := map[string][]LintIssue{}
	for name, hash := range lintHashes {
		for _, file := range []bool{false, true} {
			l := NewLinter()
			l.max = max
			if hash != nil {
				l.hash = hash
			}
			var r io.Reader = strings.NewReader(text)
			mode := name + ", copied"
			if file {
				mode = name + ", read again"
				if inMemory {
					r = memFile{bytes.NewReader([]byte(text))}
				} else {
					r = mapFile(t, text)
				}
			}
			out[mode] = lintInput(t, r, l, also)
			if also != nil {
				also = nil // the rows once
			}
		}
	}
	return out
}

func TestLint(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []LintIssue
	}{
		{"clean", "source,target\nhttps://a.test/1,https://a.test/new1\nhttps://a.test/2,https://a.test/new2\n", nil},
		{"url list without duplicates", "https://a.test/1\nhttps://a.test/2\n", nil},
		{"duplicate source, same target, case and default port folded",
			"https://a.test/x,https://a.test/y\nHTTPS://A.TEST:443/x,https://a.test/y\n",
			[]LintIssue{{LintDuplicate, []int{1, 2}, "https://a.test/x is on rows 1, 2"}}},
		{"duplicate in a url list", "https://a.test/1\n# comment\nhttps://a.test/1\n",
			[]LintIssue{{LintDuplicate, []int{1, 3}, "https://a.test/1 is on rows 1, 3"}}},
		{"conflicting targets",
			"https://a.test/c,https://a.test/d\nhttps://a.test/c,https://a.test/e\nhttps://a.test/c,https://a.test/d\n",
			[]LintIssue{{LintConflict, []int{1, 2, 3}, "https://a.test/c has 2 targets: https://a.test/d (row 1), https://a.test/e (row 2)"}}},
		{"chain built into the map, with a path target",
			"https://a.test/1,/2\nhttps://a.test/2,https://a.test/3\nhttps://a.test/3,https://b.test/\n",
			[]LintIssue{
				{LintChained, []int{1, 2}, "row 1's target https://a.test/2 is the source of row 2, so the map builds a chain of 3 redirects; point row 1 at https://b.test/"},
				{LintChained, []int{2, 3}, "row 2's target https://a.test/3 is the source of row 3, so the map builds a chain of 2 redirects; point row 2 at https://b.test/"},
			}},
		{"cycle named once, and a row into it",
			"https://a.test/in,https://a.test/p\nhttps://a.test/p,https://a.test/q\nhttps://a.test/q,https://a.test/p\n",
			[]LintIssue{
				{LintChained, []int{1, 2}, "row 1's target https://a.test/p is the source of row 2, which leads into a cycle"},
				{LintCycle, []int{2, 3}, "rows 2, 3 form a cycle: https://a.test/p → https://a.test/q → https://a.test/p"},
			}},
		{"self redirect", "https://a.test/s,https://a.test/s\n",
			[]LintIssue{{LintCycle, []int{1}, "row 1 redirects https://a.test/s to itself"}}},
		{"malformed rows are not linted", "https://a.test/1,,301\nhttps://a.test/1,,301\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for mode, got := range lintModes(t, false, tc.text, maxLintedSource, nil) {
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s: issues:\n%+v\nwant:\n%+v", mode, got, tc.want)
				}
			}
		})
	}
}

// TestLintAgainstReference lints random maps, small enough in URLs to
// hold duplicates, conflicts, chains and cycles, with caps on the sources
// linted, and wants the issues of the linter that kept every URL.
func TestLintAgainstReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(17, 1))
	for i := range 200 {
		urls := 2 + rng.IntN(12)
		url := func() string { return fmt.Sprintf("https://a.test/%d", rng.IntN(urls)) }
		var b strings.Builder
		list := rng.IntN(4) == 0
		if !list && rng.IntN(2) == 0 {
			b.WriteString("source,target\n")
		}
		for range 1 + rng.IntN(40) {
			switch {
			case rng.IntN(15) == 0:
				b.WriteString("# a comment\n")
			case rng.IntN(15) == 0:
				b.WriteString("not a url,https://a.test/1\n")
			case list:
				b.WriteString(url() + "\n")
			case rng.IntN(5) == 0:
				fmt.Fprintf(&b, "%s,/%d\n", url(), rng.IntN(urls)) // a path target
			default:
				fmt.Fprintf(&b, "%s,%s\n", url(), url())
			}
		}
		max := []int{1, 2, 3, 5, maxLintedSource}[rng.IntN(5)]
		ref := newRefLinter(max)
		for mode, got := range lintModes(t, true, b.String(), max, ref.Add) {
			if want := ref.Issues(); !reflect.DeepEqual(got, want) {
				t.Fatalf("map %d, at most %d sources, %s:\n%s\nissues:\n%+v\nwant:\n%+v", i, max, mode, b.String(), got, want)
			}
		}
	}
}

// TestLintFileChanged: the rows a linter reads again must be the rows it
// read; a file rewritten in between is said, and nothing is made of it.
func TestLintFileChanged(t *testing.T) {
	t.Parallel()
	f := mapFile(t, "https://a.test/1,https://a.test/2\nhttps://a.test/1,https://a.test/2\n")
	rd := NewReader(f)
	rd.Lint = NewLinter()
	for {
		_, ok, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
	}
	if err := os.WriteFile(f.Name(), []byte("https://a.test/1,https://a.test/2\nhttps://a.test/3,https://a.test/2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := []LintIssue{{LintIncomplete, []int{1}, "the map was not linted: the file changed while it was checked"}}
	if got := rd.Lint.Issues(); !reflect.DeepEqual(got, want) {
		t.Errorf("issues:\n%+v\nwant:\n%+v", got, want)
	}
}

// TestLintStopped: a run that stops early (interrupted) lints the rows it
// read, not the rest of the file read again.
func TestLintStopped(t *testing.T) {
	t.Parallel()
	text := "https://a.test/1,https://a.test/2\nhttps://a.test/3,https://a.test/1\nhttps://a.test/1,https://a.test/2\n"
	for _, file := range []bool{false, true} {
		var in io.Reader = strings.NewReader(text)
		if file {
			in = mapFile(t, text)
		}
		rd := NewReader(in)
		rd.Lint = NewLinter()
		for range 2 {
			if _, ok, err := rd.Next(); !ok || err != nil {
				t.Fatalf("Next: %v, %v", ok, err)
			}
		}
		want := []LintIssue{{LintChained, []int{1, 2}, "row 2's target https://a.test/1 is the source of row 1, so the map builds a chain of 2 redirects; point row 2 at https://a.test/2"}}
		if got := rd.Lint.Issues(); !reflect.DeepEqual(got, want) {
			t.Errorf("file %v: issues:\n%+v\nwant:\n%+v", file, got, want)
		}
	}
}

// TestLintSitemapFile: a sitemap is not read again (an index's children
// would be fetched again); its URLs are copied, even from a file.
func TestLintSitemapFile(t *testing.T) {
	t.Parallel()
	f := mapFile(t, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://a.test/x</loc></url>
<url><loc>https://a.test/y</loc></url>
<url><loc>https://a.test/x</loc></url>
</urlset>
`)
	want := []LintIssue{{LintDuplicate, []int{3, 5}, "https://a.test/x is on rows 3, 5"}}
	if got := lintInput(t, f, NewLinter(), nil); !reflect.DeepEqual(got, want) {
		t.Errorf("issues:\n%+v\nwant:\n%+v", got, want)
	}
}
