package check

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// rowsOf reads every row of input and writes each as "N source err" or
// "N source sitemap".
func rowsOf(t *testing.T, input []byte, fetch FetchFunc) []string {
	t.Helper()
	r := NewReader(bytes.NewReader(input))
	r.Fetch = fetch
	var out []string
	for {
		row, ok, err := r.Next()
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if !ok {
			break
		}
		switch {
		case row.Err != nil:
			out = append(out, fmt.Sprintf("%d %s error: %v", row.N, row.Source, row.Err))
		case !row.Sitemap || row.Target != row.Source:
			out = append(out, fmt.Sprintf("%d %s NOT A SITEMAP ROW (target %q)", row.N, row.Source, row.Target))
		default:
			out = append(out, fmt.Sprintf("%d %s", row.N, row.Source))
		}
	}
	if !r.IsSitemap() && len(out) > 0 {
		t.Errorf("IsSitemap false after sitemap rows")
	}
	return out
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	w.Close()
	return b.Bytes()
}

const urlset = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://example.test/a?x=1&amp;y=2</loc>
    <lastmod>2026-01-01</lastmod>
    <image:image><image:loc>https://cdn.example.test/a.png</image:loc></image:image>
    <xhtml:link rel="alternate" hreflang="de" href="https://example.test/de/a"/>
  </url>
  <url><loc>
     https://EXAMPLE.test:443/b
  </loc></url>
  <url><loc>/relative</loc></url>
</urlset>
`

func TestSitemapURLSet(t *testing.T) {
	want := []string{
		"6 https://example.test/a?x=1&y=2",
		"11 https://example.test/b",
		`14 /relative error: <loc> "/relative" is not an absolute http(s) URL`,
	}
	for name, input := range map[string][]byte{"plain": []byte(urlset), "gzip": gz(urlset), "no declaration": []byte(strings.SplitN(urlset, "\n", 2)[1])} {
		got := rowsOf(t, input, nil)
		if name == "no declaration" {
			for i := range want {
				// one line less above every row
				var n int
				fmt.Sscanf(want[i], "%d", &n)
				if !strings.HasPrefix(got[i], fmt.Sprint(n-1)+" ") {
					t.Errorf("%s: row %d = %q, want line %d", name, i, got[i], n-1)
				}
			}
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
}

func TestSitemapIndex(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/one.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.test/1</loc></url>
<url><loc>https://example.test/2</loc></url></urlset>`)
	})
	mux.HandleFunc("/two.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Write(gz("<urlset>\n<url><loc>https://example.test/3</loc></url></urlset>"))
	})
	mux.HandleFunc("/index.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<sitemapindex><sitemap><loc>http://x/one.xml</loc></sitemap></sitemapindex>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	fetch := func(u string) (io.ReadCloser, error) {
		resp, err := http.Get(strings.Replace(u, "http://x", srv.URL, 1))
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != 200 {
			resp.Body.Close()
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		return resp.Body, nil
	}
	index := `<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://x/one.xml</loc></sitemap>
  <sitemap><loc>http://x/missing.xml</loc></sitemap>
  <sitemap><loc>http://x/two.xml.gz</loc><lastmod>2026-01-01</lastmod></sitemap>
  <sitemap><loc>http://x/index.xml</loc></sitemap>
  <sitemap><loc>ftp://x/a.xml</loc></sitemap>
</sitemapindex>`
	got := rowsOf(t, []byte(index), fetch)
	want := []string{
		"1 https://example.test/1",
		"2 https://example.test/2",
		"4 http://x/missing.xml error: child sitemap http://x/missing.xml: status 404",
		"2 https://example.test/3",
		"1 http://x/index.xml error: sitemap http://x/index.xml is itself a sitemap index: an index lists urlsets only, so its children are not read",
		`7 ftp://x/a.xml error: child sitemap "ftp://x/a.xml" is not an absolute http(s) URL`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	if got := rowsOf(t, []byte(index), nil); !strings.Contains(got[0], "fetching is not available") {
		t.Errorf("without Fetch: %q", got[0])
	}
}

func TestSitemapBroken(t *testing.T) {
	for _, tc := range []struct{ input, want string }{
		{"<html><body>hi</body></html>", "1  error: the sitemap starts with <html>, not <urlset> or <sitemapindex>"},
		{"<urlset>\n<url><loc>https://example.test/1</loc></url>\n<url><loc>x&nbsp;</loc></url></urlset>",
			"2 https://example.test/1\n3  error: the sitemap is not well-formed XML: invalid character entity &nbsp;"},
		{"<urlset>\n<url><loc>https://example.test/1</loc>", "2 https://example.test/1\n2  error: the sitemap is not well-formed XML: unexpected EOF"},
		{"<?xml version=\"1.0\"?>\n<!-- nothing -->\n", "3  error: the sitemap has no <urlset> or <sitemapindex>"},
		{"  \n<other:urlset xmlns:other=\"urn:x\"><url><loc>https://example.test/1</loc></url></other:urlset>", `2  error: the sitemap starts with <urlset xmlns="urn:x">, not the sitemap protocol's <urlset> or <sitemapindex>`},
		// Deep nesting stops at 32 open elements (the decoder keeps each).
		{"<urlset>\n<url><loc>https://example.test/1</loc></url>\n" + strings.Repeat("<a>", 100000), "2 https://example.test/1\n3  error: the sitemap nests elements more than 32 deep: not a sitemap (the protocol's are 3 deep, 4 with an extension); the rest of it is not read"},
		{"<urlset>" + strings.Repeat("<url>", 31) + "</urlset>", "1  error: the sitemap is not well-formed XML: element <url> closed by </urlset>"},
	} {
		got := strings.Join(rowsOf(t, []byte(tc.input), nil), "\n")
		if got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.input, got, tc.want)
		}
	}
}

// sitemapStream writes a urlset of n URLs, each padded to pad bytes of
// <loc> text, without holding it in memory.
func sitemapStream(n, pad int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		bw := bytes.NewBuffer(nil)
		bw.WriteString("<urlset>\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(bw, "<url><loc>https://example.test/%d?%s</loc></url>\n", i, strings.Repeat("p", pad))
			if bw.Len() > 64<<10 {
				if _, err := pw.Write(bw.Bytes()); err != nil {
					return
				}
				bw.Reset()
			}
		}
		bw.WriteString("</urlset>\n")
		pw.Write(bw.Bytes())
		pw.Close()
	}()
	return pr
}

func TestSitemapLimits(t *testing.T) {
	t.Parallel()
	count := func(r io.Reader) (rows int, errs []string) {
		rd := NewReader(r)
		for {
			row, ok, err := rd.Next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				return
			}
			rows++
			if row.Err != nil {
				errs = append(errs, fmt.Sprintf("%d %v", row.N, row.Err))
			}
		}
	}
	// 50,001 URLs: every one is a row, and one more row says the file is
	// over the limit, where the 50,001st <loc> is.
	rows, errs := count(sitemapStream(50_001, 0))
	if rows != 50_002 || len(errs) != 1 || errs[0] != "50002 the sitemap lists more than 50000 URLs, the protocol's limit: search engines may reject it" {
		t.Errorf("50,001 URLs: %d rows, errors %q", rows, errs)
	}
	// Over 50 MB uncompressed: the file is cut there, with an error row.
	rows, errs = count(sitemapStream(40_000, 1400))
	if len(errs) != 1 || !strings.HasSuffix(errs[0], " the sitemap is over the protocol's 50 MB uncompressed: the rest of it is not read") || rows > 40_000 || rows < 30_000 {
		t.Errorf("over 50 MB: %d rows, errors %q", rows, errs)
	}
}

// FuzzSitemap: any bytes read as a sitemap give rows and an end, never a
// panic; every row is either an error or an absolute URL listed as itself.
func FuzzSitemap(f *testing.F) {
	f.Add([]byte(urlset))
	f.Add(gz(urlset))
	f.Add([]byte(`<sitemapindex><sitemap><loc>http://x/a.xml</loc></sitemap></sitemapindex>`))
	f.Add([]byte("<urlset><url><loc>https://a.test/&#x1F600;&lt;</loc></url><url><url><loc>x</loc></url></url></urlset>"))
	f.Add([]byte("<urlset><url><loc>https://a.test/</loc><loc>https://b.test/</loc></url></urlset>"))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://a.test/\xe9</loc></url></urlset>"))
	f.Add([]byte("<!DOCTYPE urlset [<!ENTITY a \"aaaaaaaa\">]><urlset><url><loc>&a;</loc></url></urlset>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		r.Fetch = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("<urlset/>")), nil }
		for i := 0; ; i++ {
			row, ok, err := r.Next()
			if err != nil || !ok {
				return
			}
			if i > len(data)+10 {
				t.Fatalf("more rows than bytes")
			}
			if r.IsSitemap() && row.Err == nil && (row.Source != row.Target || !hasHTTPScheme(row.Source)) {
				t.Fatalf("row %+v", row)
			}
		}
	})
}
