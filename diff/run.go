package diff

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
)

// Summary counts rows by class. Rows counts every row of either run once
// (pairs matched, and rows only in one run).
type Summary struct {
	Rows        int `json:"rows"`
	Regression  int `json:"regression"`
	Change      int `json:"change"`
	Improvement int `json:"improvement"`
	None        int `json:"none"`
}

// Count adds a row of class c.
func (s *Summary) Count(c Class) {
	s.Rows++
	switch c {
	case ClassRegression:
		s.Regression++
	case ClassChange:
		s.Change++
	case ClassImprovement:
		s.Improvement++
	case ClassNone:
		s.None++
	}
}

// Result is what Run found: the counts, and the rows that changed waiting
// on disk. Close it.
type Result struct {
	Summary Summary
	// spools hold the changed rows of each class, in order of discovery.
	spools [ClassRegression + 1]*spool
}

// Run compares the run in the file newPath with the one in oldPath. The
// old run goes to an Index; the new one is read as a stream and each of
// its rows takes its match from the Index; the rows left in the Index are
// the ones only in the old run. An error is an *InputError when a file is
// not a run of hops.
func Run(oldPath, newPath string) (*Result, error) {
	ix, err := NewIndex(oldPath)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	res := &Result{}
	err = Read(newPath, func(f Facts) error {
		old, ok, err := ix.Take(f.Source, f.Method)
		if err != nil {
			return err
		}
		if !ok {
			return res.add(OnlyNew(f))
		}
		return res.add(Compare(old, f))
	})
	if err == nil {
		err = ix.Rest(func(f Facts) error { return res.add(OnlyOld(f)) })
	}
	for _, s := range res.spools {
		if err == nil && s != nil {
			err = s.w.Flush()
		}
	}
	if err != nil {
		res.Close()
		return nil, err
	}
	return res, nil
}

func (r *Result) add(row Row) error {
	r.Summary.Count(row.Class)
	if row.Class == ClassNone {
		return nil
	}
	s := r.spools[row.Class]
	if s == nil {
		f, err := os.CreateTemp("", "hops-diff-*.jsonl")
		if err != nil {
			return fmt.Errorf("keep the changed rows: %w", err)
		}
		s = &spool{f: f, w: bufio.NewWriterSize(f, 1<<16)}
		r.spools[row.Class] = s
	}
	b, err := json.Marshal(row)
	if err != nil {
		return fmt.Errorf("keep the changed rows: %w", err)
	}
	if _, err := s.w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("keep the changed rows: %w", err)
	}
	return nil
}

// Rows are the rows that changed, most serious class first (regressions,
// changes, improvements), each class in the order of the new run, then
// the rows only in the old run. It may be read more than once.
func (r *Result) Rows() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for _, c := range []Class{ClassRegression, ClassChange, ClassImprovement} {
			s := r.spools[c]
			if s == nil {
				continue
			}
			if _, err := s.f.Seek(0, io.SeekStart); err != nil {
				yield(Row{}, fmt.Errorf("read the changed rows: %w", err))
				return
			}
			br := bufio.NewReaderSize(s.f, 1<<16)
			for {
				line, err := br.ReadBytes('\n')
				if err == io.EOF && len(line) == 0 {
					break
				}
				var row Row
				if err == nil {
					err = json.Unmarshal(line, &row)
				}
				if err != nil {
					yield(Row{}, fmt.Errorf("read the changed rows: %w", err))
					return
				}
				if !yield(row, nil) {
					return
				}
			}
		}
	}
}

// Close removes the temporary files.
func (r *Result) Close() error {
	var errs []error
	for i, s := range r.spools {
		if s != nil {
			errs = append(errs, s.f.Close(), os.Remove(s.f.Name()))
			r.spools[i] = nil
		}
	}
	return errors.Join(errs...)
}

// spool is a temporary file of rows as JSON lines.
type spool struct {
	f *os.File
	w *bufio.Writer
}
