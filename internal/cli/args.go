package cli

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// permuteArgs moves flags in front of positional arguments, so that
// `hops URL --json` works as it does in curl (urfave/cli stops at the first
// positional argument). It also splits curl's attached short values
// ("-XPOST" into "-X POST"; as in curl, "-dk=v" is -d "k=v"). A "--" ends
// the flags as usual.
func permuteArgs(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	out := []string{args[0]}
	rest := args[1:]
	flags := app.Flags
	// A subcommand named before any positional argument has its own flags.
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			if cmd := findCommand(app, a); cmd != nil {
				before, err := permute(rest[:i], flags)
				if err != nil {
					return nil, err
				}
				after, err := permute(rest[i+1:], cmd.Flags)
				if err != nil {
					return nil, err
				}
				out = append(append(out, before...), a)
				return append(out, after...), nil
			}
			break
		}
		if takesValue(flags, a) && !strings.Contains(a, "=") {
			i++
		}
	}
	p, err := permute(rest, flags)
	if err != nil {
		return nil, err
	}
	return append(out, p...), nil
}

func findCommand(app *cli.App, name string) *cli.Command {
	for _, c := range app.Commands {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func permute(args []string, flags []cli.Flag) ([]string, error) {
	var fl, pos []string
	// first is the form (-d or --data) a flag was first typed in. curl
	// takes "-H a --header b"; urfave/cli refuses two forms of one flag,
	// so a later form is rewritten to the first.
	first := map[cli.Flag]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a != "--" && a != "-" && strings.HasPrefix(a, "-") {
			same := sameForm(flags, first, a)
			if len(same) == 2 {
				fl = append(fl, same...)
				continue
			}
			a = same[0]
		}
		switch {
		case a == "--":
			pos = append(pos, args[i:]...)
			i = len(args)
		case a == "-" || !strings.HasPrefix(a, "-"):
			pos = append(pos, a)
		default:
			if len(a) > 2 && a[1] != '-' && isValueFlag(flags, a[1:2]) {
				fl = append(fl, a[:2], a[2:])
				continue
			}
			fl = append(fl, a)
			if takesValue(flags, a) && !strings.Contains(a, "=") {
				if i+1 >= len(args) {
					return nil, usagef("flag %s needs a value", a)
				}
				fl = append(fl, args[i+1])
				i++
			}
		}
	}
	if len(pos) > 0 && pos[0] != "--" {
		for _, p := range pos {
			if strings.HasPrefix(p, "-") && p != "-" {
				// Keep a positional that looks like a flag positional.
				return append(append(fl, "--"), pos...), nil
			}
		}
	}
	return append(fl, pos...), nil
}

// sameForm returns arg with its flag name in the form first typed: one
// argument, or a flag and its value.
func sameForm(flags []cli.Flag, first map[cli.Flag]string, arg string) []string {
	var name, value string
	hasValue := false
	switch {
	case strings.HasPrefix(arg, "--"):
		name, value, hasValue = strings.Cut(arg[2:], "=")
	case len(arg) == 2:
		name = arg[1:]
	case isValueFlag(flags, arg[1:2]):
		// curl's attached value: -XPOST, -d=c (the value "=c").
		name, value, hasValue = arg[1:2], arg[2:], true
	default:
		return []string{arg} // -sSL: urfave/cli splits it
	}
	f := flagNamed(flags, name)
	if f == nil {
		return []string{arg}
	}
	form, seen := first[f]
	if !seen {
		first[f] = name
		return []string{arg}
	}
	if form == name {
		return []string{arg}
	}
	dashes := "--"
	if len(form) == 1 {
		dashes = "-"
	}
	if hasValue {
		return []string{dashes + form, value}
	}
	return []string{dashes + form}
}

func flagNamed(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// takesValue reports whether a flag argument ("--timeout", "-X") names a
// flag that takes a value.
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if i := strings.IndexByte(name, '='); i >= 0 {
		name = name[:i]
	}
	return isValueFlag(flags, name)
}

func isValueFlag(flags []cli.Flag, name string) bool {
	switch flagNamed(flags, name).(type) {
	case nil, *cli.BoolFlag, boolFlag:
		return false
	}
	return true
}

// Flag types whose Names() is computed once. urfave/cli v2 recomputes a
// flag's names with a regular expression on every call, and looks flags up
// by scanning them all, so each run paid for about 1,400 regexp
// replacements before doing anything: a third of a millisecond of a
// command that often takes five. The embedded flags keep every other
// behaviour (help, categories, parsing).
type (
	boolFlag        struct{ *cli.BoolFlag }
	stringFlag      struct{ *cli.StringFlag }
	stringSliceFlag struct{ *cli.StringSliceFlag }
	intFlag         struct{ *cli.IntFlag }
)

func (f boolFlag) Names() []string        { return names(f.Name, f.Aliases) }
func (f stringFlag) Names() []string      { return names(f.Name, f.Aliases) }
func (f stringSliceFlag) Names() []string { return names(f.Name, f.Aliases) }
func (f intFlag) Names() []string         { return names(f.Name, f.Aliases) }

// names is cli.FlagNames for names that hold no comma or space, which is
// all of ours.
func names(name string, aliases []string) []string {
	return append([]string{name}, aliases...)
}

// fastFlags wraps flags in the types above.
func fastFlags(flags []cli.Flag) []cli.Flag {
	out := make([]cli.Flag, len(flags))
	for i, f := range flags {
		switch x := f.(type) {
		case *cli.BoolFlag:
			out[i] = boolFlag{x}
		case *cli.StringFlag:
			out[i] = stringFlag{x}
		case *cli.StringSliceFlag:
			out[i] = stringSliceFlag{x}
		case *cli.IntFlag:
			out[i] = intFlag{x}
		default:
			out[i] = f
		}
	}
	return out
}
