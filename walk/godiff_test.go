package walk

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/inspect"
)

// received is one request as a differential server saw it.
type received struct {
	Method, Target, Body, Authorization, Cookie string
}

func (r received) String() string {
	return fmt.Sprintf("%s %s body=%q auth=%q cookie=%q", r.Method, r.Target, r.Body, r.Authorization, r.Cookie)
}

// diffServer serves the differential scenarios on two loopback listeners,
// A and B (another port, so another origin and, for Go, the same host),
// and records every request.
type diffServer struct {
	a, b *httptest.Server
	mu   sync.Mutex
	log  []received
}

func newDiffServer(t *testing.T) *diffServer {
	d := &diffServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		d.mu.Lock()
		d.log = append(d.log, received{r.Method, r.RequestURI, string(body), r.Header.Get("Authorization"), r.Header.Get("Cookie")})
		d.mu.Unlock()
		q := r.URL.Query()
		// /r?s=STATUS&to=WHERE&n=N: N more redirects of STATUS, then WHERE.
		if s := q.Get("s"); s != "" {
			n, _ := strconv.Atoi(q.Get("n"))
			if c := q.Get("cookie"); c != "" {
				http.SetCookie(w, &http.Cookie{Name: "srv", Value: c, Path: "/"})
			}
			loc := q.Get("to")
			if n > 1 {
				loc = fmt.Sprintf("/r?s=%s&n=%d&to=%s", s, n-1, q.Get("to"))
			}
			loc = strings.NewReplacer("{A}", d.a.URL, "{B}", d.b.URL).Replace(loc)
			w.Header().Set("Location", loc)
			st, _ := strconv.Atoi(s)
			w.WriteHeader(st)
			return
		}
		fmt.Fprint(w, "end")
	})
	d.a, d.b = httptest.NewServer(h), httptest.NewServer(h)
	t.Cleanup(d.a.Close)
	t.Cleanup(d.b.Close)
	return d
}

func (d *diffServer) take() []received {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.log
	d.log = nil
	return out
}

// TestGoDifferential runs Go's own http.Client (the real client, not a
// model) and the walk with the go profile on the same scenarios, and
// compares what the server received, request by request.
func TestGoDifferential(t *testing.T) {
	d := newDiffServer(t)
	type scenario struct {
		name, method, path, body string
		header                   map[string]string
	}
	var scenarios []scenario
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "HEAD", "GET"} {
			body := "payload=1"
			if m == "GET" || m == "HEAD" {
				body = ""
			}
			scenarios = append(scenarios, scenario{fmt.Sprintf("%s %d", m, status), m, fmt.Sprintf("/r?s=%d&n=1&to=/end", status), body, nil})
		}
	}
	auth := map[string]string{"Authorization": "Bearer t0k", "Cookie": "user=1"}
	scenarios = append(scenarios,
		scenario{"credentials same origin", "GET", "/r?s=302&n=1&to=/end", "", auth},
		scenario{"credentials another port", "GET", "/r?s=302&n=1&to={B}/end", "", auth},
		scenario{"credentials there and back", "GET", "/r?s=302&n=1&to={B}/r%3Fs%3D302%26n%3D1%26to%3D{A}/end", "", auth},
		scenario{"server cookie", "GET", "/r?s=302&n=1&cookie=abc&to=/end", "", nil},
		scenario{"9 redirects", "GET", "/r?s=302&n=9&to=/end", "", nil},
		scenario{"10 redirects", "GET", "/r?s=302&n=10&to=/end", "", nil},
		scenario{"space in Location", "GET", "/r?s=302&n=1&to=/a%20b", "", nil},
		scenario{"backslash Location", "GET", "/r?s=302&n=1&to=%5C%5Cevil.test%5Cx", "", nil},
	)
	agree := 0
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			// The real client.
			var body io.Reader
			if sc.body != "" {
				body = strings.NewReader(sc.body)
			}
			req, err := http.NewRequest(sc.method, d.a.URL+sc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range sc.header {
				req.Header.Set(k, v)
			}
			if resp, err := (&http.Client{}).Do(req); err == nil {
				resp.Body.Close()
			}
			real := d.take()

			// The walk as the go profile.
			hr := inspect.Request{URL: d.a.URL + sc.path, Method: sc.method, Header: http.Header{}}
			if sc.body != "" {
				hr.Body = []byte(sc.body)
			}
			for k, v := range sc.header {
				hr.Header.Set(k, v)
			}
			w := NewWalker()
			w.Profile, w.MaxRedirects = client.Go, client.Go.MaxRedirects
			if _, err := w.Walk(t.Context(), hr); err != nil {
				t.Fatal(err)
			}
			model := d.take()
			if fmt.Sprint(real) != fmt.Sprint(model) {
				t.Errorf("Go's client sent\n  %v\nthe go profile sent\n  %v", real, model)
				return
			}
			agree++
		})
	}
	t.Logf("go profile vs Go's http.Client: %d of %d scenarios agree", agree, len(scenarios))
}
