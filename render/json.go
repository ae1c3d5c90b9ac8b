package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/hops-cli/hops/check"
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
	Raw               string  `json:"raw"`
	Valid             bool    `json:"valid"`
	Honored           bool    `json:"honored"`
	MaxAge            *int64  `json:"max_age"` // an integer, exact past 2^53
	IncludeSubdomains bool    `json:"include_subdomains"`
	Preload           bool    `json:"preload"`
	Problem           *string `json:"problem"`
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
	// Body and BodyTruncated are there only with --body: null when there
	// is no final response or its coding could not be undone.
	Body          json.RawMessage `json:"body,omitempty"`
	BodyTruncated json.RawMessage `json:"body_truncated,omitempty"`
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

// JSON writes the chain as an indented schema_version 1 document: the
// bytes of json.MarshalIndent(NewDoc(c, meta), "", "  "), written by the
// appenders of the check rows (below) and indented as json.Indent would
// (indentJSON). On a one-chain run, encoding/json's first use of the
// document's types (its reflection over every field) cost as much CPU as
// walking five hops.
func JSON(w io.Writer, c *inspect.Chain, meta Meta) error {
	compact, err := chainJSON(c, meta)
	if err != nil {
		return err
	}
	out, ok := indentJSON(make([]byte, 0, len(compact)*3/2), compact)
	if !ok {
		var buf bytes.Buffer
		if err := json.Indent(&buf, compact, "", "  "); err != nil {
			return fmt.Errorf("encode JSON: %w", err)
		}
		out = buf.Bytes()
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// chainJSON is json.Marshal(NewDoc(c, meta)) with the characters a
// terminal would act on escaped (escapeJSON): appendChainFields writes
// them escaped, the fallback escapes them after.
func chainJSON(c *inspect.Chain, meta Meta) ([]byte, error) {
	// As for a check row: masked while written when the document has no
	// error message (which would come from the redacted errors), else
	// written from the redacted chain; as it is with --show-secrets.
	mask := !meta.ShowSecrets && c.Stop.Code() == "" && c.Stop != inspect.StopInterrupted && c.Stop != inspect.StopRefused
	src := c
	if !meta.ShowSecrets && !mask {
		src = redact(c)
	}
	b := append(make([]byte, 0, 8<<10), '{')
	if b, ok := appendChainFields(b, src, meta, mask); ok {
		return append(b, '}'), nil
	}
	b, err := json.Marshal(NewDoc(c, meta))
	if err != nil {
		return nil, fmt.Errorf("encode JSON: %w", err)
	}
	return escapeJSON(b), nil
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
			URL:       maskIf(!meta.ShowSecrets, c.Request.URL),
			Method:    c.Request.Method,
			Headers:   nonNilHeader(c.Request.Header),
			BodyBytes: len(c.Request.Body),
		},
		Hops:     make([]DocHop, 0, len(c.Hops)),
		Findings: make([]DocFinding, 0, len(c.Findings)),
	}
	for i := range c.Hops {
		d.Hops = append(d.Hops, docHop(&c.Hops[i], meta.ShowSecrets))
	}
	d.Final.Redirects = c.Redirects()
	d.Final.URL = maskIf(!meta.ShowSecrets, c.Request.URL)
	if last := c.Last(); last != nil {
		d.Final.URL = maskIf(!meta.ShowSecrets, last.URL)
		if last.Responded() {
			d.Final.Status = ptr(last.Status)
		}
		if meta.Body && c.Final() && last.Responded() && last.BodyUndecoded == "" {
			// Only a final response's body is read: a loop's or a limit's
			// last hop is a redirect, whose body was drained unseen.
			// Masked as the terminal's --body is: a page may quote a URL
			// with its password.
			d.Final.Body = appendJSONString(nil, maskIf(!meta.ShowSecrets, string(last.Body)))
			d.Final.BodyTruncated = strconv.AppendBool(nil, last.BodyCut)
		}
	}
	if meta.Body && d.Final.Body == nil {
		d.Final.Body, d.Final.BodyTruncated = json.RawMessage("null"), json.RawMessage("null")
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

func docHop(h *inspect.Hop, showSecrets bool) DocHop {
	d := DocHop{
		N:                h.N,
		URL:              maskIf(!showSecrets, h.URL),
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
		d.Location = ptr(maskIf(!showSecrets, h.Location[0]))
	}
	if h.Next != nil {
		d.NextURL = ptr(maskIf(!showSecrets, h.Next.URL))
	} else if r := nextRefresh(h); r != "" {
		d.NextURL = ptr(maskIf(!showSecrets, r))
	}
	if h.NextMethod != "" {
		d.NextMethod = ptr(h.NextMethod)
	}
	if s := h.HSTS; s != nil {
		d.HSTS = &DocHSTS{Raw: s.Raw, Valid: s.Valid, Honored: s.Honored, IncludeSubdomains: s.IncludeSubdomains, Preload: s.Preload}
		if s.MaxAge != nil {
			d.HSTS.MaxAge = ptr(*s.MaxAge)
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
	if r := h.Followed(); h.NextMethod != "" && r != nil {
		return r.URL
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

// The JSON Lines of a check are written by the appenders below rather
// than by encoding/json: building each row's CheckRow (a dozen small
// allocations a hop) and reflecting over it was about a tenth of a
// check's CPU. They write from the redacted result exactly what
// json.Marshal(NewCheckRow(res, meta)) writes: the same fields from the
// same facts (NewCheckRow, newDoc, docHop and docCache say which), in
// field order, null for what those leave nil, omitempty where they have
// it, header names sorted, HTML-safe string escapes, floats in ES6 form.
// The tests compare the two on real chains. A row they do not cover (a
// --baseline row) goes through encoding/json.
//
// With mask set, res is not redacted and the appenders mask as they write,
// which spares copying every chain: what redactResult masks, they mask
// (header values with MaskHeader, finding messages and the reason with
// MaskText; the URLs they write go through MaskURL either way). Only a
// row whose document has no error may be written so: its error message
// would come from the redacted errors.

// maskable reports whether res can be written with mask set.
func maskable(res *check.Result) bool {
	c := res.Chain
	return res.Baseline == nil && c != nil && c.Stop.Code() == "" &&
		c.Stop != inspect.StopInterrupted && c.Stop != inspect.StopRefused
}

// appendResult appends the JSON of res, redactResult's result unless mask
// is set (see above); ok is false when only encoding/json writes it.
func appendResult(b []byte, res *check.Result, meta Meta, mask bool) (_ []byte, ok bool) {
	if res.Baseline != nil {
		return b, false
	}
	b = append(b, `{"row":`...)
	b = strconv.AppendInt(b, int64(res.Row.N), 10)
	b = append(b, `,"expected":`...)
	if res.Row.Target == "" {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"url":`...)
		b = appendJSONText(b, MaskURL(res.Row.Target))
		b = append(b, `,"status":`...)
		if res.Row.Status != 0 {
			b = strconv.AppendInt(b, int64(res.Row.Status), 10)
		} else {
			b = append(b, "null"...)
		}
		if len(res.Row.Statuses) > 1 {
			b = append(b, `,"statuses":[`...)
			for i, s := range res.Row.Statuses {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendInt(b, int64(s), 10)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	b = append(b, `,"result":`...)
	b = appendJSONText(b, string(res.Verdict))
	b = append(b, `,"reason":`...)
	if res.Reason != "" {
		b = appendJSONText(b, maskIf(mask, res.Reason))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, ',')
	if res.Chain != nil {
		// A check row's secrets are masked whatever meta says: hops
		// check has no --show-secrets (redactResult masks as much).
		rowMeta := meta
		rowMeta.ShowSecrets = false
		if b, ok = appendChainFields(b, res.Chain, rowMeta, mask); !ok {
			return b, false
		}
		return append(b, '}'), true
	}
	// A malformed row: no chain, the row's error as the document's.
	b = append(b, `"schema_version":`...)
	b = strconv.AppendInt(b, SchemaVersion, 10)
	b = appendTool(b, meta)
	src := MaskURL(res.Row.Source)
	b = append(b, `,"request":{"url":`...)
	b = appendJSONText(b, src)
	b = append(b, `,"method":"GET","headers":{},"body_bytes":0},"hops":[],"final":{"url":`...)
	b = appendJSONText(b, src)
	b = append(b, `,"status":null,"redirects":0},"findings":[],"error":{"code":"invalid-row","message":`...)
	b = appendJSONText(b, maskIf(mask, res.Reason))
	return append(b, `}}`...), true
}

// appendTool appends the tool and, with --as, the client.
func appendTool(b []byte, meta Meta) []byte {
	b = append(b, `,"tool":{"name":"hops","version":`...)
	b = appendJSONText(b, meta.Version)
	b = append(b, '}')
	if meta.Client != "" {
		b = append(b, `,"client":`...)
		b = appendJSONText(b, meta.Client)
	}
	return b
}

// appendChainFields appends the fields of newDoc(c, meta) without its
// braces; c is redacted unless mask is set.
func appendChainFields(b []byte, c *inspect.Chain, meta Meta, mask bool) (_ []byte, ok bool) {
	b = append(b, `"schema_version":`...)
	b = strconv.AppendInt(b, SchemaVersion, 10)
	b = appendTool(b, meta)
	b = append(b, `,"request":{"url":`...)
	b = appendJSONText(b, maskIf(!meta.ShowSecrets, c.Request.URL))
	b = append(b, `,"method":`...)
	b = appendJSONText(b, c.Request.Method)
	b = append(b, `,"headers":`...)
	b = appendHeader(b, nonNilHeader(c.Request.Header), mask)
	b = append(b, `,"body_bytes":`...)
	b = strconv.AppendInt(b, int64(len(c.Request.Body)), 10)
	b = append(b, `},"hops":[`...)
	for i := range c.Hops {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = appendHop(b, &c.Hops[i], mask, meta.ShowSecrets); !ok {
			return b, false
		}
	}
	b = append(b, `],"final":{"url":`...)
	last := c.Last()
	if last != nil {
		b = appendJSONText(b, maskIf(!meta.ShowSecrets, last.URL))
	} else {
		b = appendJSONText(b, maskIf(!meta.ShowSecrets, c.Request.URL))
	}
	b = append(b, `,"status":`...)
	if last != nil && last.Responded() {
		b = strconv.AppendInt(b, int64(last.Status), 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"redirects":`...)
	b = strconv.AppendInt(b, int64(c.Redirects()), 10)
	switch {
	case meta.Body && c.Final() && last != nil && last.Responded() && last.BodyUndecoded == "":
		b = append(b, `,"body":`...)
		b = appendJSONText(b, maskIf(!meta.ShowSecrets, string(last.Body)))
		b = append(b, `,"body_truncated":`...)
		b = strconv.AppendBool(b, last.BodyCut)
	case meta.Body:
		// No final response, or a body whose coding could not be undone,
		// so no text: null, not left out.
		b = append(b, `,"body":null,"body_truncated":null`...)
	}
	b = append(b, `},"findings":[`...)
	for i, f := range c.Findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = appendJSONText(b, string(f.Code))
		b = append(b, `,"severity":`...)
		b = appendJSONText(b, f.Severity.String())
		b = append(b, `,"hop":`...)
		if f.Hop > 0 {
			b = strconv.AppendInt(b, int64(f.Hop), 10)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"message":`...)
		b = appendJSONText(b, maskIf(mask, f.Message))
		b = append(b, '}')
	}
	b = append(b, `],"error":`...)
	switch code := c.Stop.Code(); {
	case code != "":
		b = appendError(b, string(code), c.StopMessage())
	case c.Stop == inspect.StopInterrupted, c.Stop == inspect.StopRefused:
		b = appendError(b, string(c.Stop), c.StopMessage())
	default:
		b = append(b, "null"...)
	}
	return b, true
}

func appendError(b []byte, code, msg string) []byte {
	b = append(b, `{"code":`...)
	b = appendJSONText(b, code)
	b = append(b, `,"message":`...)
	b = appendJSONText(b, msg)
	return append(b, '}')
}

// appendHop appends docHop(h, showSecrets).
func appendHop(b []byte, h *inspect.Hop, mask, showSecrets bool) (_ []byte, ok bool) {
	responded := h.Responded()
	b = append(b, `{"n":`...)
	b = strconv.AppendInt(b, int64(h.N), 10)
	b = append(b, `,"url":`...)
	b = appendJSONText(b, maskIf(!showSecrets, h.URL))
	b = append(b, `,"method":`...)
	b = appendJSONText(b, h.Method)
	b = append(b, `,"body_bytes":`...)
	b = strconv.AppendInt(b, int64(h.BodyBytes), 10)
	b = append(b, `,"via":`...)
	b = appendJSONText(b, string(h.Via))
	if responded {
		b = append(b, `,"status":`...)
		b = strconv.AppendInt(b, int64(h.Status), 10)
		b = append(b, `,"reason":`...)
		b = appendJSONText(b, h.Reason)
		b = append(b, `,"proto":`...)
		b = appendJSONText(b, h.Proto)
	} else {
		b = append(b, `,"status":null,"reason":null,"proto":null`...)
	}
	b = append(b, `,"remote_addr":`...)
	if h.RemoteAddr != "" {
		b = appendJSONText(b, h.RemoteAddr)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"headers":`...)
	if responded {
		b = appendHeader(b, h.Header, mask)
	} else {
		b = append(b, "{}"...)
	}
	b = append(b, `,"location":`...)
	if len(h.Location) > 0 {
		b = appendJSONText(b, maskIf(!showSecrets, h.Location[0]))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"next_url":`...)
	if h.Next != nil {
		b = appendJSONText(b, maskIf(!showSecrets, h.Next.URL))
	} else if r := nextRefresh(h); r != "" {
		b = appendJSONText(b, maskIf(!showSecrets, r))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"next_method":`...)
	if h.NextMethod != "" {
		b = appendJSONText(b, h.NextMethod)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"method_changed":`...)
	b = strconv.AppendBool(b, h.MethodChanged())
	b = append(b, `,"body_dropped":`...)
	b = strconv.AppendBool(b, h.BodyDropped)
	b = append(b, `,"permanent":`...)
	if p, ok := h.Permanence(); ok && responded {
		b = strconv.AppendBool(b, p)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"cache":`...)
	if responded {
		c := h.CacheFacts()
		b = append(b, `{"cacheable":`...)
		b = strconv.AppendBool(b, c.Cacheable)
		b = append(b, `,"freshness_s":`...)
		b = appendInt64AsFloat(b, c.Freshness)
		b = append(b, `,"heuristic":`...)
		b = strconv.AppendBool(b, c.Heuristic)
		b = append(b, `,"cache_control":`...)
		b = appendStringPtr(b, c.CacheControl)
		b = append(b, `,"expires":`...)
		b = appendStringPtr(b, c.Expires)
		b = append(b, `,"age":`...)
		b = appendInt64AsFloat(b, c.Age)
		b = append(b, '}')
	} else {
		b = append(b, `{"cacheable":false,"freshness_s":null,"heuristic":false,"cache_control":null,"expires":null,"age":null}`...)
	}
	b = append(b, `,"hsts":`...)
	if s := h.HSTS; s == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"raw":`...)
		b = appendJSONText(b, s.Raw)
		b = append(b, `,"valid":`...)
		b = strconv.AppendBool(b, s.Valid)
		b = append(b, `,"honored":`...)
		b = strconv.AppendBool(b, s.Honored)
		b = append(b, `,"max_age":`...)
		if s.MaxAge == nil {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendInt(b, *s.MaxAge, 10)
		}
		b = append(b, `,"include_subdomains":`...)
		b = strconv.AppendBool(b, s.IncludeSubdomains)
		b = append(b, `,"preload":`...)
		b = strconv.AppendBool(b, s.Preload)
		b = append(b, `,"problem":`...)
		if s.Problem != "" {
			b = appendJSONText(b, s.Problem)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, '}')
	}
	t := &h.Timing
	b = append(b, `,"timing_ms":{"dns":`...)
	for i, d := range []*time.Duration{t.DNS, t.Connect, t.TLS, t.TTFB} {
		if i > 0 {
			b = append(b, `,"`...)
			b = append(b, timingNames[i]...)
			b = append(b, `":`...)
		}
		if d == nil {
			b = append(b, "null"...)
		} else if b, ok = appendFloat(b, float64(d.Microseconds())/1000); !ok {
			return b, false
		}
	}
	b = append(b, `,"total":`...)
	if b, ok = appendFloat(b, float64(t.Total.Microseconds())/1000); !ok {
		return b, false
	}
	b = append(b, `},"reused_connection":`...)
	b = strconv.AppendBool(b, h.Reused)
	b = append(b, `,"request_headers":`...)
	b = appendHeader(b, nonNilHeader(h.RequestHeader), mask)
	b = append(b, `,"tls":`...)
	if s := h.TLS; s == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"version":`...)
		b = appendJSONText(b, s.Version)
		b = append(b, `,"cipher":`...)
		b = appendJSONText(b, s.Cipher)
		b = append(b, `,"server_name":`...)
		if s.ServerName != "" {
			b = appendJSONText(b, s.ServerName)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"verified":`...)
		b = strconv.AppendBool(b, s.Verified)
		if s.Subject != "" {
			b = append(b, `,"subject":`...)
			b = appendJSONText(b, s.Subject)
			b = append(b, `,"issuer":`...)
			b = appendJSONText(b, s.Issuer)
			b = append(b, `,"not_after":`...)
			b = appendJSONText(b, s.NotAfter.UTC().Format(time.RFC3339))
		} else {
			b = append(b, `,"subject":null,"issuer":null,"not_after":null`...)
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// appendInt64AsFloat writes a count of seconds as docCache does: as a
// float64, null when absent.
func appendInt64AsFloat(b []byte, p *int64) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	b, _ = appendFloat(b, float64(*p)) // never NaN or infinite
	return b
}

// timingNames are DocTiming's JSON names, in field order.
var timingNames = [...]string{"dns", "connect", "tls", "ttfb"}

// maskIf is MaskText(s) when mask is set.
func maskIf(mask bool, s string) string {
	if mask {
		return MaskText(s)
	}
	return s
}

// appendHeader writes a header as encoding/json writes a map of string
// slices: names sorted, nil as null; with mask, each value as MaskHeader
// gives it (MaskHeaders' copy, without the copy).
func appendHeader(b []byte, h http.Header, mask bool) []byte {
	if h == nil {
		return append(b, "null"...)
	}
	var small [16]string
	keys := small[:0]
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONText(b, k)
		b = append(b, ':')
		vs := h[k]
		if vs == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, v := range vs {
			if j > 0 {
				b = append(b, ',')
			}
			if mask {
				v = MaskHeader(k, v)
			}
			b = appendJSONText(b, v)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendStringPtr(b []byte, p *string) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return appendJSONText(b, *p)
}

// appendFloat writes f as encoding/json does (ES6 number form); ok is
// false for NaN and infinities, which it refuses.
func appendFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

// jsonPlain marks the bytes that encoding/json writes as they are (HTML
// escaping on, as json.Marshal has it) and escapeJSON leaves alone: printable
// ASCII but for ", \, <, > and &.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendJSONString writes s quoted as json.Marshal does: \", \\, \b, \f,
// \n, \r, \t, other control bytes and <, >, & as \u00XX, invalid UTF-8 as
// \ufffd, U+2028 and U+2029 escaped, everything else as it is.
func appendJSONString(b []byte, s string) []byte { return appendQuoted(b, s, false) }

// appendJSONText writes s as appendJSONString does and then escapeJSON
// would: DEL, the C1 controls and the bidirectional overrides as \u
// escapes too, so that a document written with it needs no second pass.
func appendJSONText(b []byte, s string) []byte { return appendQuoted(b, s, true) }

func appendQuoted(b []byte, s string, term bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case 0x7f:
				if term {
					b = append(b, `\u007f`...)
				} else {
					b = append(b, c)
				}
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		case term && (r < 0xa0 || isBidiControl(r)):
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
