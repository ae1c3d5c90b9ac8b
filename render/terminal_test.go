package render

import (
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/inspect"
)

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
	for _, mk := range []func() *inspect.Chain{migrationChain, failedChain, hostileChain} {
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
	// 6 hops in the three chains, at three widths.
	if checked != 18 {
		t.Errorf("checked %d time lines; want 18", checked)
	}
}

// decimals counts the digits after the point of a number as printed.
func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
