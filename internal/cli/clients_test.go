package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hops-cli/hops/client"
)

// TestAsClient: --as walks with the client's rules; the server sees it.
func TestAsClient(t *testing.T) {
	r := newRecorder(t)
	// A PUT through a 307 keeps everything; through /see (303) Go and
	// browsers send GET.
	got := r.hops(t, "", "--as", "go", "-X", "PUT", "-d", "x=1", r.srv.URL+"/see")
	if len(got) != 2 || got[1].method != "GET" || len(got[1].body) != 0 {
		t.Fatalf("as go: %+v", got)
	}
	if ua := got[0].header.Get("User-Agent"); ua != client.Go.UserAgent {
		t.Errorf("as go the User-Agent is %q; want %q", ua, client.Go.UserAgent)
	}
	if _, ok := got[0].header["Accept"]; ok {
		t.Errorf("Go's client sends no Accept; got %q", got[0].header.Get("Accept"))
	}
	// -A wins over the profile's User-Agent.
	got = r.hops(t, "", "--as", "curl", "-A", "mine/1", r.srv.URL+"/end")
	if ua := got[0].header.Get("User-Agent"); ua != "mine/1" {
		t.Errorf("-A with --as: User-Agent %q", ua)
	}
	// The JSON names the client.
	res := runHops(t, "--as", "python-requests", "--json", r.srv.URL+"/end")
	if res.doc["client"] != "python-requests" {
		t.Errorf("client = %v; want python-requests", res.doc["client"])
	}
	if res := runHops(t, "--json", r.srv.URL+"/end"); res.doc["client"] != nil {
		t.Errorf("without --as the JSON has client %v", res.doc["client"])
	}
	// An unknown client and --as all in check are usage errors.
	for _, args := range [][]string{{"--as", "netscape", r.srv.URL}, {"check", "--as", "all", "-"}} {
		res := runHops(t, args...)
		if res.code != exitUsage || strings.Count(res.stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q", args, res.code, res.stderr)
		}
	}
}

// TestAsAll: every client walks the chain; the JSON has SPEC's shape and
// names the divergence.
func TestAsAll(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	res := runHops(t, "--as", "all", "--json", "-X", "PUT", "-d", "x=1", r.srv.URL+"/see")
	var doc struct {
		Request struct {
			Method string `json:"method"`
		} `json:"request"`
		Clients []struct {
			Client string `json:"client"`
			Models string `json:"models"`
			Hops   []struct {
				Method string `json:"method"`
			} `json:"hops"`
		} `json:"clients"`
		Divergences []struct {
			Aspect string            `json:"aspect"`
			Values map[string]string `json:"values"`
		} `json:"divergences"`
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
		Error any `json:"error"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, res.stdout)
	}
	if len(doc.Clients) != len(client.All) || doc.Request.Method != "PUT" {
		t.Fatalf("%d clients, request %s", len(doc.Clients), doc.Request.Method)
	}
	for i, c := range doc.Clients {
		if c.Client != client.All[i].Name || c.Models == "" || len(c.Hops) == 0 {
			t.Errorf("client %d: %+v", i, c)
			continue
		}
		// Googlebot fetches: GET whatever was asked; the others send the PUT.
		want := "PUT"
		if c.Client == "googlebot" {
			want = "GET"
		}
		if c.Hops[0].Method != want {
			t.Errorf("%s's first hop is a %s; want %s", c.Client, c.Hops[0].Method, want)
		}
	}
	// A 303: every client sends GET but urllib, which refuses a PUT.
	var outcome map[string]string
	for _, d := range doc.Divergences {
		if d.Aspect == "outcome" {
			outcome = d.Values
		}
	}
	if outcome == nil || outcome["urllib"] != "refused 303" || outcome["browser"] != "landed 200" {
		t.Errorf("outcome divergence %v", outcome)
	}
	if len(doc.Findings) == 0 || doc.Findings[0].Code != "client-divergence" {
		t.Errorf("findings %+v", doc.Findings)
	}

	// The terminal table marks what differs from browser, without colour.
	res = runHops(t, "--as", "all", "--color", "never", "-X", "PUT", "-d", "x=1", r.srv.URL+"/see")
	if !strings.Contains(res.stdout, "*refused 303") || !strings.Contains(res.stdout, "client-divergence") {
		t.Errorf("table:\n%s", res.stdout)
	}
}

// TestAsAllPOSTWithoutRedirect: a POST that lands at once is walked alike
// by every client: googlebot's GET is what it is, not a divergence.
func TestAsAllPOSTWithoutRedirect(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	res := runHops(t, "--as", "all", "--color", "never", "-d", "x=1", r.srv.URL+"/ok")
	if res.code != exitOK || strings.Contains(res.stdout, "client-divergence") || !strings.Contains(res.stdout, "every client walks this chain alike") {
		t.Errorf("exit %d:\n%s", res.code, res.stdout)
	}
}

// TestGooglebotSaysGETOnly: --as googlebot with another method or a body
// walks with GET and says so on stderr, without failing the run; a plain
// GET says nothing.
func TestGooglebotSaysGETOnly(t *testing.T) {
	t.Parallel()
	r := newRecorder(t)
	res := runHops(t, "--as", "googlebot", "--brief", "-X", "POST", "-d", "x=1", r.srv.URL+"/ok")
	if want := "hops: --as googlebot fetches with GET only: it sends GET instead of POST, without the body\n"; res.stderr != want || res.code != exitOK || !strings.HasPrefix(res.stdout, "1 200 GET ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 0, a GET and stderr %q", res.code, res.stdout, res.stderr, want)
	}
	res = runHops(t, "--as", "googlebot", "--brief", r.srv.URL+"/ok")
	if res.stderr != "" || res.code != exitOK {
		t.Errorf("a plain GET: exit %d, stderr %q", res.code, res.stderr)
	}
	// A usage error comes alone: the note waits for a run.
	res = runCheck(t, r.srv.URL+"/ok\n", "--as", "googlebot", "-d", "a=1", "--concurrency", "0")
	if res.code != exitUsage || strings.Contains(res.stderr, "GET only") {
		t.Errorf("check --concurrency 0: exit %d, stderr %q; want exit 2 and no note", res.code, res.stderr)
	}
	// hops check says it too, once for the run.
	res = runCheck(t, r.srv.URL+"/ok\n"+r.srv.URL+"/ok?2\n", "--as", "googlebot", "-X", "PUT")
	if want := "hops: --as googlebot fetches with GET only: it sends GET instead of PUT\n"; !strings.HasPrefix(res.stderr, want) || strings.Count(res.stderr, want) != 1 || res.code != exitOK {
		t.Errorf("check: exit %d, stderr %q; want exit 0 and %q once", res.code, res.stderr, want)
	}
}

// TestClientsCommand: hops clients lists every profile; explain tells one.
func TestClientsCommand(t *testing.T) {
	res := runHops(t, "clients")
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	for _, p := range client.All {
		if !strings.Contains(res.stdout, p.Name) {
			t.Errorf("hops clients lacks %s", p.Name)
		}
	}
	res = runHops(t, "explain", "go")
	if res.code != exitOK || !strings.Contains(res.stdout, client.Go.Models) || !strings.Contains(res.stdout, "9 redirects") {
		t.Errorf("explain go: %d\n%s", res.code, res.stdout)
	}
}

// TestUserAndCookieFlags: -u is Basic, -b NAME=VALUE and a cookie file
// make the Cookie header.
func TestUserAndCookieFlags(t *testing.T) {
	r := newRecorder(t)
	jar := filepath.Join(t.TempDir(), "cookies.txt")
	if err := os.WriteFile(jar, []byte("# Netscape HTTP Cookie File\nexample.com\tFALSE\t/\tFALSE\t0\tsid\tfile1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := r.hops(t, "", "-u", "alice:pw:x", "-b", "a=1", "-b", jar, r.srv.URL+"/end")
	h := got[0].header
	// base64("alice:pw:x")
	if v := h.Get("Authorization"); v != "Basic YWxpY2U6cHc6eA==" {
		t.Errorf("Authorization %q", v)
	}
	if v := h.Values("Cookie"); len(v) != 1 || v[0] != "a=1; sid=file1" {
		t.Errorf("Cookie %q", v)
	}
}

// TestSubcommandUsageErrors: an unknown flag on a subcommand is one line on
// stderr, exit 2, nothing on stdout (where a report would go).
func TestSubcommandUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"check", "--bogus", "map.csv"}, {"demo", "--nope"}, {"clients", "--x"}, {"explain", "--y", "loop"}} {
		res := runHops(t, args...)
		if res.code != exitUsage || res.stdout != "" || strings.Count(res.stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, res.code, res.stdout, res.stderr)
		}
	}
}

// TestCheckAsClient: check walks every row as the client named.
func TestCheckAsClient(t *testing.T) {
	r := newRecorder(t)
	res := runCheck(t, r.srv.URL+"/see\n", "--json", "--as", "go", "-X", "PUT", "-d", "x=1")
	if res.code != exitOK || !strings.Contains(res.stdout, `"client":"go"`) || !strings.Contains(res.stdout, `"result":"ok"`) {
		t.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) != 2 || r.reqs[1].method != "GET" || r.reqs[0].header.Get("User-Agent") != client.Go.UserAgent {
		t.Errorf("requests %+v", r.reqs)
	}
}
