package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// reportFile is a report (--junit, --html) written beside its destination
// and moved into place once the run has written all of it: a run that ends
// in a usage error (a map that cannot be read, a bad baseline) leaves the
// file of an earlier run as it was, and a reader never sees half a report.
type reportFile struct {
	*os.File
	dest string
	mode fs.FileMode
	done bool
}

// createReport checks dest and opens the file the report is written to
// before the first request: a report that cannot be written is known
// before the run, not after it.
func createReport(flag, dest string) (*reportFile, error) {
	if dest == "-" {
		return nil, usagef("--%s -: standard output holds the check's own report; give a file name", flag)
	}
	// A symbolic link is written through, as os.Create would.
	if real, err := filepath.EvalSymlinks(dest); err == nil {
		dest = real
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(dest); err == nil {
		if st.IsDir() {
			return nil, fileErrorf("--%s %q: is a directory", flag, dest)
		}
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		// Named as the user typed it, not as the file beside it.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fileErrorf("--%s: open %q: %w", flag, dest, err)
	}
	return &reportFile{File: f, dest: dest, mode: mode}, nil
}

// commit moves the written report to its destination.
func (r *reportFile) commit() error {
	if r == nil || r.done {
		return nil
	}
	r.done = true
	// The report may have closed the file when it ended.
	err := r.Close()
	if errors.Is(err, os.ErrClosed) {
		err = nil
	}
	if err == nil {
		err = os.Chmod(r.Name(), r.mode)
	}
	if err == nil {
		err = os.Rename(r.Name(), r.dest)
	}
	if err != nil {
		os.Remove(r.Name())
		return fmt.Errorf("write %s: %w", r.dest, err)
	}
	return nil
}

// discard removes an unfinished report; the destination is left alone.
func (r *reportFile) discard() {
	if r == nil || r.done {
		return
	}
	r.done = true
	r.Close()
	os.Remove(r.Name())
}

// sameFiles refuses a line that names a report's file again, as the map,
// the baseline or the other report: the report would overwrite the map or
// the earlier run it is read with, or the other report. named lists the
// inputs first, then the reports (from outputs on); inputs may be one file.
func sameFiles(named [][2]string, outputs int) error {
	type file struct {
		flag, path string
		abs        string
		st         fs.FileInfo
	}
	var files []file
	for i, n := range named {
		if n[1] == "" || n[1] == "-" {
			continue
		}
		f := file{flag: n[0], path: n[1]}
		if abs, err := filepath.Abs(n[1]); err == nil {
			f.abs = abs
		}
		if real, err := filepath.EvalSymlinks(n[1]); err == nil {
			if abs, err := filepath.Abs(real); err == nil {
				f.abs = abs
			}
		}
		f.st, _ = os.Stat(n[1])
		for _, g := range files {
			if i < outputs {
				break // two inputs are only read
			}
			same := f.abs != "" && f.abs == g.abs
			if f.st != nil && g.st != nil && os.SameFile(f.st, g.st) {
				same = true
			}
			if same {
				return fileErrorf("%s and %s name the same file (%s)", g.flag, f.flag, f.path)
			}
		}
		files = append(files, f)
	}
	return nil
}
