package render

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

func TestIndentJSON(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{`{}`, `{}`},
		{`[]`, `[]`},
		{`null`, `null`},
		{`"a"`, `"a"`},
		{`-1.5e+3`, `-1.5e+3`},
		{`{"a":1}`, "{\n  \"a\": 1\n}"},
		{`{"a":[],"b":{}}`, "{\n  \"a\": [],\n  \"b\": {}\n}"},
		{`[1,true,null,"x"]`, "[\n  1,\n  true,\n  null,\n  \"x\"\n]"},
		{`{"a":{"b":[{"c":"d"}]}}`, "{\n  \"a\": {\n    \"b\": [\n      {\n        \"c\": \"d\"\n      }\n    ]\n  }\n}"},
		// Punctuation, escaped quotes and backslashes inside strings are text.
		{`{"{[,:]}":"\"}\\","x\\":"\\\""}`, "{\n  \"{[,:]}\": \"\\\"}\\\\\",\n  \"x\\\\\": \"\\\\\\\"\"\n}"},
		{`["\u003c\/"]`, "[\n  \"\\u003c\\/\"\n]"},
	} {
		got, ok := indentJSON([]byte("prefix:"), []byte(tc.in))
		if !ok || string(got) != "prefix:"+tc.want {
			t.Errorf("indentJSON(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// Input that is not compact JSON is refused, dst left as it was, so that
// JSON hands it to json.Indent.
func TestIndentJSONRefuses(t *testing.T) {
	for _, in := range []string{`{"a": 1}`, "[1,\n2]", `{"a":1`, `{"a":1}}`, `]`, `1,2`, `"open`, `"esc\"`, ` 1`} {
		got, ok := indentJSON([]byte("dst"), []byte(in))
		if ok || string(got) != "dst" {
			t.Errorf("indentJSON(%q) = %q, %v; want refused, dst unchanged", in, got, ok)
		}
	}
}

// FuzzIndentJSON holds indentJSON to json.Indent on every valid JSON
// document, compacted first as the appenders and json.Marshal write it.
func FuzzIndentJSON(f *testing.F) {
	for _, s := range []string{
		`{}`, `[[],[{}],{"a":[1,2,{"b":null}]}]`, `{"s":"\"\\/\b\f\n\r\t\u0000\u2028é"}`,
		`{"hops":[{"status":301,"url":"http://x/?a=1&b=[2]","headers":{"Location":["/b"]}}],"n":-0.5e-7}`,
		`"just a string"`, `123`, `true`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, in); err != nil {
			t.Fatalf("json.Compact of valid %q: %v", in, err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatalf("json.Indent(%q): %v", compact.Bytes(), err)
		}
		got, ok := indentJSON(nil, compact.Bytes())
		if !ok || !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("indentJSON(%q) = %q, %v; json.Indent gives %q", compact.Bytes(), got, ok, want.Bytes())
		}
	})
}

// BenchmarkIndentJSON indents a chain's document (the migration golden
// file, compacted) with indentJSON and with json.Indent.
func BenchmarkIndentJSON(b *testing.B) {
	doc, err := os.ReadFile("testdata/json-migration.golden")
	if err != nil {
		b.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		b.Fatal(err)
	}
	src := compact.Bytes()
	b.Run("indentJSON", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			if _, ok := indentJSON(make([]byte, 0, len(src)*3/2), src); !ok {
				b.Fatal("refused")
			}
		}
	})
	b.Run("json.Indent", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			var out bytes.Buffer
			out.Grow(len(src) * 3 / 2)
			if err := json.Indent(&out, src, "", "  "); err != nil {
				b.Fatal(err)
			}
		}
	})
}
