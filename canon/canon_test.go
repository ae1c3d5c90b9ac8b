package canon

import (
	"slices"
	"testing"
)

// TestEntryPoints: what a HOST or URL argument stands for, as literal URLs.
func TestEntryPoints(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		arg, apex, www, noWWW string
		urls                  []string
	}{
		{arg: "example.com", apex: "example.com", www: "www.example.com",
			urls: []string{"http://example.com/", "https://example.com/", "http://www.example.com/", "https://www.example.com/"}},
		// A www host is the www variant; the case and the scheme's default
		// port are written as browsers write them.
		{arg: "HTTPS://WWW.Example.com:443", apex: "example.com", www: "www.example.com",
			urls: []string{"http://example.com/", "https://example.com/", "http://www.example.com/", "https://www.example.com/"}},
		// A URL keeps its path, query and port for all four; the fragment
		// is never sent and goes.
		{arg: "https://shop.example.com:8443/cart?id=7#top", apex: "shop.example.com", www: "www.shop.example.com",
			urls: []string{"http://shop.example.com:8443/cart?id=7", "https://shop.example.com:8443/cart?id=7",
				"http://www.shop.example.com:8443/cart?id=7", "https://www.shop.example.com:8443/cart?id=7"}},
		// The default port of the URL's scheme is no port at all (browsers
		// drop it); another port stays, even the other scheme's default.
		{arg: "example.com:80/a", apex: "example.com", www: "www.example.com",
			urls: []string{"http://example.com/a", "https://example.com/a", "http://www.example.com/a", "https://www.example.com/a"}},
		{arg: "https://example.com:80/a", apex: "example.com", www: "www.example.com",
			urls: []string{"http://example.com/a", "https://example.com:80/a", "http://www.example.com/a", "https://www.example.com:80/a"}},
		{arg: "example.com?q", apex: "example.com", www: "www.example.com",
			urls: []string{"http://example.com/?q", "https://example.com/?q", "http://www.example.com/?q", "https://www.example.com/?q"}},
		// "www.com" has nothing after www. but a top-level name: it is an
		// apex of its own.
		{arg: "www.com", apex: "www.com", www: "www.www.com",
			urls: []string{"http://www.com/", "https://www.com/", "http://www.www.com/", "https://www.www.com/"}},
		{arg: "127.0.0.1:8080", apex: "127.0.0.1", noWWW: "an IP address has no www variant",
			urls: []string{"http://127.0.0.1:8080/", "https://127.0.0.1:8080/"}},
		{arg: "http://[::1]/x", apex: "::1", noWWW: "an IP address has no www variant",
			urls: []string{"http://[::1]/x", "https://[::1]/x"}},
		{arg: "localhost", apex: "localhost", noWWW: "a local name has no www variant",
			urls: []string{"http://localhost/", "https://localhost/"}},
	} {
		p, err := EntryPoints(tc.arg)
		if err != nil {
			t.Errorf("EntryPoints(%q): %v", tc.arg, err)
			continue
		}
		if p.Apex != tc.apex || p.WWW != tc.www || p.NoWWW != tc.noWWW || !slices.Equal(p.URLs, tc.urls) {
			t.Errorf("EntryPoints(%q) = %+v\nwant apex %q www %q noWWW %q urls %q", tc.arg, p, tc.apex, tc.www, tc.noWWW, tc.urls)
		}
	}
}

// TestEntryPointsRefused: what is not a host or URL, and credentials, which
// four entry points would spread to four hosts.
func TestEntryPointsRefused(t *testing.T) {
	t.Parallel()
	for arg, want := range map[string]string{
		"ftp://example.com/":           `unsupported scheme "ftp" in "ftp://example.com/": only http and https`,
		"http://[::1":                  `malformed URL "http://[::1": an IPv6 address is missing the closing U+005D (])`,
		"https://user:pw@example.com/": `"https://user:pw@example.com/": the entry points of a site take no user:password (send credentials with -u)`,
		"":                             "empty URL",
	} {
		_, err := EntryPoints(arg)
		if err == nil || err.Error() != want {
			t.Errorf("EntryPoints(%q) error %v; want %q", arg, err, want)
		}
	}
}
