// Package page reads the start of a final HTML response once: its meta
// refresh and the script navigations browsers would run.
package page

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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

// Scan returns the client-side redirects of a response: its Refresh
// header, the first meta refresh and the script navigations of its HTML
// body, in that order. The body is parsed only when the response is HTML.
func Scan(page string, hdr http.Header, body []byte) []inspect.Refresh {
	var out []inspect.Refresh
	if v := hdr.Get("Refresh"); v != "" {
		if d, t, ok := header.ParseRefresh(v); ok {
			out = append(out, inspect.Refresh{Via: inspect.ViaRefreshHeader, Raw: v, Delay: d, URL: refreshTarget(page, t)})
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
				out = append(out, inspect.Refresh{Via: inspect.ViaMetaRefresh, Raw: content, Delay: d, URL: refreshTarget(page, t)})
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

func scriptRedirects(page, script string) []inspect.Refresh {
	var out []inspect.Refresh
	for _, m := range scriptNav().FindAllStringSubmatch(script, 4) {
		lit := m[2]
		if m[4] != "" || m[3] != "" {
			lit = m[4]
		}
		r := inspect.Refresh{Via: inspect.ViaScript, Raw: strings.TrimSpace(m[0])}
		if lit != "" {
			r.URL = refreshTarget(page, lit)
		}
		out = append(out, r)
	}
	return out
}

// First is the refresh a browser would act on (header, then meta),
// or nil.
func First(rs []inspect.Refresh) *inspect.Refresh {
	for i := range rs {
		if rs[i].Via == inspect.ViaRefreshHeader || rs[i].Via == inspect.ViaMetaRefresh {
			return &rs[i]
		}
	}
	return nil
}
