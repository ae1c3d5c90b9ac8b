package href

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

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
	var err error
	loc.URL, loc.Inherited, err = resolveWHATWG(base, raw)
	if err != nil {
		return loc, err
	}
	if sc := loc.Scheme(); sc == "http" || sc == "https" {
		loc.ambiguous = goErr != nil || !sameTarget(loc.URL, goURL)
	}
	return loc, nil
}

// resolveWHATWG is the full path of ResolveLocation, which resolvePlain
// shortens: the WHATWG parser, then Fetch's "location URL" step for the
// fragment. inherited is true when the result took base's fragment.
func resolveWHATWG(base, raw string) (href string, inherited bool, err error) {
	p := newParser()
	b, err := p.parse(base, nil)
	if err != nil {
		return "", false, fmt.Errorf("parse %q: %w", base, err)
	}
	u, err := p.parse(escapeNonASCII(raw), b)
	if err != nil {
		return "", false, fmt.Errorf("browsers cannot resolve %q: %w", raw, err)
	}
	href = serialize(u)
	// A Location whose fragment is null takes the request URL's, an empty
	// one ("#") included: that is not null.
	if !strings.Contains(href, "#") {
		if bh := b.Href(false); strings.Contains(bh, "#") {
			return href + bh[strings.IndexByte(bh, '#'):], true, nil
		}
	}
	return href, false, nil
}

// resolvePlain resolves the two common forms of Location without a parser:
// an absolute URL already in canonical form, and a plain absolute path on a
// canonical base. It returns the result with the base's fragment inherited,
// and ok false for anything else, a base with an empty fragment included.
func resolvePlain(base, raw string) (string, bool) {
	frag := ""
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base, frag = base[:i], base[i:]
		if !isPlainFragment(frag) {
			return "", false
		}
	}
	switch {
	case canonicalHTTP(raw):
		return raw + frag, true
	case isPlainPath(raw) && canonicalHTTP(base):
		// A canonical base is scheme://host[:port] and then its path: the
		// origin is what comes before the path.
		h, _ := splitHref(base)
		origin := base[:len(base)-len(h.path)-len(h.query)-len("?")*boolInt(h.hasQuery)]
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
	if i := strings.Index(t, "://"); i >= 0 && !strings.ContainsAny(t[:i], "/?#") && !hasScheme(t[:i]+":") {
		// "ht!tp://x" or "://x" names a scheme and misspells it: taken as
		// a host without one it would become http://ht!tp//x and be
		// looked up. curl refuses it too.
		return "", fmt.Errorf("malformed URL %q: %q before :// is not a scheme", s, t[:i])
	}
	if !hasScheme(t) || (!strings.Contains(t, "://") && (isHostPort(t) || isUserHost(t))) {
		t = "http://" + t
	}
	if canonicalHTTP(t) {
		return t, nil
	}
	u, err := newParser().parse(escapeNonASCII(t), nil)
	if err != nil {
		return "", fmt.Errorf("malformed URL %q: %w", s, err)
	}
	if sc := u.Scheme(); sc != "http" && sc != "https" {
		return "", fmt.Errorf("unsupported scheme %q in %q: only http and https", sc, s)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("malformed URL %q: no host", s)
	}
	return serialize(u), nil
}

// isHostPort is true for "localhost:8080" style input, which would otherwise
// parse as scheme "localhost".
// isUserHost reports whether s, with no "://", is user:password@host (as
// curl reads "u:p@example.com"), not a URL of a scheme such as mailto:.
func isUserHost(s string) bool {
	end := len(s)
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		end = i
	}
	at := strings.LastIndexByte(s[:end], '@')
	if at < 0 {
		return false
	}
	scheme, _, _ := strings.Cut(s, ":")
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto", "javascript", "data", "file", "ftp", "tel", "ws", "wss", "blob", "about":
		return false
	}
	return at+1 < end
}

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

// Wire turns a WHATWG href into the net/url value that is put on the
// wire. The path and query are kept byte for byte as the WHATWG parser wrote
// them (net/url would reject some, such as "%zz", that browsers send).
func Wire(s string) (*url.URL, error) {
	if h, ok := splitHref(s); ok {
		w := &url.URL{Scheme: h.scheme, Host: h.hostport, RawQuery: h.query, ForceQuery: h.hasQuery && h.query == ""}
		setPath(w, h.path)
		if h.userinfo != "" {
			w.User = userinfo(h.userinfo)
		}
		return w, nil
	}
	href := s
	u, err := newParser().parse(href, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", href, err)
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
// which is sent as it is. An Opaque that starts with "//" would be taken
// for an authority (net/url then writes "http:" before it), so such a path
// is sent in absolute form, "//host//path", which servers must accept
// (RFC 9112 §3.2.2). w.Host must be set.
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
	if strings.HasPrefix(path, "//") {
		w.Opaque = "//" + w.Host + path
	}
}

// userinfo turns serialised (percent-encoded) user:password into net/url's.
func userinfo(s string) *url.Userinfo {
	user, pw, hasPw := strings.Cut(s, ":")
	// The URL standard's percent-decode keeps a malformed escape as it
	// is ("Ab%zz"), as browsers and curl send it; url.PathUnescape gave
	// "" for the whole password then.
	user = percentDecode(user)
	if !hasPw || pw == "" {
		return url.User(user)
	}
	return url.UserPassword(user, percentDecode(pw))
}

// Userinfo returns the username of an http(s) href and whether it has a
// password; "", false when it has neither.
func Userinfo(href string) (user string, password bool) {
	if h, ok := splitHref(href); ok {
		u, pw, has := strings.Cut(h.userinfo, ":")
		return u, has && pw != ""
	}
	u, err := newParser().parse(href, nil)
	if err != nil {
		return "", false
	}
	return u.Username(), u.Password() != ""
}

// LocationCarriesUserinfo reports whether raw, resolved against base,
// brings a username or password of its own: a Location without an
// authority ("/next") inherits the request URL's, which is the user's and
// not the server's to answer for. It resolves raw against base without
// its userinfo, so that the WHATWG parser decides what raw holds.
func LocationCarriesUserinfo(base, raw string) bool {
	p := newParser()
	b, err := p.parse(base, nil)
	if err != nil {
		return false
	}
	b.SetUsername("")
	b.SetPassword("")
	u, err := p.parse(escapeNonASCII(raw), b)
	if err != nil {
		return false
	}
	return u.Username() != "" || u.Password() != ""
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
	u, err := newParser().parse(href, nil)
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

// OriginParts is Origin split into its scheme, host (without IPv6
// brackets) and port (the scheme's default written out), taken from the
// URL without building the origin's string where the URL is in the
// serialiser's form: the walk compares origins at every hop.
func OriginParts(s string) (scheme, host, port string) {
	if h, ok := splitHref(s); ok {
		return h.scheme, h.hostname(), h.portOrDefault()
	}
	scheme, rest, _ := strings.Cut(Origin(s), "://")
	host, port, err := net.SplitHostPort(rest)
	if err != nil {
		host = rest
	}
	return scheme, host, port
}

// Host returns the host name of an absolute URL, lower case and in ASCII
// (IDNA) form, without brackets for IPv6.
func Host(s string) string {
	if h, ok := splitHref(s); ok {
		return h.hostname()
	}
	u, err := newParser().parse(s, nil)
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
	u, err := newParser().parse(s, nil)
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
// the leading C0 controls and spaces that the WHATWG parser strips, and
// without the tabs and newlines it removes everywhere.
func hasScheme(s string) bool {
	for len(s) > 0 && s[0] <= ' ' {
		s = s[1:] // without strings.TrimLeft, which builds a set of its cutset at every call
	}
	n := 0 // scheme characters so far
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			n++
		case n > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
			n++
		case n > 0 && c == ':':
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

// ResolveRFC3986 resolves raw against base as an RFC 3986 client does
// (Go's net/url): the fragment dropped, an error where net/url fails, and
// an error for a target with no host (such as "https:host/x", which such a
// client reads as an opaque URL).
func ResolveRFC3986(base, raw string) (string, error) {
	u, err := resolveGo(base, raw)
	if err != nil {
		return "", err
	}
	if p, err := url.Parse(u); err != nil || p.Host == "" {
		return "", fmt.Errorf("%q has no host", u)
	}
	return u, nil
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
	// ASCII form (net/http's idnaASCII leaves an ASCII host alone, xn--
	// labels unchecked); the WHATWG parser also decodes IPv4 forms such as
	// 0x7f.1.
	gh, err := strings.ToLower(g.Hostname()), error(nil)
	if !isASCII(gh) {
		gh, err = idna.Lookup.ToASCII(gh)
	}
	if err != nil || gh != w.hostname() || normPort(g.Scheme, g.Port()) != normPort(w.scheme, w.port) {
		return false
	}
	gp := g.EscapedPath()
	if gp == "" {
		gp = "/"
	}
	return unescape(gp) == unescape(w.path) && unescape(g.RawQuery) == unescape(w.query)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

// whatwg runs the WHATWG URL library as the current URL standard reads: the
// library's host processing for special URLs is replaced by domainToASCII
// (it validates ASCII xn-- labels the standard leaves alone, and applies the
// STD3 rules the standard turns off), and its path percent-encode set gains
// "^". A whatwg holds the state of one parse at a time: make one with
// newParser for each use.
type whatwg struct {
	p       wurl.Parser
	host    string // domainToASCII's result, waiting for the library
	hostErr error  // why domainToASCII refused the host
}

func newParser() *whatwg {
	w := &whatwg{}
	w.p = wurl.NewParser(
		wurl.WithPathPercentEncodeSet(pathPercentEncodeSet),
		wurl.WithPreParseHostFunc(w.preHost),
		wurl.WithPostParseHostFunc(w.postHost),
	)
	return w
}

// pathPercentEncodeSet is the URL standard's path percent-encode set: the
// query percent-encode set and ? ^ ` { }.
var pathPercentEncodeSet = wurl.PathPercentEncodeSet.Set('^')

// parse parses s, against base when base is not nil.
func (w *whatwg) parse(s string, base *wurl.Url) (*wurl.Url, error) {
	w.host, w.hostErr = "", nil
	var u *wurl.Url
	var err error
	if base == nil {
		u, err = w.p.Parse(s)
	} else {
		u, err = w.p.BasicParser(s, base, nil, wurl.NoState)
	}
	if err != nil {
		if w.hostErr != nil {
			return nil, w.hostErr
		}
		return nil, cleanWURLError(err)
	}
	return u, nil
}

// preHost runs before the library's host parser. The host of a special URL
// goes through domainToASCII here; the library then gets the IPv4 forms to
// parse, a stand-in ("h") for any other domain, which postHost swaps for
// the real one, or an unclosed "[" when the host is refused, which makes it
// fail.
func (w *whatwg) preHost(u *wurl.Url, input string) string {
	if input == "" || input[0] == '[' || !u.IsSpecialScheme() {
		return input // empty (file:), IPv6, opaque: the library's parsers
	}
	a, err := domainToASCII(input)
	if err != nil {
		w.hostErr = err
		return "["
	}
	if endsInANumber(a) {
		return a
	}
	w.host = a
	return "h"
}

func (w *whatwg) postHost(_ *wurl.Url, host string) string {
	if w.host != "" {
		host, w.host = w.host, ""
	}
	return host
}

// uts46 is UTS #46 ToASCII as the URL standard's "domain to ASCII" runs it:
// CheckHyphens false, CheckBidi true, CheckJoiners true, UseSTD3ASCIIRules
// false, Transitional_Processing false, VerifyDnsLength false.
// MapForLookup turns the STD3 rules on, so they are turned off after it.
var uts46 = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.CheckHyphens(false),
	idna.CheckJoiners(true), idna.BidiRule(), idna.StrictDomainName(false), idna.VerifyDNSLength(false))

// uts46Since15 maps the characters whose UTS #46 status changed between
// Unicode 15.0, the tables x/net/idna uses under Go 1.26, and 17.0, the ones
// browsers and WPT use (x/net/idna has them too, from Go 1.27): UTS #46 16.0
// maps them where 15.0 refused them (or mapped U+1E9E to "ss"). The list is
// the difference of the two tables of x/net/idna v0.62.0 over the
// characters Unicode 15.0 has; -1 is "ignored" (removed). It is idle once
// the tables are 17.0. U+1806, valid in 17.0 and refused in 15.0, cannot be
// added from outside, nor can characters new since 15.0.
func uts46Since15(r rune) rune {
	switch {
	case r < 0x04c0:
		return r
	case r == 0x04c0:
		return 0x04cf // Ӏ → ӏ
	case r >= 0x10a0 && r <= 0x10c5:
		return r - 0x10a0 + 0x2d00 // Georgian capitals → Nuskhuri
	case r == 0x1e9e:
		return 0xdf // ẞ → ß, no longer "ss"
	case r == 0x2132:
		return 0x214e // Ⅎ → ⅎ
	case r == 0x2183:
		return 0x2184 // Ↄ → ↄ
	case r == 0x2f868:
		return 0x36fc
	case r == 0x2f874:
		return 0x5f53
	case r == 0x2f91f:
		return 0x243ab
	case r == 0x2f95f:
		return 0x7aee
	case r == 0x2f9bf:
		return 0x45d7
	case r == 0x115f, r == 0x1160, r == 0x17b4, r == 0x17b5, r == 0x180e,
		r >= 0x2061 && r <= 0x2063, r >= 0x206a && r <= 0x206f,
		r == 0x3164, r == 0xffa0, r >= 0x1d173 && r <= 0x1d17a:
		return -1 // default ignorables, now ignored
	}
	return r
}

// domainToASCII is the URL standard's host parser for a special URL's
// domain, up to (not including) the IPv4 forms: percent-decode, UTF-8
// decode, domain to ASCII, and the forbidden domain code point check. An
// all-ASCII domain is only lower-cased, as the standard has it (its xn--
// labels are not decoded or validated); any other goes through UTS #46.
func domainToASCII(input string) (string, error) {
	domain := percentDecode(input)
	if isASCII(domain) {
		domain = strings.ToLower(domain)
	} else {
		if !utf8.ValidString(domain) {
			return "", fmt.Errorf("invalid host %q: not UTF-8", input)
		}
		a, err := uts46.ToASCII(strings.Map(uts46Since15, domain))
		if err != nil {
			return "", fmt.Errorf("invalid host %q: %v", input, err)
		}
		domain = a
	}
	if domain == "" {
		return "", fmt.Errorf("invalid host %q: empty", input)
	}
	for i := 0; i < len(domain); i++ {
		if c := domain[i]; c <= 0x20 || c == 0x7f || strings.IndexByte("#%/:<>?@[\\]^|", c) >= 0 {
			return "", fmt.Errorf("invalid host %q: forbidden character %q", input, c)
		}
	}
	return domain, nil
}

// endsInANumber is the URL standard's "ends in a number" checker: the host
// is an IPv4 form if its last label (a trailing dot aside) is all digits or
// 0x and hex digits.
func endsInANumber(host string) bool {
	host = strings.TrimSuffix(host, ".") // an empty last label is ignored
	last := host[strings.LastIndexByte(host, '.')+1:]
	if allDigits(last) {
		return true
	}
	if len(last) < 2 || last[0] != '0' || last[1] != 'x' && last[1] != 'X' {
		return false
	}
	for i := 2; i < len(last); i++ {
		if c := last[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// percentDecode is the URL standard's percent-decode: %XX becomes its byte,
// any other "%" stays.
func percentDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// serialize is the URL serialiser. The current standard writes a space
// that ends an opaque path (before "?" or "#") as "%20"; the library
// keeps it.
func serialize(u *wurl.Url) string {
	href := u.Href(false)
	if p := u.Pathname(); u.OpaquePath() && strings.HasSuffix(p, " ") {
		i := len(u.Scheme()) + len(":") + len(p) - 1
		href = href[:i] + "%20" + href[i+1:]
	}
	return href
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
