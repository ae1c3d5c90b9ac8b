package check

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// sitemapCharset is the XML decoder's CharsetReader for a sitemap that
// declares an encoding other than UTF-8. The protocol wants UTF-8; the
// other encoding met in practice is Latin-1, which the WHATWG Encoding
// standard reads as windows-1252 (as browsers do), so hops reads those
// labels that way and refuses the rest by name. (golang.org/x/net's charset
// package reads every encoding, but links tables for all of them whose
// package init ran on every start of hops.)
func sitemapCharset(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "unicode-1-1-utf-8":
		return in, nil
	case "windows-1252", "x-cp1252", "cp1252", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1",
		"iso_8859-1:1987", "iso-ir-100", "latin1", "l1", "csisolatin1", "ibm819", "cp819",
		"us-ascii", "ascii", "ansi_x3.4-1968":
		return &cp1252Reader{r: bufio.NewReader(in)}, nil
	}
	return nil, fmt.Errorf("encoding %q: hops reads sitemaps in UTF-8 (which the protocol requires) and Latin-1/windows-1252", label)
}

// cp1252High maps the bytes 0x80-0x9F of windows-1252 to their code
// points (WHATWG index-windows-1252); the bytes it leaves undefined map to
// the C1 controls of the same value, and 0xA0-0xFF are Latin-1's.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// cp1252Reader decodes windows-1252 into UTF-8.
type cp1252Reader struct {
	r       *bufio.Reader
	pending []byte // encoded bytes of a rune that did not fit in p
}

func (c *cp1252Reader) Read(p []byte) (int, error) {
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	var buf [utf8.UTFMax]byte
	for n < len(p) {
		b, err := c.r.ReadByte()
		if err != nil {
			if n > 0 && err == io.EOF {
				return n, nil
			}
			return n, err
		}
		r := rune(b)
		if b >= 0x80 && b <= 0x9F {
			r = cp1252High[b-0x80]
		}
		if r < utf8.RuneSelf {
			p[n] = b
			n++
			continue
		}
		size := utf8.EncodeRune(buf[:], r)
		m := copy(p[n:], buf[:size])
		n += m
		if m < size {
			c.pending = append(c.pending[:0], buf[m:size]...)
		}
	}
	return n, nil
}

// newBOMReader reads in with its byte order mark honoured: UTF-16 in
// either byte order is decoded to UTF-8 and a UTF-8 mark dropped; input
// without a mark is read as it is. It reads what golang.org/x/text's
// unicode.BOMOverride(transform.Nop) reads, byte for byte (a lone
// surrogate or an odd last byte becomes U+FFFD), in a few lines instead
// of a dependency whose package init ran on every start of hops. Nothing
// is read before the first Read, so wrapping standard input never blocks.
func newBOMReader(in io.Reader) io.Reader { return &bomReader{in: in} }

type bomReader struct {
	in io.Reader
	r  io.Reader // chosen at the first Read, from the first three bytes
}

func (b *bomReader) Read(p []byte) (int, error) {
	if b.r == nil {
		var head [3]byte
		n, err := io.ReadFull(b.in, head[:])
		var rest io.Reader = b.in
		if err != nil {
			rest = errReader{err} // short input: what was read, then EOF or the error
			if err == io.ErrUnexpectedEOF {
				rest = errReader{io.EOF}
			}
		}
		h := head[:n]
		switch {
		case n >= 2 && h[0] == 0xFF && h[1] == 0xFE:
			b.r = &utf16Reader{r: bufio.NewReader(io.MultiReader(bytes.NewReader(h[2:]), rest)), le: true}
		case n >= 2 && h[0] == 0xFE && h[1] == 0xFF:
			b.r = &utf16Reader{r: bufio.NewReader(io.MultiReader(bytes.NewReader(h[2:]), rest))}
		case n == 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF:
			b.r = rest
		default:
			// The head goes out with the next read of the input, not
			// alone: the first look at the input (checkText) sees what the
			// first read brought, and three bytes of it hid a NUL byte
			// further on in the same read.
			b.r = rest
			k := copy(p, h)
			if k < len(h) {
				b.r = io.MultiReader(bytes.NewReader(h[k:]), rest)
				return k, nil
			}
			if k == len(p) {
				return k, nil
			}
			m, err := rest.Read(p[k:])
			return k + m, err
		}
	}
	return b.r.Read(p)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// utf16Reader decodes UTF-16 into UTF-8.
type utf16Reader struct {
	r       *bufio.Reader
	le      bool   // little-endian
	pending []byte // encoded bytes of a rune that did not fit in p
}

// unit reads a code unit; odd reports a last byte alone.
func (u *utf16Reader) unit() (x rune, odd bool, err error) {
	b, err := u.r.Peek(2)
	if len(b) < 2 {
		if len(b) == 1 && err == io.EOF {
			u.r.Discard(1)
			return 0, true, nil
		}
		return 0, false, err
	}
	u.r.Discard(2)
	if u.le {
		return rune(b[1])<<8 | rune(b[0]), false, nil
	}
	return rune(b[0])<<8 | rune(b[1]), false, nil
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	n := copy(p, u.pending)
	u.pending = u.pending[n:]
	var buf [utf8.UTFMax]byte
	for n < len(p) {
		r, odd, err := u.unit()
		if err != nil {
			if n > 0 && err == io.EOF {
				return n, nil
			}
			return n, err
		}
		switch {
		case odd:
			r = utf8.RuneError
		case utf16.IsSurrogate(r):
			// A trailing surrogate next pairs with r; a lone one is
			// U+FFFD, and so is a pair that is not lead then trail.
			if b, _ := u.r.Peek(2); len(b) == 2 {
				next := rune(b[0])<<8 | rune(b[1])
				if u.le {
					next = rune(b[1])<<8 | rune(b[0])
				}
				if next >= 0xDC00 && next <= 0xDFFF {
					u.r.Discard(2)
					r = utf16.DecodeRune(r, next)
					break
				}
			}
			r = utf8.RuneError
		}
		size := utf8.EncodeRune(buf[:], r)
		m := copy(p[n:], buf[:size])
		n += m
		if m < size {
			u.pending = append(u.pending[:0], buf[m:size]...)
		}
	}
	return n, nil
}
