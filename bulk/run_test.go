package bulk

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/walk"
)

// TestRunClosesItsConnections: when a run ends, the server sees every
// connection it kept alive closed, although the transport is the
// caller's (as the command line's is), so that a check's lint and
// reports do not run beside a connection per host it met.
func TestRunClosesItsConnections(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	opened, open := 0, 0
	allClosed := make(chan struct{}, 1)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/a") {
			http.Redirect(w, r, strings.TrimSuffix(r.URL.Path, "a")+"b", http.StatusMovedPermanently)
			return
		}
		fmt.Fprintln(w, "landed")
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch st {
		case http.StateNew:
			opened++
			open++
		case http.StateClosed, http.StateHijacked:
			open--
			if open == 0 {
				select {
				case allClosed <- struct{}{}:
				default:
				}
			}
		}
	}
	srv.Start()
	defer srv.Close()

	var m strings.Builder
	for i := range 20 {
		fmt.Fprintf(&m, "%s/r/%d/a,%s/r/%d/b\n", srv.URL, i, srv.URL, i)
	}
	w := walk.NewWalker()
	tr, err := walk.NewTransport(w.Config)
	if err != nil {
		t.Fatal(err)
	}
	w.Transport = tr
	r := &Runner{Walker: w, Concurrency: 4, PerHost: 4, FailOn: inspect.SeverityError}
	sum, err := r.Run(context.Background(), check.NewReader(strings.NewReader(m.String())), func(check.Result) {})
	if err != nil || sum.OK != 20 {
		t.Fatalf("%d of 20 rows ok (%v)", sum.OK, err)
	}
	// A signal from before the end of the run does not count.
	select {
	case <-allClosed:
	default:
	}
	mu.Lock()
	n, left := opened, open
	mu.Unlock()
	if n == 0 {
		t.Fatal("the server saw no connection")
	}
	if left == 0 {
		return
	}
	select {
	case <-allClosed:
	case <-time.After(10 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("%d of %d connections still open after the run", open, opened)
	}
}

// TestRunOrderAcrossTheWindow: rows finish out of order (each answered
// after a delay of its own) many times around the reorder window
// (concurrency 3: a window of 24 rows), and go out in input order, each
// once, with the row's own result.
func TestRunOrderAcrossTheWindow(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Path, "/r/%d", &i)
		// Every 40th row takes 15 ms: the rows after it fill the window
		// meanwhile; the others take 0 to 2 ms, finishing out of order.
		d := time.Duration(i%3) * time.Millisecond
		if i%40 == 1 {
			d = 15 * time.Millisecond
		}
		time.Sleep(d)
		fmt.Fprintf(w, "row %d", i)
	}))
	defer srv.Close()

	const rows = 300
	var m strings.Builder
	for i := range rows {
		fmt.Fprintf(&m, "%s/r/%d\n", srv.URL, i)
	}
	w := walk.NewWalker()
	r := &Runner{Walker: w, Concurrency: 3, PerHost: 3, FailOn: inspect.SeverityError}
	var got []string
	sum, err := r.Run(context.Background(), check.NewReader(strings.NewReader(m.String())), func(res check.Result) {
		got = append(got, fmt.Sprintf("%d %s", res.Row.N, strings.TrimPrefix(res.Row.Source, srv.URL)))
	})
	if err != nil || sum.Rows != rows || sum.OK != rows {
		t.Fatalf("%d rows, %d ok (%v); want %d", sum.Rows, sum.OK, err, rows)
	}
	if len(got) != rows {
		t.Fatalf("%d rows reported; want %d", len(got), rows)
	}
	for i, g := range got {
		if want := fmt.Sprintf("%d /r/%d", i+1, i); g != want {
			t.Fatalf("report %d is %q; want %q", i+1, g, want)
		}
	}
}
