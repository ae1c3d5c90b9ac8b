package robots

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// maxOrigins bounds the files kept by a Cache; past it, an arbitrary one
// is forgotten (and fetched again if asked for).
const maxOrigins = 10_000

// maxRedirects is how many redirects of robots.txt are followed (RFC 9309
// §2.3.1.2: at least five; more may be taken as unavailable).
const maxRedirects = 5

// Source says where a File came from, for messages.
type Source struct {
	URL    string // the robots.txt asked for
	Status int    // the final status; 0 when there was none
	// Note says what a crawler makes of a robots.txt it could not read
	// ("answered 503: disallow all"); "" for a file that was read.
	Note string
}

// Cache fetches each origin's robots.txt once, however many URLs of it are
// asked about and from however many goroutines.
type Cache struct {
	// Client sends the requests (the run's transport, so --resolve, --proxy
	// and --cacert apply); its redirect policy is replaced.
	Client *http.Client
	// UserAgent is sent with each fetch.
	UserAgent string

	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	done chan struct{}
	file *File
	src  Source
}

// Lookup returns the robots.txt of rawURL's origin, fetching it the first
// time the origin is asked about.
func (c *Cache) Lookup(ctx context.Context, rawURL string) (*File, Source, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, Source{}, fmt.Errorf("robots.txt of %q: not an http(s) URL", rawURL)
	}
	if c.Client == nil {
		return nil, Source{}, errors.New("robots.txt: no HTTP client given")
	}
	origin := u.Scheme + "://" + u.Host
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*entry{}
	}
	e, ok := c.entries[origin]
	if !ok {
		if len(c.entries) >= maxOrigins {
			for k, old := range c.entries {
				select {
				case <-old.done:
					delete(c.entries, k)
				default:
					continue
				}
				break
			}
		}
		e = &entry{done: make(chan struct{})}
		c.entries[origin] = e
		c.mu.Unlock()
		e.file, e.src = c.fetch(ctx, origin+"/robots.txt")
		close(e.done)
	} else {
		c.mu.Unlock()
	}
	select {
	case <-e.done:
		return e.file, e.src, nil
	case <-ctx.Done():
		return nil, Source{}, ctx.Err()
	}
}

// fetch gets one robots.txt and reads it as RFC 9309 §2.3.1 says: 2xx
// parsed, 4xx allow all, 5xx or no answer disallow all, more than five
// redirects unavailable (allow all).
func (c *Cache) fetch(ctx context.Context, robotsURL string) (*File, Source) {
	src := Source{URL: robotsURL}
	client := *c.Client
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return errTooManyRedirects
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		src.Note = fmt.Sprintf("could not be fetched (%v): disallow all", err)
		return DisallowAll(), src
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := client.Do(req)
	switch {
	case errors.Is(err, errTooManyRedirects):
		src.Note = "redirected more than 5 times: taken as unavailable, allow all"
		return AllowAll(), src
	case err != nil:
		src.Note = fmt.Sprintf("could not be fetched (%s): disallow all", errText(err))
		return DisallowAll(), src
	}
	defer resp.Body.Close()
	src.Status = resp.StatusCode
	switch {
	case resp.StatusCode >= 500:
		src.Note = fmt.Sprintf("answered %d: disallow all", resp.StatusCode)
		return DisallowAll(), src
	case resp.StatusCode >= 400:
		src.Note = fmt.Sprintf("answered %d: allow all", resp.StatusCode)
		return AllowAll(), src
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// A 3xx without a Location to follow: no file.
		src.Note = fmt.Sprintf("answered %d: taken as unavailable, allow all", resp.StatusCode)
		return AllowAll(), src
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxSize))
	if err != nil {
		src.Note = fmt.Sprintf("could not be read (%s): disallow all", errText(err))
		return DisallowAll(), src
	}
	return Parse(body), src
}

var errTooManyRedirects = errors.New("too many redirects")

// errText is a transport error without the method and URL that net/http
// puts before it.
func errText(err error) string {
	var ue *url.Error
	switch {
	case errors.As(err, &ue) && ue.Timeout():
		// net/http's wording names its own fields (Client.Timeout).
		return "no complete response within the time limit"
	case ue != nil:
		return ue.Err.Error()
	}
	return err.Error()
}
