package inspect

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Refresh is a client-side redirect found in a response: a Refresh header,
// a <meta http-equiv=refresh>, or a script that looks like it navigates.
type Refresh struct {
	Via   Via    // ViaRefreshHeader, ViaMetaRefresh, or ViaScript
	Raw   string // the header or content attribute value, or the script statement
	Delay int    // seconds; 0 for a script
	// URL is the resolved target, fragment included; "" when the target
	// is unusable (unparsable, javascript:), and for a plain reload it is
	// the page itself.
	URL string
}

// ViaScript marks a Refresh found in a script; hops never follows it.
const ViaScript Via = "script"

// refreshTarget resolves a refresh URL against the page; "" when browsers
// would not navigate (unparsable or javascript:).
func refreshTarget(page, target string) string {
	if target == "" {
		return page
	}
	loc, err := href.ResolveLocation(page, target)
	if err != nil || strings.EqualFold(loc.Scheme(), "javascript") {
		return ""
	}
	return loc.URL
}

// FindRefresh returns the client-side redirects of a response: its Refresh
// header, the first meta refresh and the script navigations of its HTML
// body, in that order. The body is parsed only when the response is HTML.
func FindRefresh(page string, hdr http.Header, body []byte) []Refresh {
	var out []Refresh
	if v := hdr.Get("Refresh"); v != "" {
		if d, t, ok := header.ParseRefresh(v); ok {
			out = append(out, Refresh{Via: ViaRefreshHeader, Raw: v, Delay: d, URL: refreshTarget(page, t)})
		}
	}
	if len(body) == 0 {
		return out
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	metaSeen := false
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script {
				inScript = tt == html.StartTagToken
				continue
			}
			if a != atom.Meta || !hasAttr || metaSeen {
				continue
			}
			var equiv, content string
			var hasContent bool
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "http-equiv":
					equiv = string(v)
				case "content":
					content, hasContent = string(v), true
				}
				if !more {
					break
				}
			}
			if !strings.EqualFold(strings.TrimSpace(equiv), "refresh") || !hasContent || content == "" {
				continue
			}
			if d, t, ok := header.ParseRefresh(content); ok {
				metaSeen = true
				out = append(out, Refresh{Via: ViaMetaRefresh, Raw: content, Delay: d, URL: refreshTarget(page, t)})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == atom.Script {
				inScript = false
			}
		case html.TextToken:
			if inScript {
				out = append(out, scriptRedirects(page, string(z.Text()))...)
			}
		}
	}
}

// scriptNav matches the common ways a script navigates: assignments to
// location or location.href, and location.replace/assign calls, with a
// string literal target.
// It is compiled on first use: most runs never see a script.
var scriptNav = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:\b(?:window|document|self|top)\s*\.\s*)?\blocation(?:\s*\.\s*href)?\s*=\s*(["'])([^"'\n]*)["']|\blocation\s*\.\s*(?:replace|assign)\s*\(\s*(["'])([^"'\n]*)["']\s*\)`)
})

func scriptRedirects(page, script string) []Refresh {
	var out []Refresh
	for _, m := range scriptNav().FindAllStringSubmatch(script, 4) {
		lit := m[2]
		if m[4] != "" || m[3] != "" {
			lit = m[4]
		}
		r := Refresh{Via: ViaScript, Raw: strings.TrimSpace(m[0])}
		if lit != "" {
			r.URL = refreshTarget(page, lit)
		}
		out = append(out, r)
	}
	return out
}

// firstRefresh is the refresh a browser would act on (header, then meta),
// or nil.
func firstRefresh(rs []Refresh) *Refresh {
	for i := range rs {
		if rs[i].Via == ViaRefreshHeader || rs[i].Via == ViaMetaRefresh {
			return &rs[i]
		}
	}
	return nil
}
