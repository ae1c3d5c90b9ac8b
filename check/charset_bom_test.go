package check

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// TestBOMReader: literal cases of what a byte order mark does.
func TestBOMReader(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"a,b\n", "a,b\n"},
		{"\xef\xbb\xbfa,b\n", "a,b\n"},
		{"\xef\xbb", "\xef\xbb"},
		{"\xff", "\xff"},
		{"\xff\xfe", ""},
		{"\xff\xfea\x00,\x00\xe9\x00\n\x00", "a,\u00e9\n"},
		{"\xfe\xff\x00a\x00,\x20\xac", "a,\u20ac"},
		// U+1F600 as a surrogate pair, both byte orders.
		{"\xff\xfe\x3d\xd8\x00\xde", "\U0001F600"},
		{"\xfe\xff\xd8\x3d\xde\x00", "\U0001F600"},
		// A lone lead, a lone trail, two trails, an odd last byte.
		{"\xff\xfe\x3d\xd8a\x00", "\ufffda"},
		{"\xff\xfe\x00\xdca\x00", "\ufffda"},
		{"\xff\xfe\x00\xdc\x00\xdca\x00", "\ufffda"},
		{"\xff\xfea\x00b", "a\ufffd"},
		{"\xff\xfe\x3d\xd8", "\ufffd"},
		{"\xff\xfe\x3d\xd8b", "\ufffd\ufffd"},
		// A mark further on is a character like any other.
		{"\xff\xfe\xff\xfea\x00", "\ufeffa"},
		{"a\xff\xfe", "a\xff\xfe"},
	} {
		for name, wrap := range map[string]func(io.Reader) io.Reader{"whole": func(r io.Reader) io.Reader { return r }, "one byte": iotest.OneByteReader} {
			got, err := io.ReadAll(iotest.OneByteReader(newBOMReader(wrap(bytes.NewReader([]byte(tc.in)))))) // one byte at a time out, too
			if err != nil || string(got) != tc.want {
				t.Errorf("%q (%s): %q, %v; want %q", tc.in, name, got, err, tc.want)
			}
		}
	}
}

// TestBOMReaderMatchesXText: on random inputs made of marks, surrogates,
// ASCII and odd lengths, read in random pieces, the reader gives the bytes
// that golang.org/x/text's BOMOverride gives.
func TestBOMReaderMatchesXText(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := [][]byte{{0xff, 0xfe}, {0xfe, 0xff}, {0xef, 0xbb, 0xbf}, {0x3d, 0xd8}, {0xd8, 0x3d}, {0x00, 0xde}, {0xde, 0x00},
		{0x00, 0xdc}, {0xff, 0xdf}, {0xdf, 0xff}, {0xff, 0xdb}, {0xdb, 0xff}, {0x00, 0xd8}, {'a', 0}, {0, 'a'}, {0xe9}, {'\n'}, {0x20, 0xac}, {0xff}, {0}}
	for i := range 5000 {
		var in []byte
		for range rng.IntN(12) {
			in = append(in, pieces[rng.IntN(len(pieces))]...)
		}
		want, err := io.ReadAll(transform.NewReader(bytes.NewReader(in), unicode.BOMOverride(transform.Nop)))
		if err != nil {
			t.Fatal(err)
		}
		out := newBOMReader(iotest.HalfReader(bytes.NewReader(in)))
		var got []byte
		buf := make([]byte, 1+i%7)
		for {
			n, err := out.Read(buf[:1+rng.IntN(len(buf))])
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%q: %q, x/text %q", in, got, want)
		}
	}
}

// TestBOMReaderReadsLazily: nothing is read before the first Read, and a
// read error comes through.
func TestBOMReaderReadsLazily(t *testing.T) {
	t.Parallel()
	src := &readCounter{r: iotest.ErrReader(io.ErrClosedPipe)}
	r := newBOMReader(src)
	if src.reads != 0 {
		t.Errorf("%d reads before the first Read", src.reads)
	}
	if _, err := r.Read(make([]byte, 8)); err != io.ErrClosedPipe {
		t.Errorf("first Read: %v; want %v", err, io.ErrClosedPipe)
	}
}

type readCounter struct {
	r     io.Reader
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}
