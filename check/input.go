// Package check reads the rows of a check (a URL list or a migration map,
// streamed) and judges a walked row ok, mismatch or error. It walks
// nothing itself (package bulk runs the rows) and writes nothing (package
// render formats the results).
package check

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/hops-cli/hops/href"
)

// Row is one line of input: a URL to check, or a source with its expected
// target and, optionally, the expected status of the first response.
type Row struct {
	N      int    // line number in the input, from 1
	Source string // absolute URL
	Target string // absolute URL; "" for a plain URL list
	Status int    // expected first status when one is given; 0 otherwise
	// Statuses is the set of first statuses the row accepts (nil: any),
	// written as StatusText ("301|308", "3xx", "permanent").
	Statuses   []int
	StatusText string
	// Sitemap is true for a URL listed in an XML sitemap: its Target is
	// the URL itself, to be answered with a 2xx and no redirect.
	Sitemap bool
	// Err says why the row cannot be checked; the other fields are then
	// whatever could be read.
	Err error
}

// ErrNotText is returned for input that is clearly not text: NUL bytes in
// its first 512 bytes (binary data, or UTF-16 without a byte order mark).
// UTF-16 with a byte order mark is read; a later line with a NUL byte, or
// that is not UTF-8, is that row's error.
var ErrNotText = errors.New("input is not text")

// ErrJSONRun is returned for input that starts as hops's own --json output
// (a JSON object), which holds no row of a map.
var ErrJSONRun = errors.New("input is JSON, not a map")

// maxLine bounds one input line; longer lines are that row's error.
const maxLine = 64 << 10

// Reader reads rows from a URL list, CSV or TSV, streaming. Empty lines and
// lines starting with # are skipped; a first line that names columns
// (source,target,status) is recognised as a header.
type Reader struct {
	// Base resolves rows whose source is a path ("/old/11"); without it
	// such a row is malformed.
	Base string
	// Lint, when set, sees every row Next returns.
	Lint *Linter
	// Fetch fetches the child sitemaps of a sitemap index; without it
	// they are error rows.
	Fetch   FetchFunc
	sitemap *sitemapReader
	br      *bufio.Reader
	// origin is the input when it is a regular file, from originAt on:
	// the linter reads the few rows it names again instead of keeping
	// every row's URLs.
	origin   io.ReaderAt
	originAt int64
	linting  bool
	line     int
	started  bool
	checked  bool
	// sep is the field separator, chosen from the first row: tab, comma,
	// semicolon, or 0 for a list of URLs.
	sep byte
	// cols are the source, target and status columns (-1: none), from a
	// header row or by position.
	cols [3]int
	// fields is the cells of the row being read, reused row after row.
	fields []string
}

// NewReader reads rows from r. A UTF-16 byte order mark switches to
// UTF-16; anything else is read as it is.
func NewReader(r io.Reader) *Reader {
	rd := &Reader{cols: [3]int{0, 1, 2}}
	if f, ok := r.(regularFile); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if at, err := f.Seek(0, io.SeekCurrent); err == nil {
				rd.origin, rd.originAt = f, at
			}
		}
	}
	r = newBOMReader(r)
	rd.br = bufio.NewReaderSize(r, 64<<10)
	return rd
}

// regularFile is what an *os.File offers to be read again at offsets,
// which do not move the offset the Reader reads at.
type regularFile interface {
	io.ReaderAt
	io.Seeker
	Stat() (fs.FileInfo, error)
}

// rereader reads the input again from where it started, as a text map
// with the same base, for the linter.
func (r *Reader) rereader() func(yield func(Row) bool) error {
	src, at, base := r.origin, r.originAt, r.Base
	return func(yield func(Row) bool) error {
		again := NewReader(io.NewSectionReader(src, at, math.MaxInt64-at))
		again.Base = base
		for {
			row, ok, err := again.Next()
			if err != nil || !ok {
				return err
			}
			if again.IsSitemap() {
				return errors.New("the input is no longer a text map")
			}
			if !yield(row) {
				return nil
			}
		}
	}
}

// Next returns the next row; ok is false at the end of the input. err is
// set only when the input as a whole is unusable (not text, or a read
// error); a bad row is returned as a Row with Err.
func (r *Reader) Next() (row Row, ok bool, err error) {
	row, ok, err = r.next()
	if ok && r.Lint != nil {
		if !r.linting {
			r.linting = true
			if r.origin != nil && r.sitemap == nil {
				// A sitemap is not read again: an index's children
				// would be fetched again.
				r.Lint.rereadFrom(r.rereader())
			}
		}
		lint := row
		if lint.Sitemap {
			lint.Target = "" // a URL listed twice is a duplicate, not a cycle
		}
		r.Lint.Add(lint)
	}
	return row, ok, err
}

// IsSitemap reports whether the input was read as an XML sitemap (known
// after the first call of Next).
func (r *Reader) IsSitemap() bool { return r.sitemap != nil }

// startSitemap looks at the input's first bytes, waiting only for as many
// as it needs: gzip or markup is a sitemap.
func (r *Reader) startSitemap() (bool, error) {
	if head, _ := r.br.Peek(2); isGzip(head) {
		sm, err := newSitemapReader(r.br, r.Fetch)
		r.sitemap = sm
		return true, err
	}
	for i := 1; ; i++ {
		head, err := r.br.Peek(i)
		if len(head) < i || err != nil {
			return false, nil
		}
		if looksLikeXML(head) {
			sm, err := newSitemapReader(r.br, r.Fetch)
			r.sitemap = sm
			return true, err
		}
		switch head[i-1] {
		case ' ', '\t', '\r', '\n', 0xEF, 0xBB, 0xBF:
			continue
		}
		return false, nil
	}
}

func (r *Reader) next() (row Row, ok bool, err error) {
	if !r.checked {
		r.checked = true
		sm, err := r.startSitemap()
		if err != nil {
			return Row{}, false, err
		}
		if !sm {
			if err := r.checkText(); err != nil {
				return Row{}, false, err
			}
		}
	}
	if r.sitemap != nil {
		row, ok := r.sitemap.next()
		return row, ok, nil
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
		if !utf8.Valid(line) {
			return Row{N: r.line, Err: notUTF8(line)}, true, nil
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			// Past what the first look saw: the row is refused, not read
			// with the byte dropped (the URL parser strips a NUL at either
			// end as it strips spaces).
			return Row{N: r.line, Err: fmt.Errorf("NUL byte at column %d: not a line of text", i+1)}, true, nil
		}
		raw := string(line)
		if r.line == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		text := strings.TrimSpace(raw)
		if text == "" || strings.HasPrefix(text, "#") {
			if errors.Is(err, io.EOF) {
				return Row{}, false, nil
			}
			continue
		}
		first := !r.started
		if first {
			r.started = true
			r.sep = detectSep(text)
		}
		if r.sep == '\t' {
			// A tab at either end is a cell's edge, not space: a row
			// whose first cell is empty starts with one.
			text = strings.TrimFunc(raw, notTabSpace)
		}
		if first {
			if fields, err := splitFields(text, r.sep); err == nil && isHeader(fields) {
				r.cols = headerColumns(fields)
				if r.sep == 0 {
					// One column, whatever its name: the URLs to check.
					r.cols = [3]int{0, -1, -1}
				}
				continue
			}
		}
		fields, perr := appendFields(r.fields[:0], text, r.sep)
		if perr != nil {
			return Row{N: r.line, Source: text, Err: perr}, true, nil
		}
		r.fields = fields // the cells are pieces of text, which the row owns
		return r.parseRow(r.line, fields), true, nil
	}
}

// checkText looks at the start of what has arrived of the input, without
// waiting for more (a pipe may bring rows one at a time): NUL bytes there
// mean binary data or UTF-16 without a byte order mark, which no row could
// be read from. Only the start, so that a stray NUL further on is that
// row's error however the input arrived (a file's first read holds 64 KiB,
// a pipe's a line).
func (r *Reader) checkText() error {
	if _, err := r.br.Peek(1); err != nil {
		return nil // empty or failing input: Next says so
	}
	head, _ := r.br.Peek(min(r.br.Buffered(), binaryHead))
	if bytes.IndexByte(head, 0) >= 0 {
		return ErrNotText
	}
	// No row of a map or a URL list starts with "{": this is a run of hops
	// --json or check --json given where its map belongs.
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return ErrJSONRun
	}
	return nil
}

// binaryHead is how much of the input's start checkText reads: binary
// formats and UTF-16 show NUL bytes within it.
const binaryHead = 512

// notUTF8 says where a line stops being UTF-8.
func notUTF8(line []byte) error {
	i := 0
	for i < len(line) {
		ru, size := utf8.DecodeRune(line[i:])
		if ru == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return fmt.Errorf("not UTF-8 text: byte 0x%02X at column %d (Latin-1 or Windows-1252?); save the map as UTF-8", line[i], i+1)
}

// readLine returns the next line without its end; a line over maxLine is
// skipped to its end and reported as tooLong. A line that is whole in the
// buffer is returned in place, not copied: it is valid until the next read.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.br.ReadSlice('\n')
		if line == nil && !tooLong && len(chunk) <= maxLine && !errors.Is(err, bufio.ErrBufferFull) {
			if err != nil && len(chunk) == 0 {
				return nil, false, err
			}
			return bytes.TrimRight(chunk, "\r\n"), false, err
		}
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

// detectSep chooses the separator of a map from its first row: the first of
// tab, comma and semicolon that splits it into column names, or into a
// source followed by a target or a status. None: a list of URLs (whose
// URLs may hold commas and semicolons of their own).
func detectSep(line string) byte {
	for _, sep := range []byte{'\t', ',', ';'} {
		if strings.IndexByte(line, sep) < 0 {
			continue
		}
		fields, err := splitFields(line, sep)
		if err != nil || len(fields) < 2 {
			continue
		}
		if isHeader(fields) || looksLikeURL(fields[0]) && (fields[1] == "" || looksLikeURL(fields[1]) || looksLikeStatus(fields[1])) {
			return sep
		}
	}
	return 0
}

// notTabSpace is unicode.IsSpace without the tab.
func notTabSpace(c rune) bool { return c != '\t' && unicode.IsSpace(c) }

// looksLikeURL is a loose test for a map cell: an http(s) URL, a path, or
// a host name with a dot.
func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	switch {
	case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "/"):
		return true
	}
	return strings.Contains(s, ".") && !strings.ContainsAny(s, " =")
}

func looksLikeStatus(s string) bool { return len(s) == 3 && allDigits(s) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// splitFields splits a line at the map's separator: tabs as they are,
// commas and semicolons with CSV quoting; 0 keeps the line whole.
func splitFields(text string, sep byte) ([]string, error) {
	return appendFields(nil, text, sep)
}

// appendFields is splitFields appending the cells to dst.
func appendFields(dst []string, text string, sep byte) ([]string, error) {
	switch sep {
	case '\t':
		return trimAll(splitAt(dst, text, '\t')), nil
	case ',', ';':
		if !strings.Contains(text, `"`) {
			// Without quotes a CSV line is its cells between separators;
			// a csv.Reader (4 KiB of buffer) for each line was an eighth
			// of what a check allocated.
			return trimAll(splitAt(dst, text, sep)), nil
		}
		cr := csv.NewReader(strings.NewReader(text))
		cr.Comma = rune(sep)
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
	return append(dst, text), nil
}

// splitAt appends the pieces of s between seps to dst, as strings.Split
// gives them, into the Reader's slice instead of a new one per row.
func splitAt(dst []string, s string, sep byte) []string {
	for {
		i := strings.IndexByte(s, sep)
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
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
		if f == "" {
			continue // an empty column (a spreadsheet's trailing comma)
		}
		if !isName(f) {
			return false
		}
		if headerRole(f) >= 0 {
			known = true
		}
	}
	return known
}

// isName reports whether a cell is a column name: letters, spaces, "_"
// and "-" only.
func isName(f string) bool {
	for _, c := range f {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ' ' || c == '-') {
			return false
		}
	}
	return true
}

// headerRole is the role of a column by its name: 0 source, 1 target, 2
// status, -1 none. Names are read by their words ("Redirect From",
// "old_url", "Target URL").
func headerRole(name string) int {
	words := strings.FieldsFunc(strings.ToLower(name), func(c rune) bool { return c == ' ' || c == '_' || c == '-' })
	has := func(ws ...string) bool {
		for _, w := range words {
			if slices.Contains(ws, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("source", "from", "old", "origin"):
		return 0
	case has("target", "to", "new", "destination"):
		return 1
	case has("status", "code", "expected"):
		return 2
	case has("redirect"):
		return 1
	case has("url"):
		return 0
	}
	return -1
}

// headerColumns finds the source, target and status columns of a header
// row, in any order; a role with no column of its name keeps its place.
func headerColumns(fields []string) [3]int {
	cols := [3]int{-1, -1, -1}
	for i, f := range fields {
		role := headerRole(f)
		if role >= 0 && cols[role] < 0 {
			cols[role] = i
		}
	}
	for role, def := range [3]int{0, 1, 2} {
		// A role with no column of its name keeps its place, unless a
		// named role holds that place ("url,status": no target).
		if cols[role] < 0 && !slices.Contains(cols[:], def) {
			cols[role] = def
		}
	}
	return cols
}

// cell returns the field of a role, "" when the row has no such column.
func (r *Reader) cell(fields []string, role int) string {
	if i := r.cols[role]; i >= 0 && i < len(fields) {
		return fields[i]
	}
	return ""
}

func (r *Reader) parseRow(n int, fields []string) Row {
	source, targetCell, status := r.cell(fields, 0), r.cell(fields, 1), r.cell(fields, 2)
	row := Row{N: n, Source: source}
	for _, c := range []string{source, targetCell} {
		if multipleURLs(c, r.sep) {
			row.Err = fmt.Errorf("%q holds more than one URL; write one source and one target per row", c)
			return row
		}
	}
	if source == "" {
		row.Err = errors.New("source: empty")
		return row
	}
	src, err := r.source(source)
	if err != nil {
		row.Err = fmt.Errorf("source: %w", err)
		return row
	}
	row.Source = src
	// In a map (a separator, and a target column in the row), the target
	// must be there and be an absolute http(s) URL or a path.
	inMap := r.sep != 0 && r.cols[1] >= 0 && r.cols[1] < len(fields)
	switch {
	case targetCell == "" && inMap:
		row.Err = errors.New("target: empty")
		return row
	case targetCell != "":
		row.Target = targetCell
		if !strings.HasPrefix(targetCell, "/") && !hasHTTPScheme(targetCell) {
			row.Err = fmt.Errorf("target %q: want an absolute http(s) URL or a path starting with /", targetCell)
			return row
		}
		target, err := resolveTarget(src, targetCell)
		if err != nil {
			row.Err = fmt.Errorf("target: %w", err)
			return row
		}
		row.Target = target
	}
	if status != "" {
		set, err := parseStatusSet(status)
		if err != nil {
			row.Err = err
			return row
		}
		row.Statuses, row.StatusText = set, status
		if len(set) == 1 {
			row.Status = set[0]
		}
	}
	return row
}

// source reads a row's source: an http(s) URL, a host name with a dot, an
// IP address or localhost (taken as http://, as curl does), or a path
// resolved against Base.
func (r *Reader) source(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, "/"):
		if r.Base == "" {
			return "", fmt.Errorf("%q is a path: give --base URL to check paths", s)
		}
		loc, err := href.ResolveLocation(r.Base, s)
		if err != nil {
			return "", err
		}
		return loc.URL, nil
	case hasHTTPScheme(s) || hostLike(s):
		return href.ParseURL(s)
	}
	return "", fmt.Errorf("%q is not a URL (want http(s)://…, a host name with a dot, or a path with --base)", s)
}

func hasHTTPScheme(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// hostLike reports whether s starts with a host curl would take without a
// scheme: a name with a dot, an IP address, or localhost.
func hostLike(s string) bool {
	host := s
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if strings.HasPrefix(host, "[") {
		if end := strings.IndexByte(host, ']'); end > 0 {
			_, err := netip.ParseAddr(host[1:end])
			return err == nil
		}
		return false
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && allDigits(host[i+1:]) {
		host = host[:i]
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return host != "" && !strings.ContainsAny(host, " \t") && (strings.EqualFold(host, "localhost") || strings.Contains(host, "."))
}

// oneStatus holds every status from 100 to 599 once: the set of a row
// that expects one status is a slice of it, which the rows share (no row
// changes its Statuses) instead of each allocating its own. It is filled
// at the first such row, not at start: as package init, its 4 KB cost
// every run of hops a stack growth and a page fault (~0.1 ms).
var (
	oneStatus     [500]int
	oneStatusOnce sync.Once
)

func fillOneStatus() {
	for i := range oneStatus {
		oneStatus[i] = 100 + i
	}
}

// parseStatusSet reads an expected first status: "301", a set "301|308",
// a class "3xx", or "permanent" (301, 308) and "temporary" (302, 303, 307).
func parseStatusSet(s string) ([]int, error) {
	if st, ok := plainStatus(s); ok {
		oneStatusOnce.Do(fillOneStatus)
		return oneStatus[st-100 : st-99 : st-99], nil
	}
	var set []int
	for rest, more := s, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, "|")
		p := strings.ToLower(strings.TrimSpace(part))
		switch {
		case p == "permanent":
			set = append(set, 301, 308)
		case p == "temporary":
			set = append(set, 302, 303, 307)
		case len(p) == 3 && p[0] >= '1' && p[0] <= '5' && p[1:] == "xx":
			base := int(p[0]-'0') * 100
			for st := base; st < base+100; st++ {
				set = append(set, st)
			}
		default:
			// Three digits and nothing else: strconv.Atoi took "+301" and
			// "0301" for 301.
			st, ok := plainStatus(p)
			if !ok {
				return nil, fmt.Errorf("status %q is not an HTTP status code or a set of them (301|308, 3xx, permanent, temporary)", s)
			}
			set = append(set, st)
		}
	}
	return set, nil
}

// plainStatus reads a cell that is one status code, three digits from
// 100 to 599 and nothing else; other cells take the general way.
func plainStatus(s string) (int, bool) {
	if len(s) != 3 || !allDigits(s) {
		return 0, false
	}
	st := int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
	return st, st >= 100 && st <= 599
}

// multipleURLs reports a cell holding a second URL after a space, a tab or
// a '|' (an absolute http(s) URL or a path), or an absolute http(s) URL
// after a ',' or a ';' before the cell's query: in a comma or semicolon
// map only after its own separator (a quoted "a,https://b"), in a URL list
// or a tab map after either. A query may list URLs
// (?u=https://b,https://c), and a path after a comma may be part of the
// URL (/a,/b).
func multipleURLs(cell string, sep byte) bool {
	splits := func(c byte) bool { return c == ',' || c == ';' }
	if sep == ',' || sep == ';' {
		splits = func(c byte) bool { return c == sep }
	}
	inQuery := false
	for i := 1; i < len(cell); i++ {
		c := cell[i-1]
		inQuery = inQuery || c == '?'
		list := !inQuery && splits(c)
		if c != ' ' && c != '\t' && c != '|' && !list {
			continue
		}
		rest := strings.TrimLeft(cell[i:], " \t|")
		l := strings.ToLower(rest)
		if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || (!list && strings.HasPrefix(rest, "/")) {
			return true
		}
	}
	return false
}

// resolveTarget accepts an absolute target, or one relative to the source
// ("/new-path"), as a Location would be.
func resolveTarget(src, target string) (string, error) {
	loc, err := href.ResolveLocation(href.StripFragment(src), target)
	if err != nil {
		return "", err
	}
	if sc := loc.Scheme(); sc != "http" && sc != "https" {
		return "", fmt.Errorf("unsupported scheme %q in %q", sc, target)
	}
	return loc.URL, nil
}
