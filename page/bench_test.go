package page

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hops-cli/hops/inspect"
)

// realisticPage builds a landing page of about size bytes as sites write
// them: a head with meta tags (robots among them), a canonical link,
// stylesheets and an inline script, then a body of navigation, articles
// with character references, and scripts at the end.
func realisticPage(size int) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spring catalogue &ndash; Example Shop</title>
<meta name="description" content="Shoes, bags and coats for the new season, delivered within two days.">
<meta name="robots" content="index, follow, max-image-preview:large">
<meta property="og:title" content="Spring catalogue">
<link rel="canonical" href="https://shop.example/catalogue/spring">
<link rel="stylesheet" href="/assets/site.4f2a9c.css">
<link rel="preload" href="/assets/font.woff2" as="font" crossorigin>
<link rel="icon" href="/favicon.ico">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
<style>body{margin:0;font-family:system-ui,sans-serif}.card{display:flex;gap:1rem}</style>
</head>
<body class="catalogue">
<header><nav><ul>`)
	for i := range 12 {
		fmt.Fprintf(&b, `<li><a href="/section/%d" class="nav-link">Section %d</a></li>`, i, i)
	}
	b.WriteString("</ul></nav></header>\n<main>\n")
	for i := 0; b.Len() < size-600; i++ {
		fmt.Fprintf(&b, `<article class="card" data-id="%d"><img src="/img/p%d.jpg" alt="Product %d" loading="lazy" width="320" height="240">
<div><h2><a href="/p/%d">Leather bag n&#176;%d</a></h2><p>Hand-stitched in Porto &amp; finished by hand: it&#39;s the bag you&rsquo;ll keep. Price &euro;%d.</p>
<button type="button" onclick="cart.add(%d)">Add to cart</button></div></article>
`, i, i, i, i, i, 40+i, i)
	}
	b.WriteString(`</main>
<footer><p>&copy; Example Shop</p></footer>
<script src="/assets/app.93be1.js" defer></script>
<script>document.querySelectorAll('.card').forEach(function (c) { c.classList.add('ready'); });</script>
</body>
</html>
`)
	return []byte(b.String())
}

// benchLanding measures what a landing page costs in the walk and the
// analysis together: its refreshes, then its SEO signals (Read, then
// HopIndexing, as walk and analyze call them).
func benchLanding(b *testing.B, body []byte) {
	const url = "https://shop.example/catalogue/spring"
	hdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		rs, sig := Read(url, 200, hdr, body, "")
		x := HopIndexing(&inspect.Hop{URL: url, Status: 200, Header: hdr, Sample: body, HTML: sig}, "")
		if len(rs) != 0 || x.Canonical == "" && bytes.Contains(body, []byte("canonical")) {
			b.Fatalf("refresh %v, canonical %q", rs, x.Canonical)
		}
	}
}

// BenchmarkLanding64K: a 64 KiB page that names robots and a canonical
// link. BenchmarkLandingSmall: the page the check-path benchmark lands on.
// BenchmarkLanding64KPlain: the same page without the robots meta and the
// canonical link.
func BenchmarkLanding64K(b *testing.B) { benchLanding(b, realisticPage(64<<10)) }
func BenchmarkLanding64KPlain(b *testing.B) {
	p := strings.Replace(string(realisticPage(64<<10)), `<meta name="robots" content="index, follow, max-image-preview:large">`, "", 1)
	benchLanding(b, []byte(strings.Replace(p, `<link rel="canonical" href="https://shop.example/catalogue/spring">`, "", 1)))
}
func BenchmarkLandingSmall(b *testing.B) {
	benchLanding(b, []byte("<!doctype html><title>landed</title><p>ok</p>\n"))
}
