package inspect

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestHSTSHonored(t *testing.T) {
	hdr := http.Header{"Strict-Transport-Security": {"max-age=600"}}
	cases := []struct {
		url     string
		tls     *TLSInfo
		honored bool
	}{
		{"https://example.com/", &TLSInfo{Verified: true}, true},
		{"http://example.com/", nil, false},
		{"https://127.0.0.1/", &TLSInfo{Verified: true}, false},
		{"https://[::1]/", &TLSInfo{Verified: true}, false},
		{"https://example.com/", &TLSInfo{Verified: false}, false},
	}
	for _, tc := range cases {
		h := Hop{URL: tc.url, Status: 200, Header: hdr, TLS: tc.tls}
		if got := hstsOf(&h); got == nil || got.Honored != tc.honored {
			t.Errorf("hstsOf(%s, verified %v) = %+v; want honored %v", tc.url, tc.tls != nil && tc.tls.Verified, got, tc.honored)
		}
	}
	two := Hop{URL: "https://example.com/", Status: 200, TLS: &TLSInfo{Verified: true},
		Header: http.Header{"Strict-Transport-Security": {"max-age=600", "max-age=0"}}}
	if got := hstsOf(&two); *got.MaxAge != 600 || !strings.Contains(got.Problem, "only the first") {
		t.Errorf("two headers: %+v; want the first one used and a note", got)
	}
}

func TestFindRefresh(t *testing.T) {
	page := "https://example.com/dir/page"
	body := `<html><head>
<noscript><META http-equiv="REFRESH" content="0; URL='../moved'"></noscript>
<meta http-equiv="refresh" content="9;url=/first-outside-noscript">
<meta http-equiv="refresh" content="0;url=/second-is-ignored">
<script>if (x) { window.location.replace('/from-script'); } location.reload();</script>
</head></html>`
	h := http.Header{"Refresh": {"3; url=/from-header"}}
	rs := FindRefresh(page, h, []byte(body))
	if len(rs) != 3 {
		t.Fatalf("FindRefresh found %d: %+v; want header, first meta and script", len(rs), rs)
	}
	if rs[0].Via != ViaRefreshHeader || rs[0].URL != "https://example.com/from-header" || rs[0].Delay != 3 {
		t.Errorf("header refresh %+v", rs[0])
	}
	// With scripting on (as browsers run), <noscript> holds text, not a meta.
	if rs[1].Via != ViaMetaRefresh || rs[1].URL != "https://example.com/first-outside-noscript" || rs[1].Delay != 9 {
		t.Errorf("meta refresh %+v", rs[1])
	}
	if rs[2].Via != ViaScript || rs[2].URL != "https://example.com/from-script" {
		t.Errorf("script redirect %+v", rs[2])
	}
	if r := FindRefresh(page, http.Header{}, []byte(`<meta http-equiv=refresh content="0;url=javascript:alert(1)">`)); len(r) != 1 || r[0].URL != "" {
		t.Errorf("javascript: refresh = %+v; want one entry with no usable URL", r)
	}
	if r := FindRefresh(page, http.Header{}, []byte(`<p>location = "/not-a-script"</p>`)); len(r) != 0 {
		t.Errorf("text outside scripts was read as a redirect: %+v", r)
	}
}

func FuzzParseResolve(f *testing.F) {
	for _, s := range []string{"example.com:443:127.0.0.1", "[::1]:8443:::1", "*:80:127.0.0.1,[::1]", "x", "a:b:c", "h:0:1.2.3.4", "[::1:1:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseResolve(s)
		if err != nil {
			return
		}
		if r.Host == "" || r.Port == "" || len(r.Addrs) == 0 {
			t.Fatalf("ParseResolve(%q) = %+v: accepted with a part missing", s, r)
		}
		for _, a := range r.Addrs {
			if net.ParseIP(a) == nil {
				t.Fatalf("ParseResolve(%q) accepted the address %q", s, a)
			}
		}
	})
}

// FuzzFindRefresh: whatever a Refresh header, a meta refresh or a script
// says, a target hops would follow is an http(s) URL.
func FuzzFindRefresh(f *testing.F) {
	for _, s := range []string{"0; url=/next", "5;URL='../x'", "0;url=javascript:alert(1)", " 3 , url = http://a.example/", ".5", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rs := FindRefresh("https://example.com/p", http.Header{"Refresh": {in}},
			[]byte(`<meta http-equiv="refresh" content="`+in+`"><script>location="`+in+`"</script>`))
		for _, r := range rs {
			if r.URL != "" && !strings.HasPrefix(r.URL, "http") {
				t.Fatalf("refresh target %q is not http(s)", r.URL)
			}
		}
	})
}
