package walk

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestNewRequest(t *testing.T) {
	u, _ := url.Parse("http://example.test/a")
	h := http.Header{"Accept": {"*/*"}}
	for _, c := range []struct {
		method string
		body   []byte
		err    string
		length int64
	}{
		{method: "GET"},
		{method: "PATCH", body: []byte("x=1"), length: 3},
		{method: "POST", body: []byte{}},
		{method: "BAD METHOD", err: `net/http: invalid method "BAD METHOD"`},
		{method: "GET\r\n", err: `net/http: invalid method "GET\r\n"`},
	} {
		req, err := newRequest(context.Background(), c.method, u, h, c.body)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: err %v, want %s", c.method, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", c.method, err)
		}
		if req.Method != c.method || req.URL != u || req.Host != "" || req.Proto != "HTTP/1.1" || req.ProtoMajor != 1 || req.ProtoMinor != 1 || req.Header.Get("Accept") != "*/*" || req.ContentLength != c.length {
			t.Errorf("%q: %+v", c.method, req)
		}
		if (req.Body == nil || req.Body == http.NoBody) != (len(c.body) == 0) {
			t.Errorf("%q: body %v", c.method, req.Body)
		}
	}
}

func TestIsToken(t *testing.T) {
	for s, want := range map[string]bool{"GET": true, "M-SEARCH": true, "x!#$%&'*+-.^_`|~9": true, "": false, "A B": false, "GÉT": false, "A:B": false, "A/B": false} {
		if got := isToken(s); got != want {
			t.Errorf("isToken(%q) = %v", s, got)
		}
	}
}
