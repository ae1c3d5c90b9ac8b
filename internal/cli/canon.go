package cli

import (
	"slices"
	"strings"
	"sync"

	"github.com/hops-cli/hops/canon"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/render"
	"github.com/hops-cli/hops/walk"
)

func canonCommand(s *streams) *Command {
	return &Command{
		Name:     "canon",
		Usage:    "do all entry points (http/https × apex/www) reach one canonical URL?",
		newFlags: func() []*Flag { return slices.Concat(requestFlags, canonFlags) },
		Action:   func(c *Context) error { return canonAction(c, s) },
	}
}

// canonFlags are canon's options beyond the request's.
var canonFlags = []*Flag{
	&Flag{kind: boolKind, Name: "json", Usage: "write the entry points, the canonical URL, preload readiness and findings as JSON (schema_version 1)", Category: "Output"},
	&Flag{kind: boolKind, Name: "silent", Aliases: []string{"s"}, Usage: "no spinner", Category: "Output"},
	showErrorFlag,
	colorFlag,
	&Flag{kind: stringKind, Name: "fail-on", Value: "error", Usage: "exit 1 when a finding reaches this severity", Category: "Output"},
}

// canonAction walks the entry points of a host concurrently, each as a
// single inspection walks its URL (same request, same options), and
// judges them together.
func canonAction(c *Context, s *streams) error {
	if c.NArg() != 1 {
		return usagef("canon takes one HOST or URL (hops canon example.com), got %d arguments", c.NArg())
	}
	arg := c.Args().First()
	if err := checkTarget(arg, nil); err != nil {
		return err
	}
	if strings.EqualFold(c.String("as"), "all") {
		return usagef("--as all compares the clients on one URL (hops --as all URL); canon walks each entry point as one client")
	}
	mode := c.String("color")
	if err := checkColor(mode); err != nil {
		return err
	}
	failOn, err := parseFailOn(c)
	if err != nil {
		return err
	}
	points, err := canon.EntryPoints(arg)
	if err != nil {
		return &usageError{err: err}
	}
	req, w, err := parseRequest(c, s)
	if err != nil {
		return err
	}
	if t, ok := w.Transport.(*walk.Transport); ok {
		defer t.CloseIdleConnections()
	}
	if note := getOnlyNote(w, req); note != "" {
		s.errorf("%s", note)
	}
	asJSON := c.Bool("json")
	spin := newSpinner(s, !asJSON && !s.silent && isTerminal(s.stderr))
	// The spinner follows one hop at a time: the four walks take turns
	// telling it which hop they wait for.
	var mu sync.Mutex
	w.OnRequest = func(n int, method, url string) {
		mu.Lock()
		defer mu.Unlock()
		spin.request(n, method, url)
	}
	entries, werr := canon.Walk(c.Context, w, req, points.URLs)
	spin.stop()
	if entries == nil {
		return werr
	}
	interrupted := c.Context.Err() != nil
	if werr != nil && !interrupted {
		return werr
	}
	report := canon.Judge(points.Apex, entries)
	if asJSON {
		err = render.CanonJSON(s.stdout, report, interrupted, render.Meta{Version: toolVersion(), Client: w.ProfileName()})
	} else {
		view := s.viewOptions(mode)
		if !isTerminal(s.stdout) && s.getenv("COLUMNS") == "" {
			// As check's: a file or a pipe gets each line whole, so that a
			// URL stays one string to grep or to click (the table at 80
			// columns cut long ones in two). A width given in COLUMNS is
			// still the width asked for.
			view.Width = render.NoWrap
		}
		err = render.Canon(s.stdout, report, points, view)
	}
	if err != nil {
		return err
	}
	switch {
	case interrupted:
		return exitStatus(exitInterrupted)
	case inspect.Worst(report.Findings) >= failOn:
		return exitStatus(exitFindings)
	}
	return nil
}
