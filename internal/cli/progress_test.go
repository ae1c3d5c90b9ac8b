package cli

import (
	"strings"
	"testing"
	"time"
)

// TestProgressLine: the bar's text at a few points of a run, at widths
// where it fits whole and where parts give way.
func TestProgressLine(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		done, total, width int
		color              bool
		elapsed            time.Duration
		want               string
	}{
		{0, 1000, 100, false, 0, "checking   0% [                        ] 0/1000 rows"},
		{450, 1000, 100, false, 3 * time.Second, "checking  45% [██████████▊             ] 450/1000 rows  150 rows/s  4s left"},
		{450, 1000, 100, true, 3 * time.Second, "checking  45% [\x1b[32m██████████▊\x1b[0m             ] 450/1000 rows  150 rows/s  4s left"},
		{1000, 1000, 100, false, 10 * time.Second, "checking 100% [████████████████████████] 1000/1000 rows  100 rows/s"},
		// Narrow: the bar goes first, then the time left, then the rate.
		{450, 1000, 60, false, 3 * time.Second, "checking  45% 450/1000 rows  150 rows/s  4s left"},
		{450, 1000, 40, false, 3 * time.Second, "checking  45% 450/1000 rows  150 rows/s"},
		{450, 1000, 30, false, 3 * time.Second, "checking  45% 450/1000 rows"},
		{450, 1000, 20, false, 3 * time.Second, "checking  45% 450/1"},
		{450, 1000, 1, false, 3 * time.Second, ""},
		{37, -1, 1, false, 2 * time.Second, ""},
		// Slow rows: the rate in a unit where it is not 0.
		{4, 100, 100, false, 10 * time.Second, "checking   4% [▉                       ] 4/100 rows  24 rows/min  4m0s left"},
		{2, 100, 100, false, 10 * time.Minute, "checking   2% [▍                       ] 2/100 rows  12 rows/h  8h10m0s left"},
		// A sitemap index: the total is not known.
		{37, -1, 80, false, 2 * time.Second, "checking 37 rows  18 rows/s"},
	} {
		p := &progress{total: tc.total, done: tc.done, width: tc.width, color: tc.color, start: start}
		got := p.line(start.Add(tc.elapsed))
		if got != tc.want {
			t.Errorf("%d/%d at %d columns:\n got %q\nwant %q", tc.done, tc.total, tc.width, got, tc.want)
		}
		if w := visibleWidth(got); w >= tc.width {
			t.Errorf("%d/%d: %d columns on a terminal of %d", tc.done, tc.total, w, tc.width)
		}
	}
}

// TestProgressDrawsAndClears: what reaches the terminal: one line redrawn
// in place, and nothing left of it after finish.
func TestProgressDrawsAndClears(t *testing.T) {
	var w strings.Builder
	p := &progress{w: &w, total: 3, width: 80, start: time.Now(), redraw: time.Hour}
	p.add()
	p.add() // within the redraw interval: not drawn
	p.clear()
	p.add()
	p.finish()
	want := "\rchecking  33% [████████                ] 1/3 rows\x1b[K" + "\r\x1b[K" +
		"\rchecking 100% [████████████████████████] 3/3 rows\x1b[K" + "\r\x1b[K"
	if got := w.String(); got != want {
		t.Errorf("terminal got %q\nwant %q", got, want)
	}
}
