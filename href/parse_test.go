package href

import (
	"strings"
	"testing"
	"unicode/utf8"

	wurl "github.com/nlnwa/whatwg-url/url"
)

func FuzzResolveLocation(f *testing.F) {
	for _, s := range []string{"/x y", "  /lead  ", "//evil.example/p", `/\evil.example/x`, "///x", "https:foo",
		"http://[::1", "https://bücher.example/", "/x\xff", "%", "#new", "?z=2", "javascript:alert(1)", "", "//",
		"http://0x7f.1/", "../../../..", "http://user:pw@h:0/"} {
		f.Add("https://example.com/a/b/c?q=1#frag", s)
	}
	f.Fuzz(func(t *testing.T, base, raw string) {
		b, err := ParseURL(base)
		if err != nil {
			return
		}
		loc, err := ResolveLocation(b, raw)
		if err != nil {
			return
		}
		if !utf8.ValidString(loc.URL) {
			t.Fatalf("resolved URL is not valid UTF-8: %q", loc.URL)
		}
		if sc := loc.Scheme(); sc == "http" || sc == "https" {
			// Opaque paths of other schemes may hold spaces; a URL that
			// would be requested never does.
			if strings.ContainsAny(loc.URL, " \t\r\n\x00") {
				t.Fatalf("resolved URL %q has whitespace or NUL", loc.URL)
			}
			w, err := Wire(loc.URL)
			if err != nil {
				t.Fatalf("resolved %q cannot be sent: %v", loc.URL, err)
			}
			// The request line carries the path and query exactly as the
			// WHATWG serialiser wrote them.
			want := StripFragment(loc.URL)
			want = want[strings.Index(want, "//")+2:]
			want = want[strings.IndexByte(want, '/'):]
			// A path that starts with "//" and needs Opaque goes in
			// absolute form (see setPath).
			if got := w.RequestURI(); got != want && got != sc+"://"+w.Host+want {
				t.Fatalf("request URI of %q is %q; want %q", loc.URL, got, want)
			}
			_ = Origin(loc.URL)
		}
		_ = loc.Ambiguous()
	})
}

// slowResolve is ResolveLocation without the fast paths: the full WHATWG
// path, with hops's host step and fragment inheritance.
func slowResolve(t *testing.T, base, raw string) (string, bool) {
	t.Helper()
	href, _, err := resolveWHATWG(base, raw)
	return href, err == nil
}

var fastPathSeeds = [][2]string{
	{"https://example.com/a/b", "/c/d?e=f"},
	{"https://example.com:8443/a#frag", "/x"},
	{"http://example.com/a", "http://other.example/p?q=1"},
	{"http://example.com/a", "http://Other.example/p"},
	{"http://example.com/a", "http://other.example:80/p"},
	{"http://example.com/a", "http://127.0.0.1/p"},
	{"http://example.com/a", "http://0x7f.1/p"},
	{"http://example.com/a", "/a/../b"},
	{"http://example.com/a", "/a/%2e%2e/b"},
	{"http://example.com/a", "//host/p"},
	{"http://example.com/a", "/p q"},
	{"http://example.com/a", "http://xn--bcher-kva.example/"},
	{"http://example.com/a", "http://a..b/"},
	{"http://example.com/a", "http://example.com:65536/"},
	{"http://example.com/a", "http://example.com:08080/"},
}

func TestFastPathsAgree(t *testing.T) {
	for _, s := range fastPathSeeds {
		checkFastPath(t, s[0], s[1])
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, base, raw string) {
		checkFastPath(t, base, raw)
	})
}

// checkFastPath: whatever the fast paths accept, the full parser turns into
// the same URL.
func checkFastPath(t *testing.T, base, raw string) {
	t.Helper()
	if canonicalHTTP(raw) {
		u, err := wurl.Parse(raw)
		if err != nil || u.Href(false) != raw {
			t.Fatalf("canonicalHTTP(%q) but the parser gives %v, %v", raw, u, err)
		}
		if _, err := ParseURL(raw); err != nil {
			t.Fatalf("canonicalHTTP(%q) but ParseURL fails: %v", raw, err)
		}
	}
	if _, err := wurl.Parse(base); err != nil {
		return // Locations are always resolved against a valid URL
	}
	fast, ok := resolvePlain(base, raw)
	if !ok {
		return
	}
	slow, ok := slowResolve(t, base, raw)
	if !ok || slow != fast {
		t.Fatalf("resolvePlain(%q, %q) = %q; the parser gives %q (%v)", base, raw, fast, slow, ok)
	}
	if loc, err := ResolveLocation(base, raw); err != nil || loc.Ambiguous() {
		if g, gerr := resolveGo(base, raw); gerr != nil || !sameTarget(fast, g) {
			t.Fatalf("fast path hides an ambiguity: Go resolves %q against %q to %q (%v)", raw, base, g, gerr)
		}
	}
}

// TestParseURLTyped: what a user types. A missing scheme means http (as in
// curl), but text before "://" that is not a scheme is refused rather than
// taken as a host; a "://" after the host (in a query) is left alone.
func TestParseURLTyped(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "example.com", want: "http://example.com/"},
		{in: "HTTP://Example.COM", want: "http://example.com/"},
		{in: "localhost:8080/x", want: "http://localhost:8080/x"},
		{in: "example.com/go?to=https://b.example/", want: "http://example.com/go?to=https://b.example/"},
		{in: " https://a.example/p ", want: "https://a.example/p"},
		{in: "ht!tp://example.com/", err: `malformed URL "ht!tp://example.com/": "ht!tp" before :// is not a scheme`},
		{in: "://example.com/", err: `malformed URL "://example.com/": "" before :// is not a scheme`},
		{in: "1http://example.com/", err: `malformed URL "1http://example.com/": "1http" before :// is not a scheme`},
		{in: "ftp://example.com/", err: `unsupported scheme "ftp" in "ftp://example.com/": only http and https`},
		// user:password@host with no scheme is http, as curl reads it.
		{in: "u:p@example.com", want: "http://u:p@example.com/"},
		{in: "u:p@example.com:8080/x", want: "http://u:p@example.com:8080/x"},
		{in: "mailto:a@example.com", err: `unsupported scheme "mailto" in "mailto:a@example.com": only http and https`},
	} {
		got, err := ParseURL(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseURL(%q) = %q, %v; want the error %s", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestLocationCarriesUserinfo: only userinfo the Location itself holds
// counts, not what it inherits from the request URL.
func TestLocationCarriesUserinfo(t *testing.T) {
	for _, tc := range []struct {
		base, raw string
		want      bool
	}{
		{"http://u:pw@a.example/x", "/next", false},
		{"http://u:pw@a.example/x", "next?q=1", false},
		{"http://u:pw@a.example/x", "http:next", false}, // same special scheme: relative
		{"http://u:pw@a.example/x", "http://a.example/next", false},
		{"http://a.example/x", "http://u:pw@a.example/next", true},
		{"http://a.example/x", "//u@b.example/", true},
		{"http://a.example/x", "\\\\u:pw@b.example/", true},   // backslashes are slashes in http
		{"http://a.example/x", "https:u:pw@b.example/", true}, // another special scheme: an authority
		{"http://u:pw@a.example/x", "http://u:pw@a.example/next", true},
	} {
		if got := LocationCarriesUserinfo(tc.base, tc.raw); got != tc.want {
			t.Errorf("LocationCarriesUserinfo(%q, %q) = %v; want %v", tc.base, tc.raw, got, tc.want)
		}
	}
}

// TestUserinfoCapitalsNotAmbiguous: a request URL whose password has
// capitals resolves a relative Location to the same URL in browsers and
// in Go; the fast path's reading of the authority took the capitals for an
// uncanonical host, and the Location was reported ambiguous.
func TestUserinfoCapitalsNotAmbiguous(t *testing.T) {
	loc, err := ResolveLocation("http://user:SEKRET@127.0.0.1:8080/x", "/echo")
	if err != nil || loc.URL != "http://user:SEKRET@127.0.0.1:8080/echo" || loc.Ambiguous() {
		t.Errorf("ResolveLocation = %s (ambiguous %v, Go %s), %v; want http://user:SEKRET@127.0.0.1:8080/echo, not ambiguous", loc.URL, loc.Ambiguous(), loc.GoURL, err)
	}
}

// TestWireUserinfo: the user and password that go into Basic
// authorization are percent-decoded as the URL standard decodes, a
// malformed escape kept as it is.
func TestWireUserinfo(t *testing.T) {
	for _, tc := range []struct{ in, user, pw string }{
		{"http://u:p%40ss@h/", "u", "p@ss"},
		{"http://U:Ab%zz@h/", "U", "Ab%zz"},
		{"http://%E2%82%AC:x%2@h/", "€", "x%2"},
	} {
		u, err := Wire(tc.in)
		if err != nil || u.User == nil {
			t.Fatalf("Wire(%q): %v, %v", tc.in, u, err)
		}
		pw, _ := u.User.Password()
		if u.User.Username() != tc.user || pw != tc.pw {
			t.Errorf("Wire(%q): user %q, password %q; want %q, %q", tc.in, u.User.Username(), pw, tc.user, tc.pw)
		}
	}
}
