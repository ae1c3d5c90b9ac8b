package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hops-cli/hops/diff"
	"github.com/hops-cli/hops/render"
)

func diffCommand(s *streams) *Command {
	return &Command{
		Name:  "diff",
		Usage: "what changed between two --json results (a chain or a check run)",
		newFlags: func() []*Flag {
			return []*Flag{
				&Flag{kind: boolKind, Name: "json", Usage: "write the changes as one JSON document (schema_version 1)", Category: "Output"},
				colorFlag,
				&Flag{kind: stringKind, Name: "fail-on", Value: "regression", Usage: "exit 1 on any regression, or (change) on any difference at all", Category: "Output"},
			}
		},
		Action: func(c *Context) error { return diffAction(c, s) },
	}
}

func diffAction(c *Context, s *streams) error {
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
	paths := []string{c.Args().Get(0), c.Args().Get(1)}
	if paths[0] == "-" && paths[1] == "-" {
		return usagef("diff reads one of OLD and NEW from standard input (-), not both")
	}
	for i, p := range paths {
		if p != "-" {
			continue
		}
		tmp, err := stdinFile(s.stdin)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		paths[i] = tmp
	}
	// An unreadable or invalid file is an error of its own (exit 2),
	// named with its line, not a usage error.
	res, err := diff.Run(paths[0], paths[1])
	var ie *diff.InputError
	if errors.As(err, &ie) && ie.File != c.Args().Get(0) && ie.File != c.Args().Get(1) {
		ie.File = "standard input"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fileErrorf("diff: %w", unwrapPathError(err))
	}
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

// stdinFile copies standard input to a temporary file: a run is read
// twice when it holds an error (to name the line), and never held in
// memory.
func stdinFile(stdin io.Reader) (string, error) {
	f, err := os.CreateTemp("", "hops-diff-stdin-*.jsonl")
	if err != nil {
		return "", fmt.Errorf("read standard input: %w", err)
	}
	_, err = io.Copy(f, stdin)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("read standard input: %w", err)
	}
	return f.Name(), nil
}
