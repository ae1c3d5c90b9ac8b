package cli

import (
	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/render"
)

// otherCodes are the codes hops writes that are not findings: the "error"
// codes of --json that no finding carries, and the map's lint. `hops
// explain` and completion know them as they know findings.
var otherCodes = []render.OtherCode{
	{Code: "invalid-row", Kind: "error code of hops check --json",
		Summary: "the row could not be read as a URL or a source,target[,status] map row",
		Why: "Nothing was requested for this row. The message says what is wrong: an empty target, a target that is neither an absolute http(s) URL nor a path starting with /, " +
			"a source that is not a URL (a path needs --base), a status that is neither three digits nor a set such as 301|308, 3xx, permanent or temporary, or a cell holding more than one URL. Fix the row in the map and run again."},
	{Code: string(inspect.StopInterrupted), Kind: "error code of --json",
		Summary: "the walk was interrupted (Ctrl-C or SIGTERM) before the chain's end, between hops or during a request",
		Why:     "The hops up to the interrupt are reported as they were; the rest of the chain was never requested, so the row is an error rather than a verdict. Run it again to see the whole chain."},
	{Code: string(inspect.StopRefused), Kind: "error code of --json",
		Summary: "the client of --as refuses to follow this redirect and reports an error",
		Why:     "Some clients raise an error where a browser would follow: Python's urllib, for one, refuses to redirect any method but GET and HEAD (and POST on 301, 302 and 303). The hops before it are reported; hops --as all shows what the other clients do with the same chain."},
	{Code: check.LintDuplicate, Kind: "lint code of hops check",
		Summary: "one source appears on several rows with the same target",
		Why:     "The duplicate rows are checked twice and count twice in the summary. Keep one row per source."},
	{Code: check.LintConflict, Kind: "lint code of hops check",
		Summary: "one source appears on several rows with different targets",
		Why:     "A server can send a URL to one place only, so at least one of the rows will fail. Decide which target is right and remove the others."},
	{Code: check.LintChained, Kind: "lint code of hops check",
		Summary: "a row's target is another row's source: the map builds a chain",
		Why:     "A redirect to a URL that itself redirects costs every visitor and crawler an extra hop, and search engines follow a limited number of hops. Point the first source at the final target directly."},
	{Code: check.LintCycle, Kind: "lint code of hops check",
		Summary: "sources and targets in the map lead back to where they started",
		Why:     "If the server is configured as the map says, these URLs redirect in a loop and never load. Break the cycle by giving one of them a final page."},
	{Code: check.LintIncomplete, Kind: "lint code of hops check",
		Summary: "the map has more distinct sources than the linter keeps, so later rows were not linted",
		Why:     "Lint keeps a bounded number of sources so that memory stays bounded on very large maps. Rows beyond it are still checked; split the map to lint all of it."},
}

func lookupOther(code string) (render.OtherCode, bool) {
	for _, e := range otherCodes {
		if e.Code == code {
			return e, true
		}
	}
	return render.OtherCode{}, false
}
