// Package client holds the redirect behaviour of real HTTP clients as data:
// a Profile says which statuses a client follows, what each does to the
// method and body, how many redirects it takes, which headers it carries
// to other origins and how it reads Location. The walk engine asks its
// profile and hard-codes none of it. Browser is the first profile.
package client

import "strings"

// Profile is the complete redirect behaviour of one client.
type Profile struct {
	// Name is the profile's name on the command line (--as NAME).
	Name string
	// Models names the client and version whose behaviour this is.
	Models string
	// Who is how findings name the client in a sentence ("browsers").
	Who string
	// Follows lists the statuses the client follows when they carry a
	// usable Location.
	Follows []int
	// MaxRedirects is the most redirects the client follows; a redirect
	// after that many is an error in the client.
	MaxRedirects int
	// Rewrites says what each status does to the method and body; a
	// status or method with no rule keeps both.
	Rewrites []Rewrite
	// BodyHeaders are the request headers dropped together with the body.
	BodyHeaders []string
	// Credentials are the headers that a redirect to another origin
	// withholds (unless the user trusts the locations).
	Credentials []string
	// StickyCredentials: once withheld, credentials stay withheld even
	// when the chain comes back to the first origin (Fetch step 7).
	StickyCredentials bool
	// Parser is how the client resolves Location.
	Parser Parser
	// InheritFragment: a Location without a fragment keeps the request's
	// (RFC 9110 §10.2.2, Fetch "location URL").
	InheritFragment bool
	// EmptyLocationIsNone: an empty Location counts as no Location.
	EmptyLocationIsNone bool
	// KeepsCookies: cookies set by servers along the chain are sent on.
	KeepsCookies bool
}

// Parser names a way of resolving Location.
type Parser string

const (
	// WHATWG is the URL standard's parser, as browsers resolve.
	WHATWG Parser = "whatwg"
	// RFC3986 is RFC 3986 reference resolution, as Go's net/url does.
	RFC3986 Parser = "rfc3986"
)

// Rewrite is one rule of what a redirect status does to a method.
type Rewrite struct {
	Status int
	// Methods are the methods rewritten; "*" stands for every method
	// but those in Except.
	Methods []string
	Except  []string
	// To is the method of the next request.
	To string
	// DropBody: the next request carries no body (nor BodyHeaders).
	DropBody bool
}

func (r Rewrite) applies(method string) bool {
	for _, m := range r.Except {
		if m == method {
			return false
		}
	}
	for _, m := range r.Methods {
		if m == "*" || m == method {
			return true
		}
	}
	return false
}

// Follows reports whether the profile follows a redirect of this status.
func (p *Profile) FollowsStatus(status int) bool {
	for _, s := range p.Follows {
		if s == status {
			return true
		}
	}
	return false
}

// NextMethod is the method of the request after a redirect with this
// status, and whether that request drops the body.
func (p *Profile) NextMethod(method string, status int) (next string, dropBody bool) {
	for _, r := range p.Rewrites {
		if r.Status == status && r.applies(method) {
			return r.To, r.DropBody
		}
	}
	return method, false
}

// IsCredential reports whether a header name is one of the profile's
// credential headers.
func (p *Profile) IsCredential(name string) bool {
	for _, c := range p.Credentials {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}
