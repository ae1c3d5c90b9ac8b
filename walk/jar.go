package walk

import (
	"cmp"
	"context"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hops-cli/hops/client"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// The cookie jar of one walk keeps cookies as browsers keep them
// (RFC 6265bis, draft-ietf-httpbis-rfc6265bis-12, cited by section name
// since the numbers move between drafts; and Chromium's CookieMonster where
// the draft leaves room), and within browsers' bounds, so that a chain
// whose hops set thousands of cookies costs what it costs a browser.
//
// It is hops' own store rather than net/http/cookiejar behind a filter:
// that jar cannot be bounded from outside (it has no eviction; deleting an
// entry means replaying a Set-Cookie with the exact domain and host-only
// state from a URL that may set it), it refuses none of what browsers refuse
// (Secure over http, the __Host- and __Secure- prefixes), keys cookies by
// name, domain and path without the host-only flag, matches paths against
// the decoded path rather than the one on the wire, and net/http's
// Set-Cookie parser drops every cookie of a response with more than 3000
// Set-Cookie lines (GODEBUG httpcookiemaxnum) where a browser keeps the
// last ones.
//
// What it follows:
//   - Caps of Chromium (net/cookies/cookie_monster.cc): at most 180 cookies
//     per eTLD+1 (kDomainMaxCookies), purged to 150 when exceeded
//     (kDomainPurgeCookies = 30); at most 3300 in all (kMaxCookies), purged
//     to 3000 (kPurgeCookies = 300). Firefox has the same numbers
//     (network.cookie.maxPerHost 180 per base domain, quotaPerHost 150,
//     maxNumber 3000 purged past 3000 + 10%). A purge removes expired
//     cookies first, then the least recently used non-Secure ones, then
//     the least recently used Secure ones (Chromium's purge rounds with
//     every cookie at the default Medium priority: hops ignores the
//     Chromium-only Priority attribute). Both browsers spare cookies used in
//     the last 30 days from the global purge (kSafeFromGlobalPurgeDays);
//     within a walk of seconds that would spare them all and leave the
//     total unbounded, so hops applies the global cap regardless.
//   - Last access, the order of eviction, is refreshed when a cookie is sent
//     only if it is over a minute old (Chromium's
//     kDefaultAccessUpdateThresholdSeconds, Firefox's kCookieStaleThreshold),
//     so within a chain cookies age in the order they were set. Times in
//     the jar never repeat (Chromium's CurrentTime does the same), which
//     makes "earlier" always defined.
//   - Refused (RFC 6265bis "The Set-Cookie Header Field", "Storage Model",
//     "Cookie Name Prefixes"): a set-cookie-string with a control
//     character; name and value together over 4096 octets; an empty name
//     and value; a Secure cookie set from an origin that is not secure, or
//     a non-Secure one from such an origin that would shadow a stored
//     Secure cookie of the same name ("Strict Secure"); __Secure- without
//     Secure; __Host- without Secure, with a Domain attribute or without
//     Path=/ (prefixes matched case-insensitively, and a nameless cookie
//     whose value starts with one); a Domain that is a public suffix (other
//     than the host itself), that the host does not domain-match, or that
//     is not the host when the host is an IP address. Chromium also refuses
//     SameSite=None and Partitioned without Secure, and so does hops. An
//     attribute value over 1024 octets is ignored, not the cookie. Expiry
//     is capped at 400 days.
//   - Secure origins are https and, as in browsers and Go's jar, localhost
//     (and *.localhost) and loopback addresses over http.
//   - SameSite is irrelevant here beyond that refusal: a walk is one
//     top-level navigation the user started (no initiator, so every request
//     is same-site for cookies) and browsers send Strict, Lax and None
//     cookies alike on it; Chromium does not judge a navigation by its
//     redirect chain by default. Partitioned cookies of a top-level
//     navigation are keyed by the site of the very URL they are sent to,
//     which makes them ordinary cookies for a walk. HttpOnly only concerns
//     scripts.
//
// The jar belongs to one walk: it is not safe for concurrent use.
type cookieJar struct {
	rules   client.CookieRules
	now     func() time.Time
	last    int64 // the jar's last time stamp (see clock)
	scratch []*jarCookie
	buckets map[string]*cookieBucket
	total   int
	// changes counts the changes to what the jar would send: a cookie
	// added, removed, or given another value or Secure flag. A cookie set
	// again as it was (a later expiry at most) is none: the walk's loop
	// check asks whether a repeated request would carry other cookies.
	changes int
}

const (
	cookieDomainMax  = 180  // Chromium kDomainMaxCookies, Firefox maxPerHost
	cookieDomainKeep = 150  // after a domain purge: 180 - kDomainPurgeCookies
	cookieTotalMax   = 3300 // Chromium kMaxCookies
	cookieTotalKeep  = 3000 // after a global purge: 3300 - kPurgeCookies

	cookieMaxNameValue = 4096 // RFC 6265bis, Set-Cookie parsing
	cookieMaxAttrValue = 1024 // RFC 6265bis, each cookie-av
	cookieMaxAge       = 400 * 24 * time.Hour
	cookieAccessStale  = time.Minute

	// cookieCtxEvery is how many Set-Cookie lines are processed between two
	// looks at the walk's context.
	cookieCtxEvery = 256
)

// cookieBucket holds the cookies of one eTLD+1 (or of one IP address, or
// of a host that is itself a public suffix): every cookie a host may be
// sent lives in its host's bucket.
type cookieBucket struct {
	site    string
	cookies map[cookieKey]*jarCookie
	secure  int // how many of them are Secure
}

// cookieKey identifies a cookie: a new one with the same key replaces the
// old (RFC 6265bis' Storage Model compares the host-only flag too).
type cookieKey struct {
	name, domain, path string
	hostOnly           bool
	port               string // the port that set it, under WgetCookies only
}

type jarCookie struct {
	cookieKey
	value      string
	secure     bool
	persistent bool
	expires    time.Time
	created    int64 // time stamps of the jar's clock
	accessed   int64
	bucket     *cookieBucket
}

func newCookieJar(now func() time.Time, rules client.CookieRules) *cookieJar {
	if now == nil {
		now = time.Now
	}
	return &cookieJar{rules: rules, now: now, buckets: map[string]*cookieBucket{}}
}

// secure reports whether a request to scheme and host may carry and set
// Secure cookies: https, and for browsers localhost and loopback too.
func (j *cookieJar) secure(scheme, host string) bool {
	if j.rules != client.BrowserCookies {
		return scheme == "https"
	}
	return secureOrigin(scheme, host)
}

// clock returns the current time and a time stamp in Unix nanoseconds that
// is always later than the one it returned before.
func (j *cookieJar) clock() (time.Time, int64) {
	now := j.now()
	t := now.UnixNano()
	if t <= j.last {
		t = j.last + 1
	}
	j.last = t
	return now, t
}

// header returns the value of the Cookie header for a request to u: one
// line, the cookies in the order of RFC 6265bis' Retrieval Algorithm
// (longer paths first, then earlier creation), "" when none applies.
func (j *cookieJar) header(u *url.URL) string {
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	host := cookieHost(u)
	b := j.buckets[cookieSite(host)]
	if b == nil {
		return ""
	}
	now := j.now()
	secure := j.secure(u.Scheme, host)
	path := cookieRequestPath(u)
	port := ""
	if j.rules == client.WgetCookies {
		port = urlPort(u)
	}
	var sel []*jarCookie
	for _, c := range b.cookies {
		if c.persistent && !c.expires.After(now) {
			j.remove(c)
			continue
		}
		if c.secure && !secure {
			continue
		}
		if c.hostOnly && host != c.domain || !c.hostOnly && !domainMatch(host, c.domain) {
			continue
		}
		if !pathMatch(path, c.path) || c.port != "" && c.port != port {
			continue
		}
		sel = append(sel, c)
	}
	if len(sel) == 0 {
		return ""
	}
	slices.SortFunc(sel, func(a, b *jarCookie) int {
		if len(a.path) != len(b.path) {
			return len(b.path) - len(a.path)
		}
		return cmp.Compare(a.created, b.created)
	})
	var sb strings.Builder
	n := 0
	for _, c := range sel {
		n += len(c.name) + len(c.value) + 3
	}
	sb.Grow(n)
	var stamp int64
	for i, c := range sel {
		if i > 0 {
			sb.WriteString("; ")
		}
		if c.name != "" {
			sb.WriteString(c.name)
			sb.WriteByte('=')
		}
		sb.WriteString(c.value)
		if now.UnixNano()-c.accessed > int64(cookieAccessStale) {
			if stamp == 0 {
				_, stamp = j.clock()
			}
			c.accessed = stamp
		}
	}
	return sb.String()
}

// addCookieHeader puts the jar's cookies v on a request's header: one
// Cookie line (RFC 6265bis: never more than one), after the cookies
// the user gave (-b, -H Cookie), joined to them with "; ".
func addCookieHeader(h http.Header, v string) {
	if v == "" {
		return
	}
	var parts []string
	for _, u := range h.Values("Cookie") {
		if u = strings.TrimRight(trimWSP(u), ";"); u != "" {
			parts = append(parts, u)
		}
	}
	if len(parts) > 0 {
		v = strings.Join(parts, "; ") + "; " + v
	}
	h.Set("Cookie", v)
}

// setCookies stores the cookies of a response from u, given its Set-Cookie
// header values, in order. It looks at ctx every cookieCtxEvery lines and,
// once ctx is done, returns its error and leaves the rest unread.
func (j *cookieJar) setCookies(ctx context.Context, u *url.URL, lines []string) error {
	if len(lines) == 0 || u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	host := cookieHost(u)
	o := cookieOrigin{
		host:        host,
		ip:          isIPHost(host),
		site:        cookieSite(host),
		secure:      j.secure(u.Scheme, host),
		path:        cookieRequestPath(u),
		defaultPath: defaultCookiePath(cookieRequestPath(u)),
	}
	if j.rules == client.WgetCookies {
		o.port = urlPort(u)
	}
	for i, line := range lines {
		if i%cookieCtxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if sc, ok := parseSetCookie(line); ok {
			j.store(&sc, &o)
		}
	}
	return nil
}

// cookieOrigin is what storing a cookie needs to know of the response's URL.
type cookieOrigin struct {
	host, site  string
	ip, secure  bool
	path        string // the request's
	defaultPath string
	port        string // under WgetCookies only
}

// setCookie is a parsed set-cookie-string (RFC 6265bis); the last of
// each attribute counts.
type setCookie struct {
	name, value         string
	expires             time.Time
	hasExpires          bool
	maxAge              int64
	hasMaxAge           bool
	domain              string
	hasDomain           bool
	path                string // the Path attribute as given
	hasPath             bool
	secure, partitioned bool
	sameSiteNone        bool
}

// store applies RFC 6265bis' Storage Model to one cookie.
func (j *cookieJar) store(sc *setCookie, o *cookieOrigin) {
	browser := j.rules == client.BrowserCookies
	if browser && sc.name == "" && (hasPrefixFold(sc.value, "__Secure-") || hasPrefixFold(sc.value, "__Host-")) {
		return
	}
	k := cookieKey{name: sc.name, domain: o.host, hostOnly: true}
	if sc.hasDomain {
		d, ok := cookieDomain(sc.domain, o)
		if !ok {
			return
		}
		k.domain, k.hostOnly = d, d == o.host && (o.ip || isPublicSuffix(d))
	}
	k.path = o.defaultPath
	if sc.hasPath && strings.HasPrefix(sc.path, "/") {
		if j.rules == client.WgetCookies && !strings.HasPrefix(o.path, sc.path) {
			return // wget: a Path must be a prefix of the path that sets it
		}
		k.path = sc.path
	}
	if !sc.hasDomain && o.port != "80" && o.port != "443" {
		// wget (cookies.c): a host-only cookie from a port other than 80
		// and 443 is that port's; any other goes to every port.
		k.port = o.port
	}
	// RFC 6265bis's additions hold in browsers; older jars store a
	// Secure cookie from http too, and send it over https only.
	if browser && sc.secure && !o.secure {
		return // Strict Secure: only a secure origin sets Secure cookies
	}
	if browser && (sc.sameSiteNone || sc.partitioned) && !sc.secure {
		return // Chromium: SameSite=None and Partitioned need Secure
	}
	if browser && hasPrefixFold(sc.name, "__Secure-") && !sc.secure {
		return
	}
	if browser && hasPrefixFold(sc.name, "__Host-") && (!sc.secure || !k.hostOnly || !sc.hasPath || sc.path != "/") {
		return
	}
	b := j.buckets[o.site]
	if browser && !sc.secure && !o.secure && b != nil && b.secure > 0 {
		// Strict Secure: an insecure origin may not shadow (nor delete) a
		// Secure cookie of the same name whose domain is related and whose
		// path the new path falls under.
		for _, c := range b.cookies {
			if c.secure && c.name == k.name && (domainMatch(c.domain, k.domain) || domainMatch(k.domain, c.domain)) && pathMatch(k.path, c.path) {
				return
			}
		}
	}

	now, t := j.clock()
	var expires time.Time
	persistent := true
	switch {
	case sc.hasMaxAge:
		if sc.maxAge <= 0 {
			expires = time.Time{} // the earliest time: delete
		} else if sc.maxAge >= int64(cookieMaxAge/time.Second) {
			expires = now.Add(cookieMaxAge)
		} else {
			expires = now.Add(time.Duration(sc.maxAge) * time.Second)
		}
	case sc.hasExpires:
		expires = sc.expires
		if limit := now.Add(cookieMaxAge); expires.After(limit) {
			expires = limit
		}
	default:
		persistent = false
	}

	var old *jarCookie
	if b != nil {
		old = b.cookies[k]
	}
	if persistent && !expires.After(now) {
		if old != nil {
			j.remove(old)
			j.changes++
		}
		return
	}
	c := &jarCookie{cookieKey: k, value: sc.value, secure: sc.secure, persistent: persistent, expires: expires, created: t, accessed: t}
	if old != nil {
		c.created = old.created // RFC 6265bis, Storage Model
		j.remove(old)
		b = j.buckets[o.site] // gone if old was its last cookie
	}
	if b == nil {
		b = &cookieBucket{site: o.site, cookies: map[cookieKey]*jarCookie{}}
		j.buckets[o.site] = b
	}
	c.bucket = b
	b.cookies[k] = c
	j.total++
	if old == nil || old.value != c.value || old.secure != c.secure || old.persistent && !old.expires.After(now) {
		j.changes++
	}
	if c.secure {
		b.secure++
	}
	if len(b.cookies) > cookieDomainMax {
		j.scratch = slices.AppendSeq(j.scratch[:0], maps.Values(b.cookies))
		j.purge(j.scratch, cookieDomainMax, cookieDomainKeep, now)
	}
	if j.total > cookieTotalMax {
		j.scratch = j.scratch[:0]
		for _, b := range j.buckets {
			j.scratch = slices.AppendSeq(j.scratch, maps.Values(b.cookies))
		}
		j.purge(j.scratch, cookieTotalMax, cookieTotalKeep, now)
	}
}

// purge removes the expired cookies of cs and then, while more than limit
// remain, the least recently used ones down to keep: non-Secure first.
func (j *cookieJar) purge(cs []*jarCookie, limit, keep int, now time.Time) {
	defer clear(cs) // no hold on what went
	live := cs[:0]
	for _, c := range cs {
		if c.persistent && !c.expires.After(now) {
			j.remove(c)
			j.changes++
		} else {
			live = append(live, c)
		}
	}
	if len(live) <= limit {
		return
	}
	slices.SortFunc(live, func(a, b *jarCookie) int {
		if a.secure != b.secure {
			if a.secure {
				return 1
			}
			return -1
		}
		if a.accessed != b.accessed {
			return cmp.Compare(a.accessed, b.accessed)
		}
		return cmp.Compare(a.created, b.created)
	})
	for _, c := range live[:len(live)-keep] {
		j.remove(c)
		j.changes++
	}
}

func (j *cookieJar) remove(c *jarCookie) {
	b := c.bucket
	delete(b.cookies, c.cookieKey)
	j.total--
	if c.secure {
		b.secure--
	}
	if len(b.cookies) == 0 {
		delete(j.buckets, b.site)
	}
}

// cookieDomain checks a Domain attribute (leading dot already removed,
// lower case) against the origin and returns the cookie's domain.
func cookieDomain(d string, o *cookieOrigin) (string, bool) {
	if !isASCII(d) {
		a, err := idna.Lookup.ToASCII(d)
		if err != nil {
			return "", false
		}
		d = a
	}
	if d == "" || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return "", false
	}
	if o.ip {
		return d, d == o.host
	}
	if isPublicSuffix(d) {
		// A public suffix is only the host's own domain (host-only).
		return d, d == o.host
	}
	return d, domainMatch(o.host, d)
}

func isPublicSuffix(d string) bool {
	ps, _ := publicsuffix.PublicSuffix(d)
	return ps == d
}

// parseSetCookie parses a Set-Cookie header value as RFC 6265bis does;
// false: the whole line is ignored.
func parseSetCookie(line string) (setCookie, bool) {
	var sc setCookie
	for i := 0; i < len(line); i++ {
		if b := line[i]; b < 0x20 && b != '\t' || b == 0x7f {
			return sc, false
		}
	}
	nv, attrs, _ := strings.Cut(line, ";")
	name, value, ok := strings.Cut(nv, "=")
	if !ok {
		name, value = "", nv
	}
	sc.name, sc.value = trimWSP(name), trimWSP(value)
	if len(sc.name)+len(sc.value) > cookieMaxNameValue || sc.name == "" && sc.value == "" {
		return sc, false
	}
	for attrs != "" {
		var av string
		av, attrs, _ = strings.Cut(attrs, ";")
		an, aval, _ := strings.Cut(av, "=")
		an, aval = trimWSP(an), trimWSP(aval)
		if len(aval) > cookieMaxAttrValue {
			continue
		}
		switch an = cookieAttrName(an); an {
		case "expires":
			if t, ok := parseCookieDate(aval); ok {
				sc.expires, sc.hasExpires = t, true
			}
		case "max-age":
			if n, ok := parseMaxAge(aval); ok {
				sc.maxAge, sc.hasMaxAge = n, true
			}
		case "domain":
			if aval != "" {
				sc.domain, sc.hasDomain = strings.ToLower(strings.TrimPrefix(aval, ".")), true
			}
		case "path":
			sc.path, sc.hasPath = aval, true
		case "secure":
			sc.secure = true
		case "samesite":
			sc.sameSiteNone = strings.EqualFold(aval, "none")
		case "partitioned":
			sc.partitioned = true
		}
	}
	return sc, true
}

// parseMaxAge reads a Max-Age value: an optional "-" and digits.
func parseMaxAge(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil { // out of range: only the sign matters
		if s[0] == '-' {
			return -1, true
		}
		return 1 << 62, true
	}
	return n, true
}

// parseCookieDate is the cookie-date algorithm of RFC 6265bis §5.1.1, as
// browsers read Expires.
func parseCookieDate(s string) (time.Time, bool) {
	var (
		hour, min, sec, day, month, year           int
		foundTime, foundDay, foundMonth, foundYear bool
	)
	isDelim := func(b byte) bool {
		return b == 0x09 || b >= 0x20 && b <= 0x2f || b >= 0x3b && b <= 0x40 || b >= 0x5b && b <= 0x60 || b >= 0x7b && b <= 0x7e
	}
	for i := 0; i < len(s); {
		for i < len(s) && isDelim(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !isDelim(s[i]) {
			i++
		}
		tok := s[start:i]
		if tok == "" {
			continue
		}
		if !foundTime {
			if h, m, sx, ok := parseCookieTime(tok); ok {
				hour, min, sec, foundTime = h, m, sx, true
				continue
			}
		}
		if !foundDay {
			if n, rest, ok := leadingDigits(tok, 1, 2); ok && (rest == "" || !isDigit(rest[0])) {
				day, foundDay = n, true
				continue
			}
		}
		if !foundMonth && len(tok) >= 3 {
			if m := cookieMonth(tok[:3]); m > 0 {
				month, foundMonth = m, true
				continue
			}
		}
		if !foundYear {
			if n, rest, ok := leadingDigits(tok, 2, 4); ok && (rest == "" || !isDigit(rest[0])) {
				year, foundYear = n, true
				continue
			}
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false
	}
	switch {
	case year >= 70 && year <= 99:
		year += 1900
	case year >= 0 && year <= 69:
		year += 2000
	}
	if day < 1 || day > 31 || year < 1601 || hour > 23 || min > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, 0, time.UTC)
	if t.Day() != day { // 31 April and the like
		return time.Time{}, false
	}
	return t, true
}

// parseCookieTime reads hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then
// nothing or a non-digit.
func parseCookieTime(tok string) (h, m, s int, ok bool) {
	var rest string
	if h, rest, ok = leadingDigits(tok, 1, 2); !ok || !strings.HasPrefix(rest, ":") {
		return 0, 0, 0, false
	}
	if m, rest, ok = leadingDigits(rest[1:], 1, 2); !ok || !strings.HasPrefix(rest, ":") {
		return 0, 0, 0, false
	}
	if s, rest, ok = leadingDigits(rest[1:], 1, 2); !ok || rest != "" && isDigit(rest[0]) {
		return 0, 0, 0, false
	}
	return h, m, s, true
}

// leadingDigits reads between min and max digits at the start of s.
func leadingDigits(s string, min, max int) (int, string, bool) {
	n, i := 0, 0
	for i < len(s) && i < max && isDigit(s[i]) {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:], i >= min
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func cookieMonth(s string) int {
	switch strings.ToLower(s) {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

// cookieAttrName returns the name of a cookie attribute hops reads, in
// lower case, or "" (compared without allocating).
func cookieAttrName(s string) string {
	if len(s) > 16 {
		return strings.ToLower(s)
	}
	var buf [16]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(s)]) { // no allocation for a switch
	case "expires":
		return "expires"
	case "max-age":
		return "max-age"
	case "domain":
		return "domain"
	case "path":
		return "path"
	case "secure":
		return "secure"
	case "samesite":
		return "samesite"
	case "partitioned":
		return "partitioned"
	}
	return ""
}

func trimWSP(s string) string { return strings.Trim(s, " \t") }

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// cookieHost is the canonical host of u for cookies: lower case, without
// port, brackets or a trailing dot (as Go's jar has it; hops' wire URLs are
// already in WHATWG form, punycode and all).
func cookieHost(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

func isIPHost(host string) bool {
	return strings.ContainsAny(host, ":%") || net.ParseIP(host) != nil
}

// cookieSite is the bucket of host: its eTLD+1, or the host itself when it
// is an IP address or has no registrable domain.
func cookieSite(host string) string {
	if isIPHost(host) {
		return host
	}
	ps, _ := publicsuffix.PublicSuffix(host)
	if ps == host {
		return host
	}
	i := len(host) - len(ps)
	if i <= 0 || host[i-1] != '.' {
		return host
	}
	return host[strings.LastIndex(host[:i-1], ".")+1:]
}

// secureOrigin: https, or a host browsers treat as potentially trustworthy
// over http (localhost names and loopback addresses).
func secureOrigin(scheme, host string) bool {
	if scheme == "https" {
		return true
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// domainMatch is RFC 6265bis §5.1.3: s is d, or a host name ending in "."+d.
func domainMatch(s, d string) bool {
	if s == d {
		return true
	}
	return len(s) > len(d) && s[len(s)-len(d)-1] == '.' && s[len(s)-len(d):] == d && !isIPHost(s)
}

// pathMatch is RFC 6265bis §5.1.4 path-match of a request path against a
// cookie path.
func pathMatch(req, cookie string) bool {
	if req == cookie {
		return true
	}
	if !strings.HasPrefix(req, cookie) {
		return false
	}
	return strings.HasSuffix(cookie, "/") || req[len(cookie)] == '/'
}

// defaultCookiePath is RFC 6265bis §5.1.4's default-path.
func defaultCookiePath(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/"
	}
	i := strings.LastIndexByte(p, '/')
	if i == 0 {
		return "/"
	}
	return p[:i]
}

// cookieRequestPath is the path of u as sent on the wire (percent-encoded as
// in the URL, as browsers match it), "/" when empty.
func cookieRequestPath(u *url.URL) string {
	p := u.EscapedPath()
	if u.Opaque != "" {
		p = strings.TrimPrefix(u.Opaque, "//"+u.Host)
	}
	if p == "" {
		return "/"
	}
	return p
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// urlPort is u's port, or its scheme's default.
func urlPort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}
