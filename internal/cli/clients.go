package cli

import (
	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/render"
)

func clientsCommand(s *streams) *Command {
	return &Command{
		Name:     "clients",
		Usage:    "the client profiles of --as and how they differ",
		newFlags: func() []*Flag { return []*Flag{colorFlag} },
		Action: func(c *Context) error {
			if c.NArg() != 0 {
				return usagef("clients takes no arguments (hops explain CLIENT tells one)")
			}
			if err := checkColor(c.String("color")); err != nil {
				return err
			}
			return render.ClientList(s.stdout, client.All, s.viewOptions(c.String("color")))
		},
	}
}

// allClientsAction is `hops --as all URL`: the chain walked once per
// client profile (live: a server may answer clients differently), compared.
func allClientsAction(c *Context, s *streams, rawURL string) error {
	o, err := parseOptions(c, s, rawURL)
	if err != nil {
		return err
	}
	if o.brief || o.final {
		return usagef("--as all shows a table of clients; --brief and --final show one chain")
	}
	if o.verbose || o.body {
		return usagef("--as all shows a table of clients; -v and --body show one chain's headers and body (hops --as CLIENT -v URL)")
	}
	base, userLimit := o.req, c.IsSet("max-redirects")
	userUA := c.IsSet("user-agent") || c.IsSet("agent") || base.Header.Get("User-Agent") != defaultHeader().Get("User-Agent")
	userAccept := base.Header.Get("Accept") != defaultHeader().Get("Accept")
	// The clients walk one after another, each with connections of its
	// own, as separate programs would: side by side, a server's rate limit
	// answered some with 429 for the burst alone (a divergence that is
	// hops's, not the clients'), and they took each other's connections
	// and timings. A server that stalls costs a --timeout a client.
	var runs []analyze.Run
	for _, p := range client.All {
		w := *o.walker
		w.Transport = nil // a Transport of its own, from w.Config
		req := asClient(base, &w, p, userUA, userAccept, userLimit)
		chain, err := w.Inspect(c.Context, req)
		if chain == nil {
			return err
		}
		runs = append(runs, analyze.Run{Client: p, Chain: chain})
		if err != nil {
			break // interrupted: show what was walked
		}
	}
	divs, findings := analyze.Compare(runs)
	if o.json {
		err = render.ClientsJSON(s.stdout, base, runs, divs, findings, c.Context.Err() != nil, render.Meta{Version: toolVersion(), ShowSecrets: o.showSecrets})
	} else {
		ropts := s.viewOptions(o.color)
		ropts.ShowSecrets = o.showSecrets
		err = render.Clients(s.stdout, base, runs, divs, findings, ropts)
	}
	if err != nil {
		return err
	}
	if c.Context.Err() != nil {
		return exitStatus(exitInterrupted)
	}
	// Every finding the output shows counts, each client's own too: a
	// chain that fails for every client is not a pass.
	worst := inspect.Worst(findings)
	for _, r := range runs {
		worst = max(worst, inspect.Worst(r.Chain.Findings))
	}
	if worst >= o.failOn {
		return exitStatus(exitFindings)
	}
	return nil
}
