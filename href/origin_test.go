package href

import (
	"net"
	"strings"
	"testing"
)

func TestOriginParts(t *testing.T) {
	for _, c := range []struct{ in, scheme, host, port string }{
		{"http://example.com/", "http", "example.com", "80"},
		{"https://example.com/a?b#c", "https", "example.com", "443"},
		{"http://example.com:8080/x", "http", "example.com", "8080"},
		{"https://user:pw@example.com:8443/", "https", "example.com", "8443"},
		{"http://[::1]:8080/", "http", "::1", "8080"},
		{"https://[2001:db8::1]/", "https", "2001:db8::1", "443"},
		{"http://127.0.0.1/", "http", "127.0.0.1", "80"},
		// Not in the serialiser's form: the full parser's origin.
		{"HTTP://EXAMPLE.COM", "http", "example.com", "80"},
		{"https://bücher.example/", "https", "xn--bcher-kva.example", "443"},
		{"http://example.com:80/", "http", "example.com", "80"},
	} {
		scheme, host, port := OriginParts(c.in)
		if scheme != c.scheme || host != c.host || port != c.port {
			t.Errorf("OriginParts(%q) = %q, %q, %q; want %q, %q, %q", c.in, scheme, host, port, c.scheme, c.host, c.port)
		}
	}
}

// FuzzOriginParts holds OriginParts to the parts of Origin's string, split
// as the walk split it before OriginParts.
func FuzzOriginParts(f *testing.F) {
	for _, s := range []string{"http://a/", "https://a:1/b", "http://[::1]/", "HTTP://A", "http://a@b:c/", "ftp://x/", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o := Origin(s)
		wantScheme, rest, _ := strings.Cut(o, "://")
		wantHost, wantPort, err := net.SplitHostPort(rest)
		if err != nil {
			wantHost, wantPort = rest, ""
		}
		scheme, host, port := OriginParts(s)
		if scheme != wantScheme || host != wantHost || port != wantPort {
			t.Fatalf("OriginParts(%q) = %q, %q, %q; Origin %q", s, scheme, host, port, o)
		}
	})
}

func TestWireHost(t *testing.T) {
	for in, want := range map[string]string{
		"http://a.example:8080/x":     "a.example:8080",
		"http://u:p@a.example:8080/":  "a.example:8080",
		"http://@a.example/":          "a.example",
		"https://a.example/?q":        "a.example",
		"http://[::1]:8080/":          "[::1]:8080",
		"https://[2001:db8::1]/":      "[2001:db8::1]",
		"HTTP://A.EXAMPLE:81/":        "a.example:81", // the full parser's
		"https://u@bücher.example:1/": "xn--bcher-kva.example:1",
	} {
		w, err := Wire(in)
		if err != nil || w.Host != want {
			t.Errorf("Wire(%q).Host = %v, %v; want %q", in, w, err, want)
		}
	}
}
