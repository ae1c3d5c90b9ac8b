package cli

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDataURLEncodeAsCurl: --data-urlencode values, mixed with -d, arrive
// as curl 7.88.1 sent the same arguments (bytes taken from the wire), in
// typed order, and are replayed unchanged through a 307 and a 308.
func TestDataURLEncodeAsCurl(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("a b\nc&d=\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newRecorder(t)
	got := r.hops(t, "",
		"--data-urlencode", "x y&z=~._-*é",
		"--data-urlencode", "=a b=c",
		"--data-urlencode", "name=a b+c/",
		"--data-urlencode", "@"+file,
		"--data-urlencode", "n@"+file,
		"-d", "raw x",
		r.srv.URL+"/start")
	const want = "x y&z=~._-%2A%C3%A9&a+b%3Dc&name=a+b%2Bc%2F&a+b%0Ac%26d%3D%0A&n=a+b%0Ac%26d%3D%0A&raw x"
	if len(got) != 3 {
		t.Fatalf("server saw %d requests; want 3", len(got))
	}
	for i, req := range got {
		if req.method != http.MethodPost || string(req.body) != want {
			t.Errorf("request %d (%s): %s %q; want POST %q", i+1, req.path, req.method, req.body, want)
		}
		if ct := req.header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("request %d: Content-Type %q", i+1, ct)
		}
	}

	// Typed order holds across the -d family: curl sends "a&b&c&=e".
	got = r.hops(t, "", "-d", "a", "--data", "b", "--data-raw=c", "--data-urlencode", "=e", r.srv.URL+"/end")
	if len(got) != 1 || string(got[0].body) != "a&b&c&e" {
		t.Errorf("-d a --data b --data-raw=c --data-urlencode =e: server got %q; want %q", got[0].body, "a&b&c&e")
	}
}

// TestFormAsCurl: -F builds the multipart body curl 7.88.1 builds for the
// same arguments (taken from the wire, boundary aside), with a boundary of
// curl's shape, and a 307/308 replays it byte for byte while a 303 drops it.
func TestFormAsCurl(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"d.json": `{"a":1}`, "noext": "x", `a"b.txt`: "q"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := newRecorder(t)
	got := r.hops(t, "",
		"-F", "a=x",
		"-F", `b="q;r"`,
		"-F", "c=@"+filepath.Join(dir, "d.json"),
		"-F", "d=@"+filepath.Join(dir, "noext"),
		"-F", "e=@"+filepath.Join(dir, `a"b.txt`),
		"-F", "h=x;filename=z.txt",
		"-F", "i=@"+filepath.Join(dir, "d.json")+";type=text/plain;filename=w",
		r.srv.URL+"/start")
	const want = "--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"b\"\r\n\r\nq;r\r\n--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"c\"; filename=\"d.json\"\r\nContent-Type: application/octet-stream\r\n\r\n{\"a\":1}\r\n--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"d\"; filename=\"noext\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"e\"; filename=\"a%22b.txt\"\r\nContent-Type: text/plain\r\n\r\nq\r\n--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"h\"; filename=\"z.txt\"\r\nContent-Type: text/plain\r\n\r\nx\r\n--BOUNDARY\r\n" +
		"Content-Disposition: form-data; name=\"i\"; filename=\"w\"\r\nContent-Type: text/plain\r\n\r\n{\"a\":1}\r\n--BOUNDARY--\r\n"
	if len(got) != 3 {
		t.Fatalf("server saw %d requests; want 3", len(got))
	}
	ct := got[0].header.Get("Content-Type")
	m := regexp.MustCompile(`^multipart/form-data; boundary=(-{24}[0-9a-f]{16})$`).FindStringSubmatch(ct)
	if m == nil {
		t.Fatalf("Content-Type %q; want multipart/form-data with a boundary of 24 dashes and 16 hex digits", ct)
	}
	if body := strings.ReplaceAll(string(got[0].body), m[1], "BOUNDARY"); got[0].method != http.MethodPost || body != want {
		t.Errorf("%s body:\n%q\nwant:\n%q", got[0].method, body, want)
	}
	for i, req := range got[1:] {
		if req.method != http.MethodPost || string(req.body) != string(got[0].body) || req.header.Get("Content-Type") != ct {
			t.Errorf("replay %d (%s): %s, Content-Type %q, body same: %v", i+1, req.path, req.method, req.header.Get("Content-Type"), string(req.body) == string(got[0].body))
		}
	}

	// stdin as a file is named "-" and untyped; <FILE is a field; a
	// multipart type typed with -H gets the boundary.
	got = r.hops(t, "from stdin\n", "-H", "Content-Type: multipart/mixed", "-F", "f=@-", "--form-string", "s=@not-a-file;type=x", r.srv.URL+"/see")
	if len(got) != 2 {
		t.Fatalf("server saw %d requests; want 2", len(got))
	}
	ct = got[0].header.Get("Content-Type")
	m = regexp.MustCompile(`^multipart/mixed; boundary=(-{24}[0-9a-f]{16})$`).FindStringSubmatch(ct)
	if m == nil {
		t.Fatalf("Content-Type %q; want multipart/mixed with hops's boundary", ct)
	}
	const want2 = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"-\"\r\n\r\nfrom stdin\n\r\n" +
		"--BOUNDARY\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\n@not-a-file;type=x\r\n--BOUNDARY--\r\n"
	if body := strings.ReplaceAll(string(got[0].body), m[1], "BOUNDARY"); body != want2 {
		t.Errorf("body:\n%q\nwant:\n%q", body, want2)
	}
	if got[1].method != http.MethodGet || len(got[1].body) != 0 || got[1].header.Get("Content-Type") != "" {
		t.Errorf("after 303: %s, body %q, Content-Type %q; want GET with neither", got[1].method, got[1].body, got[1].header.Get("Content-Type"))
	}
}

// TestFormErrors: a form argument hops cannot send as typed is a one-line
// usage error with nothing on stdout, and nothing is sent.
func TestFormErrors(t *testing.T) {
	r := newRecorder(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-F", "noequals"}, `-F "noequals": want NAME=VALUE, NAME=@FILE or NAME=<FILE`},
		{[]string{"--form-string", "noequals"}, `--form-string "noequals": want NAME=VALUE (`},
		{[]string{"-F", "a=x;y"}, `parameter "y" is not KEY=VALUE`},
		{[]string{"-F", "a=x;encoder=base64"}, `unknown parameter "encoder"`},
		{[]string{"-F", `a="x`}, "no closing quote"},
		{[]string{"-F", `a="x"y`}, "text after the closing quote"},
		{[]string{"-F", "a=@" + filepath.Join(t.TempDir(), "missing")}, "no such file"},
		{[]string{"-F", "a=1", "-d", "x"}, "-F and -d each make the request body"},
		{[]string{"-F", "a=1", "-I"}, "-I sends HEAD"},
		{[]string{"--data-urlencode", "a@"}, "no file name after @"},
	} {
		res := runHops(t, append(tc.args, r.srv.URL+"/end")...)
		if res.code != exitUsage || res.stdout != "" || strings.Count(res.stderr, "\n") != 1 || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("hops %q: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tc.args, res.code, res.stdout, res.stderr, tc.want)
		}
	}
	if len(r.reqs) != 0 {
		t.Errorf("server saw %d requests; want none", len(r.reqs))
	}
}

// TestFlagForms: a flag typed in both its forms is taken, as curl takes it.
func TestFlagForms(t *testing.T) {
	r := newRecorder(t)
	got := r.hops(t, "", "-H", "A: 1", "--header", "B: 2", "-H", "C: 3", "--header=D: 4", "-s", "--silent", r.srv.URL+"/end")
	if len(got) != 1 {
		t.Fatalf("server saw %d requests; want 1", len(got))
	}
	for name, want := range map[string]string{"A": "1", "B": "2", "C": "3", "D": "4"} {
		if v := got[0].header.Get(name); v != want {
			t.Errorf("%s = %q; want %q", name, v, want)
		}
	}
	got = r.hops(t, "", "--data", "a", "-d", "b", "--data", "", "-d=c", r.srv.URL+"/end")
	if len(got) != 1 || string(got[0].body) != "a&b&&=c" {
		t.Errorf("server got %q; want %q", got[0].body, "a&b&&=c")
	}
}
