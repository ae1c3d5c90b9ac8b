package check

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// rowsText is every row of in as text (number, cells, error), and the
// reader's error.
func rowsText(r *Reader) (string, error) {
	var b strings.Builder
	for n := 0; n < 10000; n++ {
		row, ok, err := r.Next()
		if err != nil {
			return b.String(), err
		}
		if !ok {
			return b.String(), nil
		}
		fmt.Fprintf(&b, "%d|%s|%s|%d|%s|%v\n", row.N, row.Source, row.Target, row.Status, row.StatusText, row.Err)
	}
	return b.String(), nil
}

// FuzzReaderReads: a map is read the same whether it arrives whole or a
// byte at a time (a slow pipe), row by row, errors included; rows are
// numbered in order. Input with a NUL byte is left out: its
// first look sees what arrived first, which differs by design. The map
// reader reads user input, not a server's, but a map can come from
// anywhere and must never panic.
func FuzzReaderReads(f *testing.F) {
	for _, seed := range []string{
		"source,target,status\nhttp://a.test/x,/y,301\n",
		"\xef\xbb\xbfhttps://a.test/1\thttps://b.test/1\n",
		"\xff\xfeh\x00t\x00t\x00p\x00:\x00/\x00/\x00a\x00.\x00t\x00\n\x00",
		"\"https://a.test/1,https://b.test/1\",/x\n# comment\n\na.test/x;b.test/y;3xx\n",
		"https://a.test/share?u=https://b.test/,https://c.test/\thttps://c.test/1\n",
		"http://a.test/caf\xe9\nhttps://u:p@a.test/x,/y,+301\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		whole, werr := rowsText(NewReader(bytes.NewReader(in)))
		if bytes.IndexByte(in, 0) >= 0 {
			return
		}
		slow, serr := rowsText(NewReader(iotest.OneByteReader(bytes.NewReader(in))))
		if whole != slow || fmt.Sprint(werr) != fmt.Sprint(serr) {
			t.Fatalf("whole:\n%s%v\na byte at a time:\n%s%v", whole, werr, slow, serr)
		}
		last := 0
		for _, l := range strings.Split(strings.TrimSuffix(whole, "\n"), "\n") {
			var n int
			if _, err := fmt.Sscanf(l, "%d|", &n); err != nil {
				continue
			}
			if n < last { // a sitemap's <loc>s on one line share it
				t.Fatalf("row %d after row %d:\n%s", n, last, whole)
			}
			last = n
		}
	})
}
