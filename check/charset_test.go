package check

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestSitemapCharsets: a sitemap that declares Latin-1 is read as
// windows-1252, as the WHATWG Encoding standard and browsers read it; UTF-8
// is read as is; another encoding is refused by name.
func TestSitemapCharsets(t *testing.T) {
	doc := func(enc, loc string) []byte {
		return []byte(`<?xml version="1.0" encoding="` + enc + `"?><urlset><url><loc>` + loc + `</loc></url></urlset>`)
	}
	for _, tc := range []struct {
		input []byte
		want  string
	}{
		// é is 0xE9 in Latin-1; the loc is serialised percent-encoded.
		{doc("ISO-8859-1", "https://a.test/caf\xe9"), "1 https://a.test/caf%C3%A9"},
		{doc("latin1", "https://a.test/caf\xe9"), "1 https://a.test/caf%C3%A9"},
		// 0x80 is the euro sign and 0x99 the trade mark sign in windows-1252.
		{doc("windows-1252", "https://a.test/\x80\x99"), "1 https://a.test/%E2%82%AC%E2%84%A2"},
		{doc("US-ASCII", "https://a.test/plain"), "1 https://a.test/plain"},
		{doc("utf-8", "https://a.test/caf\xc3\xa9"), "1 https://a.test/caf%C3%A9"},
	} {
		got := rowsOf(t, tc.input, nil)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%q: rows %q, want %q", tc.input, got, tc.want)
		}
	}
	r := NewReader(strings.NewReader(string(doc("Shift_JIS", "https://a.test/"))))
	row, ok, err := r.Next()
	if err != nil || !ok || row.Err == nil || !strings.Contains(row.Err.Error(), `encoding "Shift_JIS": hops reads sitemaps in UTF-8`) {
		t.Errorf("Shift_JIS sitemap: row %+v, %v, %v", row, ok, err)
	}
}

// TestCP1252ReaderSmallReads: a rune's UTF-8 bytes that do not fit in the
// caller's buffer are handed out on the next read.
func TestCP1252ReaderSmallReads(t *testing.T) {
	in := "a\x80b\xe9\x9f"
	want := "a\u20acb\u00e9\u0178"
	for _, size := range []int{1, 2, 3, 64} {
		r := &cp1252Reader{r: bufioReader(in)}
		var got []byte
		buf := make([]byte, size)
		for {
			n, err := r.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("read: %v", err)
			}
		}
		if string(got) != want {
			t.Errorf("reads of %d bytes: %q, want %q", size, got, want)
		}
	}
	if err := iotest.TestReader(&cp1252Reader{r: bufioReader(in)}, []byte(want)); err != nil {
		t.Error(err)
	}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
