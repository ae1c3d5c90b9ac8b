package walk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

var jarT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// runJar plays steps against a new jar on a clock of its own:
//
//	set URL LINE       the response from URL sends Set-Cookie: LINE
//	get URL => WANT    the Cookie header for URL is WANT ("" for none)
//	wait DURATION      the clock moves on
func runJar(t *testing.T, steps []string) *cookieJar {
	t.Helper()
	return runJarRules(t, client.BrowserCookies, steps)
}

// runJarRules is runJar with a jar of the given rules.
func runJarRules(t *testing.T, rules client.CookieRules, steps []string) *cookieJar {
	t.Helper()
	now := jarT0
	j := newCookieJar(func() time.Time { return now }, rules)
	for _, st := range steps {
		verb, rest, _ := strings.Cut(st, " ")
		switch verb {
		case "set":
			raw, line, _ := strings.Cut(rest, " ")
			if err := j.setCookies(context.Background(), mustURL(t, raw), []string{line}); err != nil {
				t.Fatal(err)
			}
		case "get":
			raw, want, _ := strings.Cut(rest, " =>")
			want = strings.TrimPrefix(want, " ")
			if got := j.header(mustURL(t, raw)); got != want {
				t.Errorf("after %q: Cookie for %s = %q; want %q", st, raw, got, want)
			}
		case "wait":
			d, err := time.ParseDuration(rest)
			if err != nil {
				t.Fatal(err)
			}
			now = now.Add(d)
		default:
			t.Fatalf("bad step %q", st)
		}
	}
	return j
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestJarRefuses: what browsers refuse to store (RFC 6265bis, Set-Cookie
// parsing and Storage Model,
// and Chromium where noted), next to what they accept.
func TestJarRefuses(t *testing.T) {
	long := func(n int) string { return strings.Repeat("v", n) }
	cases := []struct {
		name  string
		steps []string
	}{
		// Strict Secure (RFC 6265bis, Storage Model).
		{"Secure over http", []string{
			"set http://example.com/ s=1; Secure",
			"get https://example.com/ =>"}},
		{"Secure over https", []string{
			"set https://example.com/ s=1; Secure",
			"get https://example.com/ => s=1",
			"get http://example.com/ =>"}},
		{"Secure over http to localhost", []string{
			"set http://localhost:8080/ s=1; Secure",
			"get http://localhost:8080/ => s=1"}},
		{"Secure over http to a loopback address", []string{
			"set http://127.0.0.1/ s=1; Secure",
			"get http://127.0.0.1/ => s=1"}},
		{"http may not overwrite a Secure cookie", []string{
			"set https://example.com/ s=1; Secure",
			"set http://example.com/ s=2",
			"get https://example.com/ => s=1",
			"get http://example.com/ =>"}},
		{"http may not delete a Secure cookie", []string{
			"set https://example.com/ s=1; Secure",
			"set http://example.com/ s=; Max-Age=0",
			"get https://example.com/ => s=1"}},
		{"http may not shadow a Secure cookie of a parent domain", []string{
			"set https://example.com/ s=1; Secure; Domain=example.com",
			"set http://www.example.com/ s=2",
			"get https://www.example.com/ => s=1"}},
		{"http may not shadow a Secure cookie from below its path", []string{
			"set https://example.com/ s=1; Secure; Path=/a",
			"set http://example.com/ s=2; Path=/a/b",
			"get https://example.com/a/b => s=1"}},
		{"http may set a name a Secure cookie has on another path", []string{
			"set https://example.com/ s=1; Secure; Path=/a",
			"set http://example.com/ s=2; Path=/b",
			"get https://example.com/a => s=1",
			"get http://example.com/b => s=2"}},
		{"https may overwrite a Secure cookie with a plain one", []string{
			"set https://example.com/ s=1; Secure",
			"set https://example.com/ s=2",
			"get http://example.com/ => s=2"}},

		// Prefixes (RFC 6265bis §4.1.3, matched case-insensitively).
		{"__Secure- without Secure", []string{
			"set https://example.com/ __Secure-a=1",
			"get https://example.com/ =>"}},
		{"__secure- without Secure", []string{
			"set https://example.com/ __secure-a=1",
			"get https://example.com/ =>"}},
		{"__Secure- with Secure over https", []string{
			"set https://example.com/ __Secure-a=1; Secure",
			"get https://example.com/ => __Secure-a=1"}},
		{"__Secure- with Secure over http", []string{
			"set http://example.com/ __Secure-a=1; Secure",
			"get https://example.com/ =>"}},
		{"__Host- with Secure and Path=/", []string{
			"set https://example.com/x/y __Host-a=1; Secure; Path=/",
			"get https://example.com/ => __Host-a=1"}},
		{"__Host- with a Domain", []string{
			"set https://example.com/ __Host-a=1; Secure; Path=/; Domain=example.com",
			"get https://example.com/ =>"}},
		{"__Host- with another Path", []string{
			"set https://example.com/ __Host-a=1; Secure; Path=/x",
			"get https://example.com/x/y =>"}},
		{"__Host- without a Path", []string{
			"set https://example.com/ __Host-a=1; Secure",
			"get https://example.com/ =>"}},
		{"__Host- without Secure", []string{
			"set https://example.com/ __Host-a=1; Path=/",
			"get https://example.com/ =>"}},
		{"__HOST- without Secure", []string{
			"set https://example.com/ __HOST-a=1; Path=/",
			"get https://example.com/ =>"}},
		{"__Host- over http", []string{
			"set http://example.com/ __Host-a=1; Secure; Path=/",
			"get https://example.com/ =>"}},
		{"a nameless cookie whose value has a prefix", []string{
			"set https://example.com/ __Host-a; Secure; Path=/",
			"set https://example.com/ =__Secure-b; Secure",
			"get https://example.com/ =>"}},
		{"a nameless cookie", []string{
			"set http://example.com/ token",
			"get http://example.com/ => token"}},

		// Sizes (RFC 6265bis, Set-Cookie parsing).
		{"name and value of 4096 octets", []string{
			"set http://example.com/ n=" + long(4095),
			"get http://example.com/ => n=" + long(4095)}},
		{"name and value of 4097 octets", []string{
			"set http://example.com/ n=" + long(4096),
			"get http://example.com/ =>"}},
		{"a Path of 1024 octets", []string{
			"set http://example.com/dir/page a=1; Path=/" + long(1023),
			"get http://example.com/" + long(1023) + " => a=1",
			"get http://example.com/dir/x =>"}},
		{"a Path over 1024 octets is ignored, not the cookie", []string{
			"set http://example.com/dir/page a=1; Path=/" + long(1024),
			"get http://example.com/dir/x => a=1",
			"get http://example.com/ =>"}},
		{"a control character", []string{
			"set http://example.com/ a=1\x01",
			"get http://example.com/ =>"}},
		{"an empty name and value", []string{
			"set http://example.com/ =",
			"get http://example.com/ =>"}},

		// Domains (RFC 6265bis, Storage Model; the public suffix list).
		{"Domain a public suffix", []string{
			"set http://www.example.co.uk/ a=1; Domain=co.uk",
			"get http://www.example.co.uk/ =>"}},
		{"Domain a private public suffix", []string{
			"set http://foo.github.io/ a=1; Domain=github.io",
			"get http://foo.github.io/ =>"}},
		{"Domain the host does not match", []string{
			"set http://example.com/ a=1; Domain=other.com",
			"get http://other.com/ =>",
			"get http://example.com/ =>"}},
		{"Domain of a subdomain", []string{
			"set http://example.com/ a=1; Domain=www.example.com",
			"get http://www.example.com/ =>"}},
		{"Domain with a trailing dot", []string{
			"set http://example.com/ a=1; Domain=example.com.",
			"get http://example.com/ =>"}},
		{"Domain of a parent", []string{
			"set http://www.example.com/ a=1; Domain=.EXAMPLE.com",
			"get http://example.com/ => a=1",
			"get http://sub.example.com/ => a=1",
			"get http://example.org/ =>"}},
		{"no Domain: host-only", []string{
			"set http://example.com/ a=1",
			"get http://example.com/ => a=1",
			"get http://sub.example.com/ =>"}},
		{"host-only and domain cookies of one name are two", []string{
			"set http://example.com/ a=1",
			"set http://example.com/ a=2; Domain=example.com",
			"get http://example.com/ => a=1; a=2",
			"get http://www.example.com/ => a=2"}},
		{"Domain of an IP address", []string{
			"set http://192.0.2.1/ a=1; Domain=192.0.2.1",
			"set http://192.0.2.1/ b=1; Domain=2.1",
			"get http://192.0.2.1/ => a=1"}},

		// Chromium: SameSite=None and Partitioned need Secure.
		{"SameSite=None without Secure", []string{
			"set https://example.com/ a=1; SameSite=None",
			"get https://example.com/ =>"}},
		{"SameSite=None with Secure", []string{
			"set https://example.com/ a=1; SameSite=None; Secure",
			"get https://example.com/ => a=1"}},
		{"SameSite=Strict and Lax are sent on a navigation", []string{
			"set http://example.com/ a=1; SameSite=Strict",
			"set http://example.com/ b=1; SameSite=Lax",
			"get http://example.com/ => a=1; b=1"}},
		{"Partitioned without Secure", []string{
			"set https://example.com/ a=1; Partitioned",
			"get https://example.com/ =>"}},

		// Paths (RFC 6265bis §5.1.4).
		{"path-match", []string{
			"set http://example.com/ a=1; Path=/docs",
			"get http://example.com/docs => a=1",
			"get http://example.com/docs/ => a=1",
			"get http://example.com/docs/web => a=1",
			"get http://example.com/docsets =>",
			"get http://example.com/ =>"}},
		{"default path", []string{
			"set http://example.com/a/b/c?q=/x a=1",
			"get http://example.com/a/b/x => a=1",
			"get http://example.com/a/x =>"}},
		{"a Path not starting with / is the default path", []string{
			"set http://example.com/a/b a=1; Path=b",
			"get http://example.com/a/x => a=1",
			"get http://example.com/ =>"}},
		{"paths match as sent on the wire", []string{
			"set http://example.com/ a=1; Path=/caf%C3%A9",
			"get http://example.com/caf%C3%A9/x => a=1"}},

		// Expiry (RFC 6265bis, the Expires and Max-Age attributes).
		{"Max-Age=0 deletes", []string{
			"set http://example.com/ a=1",
			"set http://example.com/ a=; Max-Age=0",
			"get http://example.com/ =>"}},
		{"Expires in the past deletes", []string{
			"set http://example.com/ a=1",
			"set http://example.com/ a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
			"get http://example.com/ =>"}},
		{"Max-Age wins over Expires", []string{
			"set http://example.com/ a=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
			"get http://example.com/ => a=1",
			"wait 101s",
			"get http://example.com/ =>"}},
		{"Expires", []string{
			"set http://example.com/ a=1; Expires=Thu, 01 Jan 2026 00:01:00 GMT",
			"wait 59s",
			"get http://example.com/ => a=1",
			"wait 1s",
			"get http://example.com/ =>"}},
		{"expiry is capped at 400 days", []string{
			"set http://example.com/ a=1; Max-Age=999999999999999999999",
			"set http://example.com/ b=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT",
			"wait 9599h",
			"get http://example.com/ => a=1; b=1",
			"wait 2h",
			"get http://example.com/ =>"}},
		{"a malformed Max-Age is ignored", []string{
			"set http://example.com/ a=1; Max-Age=1x",
			"set http://example.com/ b=1; Max-Age=+1",
			"wait 87600h",
			"get http://example.com/ => a=1; b=1"}},
		{"a replaced cookie keeps its creation time", []string{
			"set http://example.com/ a=1",
			"set http://example.com/ b=1",
			"set http://example.com/ a=2",
			"get http://example.com/ => a=2; b=1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runJar(t, tc.steps) })
	}
}

// TestJarHeaderOrder: one line, longer paths first, then earlier creation
// (RFC 6265bis, Retrieval Algorithm).
func TestJarHeaderOrder(t *testing.T) {
	runJar(t, []string{
		"set http://example.com/a/b/c x=1; Path=/",
		"set http://example.com/a/b/c y=2; Path=/a/b",
		"set http://example.com/a/b/c z=3; Path=/a",
		"set http://example.com/a/b/c w=4; Path=/a/b",
		"set http://example.com/a/b/c v=5",
		"get http://example.com/a/b/c => y=2; w=4; v=5; z=3; x=1",
		"get http://example.com/a => z=3; x=1",
	})
}

// cookieRun is "p<from>=1; …; p<to>=1".
func cookieRun(p string, from, to int) string {
	var parts []string
	for i := from; i <= to; i++ {
		parts = append(parts, fmt.Sprintf("%s%d=1", p, i))
	}
	return strings.Join(parts, "; ")
}

// setMany sets p<from>..p<to> from u, with attrs.
func setMany(p string, from, to int, u, attrs string) []string {
	var steps []string
	for i := from; i <= to; i++ {
		steps = append(steps, fmt.Sprintf("set %s %s%d=1%s", u, p, i, attrs))
	}
	return steps
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestJarCaps: Chromium's caps and purges (180 per eTLD+1 purged to 150,
// 3300 in all purged to 3000; expired first, then least recently used,
// non-Secure before Secure).
func TestJarCaps(t *testing.T) {
	cases := []struct {
		name  string
		steps []string
		total int
	}{
		{"the 181st cookie of a site evicts the 31 oldest",
			concat(setMany("c", 0, 180, "http://example.com/", ""), []string{
				"get http://example.com/ => " + cookieRun("c", 31, 180)}),
			150},
		// Chromium's CookieMonsterTest.SecureCookieEvictionTests, case 1:
		// a plain cookie does not evict Secure ones; it goes itself.
		{"a plain cookie over 180 Secure ones",
			concat(setMany("s", 0, 179, "https://example.com/", "; Secure"), []string{
				"set https://example.com/ n=1",
				"get https://example.com/ => " + cookieRun("s", 30, 179)}),
			150},
		// Case 2: Secure cookies evict plain ones first.
		{"Secure cookies over 180 plain ones",
			concat(setMany("n", 0, 179, "https://example.com/", ""), setMany("s", 0, 19, "https://example.com/", "; Secure"), []string{
				"get https://example.com/ => " + cookieRun("n", 31, 179) + "; " + cookieRun("s", 0, 19)}),
			169},
		{"the hosts of one eTLD+1 share its cap",
			concat(setMany("a", 0, 99, "http://a.example.com/", ""), setMany("b", 0, 99, "http://b.example.com/", ""),
				setMany("o", 0, 9, "http://other.com/", ""), []string{
					"get http://a.example.com/ => " + cookieRun("a", 31, 99),
					"get http://b.example.com/ => " + cookieRun("b", 0, 99),
					"get http://other.com/ => " + cookieRun("o", 0, 9)}),
			179},
		{"expired cookies go first",
			concat(setMany("e", 0, 9, "http://example.com/", "; Max-Age=1"), setMany("k", 0, 169, "http://example.com/", ""), []string{
				"wait 2s",
				"set http://example.com/ n=1",
				"get http://example.com/ => " + cookieRun("k", 0, 169) + "; n=1"}),
			171},
		// Sending refreshes last access once it is over a minute old, as in
		// both browsers: the cookies sent two minutes on outlive the others.
		{"sent cookies are used later",
			concat(evenOdd(), []string{
				"wait 2m",
				"get http://example.com/a/x => " + evens(0),
				"set http://example.com/ n=1",
				"get http://example.com/b/x => " + odds(63) + "; n=1",
				"get http://example.com/a/x => " + evens(0) + "; n=1"}),
			150},
		{"sending within a minute does not count as use",
			concat(evenOdd(), []string{
				"wait 30s",
				"get http://example.com/a/x => " + evens(0),
				"set http://example.com/ n=1",
				"get http://example.com/a/x => " + evens(32) + "; n=1",
				"get http://example.com/b/x => " + odds(31) + "; n=1"}),
			150},
		// 19 sites of 180: the 3301st cookie purges the 301 least recently
		// used, all of d0.test and 121 of d1.test, then 119 more come.
		{"3300 in all, purged to 3000", globalSteps(), 3119},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			j := runJar(t, tc.steps)
			if j.total != tc.total {
				t.Errorf("the jar holds %d cookies; want %d", j.total, tc.total)
			}
		})
	}
}

// TestJarSecureEviction: the per-domain cases of Chromium's
// CookieMonsterTest.SecureCookieEvictionTests (net/cookies/
// cookie_monster_unittest.cc), with its expected counts. (Its global cases
// rest on cookies older than kSafeFromGlobalPurgeDays, which a walk never
// has.)
func TestJarSecureEviction(t *testing.T) {
	type batch struct {
		n      int
		secure bool
	}
	cases := []struct {
		batches           []batch
		secure, nonSecure int
	}{
		{[]batch{{180, true}, {1, false}}, 150, 0},
		{[]batch{{180, false}, {20, true}}, 20, 149},
		{[]batch{{200, true}}, 169, 0},
		{[]batch{{1, false}, {199, true}}, 169, 0},
		{[]batch{{75, false}, {75, true}}, 75, 75},
		{[]batch{{50, true}, {50, false}, {81, true}}, 131, 19},
		{[]batch{{50, false}, {50, true}, {81, false}}, 50, 100},
		{[]batch{{50, false}, {50, true}, {90, false}}, 50, 109},
	}
	for _, c := range cases {
		j := newCookieJar(nil, client.BrowserCookies)
		u := mustURL(t, "https://www.example.com/")
		n := 0
		for _, b := range c.batches {
			for range b.n {
				line := fmt.Sprintf("c%d=1", n)
				if b.secure {
					line += "; Secure"
				}
				j.setCookies(context.Background(), u, []string{line})
				n++
			}
		}
		secure, plain := 0, 0
		for _, b := range j.buckets {
			for _, ck := range b.cookies {
				if ck.secure {
					secure++
				} else {
					plain++
				}
			}
		}
		if secure != c.secure || plain != c.nonSecure {
			t.Errorf("%v: %d Secure and %d other cookies kept; want %d and %d", c.batches, secure, plain, c.secure, c.nonSecure)
		}
	}
}

// evenOdd sets c0..c179 from example.com: even ones on /a, odd ones on /b.
func evenOdd() []string {
	var steps []string
	for i := 0; i < 180; i++ {
		p := "/a"
		if i%2 == 1 {
			p = "/b"
		}
		steps = append(steps, fmt.Sprintf("set http://example.com/ c%d=1; Path=%s", i, p))
	}
	return steps
}

func evens(from int) string { return stepRun(from, 178) }
func odds(from int) string  { return stepRun(from, 179) }

func stepRun(from, to int) string {
	var parts []string
	for i := from; i <= to; i += 2 {
		parts = append(parts, fmt.Sprintf("c%d=1", i))
	}
	return strings.Join(parts, "; ")
}

func globalSteps() []string {
	var steps []string
	for d := 0; d < 19; d++ {
		steps = append(steps, setMany("c", 0, 179, fmt.Sprintf("http://d%d.test/", d), "")...)
	}
	return append(steps,
		"get http://d0.test/ =>",
		"get http://d1.test/ => "+cookieRun("c", 121, 179),
		"get http://d2.test/ => "+cookieRun("c", 0, 179),
		"get http://d18.test/ => "+cookieRun("c", 0, 179))
}

// TestParseCookieDate: the cookie-date algorithm of RFC 6265bis §5.1.1.
func TestParseCookieDate(t *testing.T) {
	cases := []struct {
		in, want string // want "": not a date
	}{
		{"Wed, 21 Oct 2015 07:28:00 GMT", "2015-10-21T07:28:00Z"},
		{"Wednesday, 21-Oct-15 07:28:00 GMT", "2015-10-21T07:28:00Z"},
		{"Wed Oct 21 07:28:00 2015", "2015-10-21T07:28:00Z"},
		{"21 october 2015 7:8:9", "2015-10-21T07:08:09Z"},
		{"Thu, 01-Jan-1970 00:00:01 GMT", "1970-01-01T00:00:01Z"},
		{"Wed, 21 Oct 69 07:28:00 GMT", "2069-10-21T07:28:00Z"},
		{"Wed, 21 Oct 70 07:28:00 GMT", "1970-10-21T07:28:00Z"},
		{"Wed, 31 Apr 2015 07:28:00 GMT", ""},
		{"Wed, 21 Oct 1600 07:28:00 GMT", ""},
		{"Wed, 21 Oct 2015 24:00:00 GMT", ""},
		{"Wed, 21 Oct 2015", ""},
		{"Wed, 32 Oct 2015 07:28:00 GMT", ""},
		{"tomorrow", ""},
	}
	for _, c := range cases {
		got, ok := parseCookieDate(c.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != c.want {
			t.Errorf("parseCookieDate(%q) = %q; want %q", c.in, s, c.want)
		}
	}
}

// TestAddCookieHeader: the jar's cookies join the user's in one line.
func TestAddCookieHeader(t *testing.T) {
	cases := []struct {
		user []string
		jar  string
		want []string
	}{
		{nil, "a=1; b=2", []string{"a=1; b=2"}},
		{[]string{"u=1"}, "a=1", []string{"u=1; a=1"}},
		{[]string{"u=1", "w=2;"}, "a=1", []string{"u=1; w=2; a=1"}},
		{[]string{"u=1", "w=2"}, "", []string{"u=1", "w=2"}},
		{nil, "", nil},
	}
	for _, c := range cases {
		h := http.Header{}
		for _, v := range c.user {
			h.Add("Cookie", v)
		}
		addCookieHeader(h, c.jar)
		if got := h.Values("Cookie"); strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("user %q, jar %q: Cookie %q; want %q", c.user, c.jar, got, c.want)
		}
	}
}

// countdownCtx is a context whose Err reports cancellation from its nth
// call on.
type countdownCtx struct {
	context.Context
	calls, n int
}

func (c *countdownCtx) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

// TestJarStopsAtContext: the Set-Cookie lines of one response are read
// with a look at the context every 256 lines.
func TestJarStopsAtContext(t *testing.T) {
	j := newCookieJar(nil, client.BrowserCookies)
	ctx := &countdownCtx{Context: context.Background(), n: 3}
	var lines []string
	for i := range 1000 {
		lines = append(lines, fmt.Sprintf("c%d=1", i))
	}
	err := j.setCookies(ctx, mustURL(t, "http://example.com/"), lines)
	if err != context.Canceled {
		t.Fatalf("setCookies = %v; want context.Canceled", err)
	}
	// Looks at lines 0, 256 and 512: the third ends it, 512 lines in.
	if ctx.calls != 3 {
		t.Errorf("the context was looked at %d times; want 3", ctx.calls)
	}
	if got := j.header(mustURL(t, "http://example.com/")); !strings.HasSuffix(got, "; c511=1") {
		t.Errorf("the last cookie read is not c511: %q", got[max(0, len(got)-40):])
	}
}

// TestWalkThousandsOfCookies: hops that set 5,000 cookies each. The servers
// get one Cookie line a request, with what a browser would keep: the last
// cookies set, at most 180 a site. The last visit to each host gets every
// cookie the jar holds for it (all are host-only on /), so the jar holds
// 173 + 164 cookies at the end, not 15,000.
func TestWalkThousandsOfCookies(t *testing.T) {
	var (
		mu  sync.Mutex
		got = map[string][]string{}
		s   *site
	)
	next := map[string]string{
		"/h/1": "two.test /h/2", "/h/2": "one.test /h/3", "/h/3": "two.test /h/4", "/h/4": "one.test /h/5",
	}
	s = newSite(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.URL.Path] = r.Header.Values("Cookie")
		mu.Unlock()
		if r.URL.Path != "/h/4" && r.URL.Path != "/h/5" {
			n := strings.TrimPrefix(r.URL.Path, "/h/")
			vals := make([]string, 5000)
			for i := range vals {
				vals[i] = fmt.Sprintf("h%sc%d=v%d; Path=/", n, i, i)
			}
			w.Header()["Set-Cookie"] = vals
		}
		if to, ok := next[r.URL.Path]; ok {
			host, path, _ := strings.Cut(to, " ")
			w.Header().Set("Location", s.http(host, path))
			w.WriteHeader(302)
			return
		}
		w.WriteHeader(200)
	})
	c := walkURL(t, get(s.http("one.test", "/h/1")), s.walker)
	if len(c.Hops) != 5 || c.Stop != inspect.StopFinal {
		t.Fatalf("%d hops, stop %s; want 5, final", len(c.Hops), c.Stop)
	}
	run := func(hop, from, to int) string {
		var parts []string
		for i := from; i <= to; i++ {
			parts = append(parts, fmt.Sprintf("h%dc%d=v%d", hop, i, i))
		}
		return strings.Join(parts, "; ")
	}
	want := map[string][]string{
		"/h/1": nil,
		"/h/2": nil, // two.test has none yet
		// 5,000: 181, a purge to 150, 155 more purges of 31, 14 more.
		"/h/3": {run(1, 4836, 4999)},
		"/h/4": {run(2, 4836, 4999)}, // the same on two.test
		// 164 + 17 = 181, a purge to 150, 160 more purges of 31, 23 more.
		"/h/5": {run(3, 4827, 4999)},
	}
	for path, w := range want {
		g := got[path]
		if len(g) != len(w) || strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s got %d Cookie lines (%d bytes); want %d (%d bytes)\n got %.80q…\nwant %.80q…",
				path, len(g), len(strings.Join(g, "")), len(w), len(strings.Join(w, "")), strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
	}
}

// TestJarRulesOfOlderClients: the jars of wget and of Python's
// http.cookiejar (requests, HTTPie) keep none of RFC 6265bis's additions;
// wget keeps a cookie to its port and refuses a Path that is not a prefix
// of the path that set it. Each want is what the real client sent in
// difftest's cookies scenarios (wget 1.21.3, requests 2.28.1, HTTPie
// 3.2.1); browsers' by RFC 6265bis.
func TestJarRulesOfOlderClients(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, set, get       string
		browser, plain, wget string
	}{
		{"Secure over http on loopback", "sec=1; Secure; Path=/", "http://127.0.0.1:8080/next", "sec=1", "", ""},
		{"Secure, then https", "sec=1; Secure; Path=/", "https://127.0.0.1:8080/next", "sec=1", "sec=1", "sec=1"},
		{"SameSite=None without Secure", "sn=1; SameSite=None; Path=/", "http://127.0.0.1:8080/next", "", "sn=1", "sn=1"},
		{"__Secure- without Secure", "__Secure-x=1; Path=/", "http://127.0.0.1:8080/next", "", "__Secure-x=1", "__Secure-x=1"},
		{"another port", "op=1; Path=/", "http://127.0.0.1:9090/next", "op=1", "op=1", ""},
		// wget binds only a host-only cookie set on a port other than 80
		// and 443 (real wget 1.21.3 sent both of these on).
		{"from port 80 to another", "op=1; Path=/ @http://127.0.0.1/start/a", "http://127.0.0.1:9090/next", "op=1", "op=1", "op=1"},
		{"a Domain cookie to another port", "op=1; Path=/; Domain=localhost @http://localhost:8080/start/a", "http://localhost:9090/next", "op=1", "op=1", "op=1"},
		{"a Path that is not a prefix", "p=1; Path=/next", "http://127.0.0.1:8080/next", "p=1", "p=1", ""},
		{"a Path that is a prefix", "p=1; Path=/start", "http://127.0.0.1:8080/start/b", "p=1", "p=1", "p=1"},
	} {
		for _, r := range []struct {
			rules client.CookieRules
			want  string
		}{{client.BrowserCookies, tc.browser}, {client.PlainCookies, tc.plain}, {client.WgetCookies, tc.wget}} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, r.rules), func(t *testing.T) {
				set, from, ok := strings.Cut(tc.set, " @")
				if !ok {
					from = "http://127.0.0.1:8080/start/a"
				}
				runJarRules(t, r.rules, []string{
					"set " + from + " " + set,
					"get " + tc.get + " => " + r.want,
				})
			})
		}
	}
}
