//go:build speclibs

// Built with -tags speclibs, the plain client also links the libraries
// SPEC.md chooses for hops (lipgloss for the terminal view, x/net/html for
// HTML sniffing, whatwg-url for the URL standard, cookiejar with the public
// suffix list) and calls none of them: it pays what a process pays at start
// for linking them (their package init, a larger binary's pages) and does
// the same requests. bench/chain.sh reports hops against it as a second
// floor.

package main

import (
	_ "net/http/cookiejar"

	_ "github.com/charmbracelet/lipgloss"
	_ "github.com/nlnwa/whatwg-url/url"
	_ "golang.org/x/net/html"
	_ "golang.org/x/net/publicsuffix"
)
