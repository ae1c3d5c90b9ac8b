package render

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

// TestWidthIsRunewidths: on random strings of ASCII, hops's own symbols
// and runes that are wide, zero-width or join clusters (combining marks,
// ZWJ, emoji, variation selectors, CR LF, invalid bytes), stringWidth and
// runeWidth give what runewidth gives.
func TestWidthIsRunewidths(t *testing.T) {
	t.Parallel()
	if c := runewidth.DefaultCondition; c.EastAsianWidth || !c.StrictEmojiNeutral {
		t.Fatalf("runewidth's default condition is East Asian (%v) or not strict (%v): set RUNEWIDTH_EASTASIAN=0", c.EastAsianWidth, c.StrictEmojiNeutral)
	}
	alphabet := []string{"a", "Z", " ", "~", "\t", "\x00", "\x7f", "\r", "\n", "\r\n",
		"→", "…", "·", "█", "▏", "─", "━", "│", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "✓", "✗",
		"é", "e\u0301", "\u0301", "\u200d", "😀", "👩\u200d💻", "中", "\ufe0f", "✓\ufe0f", "\xff", "\xe2\x86", "\ufffd", "🇫🇷"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := stringWidth(s), runewidth.StringWidth(s); got != want {
			t.Fatalf("stringWidth(%q) = %d, runewidth %d", s, got, want)
		}
	}
	for r := rune(0); r < 0x3000; r++ {
		if got, want := runeWidth(r), runewidth.RuneWidth(r); got != want {
			t.Fatalf("runeWidth(%U) = %d, runewidth %d", r, got, want)
		}
	}
}

// TestWidthEastAsian: under a CJK locale's condition the symbols are left
// to runewidth, which makes them two columns wide.
func TestWidthEastAsian(t *testing.T) {
	t.Parallel()
	c := runewidth.NewCondition()
	c.EastAsianWidth = true
	for _, r := range "→…█─│✓a" {
		if n, ok := ownWidth(c, r); ok {
			t.Errorf("ownWidth(East Asian, %q) = %d, answered here", r, n)
		}
	}
	if n := c.RuneWidth('→'); n != 2 {
		t.Errorf("runewidth East Asian width of → = %d, want 2", n)
	}
}
