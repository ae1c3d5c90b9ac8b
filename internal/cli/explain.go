package cli

import (
	"strconv"
	"strings"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/render"
)

func explainCommand(s *streams) *Command {
	return &Command{
		Name:  "explain",
		Usage: "what a status (300-308), a finding, error or lint code, or a client profile means",
		newFlags: func() []*Flag {
			return []*Flag{
				&Flag{kind: boolKind, Name: "list", Usage: "list every finding code with its severity, then the error and lint codes"},
			}
		},
		Action: func(c *Context) error {
			if c.Bool("list") {
				if c.NArg() > 0 {
					return usagef("explain --list lists every code; it takes no code of its own (hops explain %s)", c.Args().First())
				}
				if err := render.CodeList(s.stdout, inspect.Catalogue, s.textOptions()); err != nil {
					return err
				}
				return render.OtherCodeList(s.stdout, "Not findings: error codes of --json and lint codes of hops check", otherCodes, s.textOptions())
			}
			if c.NArg() != 1 {
				return usagef("explain takes one code: a status from 300 to 308, a finding, error or lint code, or a client (hops explain --list)")
			}
			return explain(s, c.Args().First())
		},
	}
}

func explain(s *streams, arg string) error {
	arg = strings.TrimSpace(arg)
	if n, err := strconv.Atoi(arg); err == nil {
		e, ok := inspect.LookupStatus(n)
		if !ok {
			return usagef("explain %d: hops explains the redirect statuses 300 to 308", n)
		}
		return render.ExplainStatus(s.stdout, e, s.textOptions())
	}
	if p, ok := client.Lookup(arg); ok {
		return render.ExplainClient(s.stdout, p, s.textOptions())
	}
	e, ok := inspect.Lookup(inspect.Code(strings.ToLower(arg)))
	if !ok {
		if o, ok := lookupOther(strings.ToLower(arg)); ok {
			return render.ExplainOther(s.stdout, o, s.textOptions())
		}
		return usagef("explain %q: not a status, finding, error or lint code, or a client (hops explain --list, hops clients)", arg)
	}
	return render.ExplainCode(s.stdout, e, s.textOptions())
}

// textOptions are the render options of plain text on stdout.
func (s *streams) textOptions() render.Options {
	return render.Options{Width: termWidth(s.stdout, s.getenv)}
}
