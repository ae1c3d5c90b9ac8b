package page

import (
	"strings"
	"testing"
)

func TestParseRobots(t *testing.T) {
	cases := []struct {
		in       string
		prefixes bool
		want     string // agent/name=value per directive, joined by " "
	}{
		{"noindex, nofollow", true, "/noindex= /nofollow="},
		{"NoIndex ,NOFOLLOW", false, "/noindex= /nofollow="},
		{"googlebot: noindex", true, "googlebot/noindex="},
		{"GoogleBot:noindex, nofollow", true, "googlebot/noindex= googlebot/nofollow="},
		// a directive name before a colon is a directive with a value.
		{"unavailable_after: 25 Jun 2010 15:00:00 PST", true, "/unavailable_after=25 Jun 2010 15:00:00 PST"},
		{"googlebot: unavailable_after: 25 Jun 2010", true, "googlebot/unavailable_after=25 Jun 2010"},
		{"max-snippet: 20, max-image-preview: none", true, "/max-snippet=20 /max-image-preview=none"},
		// unprefixed directives before a prefix are for every crawler; a
		// later prefix takes over from there.
		{"noarchive, bingbot: noindex", true, "/noarchive= bingbot/noindex="},
		{"googlebot: nofollow, otherbot: noindex, none", true, "googlebot/nofollow= otherbot/noindex= otherbot/none="},
		// without prefixes (a meta content) "googlebot:" is just an unknown
		// directive.
		{"googlebot: noindex", false, "/googlebot=noindex"},
		{"googlebot:", true, ""},
		// "a b" before a colon is no token, so no prefix.
		{"25-Jun-10 15:00:00 PST", true, "/25-jun-10 15=00:00 PST"},
		{"", true, ""},
		{" , ,", false, ""},
	}
	for _, tc := range cases {
		var got []string
		for _, d := range ParseRobots(tc.in, tc.prefixes) {
			got = append(got, d.Agent+"/"+d.Name+"="+d.Value)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("ParseRobots(%q, %v) = %q; want %q", tc.in, tc.prefixes, g, tc.want)
		}
	}
}

func TestForbids(t *testing.T) {
	cases := []struct {
		in       string
		prefixes bool
		crawler  string
		want     bool
	}{
		{"noindex", true, "", true},
		{"NONE", true, "", true},
		{"nofollow, NOINDEX", false, "", true},
		{"noindex", true, "googlebot", true},
		{"googlebot: noindex", true, "", false},
		{"googlebot: noindex", true, "googlebot", true},
		{"googlebot: none", true, "googlebot", true},
		{"bingbot: noindex", true, "googlebot", false},
		{"googlebot-news: noindex", true, "googlebot", false},
		{"bingbot: noindex", true, "", false},
		{"noarchive, bingbot: noindex", true, "", false},
		{"unavailable_after: 25 Jun 2010 15:00:00 PST", true, "googlebot", false},
		{"nofollow, noarchive, nosnippet, max-snippet: 0, all, index, max-image-preview: none", true, "googlebot", false},
		{"nofollow noindex", false, "", false}, // a comma list: one unknown directive
		{"noindexed", false, "", false},
	}
	for _, tc := range cases {
		if got := forbidding(tc.in, tc.prefixes, tc.crawler); got != tc.want {
			t.Errorf("%q (prefixes %v) for crawler %q forbids indexing: %v; want %v", tc.in, tc.prefixes, tc.crawler, got, tc.want)
		}
	}
}

// FuzzParseRobots: an X-Robots-Tag line or a meta content of any bytes
// parses into lower-case, trimmed directives; an agent is a prefix token
// that is no directive name, and only a line has one; and nothing forbids
// indexing unless "noindex" or "none" is written in it.
func FuzzParseRobots(f *testing.F) {
	for _, s := range []string{
		"noindex, nofollow", "googlebot: noindex", "GoogleBot:none", "unavailable_after: 25 Jun 2010 15:00:00 PST",
		"noarchive, bingbot: noindex", "googlebot: otherbot: noindex", "max-image-preview: none", ":,:,", "a b: noindex",
		"\xff: noindex", "NOINDEX",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, prefixes bool) {
		for _, d := range ParseRobots(in, prefixes) {
			if d.Name != strings.ToLower(d.Name) || d.Name != strings.TrimSpace(d.Name) || d.Value != strings.TrimSpace(d.Value) {
				t.Fatalf("%q: directive %+v is not lower case and trimmed", in, d)
			}
			if d.Agent != "" && (!prefixes || robotsDirectives[d.Agent] || d.Agent != strings.ToLower(d.Agent) || strings.ContainsAny(d.Agent, " ,:")) {
				t.Fatalf("%q (prefixes %v): agent %q", in, prefixes, d.Agent)
			}
		}
		lower := strings.ToLower(in)
		for _, crawler := range []string{"", "googlebot"} {
			if forbidding(in, prefixes, crawler) && !strings.Contains(lower, "noindex") && !strings.Contains(lower, "none") {
				t.Fatalf("%q forbids indexing for %q without saying noindex or none", in, crawler)
			}
		}
	})
}
