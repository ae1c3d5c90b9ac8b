package walk

import (
	"bufio"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
)

// writeRequest writes a request the direct path took, byte for byte as
// Request.Write does, scratch being the connection's room for its lines.
// Request.Write was 5% of the CPU of a bulk check over keep-alive
// connections (its request line and Host through fmt, a transfer writer,
// the header sorter, a few allocations); this writes the same bytes
// straight into the connection's buffer. It falls back to Request.Write for anything out of
// the plain case (a Close, a transfer encoding, a zone or a non-ASCII
// byte in the host, a control byte in the target, the per-field trace
// hook), so that it only has to agree with it where it is simple;
// TestDirectRequestWriter and FuzzDirectRequestWriter hold the two equal.
func writeRequest(bw *bufio.Writer, scratch *[]byte, req *http.Request, trace *httptrace.ClientTrace) (err error) {
	if req.Close || len(req.TransferEncoding) > 0 || len(req.Trailer) > 0 ||
		(req.Body != nil && req.Body != http.NoBody) ||
		(trace != nil && trace.WroteHeaderField != nil) {
		return req.Write(bw)
	}
	method := req.Method
	switch method {
	case "":
		method = http.MethodGet
	case http.MethodGet, http.MethodHead:
	default:
		// Other methods may carry a Content-Length: 0 of the transfer
		// writer's.
		return req.Write(bw)
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	if !plainHost(host) {
		return req.Write(bw)
	}
	target := req.URL.RequestURI()
	for i := 0; i < len(target); i++ {
		if b := target[i]; b < ' ' || b == 0x7f {
			return req.Write(bw)
		}
	}
	if trace != nil && trace.WroteRequest != nil {
		defer func() { trace.WroteRequest(httptrace.WroteRequestInfo{Err: err}) }()
	}
	// Request.Write's request line, Host and User-Agent each reach the
	// buffer in one Write, and the other fields piece by piece: a request
	// larger than the buffer goes out in the same pieces, and one that
	// fails part way fails at the same byte.
	line := append((*scratch)[:0], method...)
	line = append(line, ' ')
	line = append(line, target...)
	line = append(line, " HTTP/1.1\r\n"...)
	bw.Write(line)
	line = append(append(append(line[:0], "Host: "...), host...), "\r\n"...)
	bw.Write(line)
	// The User-Agent key as given, and its first value, left out when
	// empty before the trim; absent, Go's own.
	ua := "Go-http-client/1.1"
	if vs, ok := req.Header["User-Agent"]; ok {
		ua = ""
		if len(vs) > 0 {
			ua = vs[0]
		}
	}
	if ua != "" {
		line = append(append(append(line[:0], "User-Agent: "...), trimHeaderSpace(ua)...), "\r\n"...)
		bw.Write(line)
	}
	*scratch = line[:0]
	var small [16]string
	keys := small[:0]
	for k := range req.Header {
		switch k {
		case "Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer":
			// Request.Write's exclusions, compared as they are, unfolded.
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range req.Header[k] {
			bw.WriteString(k)
			bw.WriteString(": ")
			bw.WriteString(trimHeaderSpace(v))
			bw.WriteString("\r\n")
		}
	}
	// The buffer's error sticks: the last write reports any before it.
	if _, err = bw.WriteString("\r\n"); err != nil {
		return err
	}
	if trace != nil && trace.WroteHeaders != nil {
		trace.WroteHeaders()
	}
	return nil
}

// plainHost reports a Host value that Request.Write sends as it is: ASCII
// (no IDNA), every byte one httpguts.ValidHostHeader allows, and no '%'
// (an IPv6 zone it would cut out).
func plainHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~:[]!$&'()*+,;=", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// trimHeaderSpace is textproto.TrimString: the value's leading and
// trailing ASCII white space cut. (directAddr has refused values with CR
// or LF, which Request.Write would turn into spaces first.)
func trimHeaderSpace(s string) string {
	for len(s) > 0 && isHeaderSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isHeaderSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isHeaderSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
