package diff

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// good is a chain as hops --json writes it, cut to the fields a
// comparison reads (the others are skipped anyway): http://a.test/old
// answers 301 (no explicit lifetime), https://b.test/new answers 200 with
// a year of HSTS including subdomains.
const good = `{"schema_version":1,"tool":{"name":"hops","version":"1.0.0"},
"request":{"url":"http://a.test/old","method":"GET","headers":{},"body_bytes":0},
"hops":[
 {"n":1,"url":"http://a.test/old","status":301,"permanent":true,"cache":{"cacheable":true,"freshness_s":null,"heuristic":true},"hsts":null},
 {"n":2,"url":"https://b.test/new","status":200,"permanent":null,"cache":{"cacheable":false,"freshness_s":0,"heuristic":false},
  "hsts":{"raw":"max-age=31536000; includeSubDomains","valid":true,"honored":true,"max_age":31536000,"include_subdomains":true,"preload":false,"problem":null}}],
"final":{"url":"https://b.test/new","status":200,"redirects":1},
"findings":[{"code":"cross-host","severity":"info","hop":1,"message":"..."}],
"error":null}`

// edit is good with each old string replaced by its new one, in turn.
func edit(pairs ...string) string {
	return strings.NewReplacer(pairs...).Replace(good)
}

// failedAt2 is good whose second hop got no response.
var failedAt2 = edit(
	`"status":200,"permanent":null,"cache":{"cacheable":false,"freshness_s":0,"heuristic":false},
  "hsts":{"raw":"max-age=31536000; includeSubDomains","valid":true,"honored":true,"max_age":31536000,"include_subdomains":true,"preload":false,"problem":null}`,
	`"status":null,"permanent":null,"cache":{"cacheable":false,"freshness_s":null,"heuristic":false},"hsts":null`,
	`"status":200,"redirects":1}`, `"status":null,"redirects":1}`,
	`"findings":[`, `"findings":[{"code":"request-failed","severity":"error","hop":2,"message":"..."},`,
	`"error":null`, `"error":{"code":"request-failed","message":"connection refused"}`)

// failedAt1 is http://a.test/old with no response at all.
const failedAt1 = `{"schema_version":1,"tool":{"name":"hops","version":"1.0.0"},
"request":{"url":"http://a.test/old","method":"GET","headers":{},"body_bytes":0},
"hops":[{"n":1,"url":"http://a.test/old","status":null,"permanent":null,"cache":{"cacheable":false,"freshness_s":null,"heuristic":false},"hsts":null}],
"final":{"url":"http://a.test/old","status":null,"redirects":0},
"findings":[{"code":"request-failed","severity":"error","hop":1,"message":"..."}],
"error":{"code":"request-failed","message":"connection refused"}}`

// direct404 and direct200 are http://a.test/old answering without a
// redirect.
const direct404 = `{"schema_version":1,"tool":{"name":"hops","version":"1.0.0"},
"request":{"url":"http://a.test/old","method":"GET","headers":{},"body_bytes":0},
"hops":[{"n":1,"url":"http://a.test/old","status":404,"permanent":null,"cache":{"cacheable":false,"freshness_s":0,"heuristic":false},"hsts":null}],
"final":{"url":"http://a.test/old","status":404,"redirects":0},
"findings":[{"code":"final-error","severity":"error","hop":1,"message":"..."}],
"error":null}`

var direct200 = strings.NewReplacer(`"status":404`, `"status":200`,
	`{"code":"final-error","severity":"error","hop":1,"message":"..."}`, ``).Replace(direct404)

func facts(t *testing.T, doc string) Facts {
	t.Helper()
	f, err := ParseRow([]byte(doc))
	if err != nil {
		t.Fatalf("ParseRow: %v\n%s", err, doc)
	}
	return f
}

func hsts(host string, maxAge int64, sub, preload bool) HSTS {
	return HSTS{Host: host, MaxAge: &maxAge, IncludeSubdomains: sub, Preload: preload}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		old, new string
		class    Class
		changes  []Change
	}{
		{"the same chain", good, good, ClassNone, []Change{}},
		// A first hop that failed has no cache lifetime: its answer now is
		// an improvement, not a change of lifetime.
		{"improvement: a failed request now answers", failedAt1, direct200,
			ClassImprovement, []Change{
				{AspectFinalStatus, nil, 200, ClassImprovement},
				{AspectFinding, "request-failed", nil, ClassImprovement},
			}},
		// With no redirect in either run the first hop is the final one:
		// its status is said once, as the final status.
		{"improvement: a page without redirects fixed", direct404, direct200,
			ClassImprovement, []Change{
				{AspectFinalStatus, 404, 200, ClassImprovement},
				{AspectFinding, "final-error", nil, ClassImprovement},
			}},
		{"regression: the final URL moved", good,
			edit(`"url":"https://b.test/new"`, `"url":"https://b.test/home"`),
			ClassRegression, []Change{{AspectFinalURL, "https://b.test/new", "https://b.test/home", ClassRegression}}},
		{"regression: the final status left 2xx", good,
			edit(`"status":200`, `"status":404`, `"findings":[`, `"findings":[{"code":"final-error","severity":"error","hop":2,"message":"..."},`),
			ClassRegression, []Change{
				{AspectFinalStatus, 200, 404, ClassRegression},
				{AspectFinding, nil, "final-error", ClassRegression},
			}},
		{"regression: no final response came", good, failedAt2,
			ClassRegression, []Change{
				{AspectFinalStatus, 200, nil, ClassRegression},
				{AspectFinding, nil, "request-failed", ClassRegression},
			}},
		{"regression: no final response came after a 404",
			edit(`"status":200`, `"status":404`), failedAt2,
			ClassRegression, []Change{{AspectFinalStatus, 404, nil, ClassRegression}, {AspectFinding, nil, "request-failed", ClassRegression}}},
		{"regression: a loop has a last status but no final response", good,
			edit(`"status":200`, `"status":302`, `"error":null`, `"error":{"code":"loop","message":"..."}`, `"findings":[`, `"findings":[{"code":"loop","severity":"error","hop":2,"message":"..."},`),
			ClassRegression, []Change{{AspectFinalStatus, 200, nil, ClassRegression}, {AspectFinding, nil, "loop", ClassRegression}}},
		{"regression: permanence lost", good,
			edit(`"status":301,"permanent":true`, `"status":302,"permanent":false`),
			ClassRegression, []Change{
				{AspectFirstStatus, 301, 302, ClassChange},
				{AspectPermanence, "permanent", "temporary", ClassRegression},
			}},
		{"regression: a new warning finding", good,
			edit(`"findings":[`, `"findings":[{"code":"query-dropped","severity":"warning","hop":1,"message":"..."},`),
			ClassRegression, []Change{{AspectFinding, nil, "query-dropped", ClassRegression}}},
		{"regression: HSTS lost", good,
			edit(`"hsts":{"raw":"max-age=31536000; includeSubDomains","valid":true,"honored":true,"max_age":31536000,"include_subdomains":true,"preload":false,"problem":null}`, `"hsts":null`),
			ClassRegression, []Change{{AspectHSTS, hsts("b.test", 31536000, true, false), HSTS{Host: "b.test"}, ClassRegression}}},
		{"regression: HSTS made invalid", good,
			edit(`"valid":true`, `"valid":false`),
			ClassRegression, []Change{{AspectHSTS, hsts("b.test", 31536000, true, false), HSTS{Host: "b.test"}, ClassRegression}}},
		{"regression: HSTS max-age shortened", good,
			edit(`"max_age":31536000`, `"max_age":86400`),
			ClassRegression, []Change{{AspectHSTS, hsts("b.test", 31536000, true, false), hsts("b.test", 86400, true, false), ClassRegression}}},
		{"regression: includeSubDomains dropped though max-age grew", good,
			edit(`"max_age":31536000,"include_subdomains":true`, `"max_age":63072000,"include_subdomains":false`),
			ClassRegression, []Change{{AspectHSTS, hsts("b.test", 31536000, true, false), hsts("b.test", 63072000, false, false), ClassRegression}}},
		{"change: HSTS strengthened", good,
			edit(`"preload":false`, `"preload":true`),
			ClassChange, []Change{{AspectHSTS, hsts("b.test", 31536000, true, false), hsts("b.test", 31536000, true, true), ClassChange}}},
		{"HSTS of a host that answered in one run only is not compared", failedAt2, good,
			ClassImprovement, []Change{
				{AspectFinalStatus, nil, 200, ClassImprovement},
				{AspectFinding, "request-failed", nil, ClassImprovement},
			}},
		{"change: the first status, both permanent", good,
			edit(`"status":301`, `"status":308`),
			ClassChange, []Change{{AspectFirstStatus, 301, 308, ClassChange}}},
		{"change: a temporary redirect made permanent", edit(`"status":301,"permanent":true`, `"status":302,"permanent":false`), good,
			ClassChange, []Change{
				{AspectFirstStatus, 302, 301, ClassChange},
				{AspectPermanence, "temporary", "permanent", ClassChange},
			}},
		{"change: a new info finding", good,
			edit(`"findings":[`, `"findings":[{"code":"permanent-cached","severity":"info","hop":1,"message":"..."},`),
			ClassChange, []Change{{AspectFinding, nil, "permanent-cached", ClassChange}}},
		{"change: an info finding went", good,
			edit(`{"code":"cross-host","severity":"info","hop":1,"message":"..."}`, ``),
			ClassChange, []Change{{AspectFinding, "cross-host", nil, ClassChange}}},
		{"change: the cache lifetime", good,
			edit(`"freshness_s":null,"heuristic":true`, `"freshness_s":3600,"heuristic":false`),
			ClassChange, []Change{{AspectCache, "unbounded", int64(3600), ClassChange}}},
		{"change: no longer cacheable", good,
			edit(`"cacheable":true,"freshness_s":null`, `"cacheable":false,"freshness_s":0`),
			ClassChange, []Change{{AspectCache, "unbounded", int64(0), ClassChange}}},
		{"change: more redirects", good,
			edit(`"redirects":1`, `"redirects":2`),
			ClassChange, []Change{{AspectRedirects, 1, 2, ClassChange}}},
		{"change: a 2xx to another 2xx", good,
			edit(`"status":200`, `"status":203`),
			ClassChange, []Change{{AspectFinalStatus, 200, 203, ClassChange}}},
		{"change: the final URL differs from a chain that failed", failedAt2,
			edit(`"url":"https://b.test/new"`, `"url":"https://b.test/elsewhere"`, `"status":200`, `"status":404`),
			ClassChange, []Change{
				{AspectFinalURL, "https://b.test/new", "https://b.test/elsewhere", ClassChange},
				{AspectFinalStatus, nil, 404, ClassChange},
				{AspectFinding, "request-failed", nil, ClassImprovement},
			}},
		{"improvement: a failure fixed at the same URL", failedAt2, good,
			ClassImprovement, []Change{
				{AspectFinalStatus, nil, 200, ClassImprovement},
				{AspectFinding, "request-failed", nil, ClassImprovement},
			}},
		{"improvement: the final status became 2xx", edit(`"status":200`, `"status":500`), good,
			ClassImprovement, []Change{{AspectFinalStatus, 500, 200, ClassImprovement}}},
		{"improvement: a warning went", edit(`"findings":[`, `"findings":[{"code":"long-chain","severity":"warning","hop":null,"message":"..."},`), good,
			ClassImprovement, []Change{{AspectFinding, "long-chain", nil, ClassImprovement}}},
		{"improvement: fewer redirects", edit(`"redirects":1`, `"redirects":3`), good,
			ClassImprovement, []Change{{AspectRedirects, 3, 1, ClassImprovement}}},
		{"the worst change classes the row", good,
			edit(`"redirects":1`, `"redirects":0`, `"findings":[`, `"findings":[{"code":"downgrade","severity":"warning","hop":1,"message":"..."},`),
			ClassRegression, []Change{
				{AspectRedirects, 1, 0, ClassImprovement},
				{AspectFinding, nil, "downgrade", ClassRegression},
			}},
		{"a change outranks an improvement", edit(`"redirects":1`, `"redirects":2`), edit(`"redirects":1`, `"redirects":0`, `"status":301`, `"status":308`),
			ClassChange, []Change{
				{AspectFirstStatus, 301, 308, ClassChange},
				{AspectRedirects, 2, 0, ClassImprovement},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Compare(facts(t, tc.old), facts(t, tc.new))
			want := Row{Source: "http://a.test/old", Method: "GET", Class: tc.class, Changes: tc.changes}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Compare:\n got %s\nwant %s", js(got), js(want))
			}
			// Written to disk and read back, a row is the same.
			var back Row
			if err := json.Unmarshal([]byte(js(got)), &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, got) {
				t.Errorf("read back:\n got %#v\nwant %#v", back, got)
			}
		})
	}
}

func TestCompareJSONValues(t *testing.T) {
	t.Parallel()
	row := Compare(facts(t, good), facts(t, failedAt2))
	want := `{"source":"http://a.test/old","method":"GET","class":"regression","changes":[` +
		`{"aspect":"final_status","before":200,"after":null,"class":"regression"},` +
		`{"aspect":"finding","before":null,"after":"request-failed","class":"regression"}]}`
	if got := js(row); got != want {
		t.Errorf("JSON:\n got %s\nwant %s", got, want)
	}
	row = Compare(facts(t, good), facts(t, edit(`"hsts":{"raw":"max-age=31536000; includeSubDomains","valid":true,"honored":true,"max_age":31536000,"include_subdomains":true,"preload":false,"problem":null}`, `"hsts":null`, `"freshness_s":null,"heuristic":true`, `"freshness_s":60,"heuristic":false`)))
	want = `{"source":"http://a.test/old","method":"GET","class":"regression","changes":[` +
		`{"aspect":"hsts","before":{"host":"b.test","max_age":31536000,"include_subdomains":true,"preload":false},"after":{"host":"b.test","max_age":null,"include_subdomains":false,"preload":false},"class":"regression"},` +
		`{"aspect":"cache","before":"unbounded","after":60,"class":"change"}]}`
	if got := js(row); got != want {
		t.Errorf("JSON:\n got %s\nwant %s", got, want)
	}
}

func TestParseRowHSTS(t *testing.T) {
	t.Parallel()
	// A redirect on the https host sends a policy, the page does not: the
	// browser keeps the first. An IP host's policy is not honoured, and an
	// http hop's is never one.
	doc := `{"schema_version":1,"request":{"url":"http://a.test/","method":"GET"},"hops":[
{"url":"http://a.test/","status":301,"hsts":{"valid":true,"honored":false,"max_age":10}},
{"url":"https://A.test:8443/x","status":301,"hsts":{"valid":true,"honored":true,"max_age":300,"include_subdomains":false,"preload":false}},
{"url":"https://a.test/y","status":200,"hsts":null},
{"url":"https://127.0.0.1/z","status":200,"hsts":{"valid":true,"honored":false,"max_age":300}}],
"final":{"url":"https://127.0.0.1/z","status":200,"redirects":3},"findings":[],"error":null}`
	f := facts(t, doc)
	want := []HSTS{{Host: "127.0.0.1"}, hsts("a.test", 300, false, false)}
	if !reflect.DeepEqual(f.HSTS, want) {
		t.Errorf("HSTS = %s; want %s", js(f.HSTS), js(want))
	}
}

func TestParseRowRefuses(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		`{"lint":{"rows":1,"malformed":0,"issues":[]}}`:                                         "not a chain of hops --json",
		`{"schema_version":1,"entries":[],"canonical":null}`:                                    "not a chain of hops --json or a line of hops check --json (it has no request.url, final)",
		`{"lint":{"rows":1,"malformed":0,"issues":[]}}x`:                                        "invalid character 'x' after top-level value",
		`{"schema_version":1,"request":{"url":"http://a.test/"},"clients":[],"divergences":[]}`: "a document of hops --as all --json, one chain a client",
		edit(`"schema_version":1`, `"schema_version":2`):                                        "schema_version 2: this hops reads schema_version 1",
		edit(`"severity":"info"`, `"severity":"fatal"`):                                         `finding "cross-host": severity "fatal": want error, warning or info`,
		`{"summary":{"rows":1,"ok":1,"top_targets":[],"chain_lengths":{}}}`:                     "summary line",
	} {
		_, err := ParseRow([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRow(%.40s…) = %v; want %q", doc, err, want)
		}
	}
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestHSTSMaxAgePastInt64: a max-age at int64's largest, as hops writes it
// now and as the float an earlier hops wrote, is read as that value (a
// conversion of the float would overflow), so the two runs agree.
func TestHSTSMaxAgePastInt64(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"9223372036854775807", "9223372036854776000"} {
		f := facts(t, edit(`"max_age":31536000`, `"max_age":`+v))
		if len(f.HSTS) != 1 || f.HSTS[0].MaxAge == nil || *f.HSTS[0].MaxAge != 9223372036854775807 {
			t.Errorf("max_age %s read as %+v", v, f.HSTS)
		}
	}
}
