//go:build speclibs && uselibs

// Built with -tags speclibs,uselibs, the plain client uses SPEC.md's
// libraries once each, as a client built on them must, and nothing more:
// every redirect's URL is parsed by whatwg-url, cookies go through a
// cookiejar with the public suffix list, and the final body is read by
// x/net/html's tokenizer. Linking alone (speclibs.go) lets the linker drop
// what is never called, such as the tokenizer's entity table, which is
// built at start once the tokenizer is kept; this floor pays for it.
// lipgloss stays linked and unused: hops --json draws nothing.

package main

import (
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"

	whatwg "github.com/nlnwa/whatwg-url/url"
	"golang.org/x/net/html"
	"golang.org/x/net/publicsuffix"
)

func init() {
	jar, err := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	if err != nil {
		panic(err)
	}
	client = &http.Client{
		Jar: jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			_, err := whatwg.Parse(req.URL.String())
			return err
		},
	}
	readBody = func(r io.Reader) error {
		z := html.NewTokenizer(r)
		for {
			if z.Next() == html.ErrorToken {
				if err := z.Err(); err != io.EOF {
					return err
				}
				return nil
			}
			z.Token()
		}
	}
}
