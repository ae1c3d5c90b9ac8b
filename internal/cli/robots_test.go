package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestCheckRobotsOncePerOrigin: a check of many rows on one host reads its
// robots.txt once, with the run's User-Agent, and judges every row by it.
func TestCheckRobotsOncePerOrigin(t *testing.T) {
	var fetches atomic.Int32
	var agent atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fetches.Add(1)
			agent.Store(r.Header.Get("User-Agent"))
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	var rows strings.Builder
	for i := range 30 {
		dir := "public"
		if i%3 == 0 {
			dir = "private"
		}
		fmt.Fprintf(&rows, "%s/%s/%d\n", srv.URL, dir, i)
	}
	file := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(file, []byte(rows.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runHops(t, "check", "--robots", "--fail-on", "warning", "--csv", "-c", "8", "-A", "SiteAudit/2", file)
	if r.code != 1 {
		t.Fatalf("exit %d; stderr %s", r.code, r.stderr)
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times for 30 rows", n)
	}
	if a := agent.Load(); a != "SiteAudit/2" {
		t.Errorf("robots.txt fetched as %q", a)
	}
	if got := strings.Count(r.stdout, ",mismatch,robots-blocked,"); got != 10 {
		t.Errorf("%d rows blocked, want 10:\n%s", got, r.stdout)
	}
}
