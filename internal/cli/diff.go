package cli

import (
	"github.com/urfave/cli/v2"

	"github.com/hops-cli/hops/diff"
	"github.com/hops-cli/hops/render"
)

func diffCommand(s *streams) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "what changed between two --json results (a chain or a check run)",
		UsageText: "hops diff [options] OLD NEW",
		Flags: fastFlags([]cli.Flag{
			jsonFlag("write the changes as one JSON document (schema_version 1)"),
			colorFlag(),
			&cli.StringFlag{Name: "fail-on", Value: "regression", Usage: "exit 1 on any regression, or (change) on any difference at all", Category: "Output"},
		}),
		Action: func(c *cli.Context) error { return diffAction(c, s) },
	}
}

func diffAction(c *cli.Context, s *streams) error {
	if c.NArg() != 2 {
		return usagef("diff takes two files, OLD and NEW, each the output of hops --json or hops check --json (got %d)", c.NArg())
	}
	mode := c.String("color")
	if err := checkColor(mode); err != nil {
		return err
	}
	failOn := c.String("fail-on")
	if failOn != "regression" && failOn != "change" {
		return usagef("--fail-on %q: want regression or change", failOn)
	}
	// An unreadable or invalid file is an error of its own (exit 2),
	// named with its line, not a usage error.
	res, err := diff.Run(c.Args().Get(0), c.Args().Get(1))
	if err != nil {
		return err
	}
	defer res.Close()
	if c.Bool("json") {
		err = render.DiffJSON(s.stdout, res.Rows(), res.Summary, render.Meta{Version: toolVersion()})
	} else {
		err = render.DiffText(s.stdout, res.Rows(), res.Summary, s.viewOptions(mode))
	}
	if err != nil {
		return err
	}
	sum := res.Summary
	if sum.Regression > 0 || failOn == "change" && sum.Regression+sum.Change+sum.Improvement > 0 {
		return exitStatus(exitFindings)
	}
	return nil
}
