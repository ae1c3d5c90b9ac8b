package inspect

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
)

// Request is what the user asked for: the first hop's request.
type Request struct {
	// URL is the absolute http or https URL, as browsers would write it
	// (WHATWG serialisation), fragment included.
	URL    string
	Method string
	// Header holds the headers the user set; the walker adds nothing to it.
	Header http.Header
	// Body is nil when the request has no body.
	Body []byte
	// MethodForced is true when the user forced the method (curl's -X):
	// some clients then keep it on every hop.
	MethodForced bool
	// ContentTypeImplied: the Content-Type in Header is the one hops
	// added for -d or -F, not one the user gave. Clients add theirs with
	// the body they send and drop it with the body; one the user gave
	// stays where the client keeps the user's headers (curl).
	ContentTypeImplied bool
}

// Via says what made a hop happen.
type Via string

const (
	ViaHTTP          Via = "http"           // the first request, or a 3xx Location
	ViaMetaRefresh   Via = "meta-refresh"   // <meta http-equiv=refresh> (--follow-refresh)
	ViaRefreshHeader Via = "refresh-header" // Refresh response header (--follow-refresh)
)

// Timing is what httptrace saw of one round trip. Phases that did not happen
// (DNS, connect and TLS on a reused connection) are nil.
type Timing struct {
	DNS     *time.Duration
	Connect *time.Duration
	TLS     *time.Duration
	TTFB    *time.Duration // from the start of the request to the first response byte
	Total   time.Duration  // from the start of the request to the end of the body read
}

// TLSInfo holds the facts of a TLS connection.
type TLSInfo struct {
	Version    string // "TLS 1.3"
	Cipher     string
	ServerName string // the SNI sent
	ALPN       string // "h2", "http/1.1" or ""
	// Verified is true when the certificate chain verified for ServerName
	// against the trusted roots, even when -k let an unverified one through.
	Verified    bool
	VerifyError string // why it did not verify; "" when it did
	Subject     string
	Issuer      string
	NotAfter    time.Time
}

// Hop is one request and what came back. When Err is non-nil the hop has no
// response: Status is 0 and only the request fields, Timing and Err are set.
type Hop struct {
	N         int    // 1-based
	URL       string // as browsers show it, fragment included (never sent)
	Method    string
	BodyBytes int // bytes of request body sent
	Via       Via

	Status     int
	Reason     string // reason phrase as sent ("" over HTTP/2)
	Proto      string // "HTTP/1.1", "HTTP/2.0"
	RemoteAddr string
	Header     http.Header // response headers as received
	// RequestHeader is what the hop's request carried, after the walk
	// withheld credentials or body headers.
	RequestHeader http.Header

	// Location holds every Location field value, raw. Next is the resolved
	// target of the first one when the hop is followed or could have been.
	Location []string
	Next     *href.Location
	// LocationErr says why the Location could not be resolved;
	// LocationRead is the value the client read, of several (the first,
	// the first not empty, or all joined).
	LocationErr  error
	LocationRead string
	// Refresh lists the client-side redirects of the response: its Refresh
	// header and, for a final HTML response, the meta refresh and script
	// navigations of the body.
	Refresh []Refresh
	// FollowedRefresh is 1 + the index in Refresh of the refresh the walk
	// followed to the next hop, 0 when it followed none.
	FollowedRefresh int

	// NextMethod is the method of the request this hop leads to, "" when it
	// leads nowhere. BodyDropped is true when the request had a body that
	// the next request does not carry.
	NextMethod  string
	BodyDropped bool

	// Received is when the response headers arrived.
	Received time.Time
	Timing   Timing
	// HSTS and Cache are what the response says of itself, parsed once
	// when the hop is read (ReadFacts); HSTS is nil without the header,
	// Cache nil without a response. Neither is written through: hops
	// may share one Cache (see shared).
	HSTS   *header.HSTS
	Cache  *header.Cache
	Reused bool
	TLS    *TLSInfo
	// Robots is what the host's robots.txt says of this hop's URL, when
	// it was asked (--robots, --as googlebot).
	Robots *RobotsVerdict

	// BodyRead counts the response body bytes hops read (at most BodyLimit).
	BodyRead int64
	// Sample is the start of the body, kept only for the final response
	// when it may be HTML (for meta refresh and script redirects).
	Sample []byte
	// HTML is what the walk's one read of Sample found for the SEO
	// signals, so that the analysis need not read the page again; nil
	// unless the response is a 2xx served as text/html. It is in no output.
	HTML *HTMLSignals
	// Body is the start of a final response's body when the walk keeps it
	// (--body), decoded; BodyCut is true when there was more. BodyUndecoded
	// says why a coded body could not be decoded (Body is then empty).
	Body          []byte
	BodyCut       bool
	BodyUndecoded string

	// CredentialsDropped lists user-supplied credential headers withheld
	// from this hop because it is on another origin; CredentialsForwarded
	// lists those sent there anyway under --location-trusted.
	CredentialsDropped   []string
	CredentialsForwarded []string
	// CredentialsSent lists the user's credential headers this hop's
	// request carried.
	CredentialsSent []string

	// Malformed, when set, lists the header lines of the response that Go's
	// HTTP/1 reader refuses but browsers read; Header holds them as browsers
	// read them (see lenient.go).
	Malformed *Malformed

	// Err is why the hop has no response. BodyErr is why reading the body
	// of a response that did come failed (a stalled or reset body).
	Err     error
	BodyErr error
}

// Responded reports whether the hop got a response.
func (h *Hop) Responded() bool { return h.Err == nil && h.Status != 0 }

// Targets returns the Location values of the response, or none when every
// one is empty: an empty Location (what nginx's `return 302;` sends) counts
// as no Location, as in Chromium (HttpResponseHeaders::IsRedirect skips
// empty values) and Go's client. An empty value beside a non-empty one
// stays: the two differ, which Chromium refuses
// (ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION) and Fetch too.
func (h *Hop) Targets() []string {
	for _, v := range h.Location {
		if strings.TrimSpace(v) != "" {
			return h.Location
		}
	}
	return nil
}

// ResumeIncomplete reports whether the hop is the "Resume Incomplete" of
// resumable uploads: a 308 with a Range header and no usable Location. It
// is not a redirect.
func (h *Hop) ResumeIncomplete() bool {
	return h.Status == 308 && len(h.Targets()) == 0 && h.Header.Get("Range") != ""
}

// MethodChanged reports whether the next request uses another method.
func (h *Hop) MethodChanged() bool { return h.NextMethod != "" && h.NextMethod != h.Method }

// Permanent is true for 301 and 308, false for 302, 303 and 307, and nil for
// anything that is not a redirect.
func (h *Hop) Permanent() *bool {
	p, ok := h.Permanence()
	if !ok {
		return nil
	}
	return &p
}

// Permanence is Permanent without a pointer to allocate: ok is false for
// anything that is not a redirect.
func (h *Hop) Permanence() (permanent, ok bool) {
	if h.ResumeIncomplete() {
		return false, false
	}
	switch h.Status {
	case 301, 308:
		return true, true
	case 302, 303, 307:
		return false, true
	}
	return false, false
}

// HTMLSignals is what a read of a hop's Sample found of what the page tells
// search engines: the first canonical link of its head (resolved, and the
// element as quoted) and a quote of the first robots meta that keeps it out
// of the index, "" for none. URL, Crawler and Sample are what it was read
// for: the page's URL, the crawler token and the bytes.
type HTMLSignals struct {
	URL, Crawler                      string
	Sample                            []byte
	Canonical, CanonicalFrom, Noindex string
}

// Stop says why the walk ended.
type Stop string

const (
	StopFinal             Stop = "final"              // a response that is not a followed redirect
	StopNoLocation        Stop = "no-location"        // a redirect status without Location
	StopLoop              Stop = "loop"               // the next request was already made
	StopMaxRedirects      Stop = "max-redirects"      // a 3xx after the client's limit of redirects
	StopAtLimit           Stop = "stopped-at-limit"   // a 3xx after a --max-redirects the user set below it
	StopInvalidLocation   Stop = "invalid-location"   // Location unusable
	StopUnsupportedScheme Stop = "unsupported-scheme" // Location to something other than http(s)
	StopFailed            Stop = "failed"             // the last hop has no response
	StopInterrupted       Stop = "interrupted"        // Walker.Interrupt ended the walk between hops
	StopRefused           Stop = "refused"            // the client refuses to follow this redirect (an error in it)
)

// Code is the finding code of a stop that leaves the chain without a final
// response, "" for one that has one.
func (s Stop) Code() Code {
	switch s {
	case StopFailed:
		return CodeRequestFailed
	case StopLoop:
		return CodeLoop
	case StopMaxRedirects:
		return CodeTooManyHops
	case StopInvalidLocation:
		return CodeInvalidLocation
	case StopUnsupportedScheme:
		return CodeUnsupportedScheme
	case StopFinal, StopNoLocation:
	}
	return ""
}

// StopMessage is the message of the finding that ended the chain, or the
// failure of its last hop.
func (c *Chain) StopMessage() string {
	code := c.Stop.Code()
	last := c.Last()
	for _, f := range c.Findings {
		if f.Code == code && last != nil && f.Hop == last.N {
			return f.Message
		}
	}
	if last != nil && last.Err != nil {
		return last.Err.Error()
	}
	switch c.Stop {
	case StopRefused:
		who := "the client"
		if c.Profile != nil {
			who = c.Profile.Name
			if c.RefusedWhy != "" {
				return c.RefusedWhy
			}
		}
		return fmt.Sprintf("%s refuses to follow a %d for %s: an error in it, no further request", who, last.Status, last.Method)
	case StopInterrupted:
		return "interrupted before the next hop was requested"
	}
	return string(c.Stop)
}

// Chain is a walked redirect chain. Findings are filled by Analyze.
type Chain struct {
	Request Request
	Hops    []Hop
	Stop    Stop
	// LoopTo is the hop number that the loop returns to, when Stop is StopLoop.
	LoopTo int
	// RefusedWhy says why the client refused, when Stop is StopRefused
	// for a reason other than its rules for the status and method.
	RefusedWhy string
	// MaxRedirects is the limit the walk ran with; Profile the client
	// whose rules it followed (nil: client.Browser).
	MaxRedirects int
	Profile      *client.Profile
	// Insecure is true when certificate errors were let through (-k).
	Insecure bool
	Findings []Finding
	// Indexing is what the final response says to search engines, filled
	// by Analyze with the findings; nil when the chain has no final
	// response.
	Indexing *Indexing
}

// Last returns the last hop, or nil for an empty chain.
func (c *Chain) Last() *Hop {
	if len(c.Hops) == 0 {
		return nil
	}
	return &c.Hops[len(c.Hops)-1]
}

// Redirects is the number of redirects followed.
func (c *Chain) Redirects() int {
	if len(c.Hops) == 0 {
		return 0
	}
	return len(c.Hops) - 1
}

// Final reports whether the chain ended in a response that it did not
// refuse to follow: a final response in the sense of Fetch. A loop, the
// redirect limit, an unusable Location or a failed hop leave no final response.
func (c *Chain) Final() bool {
	return c.Stop == StopFinal || c.Stop == StopNoLocation
}

// Refresh is a client-side redirect found in a response: a Refresh header,
// a <meta http-equiv=refresh>, or a script that looks like it navigates.
type Refresh struct {
	Via   Via    // ViaRefreshHeader, ViaMetaRefresh, or ViaScript
	Raw   string // the header or content attribute value, or the script statement
	Delay int    // seconds; 0 for a script
	// URL is the resolved target, fragment included; "" when the target
	// is unusable (unparsable, javascript:), and for a plain reload it is
	// the page itself.
	URL string
}

// ViaScript marks a Refresh found in a script; hops never follows it.
const ViaScript Via = "script"

// MalformedLine is one header field line that Go's HTTP/1 reader refuses
// but browsers read.
type MalformedLine struct {
	// Line is where the field starts in its header section (the status line
	// is line 1).
	Line int
	// Interim is the status of the 1xx response the line came in, 0 for the
	// hop's response itself.
	Interim int
	// Name is the field name as browsers read it, "" when they skip the line.
	Name string
	// Text is the start of the line as received (at most 64 bytes).
	Text string
	// Bytes lists the control bytes Go refuses (NUL, a bare CR, the other C0
	// controls but HT, and DEL) in the order they first appear, once each.
	Bytes []byte
	// Skipped is true when browsers skip the line: it has no colon or its
	// name is not a token.
	Skipped bool
}

// Malformed is what a hop's response held that Go's reader refuses.
type Malformed struct {
	Lines []MalformedLine // the first maxMalformedLines of them
	More  int             // how many more there were
}

// HopError is why a hop got no response, in words a user can act on.
type HopError struct {
	// Kind is one of dns, connect, tls, timeout, protocol, request.
	Kind string
	Msg  string
	Err  error
	// Cert says why the server's certificate did not verify, when that is
	// why the hop failed ("" otherwise).
	Cert string
}

func (e *HopError) Error() string { return e.Msg }
func (e *HopError) Unwrap() error { return e.Err }

// Followed is the refresh the walk followed from h, or nil.
func (h *Hop) Followed() *Refresh {
	if h.FollowedRefresh < 1 || h.FollowedRefresh > len(h.Refresh) {
		return nil
	}
	return &h.Refresh[h.FollowedRefresh-1]
}
