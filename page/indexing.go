package page

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"golang.org/x/net/html/atom"
)

// Indexing reads what a final response tells search engines (SPEC "SEO
// signals"). Only a 2xx is read: its headers whatever its content type, its
// body (the start the walk kept, within the 64 KiB bound) only when it is
// text/html. crawler is the user-agent token of a crawler profile
// ("googlebot"), "" for any other client: its own directives count too.
func Indexing(pageURL string, status int, hdr http.Header, body []byte, crawler string) *inspect.Indexing {
	return indexing(pageURL, status, hdr, body, crawler, nil)
}

// HopIndexing is Indexing of a hop's response, which reuses what Read found
// in the hop's sample when it read it for the same page and crawler, so a
// landing page is tokenized once.
func HopIndexing(h *inspect.Hop, crawler string) *inspect.Indexing {
	s := h.HTML
	if s != nil && (s.URL != h.URL || s.Crawler != crawler || !sameBytes(s.Sample, h.Sample)) {
		s = nil
	}
	return indexing(h.URL, h.Status, h.Header, h.Sample, crawler, s)
}

// sameBytes reports whether a and b are the same bytes in memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Crawler is the robots user-agent token of a profile whose own directives
// count (SPEC "SEO signals": only under --as googlebot), "" for clients
// that are no crawler.
func Crawler(p *client.Profile) string {
	if p != nil && p.Name == client.Googlebot.Name {
		return "googlebot"
	}
	return ""
}

func indexing(pageURL string, status int, hdr http.Header, body []byte, crawler string, read *inspect.HTMLSignals) *inspect.Indexing {
	x := &inspect.Indexing{Status: status, Crawler: crawler}
	if status < 200 || status > 299 {
		return x
	}
	var metaQuote string
	switch {
	case len(body) == 0 || !isHTML(hdr):
	case read != nil:
		x.Canonical, x.CanonicalFrom, metaQuote = read.Canonical, read.CanonicalFrom, read.Noindex
	default:
		x.Canonical, x.CanonicalFrom, metaQuote = readHTML(body, pageURL, crawler)
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
	if x.Noindex == "" {
		x.Noindex = metaQuote
	}
	return x
}

// isHTML reports whether the response is served as text/html.
func isHTML(h http.Header) bool {
	ct := h.Get("Content-Type")
	if ct == "text/html" || ct == "text/html; charset=utf-8" {
		return true // what nginx and Go send, without a parse each page
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "text/html"
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

// clip shortens server text quoted in a message to a readable length.
func clip(s string) string { return header.Clip(s, 120) }

// readHTML reads the start of an HTML page in one pass of the tokenizer,
// and returns the first canonical link of its <head> (resolved, and the
// element as quoted) and a quote of the first <meta name=robots> (or
// name=CRAWLER) whose content keeps the page out of the index.
//
// The tokenizer follows the tree builder's idea of <head> (a full parse
// costs five times as much, per page of a check): the head lasts until
// <body>, an element that cannot be in <head>, or text that is not white
// space; <link> and <meta> after </head> but before all that still land in
// it. The content of raw text elements (title, script, style, and noscript,
// as scripting is on) and of <template> (inert) is no markup. A <link> with
// no usable href defines no link, as in HTML. Robots meta tags count
// anywhere: Google asks for them in <head>, but one left in <body> is no
// safer to ignore. A page that never writes "robots" (or the crawler's
// name) is not read past its head, so a name spelt with character
// references is not looked for. (read does the work, beside Scan's.)
func readHTML(body []byte, pageURL, crawler string) (canonical, from, noindex string) {
	f := read(pageURL, body, false, true, crawler)
	return f.canonical, f.from, f.noindex
}

// metaForbids quotes a <meta name=robots> or <meta name=CRAWLER> whose
// content keeps the page out of the index; "" for any other meta.
func metaForbids(name, content, crawler string) string {
	lname := strings.ToLower(strings.Trim(name, asciiSpace))
	agent := ""
	switch {
	case lname == "robots":
	case crawler != "" && lname == crawler:
		agent = lname
	default:
		return ""
	}
	for _, d := range ParseRobots(content, false) {
		d.Agent = agent
		if d.Forbids(crawler) {
			return fmt.Sprintf(`<meta name="%s" content="%s">`, clip(name), clip(content))
		}
	}
	return ""
}

// inHeadElement are the elements the tree builder puts in <head> (with html
// and head themselves, which it merges or ignores there); any other start
// tag begins the body.
var inHeadElement = map[atom.Atom]bool{
	atom.Html: true, atom.Head: true, atom.Base: true, atom.Basefont: true, atom.Bgsound: true, atom.Link: true,
	atom.Meta: true, atom.Title: true, atom.Noscript: true, atom.Noframes: true, atom.Style: true, atom.Script: true,
	atom.Template: true,
}

// rawText are the elements whose content the tokenizer reads as text.
var rawText = map[atom.Atom]bool{
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Noscript: true, atom.Plaintext: true,
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true, atom.Xmp: true,
}
