package walk

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// A URL visited before and after a cookie was set, then again: the loop
// is to the latest visit, made with the same cookies.
func TestLoopAfterACookieIsToTheLatestVisit(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := r.Cookie("seen")
		switch {
		case r.URL.Path == "/a" && err != nil:
			http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1", Path: "/"})
			http.Redirect(w, r, "/b", http.StatusFound)
		case r.URL.Path == "/a":
			http.Redirect(w, r, "/c", http.StatusFound)
		default: // /b and /c
			http.Redirect(w, r, "/a", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := walkURL(t, get(srv.URL+"/a"))
	if c.Stop != inspect.StopLoop || c.LoopTo != 3 || len(c.Hops) != 4 {
		t.Fatalf("stop %s, loop to %d, %d hops; want a loop to hop 3 after 4 hops (/a /b /a /c)", c.Stop, c.LoopTo, len(c.Hops))
	}
}
