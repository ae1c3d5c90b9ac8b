package robots

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheFetch(t *testing.T) {
	var hits sync.Map // path -> *atomic.Int32
	count := func(p string) int32 {
		v, _ := hits.LoadOrStore(p, new(atomic.Int32))
		return v.(*atomic.Int32).Load()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		v, _ := hits.LoadOrStore(r.Host+r.URL.Path, new(atomic.Int32))
		v.(*atomic.Int32).Add(1)
		host, _, _ := strings.Cut(r.Host, ":")
		switch {
		case host == "ok.test" && r.URL.Path == "/robots.txt":
			if r.Header.Get("User-Agent") != "TestBot/1" {
				http.Error(w, "wrong agent "+r.Header.Get("User-Agent"), 400)
				return
			}
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case host == "gone.test":
			http.NotFound(w, r)
		case host == "down.test":
			http.Error(w, "down", http.StatusServiceUnavailable)
		case host == "moved.test" && r.URL.Path == "/robots.txt":
			http.Redirect(w, r, "/r/1", http.StatusMovedPermanently)
		case host == "moved.test" && r.URL.Path == "/r/1":
			http.Redirect(w, r, "/real-robots.txt", http.StatusFound)
		case host == "moved.test" && r.URL.Path == "/real-robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
		case host == "spin.test":
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		case host == "slow.test":
			<-r.Context().Done() // answers nobody: the lookup's deadline ends it
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := dead.Addr().String()
	dead.Close()
	// Every name goes to the test server, except dead.test to a closed port.
	dialer := &net.Dialer{}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		if strings.HasPrefix(a, "dead.test:") {
			return dialer.DialContext(ctx, network, deadAddr)
		}
		return dialer.DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	c := &Cache{Client: &http.Client{Transport: tr}, UserAgent: "TestBot/1"}
	for _, tc := range []struct {
		url     string
		allowed bool
		note    string
		within  time.Duration
	}{
		{"http://ok.test/private/x", false, "", 0},
		{"http://ok.test/public", true, "", 0},
		{"http://gone.test/x", true, "answered 404: allow all", 0},
		{"http://down.test/x", false, "answered 503: disallow all", 0},
		{"http://moved.test/x", false, "", 0},
		{"http://spin.test/x", true, "redirected more than 5 times: taken as unavailable, allow all", 0},
		{"http://dead.test/x", false, "could not be fetched (dial tcp " + deadAddr + ": connect: connection refused): disallow all", 0},
		// net/http's own wording ("context deadline exceeded (Client.Timeout
		// exceeded while awaiting headers)") is not shown.
		{"http://slow.test/x", false, "could not be fetched (no complete response within the time limit): disallow all", 200 * time.Millisecond},
	} {
		cc := c
		if tc.within > 0 {
			// The client's own time limit (a context's would race the
			// lookup's wait for the answer).
			cc = &Cache{Client: &http.Client{Transport: tr, Timeout: tc.within}, UserAgent: "TestBot/1"}
		}
		f, src, err := cc.Lookup(context.Background(), tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		path := tc.url[strings.Index(tc.url[7:], "/")+7:]
		if ok, _ := f.Allowed("testbot", path); ok != tc.allowed || src.Note != tc.note {
			t.Errorf("%s: allowed %v, note %q; want %v, %q", tc.url, ok, src.Note, tc.allowed, tc.note)
		}
	}
	// One fetch per origin, however many lookups and goroutines.
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Lookup(context.Background(), "http://ok.test/a")
		}()
	}
	wg.Wait()
	if n := count("ok.test/robots.txt"); n != 1 {
		t.Errorf("ok.test/robots.txt fetched %d times", n)
	}
	if n := count("spin.test/robots.txtxxxxx"); n != 1 {
		t.Errorf("spin.test: the 6th redirect target was fetched %d times, want 1 (5 redirects followed)", n)
	}
	if n := count("spin.test/robots.txtxxxxxx"); n != 0 {
		t.Errorf("spin.test: a 6th redirect was followed")
	}
}
