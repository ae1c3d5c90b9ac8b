package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hops-cli/hops/lab"
)

// The JSON Schemas of the documents hops --json writes live in the
// repository's schema folder, each with a $id under schemaBase. The tests
// load them from disk through the library's loader, never the network.
const (
	schemaDir   = "../../schema"
	schemaBase  = "https://github.com/hops-cli/hops/schema/"
	schemaDraft = "https://json-schema.org/draft/2020-12/schema"
)

// schemaFiles are every schema the folder must hold, no more.
var schemaFiles = []string{
	"canon.schema.json", "chain.schema.json", "check-lint.schema.json", "check-row.schema.json",
	"check-summary.schema.json", "clients.schema.json", "diff.schema.json",
}

// schemaLoader serves the $id URLs of the schemas from schemaDir with the
// library's file loader; any other URL is refused, so nothing is fetched.
type schemaLoader struct{ dir string }

func (l schemaLoader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, schemaBase)
	if !ok || !slices.Contains(schemaFiles, name) {
		return nil, fmt.Errorf("load %s: not one of the schemas of %s", url, l.dir)
	}
	abs, err := filepath.Abs(filepath.Join(l.dir, name))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", url, err)
	}
	return jsonschema.FileLoader{}.Load("file://" + filepath.ToSlash(abs))
}

// schemaSet is the compiled schemas by file name.
type schemaSet map[string]*jsonschema.Schema

var (
	compiledOnce sync.Once
	compiled     schemaSet
	compileErr   error
)

// loadSchemas compiles every schema once for all the tests. Compiling
// checks each one against the 2020-12 meta-schema; formats (date-time)
// are asserted, not only annotated.
func loadSchemas(t *testing.T) schemaSet {
	t.Helper()
	compiledOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.UseLoader(schemaLoader{schemaDir})
		c.AssertFormat()
		compiled = schemaSet{}
		for _, name := range schemaFiles {
			s, err := c.Compile(schemaBase + name)
			if err != nil {
				compileErr = fmt.Errorf("compile %s: %w", name, err)
				return
			}
			compiled[name] = s
		}
	})
	if compileErr != nil {
		t.Fatal(compileErr)
	}
	return compiled
}

// decodeJSON reads one JSON value as the validator wants it (numbers kept
// exact, so 1 and 1.5 are told apart).
func decodeJSON(t *testing.T, data string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return v
}

// mustValidate fails the test when doc does not match the schema.
func (s schemaSet) mustValidate(t *testing.T, name, what, doc string) {
	t.Helper()
	if err := s[name].Validate(decodeJSON(t, doc)); err != nil {
		t.Errorf("%s does not match %s:\n%v\n%s", what, name, err, doc)
	}
}

// checkLines validates the JSON Lines of hops check --json: a row a line,
// then the summary line; each matches its own schema and not the other's,
// so a reader can tell them apart. It returns the row lines.
func (s schemaSet) checkLines(t *testing.T, what, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	rows, sum := lines[:len(lines)-1], lines[len(lines)-1]
	for i, line := range rows {
		w := fmt.Sprintf("row line %d of %s", i+1, what)
		s.mustValidate(t, "check-row.schema.json", w, line)
		if s["check-summary.schema.json"].Validate(decodeJSON(t, line)) == nil {
			t.Errorf("%s passes as the summary line too\n%s", w, line)
		}
	}
	s.mustValidate(t, "check-summary.schema.json", "the summary line of "+what, sum)
	if s["check-row.schema.json"].Validate(decodeJSON(t, sum)) == nil {
		t.Errorf("the summary line of %s passes as a row too\n%s", what, sum)
	}
	return rows
}

// TestSchemaFiles: the folder holds the seven schemas, each declaring
// draft 2020-12 and its own $id, each valid against the meta-schema (the
// compiler refuses an invalid one: see the negative case), and each using
// only keywords of the draft, so a typo such as "minimun" cannot pass as
// an unknown keyword that checks nothing.
func TestSchemaFiles(t *testing.T) {
	t.Parallel()
	got, err := filepath.Glob(filepath.Join(schemaDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	if !slices.Equal(got, schemaFiles) {
		t.Errorf("schema folder holds %q; want %q", got, schemaFiles)
	}
	loadSchemas(t)
	for _, name := range schemaFiles {
		b, err := os.ReadFile(filepath.Join(schemaDir, name))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if doc["$schema"] != schemaDraft {
			t.Errorf("%s: $schema = %v; want %s", name, doc["$schema"], schemaDraft)
		}
		if doc["$id"] != schemaBase+name {
			t.Errorf("%s: $id = %v; want %s", name, doc["$id"], schemaBase+name)
		}
		for _, p := range unknownKeywords(doc, "") {
			t.Errorf("%s: %s is not a keyword of draft 2020-12", name, p)
		}
	}

	// The meta-schema check can fail: a type that is no JSON type.
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///bad.schema.json", map[string]any{"$schema": schemaDraft, "type": "strng"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("file:///bad.schema.json"); err == nil {
		t.Error(`a schema with "type": "strng" compiled; the meta-schema check is off`)
	}
	if got := unknownKeywords(map[string]any{"properties": map[string]any{"n": map[string]any{"minimun": 1.0}}}, ""); !slices.Equal(got, []string{"/properties/n/minimun"}) {
		t.Errorf("unknownKeywords of a typo = %q; want [/properties/n/minimun]", got)
	}
}

// keywords2020 are the keywords of draft 2020-12 (core, applicator,
// unevaluated, validation, format, content and meta-data vocabularies).
var keywords2020 = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "$anchor": true, "$dynamicRef": true, "$dynamicAnchor": true,
	"$vocabulary": true, "$comment": true, "$defs": true,
	"allOf": true, "anyOf": true, "oneOf": true, "not": true, "if": true, "then": true, "else": true,
	"dependentSchemas": true, "prefixItems": true, "items": true, "contains": true, "properties": true,
	"patternProperties": true, "additionalProperties": true, "propertyNames": true,
	"unevaluatedItems": true, "unevaluatedProperties": true,
	"type": true, "enum": true, "const": true, "multipleOf": true, "maximum": true, "exclusiveMaximum": true,
	"minimum": true, "exclusiveMinimum": true, "maxLength": true, "minLength": true, "pattern": true,
	"maxItems": true, "minItems": true, "uniqueItems": true, "maxContains": true, "minContains": true,
	"maxProperties": true, "minProperties": true, "required": true, "dependentRequired": true,
	"format": true, "contentEncoding": true, "contentMediaType": true, "contentSchema": true,
	"title": true, "description": true, "default": true, "deprecated": true, "readOnly": true,
	"writeOnly": true, "examples": true,
}

// unknownKeywords walks a schema and returns the JSON pointer of every key
// that is not a keyword where a keyword belongs.
func unknownKeywords(schema any, at string) []string {
	obj, ok := schema.(map[string]any)
	if !ok {
		return nil // true or false
	}
	var out []string
	for k, v := range obj {
		p := at + "/" + k
		switch k {
		case "$defs", "properties", "patternProperties", "dependentSchemas":
			m, _ := v.(map[string]any)
			for name, sub := range m {
				out = append(out, unknownKeywords(sub, p+"/"+name)...)
			}
		case "allOf", "anyOf", "oneOf", "prefixItems":
			list, _ := v.([]any)
			for i, sub := range list {
				out = append(out, unknownKeywords(sub, p+"/"+strconv.Itoa(i))...)
			}
		case "not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames",
			"unevaluatedItems", "unevaluatedProperties", "contentSchema":
			out = append(out, unknownKeywords(v, p)...)
		default:
			if !keywords2020[k] {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestSchemasRejectWrongDocuments: documents that break the contract in
// one place fail validation, and the error points at that place.
func TestSchemasRejectWrongDocuments(t *testing.T) {
	t.Parallel()
	s := loadSchemas(t)
	const chain = `{"schema_version": 1, "tool": {"name": "hops", "version": "dev"},
	  "request": {"url": "http://a.test/", "method": "GET", "headers": {"Accept": ["*/*"]}, "body_bytes": 0},
	  "hops": [
	    {"n": 1, "url": "http://a.test/", "method": "GET", "body_bytes": 0, "via": "http", "status": 301,
	     "reason": "Moved Permanently", "proto": "HTTP/1.1", "remote_addr": "127.0.0.1:80",
	     "headers": {"Location": ["https://a.test/"]}, "location": "https://a.test/", "next_url": "https://a.test/",
	     "next_method": "GET", "method_changed": false, "body_dropped": false, "permanent": true,
	     "cache": {"cacheable": true, "freshness_s": null, "heuristic": true, "cache_control": null, "expires": null, "age": null},
	     "hsts": null, "timing_ms": {"dns": 0.1, "connect": 0.2, "tls": null, "ttfb": 1.5, "total": 1.6},
	     "reused_connection": false, "request_headers": {}, "tls": null},
	    {"n": 2, "url": "https://a.test/", "method": "GET", "body_bytes": 0, "via": "http", "status": null,
	     "reason": null, "proto": null, "remote_addr": null, "headers": {}, "location": null, "next_url": null,
	     "next_method": null, "method_changed": false, "body_dropped": false, "permanent": null,
	     "cache": {"cacheable": false, "freshness_s": null, "heuristic": false, "cache_control": null, "expires": null, "age": null},
	     "hsts": null, "timing_ms": {"dns": null, "connect": 0.2, "tls": 3, "ttfb": null, "total": 4},
	     "reused_connection": false, "request_headers": {}, "tls": null}],
	  "final": {"url": "https://a.test/", "status": null, "redirects": 1},
	  "findings": [{"code": "request-failed", "severity": "error", "hop": 2, "message": "it failed"}],
	  "error": {"code": "request-failed", "message": "it failed"}}`
	row := `{"row": 2, "expected": {"url": "https://a.test/", "status": 301}, "result": "error", "reason": "it failed",` + chain[1:]
	const summary = `{"summary": {"rows": 1, "ok": 0, "mismatch": 0, "error": 1, "seconds": 0.5, "top_targets": [], "chain_lengths": {"1": 1}}}`
	const diffDoc = `{"schema_version": 1, "tool": {"name": "hops", "version": "dev"},
	  "rows": [{"source": "http://a.test/", "method": "GET", "class": "regression", "changes": [
	    {"aspect": "final_status", "before": 200, "after": null, "class": "regression"},
	    {"aspect": "finding", "before": null, "after": "request-failed", "class": "regression"},
	    {"aspect": "cache", "before": "unbounded", "after": 0, "class": "change"}]}],
	  "summary": {"rows": 1, "regression": 1, "change": 0, "improvement": 0, "none": 0}}`
	const canon = `{"schema_version": 1, "tool": {"name": "hops", "version": "dev"}, "entries": [], "canonical": null,
	  "preload": {"ready": false, "problems": ["no HSTS"]}, "findings": [], "error": null}`

	// The unbroken documents pass, so each failure below is the change's.
	for _, c := range []struct{ schema, doc string }{
		{"chain.schema.json", chain}, {"check-row.schema.json", row},
		{"check-summary.schema.json", summary}, {"diff.schema.json", diffDoc}, {"canon.schema.json", canon},
	} {
		s.mustValidate(t, c.schema, "the unbroken document", c.doc)
	}

	for _, c := range []struct {
		name, schema, doc string
		path              []string // where to change it
		value             any      // the new value; drop: remove the field
		at                string   // where the validator must point
	}{
		{"status as a string", "chain.schema.json", chain, []string{"hops", "0", "status"}, "301", "/hops/0/status"},
		{"a float where an integer belongs", "chain.schema.json", chain, []string{"final", "redirects"}, 1.5, "/final/redirects"},
		{"schema_version 2", "chain.schema.json", chain, []string{"schema_version"}, 2, "/schema_version"},
		{"an absent fact omitted instead of null", "chain.schema.json", chain, []string{"hops", "0", "hsts"}, drop{}, "/hops/0"},
		{"a severity of no kind", "chain.schema.json", chain, []string{"findings", "0", "severity"}, "fatal", "/findings/0/severity"},
		{"a finding code not in kebab case", "chain.schema.json", chain, []string{"findings", "0", "code"}, "Request Failed", "/findings/0/code"},
		{"a hop via script", "chain.schema.json", chain, []string{"hops", "0", "via"}, "script", "/hops/0/via"},
		{"a reason on a failed hop", "chain.schema.json", chain, []string{"hops", "1", "reason"}, "OK", "/hops/1/reason"},
		{"an error without a message", "chain.schema.json", chain, []string{"error", "message"}, drop{}, "/error"},
		{"a timing below zero", "chain.schema.json", chain, []string{"hops", "0", "timing_ms", "total"}, -1, "/hops/0/timing_ms/total"},
		{"a body without body_truncated", "chain.schema.json", chain, []string{"final", "body"}, "<html>", "/final"},
		{"a header value that is no list", "chain.schema.json", chain, []string{"request", "headers", "Accept"}, "*/*", "/request/headers/Accept"},
		{"a result of no kind", "check-row.schema.json", row, []string{"result"}, "passed", "/result"},
		{"an ok row with no final response", "check-row.schema.json", row, []string{"result"}, "ok", "/final/status"},
		{"a row number 0", "check-row.schema.json", row, []string{"row"}, 0, "/row"},
		{"a row without expected", "check-row.schema.json", row, []string{"expected"}, drop{}, ""},
		{"a summary line with another key", "check-summary.schema.json", summary, []string{"rows"}, 1, ""},
		{"a chain length keyed by a word", "check-summary.schema.json", summary, []string{"summary", "chain_lengths", "one"}, 1, "/summary/chain_lengths"},
		{"a diff class of no kind", "diff.schema.json", diffDoc, []string{"rows", "0", "changes", "0", "class"}, "worse", "/rows/0/changes/0/class"},
		{"a finding change with both sides", "diff.schema.json", diffDoc, []string{"rows", "0", "changes", "1", "before"}, "loop", "/rows/0/changes/1"},
		{"a final status change as text", "diff.schema.json", diffDoc, []string{"rows", "0", "changes", "0", "before"}, "200 OK", "/rows/0/changes/0/before"},
		{"a cache lifetime of no kind", "diff.schema.json", diffDoc, []string{"rows", "0", "changes", "2", "before"}, "forever", "/rows/0/changes/2/before"},
		{"a canonical URL as a number", "canon.schema.json", canon, []string{"canonical"}, 1, "/canonical"},
		{"preload ready with a problem", "canon.schema.json", canon, []string{"preload", "ready"}, true, "/preload/problems"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := decodeJSON(t, c.doc)
			setAt(t, doc, c.path, c.value)
			err := s[c.schema].Validate(doc)
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%s accepted the document (err %v)", c.schema, err)
			}
			if !failsAt(ve, c.at) {
				t.Errorf("%s rejected it, but not at %q:\n%v", c.schema, c.at, err)
			}
		})
	}
}

// anyExit: a case of TestJSONOfEveryCommandMatchesItsSchema that takes
// whatever exit status hops gives.
const anyExit = -1

// drop as a value removes the field.
type drop struct{}

// setAt changes doc (decoded by decodeJSON) at path.
func setAt(t *testing.T, doc any, path []string, v any) {
	t.Helper()
	switch n := v.(type) {
	case int:
		v = json.Number(strconv.Itoa(n))
	case float64:
		v = json.Number(strconv.FormatFloat(n, 'g', -1, 64))
	}
	for i, k := range path {
		last := i == len(path)-1
		switch node := doc.(type) {
		case map[string]any:
			if last {
				if _, ok := v.(drop); ok {
					delete(node, k)
				} else {
					node[k] = v
				}
				return
			}
			doc = node[k]
		case []any:
			j, err := strconv.Atoi(k)
			if err != nil || j >= len(node) {
				t.Fatalf("no %q in the list at %q", k, path[:i])
			}
			if last {
				node[j] = v
				return
			}
			doc = node[j]
		default:
			t.Fatalf("nothing to change at %q", path[:i+1])
		}
	}
}

// failsAt: the error, or one of its causes, is about the value at the
// JSON pointer at (a cause may point inside it).
func failsAt(e *jsonschema.ValidationError, at string) bool {
	loc := ""
	for _, p := range e.InstanceLocation {
		loc += "/" + p
	}
	if loc == at {
		return true
	}
	for _, c := range e.Causes {
		if failsAt(c, at) {
			return true
		}
	}
	return false
}

// TestJSONOfEveryCommandMatchesItsSchema runs hops (the binary, so the cases
// run in parallel) against the lab and checks each --json document it
// writes against its schema: chains of every kind, hops demo, check rows of
// every verdict and their summary, the map lint, --as all, canon, diff and
// check --baseline.
func TestJSONOfEveryCommandMatchesItsSchema(t *testing.T) {
	t.Parallel()
	s := loadSchemas(t)
	l, err := lab.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	sites, err := lab.StartSites()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sites.Close)
	dir := t.TempDir()
	ca, sitesCA := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "sites-ca.pem")
	if err := l.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	if err := sites.WriteCA(sitesCA); err != nil {
		t.Fatal(err)
	}
	dead, err := deadAddr()
	if err != nil {
		t.Fatal(err)
	}
	labURL, labsURL := l.HTTPURL(), l.HTTPSURL()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// run runs hops, wants its exit status and the literal texts that show
	// the case is the one it claims to be, and returns its stdout.
	run := func(t *testing.T, code int, want []string, args ...string) string {
		t.Helper()
		r := runHopsBinary(t, args...)
		if code != anyExit && r.code != code {
			t.Fatalf("hops %s: exit %d; want %d\nstderr: %s", strings.Join(args, " "), r.code, code, r.stderr)
		}
		for _, w := range want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("hops %s: no %s in its output\n%s", strings.Join(args, " "), w, r.stdout)
			}
		}
		return r.stdout
	}

	t.Run("chain", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			name string
			code int
			want []string
			args []string
		}{
			{"redirect to https with HSTS and TLS", 0, []string{`"via": "http"`, `"verified": true`, `"include_subdomains": true`, `"not_after": "`},
				[]string{"--cacert", ca, labURL + "/shop"}},
			{"TLS failure", 1, []string{`"code": "request-failed"`, `"status": null`}, []string{labURL + "/shop"}},
			{"refused connection", 1, []string{`"code": "request-failed"`, `"redirects": 0`}, []string{"http://" + dead + "/"}},
			{"loop", 1, []string{`"code": "loop"`}, []string{labURL + "/loop/a"}},
			{"POST through a 301", 1, []string{`"method_changed": true`, `"body_dropped": true`, `"body_bytes": 21`},
				[]string{"-H", "Content-Type: application/json", "-d", `{"sku":"A-1","qty":2}`, labURL + "/api/v1/orders"}},
			{"POST through a 308", 0, []string{`"status": 201`, `"next_method": "POST"`},
				[]string{"-H", "Content-Type: application/json", "-d", `{"sku":"B-2","qty":1}`, labURL + "/api/v1/items"}},
			{"meta refresh followed", 0, []string{`"via": "meta-refresh"`}, []string{"--follow-refresh", labURL + "/old-page"}},
			{"googlebot and robots.txt", 0, []string{`"client": "googlebot"`, `"code": "robots-blocked"`}, []string{"--as", "googlebot", labURL + "/guides/setup"}},
			{"final body", 0, []string{`"body": "\u003c!doctype html\u003e`, `"body_truncated": false`}, []string{"--body", "--cacert", ca, labURL + "/shop"}},
			{"downgrade", 0, []string{`"code": "downgrade"`}, []string{"--cacert", ca, labsURL + "/checkout"}},
			{"stopped at the user's limit", 0, []string{`"code": "stopped-at-limit"`}, []string{"--max-redirects", "2", labURL + "/long/1"}},
			{"certificate refused, -k", 1, []string{`"verified": false`, `"code": "certificate-invalid"`}, []string{"-k", labURL + "/shop"}},
			{"password in the URL", 0, []string{`"method": "HEAD"`}, []string{"-I", strings.Replace(labURL, "://", "://ada:secret@", 1) + "/promo"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				out := run(t, c.code, c.want, append([]string{"--json"}, c.args...)...)
				s.mustValidate(t, "chain.schema.json", "hops --json "+strings.Join(c.args, " "), out)
			})
		}
	})

	t.Run("demo", func(t *testing.T) {
		t.Parallel()
		// Every scenario that is one chain, one document after another;
		// the clients scenario as hops --as all --json writes it.
		var docs []string
		for _, sc := range lab.Scenarios {
			switch {
			case sc.AllClients:
				docs = append(docs, "clients")
			case !sc.Check && sc.Canon == "":
				docs = append(docs, "chain")
			}
		}
		kinds := s.demoDocs(t)
		if want := strings.Join(docs, " "); kinds != want {
			t.Errorf("hops demo --json wrote %q; want %q", kinds, want)
		}
		// A check and a canon scenario, named, write their own documents.
		if kinds, want := s.demoDocs(t, "seo-sitemap", "seo-entry"), "row row row row row summary canon"; kinds != want {
			t.Errorf("hops demo --json seo-sitemap seo-entry wrote %q; want %q", kinds, want)
		}
	})

	t.Run("check", func(t *testing.T) {
		t.Parallel()
		migration := write("map.csv", "source,target,status\n"+
			labURL+"/shop,"+labsURL+"/shop,301\n"+ // ok
			labURL+"/promo,"+labURL+"/elsewhere\n"+ // mismatch
			labURL+"/loop/a,/x\n"+ // error: a loop
			labURL+"/long/1,not a url\n"+ // malformed
			labURL+"/long/1,"+labURL+"/long/6,301|308\n"+ // a set of statuses
			"http://"+dead+"/,/\n") // error: refused
		list := write("urls.txt", labURL+"/docs/guide/start\n"+labURL+"/blog/old-post\n")
		for _, c := range []struct {
			name    string
			code    int
			results []string // the verdicts, in input order
			want    []string
			args    []string
		}{
			{"migration map", 1, []string{"ok", "mismatch", "error", "error", "ok", "error"},
				[]string{`"code":"invalid-row"`, `"code":"loop"`, `"statuses":[301,308]`}, []string{"--cacert", ca, migration}},
			{"list of URLs", 1, []string{"ok", "mismatch"}, []string{`"expected":null`}, []string{list}},
			{"sitemap", 1, []string{"ok", "mismatch", "ok", "mismatch", "ok"}, []string{`"code":"sitemap-redirect"`}, []string{labURL + "/sitemap.xml"}},
			{"sitemap index with a missing child", 1, []string{"ok", "mismatch", "ok", "mismatch", "ok", "mismatch", "ok", "error"}, nil,
				[]string{labURL + "/sitemap-index.xml"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				out := run(t, c.code, c.want, append([]string{"check", "--json"}, c.args...)...)
				rows := s.checkLines(t, "hops check --json "+strings.Join(c.args, " "), out)
				if len(rows) != len(c.results) {
					t.Fatalf("%d rows; want %d\n%s", len(rows), len(c.results), out)
				}
				for i, line := range rows {
					if want := `"result":"` + c.results[i] + `"`; !strings.Contains(line, want) {
						t.Errorf("row line %d: no %s\n%s", i+1, want, line)
					}
				}
			})
		}
	})

	t.Run("lint", func(t *testing.T) {
		t.Parallel()
		tangled := write("tangled.csv", "source,target\n/a,/b\n/b,/c\n/c,/a\n/a,/d\n/e,/f\n/e,/f\n")
		clean := write("clean.csv", "source,target\n/a,/b\n/c,/d\n")
		out := run(t, 1, []string{`"code":"conflicting-targets"`, `"code":"map-cycle"`, `"code":"duplicate-source"`},
			"check", "--lint", "--json", "--base", labURL, tangled)
		s.mustValidate(t, "check-lint.schema.json", "hops check --lint --json of a tangled map", out)
		out = run(t, 0, []string{`"issues":[]`}, "check", "--lint", "--json", "--base", labURL, clean)
		s.mustValidate(t, "check-lint.schema.json", "hops check --lint --json of a clean map", out)
	})

	t.Run("as all", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			name string
			code int
			want []string
			args []string
		}{
			{"clients diverge", 0, []string{`"client": "urllib"`, `"code": "refused"`, `"code": "client-divergence"`},
				[]string{"-X", "PUT", "-H", "Content-Type: application/json", "-H", "Authorization: Bearer demo-token",
					"-d", `{"name":"Ada"}`, "--cacert", ca, labURL + "/api/v1/profile"}},
			// Each client's own errors count toward the exit status.
			{"every client fails", 1, []string{`"code": "request-failed"`}, []string{labURL + "/shop"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				out := run(t, c.code, c.want, append([]string{"--as", "all", "--json"}, c.args...)...)
				s.mustValidate(t, "clients.schema.json", "hops --as all --json "+strings.Join(c.args, " "), out)
			})
		}
	})

	t.Run("canon", func(t *testing.T) {
		t.Parallel()
		port := strconv.Itoa(sites.Port())
		for _, c := range []struct {
			host string
			code int
			want []string
		}{
			{"good.test", 0, []string{`"canonical": "https://www.good.test:` + port + `/"`, `"ready": false`}},
			{"ready.test", 0, []string{`"ready": true`, `"problems": []`}},
			{"divergent.test", 1, []string{`"canonical": null`, `"code": "entry-divergent"`}},
			{"nohsts.test", 0, []string{`"code": "hsts-missing"`}},
		} {
			t.Run(c.host, func(t *testing.T) {
				t.Parallel()
				out := run(t, c.code, c.want, "canon", "--json", "--resolve", "*:"+port+":127.0.0.1", "--cacert", sitesCA, c.host+":"+port)
				s.mustValidate(t, "canon.schema.json", "hops canon --json "+c.host, out)
			})
		}
		// The lab's http port speaks no TLS: the https entries fail.
		out := run(t, 1, []string{`"code": "request-failed"`}, "canon", "--json", "--cacert", ca, labURL+"/shop")
		s.mustValidate(t, "canon.schema.json", "hops canon --json "+labURL+"/shop", out)
	})

	t.Run("diff", func(t *testing.T) {
		t.Parallel()
		testDiffSchema(t, s, run, dir)
	})
}

// demoDocs runs hops demo --json with the scenarios given, validates each
// document it writes against the schema its kind has, and returns the
// kinds in order, separated by spaces.
func (s schemaSet) demoDocs(t *testing.T, scenarios ...string) string {
	t.Helper()
	cmd := exec.Command(hopsBinary(t), append([]string{"demo", "--json"}, scenarios...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hops demo --json %s: %v", strings.Join(scenarios, " "), err)
	}
	var kinds []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var doc map[string]json.RawMessage
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("hops demo --json: document %d: %v", len(kinds)+1, err)
		}
		kind, schema := "chain", "chain.schema.json"
		switch {
		case doc["summary"] != nil:
			kind, schema = "summary", "check-summary.schema.json"
		case doc["row"] != nil:
			kind, schema = "row", "check-row.schema.json"
		case doc["entries"] != nil:
			kind, schema = "canon", "canon.schema.json"
		case doc["clients"] != nil:
			kind, schema = "clients", "clients.schema.json"
		}
		kinds = append(kinds, kind)
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		s.mustValidate(t, schema, fmt.Sprintf("hops demo --json, document %d", len(kinds)), string(b))
	}
	return strings.Join(kinds, " ")
}

// deploySite answers as a site before and after a deploy (after set):
// each path changes in its own way, so a diff of two runs has every
// aspect that hops diff compares.
func deploySite(after *atomic.Bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v2 := after.Load()
		if r.TLS != nil {
			hsts := "max-age=31536000; includeSubDomains"
			if v2 && (r.URL.Path == "/old" || r.URL.Path == "/new") {
				hsts = "max-age=600" // weakened, on one row's chain only
			}
			w.Header().Set("Strict-Transport-Security", hsts)
		}
		redirect := func(status int, to string) {
			w.Header().Set("Location", to)
			w.WriteHeader(status)
		}
		switch p := r.URL.Path; {
		case p == "/old" && !v2: // permanent, cached for an hour
			w.Header().Set("Cache-Control", "max-age=3600")
			redirect(http.StatusMovedPermanently, "/new")
		case p == "/old": // temporary, not cached
			w.Header().Set("Cache-Control", "no-store")
			redirect(http.StatusFound, "/new")
		case p == "/gone" && v2, p == "/fixed" && !v2:
			http.Error(w, "gone wrong", http.StatusInternalServerError)
		case p == "/moved" && !v2:
			redirect(http.StatusFound, "/a")
		case p == "/moved":
			redirect(http.StatusFound, "/b")
		case p == "/long" && !v2:
			redirect(http.StatusMovedPermanently, "/long2")
		case p == "/long2":
			redirect(http.StatusMovedPermanently, "/long3")
		case p == "/long", p == "/long3":
			redirect(http.StatusMovedPermanently, "/landing")
		case p == "/broken" && v2:
			panic(http.ErrAbortHandler) // the connection drops: no response
		default:
			fmt.Fprintln(w, "page")
		}
	})
}

// testDiffSchema runs a check of the deploy site before and after, and
// one chain before and after, and validates hops diff --json of them.
func testDiffSchema(t *testing.T, s schemaSet, run func(*testing.T, int, []string, ...string) string, dir string) {
	var after atomic.Bool
	site, err := lab.ServeSites(deploySite(&after))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(site.Close)
	ca := filepath.Join(dir, "deploy-ca.pem")
	if err := site.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	base := "https://deploy.test:" + strconv.Itoa(site.Port())
	flags := []string{"--resolve", "deploy.test:" + strconv.Itoa(site.Port()) + ":127.0.0.1", "--cacert", ca}
	paths := []string{"/old", "/gone", "/fixed", "/moved", "/long", "/broken"}
	save := func(name, out string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	input := func(name, only string) string {
		var b strings.Builder
		for _, p := range append(slices.Clone(paths), only) {
			b.WriteString(base + p + "\n")
		}
		return save(name, b.String())
	}
	oldList, newList := input("before.txt", "/only-before"), input("after.txt", "/only-after")

	oldRun := save("before.jsonl", run(t, 1, nil, append([]string{"check", "--json"}, append(flags, oldList)...)...))
	oldChain := save("before.json", run(t, 0, nil, append([]string{"--json"}, append(flags, base+"/old")...)...))
	after.Store(true)
	newRun := save("after.jsonl", run(t, 1, nil, append([]string{"check", "--json"}, append(flags, newList)...)...))
	newChain := save("after.json", run(t, 0, nil, append([]string{"--json"}, append(flags, base+"/old")...)...))

	// The same comparison live: check --baseline adds it to each row and
	// counts it in the summary.
	out := run(t, 1, []string{`"baseline":{"class":"regression"`, `"baseline":{"class":"improvement"`, `"only_in_baseline":1`},
		append([]string{"check", "--json", "--baseline", oldRun}, append(flags, newList)...)...)
	if rows := s.checkLines(t, "hops check --json --baseline", out); len(rows) != len(paths)+1 {
		t.Errorf("hops check --json --baseline wrote %d rows; want %d", len(rows), len(paths)+1)
	}

	aspects := map[string]bool{}
	for _, c := range []struct {
		name     string
		code     int
		want     []string
		old, new string
	}{
		{"check runs", 1, []string{`"class": "regression"`, `"class": "improvement"`, `"regression": 4`}, oldRun, newRun},
		{"check runs the other way", 1, []string{`"class": "improvement"`}, newRun, oldRun},
		{"chains", 1, []string{`"aspect": "permanence"`}, oldChain, newChain},
		{"a run against itself", 0, []string{`"rows": [],`, `"none": 7`}, oldRun, oldRun},
	} {
		out := run(t, c.code, c.want, "diff", "--json", c.old, c.new)
		s.mustValidate(t, "diff.schema.json", "hops diff --json, "+c.name, out)
		var doc struct {
			Rows []struct {
				Changes []struct{ Aspect string }
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Rows {
			for _, ch := range r.Changes {
				aspects[ch.Aspect] = true
			}
		}
	}
	// Every aspect with a type of its own in the schema was checked.
	for _, a := range []string{"row", "final_url", "final_status", "first_status", "redirects", "permanence", "finding", "hsts", "cache"} {
		if !aspects[a] {
			t.Errorf("no diff had a change of aspect %q, so its schema went untested", a)
		}
	}
}
