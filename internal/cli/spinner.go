package cli

import (
	"fmt"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hops-cli/hops/render"
)

// spinner names the URL being waited on, on stderr, when a hop takes longer
// than a second. It is used only when stderr is a terminal and stdout is not
// JSON, and it clears its line before the view is printed.
type spinner struct {
	s       *streams
	enabled bool

	mu    sync.Mutex
	done  chan struct{}
	wg    sync.WaitGroup
	shown bool
}

func newSpinner(s *streams, enabled bool) *spinner { return &spinner{s: s, enabled: enabled} }

// request is the walker's OnRequest hook.
func (sp *spinner) request(n int, method, url string) {
	if !sp.enabled {
		return
	}
	sp.stop()
	sp.mu.Lock()
	defer sp.mu.Unlock()
	done := make(chan struct{})
	sp.done = done
	width := termWidth(sp.s.stderr, sp.s.getenv)
	text := render.Escape(fmt.Sprintf("hop %d: waiting for %s %s", n, method, url))
	text = ansi.Truncate(text, width-3, "…")
	sp.wg.Add(1)
	go func() {
		defer sp.wg.Done()
		frames := []rune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
		select {
		case <-done:
			return
		case <-time.After(time.Second):
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			sp.mu.Lock()
			sp.shown = true
			fmt.Fprintf(sp.s.stderr, "\r\x1b[K%c %s", frames[i%len(frames)], text)
			sp.mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
}

// stop ends the spinner and clears its line.
func (sp *spinner) stop() {
	sp.mu.Lock()
	done := sp.done
	sp.done = nil
	sp.mu.Unlock()
	if done == nil {
		return
	}
	close(done)
	sp.wg.Wait()
	sp.mu.Lock()
	if sp.shown {
		fmt.Fprint(sp.s.stderr, "\r\x1b[K")
		sp.shown = false
	}
	sp.mu.Unlock()
}
