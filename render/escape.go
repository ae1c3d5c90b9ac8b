package render

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape makes text from a server safe to print on a terminal: C0 and C1
// control characters, DEL, invalid UTF-8 and the Unicode bidirectional
// overrides (which can reorder what is shown) are written as visible
// escapes such as \x1b, \n and \u202e. Everything else is kept.
func Escape(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0, isBidiControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeJSON writes the characters encoding/json leaves raw but a terminal
// would act on, C1 controls, DEL and the bidirectional overrides, as \u
// escapes. They can only stand inside strings, so the document stays valid.
func escapeJSON(b []byte) []byte {
	i := plainASCII(b)
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || r >= 0x80 && r < 0xa0 || isBidiControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// plainASCII is the length of b's leading run of bytes below 0x7f, read
// eight bytes at a time: a check's JSON Lines are some 3.5 KB a row, nearly
// always all of it plain ASCII.
func plainASCII(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// A byte of 0x7f or more has its high bit set, or gets it by
		// adding one (a carry out of 0xff comes only from a byte that
		// had it already).
		if (x|(x+ones))&highs != 0 {
			break
		}
	}
	for i < len(b) && b[i] < 0x7f {
		i++
	}
	return i
}
