package cli

import (
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
)

// hops writes its own --help: urfave/cli's templates sort flag categories
// and flags by name (so -X, -d and -H came last), repeat placeholders and
// have no room for examples or exit statuses.

// choices are the values of flags that take one of a few words; help
// shows them as the placeholder. aliases are other spellings accepted.
type choice struct{ values, aliases string }

var choices = map[string]choice{
	"color":   {"auto|always|never", "auto: on a terminal, unless NO_COLOR is set"},
	"fail-on": {"error|warning|info|never", "warn and none are accepted for warning and never"},
}

// choiceOf is the choices of the flag named name: hops diff's --fail-on
// takes other words than the --fail-on of the other commands.
func choiceOf(f *Flag, name string) (choice, bool) {
	if name == "fail-on" && f.defaultText() == "regression" {
		return choice{"regression|change", ""}, true
	}
	c, ok := choices[name]
	return c, ok
}

// firstFlags are the options most used, in the order help shows them at
// the head of their group; the rest follow in the order they are declared.
var firstFlags = []string{
	"request", "data", "header", "head", "json", "verbose", "brief", "final", "body",
	"as", "agent", "user-agent", "user", "cookie", "max-redirects", "timeout", "max-time",
	"concurrency", "per-host", "base", "csv", "junit", "lint",
	"resolve", "insecure", "cacert", "proxy",
}

// categoryOrder is the order of the flag groups.
var categoryOrder = []string{"Check", "Request", "Output", "Connection", ""}

// commandHelp is what a command's help says beyond its flags.
type commandHelp struct {
	usage    []string // the command's forms
	about    string   // a paragraph under them
	examples []string // "command  # what it shows" lines
}

// helpText is what the help of command name ("" for hops itself) says
// beyond its flags. Only the text asked for is built, when help is asked
// for: not by package init, nor every command's at once.
func helpText(name string) commandHelp {
	switch name {
	case "":
		return commandHelp{
			usage: []string{
				"hops [options] URL",
				"hops check [options] FILE|URL|-",
				"hops canon [options] HOST|URL",
				"hops diff [options] OLD NEW",
				"hops demo [--serve] [--json] [SCENARIO...]",
				"hops clients",
				"hops explain CODE|STATUS|CLIENT",
				"hops completion bash|zsh|fish",
			},
			about: "Sends the request, follows every redirect itself and shows each hop: status, Location and " +
				"where it resolves, method and body changes, caching, HSTS, TLS and timing, and what is wrong " +
				"with the chain. A URL without a scheme is taken as http://, as curl does.",
			examples: []string{
				"hops example.com                                 # the chain a browser would follow",
				"hops -X POST -d '{\"a\":1}' -H 'Content-Type: application/json' https://api.example.com/v1/items",
				"hops --as all http://example.com/old             # what curl, Go, requests, axios, a browser... do",
				"hops --json https://example.com/ | jq .final     # the same as JSON",
			},
		}
	case "check":
		return commandHelp{
			usage: []string{"hops check [options] FILE|URL|-"},
			examples: []string{
				"hops check urls.txt                              # one URL a line",
				"hops check --base https://example.com map.csv    # old,new[,301] rows with path sources",
				"hops check --csv map.csv > report.csv            # a flat report for a spreadsheet",
				"hops check --lint map.csv                        # only lint the map, fetching nothing",
			},
		}
	case "demo":
		return commandHelp{
			usage: []string{"hops demo [--serve] [--json] [SCENARIO...]"},
			about: "Starts the lab on loopback (nothing leaves this machine) and inspects each scenario, " +
				"or the ones named. Scenarios: " + scenarioNames() + ".",
			examples: []string{
				"hops demo                                        # every scenario",
				"hops demo api-301 api-308                        # two of them",
				"hops demo --serve                                # keep the lab up and try hops on it",
			},
		}
	case "clients":
		return commandHelp{
			usage:    []string{"hops clients"},
			examples: []string{"hops clients", "hops explain python-requests                     # one client in full"},
		}
	case "explain":
		return commandHelp{
			usage: []string{"hops explain CODE|STATUS|CLIENT", "hops explain --list"},
			about: "CODE is a finding code (hops explain --list), an error code of --json (invalid-row, interrupted, refused) " +
				"or a lint code of hops check; STATUS is 300 to 308; CLIENT a profile of --as.",
			examples: []string{"hops explain 308", "hops explain method-change", "hops explain --list"},
		}
	case "canon":
		return commandHelp{
			usage: []string{"hops canon [options] HOST|URL"},
			about: "Walks the four entry points of a site (http and https, apex and www; a URL keeps its path, query and port; " +
				"an IP address or localhost has two) at once, with the request options of a single inspection, and says whether " +
				"they all land on one canonical URL with a 2xx in the fewest redirects, over https with HSTS, and whether the " +
				"site is ready for the HSTS preload list (hstspreload.org), naming what fails.",
			examples: []string{
				"hops canon example.com                                   # the four entry points of example.com",
				"hops canon --fail-on warning https://www.example.com/shop # extra hops, a missing upgrade or HSTS fail too",
				"hops canon --json example.com | jq .preload              # preload readiness and its problems",
			},
		}
	case "diff":
		return commandHelp{
			usage: []string{"hops diff [options] OLD NEW"},
			about: "OLD and NEW are outputs of hops --json (one chain) or hops check --json (JSON Lines); either may be - " +
				"for standard input. Rows are matched by source URL and method. Each change is a regression (a new error or " +
				"warning finding; the final status left 2xx or no final response came; the final URL moved; a permanent first " +
				"redirect became temporary; HSTS lost or weakened), an improvement (an error or warning finding went; the final " +
				"status became 2xx; fewer redirects) or a change (anything else, a row only in one run too). A row is its worst change.",
			examples: []string{
				"hops check --json map.csv > baseline.jsonl                # save today's redirects",
				"hops check --json map.csv | hops diff baseline.jsonl -    # after a deploy: exit 1 on a regression",
				"hops diff --json --fail-on change old.json new.json       # any difference fails",
			},
		}
	case "completion":
		return commandHelp{
			usage: []string{"hops completion bash|zsh|fish"},
			about: "Prints a completion script for commands, options and their values (--as, --agent, --color, " +
				"explain codes, demo scenarios, file names for check). Completing never sends a request.",
			examples: []string{
				"source <(hops completion bash)                   # in ~/.bashrc",
				"source <(hops completion zsh)                    # in ~/.zshrc, after compinit",
				"hops completion fish | source                    # in ~/.config/fish/config.fish",
			},
		}
	}
	return commandHelp{}
}

// exitStatusText is SPEC's exit statuses in command name's terms, and
// whether it has its own.
func exitStatusText(name string) (string, bool) {
	switch name {
	case "":
		return `Exit status:
  0    no finding at or above --fail-on (default error)
  1    at least one (a failed request is a request-failed finding: exit 1, JSON still written)
  2    bad usage or input: unknown flag, malformed URL, unreadable file
  130  interrupted (Ctrl-C); 143 on SIGTERM`, true
	case "check":
		return `Exit status:
  0    every row ok (with --lint: the map has no lint issue)
  1    at least one row not ok (with --lint: an issue named)
  2    bad usage or input: unknown flag, unreadable file, a map with no rows
  130  interrupted (Ctrl-C): the rows that finished are written, then the summary`, true
	case "demo":
		return `Exit status:
  0    the lab ran (its scenarios' findings are the point, not a failure)
  2    bad usage: an unknown scenario or flag`, true
	case "canon":
		return `Exit status:
  0    no finding at or above --fail-on (default error: entry-divergent, an entry's own errors)
  1    at least one (long-chain, https-upgrade-not-first and hsts-missing are warnings)
  2    bad usage: no HOST or more than one, a malformed URL, user:password, --as all
  130  interrupted (Ctrl-C)`, true
	case "diff":
		return `Exit status:
  0    no regression (with --fail-on change: no difference)
  1    at least one regression (with --fail-on change: any difference)
  2    bad usage or input: a file unreadable, not JSON or not a run of hops (named with its line)`, true
	case "clients":
		return `Exit status:
  0    listed
  2    bad usage`, true
	case "explain":
		return `Exit status:
  0    explained
  2    not a status, code or client hops knows`, true
	case "completion":
		return `Exit status:
  0    the script written
  2    bad usage: no shell, or one other than bash, zsh and fish`, true
	}
	return "", false
}

// printHelp writes the help of data: the app, or one of its commands.
func printHelp(w io.Writer, data any) {
	var (
		name, summary string
		flags         []*Flag
		commands      []*Command
	)
	switch d := data.(type) {
	case *App:
		name, summary, flags, commands = "", d.Usage, d.Flags, d.Commands
	case *Command:
		name, summary, flags = d.Name, d.Usage, d.flagList()
	default:
		return
	}
	text := helpText(name)
	title := "hops"
	if name != "" {
		title += " " + name
	}
	// Plain string writes: help is all strings, and fmt (its printer set
	// up, each value boxed) was about a tenth of printHelp's time. The
	// longest help is under 7 KB: one buffer holds it, and one tabwriter
	// (flushed after each table) lays out every table.
	var b strings.Builder
	b.Grow(8 << 10)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	b.WriteString(title + " - " + summary + "\n\nUsage:\n")
	for _, u := range text.usage {
		b.WriteString("  " + u + "\n")
	}
	if text.about != "" {
		b.WriteString("\n" + wrapText(text.about, 96, "") + "\n")
	}
	if cmd, ok := data.(*Command); ok && cmd.Description != "" {
		b.WriteString("\n" + strings.TrimRight(cmd.Description, "\n") + "\n")
	}
	if len(commands) > 0 {
		b.WriteString("\nCommands:\n")
		for _, c := range commands {
			io.WriteString(tw, "  "+c.Name+"\t"+c.Usage+"\n")
		}
		io.WriteString(tw, "  help [COMMAND]\thelp for hops or one command (hops COMMAND --help)\n")
		tw.Flush()
	}
	writeFlagGroups(&b, tw, flags)
	if len(text.examples) > 0 {
		b.WriteString("\nExamples:\n")
		for _, e := range text.examples {
			b.WriteString("  " + e + "\n")
		}
	}
	if name == "" {
		b.WriteString("\n" + timingLegend + "\n")
	}
	if e, ok := exitStatusText(name); ok {
		b.WriteString("\n" + e + "\n")
	}
	io.WriteString(w, b.String())
}

// timingLegend explains the time line and its bar.
const timingLegend = `Timing: each hop's time line is its total and the phases that add up to it, in the order
and colours of its bar:
  dns          name lookup (cyan)
  connect      TCP connection (yellow)
  tls          TLS handshake (magenta)
  wait         request sent to the first response byte: the server's time (green)
  body         reading what hops reads of the body (blue)
  no response  a failed hop, from its last phase to the failure (red)
Phases are rounded so they add up to the total shown; "(same connection)": the hop reused an
open connection, so it has no dns, connect or tls.`

// writeFlagGroups writes the flags by group, the most used first, each
// group a table of tw (which writes to b).
func writeFlagGroups(b *strings.Builder, tw *tabwriter.Writer, flags []*Flag) {
	groups := map[string][]*Flag{}
	for _, f := range flags {
		groups[f.Category] = append(groups[f.Category], f)
	}
	if flagNamed(flags, "help") == nil {
		groups[""] = append(groups[""], helpFlag)
	}
	for _, cat := range categoryOrder {
		fs := groups[cat]
		if len(fs) == 0 {
			continue
		}
		rank := func(f *Flag) int {
			if i := slices.Index(firstFlags, f.Name); i >= 0 {
				return i
			}
			return len(firstFlags)
		}
		sort.SliceStable(fs, func(i, j int) bool { return rank(fs[i]) < rank(fs[j]) })
		heading := cat + " options"
		if cat == "" {
			heading = "Options"
		}
		b.WriteString("\n" + heading + ":\n")
		for _, f := range fs {
			io.WriteString(tw, "  "+flagString(f)+"\n")
		}
		tw.Flush()
	}
}

// wrapText wraps a paragraph at width columns, each line after indent.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	b.Grow(len(indent) + len(s))
	b.WriteString(indent)
	n := len(indent) // the length of the line being written
	for w := range strings.FieldsSeq(s) {
		if n > len(indent) && n+1+len(w) > width {
			b.WriteString("\n" + indent)
			n = len(indent)
		}
		if n > len(indent) {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// flagString writes a flag for --help the way curl users read it: short
// name first, one placeholder, the usage, and the default only where one
// matters ("-X, --request METHOD   request method (default GET)").
func flagString(f *Flag) string {
	names := f.Names()
	name := names[0]
	sort.SliceStable(names, func(i, j int) bool { return len(names[i]) == 1 && len(names[j]) > 1 })
	for i, n := range names {
		if len(n) == 1 {
			names[i] = "-" + n
		} else {
			names[i] = "--" + n
		}
	}
	placeholder, usage := "", f.Usage
	if i := strings.IndexByte(usage, '`'); i >= 0 {
		if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
			placeholder = usage[i+1 : i+1+j]
			usage = usage[:i] + placeholder + usage[i+2+j:]
		}
	}
	// The placeholder is shown once, after the names: in the description
	// it reads as a word ("request METHOD" -> "request method"), and alone
	// in parentheses or at the very start it is left out.
	if strings.HasPrefix(usage, placeholder+" ") {
		usage = usage[len(placeholder)+1:]
	}
	usage = strings.Replace(usage, " ("+placeholder+")", "", 1)
	usage = strings.Replace(usage, "("+placeholder+", ", "(", 1)
	usage = strings.Replace(usage, "("+placeholder+": ", "(", 1)
	if placeholder != "" && placeholder != "URL" && strings.ToUpper(placeholder) == placeholder {
		usage = strings.ReplaceAll(usage, placeholder, strings.ToLower(placeholder))
	}
	head := strings.Join(names, ", ")
	if c, ok := choiceOf(f, name); ok {
		placeholder = c.values
		if c.aliases != "" {
			usage += " (" + c.aliases + ")"
		}
	}
	if f.TakesValue() {
		if placeholder == "" {
			placeholder = "VALUE"
		}
		head += " " + placeholder
	}
	if v := f.defaultText(); f.TakesValue() && v != "" && !strings.Contains(usage, "default") {
		usage += " (default " + v + ")"
	}
	return head + "\t" + usage
}
