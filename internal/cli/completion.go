package cli

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/lab"
)

// Shell completion. Each script asks `hops __complete WORD... CURRENT` for
// candidates: one a line, "value<TAB>description", and a line ":files"
// when file names fit too. The candidates come from the command line's
// shape alone, so completing never sends a request, whatever was typed.
//
// Scripts written by versions built on urfave/cli ask with its flag
// (--generate-bash-completion, which made those versions request
// http://--generate-bash-completion/); it is answered by the same code.

const completeCommand = "__complete"

const bashCompletion = `# hops bash completion: source <(hops completion bash)
_hops() {
  local cur=${COMP_WORDS[COMP_CWORD]} line
  local -a words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
  # bash splits --color=never at "="; the value is what follows it.
  [[ $cur == "=" ]] && { words+=("="); cur=""; }
  COMPREPLY=()
  while IFS= read -r line; do
    if [[ $line == ":files" ]]; then
      compopt -o filenames 2>/dev/null
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
    elif [[ -n $line ]]; then
      line=${line%%$'\t'*}
      [[ $line == "$cur"* ]] && COMPREPLY+=("$line")
    fi
  done < <(hops __complete "${words[@]}" "$cur" 2>/dev/null)
  return 0
}
complete -F _hops hops
`

const zshCompletion = `#compdef hops
# hops zsh completion: source <(hops completion zsh)
_hops() {
  local -a cands lines
  local line name files=0
  lines=("${(@f)$(hops __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null)}")
  for line in "${lines[@]}"; do
    [[ -z $line ]] && continue
    if [[ $line == ":files" ]]; then files=1; continue; fi
    name=${line%%$'\t'*}
    if [[ $line == *$'\t'* ]]; then
      cands+=("${name//:/\\:}:${line#*$'\t'}")
    else
      cands+=("${name//:/\\:}")
    fi
  done
  (( ${#cands} )) && _describe -t values 'hops' cands
  (( files )) && _files
  return 0
}
compdef _hops hops
`

const fishCompletion = `# hops fish completion: hops completion fish | source
function __hops_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l cur (commandline -ct)
    for line in (hops __complete $words $cur 2>/dev/null)
        if test "$line" = ":files"
            __fish_complete_path $cur
        else
            echo $line
        end
    end
end
complete -c hops -f -a '(__hops_complete)'
`

func completionCommand(s *streams) *Command {
	return &Command{
		Name:  "completion",
		Usage: "print a shell completion script (bash, zsh or fish)",
		Action: func(c *Context) error {
			if c.NArg() != 1 {
				return usagef("completion takes one shell: bash, zsh or fish")
			}
			switch c.Args().First() {
			case "bash":
				fmt.Fprint(s.stdout, bashCompletion)
			case "zsh":
				fmt.Fprint(s.stdout, zshCompletion)
			case "fish":
				fmt.Fprint(s.stdout, fishCompletion)
			default:
				return usagef("completion takes one shell: bash, zsh or fish, not %q", c.Args().First())
			}
			return nil
		},
	}
}

// completionWords returns the words to complete when args ask for
// completion: `hops __complete WORD...`, or the protocol of older
// versions' scripts (`hops WORD... [CURRENT-if-a-flag] --generate-bash-completion`).
func completionWords(args []string) ([]string, bool) {
	if len(args) > 1 && args[1] == completeCommand {
		return args[2:], true
	}
	if n := len(args); n > 1 && args[n-1] == "--generate-bash-completion" {
		words := slices.Clone(args[1 : n-1])
		if len(words) == 0 || !strings.HasPrefix(words[len(words)-1], "-") {
			words = append(words, "")
		}
		return words, true
	}
	return nil, false
}

// candidate is one completion: what is inserted and what it means.
type candidate struct{ value, about string }

// complete writes the candidates for the last word of words, given the
// words before it (the command name left out).
func complete(w io.Writer, app *App, words []string) {
	cur := ""
	if len(words) > 0 {
		cur, words = words[len(words)-1], words[:len(words)-1]
	}
	cands, files := completions(app, words, cur)
	for _, c := range cands {
		if !strings.HasPrefix(c.value, cur) {
			continue
		}
		if c.about != "" {
			fmt.Fprintf(w, "%s\t%s\n", c.value, c.about)
		} else {
			fmt.Fprintln(w, c.value)
		}
	}
	if files {
		fmt.Fprintln(w, ":files")
	}
}

// completions reads the command line as the app would (its command, the
// value flags that take the next word) and returns what may come next.
func completions(app *App, words []string, cur string) ([]candidate, bool) {
	var (
		cmd      *Command
		flags    = app.Flags
		pending  *Flag // a value flag waiting for its value
		lastLong *Flag // a long value flag just before a lone "=" (bash's split)
		args     int
		dashdash bool
	)
	for _, w := range words {
		switch {
		case pending != nil:
			lastLong = nil
			if w == "=" {
				continue // bash: --color = never
			}
			pending = nil
		case dashdash || w == "-" || !strings.HasPrefix(w, "-"):
			if w == "=" && lastLong != nil {
				pending, lastLong = lastLong, nil
				continue
			}
			lastLong = nil
			if cmd == nil && args == 0 && !dashdash {
				if c := app.command(w); c != nil {
					cmd, flags = c, c.flagList()
					continue
				}
				if w == helpCommand {
					cmd, flags = &Command{Name: "help"}, nil
					continue
				}
			}
			args++
		case w == "--":
			dashdash = true
		default:
			pending, lastLong = flagWaiting(flags, w)
		}
	}
	switch {
	case pending != nil:
		return flagValues(pending, "")
	case !dashdash && strings.HasPrefix(cur, "--") && strings.Contains(cur, "="):
		name, _, _ := strings.Cut(cur[2:], "=")
		if f := flagNamed(flags, name); f != nil && isValueFlag(flags, f.Names()[0]) {
			// File names are not offered after "--flag=": the shells
			// would complete the whole word as a path.
			vals, _ := flagValues(f, "--"+name+"=")
			return vals, false
		}
		return nil, false
	case !dashdash && strings.HasPrefix(cur, "-"):
		return flagCandidates(flags, cur), false
	}
	if dashdash && cmd == nil {
		return nil, false // after "--" a word is the URL, not a command
	}
	return argValues(app, cmd, args)
}

// flagWaiting says which flag of w still waits for its value in the next
// word: a long value flag without "=", or a run of short flags ending in
// one. The second result is the long flag itself when bash may split
// "--flag=value" into "--flag", "=", "value".
func flagWaiting(flags []*Flag, w string) (pending, long *Flag) {
	name := strings.TrimPrefix(w[1:], "-")
	if strings.HasPrefix(w, "--") || len(name) > 1 && flagNamed(flags, strings.SplitN(name, "=", 2)[0]) != nil {
		// --name, or -name as the parser takes it (Go's one-dash long form).
		if strings.Contains(w, "=") {
			return nil, nil
		}
		f := flagNamed(flags, name)
		if f != nil && isValueFlag(flags, f.Names()[0]) {
			return f, f
		}
		return nil, nil
	}
	for i := 1; i < len(w); i++ {
		f := flagNamed(flags, w[i:i+1])
		if f == nil {
			return nil, nil
		}
		if isValueFlag(flags, w[i:i+1]) {
			if i == len(w)-1 {
				return f, nil
			}
			return nil, nil // -XPOST: the value is attached
		}
	}
	return nil, nil
}

// flagCandidates lists the flags a word starting with "-" may become: the
// long names, and the one-letter ones too when only "-" was typed.
func flagCandidates(flags []*Flag, cur string) []candidate {
	var out []candidate
	short := !strings.HasPrefix(cur, "--")
	for _, f := range flags {
		about := plainUsage(f.Usage)
		for _, n := range f.Names() {
			switch {
			case len(n) > 1:
				out = append(out, candidate{"--" + n, about})
			case short:
				out = append(out, candidate{"-" + n, about})
			}
		}
	}
	return append(out, candidate{"--help", "show help"})
}

// plainUsage is a flag's usage without its placeholder quotes.
func plainUsage(u string) string {
	return strings.ReplaceAll(u, "`", "")
}

// flagValues are the values a flag takes, each prefixed (for --flag=).
// The second result is true when the value is a file name.
func flagValues(f *Flag, prefix string) ([]candidate, bool) {
	var vals []candidate
	switch f.Names()[0] {
	case "agent":
		for _, n := range agentList {
			vals = append(vals, candidate{n, agents[n]})
		}
	case "as":
		for _, p := range client.All {
			vals = append(vals, candidate{p.Name, p.Models})
		}
		vals = append(vals, candidate{"all", "every client side by side"})
	case "color":
		vals = []candidate{{"auto", "colour on a terminal, unless NO_COLOR is set"}, {"always", ""}, {"never", ""}}
	case "fail-on":
		vals = []candidate{{"error", ""}, {"warning", ""}, {"info", ""}, {"never", ""}}
		if f.defaultText() == "regression" {
			vals = []candidate{{"regression", "exit 1 on a regression"}, {"change", "exit 1 on any difference"}}
		}
	case "request":
		for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
			vals = append(vals, candidate{m, ""})
		}
	case "cacert", "junit", "cookie", "data", "data-binary", "html", "baseline":
		return nil, true
	default:
		return nil, false
	}
	for i := range vals {
		vals[i].value = prefix + vals[i].value
	}
	return vals, false
}

// argValues are the candidates for a command's next argument.
func argValues(app *App, cmd *Command, args int) ([]candidate, bool) {
	if cmd == nil || cmd.Name == helpCommand {
		if args > 0 {
			return nil, false
		}
		// A URL has no candidates; a command does (and help's word).
		var out []candidate
		for _, c := range app.Commands {
			out = append(out, candidate{c.Name, c.Usage})
		}
		return out, false
	}
	switch cmd.Name {
	case "check":
		return nil, args == 0
	case "diff":
		return nil, args < 2
	case "demo":
		var out []candidate
		for _, sc := range lab.Scenarios {
			out = append(out, candidate{sc.Name, sc.Title})
		}
		return out, false
	case "explain":
		if args > 0 {
			return nil, false
		}
		return explainCandidates(), false
	case "completion":
		if args > 0 {
			return nil, false
		}
		return []candidate{{"bash", ""}, {"zsh", ""}, {"fish", ""}}, false
	}
	return nil, false
}

// explainCandidates are what `hops explain` knows: statuses, finding
// codes, the codes of JSON errors and of the map's lint, and the clients.
func explainCandidates() []candidate {
	var out []candidate
	for n := 300; n <= 308; n++ {
		if e, ok := inspect.LookupStatus(n); ok {
			out = append(out, candidate{strconv.Itoa(n), e.Name})
		}
	}
	for _, e := range inspect.Catalogue {
		out = append(out, candidate{string(e.Code), e.Summary})
	}
	for _, e := range otherCodes {
		out = append(out, candidate{e.Code, e.Summary})
	}
	for _, p := range client.All {
		out = append(out, candidate{p.Name, p.Models})
	}
	return out
}
