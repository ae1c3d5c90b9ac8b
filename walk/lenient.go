package walk

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/textproto"
	"sync"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/inspect"
)

// Browsers read some HTTP/1 responses that Go's reader refuses whole: a
// header line holding a control byte, a bare CR, a NUL, or a line that is
// not a header field at all (issue 10). hops shows such a hop as a browser
// sees it: lenientConn sits between the Transport and the connection and,
// while a response header section goes by, rewrites only the field lines
// that Go would refuse into ones it accepts, noting what it changed; after
// the round trip the hop's header values are put back as browsers read them
// (malformedSink.restore). Lines that Go accepts pass through byte for byte.
//
// Chromium reads a header section like this (net/http/http_util.cc,
// HttpUtil::AssembleRawHeaders and HttpUtil::HeadersIterator, and
// net/http/http_response_headers.cc, HttpResponseHeaders::Parse):
//   - the section ends at "\n\n" or "\n\r\n" (HttpUtil::LocateEndOfHeaders);
//     inside it, lines end at any CR or LF and empty lines are skipped, so a
//     bare CR ends a line;
//   - a line starting with SP or HT continues the previous line when that
//     one has a colon and a name that does not start with SP or HT; they are
//     joined with one space (obs-fold);
//   - then NUL bytes are deleted from the whole section;
//   - a line with no colon, or whose name (trimmed of SP and HT) is not an
//     RFC 9110 token, is skipped;
//   - a value is trimmed of SP and HT and otherwise kept as received:
//     control bytes stay in it. A Location holding them is then resolved by
//     the URL parser, which drops leading and trailing C0 controls and
//     percent-encodes the others (WHATWG URL), as ResolveLocation does.
//
// Go's net/textproto refuses the whole response for each of these.
//
// The filter starts passive and reads a response's header section only
// after the Transport hands the connection to a hop (expect, called from
// the GotConn trace hook): a proxy's CONNECT or SOCKS exchange and TLS
// running over the connection pass untouched, and since Go's HTTP/1 client
// never pipelines, the next response's bytes can only follow that hook.
type lenientConn struct {
	net.Conn
	// tlsState is the handshake of a connection dialled by dialTLS: the
	// Transport fills neither resp.TLS nor its TLS hooks for a connection
	// that is not a *tls.Conn.
	tlsState *tls.ConnectionState

	remoteOnce sync.Once
	remoteAddr string

	mu  sync.Mutex
	f   headerFilter
	out []byte // filtered bytes not yet read
	err error  // returned once out is drained
}

func newLenientConn(c net.Conn, limit int64, cs *tls.ConnectionState) *lenientConn {
	return &lenientConn{Conn: c, tlsState: cs, f: headerFilter{limit: limit, state: filterOff}}
}

// remote is the peer's address as text, worked out once per connection
// rather than once per hop.
func (c *lenientConn) remote() string {
	c.remoteOnce.Do(func() { c.remoteAddr = c.Conn.RemoteAddr().String() })
	return c.remoteAddr
}

// expect makes the connection read the next bytes as a new response whose
// findings go to sink.
func (c *lenientConn) expect(sink *malformedSink) {
	c.mu.Lock()
	c.f.reset(sink)
	c.mu.Unlock()
}

func (c *lenientConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		c.mu.Lock()
		if len(c.out) > 0 {
			n := copy(p, c.out)
			c.out = c.out[n:]
			c.mu.Unlock()
			return n, nil
		}
		if c.err != nil {
			err := c.err
			c.mu.Unlock()
			return 0, err
		}
		c.mu.Unlock()

		n, err := c.Conn.Read(p)

		c.mu.Lock()
		// The mode is looked at only now: a read that started while the
		// connection sat idle may bring the answer to a request sent since.
		if c.f.state == filterOff {
			c.mu.Unlock()
			return n, err
		}
		if c.f.passClean(p[:n]) {
			// The whole header section was in this read and Go takes it
			// as it is: the bytes go on where they are, uncopied.
			if err != nil {
				c.err = err
			}
			c.mu.Unlock()
			return n, nil
		}
		out, ferr := c.f.feed(c.out[:0], p[:n])
		c.out = out
		switch {
		case ferr != nil:
			c.err = ferr
		case err != nil:
			c.out = c.f.flush(c.out)
			c.err = err
		}
		c.mu.Unlock()
	}
}

const maxMalformedLines = 16

// malformedSink collects the malformed lines of one hop's response. The
// connection's reader adds to it while the round trip reads the header.
type malformedSink struct {
	mu    sync.Mutex
	lines []inspect.MalformedLine
	more  int
	fixes []headerFix
}

// headerFix puts back the value browsers read for the ord-th field named
// key, which Go was given as sent.
type headerFix struct {
	key        string
	ord        int
	sent, orig string
}

func (s *malformedSink) add(l inspect.MalformedLine) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.lines) >= maxMalformedLines {
		s.more++
		return
	}
	s.lines = append(s.lines, l)
}

func (s *malformedSink) setFixes(f []headerFix) {
	s.mu.Lock()
	s.fixes = f
	s.mu.Unlock()
}

// restore gives h the values browsers read where the filter had to change
// them for Go. A value that Go's reader did not keep as it was given (a
// framing header it consumed) is left alone.
func (s *malformedSink) restore(h http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.fixes {
		if vs := h[f.key]; f.ord < len(vs) && vs[f.ord] == f.sent {
			vs[f.ord] = f.orig
		}
	}
}

// result is what the hop keeps: nil when nothing was malformed.
func (s *malformedSink) result() *inspect.Malformed {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.lines) == 0 {
		return nil
	}
	return &inspect.Malformed{Lines: append([]inspect.MalformedLine(nil), s.lines...), More: s.more}
}

// headerLimitError ends a response whose header sections exceed the limit
// before Go's own count would (the filter holds lines back).
type headerLimitError struct{ limit int64 }

func (e *headerLimitError) Error() string {
	return fmt.Sprintf("server response headers exceeded %d bytes; aborted", e.limit)
}

const (
	filterOff    = iota // pass bytes through: a body, TLS, or no response expected
	filterStatus        // in a status line: passed through as it comes
	filterFields        // in the field lines of a header section
)

// placeholder stands in for a control byte in what Go is given: a visible
// byte, so that a token such as "close\x01" stays another token for Go as it
// does for browsers.
const placeholder = '?'

// headerFilter rewrites the header sections of one response at a time.
type headerFilter struct {
	limit int64
	sink  *malformedSink

	state   int
	raw     int64  // bytes of this response's header sections so far
	status  []byte // the start of the status line, for its code
	interim int    // the 1xx status of the section being read, else 0
	lineNo  int    // the last line read; the status line is 1
	cur     []byte // the field line being read
	// group is the pending field: a first line and the lines Go would read
	// as its continuations (each with its line end); groupLine is where it
	// starts.
	group     [][]byte
	groupLine int
	keys      map[string]int // fields per canonical name in this section
	fixes     []headerFix
}

func (f *headerFilter) reset(sink *malformedSink) {
	cur := f.cur[:0]
	if cap(cur) > 64<<10 {
		cur = nil // a long line once is no reason to keep its buffer
	}
	*f = headerFilter{limit: f.limit, sink: sink, state: filterStatus, status: f.status[:0], cur: cur}
}

// feed appends to out what in becomes.
func (f *headerFilter) feed(out, in []byte) ([]byte, error) {
	for len(in) > 0 {
		if f.state == filterOff {
			return append(out, in...), nil
		}
		i := bytes.IndexByte(in, '\n')
		chunk := in
		if i >= 0 {
			chunk = in[:i+1]
		}
		in = in[len(chunk):]
		f.raw += int64(len(chunk))
		if f.limit > 0 && f.raw > f.limit {
			return out, &headerLimitError{f.limit}
		}
		if f.state == filterStatus {
			// The status line is never changed (Go takes control bytes in a
			// reason phrase), so it goes on as it comes and the first byte
			// of a response is not held back.
			out = append(out, chunk...)
			if n := 16 - len(f.status); n > 0 {
				f.status = append(f.status, chunk[:min(n, len(chunk))]...)
			}
			if i >= 0 {
				f.state, f.lineNo = filterFields, 1
				f.interim = interimStatus(f.status)
			}
			continue
		}
		f.cur = append(f.cur, chunk...)
		if i >= 0 {
			out = f.line(out, f.cur)
			f.cur = f.cur[:0]
		}
	}
	return out, nil
}

// passClean is feed's fast path for the common response: when in holds a
// whole header section from its status line on (not a 1xx), within the
// limit, and every field line is one that Go reads as it is (no
// continuation line, no byte Go refuses), feed would pass it on unchanged
// and report nothing; passClean then moves the filter past the section as
// feed would and reports true. Otherwise it changes nothing and reports
// false, and feed does the work.
func (f *headerFilter) passClean(in []byte) bool {
	if len(f.cur) > 0 || len(f.group) > 0 || f.state != filterStatus || len(f.status) > 0 {
		return false
	}
	nl := bytes.IndexByte(in, '\n')
	if nl < 0 || interimStatus(in[:min(16, nl+1)]) != 0 {
		return false
	}
	pos := nl + 1
	for {
		i := bytes.IndexByte(in[pos:], '\n')
		if i < 0 {
			return false
		}
		line := in[pos : pos+i+1]
		pos += i + 1
		if f.limit > 0 && f.raw+int64(pos) > f.limit {
			return false
		}
		c := goContent(line)
		if len(c) == 0 {
			break
		}
		if !goAccepts([][]byte{line}) { // which refuses a line that starts with SP or HT
			return false
		}
	}
	f.raw += int64(pos)
	f.state = filterOff
	if f.sink != nil {
		f.sink.setFixes(nil)
	}
	return true
}

// flush ends a response cut short: what is held back goes on as received.
func (f *headerFilter) flush(out []byte) []byte {
	if f.state != filterFields {
		return out
	}
	for _, l := range f.group {
		out = append(out, l...)
	}
	out = append(out, f.cur...)
	f.group, f.cur = nil, f.cur[:0]
	return out
}

// interimStatus returns the code of a 1xx status line that another header
// section follows (all but 101 Switching Protocols), else 0.
func interimStatus(status []byte) int {
	_, rest, ok := bytes.Cut(status, []byte(" "))
	if !ok || len(rest) < 3 || rest[0] != '1' || rest[1] < '0' || rest[1] > '9' || rest[2] < '0' || rest[2] > '9' {
		return 0
	}
	code := 100 + int(rest[1]-'0')*10 + int(rest[2]-'0')
	if code == http.StatusSwitchingProtocols {
		return 0
	}
	return code
}

// line takes one complete field line (with its LF).
func (f *headerFilter) line(out, l []byte) []byte {
	f.lineNo++
	c := goContent(l)
	switch {
	case len(c) == 0:
		out = f.flushGroup(out)
		out = append(out, l...)
		if f.sink != nil && f.interim == 0 {
			f.sink.setFixes(f.fixes)
		}
		if f.interim != 0 {
			// Another header section follows a 1xx one. Go counts all of
			// them against one limit (hops sets no Got1xxResponse hook).
			f.state, f.status, f.lineNo, f.keys, f.fixes = filterStatus, f.status[:0], 0, nil, nil
		} else {
			f.state = filterOff
		}
		return out
	case isLWS(c[0]) && len(f.group) > 0:
		f.group = append(f.group, bytes.Clone(l))
		return out
	}
	out = f.flushGroup(out)
	f.group, f.groupLine = append(f.group[:0], bytes.Clone(l)), f.lineNo
	return out
}

// goContent is a line as Go's reader sees it: without "\r\n" or "\n".
func goContent(l []byte) []byte {
	l = bytes.TrimSuffix(l, []byte("\n"))
	return bytes.TrimSuffix(l, []byte("\r"))
}

func isLWS(c byte) bool { return c == ' ' || c == '\t' }

// goValueByte is net/textproto's test for a byte of a field value.
func goValueByte(c byte) bool { return c == '\t' || c >= 0x20 && c != 0x7f }

// goAccepts reports whether Go's textproto reader takes the field group,
// replaying its checks (readMIMEHeader, canonicalMIMEHeaderKey).
func goAccepts(group [][]byte) bool {
	first := goContent(group[0])
	if isLWS(first[0]) {
		return false // only the first field line of a section can be like this
	}
	name, value, ok := bytes.Cut(first, []byte(":"))
	if !ok || len(name) == 0 {
		return false
	}
	for _, c := range name {
		// Go keeps a space in a name ("Location " from "Location : /x"),
		// so the field is not found under its name; browsers trim it
		// (Chromium follows such a Location). Such a line is mended as
		// browsers read it, and reported.
		if !header.IsTokenChar(c) {
			return false
		}
	}
	for _, c := range value {
		if !goValueByte(c) {
			return false
		}
	}
	for _, l := range group[1:] {
		for _, c := range goContent(l) {
			if !goValueByte(c) {
				return false
			}
		}
	}
	return true
}

// flushGroup writes the pending field: as received when Go takes it, else
// as browsers read it, in a form Go takes.
func (f *headerFilter) flushGroup(out []byte) []byte {
	if len(f.group) == 0 {
		return out
	}
	defer func() { f.group = f.group[:0] }()
	if f.keys == nil {
		f.keys = map[string]int{}
	}
	if goAccepts(f.group) {
		for _, l := range f.group {
			out = append(out, l...)
		}
		name, _, _ := bytes.Cut(f.group[0], []byte(":"))
		f.keys[textproto.CanonicalMIMEHeaderKey(string(name))]++
		return out
	}

	rec := inspect.MalformedLine{Line: f.groupLine, Interim: f.interim, Skipped: true}
	text := goContent(f.group[0])
	rec.Text = string(text[:min(len(text), 64)])
	for _, l := range f.group {
		for _, c := range goContent(l) {
			if !goValueByte(c) && bytes.IndexByte(rec.Bytes, c) < 0 {
				rec.Bytes = append(rec.Bytes, c)
			}
		}
	}
	for _, bl := range browserLines(f.group) {
		bl = bytes.ReplaceAll(bl, []byte{0}, nil)
		name, value, ok := bytes.Cut(bl, []byte(":"))
		if !ok || len(name) == 0 || isLWS(name[0]) {
			continue
		}
		name = trimLWS(name)
		if !header.IsToken(string(name)) {
			continue
		}
		value = trimLWS(value)
		sent := bytes.Clone(value)
		for i, c := range sent {
			if !goValueByte(c) {
				sent[i] = placeholder
			}
		}
		out = append(out, name...)
		out = append(out, ": "...)
		out = append(out, sent...)
		out = append(out, "\r\n"...)
		key := textproto.CanonicalMIMEHeaderKey(string(name))
		if !bytes.Equal(sent, value) {
			f.fixes = append(f.fixes, headerFix{key: key, ord: f.keys[key], sent: string(sent), orig: string(value)})
		}
		f.keys[key]++
		if rec.Skipped {
			rec.Skipped, rec.Name = false, string(name)
		}
	}
	if f.sink != nil {
		f.sink.add(rec)
	}
	return out
}

// browserLines splits a field group into the lines Chromium reads from it:
// lines end at every CR as well, empty ones are dropped, and a line starting
// with SP or HT is joined to a previous one that has a colon and a name not
// starting with SP or HT (HttpUtil::AssembleRawHeaders).
func browserLines(group [][]byte) [][]byte {
	var lines [][]byte
	continuable := false
	for _, l := range group {
		for _, tok := range bytes.Split(bytes.TrimSuffix(l, []byte("\n")), []byte("\r")) {
			if len(tok) == 0 {
				continue
			}
			if continuable && isLWS(tok[0]) {
				last := &lines[len(lines)-1]
				*last = append(append(*last, ' '), bytes.TrimLeft(tok, " \t")...)
				continue
			}
			lines = append(lines, bytes.Clone(tok))
			name, _, ok := bytes.Cut(tok, []byte(":"))
			continuable = ok && len(name) > 0 && !isLWS(name[0])
		}
	}
	return lines
}

func trimLWS(b []byte) []byte { return bytes.Trim(b, " \t") }
