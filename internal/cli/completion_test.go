package cli

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// TestCompletionSendsNothing: whatever the command line holds, asking for
// its completions requests nothing, from the server named or a proxy.
func TestCompletionSendsNothing(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/next", http.StatusFound)
	}))
	defer srv.Close()
	for _, args := range [][]string{
		{srv.URL, "--generate-bash-completion"},
		{"--generate-bash-completion"},
		{"--", "--generate-bash-completion"},
		{srv.URL, "-X", "--generate-bash-completion"},
		{"-x", srv.URL, "example.com", "--generate-bash-completion"},
		{"check", "-", "--generate-bash-completion"},
		{"__complete", srv.URL, ""},
		{"__complete", "-x", srv.URL, "http://example.com/", "--"},
		{"__complete", "check", srv.URL, ""},
		{"__complete", "--as", ""},
	} {
		r := runHops(t, args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("hops %q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("completion sent %d requests", n)
	}
}

// TestCompletionValues: the candidates for each kind of word, as literal
// lists (descriptions left out).
func TestCompletionValues(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish"}},
		{[]string{"completion", "bash", ""}, nil},
		{[]string{"-X", "P"}, []string{"POST", "PUT", "PATCH"}},
		{[]string{"-XPOST", "--fail-on", ""}, []string{"error", "warning", "info", "never"}},
		{[]string{"-d", "x", "--request", "D"}, []string{"DELETE"}},
		{[]string{"--color", "=", "a"}, []string{"auto", "always"}},
		{[]string{"--fail-on=i"}, []string{"--fail-on=info"}},
		{[]string{"--timeout", ""}, nil},
		{[]string{"--cacert", ""}, []string{":files"}},
		{[]string{"--cacert=x"}, nil},
		{[]string{"check", "--junit", ""}, []string{":files"}},
		{[]string{"check", "map.csv", ""}, nil},
		{[]string{"check", "--lin"}, []string{"--lint"}},
		{[]string{"help", "c"}, []string{"check", "canon", "clients", "completion"}},
		{[]string{"diff", "a.json", "b"}, []string{":files"}},
		{[]string{"diff", "a.json", "b.json", ""}, nil},
		{[]string{"diff", "--fail-on", ""}, []string{"regression", "change"}},
		{[]string{"example.com", "--as", "py"}, []string{"python-requests"}},
		{[]string{"--", "-"}, nil},
		{[]string{"--", ""}, nil},                                     // after --, the URL: no commands offered
		{[]string{"-color", ""}, []string{"auto", "always", "never"}}, // one-dash long form, as the parser takes it
		{[]string{"-max-time", ""}, nil},
		{[]string{"-timeout", "3", ""}, []string{"check", "canon", "diff", "demo", "clients", "explain", "completion"}},
		{[]string{"--agent", "b"}, []string{"browser", "bingbot"}},
		{[]string{"-sSL", "--max-redirs", ""}, nil},
		{[]string{"explain", "30"}, []string{"300", "301", "302", "303", "304", "305", "306", "307", "308"}},
	} {
		r := runHops(t, append([]string{"__complete"}, tc.words...)...)
		var got []string
		for l := range strings.Lines(r.stdout) {
			v, _, _ := strings.Cut(strings.TrimSuffix(l, "\n"), "\t")
			got = append(got, v)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("complete %q = %q, want %q", tc.words, got, tc.want)
		}
	}
}
