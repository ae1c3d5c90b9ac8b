package diff

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/hops-cli/hops/inspect"
)

// Facts are what a comparison looks at in one row: the few fields of a
// chain document that SPEC names, small enough to keep millions on disk.
type Facts struct {
	Source string `json:"source"`
	Method string `json:"method"`
	// FinalURL is final.url: for a chain that failed, the URL of the hop
	// that failed.
	FinalURL string `json:"final_url"`
	// Final is true when the chain ended with a final response (its error
	// is null); FinalStatus is then that response's status.
	Final       bool `json:"final"`
	FinalStatus *int `json:"final_status"`
	// FirstStatus is the first hop's status, nil when it got no response.
	FirstStatus *int `json:"first_status"`
	Redirects   int  `json:"redirects"`
	// Permanent is the first hop's permanence, nil when it is no redirect.
	Permanent *bool `json:"permanent"`
	// Findings holds each code once (at its highest severity), by code.
	Findings []Finding `json:"findings"`
	// HSTS is the policy each host that answered over https left, by host.
	HSTS []HSTS `json:"hsts"`
	// Cache is how long the first response may be reused: seconds,
	// Unbounded, or nil when the first hop got no response.
	Cache *int64 `json:"cache"`
}

// Finding is a code and its severity.
type Finding struct {
	Code     string           `json:"code"`
	Severity inspect.Severity `json:"severity"`
}

// HSTS is the policy a browser would hold for a host after the chain: the
// last valid Strict-Transport-Security it honoured from that host, or
// MaxAge nil when none.
type HSTS struct {
	Host              string `json:"host"`
	MaxAge            *int64 `json:"max_age"`
	IncludeSubdomains bool   `json:"include_subdomains"`
	Preload           bool   `json:"preload"`
}

// Unbounded is the cache lifetime of a response kept with no explicit
// lifetime (a 301 or 308 that Chromium caches for good).
const Unbounded int64 = -1

// wireRow is the part of a --json document or check line that Facts come
// from. Every other field (and any field added later) is skipped.
type wireRow struct {
	SchemaVersion *int            `json:"schema_version"`
	Summary       json.RawMessage `json:"summary"`
	// Rows is only in a document of hops diff --json, which is no run.
	Rows json.RawMessage `json:"rows"`
	// Clients is only in a document of hops --as all --json: one chain a
	// client, which diff does not pair.
	Clients json.RawMessage `json:"clients"`
	Request *struct {
		URL    *string `json:"url"`
		Method string  `json:"method"`
	} `json:"request"`
	Hops []struct {
		URL       string `json:"url"`
		Status    *int   `json:"status"`
		Permanent *bool  `json:"permanent"`
		Cache     struct {
			Cacheable  bool     `json:"cacheable"`
			FreshnessS *float64 `json:"freshness_s"`
		} `json:"cache"`
		HSTS *struct {
			Valid             bool     `json:"valid"`
			Honored           bool     `json:"honored"`
			MaxAge            *float64 `json:"max_age"`
			IncludeSubdomains bool     `json:"include_subdomains"`
			Preload           bool     `json:"preload"`
		} `json:"hsts"`
	} `json:"hops"`
	Final *struct {
		URL       string `json:"url"`
		Status    *int   `json:"status"`
		Redirects int    `json:"redirects"`
	} `json:"final"`
	Findings []struct {
		Code     string `json:"code"`
		Severity string `json:"severity"`
	} `json:"findings"`
	Error json.RawMessage `json:"error"`
}

// errSummary marks the summary line of a check run: no row.
var errSummary = errors.New("summary line")

// ParseRow reads the Facts of one chain document or check JSON line. A
// check run's summary line gives errSummary; anything that is not a row of
// hops's JSON gives an error that says what is missing.
func ParseRow(b []byte) (Facts, error) {
	var w wireRow
	if err := json.Unmarshal(b, &w); err != nil {
		return Facts{}, err
	}
	return w.facts()
}

func (w *wireRow) facts() (Facts, error) {
	if w.Rows != nil && w.Request == nil {
		return Facts{}, errors.New("a document of hops diff --json, not a run: compare two runs of hops --json or hops check --json")
	}
	if w.Summary != nil && w.Request == nil {
		return Facts{}, errSummary
	}
	if w.Clients != nil && w.Final == nil {
		return Facts{}, errors.New("a document of hops --as all --json, one chain a client: compare two runs of hops --json or hops --as NAME --json")
	}
	if w.SchemaVersion == nil || w.Request == nil || w.Request.URL == nil || w.Final == nil {
		var missing []string
		if w.SchemaVersion == nil {
			missing = append(missing, "schema_version")
		}
		if w.Request == nil || w.Request.URL == nil {
			missing = append(missing, "request.url")
		}
		if w.Final == nil {
			missing = append(missing, "final")
		}
		return Facts{}, fmt.Errorf("not a chain of hops --json or a line of hops check --json (it has no %s)", strings.Join(missing, ", "))
	}
	if *w.SchemaVersion != 1 {
		return Facts{}, fmt.Errorf("schema_version %d: this hops reads schema_version 1", *w.SchemaVersion)
	}
	f := Facts{
		Source:    *w.Request.URL,
		Method:    w.Request.Method,
		FinalURL:  w.Final.URL,
		Final:     isNull(w.Error),
		Redirects: w.Final.Redirects,
		Findings:  []Finding{},
		HSTS:      []HSTS{},
	}
	if f.Method == "" {
		f.Method = "GET"
	}
	if f.Final {
		f.FinalStatus = w.Final.Status
	}
	if len(w.Hops) > 0 {
		h := w.Hops[0]
		f.FirstStatus = h.Status
		if h.Status != nil {
			f.Permanent = h.Permanent
			switch c := h.Cache; {
			case !c.Cacheable:
				f.Cache = ptr(int64(0))
			case c.FreshnessS == nil:
				f.Cache = ptr(Unbounded)
			default:
				f.Cache = ptr(int64(math.Round(*c.FreshnessS)))
			}
		}
	}
	for _, h := range w.Hops {
		u, err := url.Parse(h.URL)
		if err != nil || u.Scheme != "https" || h.Status == nil {
			continue
		}
		host := strings.ToLower(u.Hostname())
		i := slices.IndexFunc(f.HSTS, func(s HSTS) bool { return s.Host == host })
		if i < 0 {
			f.HSTS = append(f.HSTS, HSTS{Host: host})
			i = len(f.HSTS) - 1
		}
		// A response without the header leaves the policy a browser
		// already holds; a valid one replaces it (RFC 6797 §8.1).
		if s := h.HSTS; s != nil && s.Valid && s.Honored && s.MaxAge != nil {
			f.HSTS[i] = HSTS{Host: host, MaxAge: ptr(secondsOf(*s.MaxAge)), IncludeSubdomains: s.IncludeSubdomains, Preload: s.Preload}
		}
	}
	slices.SortFunc(f.HSTS, func(a, b HSTS) int { return strings.Compare(a.Host, b.Host) })
	for _, wf := range w.Findings {
		sev, err := parseSeverity(wf.Severity)
		if err != nil {
			return Facts{}, fmt.Errorf("finding %q: %w", wf.Code, err)
		}
		i := slices.IndexFunc(f.Findings, func(x Finding) bool { return x.Code == wf.Code })
		if i < 0 {
			f.Findings = append(f.Findings, Finding{Code: wf.Code, Severity: sev})
		} else if sev > f.Findings[i].Severity {
			f.Findings[i].Severity = sev
		}
	}
	slices.SortFunc(f.Findings, func(a, b Finding) int { return strings.Compare(a.Code, b.Code) })
	return f, nil
}

func parseSeverity(s string) (inspect.Severity, error) {
	switch s {
	case "error":
		return inspect.SeverityError, nil
	case "warning":
		return inspect.SeverityWarning, nil
	case "info":
		return inspect.SeverityInfo, nil
	}
	return 0, fmt.Errorf("severity %q: want error, warning or info", s)
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

func ptr[T any](v T) *T { return &v }

// secondsOf is a max-age read as a float (a run's JSON number) as int64:
// past int64, int64's largest (hops clamps there when it reads the header;
// an earlier hops wrote that as 9223372036854776000, past int64 itself).
func secondsOf(v float64) int64 {
	if v >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(v)
}
