package render

import "github.com/mattn/go-runewidth"

// stringWidth and runeWidth are runewidth's StringWidth and RuneWidth,
// answered here for ASCII and the few symbols hops draws itself (arrows,
// ticks, rules, bars). runewidth fills a 2.2 MB table of every code point
// the first time it measures any rune from U+0300 up: for the "→" of a
// chain's first hop that was about 7 ms of CPU and 540 page faults of each
// terminal view. Any other rune, and a CJK locale (where these symbols are
// two columns wide), is measured by runewidth.
func stringWidth(s string) int {
	w := 0
	for _, r := range s {
		n, ok := ownWidth(runewidth.DefaultCondition, r)
		if !ok {
			return runewidth.StringWidth(s)
		}
		w += n
	}
	return w
}

func runeWidth(r rune) int {
	if n, ok := ownWidth(runewidth.DefaultCondition, r); ok {
		return n
	}
	return runewidth.RuneWidth(r)
}

// ownWidth is the width c gives r, for the runes above. '\r' is left to
// runewidth, which reads "\r\n" as one cluster; none of the symbols joins
// a neighbour into a cluster.
func ownWidth(c *runewidth.Condition, r rune) (int, bool) {
	if c.EastAsianWidth || !c.StrictEmojiNeutral {
		return 0, false
	}
	switch {
	case r < 0x20 && r != '\r', r == 0x7F:
		return 0, true
	case r >= 0x20 && r < 0x7F:
		return 1, true
	}
	switch r {
	case '→', '…', '·', '█', '▏', '─', '━', '│', '┌', '┐', '└', '┘', '├', '┤', '┬', '┴', '┼', '✓', '✗':
		return 1, true
	}
	return 0, false
}
