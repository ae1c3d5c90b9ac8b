package page

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParseLinks(t *testing.T) {
	cases := []struct {
		in   string
		want string // each link as target|rel rel, joined by " ; "
	}{
		{`<https://example.com/p>; rel="canonical"`, `https://example.com/p|canonical`},
		{`<https://example.com/p>; rel=canonical`, `https://example.com/p|canonical`},
		{`<https://example.com/p>;REL="Canonical"`, `https://example.com/p|canonical`},
		// several links in one field; params in any order; a quoted title
		// holding a comma and a semicolon.
		{`<https://cdn.example/s.css>; rel=preload; as=style, <https://example.com/b>; title="a, b; c"; rel="alternate canonical"`,
			`https://cdn.example/s.css|preload ; https://example.com/b|alternate canonical`},
		{`<https://example.com/b>; type="text/html"; rel="canonical"; hreflang=en`, `https://example.com/b|canonical`},
		// the target may hold commas and semicolons.
		{`</a,b;c>; rel=canonical, </d>; rel=next`, `/a,b;c|canonical ; /d|next`},
		// only the first rel parameter counts (RFC 8288 §3.3).
		{`</x>; rel=next; rel=canonical`, `/x|next`},
		// escapes in a quoted string.
		{`</x>; title="say \"hi\""; rel="canonical"`, `/x|canonical`},
		// a malformed entry is dropped, the ones after it stay.
		{`garbage, </ok>; rel=canonical`, `/ok|canonical`},
		{`</bad>; rel=canonical junk, </ok>; rel=canonical`, `/ok|canonical`},
		{`</bad>; title="unclosed, </lost>; rel=canonical`, ``},
		{`</open; rel=canonical`, ``},
		{`</x>;; rel=canonical;`, `/x|canonical`},
		{`</x>; =canonical, </y>; rel=canonical`, `/y|canonical`},
		{`</x>`, `/x|`},
		{``, ``},
		{` , ,`, ``},
	}
	for _, tc := range cases {
		var got []string
		for _, l := range ParseLinks(tc.in) {
			got = append(got, l.Target+"|"+strings.Join(l.Rel, " "))
		}
		if g := strings.Join(got, " ; "); g != tc.want {
			t.Errorf("ParseLinks(%q) = %q; want %q", tc.in, g, tc.want)
		}
	}
}

// FuzzParseLinks: any field value parses without panicking into links
// whose targets hold no ">" and whose relation types are lower-case words;
// writing the links back out and parsing that gives the same links.
func FuzzParseLinks(f *testing.F) {
	for _, s := range []string{
		`<https://example.com/p>; rel="canonical"`,
		`<a>; rel=preload; as=style, <b>; title="a, b; c"; rel="alternate canonical"`,
		`</a,b;c>; rel=canonical`, `</x>; title="say \"hi\""; rel=x`, `garbage, <ok>; rel=a`,
		`<x>; title="unclosed`, `<x`, `;;,,<>;rel=`, `<x>; rel="\`, "<\xff>; rel=\"\xc3\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		links := ParseLinks(in)
		var out []string
		for _, l := range links {
			if strings.Contains(l.Target, ">") {
				t.Fatalf("target %q holds '>'", l.Target)
			}
			for _, r := range l.Rel {
				if r == "" || r != strings.ToLower(r) || len(strings.Fields(r)) != 1 {
					t.Fatalf("relation type %q is not one lower-case word", r)
				}
			}
			rel := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(strings.Join(l.Rel, " "))
			out = append(out, fmt.Sprintf(`<%s>; rel="%s"`, l.Target, rel))
		}
		again := ParseLinks(strings.Join(out, ", "))
		if len(again) != len(links) {
			t.Fatalf("%q: %d links, written out and parsed again %d", in, len(links), len(again))
		}
		for i := range links {
			if again[i].Target != links[i].Target || !slices.Equal(again[i].Rel, links[i].Rel) {
				t.Fatalf("%q: link %d %+v came back as %+v", in, i, links[i], again[i])
			}
		}
	})
}
