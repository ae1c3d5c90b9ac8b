package render

import (
	"strings"
	"testing"

	"github.com/hops-cli/hops/client"
)

// TestClientListColumns: hops clients lists, as SPEC says, each profile's
// version, limit, method rule, credential rule, Location parser, cookies
// and refresh handling, one row a profile when the width allows.
func TestClientListColumns(t *testing.T) {
	var b strings.Builder
	if err := ClientList(&b, client.All, Options{Width: 400}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, head := range []string{
		"│ client          │ limit │ method/body",
		"│ client          │ version                              │ refresh",
	} {
		if !strings.Contains(out, head) {
			t.Fatalf("no table starting %q:\n%s", head, out)
		}
	}
	rows := map[string][]string{
		"browser":   {"Chromium 142, Firefox 145, Safari 26", "│ 20 ", "followed after its delay"},
		"curl":      {"curl 7.88.1", "│ 50 ", "not followed"},
		"go":        {"Go 1.26", "│ 9 ", "not followed"},
		"googlebot": {"Googlebot (Search Central)", "│ 10 ", "GET only, without a body", "meta refresh followed: 0 s permanent, else temporary"},
	}
	for name, cells := range rows {
		var line string // both of its rows
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "│ "+name+" ") {
				line += l
			}
		}
		for _, c := range cells {
			if !strings.Contains(line, c) {
				t.Errorf("%s's row lacks %q: %q", name, c, line)
			}
		}
	}
	// At 80 columns the prose wraps; the headers stay whole.
	b.Reset()
	if err := ClientList(&b, client.All, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"client", "limit", "method/body", "credentials", "Location", "cookies", "version", "refresh"} {
		if !strings.Contains(b.String(), " "+h+" ") {
			t.Errorf("at 80 columns the header %q is cut:\n%s", h, b.String())
		}
	}
	for _, p := range client.All {
		if p.Version == "" {
			t.Errorf("profile %s has no version", p.Name)
		}
	}
}

// TestStatusRanges: hops explain CLIENT lists the statuses a client
// follows, with long runs as ranges.
func TestStatusRanges(t *testing.T) {
	t.Parallel()
	every := make([]int, 0, 100)
	for s := 300; s <= 399; s++ {
		every = append(every, s)
	}
	for _, tc := range []struct {
		codes []int
		want  string
	}{
		{[]int{301, 302, 303, 307, 308}, "301, 302, 303, 307, 308"},
		{every, "300-399"},
		{[]int{300, 301, 302, 303, 305, 307}, "300-303, 305, 307"},
		{nil, ""},
	} {
		if got := statusRanges(tc.codes); got != tc.want {
			t.Errorf("statusRanges(%v) = %q, want %q", tc.codes, got, tc.want)
		}
	}
}
