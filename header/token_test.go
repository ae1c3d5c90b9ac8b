package header

import "testing"

// TestIsToken: RFC 9110 §5.6.2's tchar, and nothing else.
func TestIsToken(t *testing.T) {
	for _, s := range []string{"Accept", "X-Custom_1", "!#$%&'*+-.^_`|~", "GET", "a"} {
		if !IsToken(s) {
			t.Errorf("IsToken(%q) = false", s)
		}
	}
	for _, s := range []string{"", "a b", "a:b", "a\tb", `"q"`, "(c)", "a/b", "é", "a,b", "a;b", "{x}", "[y]", "<z>", "a=b", "a?b", "a@b", "a\\b"} {
		if IsToken(s) {
			t.Errorf("IsToken(%q) = true", s)
		}
	}
}
