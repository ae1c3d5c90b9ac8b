package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/lab"
	"github.com/hops-cli/hops/walk"
)

// marshalJSONL is what CheckJSONL wrote before it had its own encoder: the
// row through encoding/json. The encoder must write the same bytes.
func marshalJSONL(t *testing.T, res check.Result, meta Meta) []byte {
	t.Helper()
	b, err := json.Marshal(NewCheckRow(res, meta))
	if err != nil {
		t.Fatal(err)
	}
	return append(escapeJSON(b), '\n')
}

// labChains walks every scenario of the lab on loopback as a few clients,
// with their own requests (methods, bodies, credential headers), and a
// URL with a password: the chains a check writes.
func labChains(t *testing.T) []*inspect.Chain {
	t.Helper()
	l, err := lab.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	var reqs []inspect.Request
	for _, s := range lab.Scenarios {
		if s.Path == "" {
			continue
		}
		r := inspect.Request{URL: l.URL(s), Method: s.Method, Header: http.Header{"User-Agent": {"hops/test"}}, Body: []byte(s.Body)}
		if s.Body == "" {
			r.Body = nil
		}
		for _, h := range s.Header {
			k, v, _ := strings.Cut(h, ": ")
			r.Header.Add(k, v)
		}
		reqs = append(reqs, r)
	}
	withPassword := strings.Replace(l.HTTPURL(), "://", "://ada:s3cret@", 1) + "/docs/guide/start#top"
	reqs = append(reqs, inspect.Request{URL: withPassword, Method: "GET",
		Header: http.Header{"Cookie": {"session=abc"}, "X-Note": {"<b>&amp;\u2028\x7f\u202e"}}})
	var chains []*inspect.Chain
	for _, p := range []*client.Profile{nil, client.Curl} {
		for _, body := range []bool{false, true} {
			for _, r := range reqs {
				w := walk.NewWalker()
				w.Timeout = 5 * time.Second
				w.Profile = p
				w.KeepBody = body
				w.Config.RootCAs = l.RootCAs
				for _, base := range []string{l.HTTPURL(), l.HTTPSURL()} {
					u, _ := url.Parse(base)
					// "localhost" goes to the lab's loopback listeners, never to a resolver.
					w.Config.Resolve = append(w.Config.Resolve, walk.Resolve{Host: "localhost", Port: u.Port(), Addrs: []string{"127.0.0.1"}})
				}
				c, err := w.Inspect(t.Context(), r)
				if err != nil {
					t.Fatalf("walk %s: %v", r.URL, err)
				}
				chains = append(chains, c)
			}
		}
	}
	return chains
}

// secretChains are chains with a secret in every place redact masks: URL
// passwords in URLs, Location, Link and Refresh values, the next URL, a
// refresh target and finding messages, credential and cookie headers both
// ways; one ends on a 200, one fails with a password in its error.
func secretChains() []*inspect.Chain {
	mk := func(stop inspect.Stop) *inspect.Chain {
		pw := "https://ada:s3cret@a.test"
		h1 := inspect.Hop{N: 1, URL: pw + "/old", Method: "GET", Via: inspect.ViaHTTP, Status: 301, Reason: "Moved", Proto: "HTTP/1.1",
			Header: http.Header{"Location": {pw + "/new"}, "Set-Cookie": {"sid=abc; Path=/; HttpOnly", "t=1"},
				"Link": {"<" + pw + "/l>; rel=canonical"}, "Refresh": {"0; url=" + pw + "/r"}},
			Location:      []string{pw + "/new"},
			Next:          &href.Location{Raw: pw + "/new", URL: pw + "/new", GoURL: pw + "/new"},
			NextMethod:    "GET",
			RequestHeader: http.Header{"Authorization": {"Bearer tok"}, "Cookie": {"a=1; b=2"}, "Proxy-Authorization": {"Basic eA=="}},
			Refresh:       []inspect.Refresh{{Via: inspect.ViaRefreshHeader, Raw: "0; url=" + pw + "/r", URL: pw + "/r"}},
		}
		h2 := inspect.Hop{N: 2, URL: pw + "/new", Method: "GET", Via: inspect.ViaHTTP, Status: 200, Reason: "OK", Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"text/html"}}, RequestHeader: http.Header{"Cookie": {"sid=abc"}}}
		if stop == inspect.StopFailed {
			h2 = inspect.Hop{N: 2, URL: pw + "/new", Method: "GET", Via: inspect.ViaHTTP,
				Err: &inspect.HopError{Kind: "connect", Msg: "connect to " + pw + ": refused"}}
		}
		return &inspect.Chain{
			Request: inspect.Request{URL: pw + "/old", Method: "GET", Header: http.Header{"Authorization": {"Basic YWRhOnMzY3JldA=="}}},
			Hops:    []inspect.Hop{h1, h2},
			Stop:    stop,
			Findings: []inspect.Finding{{Code: inspect.CodeRelativeLocation, Severity: inspect.SeverityInfo, Hop: 1,
				Message: "Location " + pw + "/new is fine"}},
		}
	}
	return []*inspect.Chain{mk(inspect.StopFinal), mk(inspect.StopFailed)}
}

func TestCheckJSONLEncoderMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	chains := append(labChains(t), secretChains()...)
	for _, mk := range []func() *inspect.Chain{migrationChain, failedChain, hostileChain, recurringChain} {
		c := mk()
		readFacts(c)
		c.Findings = nil
		chains = append(chains, c, mk())
	}
	if len(chains) < 60 {
		t.Fatalf("only %d chains to compare", len(chains))
	}
	rows := []check.Row{
		{N: 2, Source: "http://a.test/x", Target: "http://a.test/y", Status: 301},
		{N: 3, Source: "http://a.test/x", Target: "http://u:pw@a.test/y", Statuses: []int{301, 308}, StatusText: "301|308"},
		{N: 4, Source: "http://a.test/x"},
		{N: 5, Source: "http://a.test/x", Target: "http://a.test/\u00e9<&>", Statuses: []int{301}},
	}
	metas := []Meta{{Version: "1.2.3"}, {Version: "dev", Client: "curl", Body: true}, {Version: "v2<&>", ShowSecrets: true}}
	compared := 0
	for i, c := range chains {
		row := rows[i%len(rows)]
		v, reason := check.Judge(row, c, inspect.SeverityError)
		if i%5 == 0 {
			reason += " (see http://ada:s3cret@a.test/why)"
		}
		for _, meta := range metas {
			res := check.Result{Row: row, Chain: c, Verdict: v, Reason: reason}
			var got bytes.Buffer
			if err := CheckJSONL(&got, res, meta); err != nil {
				t.Fatal(err)
			}
			if want := marshalJSONL(t, res, meta); !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("chain %d (%s), meta %+v:\nencoder:       %s\nencoding/json: %s", i, c.Request.URL, meta, got.Bytes(), want)
			}
			for _, secret := range []string{"s3cret", "tok", "YWRhOnMzY3JldA", "abc", "eA=="} {
				if strings.Contains(c.Request.URL, "ada:s3cret") && bytes.Contains(got.Bytes(), []byte(secret)) {
					t.Fatalf("chain %d: %q left in %s", i, secret, got.Bytes())
				}
			}
			compared++
		}
	}
	// A malformed row has no chain.
	bad := check.Row{N: 9, Source: "not a url", Err: errors.New("no scheme")}
	v, reason := check.Judge(bad, nil, inspect.SeverityError)
	res := check.Result{Row: bad, Verdict: v, Reason: reason}
	var got bytes.Buffer
	if err := CheckJSONL(&got, res, Meta{Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if want := marshalJSONL(t, res, Meta{Version: "1"}); !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("malformed row:\nencoder:       %s\nencoding/json: %s", got.Bytes(), want)
	}
	t.Logf("%d rows compared", compared+1)
}

// TestJSONEncoderFields: the appenders write the fields listed here. A
// field added to one of these types must be added to its appender too
// (json.go), then counted here.
func TestJSONEncoderFields(t *testing.T) {
	for _, c := range []struct {
		v any
		n int
	}{
		{CheckRow{}, 6}, {Expected{}, 3}, {Doc{}, 8}, {DocTool{}, 2}, {DocRequest{}, 4}, {DocHop{}, 22},
		{DocCache{}, 6}, {DocHSTS{}, 7}, {DocTiming{}, 5}, {DocTLS{}, 7}, {DocFinal{}, 5}, {DocFinding{}, 4}, {DocError{}, 2},
	} {
		if got := reflect.TypeOf(c.v).NumField(); got != c.n {
			t.Errorf("%T has %d fields; the JSON Lines encoder writes %d", c.v, got, c.n)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	cases := []string{"", "plain", "plain ASCII, 8 bytes at a time", "\x7fplain ASCII words\u0085then\u202e", `"quoted" \ back`, "<a href='x'>&amp;</a>", "\b\f\n\r\t\x00\x01\x1f\x7f",
		"caf\u00e9", "\u2028\u2029", "\u202e\u200f", "\xff\xfe", "a\xc3", "\xed\xa0\x80", "\U0001F600", "\ufffd"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		// Long enough to cross the 8-byte words of the plain run, mostly
		// plain so that whole words of it come up.
		b := make([]byte, r.IntN(40))
		for i := range b {
			switch r.IntN(8) {
			case 0:
				b[i] = byte(r.IntN(0x80))
			case 1:
				b[i] = byte(r.IntN(0x100))
			case 2, 3:
				const parts = "a<&>\"\\\n\x01\x7f\xe2\x80\xa8\xae\xc3\xa9\xc2\x85\x9f\x9c\xd8"
				b[i] = parts[r.IntN(len(parts))]
			default:
				b[i] = byte(' ' + r.IntN(0x5f))
			}
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		checkQuoted(t, s)
	}
}

// checkQuoted: appendJSONString writes s as json.Marshal does, and
// appendJSONText as escapeJSON then makes of that.
func checkQuoted(t *testing.T, s string) {
	t.Helper()
	want, _ := json.Marshal(s)
	if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
		t.Fatalf("%q: encoder %s, encoding/json %s", s, got, want)
	}
	want = escapeJSON(want)
	if got := appendJSONText(nil, s); !bytes.Equal(got, want) {
		t.Fatalf("%q: text encoder %s, encoding/json and escapeJSON %s", s, got, want)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("<\u2028\xff\"")
	f.Add("plain words, then \x7f\u0085\u202e and more plain words")
	f.Fuzz(checkQuoted)
}

func TestAppendFloat(t *testing.T) {
	cases := []float64{0, math.Copysign(0, -1), 1, -1, 2.131, 0.001, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789.125,
		-3.5e-9, 1.7976931348623157e308, 5e-324, 100, 0.1 + 0.2}
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		cases = append(cases, math.Float64frombits(r.Uint64()), float64(r.IntN(1e7))/1000)
	}
	for _, f := range cases {
		want, err := json.Marshal(f)
		got, ok := appendFloat(nil, f)
		if (err == nil) != ok || ok && !bytes.Equal(got, want) {
			t.Fatalf("%v: encoder %s %v, encoding/json %s %v", f, got, ok, want, err)
		}
	}
}

// TestChainJSONMatchesEncodingJSON: hops --json's document is byte for
// byte json.MarshalIndent of its Doc, on the lab's chains and chains full
// of secrets, with and without --body and --show-secrets.
func TestChainJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	chains := append(labChains(t), secretChains()...)
	for _, mk := range []func() *inspect.Chain{migrationChain, failedChain, hostileChain, recurringChain} {
		chains = append(chains, mk())
	}
	metas := []Meta{{Version: "1.2.3"}, {Version: "dev", Client: "curl", Body: true}, {Version: "v2<&>", ShowSecrets: true, Body: true}}
	for i, c := range chains {
		for _, meta := range metas {
			var got bytes.Buffer
			if err := JSON(&got, c, meta); err != nil {
				t.Fatal(err)
			}
			want, err := json.MarshalIndent(NewDoc(c, meta), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			want = append(escapeJSON(want), '\n')
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("chain %d (%s), meta %+v:\nencoder:       %s\nencoding/json: %s", i, c.Request.URL, meta, got.Bytes(), want)
			}
			if !meta.ShowSecrets && strings.Contains(c.Request.URL, "ada:s3cret") {
				for _, secret := range []string{"s3cret", "tok", "YWRhOnMzY3JldA", "abc", "eA=="} {
					if bytes.Contains(got.Bytes(), []byte(secret)) {
						t.Fatalf("chain %d: %q left in %s", i, secret, got.Bytes())
					}
				}
			}
		}
	}
}

// TestBodyOfAChainWithoutFinalResponse: with --body, a chain that ends
// without a response has "body": null and "body_truncated": null (SPEC:
// absent facts are null, never left out); without --body neither key.
func TestBodyOfAChainWithoutFinalResponse(t *testing.T) {
	t.Parallel()
	for _, meta := range []Meta{{Version: "1", Body: true}, {Version: "1"}} {
		var out bytes.Buffer
		if err := JSON(&out, failedChain(), meta); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(out.String(), `"body": null,`) && strings.Contains(out.String(), `"body_truncated": null`)
		if has != meta.Body || !meta.Body && (strings.Contains(out.String(), `"body":`) || strings.Contains(out.String(), `"body_truncated"`)) {
			t.Errorf("--body %v: final is\n%s", meta.Body, out.String())
		}
	}
}

// TestHSTSMaxAgeExact: a max-age past 2^53 is written as the integer it
// was read as (int64's largest, for a value past it), not as a float a
// strict int64 decoder refuses; the same by encoding/json.
func TestHSTSMaxAgeExact(t *testing.T) {
	t.Parallel()
	c := migrationChain()
	c.Hops[1].Header.Set("Strict-Transport-Security", "max-age=99999999999999999999999")
	c.Hops[1].ReadFacts()
	if s := c.Hops[1].HSTS; s == nil || s.MaxAge == nil {
		t.Fatal("no HSTS read")
	}
	var out bytes.Buffer
	if err := CheckJSONL(&out, check.Result{Row: check.Row{N: 1, Source: c.Request.URL}, Chain: c, Verdict: check.OK}, Meta{Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"max_age":9223372036854775807,`) {
		t.Errorf("max_age not the exact integer:\n%s", out.String())
	}
	b, err := json.Marshal(NewDoc(c, Meta{Version: "1"}))
	if err != nil || !strings.Contains(string(b), `"max_age":9223372036854775807,`) {
		t.Errorf("encoding/json: %v\n%s", err, b)
	}
}
