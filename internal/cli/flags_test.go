package cli

import (
	"net/http"
	"strings"
	"testing"

	field "github.com/hops-cli/hops/header"
)

func TestParseHeader(t *testing.T) {
	good := map[string]header{
		"Accept: text/html":       {Name: "Accept", Value: "text/html"},
		"X-Thing:   spaced  ":     {Name: "X-Thing", Value: "spaced"},
		"User-Agent:":             {Name: "User-Agent", Remove: true},
		"X-Empty;":                {Name: "X-Empty"},
		"Authorization: Bearer x": {Name: "Authorization", Value: "Bearer x"},
		"X-Colon: a:b:c":          {Name: "X-Colon", Value: "a:b:c"},
	}
	for in, want := range good {
		got, err := parseHeader(in)
		if err != nil || got != want {
			t.Errorf("parseHeader(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "no colon", ": value", "Bad Name: x", "X-A: line\nbreak", "X-B; junk", "Ünï: x"} {
		if _, err := parseHeader(in); err == nil {
			t.Errorf("parseHeader(%q) succeeded; want an error", in)
		}
	}
}

func TestApplyHeaders(t *testing.T) {
	h := http.Header{"User-Agent": {"hops"}}
	applyHeaders(h, []header{{Name: "User-Agent", Remove: true}, {Name: "X-A", Value: "1"}, {Name: "x-a", Value: "2"}})
	if v, ok := h["User-Agent"]; !ok || len(v) != 0 {
		t.Errorf("User-Agent = %v, %v; want present and empty (sent as none)", v, ok)
	}
	if got := strings.Join(h.Values("X-A"), ","); got != "1,2" {
		t.Errorf("X-A = %q; want 1,2", got)
	}
}

func TestParseDuration(t *testing.T) {
	for in, ok := range map[string]bool{"10s": true, "1.5": true, "500ms": true, "0": false, "-1s": false, "soon": false, "": false} {
		if _, err := parseDuration("--timeout", in); (err == nil) != ok {
			t.Errorf("parseDuration(%q) error %v; want ok %v", in, err, ok)
		}
	}
}

func FuzzParseHeader(f *testing.F) {
	for _, s := range []string{"Accept: text/html", "User-Agent:", "X-Empty;", "no colon", "X: a\r\nInjected: 1", ":", "a:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseHeader(s)
		if err != nil {
			return
		}
		if !field.IsToken(h.Name) {
			t.Fatalf("accepted the invalid name %q", h.Name)
		}
		if strings.ContainsAny(h.Value, "\r\n\x00") {
			t.Fatalf("accepted a value that splits headers: %q", h.Value)
		}
		applyHeaders(http.Header{}, []header{h})
	})
}
