package walk

import (
	"net"
	"net/url"
	"strings"

	"github.com/hops-cli/hops/href"
)

// referrerFor is the Referer a browser sends to target for a navigation
// that came from ref, under its default policy, strict-origin-when-
// cross-origin (Referrer Policy §3, Fetch "determine request's referrer"):
// the URL without fragment and userinfo to its own origin, the origin
// alone to another, and nothing from https to a URL that is not
// potentially trustworthy. "" means no Referer.
func referrerFor(ref, target string) string {
	norm, err := href.ParseURL(ref)
	if err != nil {
		return ref // not a URL: sent as given, as any header
	}
	u, err := url.Parse(norm)
	if err != nil {
		return ref
	}
	u.User, u.Fragment, u.RawFragment = nil, "", ""
	if href.Origin(norm) == href.Origin(target) {
		return u.String()
	}
	if u.Scheme == "https" && !trustworthy(target) {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}

// trustworthy reports whether a URL is potentially trustworthy (Secure
// Contexts §3.2): https, or a loopback host.
func trustworthy(target string) bool {
	if href.Scheme(target) == "https" {
		return true
	}
	host := href.Host(target)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// goReferer is the Referer Go's client puts on a redirected request
// (client.go refererForURL): none from https to http, else the one the
// caller set, else the previous request's URL without its userinfo.
func goReferer(prev, next, given string) string {
	if href.Scheme(prev) == "https" && href.Scheme(next) == "http" {
		return ""
	}
	if given != "" {
		return given
	}
	if u, err := url.Parse(prev); err == nil && u.User != nil {
		u.User = nil
		return u.String()
	}
	return prev
}
