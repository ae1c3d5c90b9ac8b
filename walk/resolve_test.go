package walk

import (
	"net"
	"testing"
)

func FuzzParseResolve(f *testing.F) {
	for _, s := range []string{"example.com:443:127.0.0.1", "[::1]:8443:::1", "*:80:127.0.0.1,[::1]", "x", "a:b:c", "h:0:1.2.3.4", "[::1:1:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseResolve(s)
		if err != nil {
			return
		}
		if r.Host == "" || r.Port == "" || len(r.Addrs) == 0 {
			t.Fatalf("ParseResolve(%q) = %+v: accepted with a part missing", s, r)
		}
		for _, a := range r.Addrs {
			if net.ParseIP(a) == nil {
				t.Fatalf("ParseResolve(%q) accepted the address %q", s, a)
			}
		}
	})
}
