// Package check verifies many URLs or a migration map with the same engine
// as a single inspection: it reads rows as a stream, walks each chain
// concurrently within per-host limits, and judges each row ok, mismatch or
// error. It writes nothing itself: results go to a callback, and package
// render formats them.
package check

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hops-cli/hops/inspect"
)

// Row is one line of input: a URL to check, or a source with its expected
// target and, optionally, the expected status of the first response.
type Row struct {
	N      int    // line number in the input, from 1
	Source string // absolute URL
	Target string // absolute URL; "" for a plain URL list
	Status int    // expected first status; 0 when not given
	// Err says why the row cannot be checked; the other fields are then
	// whatever could be read.
	Err error
}

// ErrNotText is returned for input that is not text (binary data).
var ErrNotText = errors.New("input is not text")

// maxLine bounds one input line; longer lines are that row's error.
const maxLine = 64 << 10

// Reader reads rows from a URL list, CSV or TSV, streaming. Empty lines and
// lines starting with # are skipped; a first line that names columns
// (source,target,status) is recognised as a header.
type Reader struct {
	br      *bufio.Reader
	line    int
	started bool
	checked bool
}

// NewReader reads rows from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next row; ok is false at the end of the input. err is
// set only when the input as a whole is unusable (not text, or a read
// error); a bad row is returned as a Row with Err.
func (r *Reader) Next() (row Row, ok bool, err error) {
	if !r.checked {
		r.checked = true
		if err := r.checkText(); err != nil {
			return Row{}, false, err
		}
	}
	for {
		line, tooLong, err := r.readLine()
		if err != nil && !errors.Is(err, io.EOF) {
			return Row{}, false, fmt.Errorf("read input: %w", err)
		}
		if line == nil && !tooLong && errors.Is(err, io.EOF) {
			return Row{}, false, nil
		}
		r.line++
		if tooLong {
			return Row{N: r.line, Err: fmt.Errorf("line longer than %d KiB", maxLine>>10)}, true, nil
		}
		text := strings.TrimSpace(string(line))
		if r.line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" || strings.HasPrefix(text, "#") {
			if errors.Is(err, io.EOF) {
				return Row{}, false, nil
			}
			continue
		}
		first := !r.started
		r.started = true
		fields, perr := splitFields(text)
		if perr != nil {
			return Row{N: r.line, Source: text, Err: perr}, true, nil
		}
		if first && isHeader(fields) {
			continue
		}
		return parseRow(r.line, fields), true, nil
	}
}

// checkText looks at the start of the input: NUL bytes or invalid UTF-8
// mean it is not a list of URLs.
func (r *Reader) checkText() error {
	head, _ := r.br.Peek(8 << 10)
	if bytes.IndexByte(head, 0) >= 0 {
		return ErrNotText
	}
	// The peek may cut the last rune; only a clear error counts.
	for len(head) > 0 {
		ru, size := utf8.DecodeRune(head)
		if ru == utf8.RuneError && size == 1 && len(head) >= utf8.UTFMax {
			return ErrNotText
		}
		head = head[size:]
	}
	return nil
}

// readLine returns the next line without its end; a line over maxLine is
// skipped to its end and reported as tooLong.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.br.ReadSlice('\n')
		if len(line)+len(chunk) > maxLine {
			tooLong = true
			line = nil
		} else if !tooLong {
			line = append(line, chunk...)
		}
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			if len(line) == 0 && !tooLong {
				return nil, false, err
			}
			return bytes.TrimRight(line, "\r\n"), tooLong, err
		}
	}
}

// splitFields splits a TSV line at tabs, a CSV line (with quoting) at
// commas, and anything else not at all.
func splitFields(text string) ([]string, error) {
	switch {
	case strings.Contains(text, "\t"):
		return trimAll(strings.Split(text, "\t")), nil
	case strings.Contains(text, ","):
		cr := csv.NewReader(strings.NewReader(text))
		cr.FieldsPerRecord = -1
		cr.TrimLeadingSpace = true
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("malformed CSV: %w", err)
		}
		return trimAll(rec), nil
	}
	return []string{text}, nil
}

func trimAll(fs []string) []string {
	for i := range fs {
		fs[i] = strings.TrimSpace(fs[i])
	}
	return fs
}

// isHeader recognises a first row of column names: words only, at least
// one of them a usual column name.
func isHeader(fields []string) bool {
	known := false
	for _, f := range fields {
		for _, c := range f {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ' ' || c == '-') {
				return false
			}
		}
		switch strings.ToLower(strings.Trim(f, " _-")) {
		case "source", "target", "url", "from", "to", "old", "new", "status", "expected", "code",
			"redirect", "destination", "old url", "new url", "old_url", "new_url", "source url", "target url":
			known = true
		}
	}
	return known
}

func parseRow(n int, fields []string) Row {
	row := Row{N: n, Source: fields[0]}
	src, err := inspect.ParseURL(fields[0])
	if err != nil {
		row.Err = fmt.Errorf("source: %w", err)
		return row
	}
	row.Source = src
	if len(fields) > 1 && fields[1] != "" {
		row.Target = fields[1]
		target, err := resolveTarget(src, fields[1])
		if err != nil {
			row.Err = fmt.Errorf("target: %w", err)
			return row
		}
		row.Target = target
	}
	if len(fields) > 2 && fields[2] != "" {
		st, err := strconv.Atoi(fields[2])
		if err != nil || st < 100 || st > 599 {
			row.Err = fmt.Errorf("status %q is not an HTTP status code", fields[2])
			return row
		}
		row.Status = st
	}
	return row
}

// resolveTarget accepts an absolute target, or one relative to the source
// ("/new-path"), as a Location would be.
func resolveTarget(src, target string) (string, error) {
	loc, err := inspect.ResolveLocation(inspect.StripFragment(src), target)
	if err != nil {
		return "", err
	}
	if sc := loc.Scheme(); sc != "http" && sc != "https" {
		return "", fmt.Errorf("unsupported scheme %q in %q", sc, target)
	}
	return loc.URL, nil
}
