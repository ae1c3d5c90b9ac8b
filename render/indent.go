package render

import "bytes"

// indentJSON appends src indented as json.Indent(dst, src, "", "  ")
// would, for compact JSON (no space outside strings), which is what the
// appenders and json.Marshal write; ok is false, and dst unchanged, for
// anything else, which the caller gives to json.Indent. encoding/json's
// indenter runs its validating scanner over every byte (1.7% of a
// one-chain run's CPU samples); this one copies strings, numbers and
// literals as runs and steps only on the punctuation.
func indentJSON(dst, src []byte) (_ []byte, ok bool) {
	start := len(dst)
	depth := 0
	newline := func(b []byte) []byte {
		b = append(b, '\n')
		for range depth {
			b = append(b, ' ', ' ')
		}
		return b
	}
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case '{', '[':
			closer := byte('}')
			if c == '[' {
				closer = ']'
			}
			if i+1 < len(src) && src[i+1] == closer {
				// json.Indent writes an empty object or array as it is.
				dst = append(dst, c, closer)
				i += 2
				continue
			}
			depth++
			dst = newline(append(dst, c))
			i++
		case '}', ']':
			if depth == 0 {
				return dst[:start], false
			}
			depth--
			dst = append(newline(dst), c)
			i++
		case ',':
			if depth == 0 {
				return dst[:start], false
			}
			dst = newline(append(dst, ','))
			i++
		case ':':
			dst = append(dst, ':', ' ')
			i++
		case '"':
			end := stringEnd(src, i)
			if end < 0 {
				return dst[:start], false
			}
			dst = append(dst, src[i:end]...)
			i = end
		case ' ', '\t', '\n', '\r':
			return dst[:start], false
		default:
			// A number or a literal: up to the next punctuation.
			j := i + 1
			for j < len(src) && !jsonDelim(src[j]) {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
		}
	}
	if depth != 0 {
		return dst[:start], false
	}
	return dst, true
}

// stringEnd is the index just past the JSON string that opens at src[i],
// or -1 when it does not end.
func stringEnd(src []byte, i int) int {
	for j := i + 1; j < len(src); {
		k := bytes.IndexAny(src[j:], `"\`)
		if k < 0 {
			return -1
		}
		j += k
		if src[j] == '"' {
			return j + 1
		}
		j += 2 // the escaped byte, whatever it is
	}
	return -1
}

// jsonDelim says whether c ends a number or a literal.
func jsonDelim(c byte) bool {
	switch c {
	case ',', ':', '{', '}', '[', ']', '"', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
