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

func main() { os.Exit(cli.Main(version)) }
