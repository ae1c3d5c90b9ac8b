package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Main runs hops as a process, with os.Args, the standard streams and the
// environment, and returns its exit status. v is the release version
// (set in package main by the build); "" keeps the build info's.
//
// The first SIGINT or SIGTERM asks the run to wind down (what finished is
// still written); the next one ends the process at once. SIGTERM exits 143.
func Main(v string) int {
	if v != "" {
		version = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	first := make(chan os.Signal, 1)
	go func() {
		sig := <-sigs
		// The first signal asks the run to wind down; the default action
		// is back for the next one, so a second Ctrl-C ends it at once.
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		fmt.Fprintln(os.Stderr, "hops: interrupted: finishing what is in flight (interrupt again to stop at once)")
		first <- sig
		cancel()
	}()
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	if code == exitInterrupted {
		select {
		case sig := <-first:
			if sig == syscall.SIGTERM {
				code = exitTerminated // 128 + 15, as shells report it
			}
		default:
		}
	}
	return code
}
