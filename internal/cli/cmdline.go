package cli

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
)

// hops reads its own command line. It used urfave/cli v2 until the start
// of a process was measured: its package init, a markdown library linked in
// for man pages, and flag lookups that ran a regular expression per flag
// name, flags × flags times a run, came to a third of what a one-chain run
// spends before its first request. hops already wrote its own help,
// completion and argument order; what is left is small and here.
//
// The grammar is curl's where curl has one: flags and arguments in any
// order; "--name value" and "--name=value"; "-X value" and "-XVALUE";
// runs of one-letter flags ("-sSL", "-sX POST", "-sXPOST"); "--" ends the
// flags; "-" is an argument (standard input). A long name with one dash
// ("-json") is taken as the long flag, as Go's flag package does.

// flagKind is how a flag takes its values.
type flagKind uint8

const (
	boolKind   flagKind = iota
	stringKind          // the last value given wins
	intKind
	listKind // repeatable: every value, in typed order, each taken whole
)

// Flag is one option of a command.
type Flag struct {
	Name     string
	Aliases  []string
	Usage    string // a `PLACEHOLDER` in backquotes names the value in help
	Category string // the group help shows it in
	// Value is the default (a string for stringKind, an int for intKind);
	// a listKind flag may hold what its action makes of each value.
	Value any
	kind  flagKind
	// named: the value names something (a client, a file, a URL), so an
	// empty one is a mistake, not "the default".
	named bool
}

// Names are the flag's name and its aliases.
func (f *Flag) Names() []string { return append([]string{f.Name}, f.Aliases...) }

// TakesValue reports whether the flag takes a value (all but switches).
func (f *Flag) TakesValue() bool { return f.kind != boolKind }

func (f *Flag) hasName(name string) bool {
	if f.Name == name {
		return true
	}
	for _, a := range f.Aliases {
		if a == name {
			return true
		}
	}
	return false
}

// defaultText is the default help and completion show ("" for none).
func (f *Flag) defaultText() string {
	switch v := f.Value.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return ""
}

// Command is a subcommand: hops check, hops demo...
type Command struct {
	Name        string
	Usage       string // one line, in the command list
	Description string
	Flags       []*Flag
	Action      func(*Context) error
	// newFlags, when set, builds Flags the first time they are asked for
	// (flagList): a run builds the flags of the command it runs, helps or
	// completes, not those of every command.
	newFlags func() []*Flag
}

// flagList is the command's flags, built on first use.
func (c *Command) flagList() []*Flag {
	if c.Flags == nil && c.newFlags != nil {
		c.Flags = c.newFlags()
	}
	return c.Flags
}

// Names are the words that run the command.
func (c *Command) Names() []string { return []string{c.Name} }

// App is the hops command: its own flags and action (inspect one URL) and
// its subcommands.
type App struct {
	Usage    string
	Flags    []*Flag
	Commands []*Command
	Action   func(*Context) error
	// Writer is where help and the version go.
	Writer io.Writer
	// Version, when set, answers the app's --version flag.
	Version func() string
	// Arm, when set, is called before an action runs, and not for help
	// or --version.
	Arm func()
}

// helpCommand is "hops help [COMMAND]", handled by Run itself.
const helpCommand = "help"

// helpFlag is -h/--help, which every command takes.
var helpFlag = &Flag{Name: "help", Aliases: []string{"h"}, Usage: "show help"}

// Args are a command's arguments, the flags taken out.
type Args []string

// First is the first argument, or "".
func (a Args) First() string { return a.Get(0) }

// Get is argument i, or "".
func (a Args) Get(i int) string {
	if i < 0 || i >= len(a) {
		return ""
	}
	return a[i]
}

// Slice is every argument.
func (a Args) Slice() []string { return a }

// Context is what an action gets: the run's context, the flags as given
// and the arguments.
type Context struct {
	Context context.Context
	App     *App
	flags   []*Flag
	given   []given // the flags given, in typed order
	args    Args
}

// given is one flag as the line gave it: its value, "true" or "false" for
// a switch.
type given struct {
	flag  *Flag
	value string
}

// Run parses args (args[0] is the program) and runs the command they name.
func (a *App) Run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		args = args[1:]
	}
	flags, action, cmd := a.Flags, a.Action, (*Command)(nil)
	if i := a.commandAt(args); i >= 0 {
		name := args[i]
		args = append(append([]string(nil), args[:i]...), args[i+1:]...)
		if name == helpCommand {
			return a.help(args)
		}
		cmd = a.command(name)
		flags, action = cmd.flagList(), cmd.Action
	}
	c := &Context{Context: ctx, App: a, flags: flags}
	help, err := c.parse(args)
	if err != nil {
		return usageOf(cmd, err)
	}
	if help {
		if cmd != nil {
			printHelp(a.Writer, cmd)
		} else {
			printHelp(a.Writer, a)
		}
		return nil
	}
	if cmd == nil && a.Version != nil && c.Bool("version") {
		// Written as one string: fmt's printer is not needed for it.
		io.WriteString(a.Writer, "hops "+a.Version()+"\n")
		return nil
	}
	if a.Arm != nil {
		a.Arm()
	}
	return usageOf(cmd, action(c))
}

// usageOf points a usage error of a command at that command's help.
func usageOf(cmd *Command, err error) error {
	var ue *usageError
	if cmd != nil && errors.As(err, &ue) && ue.cmd == "" {
		ue.cmd = cmd.Name
	}
	return err
}

// help is "hops help [COMMAND]". Flags typed around it, and their values,
// are left out ("hops -s help", "hops help check -h" ask for help too), and
// "hops help help" is hops's own help, where help is listed.
func (a *App) help(args []string) error {
	var words []string
	for i := 0; i < len(args); i++ {
		switch w := args[i]; {
		case w == "--":
			words = append(words, args[i+1:]...)
			i = len(args)
		case w == "-" || !strings.HasPrefix(w, "-"):
			words = append(words, w)
		case valueFollows(a.anyFlag, w):
			i++
		}
	}
	switch {
	case len(words) == 0 || len(words) == 1 && words[0] == helpCommand:
		printHelp(a.Writer, a)
	case len(words) > 1:
		return usagef("help takes one command, got %d words", len(words))
	case a.command(words[0]) != nil:
		printHelp(a.Writer, a.command(words[0]))
	default:
		return usagef("no command %q: hops help lists them", words[0])
	}
	return nil
}

func (a *App) command(name string) *Command {
	for _, c := range a.Commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// commandAt is the index of the word naming a subcommand, or -1: the first
// argument that is not a flag or a flag's value, when it names one. Flags
// typed before the command are the command's ("hops --json check FILE").
func (a *App) commandAt(args []string) int {
	for i := 0; i < len(args); i++ {
		w := args[i]
		switch {
		case w == "--":
			return -1
		case w == "-" || !strings.HasPrefix(w, "-"):
			if w == helpCommand || a.command(w) != nil {
				return i
			}
			return -1
		case valueFollows(a.anyFlag, w):
			// A flag typed before the command may be one of the command's
			// own ("hops -c 4 check FILE").
			i++
		}
	}
	return -1
}

// anyFlag is the first flag named name among the app's flags, then every
// command's in turn: enough to say whether a flag typed before a command
// takes the next word as its value. The commands' flags are built only
// for a name the app has no flag of.
func (a *App) anyFlag(name string) *Flag {
	if f := flagNamed(a.Flags, name); f != nil {
		return f
	}
	if name == "help" || name == "h" {
		// No command has a flag of these names (the parser answers them):
		// "hops --help" need not build every command's flags to say so.
		return nil
	}
	for _, c := range a.Commands {
		if f := flagNamed(c.flagList(), name); f != nil {
			return f
		}
	}
	return nil
}

// valueFollows reports whether flag word w leaves its value to the next
// word: a long value flag without "=", or a run of one-letter flags that
// ends with one that takes a value ("-sX"). named finds a flag by name.
func valueFollows(named func(name string) *Flag, w string) bool {
	if strings.HasPrefix(w, "--") {
		if strings.Contains(w, "=") {
			return false
		}
		f := named(w[2:])
		return f != nil && f.TakesValue()
	}
	body := w[1:]
	if name, _, hasValue := strings.Cut(body, "="); len(name) > 1 && named(name) != nil {
		return !hasValue && named(name).TakesValue()
	}
	for i := 0; i < len(body); i++ {
		f := named(body[i : i+1])
		if f == nil {
			return false
		}
		if f.TakesValue() {
			return i == len(body)-1
		}
	}
	return false
}

// parse reads flags and arguments. help is true when -h or --help was
// given. Errors quote a flag as it was typed.
func (c *Context) parse(args []string) (help bool, err error) {
	for i := 0; i < len(args); i++ {
		w := args[i]
		// next takes the following word as the value of the flag typed as
		// typed.
		next := func(typed string) (string, error) {
			if i+1 >= len(args) {
				return "", usagef("flag %s needs a value", typed)
			}
			i++
			return args[i], nil
		}
		switch {
		case w == "--":
			c.args = append(c.args, args[i+1:]...)
			return help, nil
		case w == "-" || !strings.HasPrefix(w, "-"):
			c.args = append(c.args, w)
		case strings.HasPrefix(w, "--"), len(w) > 2 && c.longOneDash(w):
			dashes := "--"
			if w[1] != '-' {
				dashes = "-"
			}
			// Only the dashes of the form are cut: "---json" is no flag.
			name, value, hasValue := strings.Cut(w[len(dashes):], "=")
			if name == "help" {
				help = true
				continue
			}
			f := flagNamed(c.flags, name)
			if f == nil && name == "" {
				return help, usagef("unknown flag %s", w)
			}
			if f == nil {
				return help, usagef("unknown flag %s%s", dashes, name)
			}
			if f.TakesValue() && !hasValue {
				if value, err = next(dashes + name); err != nil {
					return help, err
				}
			}
			if err := c.set(f, dashes+name, value, hasValue); err != nil {
				return help, err
			}
		default:
			// One-letter flags, run together: switches, then at most one
			// flag that takes the rest of the word, or the next word, as its
			// value (curl: -dk=v is -d "k=v").
			body := w[1:]
			for j := 0; j < len(body); j++ {
				name := body[j : j+1]
				f := flagNamed(c.flags, name)
				if f == nil && name == "h" {
					help = true
					continue
				}
				if f == nil {
					return help, usagef("unknown flag %s", w)
				}
				if !f.TakesValue() {
					if err := c.set(f, "-"+name, "", false); err != nil {
						return help, err
					}
					continue
				}
				value := body[j+1:]
				if value == "" {
					if value, err = next("-" + name); err != nil {
						return help, err
					}
				}
				if err := c.set(f, "-"+name, value, true); err != nil {
					return help, err
				}
				break
			}
		}
	}
	return help, nil
}

// longOneDash reports whether w ("-json", "-max-time=3s") names a long flag
// with one dash, as Go's flag package allows.
func (c *Context) longOneDash(w string) bool {
	name, _, _ := strings.Cut(w[1:], "=")
	return len(name) > 1 && (name == "help" || flagNamed(c.flags, name) != nil)
}

// set records one value of f, typed as typed.
func (c *Context) set(f *Flag, typed, value string, hasValue bool) error {
	if f.named && strings.TrimSpace(value) == "" {
		return usagef("%s needs a value, not an empty one", typed)
	}
	switch f.kind {
	case boolKind:
		b := true
		if hasValue {
			var err error
			if b, err = strconv.ParseBool(value); err != nil {
				return usagef("invalid value %q for %s: want true or false", value, typed)
			}
		}
		value = strconv.FormatBool(b)
	case intKind:
		// Decimal, as curl reads numbers: "08" is 8 and "010" is 10, not
		// octal (Go's base 0 refused one and read 8 for the other).
		if _, err := strconv.ParseInt(value, 10, strconv.IntSize); err != nil {
			return usagef("invalid value %q for %s", value, typed)
		}
	}
	c.given = append(c.given, given{f, value})
	return nil
}

func flagNamed(flags []*Flag, name string) *Flag {
	for _, f := range flags {
		if f.hasName(name) {
			return f
		}
	}
	return nil
}

// isValueFlag reports whether name names a flag that takes a value.
func isValueFlag(flags []*Flag, name string) bool {
	f := flagNamed(flags, name)
	return f != nil && f.TakesValue()
}

// last is the last value given for name, and whether one was.
func (c *Context) last(name string) (*Flag, string, bool) {
	f := flagNamed(c.flags, name)
	if f == nil {
		return nil, "", false
	}
	for i := len(c.given) - 1; i >= 0; i-- {
		if c.given[i].flag == f {
			return f, c.given[i].value, true
		}
	}
	return f, "", false
}

// IsSet reports whether the flag was given on the command line.
func (c *Context) IsSet(name string) bool {
	_, _, ok := c.last(name)
	return ok
}

// String is a string flag's value, or its default.
func (c *Context) String(name string) string {
	f, v, ok := c.last(name)
	if !ok && f != nil {
		v, _ = f.Value.(string)
	}
	return v
}

// Bool is a switch's value.
func (c *Context) Bool(name string) bool {
	_, v, _ := c.last(name)
	return v == "true"
}

// Int is an int flag's value, or its default.
func (c *Context) Int(name string) int {
	f, v, ok := c.last(name)
	if !ok {
		if f != nil {
			n, _ := f.Value.(int)
			return n
		}
		return 0
	}
	n, _ := strconv.ParseInt(v, 10, strconv.IntSize) // checked when set
	return int(n)
}

// StringSlice is every value of a repeatable flag, in typed order.
func (c *Context) StringSlice(name string) []string {
	f := flagNamed(c.flags, name)
	if f == nil {
		return nil
	}
	var vs []string
	for _, g := range c.given {
		if g.flag == f {
			vs = append(vs, g.value)
		}
	}
	return vs
}

// NArg is the number of arguments.
func (c *Context) NArg() int { return len(c.args) }

// Args are the arguments, flags taken out.
func (c *Context) Args() Args { return c.args }
