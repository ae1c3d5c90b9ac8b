package header

import "strings"

// ParseRefresh parses a Refresh header or meta refresh content attribute by
// the HTML standard's shared declarative refresh steps. ok is false when
// browsers would not refresh at all. target is "" for a reload of the page.
func ParseRefresh(input string) (delay int, target string, ok bool) {
	const ws = "\t\n\f\r "
	s := strings.TrimLeft(input, ws)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 && (len(s) == 0 || s[0] != '.') {
		return 0, "", false
	}
	for _, c := range s[:i] {
		delay = delay*10 + int(c-'0')
		if delay > 1<<30 {
			delay = 1 << 30
		}
	}
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	s = s[i:]
	if s == "" {
		return delay, "", true
	}
	if !strings.ContainsRune(";,"+ws, rune(s[0])) {
		return 0, "", false
	}
	s = strings.TrimLeft(s, ws)
	if s != "" && (s[0] == ';' || s[0] == ',') {
		s = s[1:]
	}
	s = strings.TrimLeft(s, ws)
	if s == "" {
		return delay, "", true
	}
	// An optional "url =" prefix; when it breaks off partway, the whole
	// rest is the URL ("urlx=/x" is a relative URL).
	rest := s
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		r := strings.TrimLeft(rest[3:], ws)
		if r != "" && r[0] == '=' {
			rest = strings.TrimLeft(r[1:], ws)
		}
	}
	if rest != "" && (rest[0] == '\'' || rest[0] == '"') {
		q := rest[0]
		rest = rest[1:]
		if j := strings.IndexByte(rest, q); j >= 0 {
			rest = rest[:j]
		}
	}
	return delay, rest, true
}
