package render

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestNewTableLeavesSmallParsers: the parser lipgloss's cell wrapping takes
// from x/ansi's pool after newTable is one of NewParser's (a 64 KB buffer),
// not the pool's own 4 MB one. Not parallel: the pool is shared, and a
// table rendered meanwhile would take the parsers. Under the race detector
// sync.Pool drops a quarter of what is put in it, so both parsers were lost
// one run in sixteen (CI): there each try seeds the pool afresh, up to 20.
func TestNewTableLeavesSmallParsers(t *testing.T) {
	tries := 1
	if raceEnabled {
		tries = 20
	}
	n := 0
	for range tries {
		newTable()
		p := ansi.GetParser()
		if n = cap(p.Data()); n == 64<<10 {
			ansi.PutParser(p)
			return
		}
		// A 4 MB one made by the pool is not put back: Get would give it
		// again before the next try's small ones.
	}
	t.Errorf("the pooled parser's buffer holds %d bytes; want 65536", n)
}
