package page

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Indexing reads what a final response tells search engines (SPEC "SEO
// signals"). Only a 2xx is read: its headers whatever its content type, its
// body (the start the walk kept, within the 64 KiB bound) only when it is
// text/html. crawler is the user-agent token of a crawler profile
// ("googlebot"), "" for any other client: its own directives count too.
func Indexing(pageURL string, status int, hdr http.Header, body []byte, crawler string) *inspect.Indexing {
	x := &inspect.Indexing{Status: status, Crawler: crawler}
	if status < 200 || status > 299 {
		return x
	}
	var doc *html.Node
	if len(body) > 0 && isHTML(hdr) {
		// The parser builds the tree browsers build: a <link> after body
		// content is in <body>, and <noscript> holds text (scripting on).
		// It fails only when its reader does, which a byte slice never does.
		doc, _ = html.Parse(bytes.NewReader(body))
	}
	if doc != nil {
		x.Canonical, x.CanonicalFrom = headCanonical(doc, pageURL)
	}
	if x.Canonical == "" {
		x.Canonical, x.CanonicalFrom = headerCanonical(hdr, pageURL)
	}
	if x.Canonical != "" {
		x.Elsewhere = !SameURL(x.Canonical, pageURL)
	}
	for _, v := range hdr.Values("X-Robots-Tag") {
		if forbidding(v, true, crawler) {
			x.Noindex = "X-Robots-Tag: " + clip(v)
			break
		}
	}
	if x.Noindex == "" && doc != nil {
		x.Noindex = metaNoindex(doc, crawler)
	}
	return x
}

// isHTML reports whether the response is served as text/html.
func isHTML(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == "text/html"
}

// headCanonical finds the first <link> in <head> whose rel holds the token
// canonical and whose href resolves (a link with no usable href defines no
// link, as in HTML), and returns its resolved URL and the element as quoted.
func headCanonical(doc *html.Node, pageURL string) (string, string) {
	head := find(doc, atom.Head)
	if head == nil {
		return "", ""
	}
	var url, from string
	walkElements(head, func(n *html.Node) bool {
		if n.DataAtom != atom.Link || !hasToken(attr(n, "rel"), "canonical") {
			return true
		}
		raw, ok := attrOK(n, "href")
		if !ok {
			return true
		}
		if u := resolveCanonical(pageURL, raw); u != "" {
			url, from = u, fmt.Sprintf(`<link rel="%s" href="%s">`, clip(attr(n, "rel")), clip(raw))
			return false
		}
		return true
	})
	return url, from
}

// headerCanonical finds the first Link header entry with rel canonical
// whose target resolves.
func headerCanonical(hdr http.Header, pageURL string) (string, string) {
	for _, v := range hdr.Values("Link") {
		for _, l := range ParseLinks(v) {
			if !l.HasRel("canonical") {
				continue
			}
			if u := resolveCanonical(pageURL, l.Target); u != "" {
				return u, fmt.Sprintf(`Link: <%s>; rel="canonical"`, clip(l.Target))
			}
		}
	}
	return "", ""
}

// resolveCanonical resolves a canonical reference against the page as
// browsers resolve a link, fragment dropped; "" when it does not resolve.
func resolveCanonical(pageURL, raw string) string {
	loc, err := href.ResolveLocation(pageURL, raw)
	if err != nil {
		return ""
	}
	return href.StripFragment(loc.URL)
}

// metaNoindex quotes the first <meta name=robots> (or <meta name=CRAWLER>)
// anywhere in the document whose content keeps the page out of the index;
// "" when there is none. Google asks for it in <head> but one left in
// <body> is no safer to ignore.
func metaNoindex(doc *html.Node, crawler string) string {
	var quote string
	walkElements(doc, func(n *html.Node) bool {
		if n.DataAtom != atom.Meta {
			return true
		}
		name := strings.ToLower(strings.Trim(attr(n, "name"), asciiSpace))
		if name != "robots" && (crawler == "" || name != crawler) {
			return true
		}
		content := attr(n, "content")
		agent := ""
		if name != "robots" {
			agent = name
		}
		for _, d := range ParseRobots(content, false) {
			d.Agent = agent
			if d.Forbids(crawler) {
				quote = fmt.Sprintf(`<meta name="%s" content="%s">`, clip(attr(n, "name")), clip(content))
				return false
			}
		}
		return true
	})
	return quote
}

const asciiSpace = " \t\n\f\r"

// hasToken reports whether the space-separated token list v holds tok,
// compared ASCII case-insensitively (HTML's rel attribute).
func hasToken(v, tok string) bool {
	for _, t := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(asciiSpace, r) }) {
		if strings.EqualFold(t, tok) {
			return true
		}
	}
	return false
}

// find returns the first element of type a in document order, or nil.
func find(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walkElements(n, func(e *html.Node) bool {
		if e.DataAtom == a {
			found = e
			return false
		}
		return true
	})
	return found
}

// walkElements calls f on every HTML element under n in document order
// until f returns false. The content of a <template> is skipped: it is
// inert.
func walkElements(n *html.Node, f func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.Namespace != "" {
			continue // text, or SVG and MathML, where no link or meta counts
		}
		if !f(c) {
			return false
		}
		if c.DataAtom == atom.Template {
			continue
		}
		if !walkElements(c, f) {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// attrOK returns the value of an attribute in no namespace, and whether
// the element has it.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// clip shortens server text quoted in a message to a readable length.
func clip(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut-- // not inside a UTF-8 sequence
	}
	return s[:cut] + "…"
}
