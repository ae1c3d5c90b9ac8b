package lab

import (
	"fmt"
	"net/http"
)

// seoScenarios are chains an SEO engineer checks after a migration: each
// redirect works, but lands where search engines see something else than
// the move promises.
var seoScenarios = []Scenario{
	{Name: "seo-canonical", Title: "a moved article whose new page names another URL as canonical", Path: "/blog/2019/launch"},
	{Name: "seo-noindex", Title: "a migrated page still marked noindex from staging", Path: "/pricing-2024"},
	{Name: "seo-root", Title: "a removed product sent to the home page: a soft 404", Path: "/products/blue-kettle"},
	{Name: "seo-mixed", Title: "a 301 then a 302: mixed signals about which URL to index", Path: "/offers/summer"},
}

// seo adds the routes of the SEO scenarios. /press is no scenario of its
// own: its X-Robots-Tag speaks to Googlebot and Bingbot only, which the
// end-to-end tests walk with and without --as googlebot.
func (l *Lab) seo(mux *http.ServeMux) {
	page := func(w http.ResponseWriter, title, head string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><head><title>%s</title>%s</head><body><h1>%s</h1></body></html>\n", title, head, title)
	}
	moved := func(from string, status int, to string) {
		mux.HandleFunc(from, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Location", to)
			w.WriteHeader(status)
		})
	}

	// The new page names its twin with a trailing slash as canonical: to a
	// search engine that is another URL.
	moved("/blog/2019/launch", http.StatusMovedPermanently, "/news/launch")
	mux.HandleFunc("/news/launch", func(w http.ResponseWriter, r *http.Request) {
		page(w, "We launched", `<link rel="canonical" href="/news/launch/">`)
	})
	mux.HandleFunc("/news/launch/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, "We launched", `<link rel="canonical" href="/news/launch/">`)
	})

	moved("/pricing-2024", http.StatusMovedPermanently, "/pricing")
	mux.HandleFunc("/pricing", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		page(w, "Pricing", `<meta name="robots" content="noindex">`)
	})

	// The root page is the lab's own "/".
	moved("/products/blue-kettle", http.StatusMovedPermanently, "/")

	moved("/offers/summer", http.StatusMovedPermanently, "/offers/summer-sale")
	moved("/offers/summer-sale", http.StatusFound, "/offers/current")
	mux.HandleFunc("/offers/current", func(w http.ResponseWriter, r *http.Request) { page(w, "Current offers", "") })

	mux.HandleFunc("/press", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("X-Robots-Tag", "googlebot: noindex")
		w.Header().Add("X-Robots-Tag", "bingbot: noarchive")
		page(w, "Press", "")
	})
}
