package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// reportFile is a report (--junit, --html) opened before the first request
// (a report that cannot be written is known before the run, not after it)
// and written only when the report ends: until then its bytes go to a
// temporary file, so that a run that stops at an error (a map that cannot
// be read, or whose reading fails halfway; a bad baseline; no rows) leaves
// the file of an earlier run as it was, and removes a file it made itself.
// The report's Close at its end puts it in place. The file is opened as
// os.Create opens one: through a symbolic link, into a read-only
// directory, onto /dev/null, with the file's own mode and owner kept.
type reportFile struct {
	f       *os.File
	made    string   // the file this run created, "" when it was there
	spool   *os.File // the report so far
	written bool     // put in place
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
	r := &reportFile{f: f}
	if errors.Is(statErr, fs.ErrNotExist) {
		// Made now: through a dangling link, the file it points at.
		r.made = dest
		if real, err := filepath.EvalSymlinks(dest); err == nil {
			r.made = real
		}
		madeReports.add(r.made)
	}
	return r, nil
}

// madeReports are the report files this run made and has not written:
// what a run ended at once (a second Ctrl-C) removes.
var madeReports = &fileSet{paths: map[string]bool{}}

type fileSet struct {
	sync.Mutex
	paths map[string]bool
}

func (m *fileSet) add(path string) {
	m.Lock()
	m.paths[path] = true
	m.Unlock()
}

func removeMadeReports() {
	madeReports.Lock()
	defer madeReports.Unlock()
	for p := range madeReports.paths {
		os.Remove(p)
	}
}

func forgetMadeReport(path string) {
	madeReports.Lock()
	delete(madeReports.paths, path)
	madeReports.Unlock()
}

func (r *reportFile) Write(p []byte) (int, error) {
	if r.spool == nil {
		spool, err := os.CreateTemp("", "hops-report-*")
		if err != nil {
			return 0, fmt.Errorf("write %s: %w", r.f.Name(), err)
		}
		// Unnamed at once where the system allows (the open file stays):
		// a run killed by a second Ctrl-C leaves nothing behind.
		os.Remove(spool.Name())
		r.spool = spool
	}
	return r.spool.Write(p)
}

// Close puts the whole report in place of what the file held: the
// report's end calls it.
func (r *reportFile) Close() error {
	if r.written {
		return nil
	}
	r.written = true
	// A second Ctrl-C removes the files this run made (removeMadeReports,
	// under the same lock): it waits for the report to be in place, and
	// finds it no longer listed.
	madeReports.Lock()
	defer madeReports.Unlock()
	delete(madeReports.paths, r.made)
	err := r.empty()
	if err == nil && r.spool != nil {
		if _, err = r.spool.Seek(0, io.SeekStart); err == nil {
			_, err = io.Copy(r.f, r.spool)
		}
	}
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	r.dropSpool()
	if err != nil {
		return fmt.Errorf("write %s: %w", r.f.Name(), err)
	}
	return nil
}

// empty clears what an earlier run left; a device or a pipe has nothing
// to clear.
func (r *reportFile) empty() error {
	st, err := r.f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return r.f.Truncate(0)
}

func (r *reportFile) dropSpool() {
	if r.spool != nil {
		r.spool.Close()
		os.Remove(r.spool.Name())
		r.spool = nil
	}
}

// discard drops a report that did not end (its file is left as it was,
// or removed when this run made it); after Close it does nothing.
func (r *reportFile) discard() {
	if r == nil || r.written {
		return
	}
	r.f.Close()
	r.dropSpool()
	if r.made != "" {
		os.Remove(r.made)
		forgetMadeReport(r.made)
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
