package lab

import (
	"fmt"
	"net/http"
)

// robotsScenario is a guide moved into a section that robots.txt keeps
// crawlers out of: the redirect works for people, and search engines never
// see the page it leads to.
var robotsScenario = Scenario{Name: "seo-robots", Title: "a guide moved under /drafts/, which robots.txt disallows", Path: "/guides/setup", Robots: true}

// robotsTxt is the lab's robots.txt: drafts are closed to every crawler,
// and Googlebot, which obeys only its own group, is also kept out of /press.
const robotsTxt = `# hops lab
User-agent: *
Disallow: /drafts/

User-agent: Googlebot
Disallow: /drafts/
Disallow: /press
`

func (l *Lab) robots(mux *http.ServeMux) {
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, robotsTxt)
	})
	mux.HandleFunc("/guides/setup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/drafts/setup")
		w.WriteHeader(http.StatusMovedPermanently)
	})
	mux.HandleFunc("/drafts/setup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html><head><title>Setup</title></head><body><h1>Setup</h1></body></html>\n")
	})
}
