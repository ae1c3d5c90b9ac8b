package render

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestNewTableLeavesSmallParsers: the parser lipgloss's cell wrapping takes
// from x/ansi's pool after newTable is one of NewParser's (a 64 KB buffer),
// not the pool's own 4 MB one. Not parallel: the pool is shared, and a
// table rendered meanwhile would take the parsers.
func TestNewTableLeavesSmallParsers(t *testing.T) {
	newTable()
	p := ansi.GetParser()
	defer ansi.PutParser(p)
	if n := cap(p.Data()); n != 64<<10 {
		t.Errorf("the pooled parser's buffer holds %d bytes; want 65536", n)
	}
}
