// Command profile is hops with a CPU (and, at its end, heap) profile: it
// runs the same command line as the hops binary and writes the profiles
// named by -cpu and -mem, for `go tool pprof`. Its arguments after the two
// flags are hops's own:
//
//	profile -cpu cpu.out -mem mem.out [-live live.out -live-after 2s] check --json -c 50 --resolve '*:PORT:127.0.0.1' map.csv >/dev/null
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/hops-cli/hops/internal/cli"
)

func main() {
	fs := flag.NewFlagSet("profile", flag.ExitOnError)
	cpu := fs.String("cpu", "cpu.out", "CPU profile file")
	mem := fs.String("mem", "", "heap profile file (allocations over the run)")
	live := fs.String("live", "", "heap profile file written -live-after into the run (what is held then)")
	liveAfter := fs.Duration("live-after", 2*time.Second, "when to write -live")
	fs.Parse(os.Args[1:])
	if *live != "" {
		time.AfterFunc(*liveAfter, func() {
			if l, err := os.Create(*live); err == nil {
				runtime.GC()
				pprof.Lookup("heap").WriteTo(l, 0)
				l.Close()
			}
		})
	}
	f, err := os.Create(*cpu)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// hops reads its own command line from os.Args.
	os.Args = append([]string{"hops"}, fs.Args()...)
	code := cli.Main("dev")
	pprof.StopCPUProfile()
	f.Close()
	if *mem != "" {
		m, err := os.Create(*mem)
		if err == nil {
			runtime.GC()
			pprof.Lookup("allocs").WriteTo(m, 0)
			m.Close()
		}
	}
	os.Exit(code)
}
