package check

import (
	"math/rand/v2"
	"net/url"
	"testing"
)

// isRootParsed is isRoot without its shortcut: what url.Parse says.
func isRootParsed(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Path == "/" || u.Path == "") && u.RawQuery == "" && !u.ForceQuery
}

// TestIsRootShortcut: the shortcut that answers without a parse agrees with
// the parse on URLs built from awkward parts.
func TestIsRootShortcut(t *testing.T) {
	parts := []string{"http", "https", "://", ":", "//", "/", "?", "#", "a", "h.test", "[::1]", "u@", "%2F", "x",
		"1a", "mailto:", ".", "..", " ", "\\", ":80", "q=1", "://h/", "/?"}
	r := rand.New(rand.NewPCG(8, 1))
	cases := []string{"http://h/", "http://h", "http://h/?", "http://h/#f", "http://h/a", "http://h?x/y", "a?b://h/cd",
		"a#b://h/cd", "/x://h/cd", "1a://h/cd", "mailto:x", "http://h/%2F", "http://u@h/x", ""}
	for range 200000 {
		s := ""
		for range 1 + r.IntN(7) {
			s += parts[r.IntN(len(parts))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		if got, want := isRoot(s), isRootParsed(s); got != want {
			t.Fatalf("isRoot(%q) = %v; url.Parse says %v", s, got, want)
		}
	}
}

func BenchmarkIsRoot(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		isRoot("http://h1.test:8080/r/1/c")
		isRoot("https://www.example.com/")
	}
}
