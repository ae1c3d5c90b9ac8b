package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Main runs hops as a process, with os.Args, the standard streams and the
// environment, and returns its exit status. v is the release version
// (set in package main by the build); "" keeps the build info's.
//
// While an action runs, the first SIGINT or SIGTERM asks it to wind down
// (what finished is still written); the next one ends the process at
// once. SIGTERM exits 143.
func Main(v string) int {
	if v != "" {
		version = v
	}
	// net/http logs what a server does wrong on an idle connection (an
	// unsolicited response, say) to the standard logger, with a time
	// stamp, into hops's stderr; what servers do wrong is hops's to say.
	log.SetOutput(io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan os.Signal, 1)
	s := &streams{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	// Signals are taken over only when an action is about to run: help,
	// --version, completion and a usage error are written and done with
	// nothing to wind down, and signal.Notify (a thread of its own kept
	// for the signal mask, a goroutine) was an eighth of --version's CPU.
	s.arm = func() {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		go func() {
			sig := <-sigs
			// The first signal asks the run to wind down; the next one ends
			// it at once, as the signal's default action would, but first
			// removes the report files the run made and has not written
			// (an empty JUnit file fails the CI job that reads it).
			fmt.Fprintln(os.Stderr, "hops: interrupted: finishing what is in flight (interrupt again to stop at once)")
			first <- sig
			cancel()
			again := <-sigs
			removeMadeReports()
			// Then die of the signal, as its default action would: a shell
			// script stops only when its command was killed by SIGINT.
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			if s, ok := again.(syscall.Signal); ok && raise(s) {
				time.Sleep(time.Second) // the signal's delivery
			}
			if again == syscall.SIGTERM {
				os.Exit(exitTerminated)
			}
			os.Exit(exitInterrupted)
		}()
	}
	code := s.run(ctx, os.Args)
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
