package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestErrorPrefixColour pins the bytes of the error line's "hops:" prefix:
// red and bold (SGR 31;1, then 0;22 to reset) when colour is on, plain
// otherwise, and the message itself never coloured.
func TestErrorPrefixColour(t *testing.T) {
	t.Parallel()
	const msg = " unknown flag --nope (see 'hops --help')\n"
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"FORCE_COLOR": "1"}, "\x1b[31;1mhops:\x1b[0;22m" + msg},
		{map[string]string{"CLICOLOR_FORCE": "1"}, "\x1b[31;1mhops:\x1b[0;22m" + msg},
		{map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, "hops:" + msg},
		{map[string]string{"FORCE_COLOR": "0"}, "hops:" + msg},
		{nil, "hops:" + msg}, // a buffer is no terminal
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"hops", "--nope", "http://127.0.0.1:1/"}, strings.NewReader(""), &out, &errb,
			func(k string) string { return c.env[k] })
		if code != exitUsage || errb.String() != c.want {
			t.Errorf("env %v: exit %d, stderr %q; want exit 2, %q", c.env, code, errb.String(), c.want)
		}
	}
}
