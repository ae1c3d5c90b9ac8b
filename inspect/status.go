package inspect

// StatusEntry explains a redirect status code.
type StatusEntry struct {
	Status int
	Name   string
	Text   string
}

// StatusCatalogue explains the 3xx codes, in our own words, from RFC 9110
// §15.4 and Fetch; `hops explain 301` reads it.
var StatusCatalogue = []StatusEntry{
	{300, "Multiple Choices", "The server offers several representations and lets the client choose. Browsers and Go do not follow it automatically, even with a Location; it is cacheable by default. Use 301/308 or 302/307 when there is one target."},
	{301, "Moved Permanently", "The resource has a new permanent URL. Browsers, curl -L, Go and Python requests turn a POST into a GET and drop the body (Go also changes PUT and DELETE). Browsers cache it, Chromium forever without explicit freshness. Use 308 for APIs that must keep the method."},
	{302, "Found", "The resource is temporarily elsewhere. Like 301, clients turn a POST into a GET. Not cached unless it carries explicit freshness. Use 307 to keep the method."},
	{303, "See Other", "The answer is at another URL, to be fetched with GET (HEAD stays HEAD): the POST/redirect/GET pattern after a form submission. Not a statement that the resource moved."},
	{304, "Not Modified", "Not a redirect: the answer to a conditional GET or HEAD, telling the client to use its cached copy. It carries no Location and nothing is followed."},
	{305, "Use Proxy", "Deprecated: it asked the client to repeat the request through a proxy. No current client follows it."},
	{306, "(Unused)", "Reserved; it was once Switch Proxy and is never sent. Clients treat it like 300."},
	{307, "Temporary Redirect", "Temporarily elsewhere, and the client must repeat the same method with the same body. The safe choice for temporary moves of APIs and forms. Not cached without explicit freshness."},
	{308, "Permanent Redirect", "Permanently moved, keeping the method and body (the permanent twin of 307). Cached by browsers like 301. Very old clients may not know it. Without a Location it may be Google's upload \"Resume Incomplete\"."},
}

// LookupStatus returns the explanation of a status code.
func LookupStatus(status int) (StatusEntry, bool) {
	for _, e := range StatusCatalogue {
		if e.Status == status {
			return e, true
		}
	}
	return StatusEntry{}, false
}
