package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

const mib = 1 << 20

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		live, room uint64
		want       int
	}{
		{4 * mib, 6 * mib, 150},
		{3 * mib, 6 * mib, 200},
		{5 * mib, 6 * mib, 120},
		{6 * mib, 6 * mib, 100}, // GOGC's own room already
		{12 * mib, 6 * mib, 100},
		{1 * mib, 6 * mib, 400}, // 600 asked, bounded
		{1, 6 * mib, 400},
		{0, 6 * mib, 400},
		{4 * mib, 0, 100},
	} {
		if got := Percent(c.live, c.room); got != c.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", c.live, c.room, got, c.want)
		}
	}
}

// gogc reads the collector's setting without changing it.
func gogc(t *testing.T) int {
	t.Helper()
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		t.Fatal("no /gc/gogc:percent metric")
	}
	return int(s[0].Value.Uint64())
}

// collectUntil runs collections until p has watched n cycles.
func collectUntil(t *testing.T, p *pacer, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p.mu.Lock()
		c := p.cycles
		p.mu.Unlock()
		if c >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pacer ran %d times, want %d", c, n)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// The tests below change the process's collector, so none is parallel.

func TestHeadroomSmallHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	// A test binary keeps far less than a quarter of 1 GiB alive: the
	// setting is the bound.
	p := start(1 << 30)
	if p == nil {
		t.Fatal("pacer not started")
	}
	collectUntil(t, p, 3)
	if got := gogc(t); got != 400 {
		t.Errorf("GOGC while pacing = %d, want 400", got)
	}
	p.stop()
	if got := gogc(t); got != 100 {
		t.Errorf("GOGC after stop = %d, want 100", got)
	}
	// Stopped for good: later cycles leave the setting alone.
	runtime.GC()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if got := gogc(t); got != 100 {
		t.Errorf("GOGC after more cycles = %d, want 100", got)
	}
}

func TestHeadroomLargeHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	// 64 MiB alive is more than the room asked: GOGC's own 100 stays.
	keep := make([][]byte, 64)
	for i := range keep {
		keep[i] = make([]byte, mib)
	}
	p := start(8 * mib)
	if p == nil {
		t.Fatal("pacer not started")
	}
	defer p.stop()
	collectUntil(t, p, 3)
	if got := gogc(t); got != 100 {
		t.Errorf("GOGC with 64 MiB live = %d, want 100", got)
	}
	runtime.KeepAlive(keep)
}

func TestHeadroomLeavesUsersSetting(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env, "50")
			if p := start(1 << 30); p != nil {
				p.stop()
				t.Fatalf("pacer started with %s set", env)
			}
		})
	}
	// A setting changed in the program (debug.SetGCPercent) is kept too.
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	old := debug.SetGCPercent(50)
	defer debug.SetGCPercent(old)
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
}
