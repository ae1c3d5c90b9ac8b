package inspect

import (
	"net/http"
	"strings"
)

// IsRedirect reports whether status is one that browsers follow (Fetch
// "redirect status"). 300, 304, 305 and 306 are not.
func IsRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// NextMethod returns the method of the request that follows a redirect
// with the given status, and whether the body is dropped, by Fetch's
// HTTP-redirect fetch step 6: 301 and 302 turn POST into GET; 303 turns
// every method but GET and HEAD into GET; everything else is kept.
func NextMethod(method string, status int) (next string, dropBody bool) {
	switch {
	case (status == 301 || status == 302) && method == http.MethodPost:
		return http.MethodGet, true
	case status == 303 && method != http.MethodGet && method != http.MethodHead:
		return http.MethodGet, true
	}
	return method, false
}

// NormalizeMethod upper-cases the methods that Fetch normalises (DELETE,
// GET, HEAD, OPTIONS, POST, PUT, matched case-insensitively); any other
// method, PATCH included, is sent as written.
func NormalizeMethod(m string) string {
	switch u := strings.ToUpper(m); u {
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
		return u
	}
	return m
}

// bodyHeaders are the request-body-header names that Fetch deletes when the
// body is dropped.
var bodyHeaders = []string{"Content-Encoding", "Content-Language", "Content-Location", "Content-Type"}

// credentialHeaders are the user-supplied headers that never follow a
// redirect to another origin without --location-trusted.
var credentialHeaders = []string{"Authorization", "Cookie", "Proxy-Authorization"}

// stripBodyHeaders removes the body headers in place.
func stripBodyHeaders(h http.Header) {
	for _, k := range bodyHeaders {
		h.Del(k)
	}
	h.Del("Content-Length")
}

// takeCredentials removes the credential headers from h and returns the
// names it removed.
func takeCredentials(h http.Header) []string {
	var names []string
	for _, k := range credentialHeaders {
		if _, ok := h[k]; ok {
			names = append(names, k)
			delete(h, k)
		}
	}
	return names
}

// credentialNames lists the credential headers present in h.
func credentialNames(h http.Header) []string {
	var names []string
	for _, k := range credentialHeaders {
		if _, ok := h[k]; ok {
			names = append(names, k)
		}
	}
	return names
}
