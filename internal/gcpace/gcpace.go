// Package gcpace lets a long bulk run collect garbage less often while its
// live heap is small.
//
// Go sets the next collection at twice the heap that survived the last one
// (GOGC=100). A bulk check keeps 3-4 MB alive and allocates ~10 KB a row,
// so it collected every ~4 MB: 36 times in 10,000 rows, 335 times in
// 100,000. Headroom gives the heap a fixed amount of room above what is
// live instead, while that is more than GOGC's: a bounded amount of extra
// memory, not a proportion of a heap that may be large. The Go compiler
// paces its own heap the same way at start-up (cmd/compile's
// AdjustStartingHeap), from the same supported interfaces: runtime/metrics
// and debug.SetGCPercent, re-read after each cycle.
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// maxPercent bounds the setting: past a few hundred the collector's pacing
// is less tuned and a tiny live heap would ask for a huge percentage.
const maxPercent = 400

// Percent is the GOGC that gives a heap of live bytes room bytes above it,
// never less than GOGC's own 100 and never more than maxPercent.
func Percent(live, room uint64) int {
	if live == 0 {
		return maxPercent
	}
	p := room * 100 / live
	switch {
	case p < 100:
		return 100
	case p > maxPercent:
		return maxPercent
	}
	return int(p)
}

// Headroom paces the collector so that the heap may grow room bytes past
// its live part between collections, for as long as stop is not called;
// stop restores the setting it found. A GOGC or GOMEMLIMIT set in the
// environment is the user's choice and is left alone (stop is then a
// no-op), as is a collector switched off.
func Headroom(room uint64) (stop func()) {
	if p := start(room); p != nil {
		return p.stop
	}
	return func() {}
}

func start(room uint64) *pacer {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	p := &pacer{room: room, sample: []metrics.Sample{{Name: liveMetric}}}
	// GOGC as the program found it: 100 unless someone set it already.
	p.before = debug.SetGCPercent(100)
	if p.before != 100 {
		debug.SetGCPercent(p.before)
		return nil
	}
	p.watch()
	return p
}

const liveMetric = "/gc/heap/live:bytes"

type pacer struct {
	room   uint64
	before int

	mu      sync.Mutex
	stopped bool
	sample  []metrics.Sample
	cycles  int // times watch ran, for the tests
}

// sentinel is big enough to stay out of the tiny allocator, whose blocks
// hold several objects and may keep one alive past its cycle.
type sentinel [32]byte

// watch sets the percentage from the heap live after the last cycle and
// asks to be run again after the next one: a fresh object that nothing
// references is collected, and its cleanup runs, once a cycle has passed.
func (p *pacer) watch() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.cycles++
	metrics.Read(p.sample)
	if p.sample[0].Value.Kind() == metrics.KindUint64 {
		if live := p.sample[0].Value.Uint64(); live > 0 {
			debug.SetGCPercent(Percent(live, p.room))
		}
	}
	runtime.AddCleanup(new(sentinel), func(p *pacer) { p.watch() }, p)
}

func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.stopped = true
		debug.SetGCPercent(p.before)
	}
}
