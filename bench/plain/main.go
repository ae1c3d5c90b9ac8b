// Command plain is the floor of bench/chain.sh: a plain Go client with
// the standard library's default settings, following the same redirects
// and reading the final body, nothing else. Built with -tags speclibs it
// also links SPEC.md's libraries, with -tags speclibs,uselibs it uses
// each of them once as any client built on them must (speclibs.go,
// uselibs.go), and with -tags speclibs,uselibs,signals it also takes
// Ctrl-C over (signals.go): three more floors, labelled as such.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
)

// client and readBody are replaced by uselibs.go, arm by signals.go.
var (
	arm      = context.Background
	client   = http.DefaultClient
	readBody = func(r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	}
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: plain URL")
		os.Exit(2)
	}
	req, err := http.NewRequestWithContext(arm(), http.MethodGet, os.Args[1], nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = readBody(resp.Body)
	resp.Body.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(resp.StatusCode)
}
