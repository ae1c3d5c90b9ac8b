package cli

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

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
