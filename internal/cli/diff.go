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
	var fe *diff.FileError
	if errors.As(err, &fe) {
		return fileErrorf("diff: %w", unwrapPathError(fe.Err))
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
		return "", fmt.Errorf("diff: keep standard input in a temporary file: %w", err)
	}
	in := &tagReader{r: stdin}
	_, err = io.Copy(f, in)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		if in.err != nil {
			// A directory or a device on stdin: what failed is the read,
			// whatever the path the system gives it.
			var pe *os.PathError
			if errors.As(in.err, &pe) {
				in.err = pe.Err
			}
			return "", fileErrorf("diff: read standard input: %w", in.err)
		}
		return "", fmt.Errorf("diff: keep standard input in %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}

// tagReader keeps its reader's error, so that a copy can tell a read that
// failed from a write that did; it also hides the reader's own type, so
// the copy reads and writes rather than handing the kernel both files.
type tagReader struct {
	r   io.Reader
	err error
}

func (t *tagReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}
