package check

import (
	"errors"
	"strings"
	"testing"
)

func TestSameURL(t *testing.T) {
	cases := []struct {
		final, target string
		same          bool
	}{
		{"https://example.com/a", "https://example.com/a", true},
		{"https://EXAMPLE.com/a", "HTTPS://example.COM/a", true},
		{"https://example.com:443/a", "https://example.com/a", true},
		{"http://example.com:80/a", "http://example.com/a", true},
		{"https://example.com/a#frag", "https://example.com/a", true},
		{"https://example.com/a", "https://example.com/a#frag", false},
		{"https://example.com/A", "https://example.com/a", false},
		{"https://example.com/a?x=1", "https://example.com/a", false},
		{"http://example.com/a", "https://example.com/a", false},
		{"https://example.com:8443/a", "https://example.com/a", false},
	}
	for _, tc := range cases {
		if got := SameURL(tc.final, tc.target); got != tc.same {
			t.Errorf("SameURL(%s, %s) = %v; want %v", tc.final, tc.target, got, tc.same)
		}
	}
}

func TestReader(t *testing.T) {
	in := "\ufeffSource,Target,Status\r\n" +
		"# comment\n" +
		"\n" +
		"https://a.example/1,https://b.example/1,301\n" +
		"https://a.example/2\thttps://b.example/2\n" +
		"https://a.example/3\n" +
		"https://a.example/4,/relative\n" +
		"https://a.example/5,https://b.example/5,999\n" +
		"\"broken,quote\n" +
		"ftp://a.example/6\n" +
		strings.Repeat("x", maxLine+10) + "\n" +
		"https://a.example/7,https://b.example/7,308,extra,columns\n" +
		"https://a.example/8"
	r := NewReader(strings.NewReader(in))
	type want struct {
		n              int
		source, target string
		status         int
		bad            bool
	}
	wants := []want{
		{4, "https://a.example/1", "https://b.example/1", 301, false},
		{5, "https://a.example/2", "https://b.example/2", 0, false},
		{6, "https://a.example/3", "", 0, false},
		{7, "https://a.example/4", "https://a.example/relative", 0, false},
		{8, "", "", 0, true},
		{9, "", "", 0, true},
		{10, "", "", 0, true},
		{11, "", "", 0, true},
		{12, "https://a.example/7", "https://b.example/7", 308, false},
		{13, "https://a.example/8", "", 0, false},
	}
	for _, w := range wants {
		row, ok, err := r.Next()
		if err != nil || !ok {
			t.Fatalf("Next() = %v, %v; want row %d", ok, err, w.n)
		}
		if row.N != w.n || (row.Err != nil) != w.bad {
			t.Errorf("row %d (err %v); want row %d bad=%v", row.N, row.Err, w.n, w.bad)
			continue
		}
		if !w.bad && (row.Source != w.source || row.Target != w.target || row.Status != w.status) {
			t.Errorf("row %d = %+v; want %+v", row.N, row, w)
		}
	}
	if _, ok, err := r.Next(); ok || err != nil {
		t.Errorf("after the last row: ok %v, err %v", ok, err)
	}
}

func TestReaderRejectsBinary(t *testing.T) {
	for _, in := range []string{"\x00\x01\x02", "https://a.example/\xff\xfe\xfd\xfc more"} {
		if _, _, err := NewReader(strings.NewReader(in)).Next(); !errors.Is(err, ErrNotText) {
			t.Errorf("Next() on %q: %v; want ErrNotText", in, err)
		}
	}
}

func TestHeaderOnlyOnFirstLine(t *testing.T) {
	r := NewReader(strings.NewReader("localhost\nsource,target\n"))
	row, _, _ := r.Next()
	if row.N != 1 || row.Err != nil || row.Source != "http://localhost/" {
		t.Errorf("a bare host name was taken for a header: %+v", row)
	}
	// Past the first line, column names are data like any other row.
	row, _, _ = r.Next()
	if row.N != 2 {
		t.Errorf("a header-like second line was skipped: %+v", row)
	}
}
