package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps the folder layout a picture of the
// architecture (it lives here, in the package where the others meet, so
// that the module's root package needs no test binary of its own): leaf parsers and the client profiles import no I/O and
// none of hops's other packages; the model knows no engine; analysis and
// rendering never dial; only the entry point imports the command line.
func TestDependencyDirection(t *testing.T) {
	t.Parallel()
	const hops = "github.com/hops-cli/hops/"
	ui := []string{"github.com/charmbracelet/lipgloss", "github.com/fatih/color"}
	// Packages of hops a package may not depend on, even through others.
	noDeps := map[string][]string{
		"client":  {hops},
		"href":    {hops},
		"header":  {hops},
		"page":    {hops + "walk", hops + "analyze", hops + "render"},
		"inspect": {hops + "walk", hops + "analyze", hops + "page", hops + "check", hops + "bulk", hops + "render"},
		"analyze": {hops + "walk", hops + "bulk", hops + "check", hops + "render"},
		"check":   {hops + "walk", hops + "bulk", hops + "render", hops + "lab"},
		"walk":    {hops + "check", hops + "bulk", hops + "render", hops + "lab"},
		"bulk":    {hops + "render", hops + "lab"},
		"render":  {hops + "walk", hops + "bulk", hops + "lab"},
	}
	// Packages a package may not import itself: the network and the
	// terminal stay where they belong.
	dialing := []string{"net/http/httptrace", "crypto/tls", "net/http/cookiejar"}
	noImports := map[string][]string{
		"client":  {"net", "net/http", "os", "io"},
		"href":    {"net/http", "os", "io"},
		"header":  append([]string{"net", "os"}, dialing...),
		"page":    append([]string{"net", "os"}, dialing...),
		"inspect": append(append([]string{"net", "os"}, dialing...), ui...),
		"analyze": append(append([]string{"net", "os"}, dialing...), ui...),
		"check":   append(append([]string{"net"}, dialing...), ui...),
		"walk":    ui,
		"bulk":    ui,
		"render":  append([]string{"net", "github.com/fatih/color"}, dialing...),
	}
	// One go list for every package (each call costs a quarter second).
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", "github.com/hops-cli/hops/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports, deps := map[string][]string{}, map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			t.Fatalf("go list line %q", line)
		}
		imports[f[0]], deps[f[0]] = strings.Fields(f[1]), strings.Fields(f[2])
	}
	for pkg, bad := range noDeps {
		if _, ok := deps[hops+pkg]; !ok {
			t.Fatalf("no package %s", pkg)
		}
		for _, dep := range deps[hops+pkg] {
			for _, b := range bad {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
	for pkg, bad := range noImports {
		for _, imp := range imports[hops+pkg] {
			for _, b := range bad {
				if imp == b {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
	}
	for pkg, imps := range imports {
		for _, imp := range imps {
			if imp == hops+"internal/cli" && pkg != "github.com/hops-cli/hops" {
				t.Errorf("%s imports internal/cli", pkg)
			}
		}
	}
}
