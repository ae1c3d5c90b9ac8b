// Package diff compares two runs of hops (SPEC "Comparing runs"): the
// --json document of one chain, or the JSON Lines of a check run. Rows are
// matched by source URL and method; each difference in what SPEC names
// (final URL, final status, first status, redirects, permanence, findings,
// HSTS, cache lifetime, a row only in one run) becomes a Change with a
// Class, and a row's class is the worst of its changes.
//
// Compare holds the classification, for `hops diff` and for a check run
// compared live with a baseline. Run reads two files without holding
// either in memory: the old run goes to an Index on disk (16 bytes of
// memory a row), the new run streams past it, and the rows that changed
// wait in temporary files until they are read back, most serious first.
//
// The package reads and classifies; render writes the result.
package diff
