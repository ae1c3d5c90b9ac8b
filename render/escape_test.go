package render

import "testing"

func TestPlainASCII(t *testing.T) {
	for in, want := range map[string]int{
		"":                             0,
		"abc":                          3,
		"0123456789abcdef":             16,
		"0123456789abcdef\x7f":         16,
		"01234567\x7f":                 8,
		"0123456\x7f89":                7,
		"\x80":                         0,
		"{\"a\":\"b\"}\xc3\xa9":        9,
		"01234567012345\xff7":          14,
		"\x00\x01\x1f ~~~~~~~~~~~~~~~": 19, // controls are below 0x7f: plain here
	} {
		if got := plainASCII([]byte(in)); got != want {
			t.Errorf("plainASCII(%q) = %d; want %d", in, got, want)
		}
	}
}

// FuzzPlainASCII holds the eight-bytes-at-a-time scan to the byte loop.
func FuzzPlainASCII(f *testing.F) {
	for _, s := range []string{"", "abcdefgh\x7f", "abcdefg\xff", "\xfe\xff\x00\x01abcdefghij", "{\"x\":\"\u202e\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := 0
		for want < len(b) && b[want] < 0x7f {
			want++
		}
		if got := plainASCII(b); got != want {
			t.Fatalf("plainASCII(%q) = %d; want %d", b, got, want)
		}
	})
}
