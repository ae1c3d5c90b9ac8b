package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/lab"
	"github.com/hops-cli/hops/render"
	"github.com/hops-cli/hops/robots"
	"github.com/hops-cli/hops/walk"
)

func demoCommand(s *streams) *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "run the built-in redirect lab on loopback and inspect each scenario",
		UsageText: "hops demo [--serve] [--json] [SCENARIO...]",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "serve", Usage: "keep the lab up and print the hops commands to try"},
			jsonFlag("write each chain as JSON, one document after another"),
			colorFlag(),
		},
		Action: func(c *cli.Context) error { return demoAction(c, s) },
	}
}

func demoAction(c *cli.Context, s *streams) error {
	mode := c.String("color")
	if mode != "auto" && mode != "always" && mode != "never" {
		return usagef("--color %q: want auto, always or never", mode)
	}
	scenarios := lab.Scenarios
	if c.NArg() > 0 {
		scenarios = nil
		for _, name := range c.Args().Slice() {
			sc, ok := lab.Lookup(name)
			if !ok {
				return usagef("no scenario %q; the lab has %s", name, scenarioNames())
			}
			scenarios = append(scenarios, sc)
		}
	}
	l, err := lab.Start()
	if err != nil {
		return err
	}
	defer l.Close()
	if c.Bool("serve") {
		return serveLab(c, s, l, scenarios)
	}

	opts := s.viewOptions(mode)
	for i, sc := range scenarios {
		chain, err := walkScenario(c, l, sc, client.Browser)
		if err != nil {
			return err
		}
		if sc.AllClients && !c.Bool("json") {
			if i > 0 {
				fmt.Fprintln(s.stdout)
			}
			if err := demoAllClients(c, s, l, sc, chain, opts); err != nil {
				return err
			}
			continue
		}
		if c.Bool("json") {
			if err := render.JSON(s.stdout, chain, render.Meta{Version: toolVersion()}); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(s.stdout)
		}
		if err := render.Heading(s.stdout, sc.Name+": "+sc.Title, demoCommandLine(l, sc, ""), opts); err != nil {
			return err
		}
		if err := render.Terminal(s.stdout, chain, opts); err != nil {
			return err
		}
	}
	return nil
}

// demoAllClients shows a scenario as every client walks it.
func demoAllClients(c *cli.Context, s *streams, l *lab.Lab, sc lab.Scenario, browser *inspect.Chain, opts render.Options) error {
	runs := []analyze.Run{{Client: client.Browser, Chain: browser}}
	for _, p := range client.All[1:] {
		chain, err := walkScenario(c, l, sc, p)
		if err != nil {
			return err
		}
		runs = append(runs, analyze.Run{Client: p, Chain: chain})
	}
	if err := render.Heading(s.stdout, sc.Name+": "+sc.Title, demoCommandLine(l, sc, ""), opts); err != nil {
		return err
	}
	divs, findings := analyze.Compare(runs)
	return render.Clients(s.stdout, browser.Request, runs, divs, findings, opts)
}

func walkScenario(c *cli.Context, l *lab.Lab, sc lab.Scenario, p *client.Profile) (*inspect.Chain, error) {
	w := walk.NewWalker()
	w.Config.RootCAs = l.RootCAs
	t, err := walk.NewTransport(w.Config)
	if err != nil {
		return nil, err
	}
	defer t.CloseIdleConnections()
	w.Transport = t
	req := inspect.Request{URL: l.URL(sc), Method: sc.Method, Header: defaultHeader()}
	for _, h := range sc.Header {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	if sc.Body != "" {
		req.Body = []byte(sc.Body)
	}
	req = asClient(req, w, p, false, false, false)
	if sc.Robots {
		w.Robots = &robots.Cache{Client: &http.Client{Transport: t}, UserAgent: req.Header.Get("User-Agent")}
	}
	chain, err := w.Inspect(c.Context, req)
	if err != nil {
		return nil, err
	}
	return chain, nil
}

// demoCommandLine is the hops command that inspects a scenario by hand.
func demoCommandLine(l *lab.Lab, sc lab.Scenario, caFile string) string {
	parts := []string{"hops"}
	if sc.AllClients {
		parts = append(parts, "--as", "all")
	}
	if sc.Robots {
		parts = append(parts, "--robots")
	}
	if sc.Method != "" && !(sc.Method == "POST" && sc.Body != "") {
		parts = append(parts, "-X", sc.Method)
	}
	for _, h := range sc.Header {
		parts = append(parts, "-H", shellQuote(h))
	}
	if sc.Body != "" {
		parts = append(parts, "-d", shellQuote(sc.Body))
	}
	if caFile != "" {
		parts = append(parts, "--cacert", shellQuote(caFile))
	}
	return strings.Join(append(parts, l.URL(sc)), " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func scenarioNames() string {
	names := make([]string, len(lab.Scenarios))
	for i, s := range lab.Scenarios {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

func serveLab(c *cli.Context, s *streams, l *lab.Lab, scenarios []lab.Scenario) error {
	dir, err := os.MkdirTemp("", "hops-lab-")
	if err != nil {
		return fmt.Errorf("demo --serve: %w", err)
	}
	defer os.RemoveAll(dir)
	ca := filepath.Join(dir, "lab-ca.pem")
	if err := l.WriteCA(ca); err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "hops lab is up (Ctrl-C to stop)\n  http:  %s\n  https: %s\n  CA:    %s\n\nTry:\n", l.HTTPURL(), l.HTTPSURL(), ca)
	for _, sc := range scenarios {
		fmt.Fprintf(s.stdout, "  # %s: %s\n  %s\n\n", sc.Name, sc.Title, demoCommandLine(l, sc, ca))
	}
	<-c.Context.Done()
	fmt.Fprintln(s.stdout, "hops lab stopped")
	return nil
}
