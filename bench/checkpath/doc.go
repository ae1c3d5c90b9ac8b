// Package checkpath holds benchmarks of the check path, in process against
// a loopback server: BenchmarkCheckJSONL and BenchmarkCheck (bulk, walk,
// analyze and check together, with and without the JSON Lines) for
// profiles of hops's own work, and BenchmarkPlainBulk, the same map walked
// by the plainest client that keeps every hop, as their reference. It
// lives apart from bulk so that bulk keeps depending on no renderer. It
// has no code of its own, and its test file builds only with -tags bench,
// so that `go test ./...` does not link a test binary that runs nothing:
//
//	go test -tags bench -run - -bench CheckJSONL -cpuprofile cpu.out ./bench/checkpath
//	go test -tags bench -run - -bench 'Check$|PlainBulk' -count 6 ./bench/checkpath
package checkpath
