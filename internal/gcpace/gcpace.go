// Package gcpace lets a long bulk run collect garbage less often while its
// live heap is small.
//
// Go sets the next collection when the heap has grown past what survived
// the last one by GOGC percent of that (and of the stacks and globals it
// scanned). A bulk check keeps 3-4 MB alive and allocates ~10 KB a row,
// so it collected every ~4 MB: about 37 times in 10,000 rows and 335 in
// 100,000. Headroom gives the heap a fixed amount of room above what is
// live instead, while that is more than GOGC's: a bounded amount of extra
// memory, not a proportion of a heap that may be large. The Go compiler
// paces its own start-up heap from the same supported interfaces
// (cmd/compile's AdjustStartingHeap): runtime/metrics and
// debug.SetGCPercent, set again after each cycle.
package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

const (
	// maxPercent bounds the setting: the collector's pacing is tuned for
	// values near 100, and a tiny live heap would ask for a huge one.
	maxPercent = 400
	// minHeap is the runtime's smallest heap goal at GOGC=100; it scales
	// with the percentage (runtime/mgcpacer.go, heapMinimum).
	minHeap = 4 << 20
)

// Percent is the GOGC that puts the next collection room bytes past a
// heap of live bytes, when the last cycle also scanned roots bytes of
// stacks and globals: the runtime's goal is
// live + (live+roots)*GOGC/100, and never under minHeap*GOGC/100. It is
// never less than GOGC's default of 100 and never more than maxPercent.
func Percent(live, roots, room uint64) int {
	scan := live + roots
	p := uint64(maxPercent)
	if scan > 0 {
		p = min(p, room*100/scan)
	}
	// The runtime's smallest goal grows with the percentage too: keep it
	// within the room, or a small heap would get up to four times 4 MiB.
	p = min(p, (live+room)*100/minHeap)
	return int(max(p, 100))
}

// Headroom paces the collector so that the heap may grow about room bytes
// past its live part between collections, until stop is called; stop
// restores GOGC's default. A GOGC or memory limit the user or the program
// set (through the environment or runtime/debug) is left alone, and so
// is the pacing of another Headroom still running: stop is then a no-op.
func Headroom(room uint64) (stop func()) {
	if p := start(room); p != nil {
		return p.stop
	}
	return func() {}
}

// running is true while a pacer owns the setting: two at once (checks run
// in one process by tests) would restore each other's values.
var running atomic.Bool

const (
	gogcMetric     = "/gc/gogc:percent"
	limitMetric    = "/gc/gomemlimit:bytes"
	liveMetric     = "/gc/heap/live:bytes"
	stackMetric    = "/gc/scan/stack:bytes"
	globalsMetric  = "/gc/scan/globals:bytes"
	defaultPercent = 100
)

func start(room uint64) *pacer {
	if !running.CompareAndSwap(false, true) {
		return nil
	}
	s := []metrics.Sample{{Name: gogcMetric}, {Name: limitMetric}}
	metrics.Read(s)
	// GOGC=100 set by hand cannot be told from the default; it means the
	// same, so it is paced too.
	if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() != defaultPercent ||
		s[1].Value.Kind() != metrics.KindUint64 || s[1].Value.Uint64() != math.MaxInt64 {
		running.Store(false)
		return nil
	}
	p := &pacer{room: room, sample: []metrics.Sample{{Name: liveMetric}, {Name: stackMetric}, {Name: globalsMetric}}}
	p.watch()
	return p
}

type pacer struct {
	room uint64

	mu      sync.Mutex
	stopped bool
	sample  []metrics.Sample
	cycles  int // times watch ran, for the tests
}

// sentinel is big enough to stay out of the tiny allocator, whose blocks
// hold several objects and may keep one alive past its cycle.
type sentinel [32]byte

// watch sets the percentage from the heap the last cycle left and asks to
// be run again after the next one: a fresh object that nothing references
// is collected, and its cleanup runs, once a cycle has passed.
func (p *pacer) watch() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.cycles++
	metrics.Read(p.sample)
	for _, s := range p.sample {
		if s.Value.Kind() != metrics.KindUint64 {
			return // a runtime without these metrics keeps its default
		}
	}
	// Before the first cycle nothing has been marked: the runtime's first
	// goal (4 MiB) stands until then.
	if live := p.sample[0].Value.Uint64(); live > 0 {
		roots := p.sample[1].Value.Uint64() + p.sample[2].Value.Uint64()
		debug.SetGCPercent(Percent(live, roots, p.room))
	}
	runtime.AddCleanup(new(sentinel), func(p *pacer) { p.watch() }, p)
}

func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.stopped = true
		debug.SetGCPercent(defaultPercent)
		running.Store(false)
	}
}
