// Command plainlibs is bench/plain linked with the libraries SPEC.md
// chooses for hops (lipgloss for the terminal view, x/net/html for HTML
// sniffing, whatwg-url for the URL standard, cookiejar with the public
// suffix list): the same requests, plus what a process pays at start
// only for linking them (their package init, a larger binary's pages).
// bench/chain.sh reports hops against it as a second floor.
package main

import (
	"fmt"
	"io"
	"net/http"
	_ "net/http/cookiejar"
	"os"

	_ "github.com/charmbracelet/lipgloss"
	_ "github.com/nlnwa/whatwg-url/url"
	_ "golang.org/x/net/html"
	_ "golang.org/x/net/publicsuffix"
)

func main() {
	resp, err := http.Get(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
}
