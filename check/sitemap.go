package check

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// The sitemaps.org protocol's limits for one file.
const (
	SitemapMaxURLs  = 50_000
	SitemapMaxBytes = 50 << 20 // uncompressed
)

// sitemapNS is the protocol's namespace; elements with no namespace are
// read as the protocol's too, as search engines do.
const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// FetchFunc fetches a child sitemap of an index. The reader closes what it
// returns.
type FetchFunc func(url string) (io.ReadCloser, error)

// sitemapReader streams the rows of an XML sitemap: each <url><loc> of a
// <urlset>, and for a <sitemapindex> the rows of each child sitemap in
// turn (fetched when its <loc> is reached, so one child is open at a
// time). Nothing it reads is kept beyond the file being read.
type sitemapReader struct {
	fetch FetchFunc
	stack []*sitemapFile // the index, then the child being read
	// pending holds rows found while unwinding (a limit, a failed child).
	pending []Row
}

// sitemapFile is one XML file being decoded.
// maxSitemapDepth bounds the nesting of elements in a sitemap. The
// protocol's go three deep (urlset, url, loc) and its extensions (image,
// video, news) one or two more.
const maxSitemapDepth = 32

type sitemapFile struct {
	name   string // URL of a child; "" for the input itself
	dec    *xml.Decoder
	closer io.Closer
	size   *countingReader
	root   string // "urlset" or "sitemapindex", once seen
	urls   int    // <loc>s read (URLs or child sitemaps)
	// inEntry and inLoc track <url>/<sitemap> and its <loc> child.
	depth, entryDepth int
	loc               strings.Builder
	locLine           int
	inLoc             bool
	warnedCount       bool
	// nested is true for a child of an index, which must be a urlset.
	nested bool
}

// countingReader stops a file at the protocol's size limit plus one byte,
// so an over-long file is known without reading all of it.
type countingReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n > SitemapMaxBytes {
		c.over = true
		return 0, io.EOF
	}
	if rest := SitemapMaxBytes + 1 - c.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// isGzip reports whether the input starts with gzip's magic bytes.
func isGzip(head []byte) bool { return len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b }

// looksLikeXML reports whether the first non-blank byte starts markup.
func looksLikeXML(head []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	return len(t) > 0 && t[0] == '<'
}

func newSitemapReader(r io.Reader, fetch FetchFunc) (*sitemapReader, error) {
	f, err := openSitemap("", r, nil)
	if err != nil {
		return nil, err
	}
	return &sitemapReader{fetch: fetch, stack: []*sitemapFile{f}}, nil
}

// openSitemap starts decoding one file, gunzipping it when it is gzip
// (recognised by content, not by name or header).
func openSitemap(name string, r io.Reader, closer io.Closer) (*sitemapFile, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); isGzip(head) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		r = zr
	} else {
		r = br
	}
	c := &countingReader{r: r}
	dec := xml.NewDecoder(c)
	// Only the XML 1.0 entities and character references; anything else
	// is a syntax error (no DTD is ever read, so no entity expansion).
	dec.Strict = true
	// The protocol wants UTF-8; a file that declares Latin-1 is read in it
	// rather than refused (sitemapCharset).
	dec.CharsetReader = sitemapCharset
	return &sitemapFile{name: name, dec: dec, closer: closer, size: c}, nil
}

func (f *sitemapFile) close() {
	if f.closer != nil {
		f.closer.Close()
	}
}

// where names the file in a message.
func (f *sitemapFile) where() string {
	if f.name == "" {
		return "the sitemap"
	}
	return "sitemap " + f.name
}

// next returns the next row of the sitemap; ok is false at its end.
func (s *sitemapReader) next() (Row, bool) {
	for {
		if len(s.pending) > 0 {
			row := s.pending[0]
			s.pending = s.pending[1:]
			return row, true
		}
		if len(s.stack) == 0 {
			return Row{}, false
		}
		f := s.stack[len(s.stack)-1]
		row, ok, done := s.step(f)
		if done {
			f.close()
			s.stack = s.stack[:len(s.stack)-1]
		}
		if ok {
			return row, true
		}
	}
}

// step reads tokens of f until it has a row (ok) or the file ends (done).
func (s *sitemapReader) step(f *sitemapFile) (row Row, ok, done bool) {
	for {
		tok, err := f.dec.Token()
		if err != nil {
			line, _ := f.dec.InputPos()
			switch {
			case f.size.over:
				return Row{N: line, Source: f.name, Err: fmt.Errorf("%s is over the protocol's %d MB uncompressed: the rest of it is not read", f.where(), SitemapMaxBytes>>20)}, true, true
			case errors.Is(err, io.EOF) && f.root == "":
				return Row{N: line, Source: f.name, Err: fmt.Errorf("%s has no <urlset> or <sitemapindex>", f.where())}, true, true
			case errors.Is(err, io.EOF):
				return Row{}, false, true
			}
			return Row{N: line, Source: f.name, Err: fmt.Errorf("%s is not well-formed XML: %s", f.where(), xmlMessage(err))}, true, true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			f.depth++
			if f.depth > maxSitemapDepth {
				// The decoder keeps every open element: deep nesting would
				// hold the whole file in memory many times over.
				line, _ := f.dec.InputPos()
				return Row{N: line, Source: f.name, Err: fmt.Errorf("%s nests elements more than %d deep: not a sitemap (the protocol's are 3 deep, 4 with an extension); the rest of it is not read", f.where(), maxSitemapDepth)}, true, true
			}
			if f.depth == 1 && !inSitemapNS(t.Name) {
				line, _ := f.dec.InputPos()
				return Row{N: line, Source: f.name, Err: fmt.Errorf("%s starts with <%s xmlns=%q>, not the sitemap protocol's <urlset> or <sitemapindex>", f.where(), t.Name.Local, t.Name.Space)}, true, true
			}
			if !inSitemapNS(t.Name) {
				continue
			}
			switch {
			case f.depth == 1:
				switch t.Name.Local {
				case "sitemapindex":
					if f.nested {
						line, _ := f.dec.InputPos()
						return Row{N: line, Source: f.name, Err: fmt.Errorf("%s is itself a sitemap index: an index lists urlsets only, so its children are not read", f.where())}, true, true
					}
					f.root = t.Name.Local
				case "urlset":
					f.root = t.Name.Local
				default:
					line, _ := f.dec.InputPos()
					return Row{N: line, Source: f.name, Err: fmt.Errorf("%s starts with <%s>, not <urlset> or <sitemapindex>", f.where(), t.Name.Local)}, true, true
				}
			case f.depth == 2 && (f.root == "urlset" && t.Name.Local == "url" || f.root == "sitemapindex" && t.Name.Local == "sitemap"):
				f.entryDepth = 2
			case f.depth == 3 && f.entryDepth == 2 && t.Name.Local == "loc":
				f.inLoc = true
				f.loc.Reset()
				f.locLine, _ = f.dec.InputPos()
			}
		case xml.CharData:
			if f.inLoc && f.loc.Len() < maxLine {
				f.loc.Write(t)
			}
		case xml.EndElement:
			f.depth--
			switch {
			case f.inLoc && f.depth == 2:
				f.inLoc = false
				// A row, or a child sitemap opened: next reads it first.
				row, ok := s.loc(f)
				return row, ok, false
			case f.depth == 1:
				f.entryDepth = 0
			}
		}
	}
}

// loc handles one <loc>: a row of a urlset, or a child of an index.
func (s *sitemapReader) loc(f *sitemapFile) (Row, bool) {
	f.urls++
	text := strings.TrimSpace(f.loc.String())
	if f.urls > SitemapMaxURLs && !f.warnedCount {
		f.warnedCount = true
		what := "URLs"
		if f.root == "sitemapindex" {
			what = "sitemaps"
		}
		// Reported once; the rest are still read.
		s.pending = append(s.pending, Row{N: f.locLine, Source: f.name, Err: fmt.Errorf("%s lists more than %d %s, the protocol's limit: search engines may reject it", f.where(), SitemapMaxURLs, what)})
	}
	if f.root == "sitemapindex" {
		return s.child(f, text)
	}
	row := Row{N: f.locLine, Source: text, Target: text, Sitemap: true}
	if !hasHTTPScheme(text) {
		row.Err = fmt.Errorf("<loc> %q is not an absolute http(s) URL", text)
		return row, true
	}
	u, err := href.ParseURL(text)
	if err != nil {
		row.Err = fmt.Errorf("<loc> %q: %w", text, err)
		return row, true
	}
	row.Source, row.Target = u, u
	return row, true
}

// child opens a child sitemap of an index; its rows come next. A child
// that cannot be fetched, or is itself an index, is one error row.
func (s *sitemapReader) child(f *sitemapFile, loc string) (Row, bool) {
	fail := func(err error) (Row, bool) {
		return Row{N: f.locLine, Source: loc, Err: err}, true
	}
	if !hasHTTPScheme(loc) {
		return fail(fmt.Errorf("child sitemap %q is not an absolute http(s) URL", loc))
	}
	if s.fetch == nil {
		return fail(fmt.Errorf("child sitemap %s: fetching is not available for this input", loc))
	}
	rc, err := s.fetch(loc)
	if err != nil {
		return fail(fmt.Errorf("child sitemap %s: %w", loc, err))
	}
	cf, err := openSitemap(loc, rc, rc)
	if err != nil {
		rc.Close()
		return fail(fmt.Errorf("child sitemap %s: %w", loc, err))
	}
	cf.nested = true
	s.stack = append(s.stack, cf)
	return Row{}, false
}

func inSitemapNS(n xml.Name) bool { return n.Space == "" || n.Space == sitemapNS }

// xmlMessage is a decoder error without its "XML syntax error on line N"
// prefix (the row's number is the line).
func xmlMessage(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		// net/http's wording names its own fields (Client.Timeout).
		return "its body stopped coming within --timeout"
	}
	return err.Error()
}

// SitemapFindings adds sitemap-redirect to the chain of a URL listed in a
// sitemap that redirects: sitemaps should list final URLs.
func SitemapFindings(c *inspect.Chain) {
	if c == nil || len(c.Hops) < 2 || c.Hops[0].Next == nil {
		return
	}
	first := &c.Hops[0]
	end := c.Last()
	msg := fmt.Sprintf("%s is listed in the sitemap but redirects (%d) to %s", first.URL, first.Status, first.Next.URL)
	if end != nil && len(c.Hops) > 2 && c.Final() && end.Responded() {
		msg += fmt.Sprintf(", landing at %s after %d redirects", end.URL, len(c.Hops)-1)
	}
	msg += ": list the final URL instead"
	c.Findings = append(c.Findings, inspect.Finding{Code: inspect.CodeSitemapRedirect, Severity: inspect.SeverityOf(inspect.CodeSitemapRedirect), Hop: 1, Message: msg})
}
