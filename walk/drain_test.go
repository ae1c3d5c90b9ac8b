package walk

import (
	"io"
	"net/http"
	"testing"
)

// TestBodyBuffered: a direct-path body says it is buffered only while the
// rest of its Content-Length is in the read buffer (then the walk drains
// it without setting its drain timer); a body whose end comes later, a
// chunked one, or one read to its end is not. net/http's bodies never say.
func TestBodyBuffered(t *testing.T) {
	t.Parallel()
	const head = "HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\nContent-Length: 10\r\n\r\n"
	site := newScriptSite(t, func(p string) answer {
		switch p {
		case "/whole":
			return answer{bytes: head + "0123456789"}
		case "/part":
			return answer{bytes: head + "01234", later: "56789"}
		case "/chunked":
			return answer{bytes: "HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"}
		}
		return answer{bytes: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"}
	})
	for _, tc := range []struct {
		path         string
		netOnly      bool
		first, after bool // before any read; after reading 3 bytes
	}{
		{"/whole", false, true, true},
		{"/part", false, false, false},
		{"/chunked", false, false, false},
		{"/whole", true, false, false},
	} {
		tr := newBothWaysTransport(t, tc.netOnly)
		req, _ := http.NewRequest("GET", site.URL+tc.path, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.path, err)
		}
		if got := bodyBuffered(resp.Body); got != tc.first {
			t.Errorf("%s (net/http only: %v): buffered before reading = %v, want %v", tc.path, tc.netOnly, got, tc.first)
		}
		if _, err := io.ReadFull(resp.Body, make([]byte, 3)); err != nil {
			t.Fatalf("%s: read 3 bytes: %v", tc.path, err)
		}
		if got := bodyBuffered(resp.Body); got != tc.after {
			t.Errorf("%s (net/http only: %v): buffered after 3 bytes = %v, want %v", tc.path, tc.netOnly, got, tc.after)
		}
		rest, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: read the rest: %v", tc.path, err)
		}
		if tc.path != "/chunked" && string(rest) != "3456789" {
			t.Errorf("%s: rest of the body %q, want %q", tc.path, rest, "3456789")
		}
		if bodyBuffered(resp.Body) {
			t.Errorf("%s (net/http only: %v): buffered after its end", tc.path, tc.netOnly)
		}
		resp.Body.Close()
	}
}
