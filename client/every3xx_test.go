package client

import "testing"

// TestAnyRedirectStatus: curl -L and axios follow every 3xx status with a
// Location, 304 and the unassigned ones included, and nothing outside 3xx.
func TestAnyRedirectStatus(t *testing.T) {
	for _, p := range []*Profile{Curl, Axios} {
		for status := 200; status <= 499; status++ {
			if got, want := p.FollowsStatus(status), status >= 300 && status <= 399; got != want {
				t.Errorf("%s: FollowsStatus(%d) = %v; want %v", p.Name, status, got, want)
			}
		}
	}
}
