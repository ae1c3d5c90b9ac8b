//go:build signals

// Built with -tags signals as well, the plain client takes SIGINT and
// SIGTERM over before its request, as any command-line client must that
// ends a walk cleanly on Ctrl-C (hops writes the chain walked so far and
// exits 130). What the process pays for that at start is threads: the
// runtime keeps one locked to a thread for the signal mask, a template
// thread for it, and one that waits for signals.

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func init() {
	arm = func() context.Context {
		ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		return ctx
	}
}
