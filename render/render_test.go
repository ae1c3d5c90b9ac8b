package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func dur(ms float64) *time.Duration {
	d := time.Duration(ms * float64(time.Millisecond))
	return &d
}

var received = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func resolve(base, raw string) *href.Location {
	l, err := href.ResolveLocation(base, raw)
	if err != nil {
		panic(err)
	}
	return &l
}

// migrationChain is a hand-built chain with every kind of fact: an http
// POST through a 301 to https, HSTS, TLS, a final 200.
func migrationChain() *inspect.Chain {
	c := &inspect.Chain{
		Request: inspect.Request{
			URL:    "http://api.example.com/v1/orders?id=7",
			Method: "POST",
			Header: http.Header{"Authorization": {"Bearer abc.def"}, "Content-Type": {"application/json"}},
			Body:   []byte(`{"qty":2}`),
		},
		Stop:         inspect.StopFinal,
		MaxRedirects: 20,
	}
	c.Hops = []inspect.Hop{{
		N: 1, URL: "http://api.example.com/v1/orders?id=7", Method: "POST", BodyBytes: 9, Via: inspect.ViaHTTP,
		Status: 301, Reason: "Moved Permanently", Proto: "HTTP/1.1", RemoteAddr: "203.0.113.7:80",
		Header: http.Header{
			"Location":       {"https://api.example.com/v2/orders?id=7"},
			"Content-Length": {"0"},
			"Date":           {"Sun, 22 Nov 2026 10:00:00 GMT"},
		},
		Location:   []string{"https://api.example.com/v2/orders?id=7"},
		Next:       resolve("http://api.example.com/v1/orders?id=7", "https://api.example.com/v2/orders?id=7"),
		NextMethod: "GET", BodyDropped: true,
		Received: received,
		Timing:   inspect.Timing{DNS: dur(12.5), Connect: dur(20.25), TTFB: dur(61), Total: 61500 * time.Microsecond},
	}, {
		N: 2, URL: "https://api.example.com/v2/orders?id=7", Method: "GET", Via: inspect.ViaHTTP,
		Status: 200, Reason: "OK", Proto: "HTTP/2.0", RemoteAddr: "203.0.113.7:443",
		Header: http.Header{
			"Content-Type":              {"application/json"},
			"Strict-Transport-Security": {"max-age=31536000; includeSubDomains"},
			"Cache-Control":             {"private, max-age=60"},
			"Set-Cookie":                {"session=s3cr3t; Path=/; HttpOnly"},
		},
		Received: received,
		Timing:   inspect.Timing{DNS: dur(0.4), Connect: dur(19.5), TLS: dur(40), TTFB: dur(90), Total: 95 * time.Millisecond},
		TLS: &inspect.TLSInfo{Version: "TLS 1.3", Cipher: "TLS_AES_128_GCM_SHA256", ServerName: "api.example.com", ALPN: "h2",
			Verified: true, Subject: "CN=api.example.com", Issuer: "CN=Example CA", NotAfter: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
	}}
	readFacts(c)
	c.Findings = analyze.Analyze(c)
	return c
}

// failedChain ends in a failed hop after a loop-free redirect.
func failedChain() *inspect.Chain {
	c := &inspect.Chain{
		Request: inspect.Request{URL: "https://user:hunter2@old.example/start", Method: "GET", Header: http.Header{}},
		Stop:    inspect.StopFailed, MaxRedirects: 20,
	}
	c.Hops = []inspect.Hop{{
		N: 1, URL: "https://user:hunter2@old.example/start", Method: "GET", Via: inspect.ViaHTTP,
		Status: 302, Reason: "Found", Proto: "HTTP/1.1", RemoteAddr: "198.51.100.1:443",
		Header:   http.Header{"Location": {"http://new.example/landing"}},
		Location: []string{"http://new.example/landing"},
		Next:     resolve("https://old.example/start", "http://new.example/landing"), NextMethod: "GET",
		Received: received,
		Timing:   inspect.Timing{DNS: dur(3), Connect: dur(4), TLS: dur(9), TTFB: dur(20), Total: 21 * time.Millisecond},
		TLS:      &inspect.TLSInfo{Version: "TLS 1.2", Cipher: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ServerName: "old.example", Verified: false, VerifyError: "x509: certificate has expired"},
	}, {
		N: 2, URL: "http://new.example/landing", Method: "GET", Via: inspect.ViaHTTP,
		Timing: inspect.Timing{DNS: dur(2), Total: 5 * time.Second},
		Err:    &inspect.HopError{Kind: "timeout", Msg: "no complete response within --timeout 5s", Err: errors.New("deadline")},
	}}
	readFacts(c)
	c.Findings = analyze.Analyze(c)
	return c
}

// hostileChain carries escape sequences in every field a server controls.
func hostileChain() *inspect.Chain {
	loc := "/next\x1b]0;pwned\x07?x=\x1b[2J"
	c := &inspect.Chain{
		Request: inspect.Request{URL: "http://evil.example/", Method: "GET", Header: http.Header{}},
		Stop:    inspect.StopFinal, MaxRedirects: 20,
	}
	c.Hops = []inspect.Hop{{
		N: 1, URL: "http://evil.example/", Method: "GET", Via: inspect.ViaHTTP,
		Status: 302, Reason: "Found\x1b[5m blink \x1b]8;;http://x\x07link\x1b]8;;\x07", Proto: "HTTP/1.1",
		Header:   http.Header{"Location": {loc}, "X-Evil": {"\x1b[31mred\x1b[0m\rover\u202ewritten"}},
		Location: []string{loc}, Next: resolve("http://evil.example/", loc), NextMethod: "GET",
		Received: received,
		Timing:   inspect.Timing{TTFB: dur(0.8), Total: time.Millisecond},
	}, {
		N: 2, URL: resolve("http://evil.example/", loc).URL, Method: "GET", Via: inspect.ViaHTTP,
		Status: 200, Reason: "OK\x07", Proto: "HTTP/1.1",
		Header:   http.Header{"Content-Type": {"text/html"}},
		Received: received,
		Timing:   inspect.Timing{TTFB: dur(0.75), Total: time.Millisecond},
		Reused:   true,
		Refresh:  []inspect.Refresh{{Via: inspect.ViaMetaRefresh, Raw: "0;url=/\x1b[2Jx", URL: "http://evil.example/%1B[2Jx"}},
	}}
	readFacts(c)
	c.Findings = analyze.Analyze(c)
	return c
}

// recurringChain has three relative 301s with no explicit freshness, so
// permanent-cached (one message) and relative-location (a message per hop)
// are raised on hops 1-3; hop 2 drops the query, a warning of its own.
func recurringChain() *inspect.Chain {
	c := &inspect.Chain{
		Request: inspect.Request{URL: "https://shop.example/a", Method: "GET", Header: http.Header{}},
		Stop:    inspect.StopFinal, MaxRedirects: 20,
	}
	redirect := func(n int, url, loc string, tm inspect.Timing) inspect.Hop {
		return inspect.Hop{
			N: n, URL: url, Method: "GET", Via: inspect.ViaHTTP,
			Status: 301, Reason: "Moved Permanently", Proto: "HTTP/1.1",
			Header:   http.Header{"Location": {loc}, "Content-Length": {"0"}},
			Location: []string{loc}, Next: resolve(url, loc), NextMethod: "GET",
			Received: received, Timing: tm, Reused: n > 1,
		}
	}
	c.Hops = []inspect.Hop{
		redirect(1, "https://shop.example/a", "/b?ref=mail",
			inspect.Timing{DNS: dur(4), Connect: dur(10), TLS: dur(21), TTFB: dur(48), Total: 49 * time.Millisecond}),
		redirect(2, "https://shop.example/b?ref=mail", "/c",
			inspect.Timing{TTFB: dur(9.5), Total: 10 * time.Millisecond}),
		redirect(3, "https://shop.example/c", "/d",
			inspect.Timing{TTFB: dur(8.25), Total: 8500 * time.Microsecond}),
		{
			N: 4, URL: "https://shop.example/d", Method: "GET", Via: inspect.ViaHTTP,
			Status: 200, Reason: "OK", Proto: "HTTP/1.1",
			Header:   http.Header{"Content-Type": {"text/plain"}, "Cache-Control": {"no-cache"}},
			Received: received, Reused: true,
			Timing: inspect.Timing{TTFB: dur(12), Total: 30 * time.Millisecond},
		},
	}
	readFacts(c)
	c.Findings = analyze.Analyze(c)
	return c
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test ./render -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./render -update rewrites it)\n--- got (escaped)\n%s\n--- want (escaped)\n%s",
			path, Escape(string(got)), Escape(string(want)))
	}
}

func TestTerminalGolden(t *testing.T) {
	chains := map[string]func() *inspect.Chain{"migration": migrationChain, "failed": failedChain, "hostile": hostileChain, "recurring": recurringChain}
	for name, mk := range chains {
		for _, width := range []int{80, 120} {
			for _, color := range []bool{false, true} {
				mode := "plain"
				if color {
					mode = "color"
				}
				t.Run(name+"/"+mode+"/"+itoa(width), func(t *testing.T) {
					var b bytes.Buffer
					if err := Terminal(&b, mk(), Options{Color: color, Width: width, Verbose: name == "hostile"}); err != nil {
						t.Fatal(err)
					}
					golden(t, "terminal-"+name+"-"+mode+"-"+itoa(width), b.Bytes())
					checkWidth(t, b.String(), width)
					if !color && strings.Contains(b.String(), "\x1b") {
						t.Error("colour off, but the output has an escape sequence")
					}
					if color && !strings.Contains(b.String(), "\x1b[") {
						t.Error("colour on, but the output has no escape sequence")
					}
				})
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func displayWidth(s string) int { return runewidth.StringWidth(s) }

// checkWidth fails when a line, stripped of colour, is wider than width.
func checkWidth(t *testing.T, out string, width int) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if w := displayWidth(stripSGR(line)); w > width {
			t.Errorf("line %d is %d columns wide (limit %d): %q", i+1, w, width, line)
		}
	}
}

// stripSGR removes the colour sequences render itself writes.
func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestTerminalHostileTextIsEscaped(t *testing.T) {
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := Terminal(&b, hostileChain(), Options{Color: color, Width: 100, Verbose: true}); err != nil {
			t.Fatal(err)
		}
		out := stripSGR(b.String())
		for i, r := range out {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e {
				t.Fatalf("raw control character %U at byte %d reached the view: %q", r, i, out[max(0, i-20):min(len(out), i+20)])
			}
		}
		for _, want := range []string{`\x1b]0;pwned\x07`, `\x1b[5m`, `\r`, `\u202e`} {
			if !strings.Contains(out, want) {
				t.Errorf("view lacks the visible escape %s", want)
			}
		}
	}
}

func TestTerminalLongURLWrapsIntact(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("segment-", 35) + "end?q=" + strings.Repeat("x", 20)
	c := &inspect.Chain{Request: inspect.Request{URL: long, Method: "GET"}, Stop: inspect.StopFinal}
	c.Hops = []inspect.Hop{{N: 1, URL: long, Method: "GET", Status: 200, Reason: "OK", Header: http.Header{}, Received: received,
		Timing: inspect.Timing{Total: time.Millisecond}}}
	var b bytes.Buffer
	if err := Terminal(&b, c, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	checkWidth(t, b.String(), 80)
	// Joining the wrapped lines gives the URL back, every character of it.
	lines := strings.Split(b.String(), "\n")
	first, ok := strings.CutPrefix(lines[0], " 1  GET ")
	if !ok {
		t.Fatalf("first line %q", lines[0])
	}
	joined := first
	for _, l := range lines[1:] {
		rest, ok := strings.CutPrefix(l, "      ")
		if !ok || rest == "" || strings.HasPrefix(rest, " ") {
			break
		}
		joined += rest
	}
	if joined != long {
		t.Errorf("wrapped URL does not join back:\n got %s\nwant %s", joined, long)
	}
}

func TestJSONGolden(t *testing.T) {
	for name, mk := range map[string]func() *inspect.Chain{"migration": migrationChain, "failed": failedChain} {
		var b bytes.Buffer
		if err := JSON(&b, mk(), Meta{Version: "1.2.3"}); err != nil {
			t.Fatal(err)
		}
		golden(t, "json-"+name, b.Bytes())
	}
}

// TestJSONKeys pins the key set of schema_version 1: a renamed, removed or
// omitted field fails here.
func TestJSONKeys(t *testing.T) {
	keys := map[string]bool{}
	for _, mk := range []func() *inspect.Chain{migrationChain, failedChain} {
		var b bytes.Buffer
		if err := JSON(&b, mk(), Meta{Version: "x"}); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		collectKeys("", doc, keys)
	}
	var list []string
	for k := range keys {
		list = append(list, k)
	}
	sort.Strings(list)
	golden(t, "json-keys", []byte(strings.Join(list, "\n")+"\n"))
}

// collectKeys records the path of every object key, with [] for arrays.
// Header maps are data, not schema: their keys are not collected.
func collectKeys(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p := prefix + "." + k
			out[p] = true
			if k == "headers" {
				continue
			}
			collectKeys(p, val, out)
		}
	case []any:
		for _, e := range x {
			collectKeys(prefix+"[]", e, out)
		}
	}
}

func TestJSONMasksSecrets(t *testing.T) {
	for _, mk := range []func() *inspect.Chain{migrationChain, failedChain} {
		var b bytes.Buffer
		if err := JSON(&b, mk(), Meta{}); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"abc.def", "hunter2", "s3cr3t"} {
			if strings.Contains(b.String(), secret) {
				t.Errorf("JSON contains the secret %q", secret)
			}
		}
		var tb bytes.Buffer
		if err := Terminal(&tb, mk(), Options{Width: 100, Verbose: true}); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"abc.def", "hunter2", "s3cr3t"} {
			if strings.Contains(tb.String(), secret) {
				t.Errorf("terminal view contains the secret %q", secret)
			}
		}
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"Authorization", "Bearer abc", "Bearer ****"},
		{"Authorization", "opaque", "****"},
		{"Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic ****"},
		{"Cookie", "a=1; b=2", "a=****; b=****"},
		{"Set-Cookie", "sid=xyz; Path=/; Secure", "sid=****; Path=/; Secure"},
		{"Location", "/keep", "/keep"},
	}
	for _, tc := range cases {
		if got := MaskHeader(tc.name, tc.in); got != tc.want {
			t.Errorf("MaskHeader(%s, %q) = %q; want %q", tc.name, tc.in, got, tc.want)
		}
	}
	urls := map[string]string{
		"https://u:p@h/x":        "https://u:****@h/x",
		"https://u@h/x":          "https://u@h/x",
		"https://h/x?a=b@c":      "https://h/x?a=b@c",
		"http://u:p:q@h:8080/#f": "http://u:****@h:8080/#f",
		"not a url":              "not a url",
	}
	for in, want := range urls {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestEscape(t *testing.T) {
	cases := map[string]string{
		"plain":         "plain",
		"a\x1b[2Jb":     `a\x1b[2Jb`,
		"bell\x07":      `bell\x07`,
		"cr\rlf\ntab\t": `cr\rlf\ntab\t`,
		"del\x7f":       `del\x7f`,
		"c1\u009b31m":   `c1\u009b31m`,
		"rtl\u202eevil": `rtl\u202eevil`,
		"bad\xffutf8":   `bad\xffutf8`,
		"ünïcödé ok →":  "ünïcödé ok →",
		`back\slash`:    `back\slash`,
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q; want %q", in, got, want)
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[2Jb", "\x1b]0;title\x07", "cr\rlf\n", "\u009b31m", "\u202eevil", "bad\xff", "ünï → ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) || r == utf8.RuneError && !strings.ContainsRune(s, utf8.RuneError) {
				t.Fatalf("Escape(%q) = %q keeps %U", s, out, r)
			}
		}
		if isPlain(s) && out != s {
			t.Fatalf("Escape changed printable ASCII %q to %q", s, out)
		}
	})
}

// readFacts does for hand-built hops what the walk does when it reads one.
func readFacts(c *inspect.Chain) {
	for i := range c.Hops {
		c.Hops[i].ReadFacts()
	}
}

// TestTerminalUnwrappedHeadersAlign: with lines unwrapped (a file or a
// pipe), header names align as at 80 columns: one very long name does not
// pad every other header with as many spaces.
func TestTerminalUnwrappedHeadersAlign(t *testing.T) {
	long := strings.Repeat("X-Very-Long-Name-", 20)
	c := &inspect.Chain{Request: inspect.Request{URL: "https://example.com/", Method: "GET"}, Stop: inspect.StopFinal}
	c.Hops = []inspect.Hop{{N: 1, URL: "https://example.com/", Method: "GET", Status: 200, Reason: "OK",
		Header: http.Header{"Date": {"Tue, 01 Dec 2026 00:00:00 GMT"}, long: {"v"}}, Received: received,
		Timing: inspect.Timing{Total: time.Millisecond}}}
	var b bytes.Buffer
	if err := Terminal(&b, c, Options{Width: NoWrap, Verbose: true}); err != nil {
		t.Fatal(err)
	}
	// At 80 columns names align in 44: "Date:" and 40 spaces.
	if want := "\n    Date:" + strings.Repeat(" ", 40) + " Tue, 01 Dec 2026 00:00:00 GMT\n"; !strings.Contains(b.String(), want) {
		t.Errorf("Date not aligned as at 80 columns:\n%s", b.String())
	}
}
