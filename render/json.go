package render

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hops-cli/hops/header"
	"github.com/hops-cli/hops/inspect"
)

// SchemaVersion is the version of the JSON document; fields are only ever
// added within a version.
const SchemaVersion = 1

// Meta is what the JSON says about the tool itself.
type Meta struct {
	Version string
	// Client is the profile a --as walk used ("" without --as): the
	// document then names it.
	Client string
	// Body: the final response's body goes in the document (--body).
	Body bool
	// ShowSecrets: credentials and URL passwords as they are.
	ShowSecrets bool
}

// Doc is the schema_version 1 document of one chain. Absent facts are
// null, never omitted: no field has omitempty.
type Doc struct {
	SchemaVersion int          `json:"schema_version"`
	Tool          DocTool      `json:"tool"`
	Client        string       `json:"client,omitempty"` // only with --as
	Request       DocRequest   `json:"request"`
	Hops          []DocHop     `json:"hops"`
	Final         DocFinal     `json:"final"`
	Findings      []DocFinding `json:"findings"`
	Error         *DocError    `json:"error"`
}

type DocTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type DocRequest struct {
	URL       string      `json:"url"`
	Method    string      `json:"method"`
	Headers   http.Header `json:"headers"`
	BodyBytes int         `json:"body_bytes"`
}

type DocHop struct {
	N                int         `json:"n"`
	URL              string      `json:"url"`
	Method           string      `json:"method"`
	BodyBytes        int         `json:"body_bytes"`
	Via              string      `json:"via"`
	Status           *int        `json:"status"`
	Reason           *string     `json:"reason"`
	Proto            *string     `json:"proto"`
	RemoteAddr       *string     `json:"remote_addr"`
	Headers          http.Header `json:"headers"`
	Location         *string     `json:"location"`
	NextURL          *string     `json:"next_url"`
	NextMethod       *string     `json:"next_method"`
	MethodChanged    bool        `json:"method_changed"`
	BodyDropped      bool        `json:"body_dropped"`
	Permanent        *bool       `json:"permanent"`
	Cache            DocCache    `json:"cache"`
	HSTS             *DocHSTS    `json:"hsts"`
	TimingMS         DocTiming   `json:"timing_ms"`
	ReusedConnection bool        `json:"reused_connection"`
	RequestHeaders   http.Header `json:"request_headers"` // as sent, secrets masked
	TLS              *DocTLS     `json:"tls"`
}

type DocCache struct {
	Cacheable    bool     `json:"cacheable"`
	FreshnessS   *float64 `json:"freshness_s"`
	Heuristic    bool     `json:"heuristic"`
	CacheControl *string  `json:"cache_control"`
	Expires      *string  `json:"expires"`
	Age          *float64 `json:"age"`
}

type DocHSTS struct {
	Raw               string   `json:"raw"`
	Valid             bool     `json:"valid"`
	Honored           bool     `json:"honored"`
	MaxAge            *float64 `json:"max_age"`
	IncludeSubdomains bool     `json:"include_subdomains"`
	Preload           bool     `json:"preload"`
	Problem           *string  `json:"problem"`
}

type DocTiming struct {
	DNS     *float64 `json:"dns"`
	Connect *float64 `json:"connect"`
	TLS     *float64 `json:"tls"`
	TTFB    *float64 `json:"ttfb"`
	Total   float64  `json:"total"`
}

type DocTLS struct {
	Version    string  `json:"version"`
	Cipher     string  `json:"cipher"`
	ServerName *string `json:"server_name"`
	Verified   bool    `json:"verified"`
	Subject    *string `json:"subject"`
	Issuer     *string `json:"issuer"`
	NotAfter   *string `json:"not_after"`
}

type DocFinal struct {
	URL       string `json:"url"`
	Status    *int   `json:"status"`
	Redirects int    `json:"redirects"`
	// Body and BodyTruncated are there only with --body.
	Body          *string `json:"body,omitempty"`
	BodyTruncated *bool   `json:"body_truncated,omitempty"`
}

type DocFinding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Hop      *int   `json:"hop"`
	Message  string `json:"message"`
}

type DocError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// JSON writes the chain as an indented schema_version 1 document.
func JSON(w io.Writer, c *inspect.Chain, meta Meta) error {
	b, err := json.MarshalIndent(NewDoc(c, meta), "", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	b = append(escapeJSON(b), '\n')
	_, err = w.Write(b)
	return err
}

// NewDoc builds the wire form of a chain, secrets masked.
func NewDoc(c *inspect.Chain, meta Meta) Doc {
	if meta.ShowSecrets {
		return newDoc(c, meta)
	}
	return newDoc(redact(c), meta)
}

// newDoc builds the wire form of a chain already redacted.
func newDoc(c *inspect.Chain, meta Meta) Doc {
	d := Doc{
		SchemaVersion: SchemaVersion,
		Tool:          DocTool{Name: "hops", Version: meta.Version},
		Client:        meta.Client,
		Request: DocRequest{
			URL:       MaskURL(c.Request.URL),
			Method:    c.Request.Method,
			Headers:   nonNilHeader(c.Request.Header),
			BodyBytes: len(c.Request.Body),
		},
		Hops:     make([]DocHop, 0, len(c.Hops)),
		Findings: make([]DocFinding, 0, len(c.Findings)),
	}
	for i := range c.Hops {
		d.Hops = append(d.Hops, docHop(&c.Hops[i]))
	}
	d.Final.Redirects = c.Redirects()
	d.Final.URL = MaskURL(c.Request.URL)
	if last := c.Last(); last != nil {
		d.Final.URL = MaskURL(last.URL)
		if last.Responded() {
			d.Final.Status = ptr(last.Status)
		}
		if meta.Body && last.Responded() {
			d.Final.Body, d.Final.BodyTruncated = ptr(string(last.Body)), ptr(last.BodyCut)
		}
	}
	for _, f := range c.Findings {
		df := DocFinding{Code: string(f.Code), Severity: f.Severity.String(), Message: f.Message}
		if f.Hop > 0 {
			df.Hop = ptr(f.Hop)
		}
		d.Findings = append(d.Findings, df)
	}
	switch code := c.Stop.Code(); {
	case code != "":
		d.Error = &DocError{Code: string(code), Message: c.StopMessage()}
	case c.Stop == inspect.StopInterrupted, c.Stop == inspect.StopRefused:
		d.Error = &DocError{Code: string(c.Stop), Message: c.StopMessage()}
	}
	return d
}

func docHop(h *inspect.Hop) DocHop {
	d := DocHop{
		N:                h.N,
		URL:              MaskURL(h.URL),
		Method:           h.Method,
		BodyBytes:        h.BodyBytes,
		Via:              string(h.Via),
		Headers:          http.Header{},
		MethodChanged:    h.MethodChanged(),
		BodyDropped:      h.BodyDropped,
		Permanent:        h.Permanent(),
		ReusedConnection: h.Reused,
		RequestHeaders:   nonNilHeader(h.RequestHeader),
		TimingMS: DocTiming{
			DNS:     ms(h.Timing.DNS),
			Connect: ms(h.Timing.Connect),
			TLS:     ms(h.Timing.TLS),
			TTFB:    ms(h.Timing.TTFB),
			Total:   *ms(&h.Timing.Total),
		},
	}
	if h.RemoteAddr != "" {
		d.RemoteAddr = ptr(h.RemoteAddr)
	}
	if h.Responded() {
		d.Status = ptr(h.Status)
		d.Reason = ptr(h.Reason)
		d.Proto = ptr(h.Proto)
		d.Headers = h.Header // redacted with the chain
		d.Cache = docCache(h.CacheFacts())
	}
	if d.Permanent != nil && !h.Responded() {
		d.Permanent = nil
	}
	if len(h.Location) > 0 {
		d.Location = ptr(MaskURL(h.Location[0]))
	}
	if h.Next != nil {
		d.NextURL = ptr(MaskURL(h.Next.URL))
	} else if r := nextRefresh(h); r != "" {
		d.NextURL = ptr(MaskURL(r))
	}
	if h.NextMethod != "" {
		d.NextMethod = ptr(h.NextMethod)
	}
	if s := h.HSTS; s != nil {
		d.HSTS = &DocHSTS{Raw: s.Raw, Valid: s.Valid, Honored: s.Honored, IncludeSubdomains: s.IncludeSubdomains, Preload: s.Preload}
		if s.MaxAge != nil {
			d.HSTS.MaxAge = ptr(float64(*s.MaxAge))
		}
		if s.Problem != "" {
			d.HSTS.Problem = ptr(s.Problem)
		}
	}
	if t := h.TLS; t != nil {
		d.TLS = &DocTLS{Version: t.Version, Cipher: t.Cipher, Verified: t.Verified}
		if t.ServerName != "" {
			d.TLS.ServerName = ptr(t.ServerName)
		}
		if t.Subject != "" {
			d.TLS.Subject = ptr(t.Subject)
			d.TLS.Issuer = ptr(t.Issuer)
			d.TLS.NotAfter = ptr(t.NotAfter.UTC().Format(time.RFC3339))
		}
	}
	return d
}

// nextRefresh is the target of a refresh that the walk followed.
func nextRefresh(h *inspect.Hop) string {
	if h.NextMethod == "" {
		return ""
	}
	for _, r := range h.Refresh {
		if r.Via != inspect.ViaScript && r.URL != "" {
			return r.URL
		}
	}
	return ""
}

func docCache(c header.Cache) DocCache {
	d := DocCache{Cacheable: c.Cacheable, Heuristic: c.Heuristic, CacheControl: c.CacheControl, Expires: c.Expires}
	if c.Freshness != nil {
		d.FreshnessS = ptr(float64(*c.Freshness))
	}
	if c.Age != nil {
		d.Age = ptr(float64(*c.Age))
	}
	return d
}

func ms(d *time.Duration) *float64 {
	if d == nil {
		return nil
	}
	v := float64(d.Microseconds()) / 1000
	return &v
}

func ptr[T any](v T) *T { return &v }

func nonNilHeader(h http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	return h
}
