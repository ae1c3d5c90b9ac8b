package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// reportFile is a report (--junit, --html) opened before the first request
// (a report that cannot be written is known before the run, not after it)
// but emptied only when the report first writes to it: a run that stops at
// a usage error (a map that cannot be read, a bad baseline, no rows) leaves
// the file of an earlier run as it was, and removes a file it made itself.
// It is opened as os.Create opens a file, through a symbolic link, into a
// read-only directory, or onto /dev/null, with the file's own mode kept.
type reportFile struct {
	f       *os.File
	created bool // made by this run: removed if no report is written
	written bool
}

func createReport(flag, dest string) (*reportFile, error) {
	if dest == "-" {
		return nil, usagef("--%s -: standard output holds the check's own report; give a file name", flag)
	}
	_, statErr := os.Stat(dest)
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fileErrorf("--%s: %w", flag, unwrapPathError(err))
	}
	return &reportFile{f: f, created: errors.Is(statErr, fs.ErrNotExist)}, nil
}

// Write empties what an earlier run left before the first bytes go in (a
// device or a pipe has nothing to empty).
func (r *reportFile) Write(p []byte) (int, error) {
	if !r.written {
		r.written = true
		if st, err := r.f.Stat(); err == nil && st.Mode().IsRegular() {
			if err := r.f.Truncate(0); err != nil {
				return 0, fmt.Errorf("write %s: %w", r.f.Name(), err)
			}
		}
	}
	return r.f.Write(p)
}

func (r *reportFile) Close() error { return r.f.Close() }

// discard closes a report, and removes its file if this run made it and
// wrote nothing to it.
func (r *reportFile) discard() {
	if r == nil {
		return
	}
	r.f.Close() // the report may have closed it already
	if !r.written && r.created {
		os.Remove(r.f.Name())
	}
}

// sameFiles refuses a line that names a report's file again, as the map,
// the baseline or the other report: the report would overwrite the map or
// the earlier run it is read with, or the other report. named lists the
// inputs first, then the reports (from outputs on); inputs may be one file.
// stdin, when not nil, is the map read from standard input: a file
// redirected there is the map too.
func sameFiles(named [][2]string, outputs int, stdin fs.FileInfo) error {
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
		if f.st != nil && !f.st.Mode().IsRegular() {
			continue // /dev/null or a pipe may take both reports
		}
		if i >= outputs && stdin != nil && f.st != nil && os.SameFile(stdin, f.st) {
			return fileErrorf("%s names the file the map is read from on standard input (%s)", f.flag, f.path)
		}
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
