package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/lab"
	"github.com/hops-cli/hops/render"
	"github.com/hops-cli/hops/robots"
	"github.com/hops-cli/hops/walk"
)

func demoCommand(s *streams) *Command {
	return &Command{
		Name:  "demo",
		Usage: "run the built-in redirect lab on loopback and inspect each scenario",
		newFlags: func() []*Flag {
			return []*Flag{
				&Flag{kind: boolKind, Name: "serve", Usage: "keep the lab up and print the hops commands to try"},
				&Flag{kind: boolKind, Name: "json", Usage: "write each scenario as a JSON document, in turn", Category: "Output"},
				colorFlag,
			}
		},
		Action: func(c *Context) error { return demoAction(c, s) },
	}
}

func demoAction(c *Context, s *streams) error {
	mode := c.String("color")
	if mode != "auto" && mode != "always" && mode != "never" {
		return usagef("--color %q: want auto, always or never", mode)
	}
	if c.Bool("serve") && c.Bool("json") {
		return usagef("--serve keeps the lab up for your own commands; --json writes the scenarios' chains: one or the other")
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
	d := &demo{lab: l}
	defer d.close()
	if c.Bool("serve") {
		return serveLab(c, s, d, scenarios)
	}

	opts := s.viewOptions(mode)
	for i, sc := range scenarios {
		if sc.Check || sc.Canon != "" {
			if c.Bool("json") && c.NArg() == 0 {
				// --json of every scenario is a stream of chain documents;
				// a whole check or canon writes its own, when named.
				continue
			}
			if i > 0 && !c.Bool("json") {
				fmt.Fprintln(s.stdout)
			}
			if err := d.runCommand(c, s, sc, mode, opts); err != nil {
				return err
			}
			continue
		}
		chain, err := walkScenario(c, l, sc, client.Browser)
		if err != nil {
			return err
		}
		if sc.AllClients {
			if i > 0 && !c.Bool("json") {
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

// demoAllClients shows a scenario as every client walks it, as a table or,
// with --json, the document of hops --as all --json.
func demoAllClients(c *Context, s *streams, l *lab.Lab, sc lab.Scenario, browser *inspect.Chain, opts render.Options) error {
	runs := []analyze.Run{{Client: client.Browser, Chain: browser}}
	for _, p := range client.All[1:] {
		chain, err := walkScenario(c, l, sc, p)
		if err != nil {
			return err
		}
		runs = append(runs, analyze.Run{Client: p, Chain: chain})
	}
	divs, findings := analyze.Compare(runs)
	if c.Bool("json") {
		return render.ClientsJSON(s.stdout, browser.Request, runs, divs, findings, c.Context.Err() != nil, render.Meta{Version: toolVersion()})
	}
	if err := render.Heading(s.stdout, sc.Name+": "+sc.Title, demoCommandLine(l, sc, ""), opts); err != nil {
		return err
	}
	return render.Clients(s.stdout, browser.Request, runs, divs, findings, opts)
}

func walkScenario(c *Context, l *lab.Lab, sc lab.Scenario, p *client.Profile) (*inspect.Chain, error) {
	w := walk.NewWalker()
	w.Config.RootCAs = l.RootCAs
	req := inspect.Request{URL: l.URL(sc), Method: sc.Method, Header: defaultHeader()}
	for _, h := range sc.Header {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	if sc.Body != "" {
		req.Body = []byte(sc.Body)
	}
	req = asClient(req, w, p, false, false, false)
	t, err := walk.NewTransport(w.Config)
	if err != nil {
		return nil, err
	}
	defer t.CloseIdleConnections()
	w.Transport = t
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

func serveLab(c *Context, s *streams, d *demo, scenarios []lab.Scenario) error {
	l := d.lab
	ca, err := d.caFile()
	if err != nil {
		return fmt.Errorf("demo --serve: %w", err)
	}
	fmt.Fprintf(s.stdout, "hops lab is up (Ctrl-C to stop)\n  http:  %s\n  https: %s\n  CA:    %s\n\nTry:\n", l.HTTPURL(), l.HTTPSURL(), ca)
	for _, sc := range scenarios {
		line := demoCommandLine(l, sc, ca)
		if sc.Check || sc.Canon != "" {
			args, err := d.commandArgs(sc)
			if err != nil {
				return err
			}
			line = shellLine(args)
		}
		fmt.Fprintf(s.stdout, "  # %s: %s\n  %s\n\n", sc.Name, sc.Title, line)
	}
	<-c.Context.Done()
	fmt.Fprintln(s.stdout, "hops lab stopped")
	return nil
}

// demo holds what the scenarios run against: the lab, and the made-up
// sites of hops canon once a scenario needs them, with their CA files.
type demo struct {
	lab     *lab.Lab
	sites   *lab.Sites
	dir     string
	labCA   string
	sitesCA string
}

func (d *demo) close() {
	if d.sites != nil {
		d.sites.Close()
	}
	if d.dir != "" {
		os.RemoveAll(d.dir)
	}
}

// caFile writes the lab's CA once, for commands that take --cacert.
func (d *demo) caFile() (string, error) {
	if d.labCA != "" {
		return d.labCA, nil
	}
	if d.dir == "" {
		dir, err := os.MkdirTemp("", "hops-lab-")
		if err != nil {
			return "", err
		}
		d.dir = dir
	}
	d.labCA = filepath.Join(d.dir, "lab-ca.pem")
	return d.labCA, d.lab.WriteCA(d.labCA)
}

// commandArgs is the command line of a scenario that is a whole hops
// command (a check, a canon), as a user would type it.
func (d *demo) commandArgs(sc lab.Scenario) ([]string, error) {
	ca, err := d.caFile()
	if err != nil {
		return nil, err
	}
	if sc.Check {
		return []string{"hops", "check", "--cacert", ca, d.lab.URL(sc)}, nil
	}
	if d.sites == nil {
		if d.sites, err = lab.StartSites(); err != nil {
			return nil, err
		}
		d.sitesCA = filepath.Join(d.dir, "sites-ca.pem")
		if err := d.sites.WriteCA(d.sitesCA); err != nil {
			return nil, err
		}
	}
	port := strconv.Itoa(d.sites.Port())
	// The made-up hosts all live on one loopback port: --resolve sends
	// every name there, so nothing is looked up.
	return []string{"hops", "canon", "--resolve", "*:" + port + ":127.0.0.1", "--cacert", d.sitesCA, sc.Canon + ":" + port}, nil
}

// runCommand runs a command scenario through hops itself, as the user
// would type it, with its heading; its findings are the point, so its
// exit status 1 is not the demo's.
func (d *demo) runCommand(c *Context, s *streams, sc lab.Scenario, mode string, opts render.Options) error {
	args, err := d.commandArgs(sc)
	if err != nil {
		return err
	}
	argv := append(args[:2:2], "--color", mode, "-s")
	if c.Bool("json") {
		argv = append(argv, "--json")
	} else if err := render.Heading(s.stdout, sc.Name+": "+sc.Title, shellLine(args), opts); err != nil {
		return err
	}
	argv = append(argv, args[2:]...)
	if code := run(c.Context, argv, nil, s.stdout, s.stderr, s.getenv); code != exitOK && code != exitFindings {
		return exitStatus(code)
	}
	return nil
}

func shellLine(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = shellQuote(a)
	}
	return strings.Join(parts, " ")
}
