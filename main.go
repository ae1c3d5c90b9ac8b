// Command hops inspects HTTP redirect chains: it sends one request, walks
// every redirect hop itself and reports what happened and what is wrong.
// The command line lives in internal/cli; this is its entry point.
package main

import (
	"os"

	"github.com/hops-cli/hops/internal/cli"
)

// version is set by the release build (-X main.version=...).
var version = "dev"

// beforeExit runs after the command, before the process exits; a build
// with -tags pprof sets it to write its profiles (see profile.go).
var beforeExit = func() {}

func main() {
	code := cli.Main(version)
	beforeExit()
	os.Exit(code)
}
