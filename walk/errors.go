package walk

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/hops-cli/hops/inspect"
)

// classify names what failed in a round trip.
func classify(err error, ctx context.Context, timeout time.Duration) *inspect.HopError {
	he := &inspect.HopError{Err: err}
	var (
		dnsErr   *net.DNSError
		opErr    *net.OpError
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
		limitErr *headerLimitError
	)
	var cte *ConnectTimeoutError
	switch {
	case errors.Is(context.Cause(ctx), errMaxTime):
		he.Kind, he.Msg = "timeout", "--max-time reached before the response completed"
	case errors.As(err, &cte):
		he.Kind, he.Msg = "timeout", cte.Error()
	case errors.Is(context.Cause(ctx), errHopTimeout),
		ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		he.Kind, he.Msg = "timeout", fmt.Sprintf("no complete response within --timeout %s", timeout)
	case errors.Is(err, context.Canceled):
		he.Kind, he.Msg = "request", "interrupted"
	case errors.As(err, &dnsErr):
		he.Kind = "dns"
		if dnsErr.IsNotFound {
			he.Msg = fmt.Sprintf("DNS: no such host %q", dnsErr.Name)
		} else {
			he.Msg = fmt.Sprintf("DNS lookup of %q failed: %s", dnsErr.Name, dnsErr.Err)
		}
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &hostErr), errors.As(err, &invalid):
		he.Kind, he.Cert = "tls", certMessage(err)
		he.Msg = "TLS: " + he.Cert + " (trust its CA with --cacert FILE, or look anyway with -k)"
	case errors.As(err, &recErr):
		he.Kind, he.Msg = "tls", "TLS: the server did not answer in TLS (plain http on this port?)"
	case errors.As(err, &alertErr):
		he.Kind, he.Msg = "tls", "TLS: the server refused the handshake: "+alertErr.Error()
	case errors.As(err, &opErr) && opErr.Op == "dial":
		he.Kind = "connect"
		he.Msg = fmt.Sprintf("connect to %s: %s", addrOf(opErr), syscallText(opErr.Err))
	case errors.As(err, &limitErr):
		he.Kind, he.Msg = "protocol", "response headers too large: "+limitErr.Error()
	case strings.Contains(err.Error(), "server response headers exceeded"):
		he.Kind, he.Msg = "protocol", "response headers too large: "+trimGoPrefix(err.Error())
	case strings.Contains(err.Error(), "tls: "):
		he.Kind, he.Msg = "tls", "TLS: "+trimGoPrefix(err.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		he.Kind, he.Msg = "protocol", "the server closed the connection without a complete response"
	case errors.Is(err, syscall.ECONNRESET):
		he.Kind, he.Msg = "protocol", "the server reset the connection"
	case strings.Contains(err.Error(), "malformed MIME header"), strings.Contains(err.Error(), "malformed HTTP"):
		msg := trimGoPrefix(err.Error())
		msg = strings.TrimPrefix(msg, "HTTP/1.x transport connection broken: ")
		he.Kind, he.Msg = "protocol", "the server sent a malformed response: "+msg
	default:
		he.Kind, he.Msg = "protocol", trimGoPrefix(err.Error())
	}
	return he
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func certMessage(err error) string {
	var (
		unknown x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &unknown):
		return "certificate signed by an unknown authority"
	case errors.As(err, &hostErr):
		return hostErr.Error()
	case errors.As(err, &invalid):
		return invalid.Error()
	}
	return trimGoPrefix(err.Error())
}

func addrOf(e *net.OpError) string {
	if e.Addr != nil {
		return e.Addr.String()
	}
	return "server"
}

func syscallText(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ENETUNREACH):
		return "network unreachable"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "host unreachable"
	}
	return trimGoPrefix(err.Error())
}

// trimGoPrefix drops the "net/http: " and "Get \"url\": " framing that Go
// puts around errors; the hop already says what was requested.
func trimGoPrefix(s string) string {
	if i := strings.LastIndex(s, "\": "); i >= 0 && strings.HasPrefix(s, strings.SplitN(s, " ", 2)[0]+" \"") {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(s, "net/http: ")
	return s
}
