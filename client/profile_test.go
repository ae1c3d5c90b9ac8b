package client

import (
	"fmt"
	"testing"
)

// TestBrowserMethods is Fetch's HTTP-redirect fetch step 12 written out as
// a literal table (status, method → next method, body dropped).
func TestBrowserMethods(t *testing.T) {
	cases := []struct {
		status       int
		method, next string
		drop         bool
	}{
		{301, "GET", "GET", false}, {301, "HEAD", "HEAD", false}, {301, "POST", "GET", true},
		{301, "PUT", "PUT", false}, {301, "DELETE", "DELETE", false}, {301, "PATCH", "PATCH", false},
		{302, "GET", "GET", false}, {302, "HEAD", "HEAD", false}, {302, "POST", "GET", true},
		{302, "PUT", "PUT", false}, {302, "DELETE", "DELETE", false}, {302, "PATCH", "PATCH", false},
		{303, "GET", "GET", false}, {303, "HEAD", "HEAD", false}, {303, "POST", "GET", true},
		{303, "PUT", "GET", true}, {303, "DELETE", "GET", true}, {303, "PATCH", "GET", true},
		{303, "OPTIONS", "GET", true},
		{307, "GET", "GET", false}, {307, "POST", "POST", false}, {307, "PUT", "PUT", false},
		{308, "GET", "GET", false}, {308, "POST", "POST", false}, {308, "DELETE", "DELETE", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d %s", tc.status, tc.method), func(t *testing.T) {
			next, drop := Browser.NextMethod(tc.method, tc.status)
			if next != tc.next || drop != tc.drop {
				t.Errorf("NextMethod(%s, %d) = %s, %v; want %s, %v", tc.method, tc.status, next, drop, tc.next, tc.drop)
			}
		})
	}
}

// TestBrowserFollows: Fetch's redirect statuses, and no others.
func TestBrowserFollows(t *testing.T) {
	want := map[int]bool{301: true, 302: true, 303: true, 307: true, 308: true}
	for status := 300; status <= 399; status++ {
		if got := Browser.FollowsStatus(status); got != want[status] {
			t.Errorf("FollowsStatus(%d) = %v; want %v", status, got, want[status])
		}
	}
	if Browser.MaxRedirects != 20 {
		t.Errorf("MaxRedirects = %d; want Fetch's 20", Browser.MaxRedirects)
	}
	for _, h := range []string{"authorization", "Cookie", "PROXY-AUTHORIZATION"} {
		if !Browser.IsCredential(h) {
			t.Errorf("%s is not a credential", h)
		}
	}
	if Browser.IsCredential("X-Api-Key") {
		t.Error("X-Api-Key is a credential")
	}
}
