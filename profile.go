//go:build pprof

package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// A build with -tags pprof writes a CPU profile of the whole run to
// $HOPS_CPUPROFILE and a heap profile at the end to $HOPS_MEMPROFILE, for
// profiling the binary as users run it (bench/README: profiles):
//
//	go build -tags pprof -o /tmp/hops-prof . &&
//	HOPS_CPUPROFILE=cpu.out /tmp/hops-prof check map.csv
func init() {
	var stops []func()
	if path := os.Getenv("HOPS_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "hops: cpu profile:", err)
			os.Exit(2)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "hops: cpu profile:", err)
			os.Exit(2)
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if path := os.Getenv("HOPS_MEMPROFILE"); path != "" {
		runtime.MemProfileRate = 64 * 1024
		stops = append(stops, func() {
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, "hops: heap profile:", err)
				return
			}
			defer f.Close()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				fmt.Fprintln(os.Stderr, "hops: heap profile:", err)
			}
		})
	}
	beforeExit = func() {
		for _, stop := range stops {
			stop()
		}
	}
}
