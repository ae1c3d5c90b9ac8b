package inspect

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	wurl "github.com/nlnwa/whatwg-url/url"
	"golang.org/x/net/idna"
)

// Location is a Location value resolved against the URL of the response
// that carried it.
type Location struct {
	Raw string
	// URL is where a browser goes (WHATWG URL), fragment included.
	URL string
	// Relative is true when Raw has no scheme of its own (a path, a query,
	// a fragment or a protocol-relative //host reference).
	Relative bool
	// Inherited is true when URL carries the request's fragment because
	// Raw had none (RFC 9110 §10.2.2, Fetch "location URL" step 4).
	Inherited bool
	// GoURL is where an RFC 3986 client (Go's net/url) goes, fragment
	// dropped; GoErr is set when it cannot resolve Raw at all.
	GoURL string
	GoErr error

	ambiguous bool
}

// Fragment reports whether the resolved URL has a fragment.
func (l *Location) Fragment() bool { return strings.Contains(l.URL, "#") }

// Ambiguous reports whether browsers and RFC 3986 clients disagree on the
// target (a different scheme, host, port, path or query, or one of them
// failing).
func (l *Location) Ambiguous() bool { return l.ambiguous }

// Scheme is the scheme of the resolved URL.
func (l *Location) Scheme() string {
	if i := strings.IndexByte(l.URL, ':'); i > 0 {
		return l.URL[:i]
	}
	return ""
}

// ErrEmptyLocation is returned for a Location field with an empty value.
var ErrEmptyLocation = errors.New("empty Location")

// ResolveLocation resolves a raw Location value against base (an absolute
// URL, fragment included) the way browsers do. It returns an error only when
// browsers could not resolve it either; the scheme is not checked here.
func ResolveLocation(base, raw string) (Location, error) {
	loc := Location{Raw: raw, Relative: !hasScheme(raw)}
	if strings.Trim(raw, " \t\n\r\f\v") == "" {
		loc.GoURL, loc.GoErr = resolveGo(base, raw)
		return loc, ErrEmptyLocation
	}
	if u, ok := resolvePlain(base, raw); ok {
		// Both parsers agree on plain forms: no ambiguity to report.
		loc.URL, loc.GoURL, loc.GoErr = u, StripFragment(u), nil
		loc.Inherited = strings.Contains(u, "#")
		return loc, nil
	}
	goURL, goErr := resolveGo(base, raw)
	loc.GoURL, loc.GoErr = goURL, goErr
	b, err := wurl.Parse(base)
	if err != nil {
		return loc, fmt.Errorf("parse %q: %w", base, cleanWURLError(err))
	}
	u, err := b.Parse(escapeNonASCII(raw))
	if err != nil {
		return loc, fmt.Errorf("browsers cannot resolve %q: %w", raw, cleanWURLError(err))
	}
	if !hasFragment(u) && hasFragment(b) {
		u.SetHash(b.Fragment())
		loc.Inherited = hasFragment(u)
	}
	loc.URL = u.Href(false)
	if sc := loc.Scheme(); sc == "http" || sc == "https" {
		loc.ambiguous = goErr != nil || !sameTarget(loc.URL, goURL)
	}
	return loc, nil
}

// resolvePlain resolves the two common forms of Location without a parser:
// an absolute URL already in canonical form, and a plain absolute path on a
// canonical base. It returns the result with the base's fragment inherited,
// and ok false for anything else.
func resolvePlain(base, raw string) (string, bool) {
	frag := ""
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base, frag = base[:i], base[i:]
	}
	switch {
	case canonicalHTTP(raw):
		return raw + frag, true
	case isPlainPath(raw) && canonicalHTTP(base):
		h, _ := splitHref(base)
		origin := h.scheme + "://" + h.host
		if h.port != "" {
			origin += ":" + h.port
		}
		return origin + raw + frag, true
	}
	return "", false
}

// ParseURL parses a URL the user typed. A missing scheme means http, as in
// curl. Only http and https are accepted.
func ParseURL(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", errors.New("empty URL")
	}
	if !hasScheme(t) || (!strings.Contains(t, "://") && isHostPort(t)) {
		t = "http://" + t
	}
	if canonicalHTTP(t) {
		return t, nil
	}
	u, err := wurl.Parse(escapeNonASCII(t))
	if err != nil {
		return "", fmt.Errorf("malformed URL %q: %w", s, cleanWURLError(err))
	}
	if sc := u.Scheme(); sc != "http" && sc != "https" {
		return "", fmt.Errorf("unsupported scheme %q in %q: only http and https", sc, s)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("malformed URL %q: no host", s)
	}
	return u.Href(false), nil
}

// isHostPort is true for "localhost:8080" style input, which would otherwise
// parse as scheme "localhost".
func isHostPort(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return false
	}
	rest := s[i+1:]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	return j > 0 && (j == len(rest) || rest[j] == '/' || rest[j] == '?' || rest[j] == '#')
}

// wireURL turns a WHATWG href into the net/url value that is put on the
// wire. The path and query are kept byte for byte as the WHATWG parser wrote
// them (net/url would reject some, such as "%zz", that browsers send).
func wireURL(s string) (*url.URL, error) {
	if h, ok := splitHref(s); ok {
		w := &url.URL{Scheme: h.scheme, Host: h.host, RawQuery: h.query, ForceQuery: h.hasQuery && h.query == ""}
		setPath(w, h.path)
		if h.port != "" {
			w.Host = h.host + ":" + h.port
		}
		if h.userinfo != "" {
			w.User = userinfo(h.userinfo)
		}
		return w, nil
	}
	href := s
	u, err := wurl.Parse(href)
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", href, cleanWURLError(err))
	}
	w := &url.URL{Scheme: u.Scheme(), Host: u.Host()}
	setPath(w, u.Pathname())
	if q := u.Search(); q != "" {
		w.RawQuery = strings.TrimPrefix(q, "?")
	} else if strings.Contains(u.Href(true), "?") {
		w.ForceQuery = true
	}
	if u.Username() != "" || u.Password() != "" {
		ui := u.Username()
		if u.Password() != "" {
			ui += ":" + u.Password()
		}
		w.User = userinfo(ui)
	}
	return w, nil
}

// setPath puts a serialised path on w so that net/url writes it back byte
// for byte. Path and RawPath do that for nearly every path, and keep the
// request line in absolute form through an HTTP proxy; a path net/url
// would re-escape differently (an invalid "%zz", say) goes in Opaque,
// which is sent as it is.
func setPath(w *url.URL, path string) {
	if path == "" {
		path = "/"
	}
	if p, err := url.PathUnescape(path); err == nil {
		w.Path, w.RawPath = p, path
		if w.EscapedPath() == path {
			return
		}
		w.Path, w.RawPath = "", ""
	}
	w.Opaque = path
}

// userinfo turns serialised (percent-encoded) user:password into net/url's.
func userinfo(s string) *url.Userinfo {
	user, pw, hasPw := strings.Cut(s, ":")
	user, _ = url.PathUnescape(user)
	if !hasPw || pw == "" {
		return url.User(user)
	}
	pw, _ = url.PathUnescape(pw)
	return url.UserPassword(user, pw)
}

// StripFragment returns href without its fragment.
func StripFragment(href string) string {
	if i := strings.IndexByte(href, '#'); i >= 0 {
		return href[:i]
	}
	return href
}

// Origin returns scheme://host:port of an absolute URL, with the default
// port written out, so that two origins compare as strings.
func Origin(s string) string {
	if h, ok := splitHref(s); ok {
		return h.scheme + "://" + net.JoinHostPort(h.hostname(), h.portOrDefault())
	}
	href := s
	u, err := wurl.Parse(href)
	if err != nil {
		return href
	}
	port := u.Port()
	if port == "" {
		switch u.Scheme() {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return u.Scheme() + "://" + net.JoinHostPort(strings.Trim(u.Hostname(), "[]"), port)
}

// Host returns the host name of an absolute URL, lower case and in ASCII
// (IDNA) form, without brackets for IPv6.
func Host(s string) string {
	if h, ok := splitHref(s); ok {
		return h.hostname()
	}
	u, err := wurl.Parse(s)
	if err != nil {
		return ""
	}
	return strings.Trim(u.Hostname(), "[]")
}

// Scheme returns the scheme of an absolute URL.
func Scheme(href string) string {
	if i := strings.IndexByte(href, ':'); i > 0 {
		return strings.ToLower(href[:i])
	}
	return ""
}

// Query returns the query of an absolute URL without "?", or "".
func Query(s string) string {
	if h, ok := splitHref(s); ok {
		return h.query
	}
	u, err := wurl.Parse(s)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Search(), "?")
}

// IsIPHost reports whether the URL's host is an IP literal.
func IsIPHost(href string) bool {
	return net.ParseIP(Host(href)) != nil
}

func hasFragment(u *wurl.Url) bool { return u.Href(false) != u.Href(true) }

// hasScheme reports whether s starts with scheme ":" (RFC 3986 §3.1), after
// the leading C0 controls and spaces that the WHATWG parser strips.
func hasScheme(s string) bool {
	s = strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// escapeNonASCII percent-encodes every byte above 0x7F. Browsers do this to
// the raw bytes of a Location before parsing it (crbug 942073, WPT
// redirect-location-escape), which keeps invalid UTF-8 as %FF instead of
// turning it into U+FFFD.
func escapeNonASCII(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// resolveGo is what net/http's Client would do: url.Parse, then
// ResolveReference, with the fragment dropped as it never reaches the wire.
func resolveGo(base, raw string) (string, error) {
	b, err := url.Parse(StripFragment(base))
	if err != nil {
		return "", err
	}
	r, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	u := b.ResolveReference(r)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// sameTarget compares a WHATWG href with a net/url string the way a request
// would see them: scheme and host case-insensitively (hosts in ASCII form),
// default ports ignored, path and query after percent-decoding.
func sameTarget(whatwg, goURL string) bool {
	g, err := url.Parse(goURL)
	if err != nil || g.Opaque != "" || g.Host == "" {
		return false
	}
	w, ok := splitHref(whatwg)
	if !ok {
		return false // not http(s): the scheme check reports it
	}
	if !strings.EqualFold(w.scheme, g.Scheme) {
		return false
	}
	// Go dials the host as written, so it is only lower-cased and put in
	// ASCII form; the WHATWG parser also decodes IPv4 forms such as 0x7f.1.
	gh, err := idna.Lookup.ToASCII(strings.ToLower(g.Hostname()))
	if err != nil || gh != w.hostname() || normPort(g.Scheme, g.Port()) != normPort(w.scheme, w.port) {
		return false
	}
	gp := g.EscapedPath()
	if gp == "" {
		gp = "/"
	}
	return unescape(gp) == unescape(w.path) && unescape(g.RawQuery) == unescape(w.query)
}

func normPort(scheme, port string) string {
	switch {
	case port == "" && scheme == "http":
		return "80"
	case port == "" && scheme == "https":
		return "443"
	}
	return strings.TrimLeft(port, "0")
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// cleanWURLError shortens the WHATWG library's messages ("Error: ... Url:
// '...'") to their reason.
func cleanWURLError(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "Error: ")
	if i := strings.Index(msg, " Url: '"); i >= 0 {
		msg = msg[:i]
	}
	msg = strings.TrimSuffix(msg, ".")
	if msg != "" {
		msg = strings.ToLower(msg[:1]) + msg[1:]
	}
	return errors.New(msg)
}
