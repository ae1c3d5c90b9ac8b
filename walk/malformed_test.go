package walk

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hops-cli/hops/inspect"
)

// rawSite answers every request on a kept-alive loopback connection with
// the exact bytes answer returns for its path, over TLS when cert is set.
type rawSite struct {
	URL   string
	conns atomic.Int32
}

func newRawSite(t *testing.T, cert *tls.Certificate, answer func(path string) string) *rawSite {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawSite{URL: "http://" + l.Addr().String()}
	if cert != nil {
		l = tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{*cert}})
		s.URL = "https://" + l.Addr().String()
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					if _, err := io.WriteString(c, answer(req.URL.Path)); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return s
}

const landed = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nlanded"

// TestMalformedResponse: responses that Go refuses whole but browsers read
// are shown as browsers read them, over http and https, with a
// malformed-response finding that names the line and the bytes.
func TestMalformedResponse(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	cert := ca.leaf(t, "127.0.0.1", time.Now().Add(24*time.Hour))
	big := strings.Repeat("b", 100<<10)
	cases := []struct {
		name     string
		first    string // the answer to /
		status   int
		next     string // path of the second hop, "" for none
		header   string // a header of hop 1 and the value browsers read
		value    string
		finding  string // in the message, "" for no finding
		interim  int
		hopCount int
	}{
		{name: "control byte before a Location", first: "HTTP/1.1 302 Found\r\nContent-Length: 0\r\nLocation: \x01/ctl\r\n\r\n",
			status: 302, next: "/ctl", header: "Location", value: "\x01/ctl",
			finding: "header line 3 (Location) held control bytes 0x01 (browsers keep them in the value)"},
		{name: "escape in another header", first: "HTTP/1.1 302 Found\r\nX-Foo: a\x1bb\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n",
			status: 302, next: "/next", header: "X-Foo", value: "a\x1bb", finding: "header line 2 (X-Foo) held control bytes 0x1b"},
		{name: "DEL and several bytes", first: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Foo: \x7fa\x02b\x7f\x1f\r\n\r\n",
			status: 200, header: "X-Foo", value: "\x7fa\x02b\x7f\x1f", finding: "held control bytes 0x7f 0x02 0x1f"},
		{name: "NUL inside a name", first: "HTTP/1.1 301 Moved Permanently\r\nLoca\x00tion: /nul\r\nContent-Length: 0\r\n\r\n",
			status: 301, next: "/nul", header: "Location", value: "/nul", finding: "header line 2 (Location) held control bytes 0x00 (browsers drop NUL bytes)"},
		{name: "bare CR ends a line", first: "HTTP/1.1 302 Found\r\nX-A: 1\rLocation: /cr\r\nContent-Length: 0\r\n\r\n",
			status: 302, next: "/cr", header: "X-A", value: "1", finding: "(browsers end the line at a bare CR)"},
		{name: "folded line with a control byte", first: "HTTP/1.1 200 OK\r\nX-Fold: a\r\n \x01b\r\nContent-Length: 0\r\n\r\n",
			status: 200, header: "X-Fold", value: "a \x01b", finding: "header line 2 (X-Fold) held control bytes 0x01"},
		{name: "a line that is no field", first: "HTTP/1.1 302 Found\r\nLocation: /x\r\nwhat\x01ever\r\nContent-Length: 0\r\n\r\n",
			status: 302, next: "/x", header: "Location", value: "/x", finding: "header line 3 \"what\x01ever\" held control bytes 0x01 and is no header field (browsers skip it)"},
		{name: "a value longer than a read buffer", first: "HTTP/1.1 200 OK\r\nX-Big: " + big + "\x01\r\nContent-Length: 0\r\n\r\n",
			status: 200, header: "X-Big", value: big + "\x01", finding: "header line 2 (X-Big) held control bytes 0x01"},
		{name: "in a 103 before the response", first: "HTTP/1.1 103 Early Hints\r\nLink: </a\x01>\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /after\r\nContent-Length: 0\r\n\r\n",
			status: 302, next: "/after", header: "Location", value: "/after", finding: "header line 2 of the 103 interim response (Link) held control bytes 0x01", interim: 103},
		// Chromium 156 follows "Location : /ws" (it trims the name); Go
		// files the field under "Location " and finds no Location.
		{name: "a space before the colon", first: "HTTP/1.1 302 Found\r\nLocation : /ws\r\nContent-Length: 0\r\n\r\n",
			status: 302, next: "/ws", header: "Location", value: "/ws",
			finding: "header line 2 \"Location : /ws\" is a Location field to browsers; Go's client refuses it or misses the field"},
		{name: "clean", first: "HTTP/1.1 302 Found\r\nLocation: /clean\r\nX-Tab: a\tb\r\nX-Fold: a\r\n b\r\nContent-Length: 0\r\n\r\n",
			status: 302, next: "/clean", header: "X-Fold", value: "a b"},
	}
	for _, tc := range cases {
		for _, secure := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s https=%v", tc.name, secure), func(t *testing.T) {
				t.Parallel()
				var cp *tls.Certificate
				if secure {
					cp = &cert
				}
				site := newRawSite(t, cp, func(path string) string {
					if path == "/" {
						return tc.first
					}
					return landed
				})
				c := walkURL(t, get(site.URL+"/"), func(w *Walker) { w.Config.RootCAs = ca.pool })
				h := c.Hops[0]
				if h.Status != tc.status {
					t.Fatalf("status %d, err %v; want %d", h.Status, h.Err, tc.status)
				}
				if got := h.Header.Values(tc.header); len(got) != 1 || got[0] != tc.value {
					t.Errorf("%s: %q; want %q", tc.header, got, tc.value)
				}
				if tc.next != "" {
					if len(c.Hops) != 2 || c.Hops[1].URL != site.URL+tc.next || c.Hops[1].Status != 200 {
						t.Errorf("hops %d, next %v; want a 200 at %s", len(c.Hops), c.Hops[len(c.Hops)-1].URL, tc.next)
					}
				}
				if secure && (h.TLS == nil || !h.TLS.Verified) {
					t.Errorf("TLS facts %+v", h.TLS)
				}
				fs := connFindings(c)
				if tc.finding == "" {
					if len(fs) != 0 || h.Malformed != nil {
						t.Errorf("findings %+v on a clean response", fs)
					}
					return
				}
				if len(fs) != 1 || fs[0].Code != inspect.CodeMalformedResponse || fs[0].Hop != 1 || !strings.Contains(fs[0].Message, tc.finding) {
					t.Errorf("findings %+v; want malformed-response on hop 1 saying %q", fs, tc.finding)
				}
				if h.Malformed == nil || h.Malformed.Lines[0].Interim != tc.interim {
					t.Errorf("malformed %+v; want interim %d", h.Malformed, tc.interim)
				}
			})
		}
	}
}

// TestMalformedPerHop: the hops that share a connection each get their own
// finding, and only the hop whose response was malformed.
func TestMalformedPerHop(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	cert := ca.leaf(t, "127.0.0.1", time.Now().Add(24*time.Hour))
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("https=%v", secure), func(t *testing.T) {
			t.Parallel()
			var cp *tls.Certificate
			if secure {
				cp = &cert
			}
			site := newRawSite(t, cp, func(path string) string {
				switch path {
				case "/1":
					return "HTTP/1.1 302 Found\r\nLocation: /2\r\nContent-Length: 5\r\n\r\nmoved"
				case "/2":
					return "HTTP/1.1 302 Found\r\nLocation: /3\r\nX-Evil: \x1b[31m\r\nContent-Length: 5\r\n\r\nmoved"
				case "/3":
					return "HTTP/1.1 302 Found\r\nLocation: /4\r\nContent-Length: 5\r\n\r\n\x01\x02\x03\x04\x05"
				}
				return landed
			})
			c := walkURL(t, get(site.URL+"/1"), func(w *Walker) { w.Config.RootCAs = ca.pool })
			if len(c.Hops) != 4 || c.Hops[3].Status != 200 {
				t.Fatalf("%d hops; want 4 ending in a 200", len(c.Hops))
			}
			if n := site.conns.Load(); n != 1 {
				t.Errorf("%d connections; want one for all hops", n)
			}
			fs := connFindings(c)
			if len(fs) != 1 || fs[0].Hop != 2 || !strings.Contains(fs[0].Message, "header line 3 (X-Evil) held control bytes 0x1b") {
				t.Errorf("findings %+v; want one malformed-response on hop 2", fs)
			}
			if got := c.Hops[1].Header.Get("X-Evil"); got != "\x1b[31m" {
				t.Errorf("hop 2 X-Evil %q", got)
			}
			for _, h := range c.Hops[1:] {
				if !h.Reused {
					t.Errorf("hop %d did not reuse the connection", h.N)
				}
			}
		})
	}
}

// TestMalformedBounds: the header limit holds for lines the filter holds
// back, and a server that trickles a malformed header meets the timeout.
func TestMalformedBounds(t *testing.T) {
	t.Parallel()
	t.Run("header limit", func(t *testing.T) {
		t.Parallel()
		site := newRawSite(t, nil, func(string) string {
			return "HTTP/1.1 200 OK\r\nX-Huge: \x01" + strings.Repeat("a", 2<<20) + "\r\n\r\n"
		})
		c := walkURL(t, get(site.URL+"/"))
		var he *inspect.HopError
		if !errors.As(c.Hops[0].Err, &he) || !strings.Contains(he.Msg, "response headers too large") {
			t.Errorf("err %v; want headers too large", c.Hops[0].Err)
		}
	})
	t.Run("trickle", func(t *testing.T) {
		t.Parallel()
		site := lineServer(t, func(_ string, c net.Conn, done <-chan struct{}) {
			io.WriteString(c, "HTTP/1.1 200 OK\r\nX-Slow: \x01")
			for {
				select {
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
				}
				if _, err := io.WriteString(c, "a"); err != nil {
					return
				}
			}
		})
		c := walkURL(t, get(site+"/"), func(w *Walker) { w.Timeout = 300 * time.Millisecond })
		var he *inspect.HopError
		if !errors.As(c.Hops[0].Err, &he) || he.Kind != "timeout" {
			t.Errorf("err %v; want a timeout", c.Hops[0].Err)
		}
	})
}

// filterAll runs the header filter over in, cut into reads of size n.
func filterAll(in []byte, n int) (out []byte, sink *malformedSink, err error) {
	sink = &malformedSink{}
	f := headerFilter{limit: 1 << 30}
	f.reset(sink)
	for len(in) > 0 {
		k := min(n, len(in))
		if out, err = f.feed(out, in[:k]); err != nil {
			return out, sink, err
		}
		in = in[k:]
	}
	return f.flush(out), sink, nil
}

// sectionEnd returns where the header section of a response starting with
// a status line ends ("\n\n" or "\n\r\n"), or -1.
func sectionEnd(b []byte) int {
	for i := bytes.IndexByte(b, '\n'); i >= 0 && i < len(b); {
		switch {
		case bytes.HasPrefix(b[i:], []byte("\n\n")):
			return i + 2
		case bytes.HasPrefix(b[i:], []byte("\n\r\n")):
			return i + 3
		}
		j := bytes.IndexByte(b[i+1:], '\n')
		if j < 0 {
			return -1
		}
		i += j + 1
	}
	return -1
}

// FuzzHeaderFilter: whatever the field lines, the filtered section holds
// no byte Go refuses in a field line, Go reads it, reads cut anywhere give
// the same bytes, a section Go already reads passes untouched, and the
// body passes untouched.
func FuzzHeaderFilter(f *testing.F) {
	for _, s := range []string{
		"Location: \x01/ctl\r\n",
		"X-Foo: a\x1bb\r\nLocation: /next\r\n",
		"Loca\x00tion: /nul\r\n",
		"X-A: 1\rLocation: /cr\r\n",
		"X-Fold: a\r\n \x01b\r\n",
		"what\x01ever\r\nX: y\r\n",
		" leading: space\r\nX: y\r\n",
		"X\t: tab\r\n",
		"Location : /ws\r\n",
		": empty name\r\n",
		"X: \r\r\n",
		"X: ok\r\n\r\r\n",
		"X: a\x7f\n \t\x02\n\tc\r\n",
		"Content-Length: 5\x01\r\n",
		"Transfer-Encoding: chunked\x01\r\n",
		"Set-Cookie: a=b\x01; Path=/\r\n",
		"X: caf\xc3\xa9 \xff\r\n",
	} {
		f.Add([]byte(s), uint8(7))
	}
	f.Fuzz(func(t *testing.T, fields []byte, cut uint8) {
		const status, body = "HTTP/1.1 200 OK\r\n", "\x01\x00\r\nbody\x1b[31m\n"
		in := []byte(status + string(fields) + "Content-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body)
		out, _, err := filterAll(in, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if again, _, _ := filterAll(in, int(cut)%17+1); !bytes.Equal(again, out) {
			t.Fatalf("reads of %d bytes give\n%q\nnot\n%q", int(cut)%17+1, again, out)
		}
		inEnd, outEnd := sectionEnd(in), sectionEnd(out)
		if outEnd < 0 {
			t.Fatalf("no header section end in %q", out)
		}
		if !bytes.Equal(in[inEnd:], out[outEnd:]) {
			t.Fatalf("body %q became %q", in[inEnd:], out[outEnd:])
		}
		for _, l := range bytes.Split(out[len(status):outEnd], []byte("\n")) {
			for _, c := range bytes.TrimSuffix(l, []byte("\r")) {
				if !goValueByte(c) {
					t.Fatalf("byte %#x left in field line %q", c, l)
				}
			}
		}
		_, goErr := http.ReadResponse(bufio.NewReader(bytes.NewReader(in)), nil)
		_, outErr := http.ReadResponse(bufio.NewReader(bytes.NewReader(out)), nil)
		if outErr != nil && strings.Contains(outErr.Error(), "malformed MIME header") {
			t.Fatalf("Go refuses the filtered %q: %v", out, outErr)
		}
		if goErr == nil && !bytes.Equal(in, out) && !spaceInName(in[:inEnd]) {
			t.Fatalf("Go reads %q, but it was changed to %q", in, out)
		}
	})
}

// spaceInName reports whether a field line has a space in its name, which
// Go keeps as part of the name ("Location ") and the filter mends as
// browsers read it.
func spaceInName(fields []byte) bool {
	for _, l := range bytes.Split(fields, []byte("\n")) {
		if name, _, ok := bytes.Cut(l, []byte(":")); ok && bytes.IndexByte(name, ' ') >= 0 {
			return true
		}
	}
	return false
}
