package client

import "testing"

// TestLocationEscape holds each profile's escaping to what the real client
// sent (the request-target its server received; curl 7.88.1, Wget 1.21.3,
// requests 2.28.1, HTTPie 3.2.1 and Python 3.11.2's urllib on Debian 12,
// each given a 302 with this Location, 2026-12-02). Go's net/url resolves
// the result without changing it.
func TestLocationEscape(t *testing.T) {
	const (
		utf8Spaces = "/caf\xc3\xa9 x?q=\xc3\xa9 x&b=c d"
		specials   = "/p\"<>{}|^`~?q=\"<>{}|^`~"
		subDelims  = "/a'[]!*$,;=:@()+&b?q='[]!*$,;=:@()+&x"
		escapes    = "/a%41%7e%2F?q=%41%2f"
		badEscape  = "/a%41%7e%zz%2F?q=%41%zz%2f"
		lowerHex   = "/caf%c3%a9?q=%c3%a9"
	)
	tests := []struct {
		p        *Profile
		raw, out string
	}{
		{Curl, utf8Spaces, "/caf%c3%a9%20x?q=%c3%a9+x&b=c+d"},
		{Curl, subDelims, subDelims},
		{Curl, escapes, escapes},
		{Curl, lowerHex, lowerHex},
		{Wget, utf8Spaces, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{Wget, specials, "/p%22%3C%3E%7B%7D%7C%5E%60~?q=%22%3C%3E%7B%7D%7C%5E%60~"},
		{Wget, subDelims, subDelims},
		{Wget, escapes, escapes},
		{Wget, badEscape, "/a%41%7e%25zz%2F?q=%41%25zz%2f"},
		{Wget, lowerHex, lowerHex},
		{PythonRequests, utf8Spaces, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{PythonRequests, specials, "/p%22%3C%3E%7B%7D%7C%5E%60~?q=%22%3C%3E%7B%7D%7C%5E%60~"},
		{PythonRequests, subDelims, "/a'%5B%5D!*$,;=:@()+&b?q='%5B%5D!*$,;=:@()+&x"},
		{PythonRequests, escapes, "/aA~%2F?q=A%2F"},
		{PythonRequests, badEscape, "/a%2541%257e%25zz%252F?q=%2541%25zz%252f"},
		{PythonRequests, lowerHex, "/caf%C3%A9?q=%C3%A9"},
		// requote_uri, then urllib3: a trailing or doubled "%", or one
		// before a non-alphanumeric, is escaped after the unreserved
		// escapes were decoded (requests 2.34.2, same requote_uri).
		{PythonRequests, "/a%41%", "/aA%25"},
		{PythonRequests, "/a%41%%", "/aA%25%25"},
		{PythonRequests, "/a%41%g.", "/aA%25g."},
		{HTTPie, utf8Spaces, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{HTTPie, escapes, "/aA~%2F?q=A%2F"},
		{Urllib, utf8Spaces, "/caf%C3%A9%20x?q=%C3%A9%20x&b=c%20d"},
		{Urllib, specials, specials},
		{Urllib, subDelims, subDelims},
		{Urllib, escapes, escapes},
		{Urllib, lowerHex, lowerHex},
		// Python's urlsplit removes tabs and line breaks anywhere.
		{PythonRequests, "/tab\tx?q=a\tb", "/tabx?q=ab"},
		{Urllib, "/tab\tx?q=a\tb", "/tabx?q=ab"},
		{HTTPie, "/tab\tx?q=a\tb", "/tabx?q=ab"},
		{Wget, "/tab\tx?q=a\tb", "/tab%09x?q=a%09b"},
		// The authority is the URL parser's: only what follows it.
		{Curl, "http://h\xc3\xa9.test:81/\xc3\xa9 ?\xc3\xa9 ", "http://h\xc3\xa9.test:81/%c3%a9%20?%c3%a9+"},
		{Wget, "//u@h.test?a b", "//u@h.test?a%20b"},
		{Wget, "//h.test", "//h.test"},
		{Wget, "a b://c", "a%20b://c"},
	}
	for _, tt := range tests {
		if got := tt.p.LocationEscape.Apply(tt.raw); got != tt.out {
			t.Errorf("%s: %q becomes %q, want %q", tt.p.Name, tt.raw, got, tt.out)
		}
	}
	if Go.LocationEscape != nil {
		t.Error("Go's client leaves a Location to net/url; its profile must not escape it")
	}
}

func TestLatin1(t *testing.T) {
	tests := []struct{ raw, out string }{
		{"/caf\xc3\xa9", "/caf\u00c3\u00a9"},
		{"/\xff\x80", "/\u00ff\u0080"},
		{"/plain?q=1", "/plain?q=1"},
	}
	for _, tt := range tests {
		if got := Latin1(tt.raw); got != tt.out {
			t.Errorf("Latin1(%q) = %q, want %q", tt.raw, got, tt.out)
		}
	}
}

// TestLossyUTF8: undici (Node 20.20's fetch) sent /caf\xe9 as
// /caf%EF%BF%BD: the byte that is not UTF-8 became U+FFFD.
func TestLossyUTF8(t *testing.T) {
	for _, tt := range []struct{ raw, out string }{
		{"/caf\xe9", "/caf\ufffd"},
		{"/caf\xc3\xa9", "/caf\u00e9"},
		{"/\xe9\xe8x", "/\ufffd\ufffdx"},
	} {
		if got := LossyUTF8(tt.raw); got != tt.out {
			t.Errorf("LossyUTF8(%q) = %q, want %q", tt.raw, got, tt.out)
		}
	}
}
