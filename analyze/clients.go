package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// Run is one client's walk of a request, for `--as all`.
type Run struct {
	Client *client.Profile
	Chain  *inspect.Chain
}

// Divergence is one aspect on which the clients disagree: each client's
// value, and the disagreement in words.
type Divergence struct {
	Aspect string
	Values map[string]string
	Words  string
}

// Aspects are what `--as all` compares, in the order of its table.
var Aspects = []string{"redirects", "final URL", "final method", "body", "credentials", "outcome"}

// Facts are what a run shows of each aspect.
func Facts(r Run) map[string]string {
	c := r.Chain
	f := map[string]string{"redirects": fmt.Sprint(c.Redirects())}
	last := c.Last()
	if last == nil {
		return f
	}
	f["final URL"] = hrefOf(last)
	f["final method"] = last.Method
	f["body"] = "none"
	if last.BodyBytes > 0 {
		f["body"] = plural(last.BodyBytes, "byte")
	}
	f["credentials"] = "none"
	if len(last.CredentialsSent) > 0 {
		f["credentials"] = strings.Join(last.CredentialsSent, ", ")
	}
	f["outcome"] = Outcome(c)
	return f
}

// hrefOf is the hop's URL without its fragment (never sent).
func hrefOf(h *inspect.Hop) string {
	if i := strings.IndexByte(h.URL, '#'); i >= 0 {
		return h.URL[:i]
	}
	return h.URL
}

// Outcome says how a client's walk ended, in a word or two: "landed 200",
// "refused 302", "too many (error)", "300 not followed".
func Outcome(c *inspect.Chain) string {
	last := c.Last()
	switch c.Stop {
	case inspect.StopFinal:
		if last.Status >= 300 && last.Status < 400 {
			return fmt.Sprintf("%d not followed", last.Status)
		}
		// The client has the status but not the page: curl, requests and
		// Go's client report an error for a body cut or stalled.
		if last.BodyErr != nil {
			return fmt.Sprintf("%d, body failed", last.Status)
		}
		return fmt.Sprintf("landed %d", last.Status)
	case inspect.StopNoLocation:
		return fmt.Sprintf("%d, no Location", last.Status)
	case inspect.StopMaxRedirects:
		return "too many (error)"
	case inspect.StopAtLimit:
		return "--max-redirects"
	case inspect.StopLoop:
		return "loop (error)"
	case inspect.StopRefused:
		return fmt.Sprintf("refused %d", last.Status)
	case inspect.StopInvalidLocation, inspect.StopUnsupportedScheme:
		return "bad Location"
	case inspect.StopFailed:
		return "failed"
	case inspect.StopInterrupted:
		return "interrupted"
	}
	return string(c.Stop)
}

// Compare finds where the clients disagree with each other, aspect by
// aspect, and turns each disagreement that matters into a
// client-divergence finding: the final URL, method, body or credentials,
// or some clients failing where others land.
func Compare(runs []Run) ([]Divergence, []inspect.Finding) {
	facts := make([]map[string]string, len(runs))
	for i, r := range runs {
		facts[i] = Facts(r)
	}
	var divs []Divergence
	var findings []inspect.Finding
	for _, aspect := range Aspects {
		values := map[string]string{}
		distinct := map[string]bool{}
		var among []int // the runs this aspect compares
		for i, r := range runs {
			values[r.Client.Name] = facts[i][aspect]
			// Where a client arrives, and with what, only counts for
			// the clients that arrive; the outcome tells the others.
			if arrival[aspect] && !r.Chain.Final() {
				continue
			}
			// A crawler fetches with GET and no body whatever was asked
			// (GETOnly): its nature, not something the chain does to it.
			if r.Client.GETOnly && (aspect == "final method" || aspect == "body") {
				continue
			}
			among = append(among, i)
			distinct[facts[i][aspect]] = true
		}
		if len(distinct) < 2 {
			continue
		}
		d := Divergence{Aspect: aspect, Values: values, Words: words(aspect, runs, facts, among)}
		divs = append(divs, d)
		if aspect != "redirects" && (aspect != "outcome" || failsSomewhere(runs)) {
			findings = append(findings, inspect.Finding{Code: inspect.CodeClientDivergence,
				Severity: inspect.SeverityOf(inspect.CodeClientDivergence), Message: d.Words})
		}
	}
	return divs, findings
}

// arrival are the aspects that describe what reaches the final URL.
var arrival = map[string]bool{"final URL": true, "final method": true, "body": true, "credentials": true}

// failsSomewhere reports whether some clients end in an error where
// others land.
func failsSomewhere(runs []Run) bool {
	landed, failed := false, false
	for _, r := range runs {
		if r.Chain.Final() {
			landed = true
		} else {
			failed = true
		}
	}
	return landed && failed
}

// words groups the clients by their value, largest group first:
// "go, axios and python-requests arrive with GET; browser and curl with
// POST".
func words(aspect string, runs []Run, facts []map[string]string, among []int) string {
	groups := map[string][]string{}
	var order []string
	for _, i := range among {
		r := runs[i]
		v := phrase(aspect, facts[i][aspect])
		if _, ok := groups[v]; !ok {
			order = append(order, v)
		}
		groups[v] = append(groups[v], r.Client.Name)
	}
	sort.SliceStable(order, func(i, j int) bool { return len(groups[order[i]]) > len(groups[order[j]]) })
	verb := map[string]string{
		"redirects":    "follow %s redirects",
		"final URL":    "land at %s",
		"final method": "arrive with %s",
		"body":         "arrive with %s",
		"credentials":  "arrive with %s",
		"outcome":      "%s",
	}[aspect]
	var parts []string
	for i, v := range order {
		text := fmt.Sprintf(verb, v)
		switch {
		case aspect == "outcome":
			// No verb: "browser 200; curl failed".
			parts = append(parts, list(groups[v])+" "+text)
		case i > 0 && strings.HasPrefix(text, "arrive "):
			// Later groups drop the verb's repeated words.
			parts = append(parts, list(groups[v])+" "+strings.TrimPrefix(text, "arrive "))
		default:
			parts = append(parts, says(groups[v], text))
		}
	}
	return strings.Join(parts, "; ")
}

// phrase is a fact as the sentence of a divergence says it.
func phrase(aspect, v string) string {
	switch {
	case aspect == "body" && v == "none":
		return "no body"
	case aspect == "body":
		return "a body of " + v
	case aspect == "credentials" && v == "none":
		return "no credentials"
	}
	return v
}

// says puts a phrase that starts with a verb in the plural ("turn it into
// GET") after the names that are its subject, in agreement with them: one
// client takes the singular ("curl -L turns it into GET"); several, or
// browsers, the plural.
func says(names []string, phrase string) string {
	if len(names) == 1 && names[0] != client.Browser.Who {
		verb, rest, more := strings.Cut(phrase, " ")
		switch verb {
		case "do", "go":
			verb += "es"
		default:
			verb += "s"
		}
		phrase = verb
		if more {
			phrase += " " + rest
		}
	}
	return list(names) + " " + phrase
}

// list joins names as prose: "a", "a and b", "a, b and c".
func list(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
