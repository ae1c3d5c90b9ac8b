package cli

import (
	"sort"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"
)

// flagString writes a flag for --help the way curl users read it: short
// name first, one placeholder, the usage, and the default only where one
// matters ("-X, --request METHOD   request METHOD (default GET)").
func flagString(f cli.Flag) string {
	d, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return strings.Join(f.Names(), ", ")
	}
	names := append([]string(nil), f.Names()...)
	sort.SliceStable(names, func(i, j int) bool { return len(names[i]) == 1 && len(names[j]) > 1 })
	for i, n := range names {
		if len(n) == 1 {
			names[i] = "-" + n
		} else {
			names[i] = "--" + n
		}
	}
	placeholder, usage := "", d.GetUsage()
	if i := strings.IndexByte(usage, '`'); i >= 0 {
		if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
			placeholder = usage[i+1 : i+1+j]
			usage = usage[:i] + placeholder + usage[i+2+j:]
		}
	}
	head := strings.Join(names, ", ")
	if d.TakesValue() {
		if placeholder == "" {
			placeholder = "VALUE"
		}
		head += " " + placeholder
	}
	if v := d.GetValue(); d.TakesValue() && v != "" && v != `""` && !strings.Contains(usage, "default") {
		usage += " (default " + strings.Trim(v, `"`) + ")"
	}
	return head + "\t" + usage
}

// useFlagString installs flagString as urfave/cli's flag writer. The
// library keeps it in a package variable, so it is set once, by the first
// app built, rather than by every app (apps may run side by side in tests).
var useFlagString = sync.OnceFunc(func() { cli.FlagStringer = flagString })
