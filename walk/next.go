package walk

import (
	"net/http"
	"strings"

	"github.com/hops-cli/hops/client"
)

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

// stripBodyHeaders removes the profile's body headers in place.
func stripBodyHeaders(p *client.Profile, h http.Header) {
	for _, k := range p.BodyHeaders {
		h.Del(k)
	}
}

// credentialNames lists the profile's credential headers present in h.
func credentialNames(p *client.Profile, h http.Header) []string {
	var names []string
	for _, k := range p.Credentials {
		k = http.CanonicalHeaderKey(k)
		if _, ok := h[k]; ok {
			names = append(names, k)
		}
	}
	return names
}
