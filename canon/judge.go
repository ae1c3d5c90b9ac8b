package canon

import (
	"fmt"
	"sort"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Report is the judgement of a site's entry points.
type Report struct {
	Apex    string
	Entries []Entry
	// Target is the final URL that most entries land on, "" when no entry
	// has a final response. Canonical is Target when every entry lands
	// on it with a 2xx, else "".
	Target, Canonical string
	// Fewest holds, per entry, the fewest redirects from it to Target (-1
	// without a Target).
	Fewest []int
	// Preload is the site's readiness for the HSTS preload list: reported,
	// never a finding.
	Preload Preload
	// Findings are those of the entry points together, worst first: the
	// entries that land elsewhere, extra redirects, a missing https
	// upgrade, missing HSTS, and each entry's own errors (its chain's
	// error findings, naming the entry).
	Findings []inspect.Finding
	// ByEntry holds the same findings per entry, in the order of Entries.
	ByEntry [][]inspect.Finding

	entry int // the entry being judged
}

// Passed reports whether every entry lands on one URL with a 2xx in the
// fewest redirects, upgraded to https with HSTS: no finding at warning or
// above.
func (r *Report) Passed() bool {
	return r.Canonical != "" && inspect.Worst(r.Findings) < inspect.SeverityWarning
}

// Judge judges the walked entry points of the site whose apex host is apex.
func Judge(apex string, entries []Entry) *Report {
	r := &Report{Apex: apex, Entries: entries, Fewest: make([]int, len(entries)), ByEntry: make([][]inspect.Finding, len(entries))}
	r.Target = target(entries)
	if r.Target != "" {
		r.Canonical = r.Target
		for _, e := range entries {
			u, status, ok := landing(e.Chain)
			if !ok || u != r.Target || status < 200 || status > 299 {
				r.Canonical = ""
			}
		}
	}
	for i, e := range entries {
		r.Fewest[i] = -1
		if r.Target != "" {
			r.Fewest[i] = Fewest(e.URL, r.Target)
		}
		r.entry = i
		r.diverges(e)
		r.upgrade(e)
		r.longChain(e, r.Fewest[i])
		r.hsts(e)
		for _, f := range e.Chain.Findings {
			if f.Severity != inspect.SeverityError {
				continue
			}
			where := e.URL
			if f.Hop > 0 {
				where += fmt.Sprintf(", hop %d", f.Hop)
			}
			r.ByEntry[i] = append(r.ByEntry[i], inspect.Finding{Code: f.Code, Severity: f.Severity, Message: where + ": " + f.Message})
		}
		r.Findings = append(r.Findings, r.ByEntry[i]...)
	}
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Severity > r.Findings[j].Severity })
	r.Preload = preloadOf(apex, entries)
	return r
}

// Fewest is the fewest redirects from entry to the canonical URL: none
// from the canonical URL itself; two from http when the canonical URL is
// https on another host (https on the same host first, so that host gets
// HSTS, then the move); one otherwise.
func Fewest(entry, canonical string) int {
	switch {
	case href.StripFragment(entry) == canonical:
		return 0
	case href.Scheme(entry) == "http" && href.Scheme(canonical) == "https" && href.Host(entry) != href.Host(canonical):
		return 2
	}
	return 1
}

// landing is where a chain ends with a response that it did not refuse to
// follow: its URL without the fragment, and its status.
func landing(c *inspect.Chain) (string, int, bool) {
	last := c.Last()
	if !c.Final() || last == nil || !last.Responded() {
		return "", 0, false
	}
	return href.StripFragment(last.URL), last.Status, true
}

// target is the final URL most entries land on; a tie goes to a 2xx, then
// to https, then to the earlier entry.
func target(entries []Entry) string {
	count := map[string]int{}
	for _, e := range entries {
		if u, _, ok := landing(e.Chain); ok {
			count[u]++
		}
	}
	best, bestKey := "", [3]int{}
	for _, e := range entries {
		u, status, ok := landing(e.Chain)
		if !ok {
			continue
		}
		key := [3]int{count[u], 0, 0}
		if status >= 200 && status <= 299 {
			key[1] = 1
		}
		if href.Scheme(u) == "https" {
			key[2] = 1
		}
		if best == "" || key[0] > bestKey[0] || key[0] == bestKey[0] && (key[1] > bestKey[1] || key[1] == bestKey[1] && key[2] > bestKey[2]) {
			best, bestKey = u, key
		}
	}
	return best
}

// add records a finding of the entry being judged.
func (r *Report) add(code inspect.Code, format string, args ...any) {
	f := inspect.Finding{Code: code, Severity: inspect.SeverityOf(code), Message: fmt.Sprintf(format, args...)}
	r.ByEntry[r.entry] = append(r.ByEntry[r.entry], f)
}

// diverges: an entry that lands elsewhere than Target, or nowhere.
func (r *Report) diverges(e Entry) {
	if r.Target == "" {
		return
	}
	u, status, ok := landing(e.Chain)
	if ok && u == r.Target {
		return
	}
	n := 0
	for _, o := range r.Entries {
		if ou, _, ok := landing(o.Chain); ok && ou == r.Target {
			n++
		}
	}
	others := len(r.Entries) - 1
	where := fmt.Sprintf("where %d of the %d other entry points land", n, others)
	switch {
	case n == others:
		where = "where every other entry point lands"
	case n == 1:
		where = fmt.Sprintf("where 1 of the %d other entry points lands", others)
	}
	if !ok {
		land := fmt.Sprintf("%d other entry points land", n)
		if n == 1 {
			land = "1 other entry point lands"
		}
		r.add(inspect.CodeEntryDivergent, "%s has no final response (%s), while %s on %s; make it redirect there", e.URL, StopWords(e.Chain), land, r.Target)
		return
	}
	r.add(inspect.CodeEntryDivergent, "%s lands on %s (%d) instead of %s, %s; redirect it there", e.URL, u, status, r.Target, where)
}

// longChain: more redirects to Target than the fewest possible.
func (r *Report) longChain(e Entry, fewest int) {
	u, _, ok := landing(e.Chain)
	if !ok || u != r.Target {
		return
	}
	n := e.Chain.Redirects()
	if n <= fewest {
		return
	}
	switch fewest {
	case 0:
		r.add(inspect.CodeLongChain, "%s takes %s to land on itself; it is the canonical URL and should answer directly", e.URL, plural(n, "redirect"))
	case 1:
		r.add(inspect.CodeLongChain, "%s takes %s to reach %s where 1 is enough; redirect straight there", e.URL, plural(n, "redirect"), r.Target)
	default:
		r.add(inspect.CodeLongChain, "%s takes %s to reach %s where 2 are enough: https on the same host first, then straight there", e.URL, plural(n, "redirect"), r.Target)
	}
}

// upgrade: an http entry's first answer must redirect to https on the same
// host, so that browsers can take HSTS for the host that was asked for.
func (r *Report) upgrade(e Entry) {
	if href.Scheme(e.URL) != "http" || len(e.Chain.Hops) == 0 || !e.Chain.Hops[0].Responded() {
		return
	}
	first := &e.Chain.Hops[0]
	want := httpsOf(e.URL)
	to := firstTarget(e.Chain)
	host := href.Host(e.URL)
	switch {
	case to == "":
		r.add(inspect.CodeHTTPSUpgradeNotFirst, "%s answers %d over plain http without redirecting to https; redirect it to %s first so browsers get HSTS for %s", e.URL, first.Status, want, host)
	case href.Scheme(to) != "https" || href.Host(to) != host:
		r.add(inspect.CodeHTTPSUpgradeNotFirst, "%s redirects first to %s instead of %s; upgrade to https on the same host first so browsers get HSTS for %s", e.URL, to, want, host)
	}
}

// hsts: an https entry's first answer must carry a valid HSTS policy.
func (r *Report) hsts(e Entry) {
	if href.Scheme(e.URL) != "https" || len(e.Chain.Hops) == 0 || href.IsIPHost(e.URL) {
		return
	}
	h := &e.Chain.Hops[0]
	if !h.Responded() {
		return
	}
	const advice = "send Strict-Transport-Security: max-age=31536000; includeSubDomains on every https answer, redirects included"
	switch s := h.HSTS; {
	case s == nil:
		r.add(inspect.CodeHSTSMissing, "%s answers %d without Strict-Transport-Security; %s", e.URL, h.Status, advice)
	case !s.Valid:
		r.add(inspect.CodeHSTSMissing, "%s answers %d with an invalid Strict-Transport-Security (%s), which browsers ignore; %s", e.URL, h.Status, s.Problem, advice)
	case *s.MaxAge == 0:
		r.add(inspect.CodeHSTSMissing, "%s answers %d with max-age=0, which removes the host's HSTS policy; %s", e.URL, h.Status, advice)
	case *s.MaxAge < weakHSTS:
		r.add(inspect.CodeHSTSMissing, "%s answers %d with a weak HSTS policy: max-age=%d lasts %s, after which a browser that has not been back asks for http again and can be kept there; %s", e.URL, h.Status, *s.MaxAge, inspect.Duration(*s.MaxAge), advice)
	}
}

// weakHSTS is the max-age below which canon calls an HSTS policy weak (SPEC:
// "HSTS missing or weak"): six months, the least Mozilla's HTTP
// Observatory passes; the preload list asks for a year.
const weakHSTS = 15768000

// firstTarget is where a chain's first answer redirects to: the second
// hop, or the resolved Location when the walk stopped there; "" when it
// does not redirect.
func firstTarget(c *inspect.Chain) string {
	if len(c.Hops) > 1 {
		return href.StripFragment(c.Hops[1].URL)
	}
	if len(c.Hops) == 1 && c.Hops[0].Next != nil {
		return href.StripFragment(c.Hops[0].Next.URL)
	}
	return ""
}

// httpsOf is an http URL on https, its port kept as the entry points keep
// it.
func httpsOf(u string) string {
	if s, err := href.ParseURL("https" + u[len("http"):]); err == nil {
		return s
	}
	return u
}

// StopWords says in a few words why a chain has no final response.
func StopWords(c *inspect.Chain) string {
	n := 0
	if last := c.Last(); last != nil {
		n = last.N
	}
	switch c.Stop {
	case inspect.StopFailed:
		return fmt.Sprintf("the request failed at hop %d", n)
	case inspect.StopLoop:
		return "a redirect loop"
	case inspect.StopMaxRedirects:
		return "too many redirects"
	case inspect.StopAtLimit:
		return "stopped at --max-redirects"
	case inspect.StopInvalidLocation:
		return fmt.Sprintf("an unusable Location at hop %d", n)
	case inspect.StopUnsupportedScheme:
		return fmt.Sprintf("a redirect to another scheme than http(s) at hop %d", n)
	case inspect.StopRefused:
		return fmt.Sprintf("the client refuses the redirect at hop %d", n)
	case inspect.StopInterrupted:
		return "interrupted"
	}
	return string(c.Stop)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
