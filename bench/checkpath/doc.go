// Package checkpath holds BenchmarkCheckJSONL, a benchmark of the check
// path (bulk, walk, analyze, check and render together) for profiles of
// hops's own work; it lives apart from bulk so that bulk keeps depending
// on no renderer. It has no code of its own.
package checkpath
