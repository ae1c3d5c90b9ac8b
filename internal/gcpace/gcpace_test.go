package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

const (
	kib = 1 << 10
	mib = 1 << 20
)

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		live, roots, room uint64
		want              int
	}{
		{4 * mib, 0, 6 * mib, 150},
		{3 * mib, 1 * mib, 6 * mib, 150}, // stacks and globals count as the live heap does
		{5 * mib, 1 * mib, 6 * mib, 100}, // GOGC's own room already
		{12 * mib, 1 * mib, 6 * mib, 100},
		{4 * mib, 0, 0, 100},
		// Small heaps: 4 MiB x GOGC/100 is the runtime's smallest goal, so
		// the percentage stops where that reaches live + room.
		{1 * mib, 0, 6 * mib, 175},
		{512 * kib, 512 * kib, 6 * mib, 162},
		{0, 0, 6 * mib, 150},
		{1 * mib, 0, 64 * mib, 400}, // 6,400 asked, bounded
	} {
		if got := Percent(c.live, c.roots, c.room); got != c.want {
			t.Errorf("Percent(%d, %d, %d) = %d, want %d", c.live, c.roots, c.room, got, c.want)
		}
	}
}

func read(t *testing.T, names ...string) []uint64 {
	t.Helper()
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	out := make([]uint64, len(s))
	for i := range s {
		if s[i].Value.Kind() != metrics.KindUint64 {
			t.Fatalf("no metric %s", s[i].Name)
		}
		out[i] = s[i].Value.Uint64()
	}
	return out
}

// gogc reads the collector's setting without changing it.
func gogc(t *testing.T) int { return int(read(t, gogcMetric)[0]) }

// defaults gives the test Go's default setting and no memory limit, and
// puts back what the test binary was started with (go test under GOGC=200
// or GOMEMLIMIT must not fail these tests).
func defaults(t *testing.T) {
	t.Helper()
	old := debug.SetGCPercent(defaultPercent)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	})
}

// started is start(room), stopped when the test ends, whatever happens.
func started(t *testing.T, room uint64) *pacer {
	t.Helper()
	p := start(room)
	if p == nil {
		t.Fatal("pacer not started")
	}
	t.Cleanup(p.stop)
	return p
}

// collect runs n collections and waits, after each, for p to have set the
// collector from it.
func collect(t *testing.T, p *pacer, n int) {
	t.Helper()
	for range n {
		p.mu.Lock()
		before := p.cycles
		p.mu.Unlock()
		runtime.GC()
		deadline := time.Now().Add(10 * time.Second)
		for {
			p.mu.Lock()
			c := p.cycles
			p.mu.Unlock()
			if c > before {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("pacer did not run after a collection (%d runs)", c)
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// The tests below change the process's collector, so none is parallel.

// TestHeadroomGoal checks what the pacing is for: the next collection is
// due about room bytes past the live heap, from a test binary's own small
// heap to one near the room.
func TestHeadroomGoal(t *testing.T) {
	defaults(t)
	const room = 6 * mib
	for _, keep := range []int{0, 3, 5} {
		kept := make([][]byte, keep)
		for i := range kept {
			kept[i] = make([]byte, mib)
		}
		p := started(t, room)
		collect(t, p, 3)
		v := read(t, "/gc/heap/goal:bytes", liveMetric)
		goal, live := v[0], v[1]
		// The percentage is a whole number: the goal falls short of the
		// room by at most a hundredth of what it is a percentage of.
		if goal < live+room-256*kib || goal > live+room {
			t.Errorf("%d MiB kept: goal %d = live %d + %.2f MiB, want about %d MiB of room (GOGC %d)",
				keep, goal, live, float64(goal-live)/mib, room/mib, gogc(t))
		}
		p.stop()
		runtime.KeepAlive(kept)
	}
}

func TestHeadroomSmallHeap(t *testing.T) {
	defaults(t)
	// A test binary keeps far less than a quarter of 1 GiB alive: the
	// setting is the bound.
	p := started(t, 1<<30)
	collect(t, p, 3)
	if got := gogc(t); got != 400 {
		t.Errorf("GOGC while pacing = %d, want 400", got)
	}
	p.stop()
	if got := gogc(t); got != 100 {
		t.Errorf("GOGC after stop = %d, want 100", got)
	}
	// Stopped for good: the cleanup left from the last cycle runs and
	// leaves the setting alone.
	runtime.GC()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if got := gogc(t); got != 100 {
		t.Errorf("GOGC after more cycles = %d, want 100", got)
	}
}

func TestHeadroomLargeHeap(t *testing.T) {
	defaults(t)
	// 64 MiB alive is more than the room asked: GOGC's own 100 stays.
	keep := make([][]byte, 64)
	for i := range keep {
		keep[i] = make([]byte, mib)
	}
	p := started(t, 8*mib)
	// The pacer runs: with 8 MiB kept it would raise the setting.
	collect(t, p, 3)
	if got := gogc(t); got != 100 {
		t.Errorf("GOGC with 64 MiB live = %d, want 100", got)
	}
	runtime.KeepAlive(keep)
}

func TestHeadroomLeavesOtherSettings(t *testing.T) {
	t.Run("percent", func(t *testing.T) {
		defaults(t)
		debug.SetGCPercent(50)
		stop := Headroom(1 << 30)
		runtime.GC()
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		if got := gogc(t); got != 50 {
			t.Errorf("GOGC = %d, want the program's 50", got)
		}
		stop()
		if got := gogc(t); got != 50 {
			t.Errorf("GOGC after stop = %d, want 50", got)
		}
	})
	t.Run("memory limit", func(t *testing.T) {
		defaults(t)
		debug.SetMemoryLimit(1 << 30)
		if p := start(1 << 30); p != nil {
			p.stop()
			t.Fatal("pacer started under a memory limit")
		}
	})
	t.Run("second pacer", func(t *testing.T) {
		defaults(t)
		p := started(t, 1<<30)
		if q := start(1 << 30); q != nil {
			q.stop()
			t.Fatal("a second pacer started while the first runs")
		}
		p.stop()
		started(t, 1<<30) // the first one gone, another may start
	})
}
