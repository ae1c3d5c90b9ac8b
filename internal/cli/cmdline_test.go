package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// parsed runs args through a small app shaped like hops (a switch, a
// string, an int, a repeatable flag, a value flag, one subcommand) and
// describes what the action saw, or the error.
func parsed(args ...string) string {
	flags := func() []*Flag {
		return []*Flag{
			{kind: boolKind, Name: "silent", Aliases: []string{"s"}},
			{kind: boolKind, Name: "show-error", Aliases: []string{"S"}},
			{kind: boolKind, Name: "location", Aliases: []string{"L"}},
			{kind: boolKind, Name: "json"},
			{kind: stringKind, Name: "request", Aliases: []string{"X"}},
			{kind: stringKind, Name: "timeout", Value: "10s"},
			{kind: intKind, Name: "max-redirects", Value: 20},
			{kind: listKind, Name: "header", Aliases: []string{"H"}},
			{kind: listKind, Name: "data", Aliases: []string{"d"}, Value: &dataArg{}},
		}
	}
	var got string
	describe := func(name string) func(*Context) error {
		return func(c *Context) error {
			var bodies []string
			for _, d := range bodyArgsOf(c).data {
				bodies = append(bodies, d.value)
			}
			got = fmt.Sprintf("%s s=%v S=%v L=%v json=%v X=%q set=%v timeout=%q max=%d H=%q d=%q args=%q",
				name, c.Bool("silent"), c.Bool("show-error"), c.Bool("location"), c.Bool("json"), c.String("request"),
				c.IsSet("request"), c.String("timeout"), c.Int("max-redirects"), c.StringSlice("header"), bodies, c.Args().Slice())
			return nil
		}
	}
	var help strings.Builder
	app := &App{Usage: "test", Writer: &help, Flags: flags(), Action: describe("app")}
	app.Commands = []*Command{{Name: "check", Usage: "check many", Flags: flags(), Action: describe("check")}}
	if err := app.Run(context.Background(), append([]string{"hops"}, args...)); err != nil {
		return "error: " + err.Error()
	}
	if help.Len() > 0 {
		return "help: " + strings.SplitN(help.String(), "\n", 2)[0]
	}
	return got
}

// TestCommandLine: the grammar curl users type, literal by literal.
func TestCommandLine(t *testing.T) {
	const none = `s=false S=false L=false json=false X="" set=false timeout="10s" max=20 H=[] d=[]`
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"http://a/"}, `app ` + none + ` args=["http://a/"]`},
		// Flags before and after the URL, both spellings, attached values.
		{[]string{"http://a/", "--json", "-X", "PUT"}, `app s=false S=false L=false json=true X="PUT" set=true timeout="10s" max=20 H=[] d=[] args=["http://a/"]`},
		{[]string{"-XPOST", "--timeout=3s", "--max-redirects", "0", "u"}, `app s=false S=false L=false json=false X="POST" set=true timeout="3s" max=0 H=[] d=[] args=["u"]`},
		{[]string{"--request=DELETE", "-X", "GET", "u"}, `app s=false S=false L=false json=false X="GET" set=true timeout="10s" max=20 H=[] d=[] args=["u"]`},
		// Runs of one-letter flags, one that takes a value last.
		{[]string{"-sSL", "u"}, `app s=true S=true L=true json=false X="" set=false timeout="10s" max=20 H=[] d=[] args=["u"]`},
		{[]string{"-sX", "PATCH", "u"}, `app s=true S=false L=false json=false X="PATCH" set=true timeout="10s" max=20 H=[] d=[] args=["u"]`},
		{[]string{"-sXPATCH", "u"}, `app s=true S=false L=false json=false X="PATCH" set=true timeout="10s" max=20 H=[] d=[] args=["u"]`},
		// curl: -dk=v is -d "k=v"; -d=c sends "=c".
		{[]string{"-dk=v", "-d=c", "u"}, `app ` + strings.Replace(none, `d=[]`, `d=["k=v" "=c"]`, 1) + ` args=["u"]`},
		// Repeatable values are taken whole, commas and all, in order.
		{[]string{"-H", "Accept: a, b", "--header", "X-B: 2", "-HX-C: 3", "u"}, `app ` + strings.Replace(none, `H=[]`, `H=["Accept: a, b" "X-B: 2" "X-C: 3"]`, 1) + ` args=["u"]`},
		// A long name with one dash, Go's flag style; a switch given =false.
		{[]string{"-json", "--silent=false", "u"}, `app s=false S=false L=false json=true X="" set=false timeout="10s" max=20 H=[] d=[] args=["u"]`},
		// "--" ends the flags; "-" is an argument.
		{[]string{"--", "-sS"}, `app ` + none + ` args=["-sS"]`},
		{[]string{"-", "--json"}, `app s=false S=false L=false json=true X="" set=false timeout="10s" max=20 H=[] d=[] args=["-"]`},
		// A value that looks like a flag is still the value.
		{[]string{"-X", "--json", "u"}, `app s=false S=false L=false json=false X="--json" set=true timeout="10s" max=20 H=[] d=[] args=["u"]`},
		// The subcommand's flags, typed before or after its name.
		{[]string{"check", "-s", "map.csv", "--json"}, `check s=true S=false L=false json=true X="" set=false timeout="10s" max=20 H=[] d=[] args=["map.csv"]`},
		{[]string{"--json", "-X", "HEAD", "check", "map.csv"}, `check s=false S=false L=false json=true X="HEAD" set=true timeout="10s" max=20 H=[] d=[] args=["map.csv"]`},
		// A command word after the first argument is an argument.
		{[]string{"u", "check"}, `app ` + none + ` args=["u" "check"]`},
		// Help, wherever it is asked for.
		{[]string{"--help"}, "help: hops - test"},
		{[]string{"u", "-h"}, "help: hops - test"},
		{[]string{"-sh"}, "help: hops - test"},
		{[]string{"check", "--help"}, "help: hops check - check many"},
		{[]string{"help", "check"}, "help: hops check - check many"},
		{[]string{"help"}, "help: hops - test"},
		// Flags around "help" do not count as its words.
		{[]string{"-s", "help"}, "help: hops - test"},
		{[]string{"-X", "POST", "help", "check"}, "help: hops check - check many"},
		{[]string{"help", "check", "-h"}, "help: hops check - check many"},
		{[]string{"help", "--help"}, "help: hops - test"},
		{[]string{"help", "help"}, "help: hops - test"},
		// Errors quote the flag as typed.
		{[]string{"--bogus", "u"}, "error: unknown flag --bogus"},
		{[]string{"-sQ", "u"}, "error: unknown flag -sQ"},
		{[]string{"-Z"}, "error: unknown flag -Z"},
		{[]string{"---json", "u"}, "error: unknown flag ---json"},
		{[]string{"--=x", "u"}, "error: unknown flag --=x"},
		{[]string{"u", "--timeout"}, "error: flag --timeout needs a value"},
		{[]string{"u", "-sX"}, "error: flag -X needs a value"},
		{[]string{"--max-redirects", "many", "u"}, `error: invalid value "many" for --max-redirects`},
		// Numbers are decimal, as in curl.
		{[]string{"--max-redirects", "010", "u"}, `app s=false S=false L=false json=false X="" set=false timeout="10s" max=10 H=[] d=[] args=["u"]`},
		{[]string{"--max-redirects=08", "u"}, `app s=false S=false L=false json=false X="" set=false timeout="10s" max=8 H=[] d=[] args=["u"]`},
		{[]string{"--max-redirects", "0x10", "u"}, `error: invalid value "0x10" for --max-redirects`},
		{[]string{"--json=maybe", "u"}, `error: invalid value "maybe" for --json: want true or false`},
		{[]string{"check", "--nope"}, "error: unknown flag --nope"},
		{[]string{"help", "nosuch"}, `error: no command "nosuch": hops help lists them`},
		{[]string{"help", "a", "b"}, "error: help takes one command, got 2 words"},
	} {
		if got := parsed(tc.args...); got != tc.want {
			t.Errorf("hops %q:\n got %s\nwant %s", tc.args, got, tc.want)
		}
	}
}

// TestCommandLineErrorsAreUsage: every parse error is a usage error (exit
// 2, one line).
func TestCommandLineErrorsAreUsage(t *testing.T) {
	app := &App{Flags: []*Flag{{kind: intKind, Name: "n"}}, Action: func(*Context) error { return nil }}
	for _, args := range [][]string{{"x", "--n", "y"}, {"x", "--m"}, {"x", "--n"}} {
		err := app.Run(context.Background(), args)
		if _, ok := err.(*usageError); !ok {
			t.Errorf("%q: %T %v, want a usage error", args, err, err)
		}
	}
}

// TestFlagsBeforeACommand: a command's own flags may come before its name
// (-sS as curl users type it, -c with its value), and a command's name after
// "--" is an argument, said so.
func TestFlagsBeforeACommand(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	file := writeFile(t, "urls.txt", r.srv.URL+"/end\n")
	for _, args := range [][]string{{"-sS", "check", "--csv", file}, {"-c", "2", "check", "--csv", file}, {"check", "-sS", "--csv", file}} {
		res := runHops(t, args...)
		if res.code != exitOK || !strings.HasPrefix(res.stdout, "row,") {
			t.Errorf("hops %q: exit %d, stdout %q, stderr %q", args, res.code, res.stdout, res.stderr)
		}
	}
	res := runHops(t, "--", "check")
	if want := "hops: \"check\" after -- is taken as a URL, not as the command hops check (see 'hops --help')\n"; res.code != exitUsage || res.stderr != want {
		t.Errorf("hops -- check: exit %d, stderr %q; want %q", res.code, res.stderr, want)
	}
}
