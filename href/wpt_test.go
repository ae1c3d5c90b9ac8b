package href

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The web platform's own URL tests (testdata/wpt-url, see SOURCES.md there)
// run through ResolveLocation, the function every hop resolves its Location
// with, and through ParseURL where the input is an http(s) URL a user could
// type. Expected values come from the WPT files only.

// wptAllowed lists the cases that may disagree, each with the reason; the
// key is "file|input". An entry that agrees again fails the test, so the
// list cannot go stale.
var wptAllowed = map[string]string{
	// Characters new in Unicode 17.0 (CJK Extension J). x/net/idna uses its
	// Unicode 15.0 tables under Go 1.26 and refuses them as unassigned; its
	// 17.0 tables, which have them, are built from Go 1.27 on.
	"IdnaTestV2.json|\U0003293120.\u97f3.\ua8661.": "U+32931 is new in Unicode 17.0; Go 1.26 builds x/net/idna with 15.0 tables",
	"IdnaTestV2.json|\U00032b9a9\ua369\u17d3.ss":   "U+32B9A is new in Unicode 17.0; Go 1.26 builds x/net/idna with 15.0 tables",
	"IdnaTestV2.json|\U00032b9a9\ua369\u17d3.SS":   "U+32B9A is new in Unicode 17.0; Go 1.26 builds x/net/idna with 15.0 tables",
}

type wptURLCase struct {
	Input   string  `json:"input"`
	Base    *string `json:"base"`
	Href    string  `json:"href"`
	Failure bool    `json:"failure"`
}

type wptHostCase struct {
	Input   string  `json:"input"`
	Output  *string `json:"output"`
	Comment string  `json:"comment"`
}

// loadWPT decodes a WPT data file, skipping the comment strings in it.
func loadWPT[T any](t *testing.T, name string) []T {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "wpt-url", name))
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var out []T
	for _, r := range raw {
		if len(r) > 0 && r[0] == '"' {
			continue
		}
		var c T
		if err := json.Unmarshal(r, &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, c)
	}
	return out
}

// wptTally counts agreements and checks disagreements against wptAllowed.
type wptTally struct {
	t           *testing.T
	file, how   string
	agree, seen int
}

// check compares one result; input is the WPT file's input, in is what was
// resolved or parsed.
func (w *wptTally) check(base, input, in, got, want string) {
	w.t.Helper()
	w.seen++
	key := w.file + "|" + input
	reason, allowed := wptAllowed[key]
	if got == want {
		w.agree++
		if allowed {
			w.t.Errorf("%s: %q against %q now agrees (%s); drop it from wptAllowed (%s)", w.how, in, base, want, reason)
		}
		return
	}
	if !allowed {
		w.t.Errorf("%s: %q against %q gives %s; WPT expects %s", w.how, in, base, got, want)
	}
}

func (w *wptTally) log() {
	w.t.Helper()
	w.t.Logf("%s %s: %d / %d agree", w.file, w.how, w.agree, w.seen)
}

// outcome renders a result for comparison: the href, or "failure".
func outcome(href string, err error) string {
	if err != nil {
		return "failure"
	}
	return href
}

// wptScheme returns the lower-cased scheme of a URL string as the WHATWG
// parser reads it (after stripping leading C0 controls and spaces and
// removing tabs and newlines), or "" when it has none.
func wptScheme(s string) string {
	s = strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(s[:i])
		default:
			return ""
		}
	}
	return ""
}

// isBlank is ResolveLocation's test for a missing Location.
func isBlank(s string) bool { return strings.Trim(s, " \t\n\r\f\v") == "" }

func TestWPTURLTestData(t *testing.T) {
	cases := loadWPT[wptURLCase](t, "urltestdata.json")
	resolve := &wptTally{t: t, file: "urltestdata.json", how: "ResolveLocation"}
	parse := &wptTally{t: t, file: "urltestdata.json", how: "ParseURL"}
	skipped, blank := 0, 0
	for _, c := range cases {
		scheme := wptScheme(c.Input)
		base := ""
		if c.Base != nil {
			base = *c.Base
		}
		baseScheme := wptScheme(base)
		baseHTTP := baseScheme == "http" || baseScheme == "https"
		// The base matters only to an input without a scheme, or with the
		// base's scheme when that is special. A hop's base is always
		// http(s): cases with another base are used only when that base
		// cannot matter, and then resolved against an http(s) one whose
		// scheme differs from the input's.
		baseMatters := scheme == "" || scheme == baseScheme
		switch {
		case isBlank(c.Input) && baseHTTP:
			// A blank Location is a missing one, as in browsers.
			if _, err := ResolveLocation(base, c.Input); !errors.Is(err, ErrEmptyLocation) {
				t.Errorf("ResolveLocation(%q, %q): %v; want ErrEmptyLocation", base, c.Input, err)
			}
			blank++
			continue
		case isBlank(c.Input):
			skipped++
			continue
		case baseHTTP:
		case !baseMatters:
			base = "http://wpt.invalid/"
			if scheme == "http" {
				base = "https://wpt.invalid/"
			}
		default:
			skipped++
			continue
		}
		want := "failure"
		if !c.Failure {
			want = c.Href
			// Fetch's "location URL": a Location without a fragment
			// takes the request URL's (an empty one included).
			if i := strings.IndexByte(base, '#'); i >= 0 && !strings.Contains(want, "#") {
				want += base[i:]
			}
		}
		loc, err := ResolveLocation(base, c.Input)
		resolve.check(base, c.Input, c.Input, outcome(loc.URL, err), want)

		// ParseURL takes what a user types: an absolute http(s) URL,
		// where the base cannot matter.
		if (scheme == "http" || scheme == "https") && !baseMatters {
			want := "failure"
			if !c.Failure {
				want = c.Href
			}
			got, err := ParseURL(c.Input)
			parse.check("", c.Input, c.Input, outcome(got, err), want)
		}
	}
	resolve.log()
	parse.log()
	t.Logf("urltestdata.json: %d of %d cases have a blank input on an http(s) base (a missing Location); %d cannot occur in a hop (no usable base)", blank, len(cases), skipped)
}

// testHosts runs host-only data the way WPT's toascii.window.js and
// IdnaTestV2.window.js do, new URL("https://" + input + "/x"): here as an
// absolute Location resolved against an https base, and through ParseURL.
func testHosts(t *testing.T, file string) {
	cases := loadWPT[wptHostCase](t, file)
	resolve := &wptTally{t: t, file: file, how: "ResolveLocation"}
	parse := &wptTally{t: t, file: file, how: "ParseURL"}
	const base = "https://wpt.invalid/"
	for _, c := range cases {
		if c.Input == "" {
			continue // as in WPT: an empty host cannot go through new URL()
		}
		in := "https://" + c.Input + "/x"
		want := "failure"
		if c.Output != nil {
			want = "https://" + *c.Output + "/x"
		}
		loc, err := ResolveLocation(base, in)
		resolve.check(base, c.Input, in, outcome(loc.URL, err), want)
		got, err := ParseURL(in)
		parse.check("", c.Input, in, outcome(got, err), want)
	}
	resolve.log()
	parse.log()
}

func TestWPTToASCII(t *testing.T)    { testHosts(t, "toascii.json") }
func TestWPTIdnaTestV2(t *testing.T) { testHosts(t, "IdnaTestV2.json") }

// An ASCII xn-- host that browsers now accept (urltestdata) is one Go's
// client dials as written too: net/http leaves ASCII hosts to DNS without
// IDNA checks, so the Location is not ambiguous.
func TestASCIIPunycodeHostNotAmbiguous(t *testing.T) {
	for _, raw := range []string{"http://a.b.c.xn--pokxncvks/", "https://xn--/", "http://a.b.c.XN--pokxncvks/x?y"} {
		loc, err := ResolveLocation("https://example.com/a", raw)
		if err != nil {
			t.Fatalf("ResolveLocation(%q): %v", raw, err)
		}
		if loc.Ambiguous() {
			t.Errorf("ResolveLocation(%q) = %s is ambiguous; Go resolves it to %q (%v)", raw, loc.URL, loc.GoURL, loc.GoErr)
		}
	}
}
