package cli

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPasswordsNeverPrinted: a URL's password, in the request, in every
// Location form and in a failing hop, never reaches any output of an
// inspection or a check, nor a usage error.
func TestPasswordsNeverPrinted(t *testing.T) {
	t.Parallel()
	dead, err := deadAddr()
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		switch r.URL.Path {
		case "/start":
			w.Header().Set("Location", "//bob:S3CRET-two@127.0.0.1:"+port+"/next?x=1")
		case "/next":
			w.Header().Set("Location", `\\carol:S3CRET-three@127.0.0.1:`+port+`\final`)
		case "/final":
			// "/\" is "//" to browsers; RFC 3986 clients escape it into a
			// path, /%5Cerin:...@, with the password in it.
			w.Header().Set("Location", `/\erin:S3CRET-seven@127.0.0.1:`+port+`/last`)
		case "/last":
			// A special scheme with no slashes is userinfo to browsers, and
			// a quote is part of a password.
			w.Header().Set("Location", "https:dave:S3CRET-four'q@"+dead+"/gone")
		}
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	start := strings.Replace(srv.URL, "http://", "http://alice:S3CRET-one@", 1) + "/start?x=1"
	secrets := []string{"S3CRET-one", "S3CRET-two", "S3CRET-three", "S3CRET-four", "S3CRET-five", "S3CRET-six", "S3CRET-seven"}
	check := func(what, text string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %s:\n%s", what, s, text)
			}
		}
	}

	for _, args := range [][]string{
		{"--color", "never"}, {"--color", "always"}, {"-v", "--color", "never"}, {"--brief"}, {"--final"}, {"--json"},
		{"--as", "all", "--color", "never"}, {"--as", "all", "--json"},
		{"--as", "go", "--color", "never"}, {"--as", "python-requests", "--json"},
	} {
		r := runHops(t, append(args, start)...)
		if !strings.Contains(r.stdout, "****") {
			t.Errorf("hops %v: no masked password in the output:\n%s", args, r.stdout)
		}
		check(strings.Join(args, " "), r.stdout+r.stderr)
	}

	junit := filepath.Join(t.TempDir(), "report.xml")
	for _, args := range [][]string{{}, {"--json"}, {"--csv"}, {"--junit", junit}} {
		r := runCheck(t, start+"\n"+"http://eve:S3CRET-five@"+dead+"/,/x\n", args...)
		check("check "+strings.Join(args, " "), r.stdout+r.stderr)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	check("JUnit report", string(data))

	// A cookie file with a line that is neither form: its value is a secret.
	jar := filepath.Join(t.TempDir(), "cookies.txt")
	if err := os.WriteFile(jar, []byte("localhost\tFALSE\t/\tFALSE\t0\tsess\tS3CRET-six\textra\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-x", "http://u:S3CRET-six@proxy.test:notaport", "http://127.0.0.1:1/"},
		{"-H", "Authorization Bearer S3CRET-six", "http://127.0.0.1:1/"},
		{"-H", "authorization; S3CRET-six", "http://127.0.0.1:1/"},
		{"-b", "sid S3CRET-six", "http://127.0.0.1:1/"},
		{"-b", jar, "http://127.0.0.1:1/"},
	} {
		r := runHops(t, args...)
		if r.code != exitUsage {
			t.Errorf("hops %q: exit %d; want 2", args, r.code)
		}
		check("usage error", r.stdout+r.stderr)
	}
}

// TestShowSecretsShowsThem: --show-secrets prints URL passwords as they
// are in every view of an inspection, --as all's included: the request's
// and one a Location brought.
func TestShowSecretsShowsThem(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
			w.Header().Set("Location", "//bob:Shown-Two@127.0.0.1:"+port+"/end")
			w.WriteHeader(http.StatusFound)
			return
		}
		fmt.Fprint(w, "mirror: http://carol:Shown-Three@mirror.example/\n")
	}))
	defer srv.Close()
	start := strings.Replace(srv.URL, "http://", "http://alice:Shown-One@", 1) + "/start"
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--color", "never"}, []string{"alice:Shown-One@", "bob:Shown-Two@"}},
		{[]string{"--brief"}, []string{"alice:Shown-One@", "bob:Shown-Two@"}},
		{[]string{"--body", "--color", "never"}, []string{"mirror: http://carol:Shown-Three@mirror.example/"}},
		{[]string{"--final"}, []string{"bob:Shown-Two@"}},
		{[]string{"--json"}, []string{`"url": "http://alice:Shown-One@`, `"next_url": "http://bob:Shown-Two@`}},
		{[]string{"--as", "all", "--color", "never"}, []string{"GET http://alice:Shown-One@"}},
		{[]string{"--as", "all", "--json"}, []string{`"url": "http://alice:Shown-One@`, `"next_url": "http://bob:Shown-Two@`}},
	} {
		r := runHops(t, append(append([]string{"--show-secrets"}, tc.args...), start)...)
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("hops --show-secrets %v: no %q in the output:\n%s", tc.args, w, r.stdout)
			}
		}
		if strings.Contains(r.stdout, "****") {
			t.Errorf("hops --show-secrets %v: a masked password in the output:\n%s", tc.args, r.stdout)
		}
	}
}

// TestRequestHeadersShown: -v and the JSON show what each hop sent, after
// hops withheld credentials from another origin, secrets masked unless
// --show-secrets.
func TestRequestHeadersShown(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/x", http.StatusFound)
	}))
	defer srv.Close()
	res := runHops(t, "--json", "-H", "Authorization: Bearer s3cr3t-tok", srv.URL+"/")
	hops := res.doc["hops"].([]any)
	first := hops[0].(map[string]any)["request_headers"].(map[string]any)
	second := hops[1].(map[string]any)["request_headers"].(map[string]any)
	if fmt.Sprint(first["Authorization"]) != "[Bearer ****]" {
		t.Errorf("hop 1 sent Authorization %v; want it masked", first["Authorization"])
	}
	if _, ok := second["Authorization"]; ok {
		t.Errorf("hop 2 (another origin) shows Authorization: %v", second)
	}
	if strings.Contains(res.stdout, "s3cr3t-tok") {
		t.Error("the token is printed")
	}
	res = runHops(t, "-v", "--color", "never", "--show-secrets", "-H", "Authorization: Bearer s3cr3t-tok", srv.URL+"/")
	if !strings.Contains(res.stdout, "> Authorization: Bearer s3cr3t-tok") {
		t.Errorf("--show-secrets -v does not show the token sent:\n%s", res.stdout)
	}
}
