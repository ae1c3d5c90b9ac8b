package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress is hops check's bar on stderr, shown only when stderr is a
// terminal:
//
//	checking  45% [█████████▌           ] 450/1000 rows  120 rows/s  5s left
//
// Its methods are called from the runner's output callback, one at a time.
// (It replaced a progress bar library whose package init, and that of the
// colour-tag library it pulls in, ran on every start of hops, bar or not.)
type progress struct {
	w      io.Writer
	total  int // -1 when not known (a sitemap index)
	done   int
	width  int // the terminal's columns
	color  bool
	start  time.Time
	drawn  time.Time     // when the line was last drawn
	shown  bool          // a line is on the screen
	redraw time.Duration // the least time between two draws
}

func newProgress(s *streams, total int) *progress {
	if !showProgress(s) {
		return &progress{}
	}
	return &progress{
		w: s.stderr, total: total, width: termWidth(s.stderr, s.getenv),
		color: useColor("auto", true, s.getenv), start: time.Now(), redraw: 100 * time.Millisecond,
	}
}

// showProgress: a bar goes to stderr when it is a terminal, unless -s.
func showProgress(s *streams) bool { return isTerminal(s.stderr) && !s.silent }

// add counts one row and redraws, at most ten times a second.
func (p *progress) add() {
	if p.w == nil {
		return
	}
	p.done++
	if now := time.Now(); now.Sub(p.drawn) >= p.redraw {
		p.drawn = now
		io.WriteString(p.w, "\r"+p.line(now)+"\x1b[K")
		p.shown = true
	}
}

// clear takes the line off the screen (before a row is printed under it);
// the next add draws it again.
func (p *progress) clear() {
	if p.shown {
		io.WriteString(p.w, "\r\x1b[K")
		p.shown = false
		p.drawn = time.Time{}
	}
}

// finish leaves the screen as it was before the bar.
func (p *progress) finish() { p.clear() }

// barCells is the bar's width in columns; the line drops the bar, then the
// time left, then the rate, when the terminal is narrower than it needs.
const barCells = 24

// line is the bar's text at now.
func (p *progress) line(now time.Time) string {
	elapsed := now.Sub(p.start).Seconds()
	rate := ""
	if elapsed >= 0.5 {
		rate = rateText(float64(p.done) / elapsed)
	}
	if p.total < 0 {
		return fitParts(p.width, fmt.Sprintf("checking %d rows", p.done), rate)
	}
	frac := 1.0
	if p.total > 0 {
		frac = min(float64(p.done)/float64(p.total), 1)
	}
	left := ""
	if p.done > 0 && p.done < p.total && elapsed >= 0.5 {
		secs := elapsed / float64(p.done) * float64(p.total-p.done)
		left = (time.Duration(secs+0.5) * time.Second).String() + " left"
	}
	head := fmt.Sprintf("checking %3.0f%%", frac*100)
	count := fmt.Sprintf("%d/%d rows", p.done, p.total)
	withBar := joinParts(head+" "+p.bar(frac)+" "+count, rate, left)
	if visibleWidth(withBar) < p.width {
		return withBar
	}
	return fitParts(p.width, head+" "+count, rate, left)
}

// rateText is a rate of rows per second in the unit that keeps it above 1:
// rows that take seconds each (slow hosts, long timeouts) read "12 rows/min",
// never "0 rows/s".
func rateText(perSec float64) string {
	switch {
	case perSec >= 1:
		return fmt.Sprintf("%.0f rows/s", perSec)
	case perSec*60 >= 1:
		return fmt.Sprintf("%.0f rows/min", perSec*60)
	}
	return fmt.Sprintf("%.0f rows/h", perSec*3600)
}

// bar draws frac of barCells cells, in eighths.
func (p *progress) bar(frac float64) string {
	eighths := int(frac * barCells * 8)
	full, part := eighths/8, eighths%8
	var b strings.Builder
	b.WriteByte('[')
	if p.color {
		b.WriteString("\x1b[32m")
	}
	b.WriteString(strings.Repeat("█", full))
	if full < barCells {
		if part > 0 {
			b.WriteString(string([]rune("▏▎▍▌▋▊▉")[part-1]))
			full++
		}
	}
	if p.color {
		b.WriteString("\x1b[0m")
	}
	b.WriteString(strings.Repeat(" ", barCells-full))
	b.WriteByte(']')
	return b.String()
}

// fitParts joins the parts that fit in width columns (less one, so the
// cursor never wraps): the first, cut if it must be, and the others in
// order while they fit. first holds no colour codes.
func fitParts(width int, first string, more ...string) string {
	line, cols := first, visibleWidth(first)
	if cols >= width {
		// A terminal narrower than the shortest line: cut it, so the line
		// never wraps and \r still returns to its start (COLUMNS=1 leaves
		// no column to draw in).
		return string([]rune(first)[:max(width-1, 0)])
	}
	for _, m := range more {
		if m == "" {
			continue
		}
		if cols+2+len(m) >= width {
			break
		}
		line += "  " + m
		cols += 2 + len(m)
	}
	return line
}

// joinParts joins the parts that are not empty, two spaces apart.
func joinParts(first string, more ...string) string {
	for _, m := range more {
		if m != "" {
			first += "  " + m
		}
	}
	return first
}

// visibleWidth counts the runes of s outside colour codes.
func visibleWidth(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case esc:
			esc = r != 'm'
		case r == '\x1b':
			esc = true
		default:
			n++
		}
	}
	return n
}
