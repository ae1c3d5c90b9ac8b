package client

import "testing"

// TestLocationOfSeveral: what each client reads from several Location
// headers, as difftest observed the real clients do (curl 7.88.1, wget
// 1.21.3, requests 2.28.1, HTTPie 3.2.1, urllib 3.11, undici 6.24.1,
// node-fetch 3.3.2, axios 1.21.1, Go 1.26); browsers by Fetch.
func TestLocationOfSeveral(t *testing.T) {
	t.Parallel()
	two, same := []string{"/one", "/two"}, []string{"/one", "/one"}
	for _, tc := range []struct {
		p          *Profile
		two, same  string
		refusesTwo bool
	}{
		{Browser, "", "/one", true},
		{Fetch, "", "/one", true},
		{Curl, "/one", "/one", false},
		{Wget, "/one", "/one", false},
		{Go, "/one", "/one", false},
		{PythonRequests, "/one, /two", "/one, /one", false},
		{HTTPie, "/one", "/one", false},
		{Urllib, "/one", "/one", false},
		{Node, "/one, /two", "/one, /one", false},
		{NodeFetch, "/one, /two", "/one, /one", false},
		{Axios, "/one", "/one", false},
	} {
		got, ok := tc.p.Location(two)
		if ok == tc.refusesTwo || got != tc.two {
			t.Errorf("%s, Location /one and /two: %q, %v; want %q, refused %v", tc.p.Name, got, ok, tc.two, tc.refusesTwo)
		}
		if got, ok := tc.p.Location(same); !ok || got != tc.same {
			t.Errorf("%s, Location /one twice: %q, %v; want %q", tc.p.Name, got, ok, tc.same)
		}
		if got, ok := tc.p.Location([]string{"/x"}); !ok || got != "/x" {
			t.Errorf("%s, one Location: %q, %v", tc.p.Name, got, ok)
		}
		if got, _ := tc.p.Location([]string{"", "/ok"}); tc.p == Curl && got != "/ok" || tc.p == Go && got != "" {
			t.Errorf("%s, an empty Location then /ok: %q", tc.p.Name, got)
		}
		if _, ok := tc.p.Location(nil); ok {
			t.Errorf("%s: no Location read as one", tc.p.Name)
		}
	}
}
