package check

import (
	"reflect"
	"strings"
	"testing"
)

func lintMap(t *testing.T, text string) []LintIssue {
	t.Helper()
	r := NewReader(strings.NewReader(text))
	r.Lint = NewLinter()
	for {
		_, ok, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return r.Lint.Issues()
		}
	}
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
			got := lintMap(t, tc.text)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("issues:\n%+v\nwant:\n%+v", got, tc.want)
			}
		})
	}
}
