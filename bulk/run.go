// Package bulk checks many rows concurrently with the walk engine, within
// per-host limits, and judges each with package check.
package bulk

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/hops-cli/hops/check"

	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/walk"
)

// Runner checks rows concurrently. Walker is the template of every walk:
// its Transport is shared by all rows (wrapped in the per-host limits) so
// that connections are reused across rows.
type Runner struct {
	Walker      *walk.Walker
	Concurrency int     // rows in flight (default 16)
	PerHost     int     // requests in flight to one host (default 4)
	Rate        float64 // requests per second per host; 0: no limit
	FailOn      inspect.Severity
	// Request builds the request of a row from its source URL (method,
	// headers and body as the user gave them).
	Request func(url string) inspect.Request
}

// Run reads rows from in and checks them, calling out for each finished
// row (never concurrently). When ctx is cancelled it stops taking new rows
// and lets the rows in flight finish within their own time limits; the
// result then has Interrupted set. The error is set only for unusable
// input.
func (r *Runner) Run(ctx context.Context, in *check.Reader, out func(check.Result)) (check.Summary, error) {
	start := time.Now()
	conc := r.Concurrency
	if conc < 1 {
		conc = 16
	}
	perHost := r.PerHost
	if perHost < 1 {
		perHost = 4
	}
	w := *r.Walker
	if w.Transport == nil {
		t, err := walk.NewTransport(w.Config)
		if err != nil {
			return check.Summary{}, err
		}
		t.MaxIdleConnsPerHost = perHost
		w.Transport = t
	}
	// The run's connections end with it: a check holds one or two for
	// each host it met (200 hosts: some 4 MB of buffers and goroutine
	// stacks), which the lint and the reports after it would otherwise
	// keep in its peak memory.
	if t, ok := w.Transport.(interface{ CloseIdleConnections() }); ok {
		defer t.CloseIdleConnections()
	}
	limiter := newHostLimiter(perHost, r.Rate)
	// Rows in flight finish the hop they are on, on its own clock: an
	// interrupt stops the intake, the first turns not yet given, and every
	// walk after its current hop, so the run ends within one --timeout.
	walkCtx := context.WithoutCancel(ctx)
	w.Interrupt = ctx.Done()
	w.Throttle = func(n int, host string) (func(), error) {
		if n == 1 {
			return limiter.turn(ctx, host)
		}
		return limiter.turn(walkCtx, host)
	}

	// Results go out in input order. A row that takes long holds back
	// the rows after it, up to a window of rows in flight or waiting to
	// go out; the rows within the window are still being checked.
	type job struct {
		seq int
		row check.Row
	}
	jobs := make(chan job, conc)
	window := make(chan struct{}, windowPerWorker*conc)
	var (
		mu      sync.Mutex
		sum     check.Summary
		readErr error
		wg      sync.WaitGroup
		next    int // the sequence number to go out next
		// done holds the finished rows waiting for next, at seq modulo its
		// length: the window keeps every row in flight within one length
		// of next, so no two share a slot.
		done = make([]slot, windowPerWorker*conc)
	)
	emit := func(res check.Result) {
		sum.Rows++
		switch res.Verdict {
		case check.OK:
			sum.OK++
		case check.Mismatch:
			sum.Mismatch++
		case check.Error:
			sum.Error++
			if res.Chain != nil && res.Chain.Stop == inspect.StopInterrupted {
				sum.Cut++
			}
		}
		out(res)
	}
	finish := func(seq int, res *check.Result) {
		mu.Lock()
		defer mu.Unlock()
		done[seq%len(done)] = slot{res: res, done: true}
		for {
			sl := &done[next%len(done)]
			if !sl.done {
				return
			}
			r := sl.res
			*sl = slot{}
			next++
			<-window
			if r != nil {
				emit(*r)
			}
		}
	}
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := r.check(walkCtx, &w, j.row)
				if notStarted(res) {
					finish(j.seq, nil) // interrupted before its first request
					continue
				}
				finish(j.seq, &res)
			}
		}()
	}
	// Rows are read on a goroutine of their own, so that an interrupt ends
	// the intake even while a pipe is idle (a read of standard input cannot
	// be cancelled; that goroutine ends with the input or the process).
	type item struct {
		row check.Row
		err error
	}
	// Buffered, so that the reader runs ahead of the dispatch instead of
	// handing over each row in a switch of goroutines.
	rows := make(chan item, conc)
	go func() {
		defer close(rows)
		for {
			row, ok, err := in.Next()
			if !ok && err == nil {
				return
			}
			select {
			case rows <- item{row, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	func() {
		defer close(jobs)
		for seq := 0; ; seq++ {
			var it item
			var ok bool
			select {
			case it, ok = <-rows:
			case <-ctx.Done():
				return
			}
			switch {
			case !ok:
				return
			case it.err != nil:
				readErr = it.err
				return
			}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{seq, it.row}:
			case <-ctx.Done():
				<-window
				return
			}
		}
	}()
	wg.Wait()
	sum.Elapsed = time.Since(start)
	sum.Interrupted = ctx.Err() != nil
	return sum, readErr
}

// slot is a finished row in the reorder window; res nil: not reported.
type slot struct {
	res  *check.Result
	done bool
}

// windowPerWorker sizes the reorder window: rows in flight or finished and
// waiting for an earlier row, per worker.
const windowPerWorker = 8

// notStarted reports a row whose first hop never got its turn.
func notStarted(res check.Result) bool {
	c := res.Chain
	return c != nil && len(c.Hops) == 1 && errors.Is(c.Hops[0].Err, errNotStarted)
}

// check walks and judges one row.
func (r *Runner) check(ctx context.Context, w *walk.Walker, row check.Row) check.Result {
	if row.Err != nil {
		v, reason := check.Judge(row, nil, r.FailOn)
		return check.Result{Row: row, Verdict: v, Reason: reason}
	}
	req := inspect.Request{URL: row.Source, Method: http.MethodGet, Header: http.Header{}}
	if r.Request != nil {
		req = r.Request(row.Source)
	}
	chain, err := w.Inspect(ctx, req)
	if err != nil {
		row.Err = err
		v, reason := check.Judge(row, nil, r.FailOn)
		return check.Result{Row: row, Verdict: v, Reason: reason}
	}
	if row.Sitemap {
		check.SitemapFindings(chain)
	}
	v, reason := check.Judge(row, chain, r.FailOn)
	return check.Result{Row: row, Chain: chain, Verdict: v, Reason: reason}
}
