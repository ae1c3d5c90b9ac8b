package lab

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
)

// The lab's sitemaps: /sitemap.xml lists pages, two of which redirect (a
// sitemap should list final URLs); /sitemap-index.xml lists it and a
// gzip-compressed one. URLs are written for the host the sitemap was asked
// on, so they work on whatever port the lab has.
func (l *Lab) sitemaps(mux *http.ServeMux) {
	base := func(r *http.Request) string {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		return scheme + "://" + r.Host
	}
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		b := base(r)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>%[1]s/sale</loc><lastmod>2026-11-01</lastmod></url>
  <url><loc>%[1]s/promo</loc></url>
  <url><loc>%[1]s/news/launch</loc></url>
  <url><loc>%[1]s/guides/setup</loc></url>
  <url><loc>%[1]s/offers/current?utm=a&amp;b=c</loc></url>
</urlset>
`, b)
	})
	mux.HandleFunc("/sitemap-index.xml", func(w http.ResponseWriter, r *http.Request) {
		b := base(r)
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>%[1]s/sitemap.xml</loc></sitemap>
  <sitemap><loc>%[1]s/sitemaps/products.xml.gz</loc></sitemap>
  <sitemap><loc>%[1]s/sitemaps/gone.xml</loc></sitemap>
</sitemapindex>
`, b)
	})
	mux.HandleFunc("/sitemaps/products.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		fmt.Fprintf(zw, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>%[1]s/products/blue-kettle</loc></url>
  <url><loc>%[1]s/new-page</loc></url>
</urlset>
`, base(r))
		zw.Close()
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(buf.Bytes())
	})
}
