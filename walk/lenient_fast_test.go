package walk

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// filterReads runs the filter as lenientConn.Read does: a read that holds a
// clean header section goes through passClean, any other through feed.
func filterReads(in []byte, n int, limit int64) (out []byte, sink *malformedSink, err error) {
	sink = &malformedSink{}
	f := headerFilter{limit: limit}
	f.reset(sink)
	for len(in) > 0 {
		k := min(n, len(in))
		if f.passClean(in[:k]) {
			out = append(out, in[:k]...)
		} else if out, err = f.feed(out, in[:k]); err != nil {
			return out, sink, err
		}
		in = in[k:]
	}
	return f.flush(out), sink, nil
}

// filterFed is the same with feed alone.
func filterFed(in []byte, n int, limit int64) (out []byte, sink *malformedSink, err error) {
	sink = &malformedSink{}
	f := headerFilter{limit: limit}
	f.reset(sink)
	for len(in) > 0 {
		k := min(n, len(in))
		if out, err = f.feed(out, in[:k]); err != nil {
			return out, sink, err
		}
		in = in[k:]
	}
	return f.flush(out), sink, nil
}

// Parts of responses, clean ones first: the fast path must take the clean
// ones and leave every other to feed, with the same result.
var (
	fastStatuses = []string{"HTTP/1.1 301 Moved Permanently\r\n", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 100 Continue\r\n",
		"HTTP/1.1 103 Early Hints\r\n", "HTTP/1.1 101 Switching Protocols\r\n", "HTTP/1.0 302 Found\n", "HTTP/1.1 204\r\n"}
	fastLines = []string{"Server: nginx/1.22.1\r\n", "Location: /r/1/b\r\n", "Content-Length: 5\r\n",
		"Date: Wed, 02 Dec 2026 01:11:59 GMT\r\n", "X-Tab:\ta\tb\r\n", "Lf-Only: yes\n", "Empty:\r\n",
		"Location: \x01/ctl\r\n", "X-Fold: a\r\n", " continued\r\n", "\tcontinued\r\n", "X: a\rY: b\r\n",
		"no colon\r\n", "Bad Name: x\r\n", "X\t: tab\r\n", ": empty\r\n", "X: \x7f\r\n", "X: \x00\r\n",
		"X: caf\xc3\xa9\r\n", "X: ok\r\r\n", " leading: space\r\n"}
	fastEnds = []string{"\r\n", "\n", ""}
)

func TestPassCleanDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2))
	fast := 0
	for i := range 20000 {
		var b bytes.Buffer
		// Mostly clean parts, as most responses are.
		pick := func(l []string) string {
			if r.IntN(4) > 0 {
				return l[r.IntN(min(len(l), 7))]
			}
			return l[r.IntN(len(l))]
		}
		b.WriteString(pick(fastStatuses))
		for range r.IntN(8) {
			b.WriteString(pick(fastLines))
		}
		b.WriteString(fastEnds[r.IntN(2)*r.IntN(2)+r.IntN(4)/3])
		b.WriteString("hello")
		if r.IntN(5) == 0 {
			// A 1xx section is followed by the final one.
			b.WriteString("HTTP/1.1 200 OK\r\nX: y\r\n\r\nbody")
		}
		in := b.Bytes()
		n := len(in)
		if r.IntN(3) == 0 {
			n = 1 + r.IntN(len(in))
		}
		limit := int64(1 << 20)
		if r.IntN(10) == 0 {
			limit = int64(r.IntN(len(in) + 1))
		}
		want, wantSink, wantErr := filterFed(in, n, limit)
		got, gotSink, gotErr := filterReads(in, n, limit)
		if !bytes.Equal(got, want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) ||
			!reflect.DeepEqual(gotSink.lines, wantSink.lines) || gotSink.more != wantSink.more ||
			!reflect.DeepEqual(gotSink.fixes, wantSink.fixes) {
			t.Fatalf("case %d, reads of %d, limit %d: %q\nfast path: %q %v %+v\nfeed:      %q %v %+v",
				i, n, limit, in, got, gotErr, gotSink.lines, want, wantErr, wantSink.lines)
		}
		f := headerFilter{limit: limit}
		f.reset(nil)
		if f.passClean(in[:n]) {
			fast++
		}
	}
	// The differential means little if the fast path never answers.
	if fast < 5000 {
		t.Errorf("the fast path took %d of 20000 responses; the parts no longer exercise it", fast)
	}
}

func TestPassCleanNginx(t *testing.T) {
	// A redirect as nginx sends it goes through untouched, in one read,
	// and the filter then passes the body.
	const resp = "HTTP/1.1 301 Moved Permanently\r\nServer: nginx/1.22.1\r\nDate: Wed, 02 Dec 2026 01:11:59 GMT\r\n" +
		"Content-Type: text/html\r\nContent-Length: 5\r\nLocation: /r/1/b\r\nConnection: keep-alive\r\n\r\nhello"
	sink := &malformedSink{}
	f := headerFilter{limit: 1 << 20}
	f.reset(sink)
	if !f.passClean([]byte(resp)) {
		t.Fatal("passClean refused a clean response")
	}
	if f.state != filterOff || f.raw != int64(len(resp)-len("hello")) {
		t.Errorf("after the section: state %d, raw %d; want %d, %d", f.state, f.raw, filterOff, len(resp)-len("hello"))
	}
	if out, _ := f.feed(nil, []byte("more body")); string(out) != "more body" {
		t.Errorf("the body after it became %q", out)
	}
	if sink.result() != nil {
		t.Errorf("a clean response reported %+v", sink.result())
	}
}

func TestReasonPhrase(t *testing.T) {
	for _, c := range []struct {
		status string
		code   int
		want   string
	}{
		{"301 Moved Permanently", 301, "Moved Permanently"},
		{"200 OK", 200, "OK"},
		{"204", 204, ""},
		{"999 ", 999, ""},
		{"200OK", 200, "OK"},
		{"301 Moved", 302, "301 Moved"},
		{" 200 OK", 200, "200 OK"},
		{"", 200, ""},
	} {
		if got := reasonPhrase(c.status, c.code); got != c.want {
			t.Errorf("reasonPhrase(%q, %d) = %q; want %q", c.status, c.code, got, c.want)
		}
		if old := strings.TrimSpace(strings.TrimPrefix(c.status, strconv.Itoa(c.code))); old != c.want {
			t.Errorf("case %q, %d: the former expression gives %q", c.status, c.code, old)
		}
	}
}
