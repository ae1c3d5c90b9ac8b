package plainwalk

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestWalk(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.Header.Get("User-Agent"))
		mu.Unlock()
		switch r.URL.Path {
		case "/a":
			w.Header().Set("Location", "b?x=1")
			w.WriteHeader(http.StatusMovedPermanently)
			w.Write([]byte("moved"))
		case "/b":
			w.Header().Set("Location", "//"+r.Host+"/c")
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/c":
			w.Write([]byte("landed"))
		case "/loop":
			w.Header().Set("Location", "/loop")
			w.WriteHeader(http.StatusFound)
		case "/cached":
			// Not a redirect, whatever its Location says.
			w.Header().Set("Location", "/c")
			w.WriteHeader(http.StatusNotModified)
		case "/bad":
			w.Header().Set("Location", "http://[::1")
			w.WriteHeader(http.StatusFound)
		}
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()

	hops, err := Walk(tr, srv.URL+"/a", http.Header{"User-Agent": {"plain/1"}})
	if err != nil {
		t.Fatal(err)
	}
	type seen struct {
		url, reason, location, next string
		status                      int
	}
	want := []seen{
		{srv.URL + "/a", "Moved Permanently", "b?x=1", srv.URL + "/b?x=1", 301},
		{srv.URL + "/b?x=1", "Temporary Redirect", "//" + strings.TrimPrefix(srv.URL, "http://") + "/c", srv.URL + "/c", 307},
		{srv.URL + "/c", "OK", "", "", 200},
	}
	if len(hops) != len(want) {
		t.Fatalf("%d hops, want %d: %+v", len(hops), len(want), hops)
	}
	for i, h := range hops {
		got := seen{h.URL, h.Reason, h.Location, h.Next, h.Status}
		if got != want[i] {
			t.Errorf("hop %d: %+v, want %+v", i+1, got, want[i])
		}
		if h.Proto != "HTTP/1.1" || h.Timing["total"] == nil || h.Timing["ttfb"] == nil {
			t.Errorf("hop %d: proto %q, timing %v", i+1, h.Proto, h.Timing)
		}
	}
	// One connection: the first hop dialled it, the others reused it.
	if hops[0].Reused || hops[0].Timing["connect"] == nil || !hops[1].Reused || hops[1].Timing["connect"] != nil {
		t.Errorf("connections: %+v", hops)
	}
	mu.Lock()
	if strings.Join(agents, ",") != "plain/1,plain/1,plain/1" {
		t.Errorf("the server saw User-Agent %q", agents)
	}
	mu.Unlock()

	if hops, err := Walk(tr, srv.URL+"/loop", nil); err == nil || err.Error() != "more than 20 redirects" || len(hops) != 21 {
		t.Errorf("loop: %d hops, %v", len(hops), err)
	}
	if hops, err := Walk(tr, srv.URL+"/cached", nil); err != nil || len(hops) != 1 || hops[0].Status != 304 || hops[0].Next != "" {
		t.Errorf("304 with a Location: %+v, %v", hops, err)
	}
	if _, err := Walk(tr, srv.URL+"/bad", nil); err == nil || !strings.HasPrefix(err.Error(), `Location "http://[::1": `) {
		t.Errorf("bad Location: %v", err)
	}
}
