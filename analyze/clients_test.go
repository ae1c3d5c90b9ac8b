package analyze

import (
	"errors"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// TestOutcome: the word or two the --as all table shows for each way a walk
// ends.
func TestOutcome(t *testing.T) {
	t.Parallel()
	hop := func(status int) inspect.Hop { return inspect.Hop{N: 1, URL: "http://a.test/", Status: status} }
	cut := hop(200)
	cut.BodyErr = errors.New("unexpected EOF")
	for _, tc := range []struct {
		stop inspect.Stop
		last inspect.Hop
		want string
	}{
		{inspect.StopFinal, hop(200), "landed 200"},
		{inspect.StopFinal, hop(404), "landed 404"},
		{inspect.StopFinal, cut, "200, body failed"},
		{inspect.StopFinal, hop(300), "300 not followed"},
		{inspect.StopNoLocation, hop(302), "302, no Location"},
		{inspect.StopMaxRedirects, hop(302), "too many (error)"},
		{inspect.StopLoop, hop(301), "loop (error)"},
		{inspect.StopRefused, hop(307), "refused 307"},
		{inspect.StopInterrupted, hop(301), "interrupted"},
	} {
		c := &inspect.Chain{Hops: []inspect.Hop{tc.last}, Stop: tc.stop}
		if got := Outcome(c); got != tc.want {
			t.Errorf("Outcome(%s, %d, body error %v) = %q; want %q", tc.stop, tc.last.Status, tc.last.BodyErr, got, tc.want)
		}
	}
}

// TestSays: a verb agrees with the clients before it.
func TestSays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		names  []string
		phrase string
		want   string
	}{
		{[]string{"curl -L"}, "stop at 50", "curl -L stops at 50"},
		{[]string{"axios"}, "arrive with PUT", "axios arrives with PUT"},
		{[]string{"browsers"}, "stop at 20", "browsers stop at 20"},
		{[]string{"go", "axios"}, "arrive with GET", "go and axios arrive with GET"},
		{[]string{"wget", "go", "curl"}, "follow 20 redirects", "wget, go and curl follow 20 redirects"},
		{[]string{"Googlebot"}, "go on", "Googlebot goes on"},
		{[]string{"node"}, "land", "node lands"},
	} {
		if got := says(tc.names, tc.phrase); got != tc.want {
			t.Errorf("says(%q, %q) = %q, want %q", tc.names, tc.phrase, got, tc.want)
		}
	}
}
