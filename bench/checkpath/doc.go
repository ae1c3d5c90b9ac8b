// Package checkpath holds BenchmarkCheckJSONL, a benchmark of the check
// path (bulk, walk, analyze, check and render together) for profiles of
// hops's own work; it lives apart from bulk so that bulk keeps depending
// on no renderer. It has no code of its own, and its test file builds only
// with -tags bench, so that `go test ./...` does not link a test binary
// that runs nothing:
//
//	go test -tags bench -run - -bench CheckJSONL -cpuprofile cpu.out ./bench/checkpath
package checkpath
