package walk

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func gzipped(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDecodeSample: what --body shows of each coding. The errors are Go's
// compress/gzip's own, which is what decodes.
func TestDecodeSample(t *testing.T) {
	t.Parallel()
	text := "hello, gzip: " + strings.Repeat("abcdefgh", 8)
	good := gzipped(t, text)
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 of the trailer
	garbage := append(bytes.Clone(good[:10]), bytes.Repeat([]byte{0xff}, 20)...)
	for _, tc := range []struct {
		name, encoding string
		data           []byte
		limit          int64
		want           string
		more           bool
		err            string
	}{
		{"no coding", "", []byte("plain"), 100, "plain", false, ""},
		{"identity", "identity", []byte("plain"), 100, "plain", false, ""},
		{"gzip", "gzip", good, 100, text, false, ""},
		{"gzip in capitals", " GZIP ", good, 100, text, false, ""},
		{"x-gzip", "x-gzip", good, 100, text, false, ""},
		{"past the bound", "gzip", good, 10, text[:10], true, ""},
		{"exactly the bound", "gzip", good, int64(len(text)), text, false, ""},
		{"cut after some text", "gzip", good[:len(good)-12], 100, "", false, ""},
		{"empty", "gzip", nil, 100, "", false, ""},
		{"cut in its header", "gzip", good[:5], 100, "", false, "Content-Encoding gzip, but unexpected EOF"},
		{"not gzip", "gzip", []byte("plain text"), 100, "", false, "Content-Encoding gzip, but gzip: invalid header"},
		{"corrupt", "gzip", garbage, 100, "", false, "Content-Encoding gzip, but flate: corrupt input before offset 1"},
		{"bad checksum", "gzip", badCRC, 100, "", false, "Content-Encoding gzip, but gzip: invalid checksum"},
		// Coded bytes hops does not decode: handed back with the error (the
		// page scan reads them, --body shows the error instead).
		{"brotli", "br", []byte{0x1b, 0x03}, 100, "\x1b\x03", false, "Content-Encoding br, which hops does not decode"},
		{"two codings", "gzip, gzip", []byte("zz"), 100, "zz", false, "Content-Encoding gzip, gzip, which hops does not decode"},
		{"a token no client knows", "utf-8", []byte("plain"), 100, "plain", false, ""},
	} {
		out, more, err := decodeSample(tc.data, tc.encoding, tc.limit)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tc.name == "cut after some text" {
			// Whatever the stream held: a start of the text, at least a byte.
			if err != errStreamCut || len(out) == 0 || !strings.HasPrefix(text, string(out)) || more {
				t.Errorf("%s: %q, more %v, %v; want a start of the text", tc.name, out, more, err)
			}
			continue
		}
		if string(out) != tc.want || more != tc.more || got != tc.err {
			t.Errorf("%s: %q, more %v, error %q; want %q, more %v, error %q", tc.name, out, more, got, tc.want, tc.more, tc.err)
		}
	}
}
