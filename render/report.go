package render

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/hops-cli/hops/check"
	"github.com/hops-cli/hops/diff"
)

// Report is one output of a check run: each row as it finishes, the
// summary at the end. The runner calls Row one result at a time.
type Report interface {
	Row(check.Result) error
	End(check.Summary) error
}

// Reports sends every row and the summary to each report in turn; the
// first error wins, and the later reports still get their rows.
type Reports []Report

func (rs Reports) Row(res check.Result) error {
	var first error
	for _, r := range rs {
		if err := r.Row(res); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (rs Reports) End(s check.Summary) error {
	var first error
	for _, r := range rs {
		if err := r.End(s); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// jsonlReport is `hops check --json`: a compact line per row, then the
// summary line.
type jsonlReport struct {
	w    io.Writer
	meta Meta
}

// NewJSONLReport writes JSON Lines to w.
func NewJSONLReport(w io.Writer, meta Meta) Report { return &jsonlReport{w: w, meta: meta} }

func (r *jsonlReport) Row(res check.Result) error   { return CheckJSONL(r.w, res, r.meta) }
func (r *jsonlReport) End(s check.Summary) error    { return CheckJSONLSummary(r.w, s) }
func (r *CSVReport) Row(res check.Result) error     { return r.Write(res) }
func (r *terminalReport) End(s check.Summary) error { return r.end(s) }

// terminalReport lists the rows that are not ok, each with its reason, and
// closes with the summary table. before runs ahead of each line written
// (a progress bar clears itself there).
type terminalReport struct {
	w      *bufio.Writer
	opts   Options
	before func()
	shown  bool
}

// NewTerminalReport writes the terminal view of a check to w, each row at
// once.
func NewTerminalReport(w io.Writer, opts Options, before func()) Report {
	return &terminalReport{w: bufio.NewWriter(w), opts: opts, before: before}
}

func (r *terminalReport) Row(res check.Result) error {
	changed := res.Baseline != nil && res.Baseline.Class != diff.ClassNone
	if res.Verdict == check.OK && !changed {
		return nil
	}
	if r.before != nil {
		r.before()
	}
	r.shown = true
	if err := CheckLine(r.w, res, r.opts); err != nil {
		return err
	}
	if changed {
		if err := BaselineLines(r.w, *res.Baseline, r.opts); err != nil {
			return err
		}
	}
	return r.w.Flush()
}

func (r *terminalReport) end(s check.Summary) error {
	if r.shown {
		fmt.Fprintln(r.w)
	}
	if err := CheckSummary(r.w, s, r.opts); err != nil {
		return err
	}
	return r.w.Flush()
}

// junitReport writes test cases to a temporary file as rows finish, and
// the report with its counts at the end, so memory stays flat.
type junitReport struct {
	out io.WriteCloser
	tmp *os.File
	w   *bufio.Writer
}

// NewJUnitReport writes a JUnit XML report to out when the run ends, and
// closes it; it keeps the cases in a temporary file meanwhile, made with
// the first row.
func NewJUnitReport(out io.WriteCloser) Report { return &junitReport{out: out} }

func (r *junitReport) Row(res check.Result) error {
	if r.tmp == nil {
		tmp, err := os.CreateTemp("", "hops-junit-*.xml")
		if err != nil {
			return fmt.Errorf("--junit: %w", err)
		}
		// Unnamed at once where the system allows (the open file stays):
		// a run killed by a second Ctrl-C leaves nothing behind.
		os.Remove(tmp.Name())
		r.tmp, r.w = tmp, bufio.NewWriter(tmp)
	}
	return JUnitCase(r.w, res)
}

func (r *junitReport) End(s check.Summary) error {
	var err error
	if r.tmp != nil {
		defer os.Remove(r.tmp.Name())
		defer r.tmp.Close()
		err = r.w.Flush()
		if err == nil {
			_, err = r.tmp.Seek(0, io.SeekStart)
		}
	}
	bw := bufio.NewWriter(r.out)
	if err == nil {
		err = JUnitOpen(bw, s)
	}
	if err == nil && r.tmp != nil {
		_, err = io.Copy(bw, r.tmp)
	}
	if err == nil {
		err = JUnitClose(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := r.out.Close(); err == nil {
		err = cerr
	}
	return err
}

// Stream buffers a report's output and flushes it at least every interval,
// so that a pipe sees rows soon after they finish without a write per row.
// Writes and flushes may come from different goroutines.
type Stream struct {
	once sync.Once
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
	err  error
}

// NewStream starts flushing w's buffer every interval until Close.
func NewStream(w io.Writer, interval time.Duration) *Stream {
	s := &Stream{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-tick.C:
				s.mu.Lock()
				if err := s.w.Flush(); err != nil && s.err == nil {
					s.err = err
				}
				s.mu.Unlock()
			}
		}
	}()
	return s
}

func (s *Stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	return s.w.Write(p)
}

// Close stops the flushing and writes what is left; it reports the first
// write error.
func (s *Stream) Close() error {
	s.once.Do(func() { close(s.stop) })
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

func (r *CSVReport) End(s check.Summary) error {
	if s.Rows == 0 {
		return nil
	}
	if err := r.writeHeader(); err != nil {
		return err
	}
	r.w.Flush()
	return r.w.Error()
}
