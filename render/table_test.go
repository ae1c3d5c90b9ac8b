package render

import (
	"runtime/debug"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestNewTableLeavesSmallParsers: the parser lipgloss's cell wrapping takes
// from x/ansi's pool after newTable is one of NewParser's (a 64 KB buffer),
// not the pool's own 4 MB one. Not parallel: the pool is shared, and a
// table rendered meanwhile would take the parsers. Without collections:
// a collection may empty a sync.Pool, and one between the two calls made
// the test fail now and then (CI, a busy machine).
func TestNewTableLeavesSmallParsers(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	newTable()
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	if n := cap(p.Data()); n != 64<<10 {
		t.Errorf("the pooled parser's buffer holds %d bytes; want 65536", n)
	}
}
