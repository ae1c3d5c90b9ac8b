package page

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

func TestFindRefresh(t *testing.T) {
	page := "https://example.com/dir/page"
	body := `<html><head>
<noscript><META http-equiv="REFRESH" content="0; URL='../moved'"></noscript>
<meta http-equiv="refresh" content="9;url=/first-outside-noscript">
<meta http-equiv="refresh" content="0;url=/second-comes-sooner">
<script>if (x) { window.location.replace('/from-script'); } location.reload();</script>
</head></html>`
	h := http.Header{"Refresh": {"3; url=/from-header"}}
	rs := Scan(page, h, []byte(body))
	if len(rs) != 4 {
		t.Fatalf("Scan found %d: %+v; want header, two metas and script", len(rs), rs)
	}
	if rs[0].Via != inspect.ViaRefreshHeader || rs[0].URL != "https://example.com/from-header" || rs[0].Delay != 3 {
		t.Errorf("header refresh %+v", rs[0])
	}
	// With scripting on (as browsers run), <noscript> holds text, not a meta.
	if rs[1].Via != inspect.ViaMetaRefresh || rs[1].URL != "https://example.com/first-outside-noscript" || rs[1].Delay != 9 {
		t.Errorf("meta refresh %+v", rs[1])
	}
	if rs[2].Via != inspect.ViaMetaRefresh || rs[2].URL != "https://example.com/second-comes-sooner" || rs[2].Delay != 0 {
		t.Errorf("second meta refresh %+v", rs[2])
	}
	if rs[3].Via != inspect.ViaScript || rs[3].URL != "https://example.com/from-script" {
		t.Errorf("script redirect %+v", rs[3])
	}
	if r := Scan(page, http.Header{}, []byte(`<meta http-equiv=refresh content="0;url=javascript:alert(1)">`)); len(r) != 1 || r[0].URL != "" {
		t.Errorf("javascript: refresh = %+v; want one entry with no usable URL", r)
	}
	if r := Scan(page, http.Header{}, []byte(`<p>location = "/not-a-script"</p>`)); len(r) != 0 {
		t.Errorf("text outside scripts was read as a redirect: %+v", r)
	}
}

func FuzzFindRefresh(f *testing.F) {
	for _, s := range []string{"0; url=/next", "5;URL='../x'", "0;url=javascript:alert(1)", " 3 , url = http://a.example/", ".5", "x", "A:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rs := Scan("https://example.com/p", http.Header{"Refresh": {in}},
			[]byte(`<meta http-equiv="refresh" content="`+in+`"><script>location="`+in+`"</script>`))
		// A target is resolved to an absolute URL ("A:0" is the URL a:0,
		// which a page may navigate to), never to javascript:.
		for _, r := range rs {
			scheme, _, ok := strings.Cut(r.URL, ":")
			if r.URL != "" && (!ok || scheme == "" || strings.EqualFold(scheme, "javascript")) {
				t.Fatalf("refresh target %q is not an absolute URL a browser would go to", r.URL)
			}
		}
	})
}

// TestEffective: the refresh a browser acts on, as headless Chromium 156
// did on these pages (the header first, then the metas in order; a later
// one replaces the scheduled one unless that one is due sooner).
func TestEffective(t *testing.T) {
	t.Parallel()
	hdr := func(d int, u string) inspect.Refresh {
		return inspect.Refresh{Via: inspect.ViaRefreshHeader, Delay: d, URL: u}
	}
	meta := func(d int, u string) inspect.Refresh {
		return inspect.Refresh{Via: inspect.ViaMetaRefresh, Delay: d, URL: u}
	}
	script := inspect.Refresh{Via: inspect.ViaScript, URL: "/script"}
	for _, tc := range []struct {
		name string
		rs   []inspect.Refresh
		want string // "" for none
	}{
		{"two metas, delay 0", []inspect.Refresh{meta(0, "/first"), meta(0, "/second")}, "/second"},
		{"header and meta", []inspect.Refresh{hdr(0, "/fromhdr"), meta(0, "/meta")}, "/meta"},
		{"2 s, then 0", []inspect.Refresh{meta(2, "/slow"), meta(0, "/fast")}, "/fast"},
		{"0, then 2 s", []inspect.Refresh{meta(0, "/fast"), meta(2, "/slow")}, "/fast"},
		{"a script is no refresh", []inspect.Refresh{script}, ""},
		{"one meta and a script", []inspect.Refresh{meta(5, "/m"), script}, "/m"},
		{"none", nil, ""},
	} {
		got := ""
		if r := Effective(tc.rs); r != nil {
			got = r.URL
		}
		if got != tc.want {
			t.Errorf("%s: %q; want %q", tc.name, got, tc.want)
		}
	}
}

// TestManyMetaRefreshes: past the 64 metas a page keeps, the one browsers
// act on is still the one picked (delays counting down: the last), and
// the first is still the first.
func TestManyMetaRefreshes(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, `<meta http-equiv="refresh" content="%d;url=/m%d">`, 100-i, i)
	}
	rs := Scan("https://example.com/", http.Header{}, []byte(b.String()))
	if len(rs) != maxMetaRefresh {
		t.Fatalf("%d refreshes kept; want %d", len(rs), maxMetaRefresh)
	}
	if r := Effective(rs); r == nil || r.URL != "https://example.com/m99" || r.Delay != 1 {
		t.Errorf("Effective = %+v; want /m99 after 1s", r)
	}
	if r := CountedMeta(rs, true); r == nil || r.URL != "https://example.com/m0" {
		t.Errorf("the first meta = %+v; want /m0", r)
	}
}
