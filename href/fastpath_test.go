package href

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The fast paths of ResolveLocation and ParseURL (resolvePlain,
// canonicalHTTP, splitHref) skip the WHATWG parser; whatever they answer,
// the full path must answer too. TestFastPathsDifferential builds base ×
// Location pairs from the parts below with a fixed seed, so that every run
// checks the same pairs, and compares the two paths on each.

// Parts of URLs. The first value of each list is the plain one; see
// compose for how they are drawn.
var (
	diffSchemes   = []string{"https://", "http://", "HTTP://", "https:", "http:/", "ftp://", "ws://"}
	diffUserinfos = []string{"", "@", "u@", "u:p@", ":@", "u:@", "@@", "U:Pw@", "u:%41@"}
	diffHosts     = []string{"a.b", "example.com", "h", "a-b.c0", "x1.example", "A.b", "xn--zca.de", "127.0.0.1",
		"0x7f.1", "1.2", "[::1]", "a..b", "a.b.", "b\u00fccher.de", "a%2eb", "a_b.c", "1a.2", "a.0x", "a.09", "xn--a.b"}
	diffPorts = []string{"", ":8080", ":1", ":65535", ":80", ":443", ":0", ":65536", ":08080", ":", ":99999", ":8a"}
	diffPaths = []string{"/", "/p", "/a/b", "/a/b/", "/a-b_c.d~e", "/p;q=1,2:3@4!$*()", "", "/.", "/a/./b", "/a/../b",
		"/..", "/%2e/x", "/a/%2E%2E/b", "//x", "/x y", "/^", "/`", "/{}", "/%7e", "/%zz", "/\u00e9", "/a\\b", "/a|b",
		"/\"<>", "/a'b", "/a//b", "/a/..", "p", "./p", "../p", "/\t/x"}
	diffQueries = []string{"", "?q=1", "?", "?a=b&c=d", "?x y", "?'", "?^", "?a?b", "?%zz", "?\u00e9", "?a/b"}
	diffFrags   = []string{"", "#", "#f", "#a b", "#%zz", "#\u00e9", "#x#y", "#`", "#/a"}
)

// Forms of Location besides absolute URLs built from the parts above: a
// prefix, then a path, query and fragment from the lists.
var diffRelPrefixes = []string{"", "//a.b", "//@a.b", "//u:p@x.example:8080", "//A.B", "///", "/\\h", "\\\\h",
	" ", "\t", "https:", "http:", "HTTPS://a.b", "javascript:"}

// compose joins one value from each list: the plain values but for a few
// parts (none in a quarter of the draws, one in a third, two or three in
// the rest), where the fast paths' edge cases are.
func compose(r *rand.Rand, lists ...[]string) string {
	odd := 0
	switch n := r.IntN(12); {
	case n < 3:
	case n < 7:
		odd = 1
	default:
		odd = 2 + r.IntN(2)
	}
	var b strings.Builder
	oddParts := map[int]bool{}
	for range odd {
		oddParts[r.IntN(len(lists))] = true
	}
	for i, l := range lists {
		if oddParts[i] {
			b.WriteString(l[1+r.IntN(len(l)-1)])
		} else {
			b.WriteString(l[0])
		}
	}
	return b.String()
}

func diffURL(r *rand.Rand) string {
	return compose(r, diffSchemes, diffUserinfos, diffHosts, diffPorts, diffPaths, diffQueries, diffFrags)
}

func diffLocation(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return diffURL(r)
	}
	return compose(r, diffRelPrefixes, diffPaths, diffQueries, diffFrags)
}

// diffPairs is how many base × Location pairs the differential checks.
const diffPairs = 300_000

func TestFastPathsDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 5))
	const nBases = 600
	var bases []string
	for len(bases) < nBases {
		b := diffURL(r)
		u, err := newParser().parse(b, nil)
		if err != nil {
			continue // a hop's base is always a valid URL
		}
		if r.IntN(2) == 0 {
			b = serialize(u) // and mostly the serialiser's form
		}
		bases = append(bases, b)
	}
	var locs []string
	for range diffPairs / nBases {
		locs = append(locs, diffLocation(r))
	}
	// canonicalHTTP: the parser gives the string back unchanged.
	canonical, canonicalBad := 0, 0
	for _, s := range append(bases[:len(bases):len(bases)], locs...) {
		if !canonicalHTTP(s) {
			continue
		}
		canonical++
		u, err := newParser().parse(s, nil)
		if err != nil || serialize(u) != s {
			canonicalBad++
			if canonicalBad <= 10 {
				t.Errorf("canonicalHTTP(%q), but the parser gives %v (%v)", s, u, err)
			}
			continue
		}
		if got, err := ParseURL(s); err != nil || got != s {
			t.Errorf("canonicalHTTP(%q), but ParseURL gives %q (%v)", s, got, err)
		}
	}
	pairs, fast, bad := 0, 0, 0
	for _, b := range bases {
		for _, l := range locs {
			pairs++
			got, ok := resolvePlain(b, l)
			if !ok {
				continue
			}
			fast++
			want, inherited, err := resolveWHATWG(b, l)
			loc, _ := ResolveLocation(b, l)
			if err == nil && got == want && loc.Inherited == inherited {
				continue
			}
			bad++
			if bad <= 20 {
				t.Errorf("resolvePlain(%q, %q) = %q; the full path gives %q, inherited %v (%v); ResolveLocation says inherited %v",
					b, l, got, want, inherited, err, loc.Inherited)
			}
		}
	}
	t.Logf("canonicalHTTP answered for %d of %d URLs; %d disagree with the parser", canonical, len(bases)+len(locs), canonicalBad)
	t.Logf("%d base × Location pairs; the fast path answered %d; %d disagree with the full path", pairs, fast, bad)
	if fast < pairs/20 {
		t.Errorf("the fast path answered only %d of %d pairs: the parts lists no longer exercise it", fast, pairs)
	}
}

// TestFastPathsKnownCases pins the two kinds of disagreement the
// differential found, with the values the standards give: an empty
// userinfo is dropped by the WHATWG serialiser (url.spec.whatwg.org, "URL
// serializing": userinfo is written only when username or password is
// not empty), and an empty-but-present request fragment is not null, so
// Fetch's "location URL" gives it to a Location without one.
func TestFastPathsKnownCases(t *testing.T) {
	for _, c := range []struct{ base, raw, want string }{
		{"https://a.b/p", "http://@a.b/x", "http://a.b/x"},
		{"https://a.b/p", "https://:@a.b/x", "https://a.b/x"},
		{"https://h/p#", "/x", "https://h/x#"},
		{"https://h/p#", "https://g/y", "https://g/y#"},
		{"https://h/p#f", "/x#", "https://h/x#"},
	} {
		loc, err := ResolveLocation(c.base, c.raw)
		if err != nil || loc.URL != c.want {
			t.Errorf("ResolveLocation(%q, %q) = %q (%v); want %q", c.base, c.raw, loc.URL, err, c.want)
		}
		if got, _, err := resolveWHATWG(c.base, c.raw); err != nil || got != c.want {
			t.Errorf("resolveWHATWG(%q, %q) = %q (%v); want %q", c.base, c.raw, got, err, c.want)
		}
	}
	if got, err := ParseURL("http://@a.b/x"); err != nil || got != "http://a.b/x" {
		t.Errorf("ParseURL(http://@a.b/x) = %q (%v); want http://a.b/x", got, err)
	}
}

// FuzzFastPathsFull is FuzzFastPaths with ResolveLocation's own full path
// (resolveWHATWG: the wrapped parser and Fetch's fragment step) as the
// oracle, rather than the bare library.
func FuzzFastPathsFull(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s[0], s[1])
	}
	f.Add("https://h/p#", "/x")
	f.Add("https://h/p#a b", "https://g/y")
	f.Add("https://a.b/p", "http://@a.b/x")
	f.Add("https://a.b/p", "https://:@a.b/x")
	f.Fuzz(func(t *testing.T, base, raw string) {
		if canonicalHTTP(raw) {
			if u, err := newParser().parse(raw, nil); err != nil || serialize(u) != raw {
				t.Fatalf("canonicalHTTP(%q), but the parser gives %v (%v)", raw, u, err)
			}
		}
		if _, err := newParser().parse(base, nil); err != nil {
			return // a hop's base is always a valid URL
		}
		fast, ok := resolvePlain(base, raw)
		if !ok {
			return
		}
		if full, _, err := resolveWHATWG(base, raw); err != nil || full != fast {
			t.Fatalf("resolvePlain(%q, %q) = %q; the full path gives %q (%v)", base, raw, fast, full, err)
		}
	})
}
