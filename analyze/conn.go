package analyze

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// conn reports what hop h's connection showed: a certificate that does not
// verify (certificate-invalid, on a hop that failed for it as on one that -k
// let through) and header lines that Go refuses but browsers read
// (malformed-response).
func (a *analysis) conn(h *inspect.Hop) {
	if why, ok := certProblem(h); ok {
		look := ""
		if h.Err == nil {
			look = "; -k only lets hops look past it"
		}
		a.add(inspect.CodeCertificateInvalid, h.N, "the certificate of %s does not verify (%s): browsers refuse the page%s; serve a certificate for %s from a trusted CA", href.Host(h.URL), why, look, href.Host(h.URL))
	}
	if m := h.Malformed; m != nil {
		a.add(inspect.CodeMalformedResponse, h.N, "%s", malformedMessage(m))
	}
	if h.Responded() && (h.Status < 100 || h.Status > 599) {
		// Go reads any three digits; what a status outside the range means
		// is up to each client.
		a.add(inspect.CodeMalformedResponse, h.N, "status %03d is outside 100-599, where every valid status is (RFC 9110 §15): clients may read it as an error, as a success or not at all; send a registered status", h.Status)
	}
}

// certProblem says why h's certificate failed verification, if it did.
func certProblem(h *inspect.Hop) (string, bool) {
	if h.TLS != nil && !h.TLS.Verified {
		return strings.TrimPrefix(h.TLS.VerifyError, "x509: "), true
	}
	if h.Err == nil {
		return "", false // before he, which errors.As puts on the heap
	}
	var he *inspect.HopError
	if errors.As(h.Err, &he) && he.Cert != "" {
		return strings.TrimPrefix(he.Cert, "x509: "), true
	}
	return "", false
}

// malformedMessage names the lines and bytes that were wrong and what
// browsers make of them, e.g. "header line 3 (Location) held control bytes
// 0x01 (browsers keep them in the value); Go's client refuses ...".
func malformedMessage(m *inspect.Malformed) string {
	const shown = 3
	var parts []string
	for i, l := range m.Lines {
		if i == shown {
			break
		}
		parts = append(parts, malformedLine(l))
	}
	if more := len(m.Lines) + m.More - min(len(m.Lines), shown); more > 0 {
		parts = append(parts, fmt.Sprintf("%d more such line%s", more, map[bool]string{true: "s"}[more > 1]))
	}
	for _, l := range m.Lines {
		if len(l.Bytes) > 0 || l.Skipped {
			return strings.Join(parts, "; ") + "; Go's client refuses such a response whole, hops reads it as browsers do: send header lines of printable characters"
		}
	}
	// Only whitespace between a name and its colon, which browsers trim:
	// Go refuses a tab there and files a space under another name.
	return strings.Join(parts, "; ") + "; Go's client refuses it or misses the field, hops reads it as browsers do: write no whitespace between a field name and its colon (RFC 9112 §5.1)"
}

func malformedLine(l inspect.MalformedLine) string {
	where := fmt.Sprintf("header line %d", l.Line)
	if l.Interim != 0 {
		where += fmt.Sprintf(" of the %d interim response", l.Interim)
	}
	held := ""
	if len(l.Bytes) > 0 {
		hex := make([]string, len(l.Bytes))
		for i, c := range l.Bytes {
			hex[i] = fmt.Sprintf("0x%02x", c)
		}
		held = " held control bytes " + strings.Join(hex, " ")
	}
	if l.Skipped {
		and := ""
		if held != "" {
			and = held + " and"
		}
		return fmt.Sprintf("%s \"%s\"%s is no header field (browsers skip it)", where, l.Text, and)
	}
	var how []string
	if bytes.IndexByte(l.Bytes, 0) >= 0 {
		how = append(how, "drop NUL bytes")
	}
	if bytes.IndexByte(l.Bytes, '\r') >= 0 {
		how = append(how, "end the line at a bare CR")
	}
	if bytes.IndexFunc(l.Bytes, func(r rune) bool { return r != 0 && r != '\r' }) >= 0 {
		if len(how) == 0 {
			how = append(how, "keep them in the value")
		} else {
			how = append(how, "keep the others in the value")
		}
	}
	if len(how) == 0 {
		// e.g. a tab before the colon, which only browsers trim
		return fmt.Sprintf("%s \"%s\" is a %s field to browsers", where, l.Text, l.Name)
	}
	return fmt.Sprintf("%s (%s)%s (browsers %s)", where, l.Name, held, strings.Join(how, ", "))
}
