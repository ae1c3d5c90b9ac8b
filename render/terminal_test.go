package render

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/hops-cli/hops/inspect"
)

// block returns the lines of hop n's block in a plain terminal view.
func block(t *testing.T, out string, n int) string {
	t.Helper()
	start := strings.Index(out, "\n "+strconv.Itoa(n)+"  ")
	if n == 1 && strings.HasPrefix(out, " 1  ") {
		start = 0
	}
	if start < 0 {
		t.Fatalf("no block for hop %d in\n%s", n, out)
	}
	rest := out[start+1:]
	if end := strings.Index(rest, "\n\n"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

func TestRecurringInfoPrintedOnce(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := Terminal(&b, recurringChain(), Options{Width: 200}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, "permanent-cached"); n != 1 {
		t.Errorf("permanent-cached is printed %d times; want once:\n%s", n, out)
	}
	for _, want := range []string{
		"\n    i permanent-cached (hops 1-3)  permanent 301 has no explicit freshness, so browsers may cache it indefinitely (Chromium does); send Cache-Control: max-age=N to bound it\n",
		"\n    i relative-location (hops 1-3)  Location is a relative reference. Valid since RFC 7231, and resolved against the request URL; absolute URLs are easier to audit.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks the line %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "relative-location"); n != 1 {
		t.Errorf("relative-location is printed %d times; want once", n)
	}
	// The recurring notes come after the hops, with the chain's own.
	chain := out[strings.Index(out, "\nchain\n"):]
	if !strings.Contains(chain, "permanent-cached (hops 1-3)") || !strings.Contains(chain, "! long-chain") {
		t.Errorf("the chain section lacks the grouped note or long-chain:\n%s", chain)
	}
	// A warning stays on its hop.
	if b2 := block(t, out, 2); !strings.Contains(b2, "\n    ! query-dropped  the request's query ?ref=mail is not in the Location \"/c\"") {
		t.Errorf("hop 2 lost its warning:\n%s", b2)
	}
	for n := 1; n <= 4; n++ {
		if strings.Contains(block(t, out, n), "    i ") {
			t.Errorf("hop %d still has an info finding:\n%s", n, block(t, out, n))
		}
	}
}

// -v, --json and --brief say every finding as before.
func TestRecurringInfoOtherViews(t *testing.T) {
	t.Parallel()
	var v bytes.Buffer
	if err := Terminal(&v, recurringChain(), Options{Width: 200, Verbose: true}); err != nil {
		t.Fatal(err)
	}
	out := v.String()
	for n := 1; n <= 3; n++ {
		b := block(t, out, n)
		if !strings.Contains(b, "\n    i permanent-cached  permanent 301 has no explicit freshness") {
			t.Errorf("-v: hop %d lacks its permanent-cached:\n%s", n, b)
		}
	}
	if strings.Contains(out, "(hops 1-3)") {
		t.Errorf("-v groups findings:\n%s", out)
	}

	var j bytes.Buffer
	if err := JSON(&j, recurringChain(), Meta{Version: "x"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			Code string `json:"code"`
			Hop  *int   `json:"hop"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var hops []int
	for _, f := range doc.Findings {
		if f.Code == "permanent-cached" && f.Hop != nil {
			hops = append(hops, *f.Hop)
		}
	}
	if len(hops) != 3 || hops[0] != 1 || hops[1] != 2 || hops[2] != 3 {
		t.Errorf("JSON permanent-cached hops = %v; want [1 2 3]", hops)
	}

	var br bytes.Buffer
	if err := Brief(&br, recurringChain(), Options{}); err != nil {
		t.Fatal(err)
	}
	want := "1 301 GET https://shop.example/a 49.0 ms\n" +
		"2 301 GET https://shop.example/b?ref=mail 10.0 ms  ! query-dropped\n" +
		"3 301 GET https://shop.example/c 8.5 ms\n" +
		"4 200 GET https://shop.example/d 30.0 ms\n" +
		"! long-chain\n"
	if br.String() != want {
		t.Errorf("--brief:\n%s\nwant:\n%s", br.String(), want)
	}
}

// A code whose messages differ by what the hop blocks do not show lists
// each message with its hops under the catalogue's summary.
func TestRecurringInfoDifferentMessages(t *testing.T) {
	t.Parallel()
	c := recurringChain()
	c.Findings = []inspect.Finding{
		{Code: inspect.CodeCredentialsDropped, Severity: inspect.SeverityInfo, Hop: 2, Message: "Authorization was not sent to https://b.example"},
		{Code: inspect.CodeCredentialsDropped, Severity: inspect.SeverityInfo, Hop: 4, Message: "Cookie was not sent to https://d.example"},
		{Code: inspect.CodeCredentialsDropped, Severity: inspect.SeverityInfo, Hop: 3, Message: "Authorization was not sent to https://b.example"},
		{Code: inspect.CodeCrossHost, Severity: inspect.SeverityInfo, Hop: 1, Message: "moves from host a.example to b.example"},
		{Code: inspect.CodeCrossHost, Severity: inspect.SeverityInfo, Hop: 3, Message: "moves from host b.example to d.example"},
		{Code: inspect.CodeMetaRefresh, Severity: inspect.SeverityInfo, Hop: 4, Message: "only once"},
	}
	var b bytes.Buffer
	if err := Terminal(&b, c, Options{Width: 200}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	want := "chain\n" +
		"    i credentials-dropped (hops 2-4)  a user-supplied credential header was withheld from another origin:\n" +
		"      hops 2, 3: Authorization was not sent to https://b.example\n" +
		"      hop 4: Cookie was not sent to https://d.example\n" +
		"    i cross-host (hops 1, 3)  a hop moves to another host. Cookies, HSTS and credentials are per host; check that the move is intended.\n" +
		"\n"
	if !strings.Contains(out, want) {
		t.Errorf("view lacks\n%s\nin\n%s", want, out)
	}
	// A code on one hop only stays there.
	if !strings.Contains(block(t, out, 4), "\n    i meta-refresh  only once") {
		t.Errorf("meta-refresh left hop 4:\n%s", out)
	}
}

func TestHopList(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   []int
		want string
	}{
		{[]int{3}, "hop 3"},
		{[]int{1, 2}, "hops 1, 2"},
		{[]int{1, 2, 3}, "hops 1-3"},
		{[]int{1, 3, 5}, "hops 1, 3, 5"},
		{[]int{1, 2, 3, 4, 6, 7, 9}, "hops 1-4, 6, 7, 9"},
		{[]int{2, 5, 6, 7, 8, 19, 20}, "hops 2, 5-8, 19, 20"},
	}
	for _, tc := range cases {
		if got := hopList(tc.in); got != tc.want {
			t.Errorf("hopList(%v) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// timeLine renders one hop with the given facts and returns the text of
// its time line after the bar, its continuation lines joined with a space.
func timeLine(t *testing.T, h inspect.Hop) string {
	t.Helper()
	h.N, h.URL, h.Method = 1, "http://t.example/", "GET"
	if h.Err == nil {
		h.Status, h.Reason, h.Header = 200, "OK", http.Header{}
	}
	c := &inspect.Chain{Request: inspect.Request{URL: h.URL, Method: "GET"}, Stop: inspect.StopFinal, Hops: []inspect.Hop{h}}
	var b bytes.Buffer
	if err := Terminal(&b, c, Options{Width: 200}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if rest, ok := strings.CutPrefix(l, "    time      "); ok {
			return strings.TrimSpace(strings.TrimLeft(rest, "█▏ "))
		}
	}
	t.Fatalf("no time line in\n%s", b.String())
	return ""
}

func TestTimingLine(t *testing.T) {
	t.Parallel()
	us := func(n int) *time.Duration { d := time.Duration(n) * time.Microsecond; return &d }
	cases := []struct {
		name string
		hop  inspect.Hop
		want string
	}{
		{"every phase, a tie in rounding goes to the earlier",
			inspect.Hop{Timing: inspect.Timing{DNS: us(12500), Connect: us(20250), TTFB: us(61000), Total: 61500 * time.Microsecond}},
			"61.5 ms = dns 12.5 + connect 20.3 + wait 28.2 + body 0.5"},
		{"rounded phases add up where rounding each alone would not",
			inspect.Hop{Timing: inspect.Timing{DNS: us(1040), Connect: us(1040), TLS: us(1040), TTFB: us(4160), Total: 4160 * time.Microsecond}},
			"4.2 ms = dns 1.1 + connect 1.1 + tls 1.0 + wait 1.0 + body 0.0"},
		{"below a millisecond: hundredths",
			inspect.Hop{Reused: true, Timing: inspect.Timing{TTFB: us(90), Total: 130 * time.Microsecond}},
			"0.13 ms = wait 0.09 + body 0.04 (same connection)"},
		{"from 100 ms: whole milliseconds, seconds too",
			inspect.Hop{Timing: inspect.Timing{DNS: us(300), Connect: us(2400), TTFB: us(1_500_000), Total: 2_250_400 * time.Microsecond}},
			"2250 ms = dns 0 + connect 3 + wait 1497 + body 750"},
		{"a failed hop: the time after its last phase has no response",
			inspect.Hop{Err: &inspect.HopError{Kind: "timeout", Msg: "slow"}, Timing: inspect.Timing{DNS: us(2000), Total: 5 * time.Second}},
			"5000 ms = dns 2 + no response 4998"},
		{"a refused connection",
			inspect.Hop{Err: &inspect.HopError{Kind: "connect", Msg: "refused"}, Timing: inspect.Timing{Total: 300 * time.Microsecond}},
			"0.30 ms = no response 0.30"},
		{"headers came, then the hop failed",
			inspect.Hop{Err: &inspect.HopError{Kind: "timeout", Msg: "slow"}, Timing: inspect.Timing{Connect: us(1000), TTFB: us(3000), Total: 9 * time.Millisecond}},
			"9.0 ms = connect 1.0 + wait 2.0 + no response 6.0"},
		{"a dial that reported after the first byte is cut to it",
			inspect.Hop{Reused: true, Timing: inspect.Timing{DNS: us(2000), Connect: us(9000), TTFB: us(5000), Total: 6 * time.Millisecond}},
			"6.0 ms = dns 2.0 + connect 3.0 + wait 0.0 + body 1.0 (same connection)"},
		{"no time measured",
			inspect.Hop{Err: &inspect.HopError{Kind: "request", Msg: "bad"}},
			"0.00 ms"},
	}
	for _, tc := range cases {
		if got := timeLine(t, tc.hop); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// In every golden chain, at any width, the phases on a time line add up to
// the total it shows, and each number is named.
func TestTimingLinesAddUp(t *testing.T) {
	t.Parallel()
	num := `([0-9]+(?:\.[0-9]+)?)`
	line := regexp.MustCompile(`^` + num + ` ms = ((?:[a-z ]+ [0-9.]+)(?: \+ [a-z ]+ [0-9.]+)*)(?: \(same connection\))?$`)
	part := regexp.MustCompile(`^([a-z ]+) ` + num + `$`)
	units := func(s string) int {
		n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	checked := 0
	for _, mk := range []func() *inspect.Chain{migrationChain, failedChain, hostileChain, recurringChain} {
		for _, width := range []int{40, 80, 200} {
			var b bytes.Buffer
			if err := Terminal(&b, mk(), Options{Width: width}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(b.String(), "\n")
			for i := 0; i < len(lines); i++ {
				rest, ok := strings.CutPrefix(lines[i], "    time      ")
				if !ok {
					continue
				}
				text := strings.TrimSpace(strings.TrimLeft(rest, "█▏ "))
				for i+1 < len(lines) && strings.HasPrefix(lines[i+1], strings.Repeat(" ", 31)) {
					i++
					text += " " + strings.TrimSpace(lines[i])
				}
				m := line.FindStringSubmatch(text)
				if m == nil {
					t.Errorf("width %d: time line %q is not total = named phases", width, text)
					continue
				}
				sum := 0
				for _, p := range strings.Split(m[2], " + ") {
					pm := part.FindStringSubmatch(p)
					if pm == nil || decimals(pm[2]) != decimals(m[1]) {
						t.Errorf("width %d: phase %q of %q is not at the total's precision", width, p, text)
						continue
					}
					sum += units(pm[2])
				}
				if sum != units(m[1]) {
					t.Errorf("width %d: the phases of %q add up to %d units, not %s", width, text, sum, m[1])
				}
				checked++
			}
		}
	}
	// 10 hops in the four chains, at three widths.
	if checked != 30 {
		t.Errorf("checked %d time lines; want 30", checked)
	}
}

// decimals counts the digits after the point of a number as printed.
func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// TestSummaryWrapsWithinWidth: the summary line, with a long indexing
// verdict, wraps under itself and no line is wider than the terminal.
func TestSummaryWrapsWithinWidth(t *testing.T) {
	c := migrationChain()
	c.Indexing = &inspect.Indexing{Status: 200, Noindex: "X-Robots-Tag: googlebot: noindex, nofollow, noarchive", Canonical: "https://shop.example/a/rather/long/path/to/the/canonical/page/of/this/product", CanonicalFrom: "<link rel=canonical>", Elsewhere: true}
	var b strings.Builder
	if err := Terminal(&b, c, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	i := len(lines) - 1
	for i > 0 && strings.HasPrefix(lines[i], "  ") {
		i--
	}
	if !strings.HasPrefix(lines[i], "! 2 hops, 1 redirect") {
		t.Fatalf("summary starts at %q", lines[i])
	}
	if len(lines)-i < 3 {
		t.Errorf("summary not wrapped: %q", lines[i:])
	}
	for _, l := range lines[i:] {
		if w := runewidth.StringWidth(l); w > 80 {
			t.Errorf("line of %d columns: %q", w, l)
		}
	}
}

// TestNextLineBody: the "next" line says what became of the body when the
// method is kept: resent (a 307/308), or dropped (curl -X PUT -d through
// a 302 sends the PUT empty).
func TestNextLineBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		dropped bool
		want    string
	}{
		{"kept", false, "    next      PUT (body of 9 bytes resent)\n"},
		{"dropped", true, "    next      PUT (body dropped)\n"},
	} {
		c := migrationChain()
		h := &c.Hops[0]
		h.Method, h.Status, h.Reason, h.NextMethod, h.BodyDropped = "PUT", 302, "Found", "PUT", tc.dropped
		c.Hops[1].Method = "PUT"
		var b bytes.Buffer
		if err := Terminal(&b, c, Options{Width: 120}); err != nil {
			t.Fatal(err)
		}
		if out := block(t, b.String(), 1); !strings.Contains(out, "\n"+tc.want) {
			t.Errorf("%s: hop 1 lacks %q:\n%s", tc.name, tc.want, out)
		}
	}
}
