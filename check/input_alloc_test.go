package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestReaderRowsOwnTheirText: rows read from lines returned in place from
// the read buffer keep their text after the buffer has been refilled many
// times over: every row is checked only once all are read. Lines of
// different lengths put the buffer's ends anywhere in a line, and CRLF,
// tab and semicolon maps take each way through the reader.
func TestReaderRowsOwnTheirText(t *testing.T) {
	t.Parallel()
	for _, sep := range []string{",", "\t", ";"} {
		for _, eol := range []string{"\n", "\r\n"} {
			var b strings.Builder
			b.WriteString("source" + sep + "target" + sep + "status" + eol)
			const n = 6000
			for i := range n {
				pad := strings.Repeat("x", i%97)
				fmt.Fprintf(&b, "https://a.example/%d/%s%shttps://b.example/%d%s30%d%s", i, pad, sep, i, sep, 1+i%2, eol)
			}
			in := strings.TrimSuffix(b.String(), eol) // the last line has no end
			r := NewReader(strings.NewReader(in))
			var rows []Row
			for {
				row, ok, err := r.Next()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				rows = append(rows, row)
			}
			if len(rows) != n {
				t.Fatalf("sep %q eol %q: %d rows; want %d", sep, eol, len(rows), n)
			}
			for i, row := range rows {
				src := "https://a.example/" + fmt.Sprint(i) + "/" + strings.Repeat("x", i%97)
				tgt := "https://b.example/" + fmt.Sprint(i)
				st := 301 + i%2
				if row.Err != nil || row.N != i+2 || row.Source != src || row.Target != tgt || row.Status != st || !slices.Equal(row.Statuses, []int{st}) || row.StatusText != fmt.Sprint(st) {
					t.Fatalf("sep %q eol %q: row %d = %+v; want line %d, %s -> %s, status %d", sep, eol, i, row, i+2, src, tgt, st)
				}
			}
		}
	}
}

// TestParseStatusSetShapes: a single status takes the shared sets, which
// an append cannot change; everything else reads as before.
func TestParseStatusSetShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []int
		err  bool
	}{
		{"301", []int{301}, false},
		{"100", []int{100}, false},
		{"599", []int{599}, false},
		{"099", nil, true},
		{"600", nil, true},
		{"30x", nil, true},
		{"3xx", nil, false}, // 300..399, checked below
		{"301|308", []int{301, 308}, false},
		{"301 | 404", []int{301, 404}, false},
		{"Permanent", []int{301, 308}, false},
		{"temporary|410", []int{302, 303, 307, 410}, false},
		{"301|", nil, true},
		// SPEC: three digits or a status set; these are neither.
		{"+301", nil, true},
		{"0301", nil, true},
		{"301|+302", nil, true},
		{" 301 ", []int{301}, false},
	}
	for _, tc := range cases {
		got, err := parseStatusSet(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("parseStatusSet(%q): error %v; want error %v", tc.in, err, tc.err)
			continue
		}
		if tc.in == "3xx" {
			if len(got) != 100 || got[0] != 300 || got[99] != 399 {
				t.Errorf("parseStatusSet(3xx) = %d statuses from %v", len(got), got[:min(1, len(got))])
			}
			continue
		}
		if !tc.err && !slices.Equal(got, tc.want) {
			t.Errorf("parseStatusSet(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
	a, _ := parseStatusSet("301")
	a = append(a, 999)
	a[0] = 999 // a's own copy now: the shared set had no room
	if b, _ := parseStatusSet("301"); !slices.Equal(b, []int{301}) {
		t.Errorf("after an append to a parsed set, 301 reads as %v", b)
	}
	if c, _ := parseStatusSet("302"); !slices.Equal(c, []int{302}) {
		t.Errorf("after an append to the set of 301, 302 reads as %v", c)
	}
}
