package inspect

import (
	"fmt"
	"net/http"
	"strings"
)

// Indexing is what the final response of a chain tells search engines
// about itself (SPEC "SEO signals"). Analyze fills Chain.Indexing for every
// chain that has a final response; views only read it.
type Indexing struct {
	// Status is the final response's status. Only a 2xx is read for the
	// signals below; any other status leaves them empty.
	Status int
	// Crawler is the user-agent token whose own directives counted
	// ("googlebot" under --as googlebot); "" when only the directives for
	// every crawler did.
	Crawler string
	// Canonical is the URL the page names as canonical, resolved against
	// the final URL with its fragment dropped; "" when it names none.
	// CanonicalFrom quotes where it was named: the link element or the Link
	// header, as sent.
	Canonical     string
	CanonicalFrom string
	// Elsewhere is true when Canonical is another URL than the final one.
	Elsewhere bool
	// Noindex quotes the directive that keeps the page out of the index
	// (`X-Robots-Tag: noindex` or `<meta name="robots" content="none">`);
	// "" when none does.
	Noindex string
	// Blocked names the first hop of the chain that robots.txt keeps the
	// crawler from (with --robots or --as googlebot) and the rule, e.g.
	// `hop 2 (Disallow: /private)`: the crawler never gets to the page
	// through it. "" when none is, or robots.txt was not asked.
	Blocked string
}

// Indexable reports whether a search engine may index the final page under
// its own URL: a 2xx that no directive keeps out of the index, that names
// no other URL as canonical, and that robots.txt lets the crawler reach.
func (x *Indexing) Indexable() bool {
	return x.Status >= 200 && x.Status < 300 && x.Noindex == "" && !x.Elsewhere && x.Blocked == ""
}

// Reasons says in words why the page is not indexable; none when it is.
func (x *Indexing) Reasons() []string {
	var why []string
	if x.Status < 200 || x.Status > 299 {
		why = append(why, strings.TrimSuffix(fmt.Sprintf("it answers %d %s", x.Status, http.StatusText(x.Status)), " ")+", not 2xx")
	}
	if x.Noindex != "" {
		why = append(why, "it is noindex ("+x.Noindex+")")
	}
	if x.Elsewhere {
		why = append(why, "it names "+x.Canonical+" as canonical")
	}
	if x.Blocked != "" {
		why = append(why, "robots.txt disallows "+x.Blocked)
	}
	return why
}

// Summary is the phrase the end of a chain's view says about indexing:
// "lands on an indexable page", or why it does not.
func (x *Indexing) Summary() string {
	if x.Indexable() {
		return "lands on an indexable page"
	}
	return "lands on a page search engines will not index: " + strings.Join(x.Reasons(), "; ")
}
