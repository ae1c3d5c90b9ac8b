package page

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/inspect"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// found is what one read of a page's HTML found.
type found struct {
	// refresh holds the first meta refresh and the script navigations.
	refresh []inspect.Refresh
	// canonical is the first canonical link of <head>, resolved, and from
	// the element as quoted; noindex quotes the first robots meta that
	// keeps the page out of the index.
	canonical, from, noindex string
	// tokens counts the tokens read, for tests of when reading stops.
	tokens int
}

// maxMetaRefresh bounds the meta refreshes read from one page: a browser
// acts on one (Effective), and a page of thousands would otherwise keep
// a record, and a resolved URL, for each.
const maxMetaRefresh = 64

// read tokenizes body once for what is asked: with refresh, the meta
// refreshes (up to maxMetaRefresh) and the script navigations (Scan); with signals, the canonical
// link and the robots meta for crawler (readHTML). Each of those has its
// own rules, kept side by side on the one stream of tokens.
//
// Cheap looks at the bytes first tell which of them the page can hold at
// all, and the tokenizer stops once none is left to find, or is never
// started. Those looks follow how a value may be spelt: a meta refresh and
// a canonical link need "refre" and "canonical" in some case, or a numeric
// character reference that may stand for a letter of them; a script
// navigation needs "location" inside a <script>, whose text is raw. A robots
// meta is looked for only when the page writes "robots" (or the crawler's
// name) as it is, as readHTML always did.
func read(pageURL string, body []byte, refresh, signals bool, crawler string) (f found) {
	if len(body) == 0 {
		return f
	}
	refs := -1 // whether body has a letter reference, once asked (1 yes, 0 no)
	mayRef := func() bool {
		if refs < 0 {
			refs = 0
			if letterRef(body) {
				refs = 1
			}
		}
		return refs == 1
	}
	wantRefresh := refresh && (containsFold(body, "refre") || mayRef())
	wantScripts := refresh && bytes.Contains(body, []byte("location")) && containsFold(body, "<script")
	wantCanonical := signals && (containsFold(body, "canonical") || mayRef())
	wantRobots := signals && (containsFold(body, "robots") || crawler != "" && containsFold(body, crawler))

	var z *html.Tokenizer
	inScript, metas := false, 0
	lastMeta, pickDelay := -1, 0 // the last meta's place in f.refresh; the delay of the one browsers would act on
	inHead, raw, template := true, false, 0
	for {
		// Every meta refresh is read: a later one can replace an earlier
		// (Effective).
		needRefresh := wantRefresh
		needCanonical := wantCanonical && inHead && f.canonical == ""
		needRobots := wantRobots && f.noindex == ""
		if !needRefresh && !wantScripts && !needCanonical && !needRobots {
			return f
		}
		if z == nil {
			z = html.NewTokenizer(bytes.NewReader(body))
		}
		tt := z.Next()
		f.tokens++
		switch tt {
		case html.ErrorToken:
			return f
		case html.TextToken:
			// Text that is not white space ends the head; a script's text
			// may navigate. (A script's text is raw, so never both.)
			headText := needCanonical && !raw && template == 0
			script := wantScripts && inScript
			if !headText && !script {
				continue
			}
			t := z.Text()
			if headText && len(bytes.Trim(t, asciiSpace)) > 0 {
				inHead = false
			}
			if script {
				f.refresh = append(f.refresh, scriptRedirects(pageURL, string(t))...)
			}
		case html.EndTagToken:
			raw = false
			switch tagAtom(z.Raw()) {
			case atom.Script:
				inScript = false
			case atom.Template:
				template = max(template-1, 0)
			case atom.Body, atom.Html, atom.Br:
				if template == 0 {
					inHead = false
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			a := tagAtom(z.Raw())
			raw = rawText[a]
			switch {
			case a == atom.Script:
				// The text of <script/> is raw too, but Scan never read it.
				inScript = tt == html.StartTagToken
			case a == atom.Meta:
				// A meta refresh counts even in a template, a robots meta
				// does not.
				needRobots = needRobots && template == 0
				if needRefresh || needRobots {
					m := metaAttrs(z, needRefresh, needRobots)
					if needRefresh && m.refresh() {
						if d, t, ok := header.ParseRefresh(m.content); ok {
							wins := metas == 0 || d <= pickDelay
							switch {
							case metas < maxMetaRefresh:
								metas++
								lastMeta = len(f.refresh)
								f.refresh = append(f.refresh, inspect.Refresh{Via: inspect.ViaMetaRefresh, Raw: m.content, Delay: d, URL: refreshTarget(pageURL, t)})
							case wins:
								// Past the bound only the one browsers would
								// act on is kept, in the last meta's place
								// (the first stays, Googlebot's).
								f.refresh[lastMeta] = inspect.Refresh{Via: inspect.ViaMetaRefresh, Raw: m.content, Delay: d, URL: refreshTarget(pageURL, t)}
							}
							if wins {
								pickDelay = d
							}
						}
					}
					if needRobots {
						f.noindex = metaForbids(m.name, m.robotsContent, crawler)
					}
				}
			case a == atom.Template:
				template++
			case template > 0:
			case a == atom.Link:
				if needCanonical {
					rel, href := linkAttrs(z)
					if hasToken(rel, "canonical") {
						if u := resolveCanonical(pageURL, href); u != "" {
							f.canonical, f.from = u, fmt.Sprintf(`<link rel="%s" href="%s">`, clip(rel), clip(href))
						}
					}
				}
			case !inHeadElement[a]:
				inHead = false
			}
		}
	}
}

// meta is what a <meta> says to each reader: to Scan the last http-equiv
// and content whose names lower to those (strings.ToLower, as Scan always
// compared them); to readHTML the name and content attributes as the
// tokenizer names them, the first of each.
type meta struct {
	equiv, content      string
	hasContent          bool
	name, robotsContent string
	nameSet, robotsSet  bool
}

// refresh reports whether the meta is a refresh with something to parse.
func (m *meta) refresh() bool {
	return strings.EqualFold(strings.TrimSpace(m.equiv), "refresh") && m.hasContent && m.content != ""
}

func metaAttrs(z *html.Tokenizer, refresh, robots bool) (m meta) {
	for {
		k, v, more := z.TagAttr()
		if refresh {
			switch {
			case keyLowersTo(k, "http-equiv"):
				m.equiv = string(v)
			case keyLowersTo(k, "content"):
				m.content, m.hasContent = string(v), true
			}
		}
		if robots {
			switch {
			case string(k) == "name" && !m.nameSet:
				m.name, m.nameSet = string(v), true
			case string(k) == "content" && !m.robotsSet:
				m.robotsContent, m.robotsSet = string(v), true
			}
		}
		if !more {
			return m
		}
	}
}

// linkAttrs returns the first rel and href attributes of a <link>.
func linkAttrs(z *html.Tokenizer) (rel, href string) {
	relSet, hrefSet := false, false
	for {
		k, v, more := z.TagAttr()
		switch {
		case string(k) == "rel" && !relSet:
			rel, relSet = string(v), true
		case string(k) == "href" && !hrefSet:
			href, hrefSet = string(v), true
		}
		if !more {
			return rel, href
		}
	}
}

// keyLowersTo reports whether strings.ToLower(string(k)) == want, without
// a copy of k when it is ASCII (which the tokenizer has lowered already).
func keyLowersTo(k []byte, want string) bool {
	for _, c := range k {
		if c >= 0x80 {
			return strings.ToLower(string(k)) == want
		}
	}
	return string(k) == want
}

// tagAtom is the atom of the tag token whose raw bytes are raw ("<meta
// ...>", "</p>"): what atom.Lookup of the tokenizer's TagName gives, without
// the copy TagName makes of every name. The name runs from after "<" or
// "</" to white space, "/" or ">", as the tokenizer reads it. A name with a
// NUL (U+FFFD to TagName) or longer than any element this package looks at
// is no atom it cares about, so 0 stands for it.
func tagAtom(raw []byte) atom.Atom {
	i := 1
	if len(raw) > 1 && raw[1] == '/' {
		i = 2
	}
	var buf [16]byte
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) || c == 0 {
			return 0
		}
		buf[n] = lowerASCII(c)
		n++
	}
	return atom.Lookup(buf[:n])
}

// letterRef reports whether b holds a numeric character reference that may
// decode to a letter: an ASCII one, or ſ, K and İ, which strings.EqualFold
// or strings.ToLower take for s, k and i. (No named reference decodes to a
// letter of the words read looks for.) A reference of more digits than
// Unicode needs counts, as the tokenizer's arithmetic wraps round.
func letterRef(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("&#"))
		if i < 0 {
			return false
		}
		b = b[i+2:]
		hex := len(b) > 0 && (b[0] == 'x' || b[0] == 'X')
		if hex {
			b = b[1:]
		}
		var x rune
		n := 0
		for ; n < len(b); n++ {
			d := digitValue(b[n], hex)
			if d < 0 {
				break
			}
			if n == 7 {
				return true
			}
			if hex {
				x = x*16 + d
			} else {
				x = x*10 + d
			}
		}
		if 'A' <= x && x <= 'Z' || 'a' <= x && x <= 'z' || x == 0x17F || x == 0x212A || x == 0x130 {
			return true
		}
	}
}

// digitValue is the value of c as a decimal (or hex) digit, -1 if none.
func digitValue(c byte, hex bool) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case hex && 'a' <= c && c <= 'f':
		return rune(c-'a') + 10
	case hex && 'A' <= c && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// containsFold reports whether b holds s, ASCII case-insensitively; s is
// lower case. It jumps between the places where s's first byte occurs in
// either case (bytes.IndexByte), as a page is mostly other bytes.
func containsFold(b []byte, s string) bool {
	last := len(b) - len(s) // the last place s can start
	if len(s) == 0 || last < 0 {
		return len(s) == 0
	}
	lo, up := s[0], s[0]
	if 'a' <= lo && lo <= 'z' {
		up = lo - ('a' - 'A')
	}
	next := func(from int, c byte) int {
		if from > last {
			return -1
		}
		if i := bytes.IndexByte(b[from:last+1], c); i >= 0 {
			return from + i
		}
		return -1
	}
	nl, nu := next(0, lo), -1
	if up != lo {
		nu = next(0, up)
	}
	for nl >= 0 || nu >= 0 {
		i := nl
		if i < 0 || nu >= 0 && nu < i {
			i = nu
		}
		j := 1
		for j < len(s) && lowerASCII(b[i+j]) == s[j] {
			j++
		}
		if j == len(s) {
			return true
		}
		if i == nl {
			nl = next(i+1, lo)
		} else {
			nu = next(i+1, up)
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
