package cli

import (
	"regexp"
	"strings"
	"testing"
)

// TestHelpPlaceholdersOnce: on every option line of every command's help,
// the placeholder after the flag's names is not written again in its
// description, and every visible flag of the command is listed.
func TestHelpPlaceholdersOnce(t *testing.T) {
	line := regexp.MustCompile(`^  (-[-\w.]+(?:, -[-\w.]+)*)(?: ('[^']*'|\S+))?  +(.*)$`)
	for _, cmd := range []string{"", "check", "canon", "diff", "demo", "clients", "explain", "completion"} {
		args := []string{"--help"}
		if cmd != "" {
			args = []string{cmd, "--help"}
		}
		r := runHops(t, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("hops %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		flags := 0
		for _, l := range strings.Split(r.stdout, "\n") {
			m := line.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			flags++
			if ph := m[2]; ph != "" && strings.Contains(m[3], ph) {
				t.Errorf("hops %s --help repeats %s: %q", cmd, ph, l)
			}
		}
		app := newApp(&streams{})
		want := 1 // --help
		fs := app.Flags
		if cmd != "" {
			fs = app.command(cmd).flagList()
		}
		for _, f := range fs {
			if !strings.Contains(r.stdout, "--"+f.Names()[0]) {
				t.Errorf("hops %s --help does not list --%s", cmd, f.Names()[0])
			}
			want++
		}
		if flags != want {
			t.Errorf("hops %s --help: %d option lines, want %d", cmd, flags, want)
		}
	}
}

// TestHelpExitStatus: the help of hops and of every command ends with its
// exit statuses, as the README says of `hops COMMAND --help`.
func TestHelpExitStatus(t *testing.T) {
	t.Parallel()
	names := []string{""}
	for _, c := range newApp(&streams{}).Commands {
		names = append(names, c.Name)
	}
	if len(names) < 8 {
		t.Fatalf("commands %q: fewer than the seven hops has", names)
	}
	status := regexp.MustCompile(`(?m)^Exit status:\n(  \d+ .*\n)+\z`)
	for _, cmd := range names {
		args := []string{"--help"}
		if cmd != "" {
			args = []string{cmd, "--help"}
		}
		r := runHops(t, args...)
		if r.code != 0 || !status.MatchString(r.stdout) {
			t.Errorf("hops %v: exit %d; help does not end with its exit statuses:\n%s", args, r.code, r.stdout)
		}
	}
}

// TestHelpExamplesRun: the examples of the commands that need no network
// (clients, explain, completion) run as written, with exit status 0.
func TestHelpExamplesRun(t *testing.T) {
	t.Parallel()
	n := 0
	for _, name := range []string{"clients", "explain", "completion"} {
		for _, ex := range helpText(name).examples {
			line, _, _ := strings.Cut(ex, "#")
			line, _, _ = strings.Cut(line, "|") // the command before a pipe
			words := strings.Fields(line)
			if len(words) < 2 || words[0] != "hops" {
				continue // "source <(hops completion bash)" is a shell's
			}
			n++
			if r := runHops(t, words[1:]...); r.code != 0 || r.stdout == "" {
				t.Errorf("%s: exit %d, stderr %q", strings.TrimSpace(line), r.code, r.stderr)
			}
		}
	}
	if n < 5 {
		t.Fatalf("ran %d examples; the help of clients and explain has at least 5", n)
	}
}
