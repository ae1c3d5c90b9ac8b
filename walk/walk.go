package walk

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hops-cli/hops/analyze"
	"github.com/hops-cli/hops/client"
	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
	"github.com/hops-cli/hops/page"
	"github.com/hops-cli/hops/robots"
)

// DefaultMaxRedirects is the default profile's redirect limit (Fetch's
// 20, which browsers share).
var DefaultMaxRedirects = client.Browser.MaxRedirects

// DefaultTimeout bounds each hop unless the user sets --timeout.
const DefaultTimeout = 10 * time.Second

// DefaultBodyLimit is the most of any response body hops reads.
const DefaultBodyLimit = 64 << 10

// drainWait is how long a walk waits for a body it only drains (a
// redirect's, to keep its connection) before it drops the connection.
const drainWait = 250 * time.Millisecond

// errDrainWait ends a hop's context when its drained body stalls.
var errDrainWait = errors.New("a drained body stalled")

// drainLimit is how much of a body that is not needed is read before the
// body is closed, so that a small body leaves its connection reusable (Go's
// own client drains 2 KiB for the same reason).
const drainLimit = 4 << 10

// Walker walks redirect chains. The zero value is not ready: use NewWalker.
// A Walker may walk several chains concurrently when Transport is shared.
type Walker struct {
	// Transport sends each hop's one round trip. Nil: a new Transport from
	// Config for each chain, closed when the chain ends.
	Transport http.RoundTripper
	Config    Config
	// Cookies keeps a cookie jar across the hops of a chain (--no-cookies
	// turns it off).
	Cookies bool
	// MaxRedirects is how many redirects are followed; a 3xx after that
	// many ends the walk (0: stop at the first response).
	MaxRedirects int
	// Profile is the client whose redirect rules the walk follows (nil:
	// client.Browser). A walk that MaxRedirects stops below the profile's
	// own limit was stopped by the user, not failed.
	Profile *client.Profile
	// Timeout bounds each hop: connect, headers and the body read.
	Timeout time.Duration
	// MaxTime bounds the whole chain (0: no bound but the hops').
	MaxTime time.Duration
	// BodyLimit is the most of a response body read (default 64 KiB).
	BodyLimit int64
	// LocationTrusted sends the user's credential headers to other origins.
	LocationTrusted bool
	// KeepBody keeps the start of a final response's body (up to
	// BodyLimit) on its hop, whatever its type (--body).
	KeepBody bool
	// FollowRefresh makes a meta refresh or Refresh header of a final
	// response one more hop.
	FollowRefresh bool
	// Robots, when set, reads each hop's robots.txt (--robots, --as
	// googlebot) for the crawler RobotsToken names ("" or "*": any).
	Robots      *robots.Cache
	RobotsToken string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Interrupt, when closed, ends the walk after the hop in flight (the
	// chain stops with StopInterrupted): how a check winds down on Ctrl-C
	// within one --timeout.
	Interrupt <-chan struct{}
	// OnRequest, when set, is called before each hop's request is sent.
	OnRequest func(n int, method, url string)
	// Throttle, when set, is called before hop n's request and before its
	// time limit starts: it may wait for a turn at the host (the per-host
	// limits of a check) and returns the function that ends the hop's turn
	// once its response is read. An error ends the walk there, as that
	// hop's failure.
	Throttle func(n int, host string) (release func(), err error)
}

// NewWalker returns a Walker with the defaults of the command line.
func NewWalker() *Walker {
	return &Walker{
		Cookies:      true,
		MaxRedirects: DefaultMaxRedirects,
		Timeout:      DefaultTimeout,
		BodyLimit:    DefaultBodyLimit,
		Now:          time.Now,
	}
}

// Walk sends req and follows its redirects. A failure at a hop is data: the
// chain is returned with that hop's Err set. Walk returns an error only for
// a request it cannot start (a malformed URL) or a context cancelled by the
// caller, and then still returns the chain walked so far.
func (w *Walker) Walk(ctx context.Context, req inspect.Request) (*inspect.Chain, error) {
	start, err := href.ParseURL(req.URL)
	if err != nil {
		return nil, err
	}
	req.URL = start
	req.Method = NormalizeMethod(req.Method)
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	if p := w.profile(); p.GETOnly && (req.Method != http.MethodGet || req.Body != nil) {
		// A crawler fetches: GET without a body, whatever was asked.
		req.Method, req.Body, req.MethodForced = http.MethodGet, nil, false
		if req.Header != nil {
			h := req.Header.Clone()
			for _, name := range p.BodyHeaders {
				h.Del(name)
			}
			req.Header = h
		}
	}
	chain := &inspect.Chain{Request: req, MaxRedirects: w.MaxRedirects, Profile: w.profile(), Insecure: w.Config.Insecure}

	rt := w.Transport
	if rt == nil {
		t, err := NewTransport(w.Config)
		if err != nil {
			return nil, err
		}
		defer t.CloseIdleConnections()
		rt = t
	}
	if w.MaxTime > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, w.MaxTime, errMaxTime)
		defer cancel()
	}

	// One recorder for the walk's round trips, its hooks in every hop's
	// context.
	tr := newTraceRecorder(w.now)
	base := tr.withRecorder(ctx)
	if m := req.Method; (m != "" && m != http.MethodGet && m != http.MethodHead) || len(req.Body) > 0 {
		// The direct path takes none of this walk's first requests: all
		// its hops go through net/http, and one origin's share a
		// connection there (a 302 turns a POST into a GET that would
		// otherwise go the direct way on a connection of its own).
		base = context.WithValue(base, viaNetHTTPKey{}, true)
	}
	clock := newHopClock(base, w.timeout())
	defer clock.close()
	s := &walkState{
		trace:  tr,
		clock:  clock,
		method: req.Method,
		url:    start,
		// The caller's header until the walk changes it (ownHeader).
		header:       req.Header,
		headerShared: true,
		body:         req.Body,
		via:          inspect.ViaHTTP,
		forced:       req.MethodForced,
		impliedType:  req.ContentTypeImplied,
		cookies:      w.Cookies && w.profile().KeepsCookies,
	}
	s.visited = s.visitBuf[:0]
	if s.header == nil {
		s.header, s.headerShared = http.Header{}, false
	}
	if user, pw, ok := urlCredentials(start); ok && s.header.Get("Authorization") == "" {
		// As curl: a URL's user:password is sent as Basic authorization,
		// a credential like any other (withheld from other origins).
		s.ownHeader()
		s.header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pw)))
	}
	origin := href.Origin(start)
	// Most chains are a few hops: room for a redirect or two and the
	// final response up front, rather than copying hops as the slice
	// grows (a hop is some 500 bytes).
	chain.Hops = make([]inspect.Hop, 0, 3)
	for n := 1; ; n++ {
		hop := w.doHop(ctx, rt, n, s, origin)
		if s.jar != nil {
			s.cookieGen = s.jar.changes
		}
		chain.Hops = append(chain.Hops, hop)
		h := &chain.Hops[len(chain.Hops)-1]
		if h.Err != nil {
			chain.Stop = inspect.StopFailed
			if errors.Is(context.Cause(ctx), context.Canceled) {
				// Ctrl-C ended the request in flight: the chain was cut
				// short by the user, not by the server.
				chain.Stop = inspect.StopInterrupted
			}
			if cerr := context.Cause(ctx); cerr != nil && cerr != errMaxTime {
				return chain, fmt.Errorf("walk %s: %w", h.URL, cerr)
			}
			return chain, nil
		}
		chain.Stop = w.next(chain, h, s)
		if chain.Stop != "" {
			return chain, nil
		}
		select {
		case <-w.Interrupt: // a nil channel never fires
			chain.Stop = inspect.StopInterrupted
			return chain, nil
		default:
		}
	}
}

// urlCredentials returns the decoded user and password of an href's
// userinfo; ok is false when it has none.
func urlCredentials(s string) (user, password string, ok bool) {
	if !strings.Contains(s, "@") {
		return "", "", false // no userinfo: no parse
	}
	u, err := href.Wire(s)
	if err != nil || u.User == nil {
		return "", "", false
	}
	pw, _ := u.User.Password()
	return u.User.Username(), pw, true
}

// maxAttempts bounds the connections one hop may take: the first, and
// two retries on fresh ones, about what browsers allow.
const maxAttempts = 3

// errRetries ends a hop whose connections kept failing before an answer.
var errRetries = errors.New("the server closed 3 connections in a row without answering")

// errMaxTime is the cause of the chain's context ending at --max-time.
var errMaxTime = errors.New("--max-time reached")

// visit is a request the walk sent: its method and URL (no fragment),
// the hop and how many changes the cookie jar had seen by then.
type visit struct {
	method, url string
	hop         int
	cookieGen   int
}

// lastVisit is the latest hop that sent method to url.
func (s *walkState) lastVisit(method, url string) (visit, bool) {
	for i := len(s.visited) - 1; i >= 0; i-- {
		if v := s.visited[i]; v.method == method && v.url == url {
			return v, true
		}
	}
	return visit{}, false
}

// walkState is the request that the next hop sends.
type walkState struct {
	method   string
	url      string // href with fragment
	header   http.Header
	body     []byte // nil once dropped
	via      inspect.Via
	prev     string // the URL of the hop before, for a client that judges credentials against it
	stripped bool   // credentials withheld since an origin change
	told     bool   // the withheld credentials were reported on a hop
	forced   bool   // the user forced the method (curl -X)
	// impliedType: the header's Content-Type is the one added for the
	// body, not the user's.
	impliedType bool
	cookieGen   int // the cookie jar's changes, as of the last response
	// visited lists the requests sent, for the loop check: a chain is a
	// few hops, and a list costs no key strings and no map. Its first
	// hops go in visitBuf, without growing a slice at the 1st, 2nd and
	// 3rd hop.
	visited  []visit
	visitBuf [4]visit
	// cookies: the walk keeps a jar; jar is made at the first Set-Cookie,
	// so that the many chains that set none never build one.
	cookies bool
	jar     *cookieJar
	trace   *traceRecorder
	clock   *hopClock
	// headerShared: header is also the caller's or a hop's, which keep it
	// as sent; the walk copies it before changing it.
	headerShared bool
	// counted reads each hop's body; kept here, it is not an allocation
	// of every hop.
	counted boundedReader
	// drain bounds the wait for a body that is only drained; one timer a
	// walk, made at the first such body.
	drain drainGuard
}

// drainGuard ends a hop's context when a body that is only drained (a
// redirect's, to keep the connection) has not come within drainWait.
type drainGuard struct {
	mu     sync.Mutex // fire runs on the timer's goroutine
	cancel context.CancelCauseFunc
	due    time.Time // when the running drain's time is up
	t      *time.Timer
}

// bodyBuffered says whether the rest of body is in memory already, so
// that draining it waits for no server: then the drain needs no guard (and
// no timer set, each a wake-up of the runtime's network poller).
func bodyBuffered(body io.Reader) bool {
	b, ok := body.(interface{ Buffered() bool })
	return ok && b.Buffered()
}

func (g *drainGuard) start(cancel context.CancelCauseFunc) {
	g.mu.Lock()
	g.cancel, g.due = cancel, time.Now().Add(drainWait)
	g.mu.Unlock()
	if g.t == nil {
		g.t = time.AfterFunc(drainWait, g.fire)
		return
	}
	g.t.Reset(drainWait)
}

func (g *drainGuard) fire() {
	g.mu.Lock()
	defer g.mu.Unlock()
	// A callback that comes late, after its drain ended and another began,
	// finds that one's time not up and leaves it alone.
	if g.cancel != nil && !time.Now().Before(g.due) {
		g.cancel(errDrainWait)
		g.cancel = nil
	}
}

// stop ends the wait. After it, the hop's context is either ended (so the
// next hop makes a new one) or no longer touched by this drain.
func (g *drainGuard) stop() {
	g.t.Stop()
	g.mu.Lock()
	g.cancel = nil
	g.mu.Unlock()
}

// ownHeader makes s.header the walk's own, to change.
func (s *walkState) ownHeader() {
	if s.headerShared {
		s.header, s.headerShared = s.header.Clone(), false
	}
}

// hopHeader is a hop's request header: the walk's, shared, until the hop
// changes something (most hops send it as it is).
type hopHeader struct {
	h     http.Header
	owned bool
}

// own returns the header, copied first if it is still the walk's.
func (x *hopHeader) own() http.Header {
	if !x.owned {
		x.h, x.owned = x.h.Clone(), true
	}
	return x.h
}

// next decides what follows hop h and prepares s for it; it returns the
// reason to stop, or "" to go on.
func (w *Walker) next(chain *inspect.Chain, h *inspect.Hop, s *walkState) inspect.Stop {
	var target string
	var nextVia inspect.Via
	switch {
	case w.profile().FollowsStatus(h.Status):
		p := w.profile()
		locs := h.Targets()
		if !p.EmptyLocationIsNone {
			locs = h.Location
		}
		if len(locs) == 0 {
			return inspect.StopNoLocation
		}
		given, ok := p.Location(locs)
		h.LocationRead = given
		if !ok {
			return inspect.StopInvalidLocation // Fetch: values that differ are a failure
		}
		if p.EmptyLocationIsNone && strings.TrimSpace(given) == "" {
			return inspect.StopNoLocation // Go: the first value, "", is none
		}
		if p.LocationStrictUTF8 && !utf8.ValidString(given) {
			h.LocationErr = fmt.Errorf("%s cannot decode it as UTF-8 and fails (byte 0x%02X)", p.Who, given[invalidUTF8At(given)])
			return inspect.StopInvalidLocation
		}
		raw := given
		switch {
		case p.LocationLatin1:
			raw = client.Latin1(raw)
		case p.LocationUTF8:
			raw = client.LossyUTF8(raw)
		}
		loc, err := href.ResolveLocation(h.URL, raw)
		loc.Raw = given
		if errors.Is(err, href.ErrEmptyLocation) && !p.EmptyLocationIsNone {
			// This client resolves "" against the URL: the same URL again,
			// which the loop check then stops (the client itself repeats
			// it until its limit).
			loc, err = href.Location{Raw: given, URL: href.StripFragment(h.URL), GoURL: href.StripFragment(h.URL), Relative: true}, nil
		}
		if err != nil {
			h.LocationErr = err
			return inspect.StopInvalidLocation
		}
		if p.Parser == client.RFC3986 && given != "" {
			// The client resolves as net/url does: it goes where that
			// lands, or fails where that fails.
			in, err := clientSlashes(p, strings.TrimSpace(given))
			if err != nil {
				h.LocationErr = err
				return inspect.StopInvalidLocation
			}
			u, err := resolveRFC3986(p, h.URL, rfc3986Input(p, h.URL, in))
			if err != nil {
				h.LocationErr = err
				return inspect.StopInvalidLocation
			}
			loc.URL, loc.Inherited = u, false
		}
		if loc.Inherited && !p.InheritFragment {
			loc.URL, loc.Inherited = href.StripFragment(loc.URL), false
		}
		if len(loc.URL) > MaxURLBytes {
			// Every hop keeps its URL, Location and next URL, and writes
			// them: a chain of URLs that grow by a megabyte a hop would
			// take gigabytes.
			h.LocationErr = fmt.Errorf("it makes a URL of %d bytes, and hops follows URLs of up to %d (servers refuse far shorter ones: nginx's request line holds 8 KiB)", len(loc.URL), MaxURLBytes)
			return inspect.StopInvalidLocation
		}
		h.Next = &loc
		if sc := loc.Scheme(); sc != "http" && sc != "https" {
			return inspect.StopUnsupportedScheme
		}
		if p.UserinfoFails != "" {
			if _, _, ok := urlCredentials(loc.URL); ok {
				h.LocationErr = errors.New(p.UserinfoFails)
				return inspect.StopInvalidLocation
			}
		}
		target, nextVia = loc.URL, inspect.ViaHTTP
	case w.profile().FollowsMetaRefresh && h.Status >= 200 && h.Status <= 299 && firstMeta(h) != nil:
		// Googlebot: the first meta refresh of a 2xx page is one more
		// redirect, not waited for; a reload of the page itself is not.
		r := firstMeta(h)
		if sc := href.Scheme(r.URL); sc != "http" && sc != "https" || len(r.URL) > MaxURLBytes {
			// Not followed: another scheme, or a URL past the bound the
			// Location of a redirect has (the page's finding reports it).
			return inspect.StopFinal
		}
		target, nextVia = r.URL, r.Via
		h.FollowedRefresh = refreshIndex(h, r) + 1
	case w.FollowRefresh && page.Effective(h.Refresh) != nil && page.Effective(h.Refresh).URL != "":
		r := page.Effective(h.Refresh)
		if sc := href.Scheme(r.URL); sc != "http" && sc != "https" || len(r.URL) > MaxURLBytes {
			// Not followed: another scheme, or a URL past the bound the
			// Location of a redirect has (the page's finding reports it).
			return inspect.StopFinal
		}
		target, nextVia = r.URL, r.Via
		h.FollowedRefresh = refreshIndex(h, r) + 1
	default:
		return inspect.StopFinal
	}

	// A refresh is a navigation: a GET with no body.
	method, drop := http.MethodGet, s.body != nil
	if nextVia == inspect.ViaHTTP {
		p := w.profile()
		if p.Refuses(s.method, h.Status) {
			return inspect.StopRefused
		}
		if p.RedirectedBodyFails && h.N > 1 && s.body != nil && h.Status != http.StatusSeeOther {
			chain.RefusedWhy = p.Name + " throws (a TypeError) at a redirect of a request that still carries its body: no further request"
			return inspect.StopRefused
		}
		method, drop = w.profile().NextMethod(s.method, h.Status)
		if s.forced && w.profile().KeepsForcedMethod {
			method = s.method // curl -X: the method the user forced, on every hop
		}
	}
	h.NextMethod = method
	h.BodyDropped = drop && s.body != nil

	if chain.Redirects() >= w.MaxRedirects {
		if w.MaxRedirects < w.profile().MaxRedirects {
			return inspect.StopAtLimit
		}
		return inspect.StopMaxRedirects
	}
	if v, ok := s.lastVisit(method, href.StripFragment(target)); ok && v.cookieGen == s.cookieGen {
		chain.LoopTo = v.hop
		return inspect.StopLoop
	}
	if drop {
		s.body = nil
		s.ownHeader()
		stripBodyHeaders(w.profile(), s.header)
		if s.impliedType {
			// The type the client added for the body goes with it (curl
			// -d through a 302: a GET with no Content-Type).
			s.header.Del("Content-Type")
			s.impliedType = false
		}
	}
	s.prev = s.url
	s.method, s.url, s.via = method, target, nextVia
	return ""
}

// doHop sends one request and records the response; it never follows.
func (w *Walker) doHop(ctx context.Context, rt http.RoundTripper, n int, s *walkState, origin string) inspect.Hop {
	hop := inspect.Hop{N: n, URL: s.url, Method: s.method, Via: s.via, BodyBytes: len(s.body)}
	s.visited = append(s.visited, visit{method: s.method, url: href.StripFragment(s.url), hop: n, cookieGen: s.cookieGen})

	p := w.profile()
	from := originParts(origin)
	if p.CompareToPrevious && s.prev != "" {
		from = urlOrigin(s.prev)
	}
	away := !p.KeepsCredentials(from, urlOrigin(s.url))
	if p.DropsUserCookie && n > 1 {
		// This client rebuilds Cookie from its own jar at every redirect:
		// a Cookie the user set goes no further than the first request.
		if _, ok := s.header["Cookie"]; ok {
			hop.CredentialsDropped = append(hop.CredentialsDropped, "Cookie")
			s.ownHeader()
			delete(s.header, "Cookie")
		}
	}
	hh := hopHeader{h: s.header}
	header := hh.h
	switch {
	case away && w.LocationTrusted:
		hop.CredentialsForwarded = credentialNames(p, header)
	case away:
		s.stripped = true
	case !p.StickyCredentials:
		// Back on the first origin: this client sends them again.
		s.stripped, s.told = false, false
	}
	if s.stripped {
		// A sticky client (Fetch step 7) withholds them from here on;
		// they are reported on the first hop without them.
		if !s.told {
			hop.CredentialsDropped, s.told = append(hop.CredentialsDropped, credentialNames(p, header)...), true
		}
		if len(credentialNames(p, header)) > 0 {
			header = hh.own()
			for _, k := range p.Credentials {
				header.Del(k)
			}
		}
	}
	if p.LocationUserinfo != client.UserinfoUnused && n > 1 {
		// The user and password of a Location, as Basic authorization on
		// the request to it (Go always, curl to the first origin, or to
		// any with --location-trusted).
		if user, pw, ok := urlCredentials(s.url); ok && header.Get("Authorization") == "" &&
			(p.LocationUserinfo == client.UserinfoSent || href.Origin(s.url) == origin || w.LocationTrusted) {
			header = hh.own()
			header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pw)))
		}
	}
	hop.CredentialsSent = credentialNames(p, header)

	wire, err := href.Wire(s.url)
	if err != nil {
		hop.Err = &inspect.HopError{Kind: "request", Msg: err.Error(), Err: err}
		return hop
	}
	if p.DropsEmptyQuery && (n > 1 || !p.KeepsGivenEmptyQuery) {
		wire.ForceQuery = false // "/x?" goes out as "/x"
	}
	if w.Throttle != nil {
		release, err := w.Throttle(n, strings.ToLower(wire.Hostname()))
		if err != nil {
			hop.Err = &inspect.HopError{Kind: "request", Msg: err.Error(), Err: err}
			return hop
		}
		defer release()
	}
	if w.OnRequest != nil {
		w.OnRequest(n, s.method, s.url)
	}

	// One context bounds the hop and, cancelled early, ends its retries;
	// the recorder notes that it gave up, which classify reads.
	hctx := s.clock.arm()
	defer s.clock.disarm()
	tr := s.trace
	hctx = tr.begin(n, hctx, s.clock.stop)
	if needsHTTP1(header) {
		hctx = context.WithValue(hctx, onlyHTTP1Key{}, true)
	}

	if _, ok := header["User-Agent"]; !ok {
		// net/http would send its own; an empty -A '' sends none.
		header = hh.own()
		header.Set("User-Agent", defaultUserAgent)
	}
	host := header.Get("Host")
	if host != "" {
		header = hh.own()
		header.Del("Host")
	}
	if p.RefererFromPrevious && s.prev != "" {
		switch ref := goReferer(s.prev, s.url, header.Get("Referer")); {
		case ref == "":
			if _, ok := header["Referer"]; ok {
				header = hh.own()
				header.Del("Referer")
			}
		case ref != header.Get("Referer"):
			header = hh.own()
			header.Set("Referer", ref)
		}
	}
	if ref := header["Referer"]; p.StrictReferrer && len(ref) == 1 {
		// The walk's header keeps the Referer given; each hop sends what
		// a browser's policy makes of it for that hop's URL.
		if v := referrerFor(ref[0], s.url); v != ref[0] {
			header = hh.own()
			if v == "" {
				header.Del("Referer")
			} else {
				header.Set("Referer", v)
			}
		}
	}
	if s.jar != nil && !(p.UserCookieWins && header.Get("Cookie") != "") {
		if cookies := s.jar.header(wire); len(cookies) > 0 {
			header = hh.own()
			addCookieHeader(header, cookies)
		}
	}
	req, err := newRequest(hctx, s.method, wire, header, s.body)
	if err != nil {
		hop.Err = &inspect.HopError{Kind: "request", Msg: err.Error(), Err: err}
		return hop
	}
	if host != "" && href.Origin(s.url) == origin {
		// A custom Host belongs to the origin it was given for.
		req.Host = host
	}
	// Neither the Transport nor anything after it changes the header: the
	// hop keeps it as sent (the walk's own, when the hop changed nothing,
	// which the walk then copies before it changes it).
	hop.RequestHeader = header
	if !hh.owned {
		s.headerShared = true
	}

	tr.started(w.now())
	resp, err := rt.RoundTrip(req)
	if err != nil {
		hop.RemoteAddr, hop.Reused, hop.Timing, hop.Malformed = tr.result(w.now())
		hop.Err = tr.classify(err, hctx, w.timeout())
		return hop
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// The body of a 101 is the raw connection, under no deadline of
		// the hop's: reading it waits on the server forever. Browsers fail
		// the navigation (Fetch: a 101 outside a WebSocket handshake is a
		// network error), and so does hops, at once.
		resp.Body.Close()
		hop.RemoteAddr, hop.Reused, hop.Timing, hop.Malformed = tr.result(w.now())
		hop.Err = &inspect.HopError{Kind: "protocol", Msg: "the server answered 101 Switching Protocols to a request that asked for no upgrade (browsers fail the navigation)"}
		return hop
	}
	defer resp.Body.Close()
	// Header lines Go refused were mended on the way in; give the hop the
	// values browsers read before anything looks at them.
	tr.malformed.restore(resp.Header)
	if p := w.profile(); p.StrictHeaderBytes && resp.ProtoMajor == 1 {
		if name, b, bad := controlInHeader(resp.Header); bad {
			hop.RemoteAddr, hop.Reused, hop.Timing, hop.Malformed = tr.result(w.now())
			hop.Err = &inspect.HopError{Kind: "protocol", Msg: fmt.Sprintf("%s rejects the response: its %s header holds the control byte 0x%02X (browsers read it)", p.Who, name, b)}
			return hop
		}
	}

	hop.Received = w.now()
	hop.Status = resp.StatusCode
	hop.Reason = reasonPhrase(resp.Status, resp.StatusCode)
	hop.Proto = resp.Proto
	hop.Header = resp.Header
	hop.Location = resp.Header.Values("Location")
	cs := resp.TLS
	if cs == nil && wire.Scheme == "https" {
		cs = tr.connTLS() // an HTTP/1 connection from dialTLS
	}
	if set := resp.Header.Values("Set-Cookie"); s.cookies && len(set) > 0 {
		if s.jar == nil {
			s.jar = newCookieJar(w.now, w.profile().Cookies)
		}
		// Under --max-time (or --timeout) an endless run of Set-Cookie
		// lines is cut short; the walk then ends at its next request.
		_ = s.jar.setCookies(hctx, wire, set)
	}

	// Read the body only as far as needed: the start of a final HTML page
	// for client-side redirects; otherwise a small body known to be short,
	// which keeps the connection reusable. Anything else is left unread
	// (closing it costs the connection, never the time of a slow body).
	var limit int64
	final := s.method != http.MethodHead && !(w.profile().FollowsStatus(resp.StatusCode) && len(resp.Header.Values("Location")) > 0)
	wantSample := final && !w.profile().FollowsStatus(resp.StatusCode) && mayBeHTML(resp.Header)
	wantBody := final && w.KeepBody
	switch {
	case wantSample, wantBody:
		limit = w.bodyLimit()
	case resp.ContentLength >= 0 && resp.ContentLength <= drainLimit:
		limit = resp.ContentLength
	}
	s.counted = boundedReader{r: resp.Body, left: limit}
	counted := &s.counted
	var data []byte
	var rerr error
	if wantSample || wantBody {
		data, rerr = io.ReadAll(counted)
	} else {
		// Only drained, to keep the connection: io.Discard reads into a
		// pooled buffer, and nothing looks at the bytes. No client waits
		// for such a body (browsers follow once the header is in): one
		// that stalls is given drainWait, then the hop's context ends and
		// the connection with it; a redirect's body that fails is no
		// failure of the hop. A final response's body keeps --timeout and
		// is noted when it fails.
		guard := !final && counted.left > 0 && !bodyBuffered(resp.Body)
		if guard {
			s.drain.start(s.clock.cancel)
		}
		_, rerr = io.Copy(io.Discard, counted)
		if guard {
			s.drain.stop()
		}
		if !final {
			rerr = nil
		}
	}
	hop.BodyRead = counted.n
	counted.r = nil
	// A body that fills the bound was cut unless its length says it ends
	// there (reading on to find out would pass the bound).
	cut := int64(len(data)) == w.bodyLimit() && resp.ContentLength != w.bodyLimit()
	if wantSample {
		hop.Sample, _, _ = decodeSample(data, resp.Header.Get("Content-Encoding"), w.bodyLimit()) // a cut stream's start is read too
	}
	if wantBody {
		var more bool
		var derr error
		hop.Body, more, derr = decodeSample(data, resp.Header.Get("Content-Encoding"), w.bodyLimit())
		hop.BodyCut = cut || more
		if derr == errStreamCut && cut {
			derr = nil // cut by hops at the bound, and said so
		}
		if derr != nil {
			hop.Body, hop.BodyUndecoded = nil, derr.Error()
		}
	}
	// One pass over the sample: its refreshes, and the SEO signals that
	// the analysis reads of a landing page.
	hop.Refresh, hop.HTML = page.Read(hop.URL, hop.Status, resp.Header, hop.Sample, page.Crawler(w.profile()))
	hop.RemoteAddr, hop.Reused, hop.Timing, hop.Malformed = tr.result(w.now())
	if cs != nil {
		// After the timing: verifying under -k may first load the system
		// roots, which is no part of the server's time.
		hop.TLS = w.tlsInfo(cs, rt, href.Host(s.url))
	}
	if rerr != nil && !errors.Is(rerr, io.EOF) {
		// The response is there; a body that fails or stalls is noted but
		// does not undo it.
		hop.BodyErr = tr.classify(rerr, hctx, w.timeout())
	}
	hop.ReadFacts()
	return hop
}

// reasonPhrase is a status line's text after its code ("Moved
// Permanently" of "301 Moved Permanently"), without making the code a
// string of its own.
func reasonPhrase(status string, code int) string {
	var buf [20]byte
	c := strconv.AppendInt(buf[:0], int64(code), 10)
	if len(status) >= len(c) && status[:len(c)] == string(c) {
		status = status[len(c):]
	}
	return strings.TrimSpace(status)
}

// defaultUserAgent is sent when the request sets none (the command line
// always sets one: hops/VERSION).
const defaultUserAgent = "hops"

func (w *Walker) timeout() time.Duration {
	if w.Timeout > 0 {
		return w.Timeout
	}
	return DefaultTimeout
}

// ProfileName is the name of the profile a walker was given, "" for the
// default.
func (w *Walker) ProfileName() string {
	if w.Profile == nil {
		return ""
	}
	return w.Profile.Name
}

func (w *Walker) profile() *client.Profile {
	if w.Profile != nil {
		return w.Profile
	}
	return client.Browser
}

func (w *Walker) bodyLimit() int64 {
	if w.BodyLimit > 0 {
		return w.BodyLimit
	}
	return DefaultBodyLimit
}

func (w *Walker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Walker) tlsInfo(cs *tls.ConnectionState, rt http.RoundTripper, host string) *inspect.TLSInfo {
	info := &inspect.TLSInfo{
		Version:    tls.VersionName(cs.Version),
		Cipher:     cipherName(cs.CipherSuite),
		ServerName: cs.ServerName,
		ALPN:       cs.NegotiatedProtocol,
		Verified:   true,
	}
	if len(cs.PeerCertificates) > 0 {
		leaf := cs.PeerCertificates[0]
		names := namesOf(leaf)
		info.Subject, info.Issuer = names.subject, names.issuer
		info.NotAfter = leaf.NotAfter
	}
	t, ok := rt.(*http.Transport)
	if wt, isOwn := rt.(*Transport); isOwn {
		t, ok = wt.Transport, true
	}
	if ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify {
		info.VerifyError = verifyChainOnce(cs, host, t.TLSClientConfig.RootCAs)
		info.Verified = info.VerifyError == ""
	}
	return info
}

// mayBeHTML reports whether a response could be an HTML document: served as
// HTML, or with no Content-Type at all (browsers sniff those).
func mayBeHTML(h http.Header) bool {
	ct := h.Get("Content-Type")
	switch ct {
	case "":
		return true
	case "text/html", "text/html; charset=utf-8", "text/html; charset=UTF-8", "text/html;charset=utf-8", "text/html;charset=UTF-8":
		// What most servers send, without a parse.
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// decodeSample undoes a response's Content-Encoding, keeping at most limit
// bytes; more says the decoded body went on past them. hops asks for gzip
// only when the user does (-H Accept-Encoding, --compressed), and decodes
// gzip alone: the error says why there is no text, for another coding, a
// body that is not gzip, or a gzip stream that is corrupt. One cut short
// gives what it held, with errStreamCut.
func decodeSample(data []byte, encoding string, limit int64) (out []byte, more bool, err error) {
	switch enc := strings.ToLower(strings.TrimSpace(encoding)); {
	case enc == "gzip", enc == "x-gzip": // x-gzip is gzip (RFC 9110, 8.4.1.3)
	case enc == "br", enc == "deflate", enc == "zstd", enc == "compress", enc == "x-compress", strings.Contains(enc, ","):
		// Coded bytes, no text: the page scan gets them as before (it finds
		// nothing in them), --body says so.
		return data, false, fmt.Errorf("Content-Encoding %s, which hops does not decode", header.Clip(enc, 60))
	default:
		// None, identity, or a token no client knows ("utf-8" is seen):
		// headless Chromium reads such a body as it is, and so does hops.
		return data, false, nil
	}
	if len(data) == 0 {
		return nil, false, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, false, fmt.Errorf("Content-Encoding gzip, but %w", err)
	}
	out, err = io.ReadAll(io.LimitReader(zr, limit+1))
	switch {
	case int64(len(out)) > limit:
		return out[:limit], true, nil
	case err == io.ErrUnexpectedEOF && len(out) > 0:
		// The start of a stream: text when the coded body was cut at the
		// bound (the caller knows), not otherwise.
		return out, false, errStreamCut
	case err != nil:
		return nil, false, fmt.Errorf("Content-Encoding gzip, but %w", err)
	}
	return out, false, nil
}

// errStreamCut is decodeSample's word for a gzip stream that ends early;
// out holds what it decoded.
var errStreamCut = errors.New("Content-Encoding gzip, but the stream ends early (unexpected EOF)")

// boundedReader reads at most left bytes of r, as io.LimitReader, and
// counts what it read.
type boundedReader struct {
	r    io.Reader
	left int64
	n    int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	b.left -= int64(n)
	return n, err
}

// newRequest is the hop's request. A request without a body is built
// directly: http.NewRequestWithContext would parse a URL and make a
// header map that the hop replaces at once.
func newRequest(ctx context.Context, method string, u *url.URL, header http.Header, body []byte) (*http.Request, error) {
	if body != nil || !isToken(method) {
		// With a body, as net/http sets it up (length, GetBody for a
		// retry); an invalid method gets net/http's own error.
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, "", r)
		if err != nil {
			return nil, err
		}
		req.URL, req.Host, req.Header = u, "", header
		return req, nil
	}
	r := http.Request{Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header}
	return r.WithContext(ctx), nil
}

// isToken reports whether s is an RFC 9110 token, what net/http takes as
// a method.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return s != ""
}

// Inspect walks req and analyses the chain it got: what every command of
// hops does with a request. The chain comes back as from Walk, with its
// findings.
func (w *Walker) Inspect(ctx context.Context, req inspect.Request) (*inspect.Chain, error) {
	c, err := w.Walk(ctx, req)
	if c != nil {
		if w.Robots != nil {
			w.askRobots(ctx, c)
		}
		c.Findings = analyze.Analyze(c)
	}
	return c, err
}

// firstMeta is the first meta refresh of a hop that leads somewhere else
// than the page itself, or nil.
func firstMeta(h *inspect.Hop) *inspect.Refresh {
	for i := range h.Refresh {
		r := &h.Refresh[i]
		if r.Via == inspect.ViaMetaRefresh {
			if r.URL == "" || href.StripFragment(r.URL) == href.StripFragment(h.URL) {
				return nil
			}
			return r
		}
	}
	return nil
}

// askRobots asks each hop's host whether the crawler may fetch the hop's
// URL (one robots.txt per origin, from the Walker's cache). The walk
// itself went on regardless: statuses do not change with robots.txt.
func (w *Walker) askRobots(ctx context.Context, c *inspect.Chain) {
	token := w.RobotsToken
	if token == "" {
		token = "*"
	}
	for i := range c.Hops {
		h := &c.Hops[i]
		u, err := url.Parse(h.URL)
		if err != nil {
			continue
		}
		file, src, err := w.Robots.Lookup(ctx, h.URL)
		if err != nil {
			continue // interrupted: no verdict rather than a wrong one
		}
		ok, rule := file.Allowed(token, u.RequestURI())
		v := &inspect.RobotsVerdict{Allowed: ok, Token: token, RobotsURL: src.URL, Note: src.Note}
		if rule != nil {
			v.Rule, v.Line = rule.String(), rule.Line
		}
		h.Robots = v
	}
}

// urlOrigin is the origin of an absolute URL for a profile's credential
// rule.
func urlOrigin(u string) client.Origin {
	scheme, host, port := href.OriginParts(u)
	return client.Origin{Scheme: scheme, Host: host, Port: port}
}

// originParts splits an origin string ("https://host:443") for a profile's
// credential rule.
func originParts(origin string) client.Origin {
	scheme, rest, _ := strings.Cut(origin, "://")
	host, port, err := net.SplitHostPort(rest)
	if err != nil {
		host = rest
	}
	return client.Origin{Scheme: scheme, Host: host, Port: port}
}

// MaxURLBytes is the longest URL a walk follows. Browsers take up to 2 MiB
// (Chromium's kMaxURLChars); servers refuse far less (nginx 8 KiB, Apache
// 8,190 bytes). 64 KiB bounds what a hostile chain makes hops hold.
const MaxURLBytes = 64 << 10

// rfc3986Input is the Location as an RFC 3986 client parses it, with the
// profile's leniencies.
func rfc3986Input(p *client.Profile, base, raw string) string {
	raw = strings.TrimSpace(raw)
	if p.LocationEscape != nil {
		raw = p.LocationEscape.Apply(raw)
	}
	if p.BackslashInPath {
		raw = strings.ReplaceAll(raw, "\\", "%5C")
	}
	if sc := href.Scheme(base); p.SchemeRelative && len(raw) > len(sc) && strings.EqualFold(raw[:len(sc)+1], sc+":") && !strings.HasPrefix(raw[len(sc)+1:], "//") {
		raw = raw[len(sc)+1:]
	}
	if p.BackslashInPath || p.SchemeRelative {
		// A lenient parser takes "a:b/c" with no scheme of its own as a
		// path, where net/url refuses a colon in the first segment.
		if seg, _, _ := strings.Cut(raw, "/"); strings.Contains(seg, ":") && !client.IsScheme(seg[:strings.IndexByte(seg, ':')]) {
			raw = "./" + raw
		}
	}
	return raw
}

// resolveRFC3986 resolves in as net/url does. A client that sends a "%"
// which starts no escape as it is (curl, urllib) follows such a Location
// where net/url refuses it: the "%" goes through net/url as "%25" and comes
// back. When base or in already holds a "%25", that cannot be told apart,
// and the Location stays refused.
func resolveRFC3986(p *client.Profile, base, in string) (string, error) {
	e := p.LocationEscape
	if e == nil || e.Percent != client.KeepPercent || !client.MalformedPercent(in) && !client.MalformedPercent(base) || strings.Contains(base, "%25") || strings.Contains(in, "%25") {
		return href.ResolveRFC3986(base, in)
	}
	// The base too: the URL such a Location made is the next one's base.
	u, err := href.ResolveRFC3986(escapeBadPercent(base), escapeBadPercent(in))
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(u, "%25", "%"), nil
}

// escapeBadPercent writes each "%" of s that starts no escape as "%25".
func escapeBadPercent(s string) string {
	if !client.MalformedPercent(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !client.EscapeAt(s, i) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// invalidUTF8At is the index of the first byte of s that starts no valid
// UTF-8 sequence.
func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// controlInHeader finds a header value with a control byte other than
// HTAB, or DEL: what strict HTTP/1 parsers refuse.
// Of several, the first name in sorted order is named.
func controlInHeader(h http.Header) (name string, b byte, ok bool) {
	for k, vs := range h {
		for _, v := range vs {
			for i := 0; i < len(v); i++ {
				if c := v[i]; (c < 0x20 && c != '\t' || c == 0x7f) && (!ok || k < name) {
					name, b, ok = k, c, true
					break
				}
			}
		}
	}
	return name, b, ok
}

// clientSlashes rewrites a run of slashes at the start of loc, or after
// an http(s) scheme, as p's client reads it (client.SlashRule).
func clientSlashes(p *client.Profile, loc string) (string, error) {
	if p.Slashes == client.SlashesAsParsed {
		return loc, nil
	}
	scheme := ""
	if i := strings.IndexByte(loc, ':'); i > 0 && (strings.EqualFold(loc[:i], "http") || strings.EqualFold(loc[:i], "https")) {
		scheme = loc[:i+1]
	}
	rest := loc[len(scheme):]
	n := len(rest) - len(strings.TrimLeft(rest, "/"))
	rest = rest[n:]
	switch p.Slashes {
	case client.SlashesCurl:
		switch {
		case n >= 4:
			return "", fmt.Errorf("%s fails on it: too many slashes after the scheme", p.Who)
		case scheme != "" && n >= 1, scheme == "" && n == 3:
			return scheme + "//" + rest, nil
		}
	case client.SlashesWget:
		if scheme == "" && n >= 3 {
			return "", fmt.Errorf("%s fails on a Location that starts with %d slashes", p.Who, n)
		}
	case client.SlashesPython:
		switch {
		case scheme == "" && n == 3:
			return "/" + rest, nil
		case scheme == "" && n >= 4:
			return "//" + rest, nil
		}
	}
	return loc, nil
}

// refreshIndex is the index of r in h.Refresh.
func refreshIndex(h *inspect.Hop, r *inspect.Refresh) int {
	for i := range h.Refresh {
		if &h.Refresh[i] == r {
			return i
		}
	}
	return -1
}
