package robots

import (
	"testing"
)

// rfcExample is RFC 9309 §5.1's example file.
const rfcExample = `User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
`

func TestAllowed(t *testing.T) {
	for _, tc := range []struct {
		name, file, token, path string
		allowed                 bool
		rule                    string // "" when no rule matched
	}{
		// RFC 9309 §5.1: each crawler's own group; quxbot's group is empty.
		{"5.1 star gif", rfcExample, "*", "/images/a.gif", false, "Disallow: *.gif$"},
		{"5.1 star gif query", rfcExample, "*", "/images/a.gif?x", true, ""},
		{"5.1 star example", rfcExample, "*", "/example/x", false, "Disallow: /example/"},
		{"5.1 star publications", rfcExample, "*", "/publications/a", true, "Allow: /publications/"},
		{"5.1 foobot root", rfcExample, "foobot", "/", false, "Disallow: /"},
		{"5.1 foobot page", rfcExample, "foobot", "/example/page.html", true, "Allow: /example/page.html"},
		{"5.1 foobot gif, own group only", rfcExample, "foobot", "/example/allowed.gif", true, "Allow: /example/allowed.gif"},
		{"5.1 foobot not star's gif rule", rfcExample, "FooBot", "/other.gif", false, "Disallow: /"},
		{"5.1 barbot", rfcExample, "barbot", "/example/page.html", false, "Disallow: /example/page.html"},
		{"5.1 bazbot shares the group", rfcExample, "bazbot", "/example/page.html", false, "Disallow: /example/page.html"},
		{"5.1 barbot elsewhere", rfcExample, "barbot", "/example/x", true, ""},
		{"5.1 quxbot empty group", rfcExample, "quxbot", "/example/x", true, ""},
		{"5.1 unknown bot takes star", rfcExample, "googlebot", "/example/x", false, "Disallow: /example/"},
		// RFC 9309 §5.2: the longest match wins.
		{"5.2 longest", "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n", "foobot", "/example/page/disallowed.gif", false, "Disallow: /example/page/disallowed.gif"},
		{"5.2 shorter allow", "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n", "foobot", "/example/page/ok.gif", true, "Allow: /example/page/"},
		// §2.2.2: Allow wins a tie of equal length.
		{"tie allow", "User-agent: *\nDisallow: /page\nAllow: /page\n", "*", "/page", true, "Allow: /page"},
		{"tie allow other order", "User-agent: *\nAllow: /pag*\nDisallow: /page\n", "*", "/page", true, "Allow: /pag*"},
		// Groups of one agent are combined; a crawler never mixes in "*".
		{"groups combined", "User-agent: a\nDisallow: /x\n\nUser-agent: *\nDisallow: /y\n\nuser-agent: A\nDisallow: /z\n", "a", "/z", false, "Disallow: /z"},
		{"not merged with star", "User-agent: a\nDisallow: /x\n\nUser-agent: *\nDisallow: /y\n", "a", "/y", true, ""},
		{"googlebot-news is not googlebot", "User-agent: googlebot-news\nDisallow: /\n", "googlebot", "/a", true, ""},
		// §2.2.3: special characters, and their percent-encoded forms.
		{"end anchor", "User-agent: *\nDisallow: /this/path/exactly$\n", "*", "/this/path/exactly", false, "Disallow: /this/path/exactly$"},
		{"end anchor longer", "User-agent: *\nDisallow: /this/path/exactly$\n", "*", "/this/path/exactly/more", true, ""},
		{"star", "User-agent: *\nDisallow: /this/*/exactly\n", "*", "/this/a/b/exactly/c", false, "Disallow: /this/*/exactly"},
		{"encoded star is literal", "User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", "*", "/path/file-with-a-*.html", false, "Disallow: /path/file-with-a-%2A.html"},
		{"encoded star not a wildcard", "User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", "*", "/path/file-with-a-b.html", true, ""},
		{"encoded dollar", "User-agent: *\nDisallow: /path/foo-%24\n", "*", "/path/foo-$", false, "Disallow: /path/foo-%24"},
		{"comment", "User-agent: * # all\nDisallow: /a # not /b\n", "*", "/a", false, "Disallow: /a"},
		// §2.2.2: percent-encoding compared in one form; UTF-8 encoded.
		{"utf-8 pattern", "User-agent: *\nDisallow: /foo/bar/ツ\n", "*", "/foo/bar/%E3%83%84", false, "Disallow: /foo/bar/ツ"},
		{"lower-case escape", "User-agent: *\nDisallow: /foo/bar/%e3%83%84\n", "*", "/foo/bar/%E3%83%84", false, "Disallow: /foo/bar/%e3%83%84"},
		{"unreserved escape", "User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "*", "/foo/bar/baz", false, "Disallow: /foo/bar/%62%61%7A"},
		{"paths case-sensitive", "User-agent: *\nDisallow: /Admin\n", "*", "/admin", true, ""},
		{"query counts", "User-agent: *\nDisallow: /*?sort=\n", "*", "/list?sort=asc", false, "Disallow: /*?sort="},
		// Empty Disallow, rules before any group, /robots.txt itself.
		{"empty disallow", "User-agent: *\nDisallow:\n", "*", "/a", true, ""},
		{"rule before group", "Disallow: /\nUser-agent: *\nAllow: /x\n", "*", "/a", true, ""},
		{"robots.txt always", "User-agent: *\nDisallow: /\n", "*", "/robots.txt", true, ""},
		{"crlf", "User-agent: *\r\nDisallow: /a\r\n", "*", "/a", false, "Disallow: /a"},
		{"no file", "", "*", "/a", true, ""},
	} {
		ok, rule := Parse([]byte(tc.file)).Allowed(tc.token, tc.path)
		got := ""
		if rule != nil {
			got = rule.String()
		}
		if ok != tc.allowed || got != tc.rule {
			t.Errorf("%s: Allowed(%q, %q) = %v, %q; want %v, %q", tc.name, tc.token, tc.path, ok, got, tc.allowed, tc.rule)
		}
	}
}

func TestAllOrNothing(t *testing.T) {
	if ok, _ := AllowAll().Allowed("googlebot", "/x"); !ok {
		t.Error("AllowAll disallows")
	}
	if ok, _ := DisallowAll().Allowed("googlebot", "/x"); ok {
		t.Error("DisallowAll allows")
	}
}

func TestMaxSize(t *testing.T) {
	body := make([]byte, 0, MaxSize+100)
	body = append(body, "User-agent: *\n"...)
	for len(body) < MaxSize-10 {
		body = append(body, "# filler\n"...)
	}
	body = append(body, "\nDisallow: /after-the-limit\n"...)
	if ok, _ := Parse(body).Allowed("*", "/after-the-limit"); !ok {
		t.Error("a rule past 500 KiB was read")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(rfcExample), "/example/page.html")
	f.Add([]byte("User-agent: *\nDisallow: /*a*b$\n"), "/xaab")
	f.Add([]byte("User-agent: *\nDisallow: %\nAllow: %%2\n"), "/%")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		file := Parse(body)
		for _, tok := range []string{"*", "googlebot"} {
			_, rule := file.Allowed(tok, path)
			if rule != nil && path != "" && !match(rule.norm, normalise(path, false)) {
				t.Fatalf("rule %q decided %q without matching it", rule.String(), path)
			}
		}
	})
}
