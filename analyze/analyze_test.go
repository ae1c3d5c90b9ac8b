package analyze

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// at is when every hand-built response arrives.
var at = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// redirect is a hand-built redirect hop from url with a Location, resolved
// as the walk resolves it.
func redirect(t *testing.T, n, status int, method, url, location string, h http.Header) inspect.Hop {
	t.Helper()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Location", location)
	loc, err := href.ResolveLocation(url, location)
	if err != nil {
		t.Fatal(err)
	}
	hop := inspect.Hop{N: n, URL: url, Method: method, Status: status, Reason: http.StatusText(status),
		Header: h, Location: []string{location}, Next: &loc, Received: at}
	hop.ReadFacts()
	return hop
}

// page is a hand-built final response.
func page(n, status int, method, url string, h http.Header) inspect.Hop {
	if h == nil {
		h = http.Header{}
	}
	hop := inspect.Hop{N: n, URL: url, Method: method, Status: status, Reason: http.StatusText(status), Header: h, Received: at}
	hop.ReadFacts()
	return hop
}

func codes(fs []inspect.Finding) []inspect.Code {
	var out []inspect.Code
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// TestAnalyzeTable: findings of hand-built chains, as literal code lists in
// the order Analyze gives them (by hop, worst first, chain findings last).
func TestAnalyzeTable(t *testing.T) {
	nostore := http.Header{"Cache-Control": {"no-store"}}
	cases := []struct {
		name  string
		stop  inspect.Stop
		hops  func() []inspect.Hop
		codes []inspect.Code
	}{
		{"a clean 200", inspect.StopFinal, func() []inspect.Hop {
			return []inspect.Hop{page(1, 200, "GET", "https://a.example/", nil)}
		}, nil},
		{"301 on a POST", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 301, "POST", "https://a.example/v1", "https://a.example/v2", nostore)
			h.NextMethod, h.BodyDropped = "GET", true
			return []inspect.Hop{h, page(2, 200, "GET", "https://a.example/v2", nil)}
		}, []inspect.Code{inspect.CodeMethodChange}},
		{"303 after a POST", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 303, "POST", "https://a.example/form", "https://a.example/done", nil)
			h.NextMethod, h.BodyDropped = "GET", true
			return []inspect.Hop{h, page(2, 200, "GET", "https://a.example/done", nil)}
		}, []inspect.Code{inspect.CodeSeeOther}},
		{"downgrade to another host", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 302, "GET", "https://a.example/", "http://b.example/", nil)
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "http://b.example/", nil)}
		}, []inspect.Code{inspect.CodeDowngrade, inspect.CodeCrossHost}},
		{"query dropped, relative", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 308, "GET", "https://a.example/a?utm=x", "/b", nostore)
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "https://a.example/b", nil)}
		}, []inspect.Code{inspect.CodeQueryDropped, inspect.CodeRelativeLocation}},
		{"301 without freshness is cached for good", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 301, "GET", "https://a.example/a", "https://a.example/b", nil)
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "https://a.example/b", nil)}
		}, []inspect.Code{inspect.CodePermanentCached}},
		{"temporary redirect cached for a year", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 302, "GET", "https://a.example/a", "https://a.example/b", http.Header{"Cache-Control": {"max-age=31536000"}})
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "https://a.example/b", nil)}
		}, []inspect.Code{inspect.CodeCacheableTemporary}},
		{"three redirects to a 404", inspect.StopFinal, func() []inspect.Hop {
			var hs []inspect.Hop
			for i, p := range []string{"/1", "/2", "/3"} {
				h := redirect(t, i+1, 308, "GET", "https://a.example"+p, "https://a.example/"+string(rune('2'+i)), nostore)
				h.NextMethod = "GET"
				hs = append(hs, h)
			}
			return append(hs, page(4, 404, "GET", "https://a.example/4", nil))
		}, []inspect.Code{inspect.CodeFinalError, inspect.CodeLongChain}},
		{"a 404 with no redirect", inspect.StopFinal, func() []inspect.Hop {
			return []inspect.Hop{page(1, 404, "GET", "https://a.example/gone", nil)}
		}, []inspect.Code{inspect.CodeFinalError}},
		{"302 with no Location", inspect.StopNoLocation, func() []inspect.Hop {
			return []inspect.Hop{page(1, 302, "GET", "https://a.example/", nil)}
		}, []inspect.Code{inspect.CodeMissingLocation}},
		{"308 upload progress", inspect.StopNoLocation, func() []inspect.Hop {
			return []inspect.Hop{page(1, 308, "PUT", "https://upload.example/s/1", http.Header{"Range": {"bytes=0-99"}})}
		}, []inspect.Code{inspect.CodeResumeIncomplete}},
		{"HSTS over http", inspect.StopFinal, func() []inspect.Hop {
			return []inspect.Hop{page(1, 200, "GET", "http://a.example/", http.Header{"Strict-Transport-Security": {"max-age=600"}})}
		}, []inspect.Code{inspect.CodeHSTSIgnoredOverHTTP}},
		{"a status outside 100-599", inspect.StopFinal, func() []inspect.Hop {
			return []inspect.Hop{page(1, 999, "GET", "https://a.example/", nil)}
		}, []inspect.Code{inspect.CodeFinalError, inspect.CodeMalformedResponse}},
		{"a status under 100", inspect.StopFinal, func() []inspect.Hop {
			return []inspect.Hop{page(1, 99, "GET", "https://a.example/", nil)}
		}, []inspect.Code{inspect.CodeMalformedResponse}},
		{"unusual 300", inspect.StopFinal, func() []inspect.Hop {
			return []inspect.Hop{page(1, 300, "GET", "https://a.example/", nil)}
		}, []inspect.Code{inspect.CodeUnusualStatus}},
		{"a Location with a password", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 301, "GET", "https://a.example/a", "https://u:pw@a.example/b", nostore)
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "https://u:pw@a.example/b", nil)}
		}, []inspect.Code{inspect.CodeCredentialsInLocation}},
		{"a scheme-relative Location with a user", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 301, "GET", "https://a.example/a", "//u@a.example/b", nostore)
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "https://u@a.example/b", nil)}
		}, []inspect.Code{inspect.CodeCredentialsInLocation, inspect.CodeRelativeLocation}},
		{"the request's userinfo inherited by a relative Location", inspect.StopFinal, func() []inspect.Hop {
			h := redirect(t, 1, 301, "GET", "https://u:pw@a.example/a", "/b", nostore)
			h.NextMethod = "GET"
			return []inspect.Hop{h, page(2, 200, "GET", "https://u:pw@a.example/b", nil)}
		}, []inspect.Code{inspect.CodeRelativeLocation}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &inspect.Chain{Stop: tc.stop, Hops: tc.hops(), MaxRedirects: 20}
			c.Request = inspect.Request{URL: c.Hops[0].URL, Method: c.Hops[0].Method}
			if got := codes(Analyze(c)); !slices.Equal(got, tc.codes) {
				t.Errorf("codes %v; want %v", got, tc.codes)
			}
		})
	}
}

// TestMessagesClipServerText: a finding quotes at most 200 bytes of what a
// server sent, however much it sent (a hostile HSTS header of 750 KB was
// quoted whole).
func TestMessagesClipServerText(t *testing.T) {
	huge := strings.Repeat("x", 100000)
	hsts := page(1, 200, "GET", "https://a.example/", http.Header{"Strict-Transport-Security": {"max-age=" + huge + "; " + huge}})
	c := &inspect.Chain{Request: inspect.Request{URL: "https://a.example/", Method: "GET"}, Hops: []inspect.Hop{hsts}, Stop: inspect.StopFinal}
	for _, f := range Analyze(c) {
		if len(f.Message) > 600 {
			t.Errorf("%s quotes %d bytes: %.300s…", f.Code, len(f.Message), f.Message)
		}
	}
	if !slices.Contains(codes(Analyze(c)), inspect.CodeHSTSInvalid) {
		t.Errorf("codes %v; want hsts-invalid", codes(Analyze(c)))
	}
}

// TestFinalErrorWithoutReason: a status line without a reason phrase
// (HTTP/1.1 404) reads "answers 404:", with no space before the colon.
func TestFinalErrorWithoutReason(t *testing.T) {
	h := page(1, 999, "GET", "https://a.example/", nil)
	c := &inspect.Chain{Request: inspect.Request{URL: "https://a.example/", Method: "GET"}, Hops: []inspect.Hop{h}, Stop: inspect.StopFinal}
	for _, f := range Analyze(c) {
		if f.Code == inspect.CodeFinalError && !strings.HasPrefix(f.Message, "https://a.example/ answers 999: ") {
			t.Errorf("final-error: %q", f.Message)
		}
	}
}

// TestMessagesClipLongURLs: a chain of 60 KB URLs makes no finding longer
// than a line or two (a 65 KB relative Location was quoted twice whole).
func TestMessagesClipLongURLs(t *testing.T) {
	long := "https://a.example/" + strings.Repeat("p", 60000)
	h := redirect(t, 1, 302, "GET", long+"?utm=x", "/"+strings.Repeat("q", 60000), nil)
	h.NextMethod = "GET"
	c := &inspect.Chain{Request: inspect.Request{URL: long + "?utm=x", Method: "GET"}, Hops: []inspect.Hop{h, page(2, 404, "GET", "https://a.example/"+strings.Repeat("q", 60000), nil)}, Stop: inspect.StopFinal}
	fs := Analyze(c)
	if len(fs) < 3 {
		t.Fatalf("findings %v; want relative-location, query-dropped and final-error at least", codes(fs))
	}
	for _, f := range fs {
		if len(f.Message) > 1000 {
			t.Errorf("%s: %d bytes: %.200s…", f.Code, len(f.Message), f.Message)
		}
	}
}
