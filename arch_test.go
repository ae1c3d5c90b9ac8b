package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// TestDependencyDirection keeps the layout honest: the model knows nothing
// of presentation, and presentation nothing of the lab or the command line.
func TestDependencyDirection(t *testing.T) {
	forbidden := map[string][]string{
		"./walk":    {"github.com/charmbracelet/", "github.com/fatih/color", "github.com/hops-cli/hops/render", "github.com/hops-cli/hops/check", "github.com/urfave/cli"},
		"./inspect": {"github.com/charmbracelet/", "github.com/fatih/color", "github.com/hops-cli/hops/render", "github.com/hops-cli/hops/check", "github.com/urfave/cli"},
		"./check":   {"github.com/charmbracelet/", "github.com/fatih/color", "github.com/hops-cli/hops/render", "github.com/urfave/cli"},
		"./render":  {"github.com/hops-cli/hops/lab", "github.com/urfave/cli", "github.com/fatih/color"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range bad {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}

// TestExplainEveryCode: `hops explain` covers 300 to 308 and every code.
func TestExplainEveryCode(t *testing.T) {
	var args []string
	for code := 300; code <= 308; code++ {
		args = append(args, strconv.Itoa(code))
	}
	for _, e := range inspect.Catalogue {
		args = append(args, string(e.Code))
	}
	for _, a := range args {
		var out, errb bytes.Buffer
		code := run(t.Context(), []string{"hops", "explain", a}, nil, &out, &errb, func(string) string { return "" })
		if code != exitOK || !strings.HasPrefix(out.String(), a) || len(out.String()) < 80 {
			t.Errorf("hops explain %s: exit %d, %q", a, code, out.String())
		}
	}
}

// TestVersionByLdflags: the release build's -X main.version reaches
// --version and the JSON's tool.version.
func TestVersionByLdflags(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "hops")
	build := exec.Command("go", "build", "-tags", "urfave_cli_no_docs", "-ldflags", "-X main.version=9.8.7", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || string(out) != "hops 9.8.7\n" {
		t.Errorf("--version = %q, %v; want \"hops 9.8.7\\n\"", out, err)
	}
	out, _ = exec.Command(bin, "--json", "http://127.0.0.1:1/").Output()
	if !strings.Contains(string(out), `"version": "9.8.7"`) {
		t.Errorf("JSON lacks tool.version 9.8.7: %s", out)
	}
}
