package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/hops-cli/hops/inspect"
)

// statusText explains the redirect status codes, in our own words, from
// RFC 9110 §15.4 and Fetch.
var statusText = map[int][2]string{
	300: {"Multiple Choices", "The server offers several representations and lets the client choose. Browsers and Go do not follow it automatically, even with a Location; it is cacheable by default. Use 301/308 or 302/307 when there is one target."},
	301: {"Moved Permanently", "The resource has a new permanent URL. Browsers, curl -L, Go and Python requests turn a POST into a GET and drop the body (Go also changes PUT and DELETE). Browsers cache it, Chromium forever without explicit freshness. Use 308 for APIs that must keep the method."},
	302: {"Found", "The resource is temporarily elsewhere. Like 301, clients turn a POST into a GET. Not cached unless it carries explicit freshness. Use 307 to keep the method."},
	303: {"See Other", "The answer is at another URL, to be fetched with GET (HEAD stays HEAD): the POST/redirect/GET pattern after a form submission. Not a statement that the resource moved."},
	304: {"Not Modified", "Not a redirect: the answer to a conditional GET or HEAD, telling the client to use its cached copy. It carries no Location and nothing is followed."},
	305: {"Use Proxy", "Deprecated: it asked the client to repeat the request through a proxy. No current client follows it."},
	306: {"(Unused)", "Reserved; it was once Switch Proxy and is never sent. Clients treat it like 300."},
	307: {"Temporary Redirect", "Temporarily elsewhere, and the client must repeat the same method with the same body. The safe choice for temporary moves of APIs and forms. Not cached without explicit freshness."},
	308: {"Permanent Redirect", "Permanently moved, keeping the method and body (the permanent twin of 307). Cached by browsers like 301. Very old clients may not know it. Without a Location it may be Google's upload \"Resume Incomplete\"."},
}

func explainCommand(s *streams) *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "what a status code (300-308) or a finding code means",
		UsageText: "hops explain CODE\nhops explain --list",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "list", Usage: "list every finding code with its severity"},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("list") {
				width := termWidth(s.stdout, s.getenv)
				pad := strings.Repeat(" ", 34)
				for _, e := range inspect.Catalogue {
					summary := strings.ReplaceAll(wrapText(e.Summary, max(width-34, 30)), "\n", "\n"+pad)
					fmt.Fprintf(s.stdout, "%-24s %-8s %s\n", e.Code, e.Severity, summary)
				}
				return nil
			}
			if c.NArg() != 1 {
				return usagef("explain takes one code, a status from 300 to 308 or a finding code (hops explain --list)")
			}
			return explain(s, c.Args().First())
		},
	}
}

func explain(s *streams, arg string) error {
	arg = strings.TrimSpace(arg)
	if n, err := strconv.Atoi(arg); err == nil {
		t, ok := statusText[n]
		if !ok {
			return usagef("explain %d: hops explains the redirect statuses 300 to 308", n)
		}
		fmt.Fprintf(s.stdout, "%d %s\n\n%s\n", n, t[0], wrapText(t[1], 76))
		return nil
	}
	e, ok := inspect.Lookup(inspect.Code(strings.ToLower(arg)))
	if !ok {
		return usagef("explain %q: not a finding code (hops explain --list)", arg)
	}
	fmt.Fprintf(s.stdout, "%s (%s)\n\nWhen: %s.\n\n%s\n\nReference: %s\n", e.Code, e.Severity, e.Summary, wrapText(e.Why, 76), e.Reference)
	return nil
}

// wrapText wraps prose at spaces to the given width.
func wrapText(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
