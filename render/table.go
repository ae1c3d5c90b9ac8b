package render

import (
	"github.com/charmbracelet/lipgloss/table"
	"github.com/charmbracelet/x/ansi"
)

// newTable is table.New with small ANSI parsers waiting in x/ansi's pool.
// Each cell that lipgloss renders at a width is wrapped with a parser from
// that pool, and an empty pool makes one with a 4 MB buffer (for the
// payloads of OSC and DCS strings, which hops's cells never hold: Escape
// takes control bytes out). Those 4 MB started a garbage collection in
// `hops clients`, `hops --as all` and a small `hops check`, and had to be
// cleared at the end of a large check; NewParser's buffer is 64 KB. Two
// go in: a pool keeps one parser private to the processor that put it
// there, and the second can be taken from any.
func newTable() *table.Table {
	ansi.PutParser(ansi.NewParser())
	ansi.PutParser(ansi.NewParser())
	return table.New()
}
