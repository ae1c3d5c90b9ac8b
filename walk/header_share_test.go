package walk

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// Hops share the walk's header while nothing changes it; whatever the walk
// changes later must leave the caller's header and the headers earlier hops
// sent as they were, and each server must get what its hop reports.
func TestHeadersStayAsSent(t *testing.T) {
	var mu sync.Mutex
	got := map[string]http.Header{} // path -> header received
	record := func(r *http.Request) {
		mu.Lock()
		got[r.URL.Path] = r.Header.Clone()
		mu.Unlock()
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		w.Write([]byte("done"))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		switch r.URL.Path {
		case "/post":
			http.Redirect(w, r, "/get", http.StatusFound) // POST -> GET, body dropped
		case "/get":
			http.Redirect(w, r, "/same", http.StatusMovedPermanently)
		case "/same":
			http.Redirect(w, r, other.URL+"/away", http.StatusMovedPermanently)
		}
	}))
	defer srv.Close()

	caller := http.Header{
		"User-Agent":    {"hops-test"},
		"Content-Type":  {"application/x-www-form-urlencoded"},
		"Cookie":        {"user=1"},
		"Authorization": {"Bearer secret"},
	}
	req := inspect.Request{URL: srv.URL + "/post", Method: "POST", Header: caller, Body: []byte("a=1")}
	c := walkURL(t, req, func(w *Walker) { w.Profile = client.PythonRequests })
	if len(c.Hops) != 4 {
		t.Fatalf("%d hops; want 4", len(c.Hops))
	}
	want := []struct {
		path   string
		header string // the header names sent, sorted, "|" between
	}{
		{"/post", "Authorization|Content-Type|Cookie|User-Agent"},
		{"/get", "Authorization|User-Agent"}, // body headers dropped; requests drops the user's Cookie
		{"/same", "Authorization|User-Agent"},
		{"/away", "User-Agent"}, // another origin: no Authorization
	}
	for i, w := range want {
		h := c.Hops[i]
		if names := headerNames(h.RequestHeader); names != w.header {
			t.Errorf("hop %d reports %s; want %s", h.N, names, w.header)
		}
		// The server also gets what net/http adds (Content-Length,
		// Accept-Encoding); the names above it must get exactly.
		sent := got[w.path]
		for _, k := range []string{"Authorization", "Content-Type", "Cookie", "User-Agent"} {
			if _, ok := sent[k]; ok != strings.Contains("|"+w.header+"|", "|"+k+"|") {
				t.Errorf("hop %d: server got %s; want %s (and Go's own)", h.N, headerNames(sent), w.header)
			}
		}
	}
	if names := headerNames(caller); names != "Authorization|Content-Type|Cookie|User-Agent" || len(caller["Cookie"]) != 1 {
		t.Errorf("the caller's header changed: %v", caller)
	}
	if names := headerNames(c.Request.Header); names != "Authorization|Content-Type|Cookie|User-Agent" {
		t.Errorf("the chain's request header changed: %v", c.Request.Header)
	}
}

// A URL's credentials become an Authorization header of the walk's own,
// not of the caller's header.
func TestURLCredentialsLeaveTheCallersHeader(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
	}))
	defer srv.Close()
	caller := http.Header{"User-Agent": {"hops-test"}}
	c := walkURL(t, inspect.Request{URL: strings.Replace(srv.URL, "http://", "http://u:p@", 1) + "/", Method: "GET", Header: caller})
	if auth != "Basic dTpw" || c.Hops[0].RequestHeader.Get("Authorization") != "Basic dTpw" {
		t.Errorf("server got %q, hop reports %q; want Basic dTpw", auth, c.Hops[0].RequestHeader.Get("Authorization"))
	}
	if _, ok := caller["Authorization"]; ok {
		t.Errorf("the caller's header got %v", caller)
	}
}

func headerNames(h http.Header) string {
	var names []string
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, "|")
}
