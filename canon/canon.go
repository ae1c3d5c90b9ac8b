// Package canon is `hops canon`: the entry points of a site (http and
// https, apex and www), each walked as a single inspection walks a URL,
// and whether they all reach one canonical URL in the fewest redirects,
// with HTTPS and HSTS as browsers and the HSTS preload list want them.
//
// It holds no network code of its own: the walks go through an Inspector
// (the command line's walker), so the judging can be tested and reused on
// chains walked anywhere.
package canon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hops-cli/hops/href"
	"github.com/hops-cli/hops/inspect"
)

// Points are the entry points a HOST|URL argument stands for.
type Points struct {
	// Apex is the host name without www; WWW the www variant, "" when the
	// host has none (an IP address, localhost).
	Apex, WWW string
	// URLs are the entry points in SPEC's order: http apex, https apex,
	// http www, https www (two when there is no www variant).
	URLs []string
	// NoWWW says why there is no www variant, "" when there is one.
	NoWWW string
}

// EntryPoints reads a host name or a URL: a URL keeps its path, query and
// port for every entry point; a host that starts with "www." is the www
// variant of the rest. An IP address or localhost has no www variant: its
// two entry points are http and https.
func EntryPoints(arg string) (Points, error) {
	u, err := href.ParseURL(arg)
	if err != nil {
		return Points{}, err
	}
	u = href.StripFragment(u)
	rest := u[strings.Index(u, "://")+3:]
	end := strings.IndexAny(rest, "/?")
	if end < 0 {
		end = len(rest)
	}
	authority, pathQuery := rest[:end], rest[end:]
	if pathQuery == "" || pathQuery[0] == '?' {
		pathQuery = "/" + pathQuery
	}
	if strings.Contains(authority, "@") {
		return Points{}, fmt.Errorf("%q: the entry points of a site take no user:password (send credentials with -u)", arg)
	}
	host := href.Host(u)
	port := ""
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.HasSuffix(authority, "]") {
		port = authority[i+1:]
	}
	p := Points{Apex: host}
	switch {
	case href.IsIPHost(u):
		p.NoWWW = "an IP address has no www variant"
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		p.NoWWW = "a local name has no www variant"
	case strings.HasPrefix(host, "www.") && strings.Contains(host[4:], "."):
		p.Apex, p.WWW = host[4:], host
	default:
		p.WWW = "www." + host
	}
	hosts := []string{p.Apex}
	if p.WWW != "" {
		hosts = append(hosts, p.WWW)
	}
	for _, h := range hosts {
		hp := h
		if strings.Contains(h, ":") {
			hp = "[" + h + "]"
		}
		if port != "" {
			hp += ":" + port
		}
		for _, scheme := range []string{"http", "https"} {
			// Parsed again so that a port that is the default of the
			// other scheme (https://host:80/) is written as browsers do.
			e, err := href.ParseURL(scheme + "://" + hp + pathQuery)
			if err != nil {
				return Points{}, err
			}
			p.URLs = append(p.URLs, e)
		}
	}
	return p, nil
}

// Entry is one entry point and the chain walked from it.
type Entry struct {
	URL   string
	Chain *inspect.Chain
}

// Inspector walks one request and analyses its chain: *walk.Walker.
type Inspector interface {
	Inspect(ctx context.Context, req inspect.Request) (*inspect.Chain, error)
}

// Walk walks every URL concurrently with the request req (its URL
// replaced), and returns the entries in the order of urls. The error
// joins those of walks that could not start or were interrupted; the
// entries are returned whenever every walk left a chain.
func Walk(ctx context.Context, in Inspector, req inspect.Request, urls []string) ([]Entry, error) {
	entries := make([]Entry, len(urls))
	errs := make([]error, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := req
			r.URL = u
			r.Header = req.Header.Clone()
			entries[i].URL = u
			entries[i].Chain, errs[i] = in.Inspect(ctx, r)
		}()
	}
	wg.Wait()
	for i := range entries {
		if entries[i].Chain == nil {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("walk %s: no chain", entries[i].URL)
			}
			return nil, errs[i]
		}
	}
	return entries, errors.Join(errs...)
}
