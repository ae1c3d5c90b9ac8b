package diff

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
)

// InputError is a file that is not what hops diff reads, at a line.
type InputError struct {
	File string
	Line int // 0: the file as a whole
	Err  error
}

func (e *InputError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s line %d: %v", e.File, e.Line, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// FileError is a file given to diff that could not be opened or read. Err
// is its *os.PathError, for the command line to word as it words its
// other files; errors of diff's own temporary files are not FileErrors.
type FileError struct{ Err error }

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Read calls fn with the Facts of each row of the file at path, in order.
// The file holds JSON values one after another, each either a chain
// document (hops --json, indented or not) or a line of hops check --json;
// a check run's summary line is skipped, so is every field Facts do not
// use. The file is read as a stream: one row in memory at a time.
func Read(path string, fn func(Facts) error) error {
	f, err := os.Open(path)
	if err != nil {
		return &FileError{err}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, bufferFor(f.Stat()))
	// A run saved by an editor may start with a UTF-8 byte order mark, as
	// a map may; the decoder's offsets then count from past it.
	var skip int64
	if b, _ := br.Peek(3); string(b) == "\uFEFF" {
		br.Discard(3)
		skip = 3
	}
	dec := json.NewDecoder(br)
	values := 0
	for {
		start := skip + dec.InputOffset()
		var w wireRow
		err := dec.Decode(&w)
		if err == io.EOF {
			break
		}
		if err != nil {
			return decodeError(path, start, skip, err)
		}
		values++
		facts, err := w.facts()
		if errors.Is(err, errSummary) {
			continue
		}
		if err != nil {
			return &InputError{path, lineAt(path, start, true), err}
		}
		if err := fn(facts); err != nil {
			return err
		}
	}
	if values == 0 {
		return &InputError{File: path, Err: errors.New("empty: want the output of hops --json or hops check --json")}
	}
	return nil
}

// bufferFor is the size of a buffer for reading or writing as much as the
// file described: up to 1 MiB (fewer system calls on a large run), and no
// more than the file needs. Two small files, the usual diff, took 2 MiB
// of buffers, enough to start a garbage collection in a 20 ms process.
func bufferFor(st os.FileInfo, err error) int {
	const most, least = 1 << 20, 4 << 10
	if err != nil || !st.Mode().IsRegular() || st.Size() >= most {
		return most
	}
	return max(int(st.Size()), least)
}

// decodeError says what is wrong with the JSON value that starts at byte
// start, at the line where it went wrong; the decoder began skip bytes
// into the file.
func decodeError(path string, start, skip int64, err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syntax):
		// Offset counts from the start of the stream, past the bad byte.
		return &InputError{path, lineAt(path, skip+syntax.Offset-1, false), fmt.Errorf("not JSON: %v", syntax)}
	case errors.As(err, &typ):
		if typ.Field == "" {
			// The document itself is of another kind (an array, a string).
			return &InputError{path, lineAt(path, start, true), fmt.Errorf("not a JSON object: hops writes one object a chain or a line, this is a JSON %s", typ.Value)}
		}
		return &InputError{path, lineAt(path, start, true), fmt.Errorf("field %s: a JSON %s where hops writes %s", typ.Field, typ.Value, jsonKind(typ.Type))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &InputError{path, lineAt(path, start, true), errors.New("the JSON is cut short (an interrupted run?)")}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &FileError{err} // a read that failed: a directory, an I/O error
	}
	return fmt.Errorf("read %s: %w", path, err)
}

// lineAt is the line number of byte off in the file, past any white space
// there when skipSpace (a value's start offset is where the previous one
// ended). Only errors need it, so the file is read again rather than
// every line's offset kept.
func lineAt(path string, off int64, skipSpace bool) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line := 1
	for i := int64(0); ; i++ {
		c, err := r.ReadByte()
		if err != nil {
			return line
		}
		if i >= off && (!skipSpace || c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			return line
		}
		if c == '\n' {
			line++
		}
	}
}

// jsonKind names what JSON a Go type takes, for a message.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		if t == reflect.TypeFor[json.RawMessage]() {
			return "any value"
		}
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a number"
}
