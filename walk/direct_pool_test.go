package walk

// The direct path against net/http's Transport on what a walk rarely
// shows: the pool's limits and timers, trace hooks, protocol switches,
// concurrent Close, and stalls and closes mid-walk. Each test runs both
// ways (Transport.netHTTPOnly) and wants the same outcome.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// newCountingServer is a scriptSite that answers every request with resp.
func newCountingServer(t *testing.T, resp func(path string) string) *scriptSite {
	t.Helper()
	return newScriptSite(t, func(p string) answer { return answer{bytes: resp(p)} })
}

const okResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

func newBothWaysTransport(t *testing.T, netOnly bool) *Transport {
	t.Helper()
	tr, err := NewTransport(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tr.netHTTPOnly = netOnly
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// getReused sends a GET, reads the body to its end, closes it, and reports
// whether the connection was reused.
func getReused(t *testing.T, tr http.RoundTripper, url string, hdr http.Header) (reused bool) {
	t.Helper()
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused },
	})
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return reused
}

// sameBothWays runs f on the direct path and on net/http and fails when the
// two results differ.
func sameBothWays(t *testing.T, f func(t *testing.T, netOnly bool) string) {
	t.Helper()
	d, n := f(t, false), f(t, true)
	if d != n {
		t.Errorf("paths differ\ndirect:   %s\nnet/http: %s", d, n)
	} else {
		t.Logf("same: %s", d)
	}
}

// ---- 1. a hop that goes to net/http, then one on the direct path -----------

func TestDirectWalkWithBodyKeepsToNetHTTP(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		site := newScriptSite(t, func(path string) answer {
			if path == "/" {
				return answer{bytes: toNext}
			}
			return answer{bytes: landing}
		})
		w, tr := walkerWay(t, netOnly, 2*time.Second)
		req := get(site.URL + "/")
		req.Method, req.Body = "POST", []byte("a=1") // hops -d a=1
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		c, err := w.Inspect(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		tr.CloseIdleConnections()
		conns, reused := site.connections(), reusedOf(c)
		return fmt.Sprintf("server connection of each request %v, hop Reused %v", conns, reused)
	})
}

// ---- 2. MaxIdleConns: net/http evicts the oldest idle connection ------------

func TestDirectMaxIdleConnsClosesOldest(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		a := newCountingServer(t, func(string) string { return okResponse })
		b := newCountingServer(t, func(string) string { return okResponse })
		tr := newBothWaysTransport(t, netOnly)
		tr.MaxIdleConns = 1
		r1 := getReused(t, tr, "http://"+a.addr+"/", nil)
		r2 := getReused(t, tr, "http://"+b.addr+"/", nil)
		r3 := getReused(t, tr, "http://"+b.addr+"/", nil)
		ao, _ := a.counts()
		bo, _ := b.counts()
		return fmt.Sprintf("GET A, B, B: reused %v,%v,%v; connections to A %d, to B %d", r1, r2, r3, ao, bo)
	})
}

// The same at NewTransport's default MaxIdleConns (100): host 101.
func TestDirectMaxIdleConnsDefault(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		tr := newBothWaysTransport(t, netOnly)
		for i := 0; i < 100; i++ {
			s := newCountingServer(t, func(string) string { return okResponse })
			getReused(t, tr, "http://"+s.addr+"/", nil)
		}
		s := newCountingServer(t, func(string) string { return okResponse })
		r1 := getReused(t, tr, "http://"+s.addr+"/", nil)
		r2 := getReused(t, tr, "http://"+s.addr+"/", nil)
		o, _ := s.counts()
		return fmt.Sprintf("host 101, two GETs: reused %v,%v, connections %d", r1, r2, o)
	})
}

// ---- 3. IdleConnTimeout: net/http closes an idle connection on a timer ------

func TestDirectIdleConnTimeout(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string { return okResponse })
		tr := newBothWaysTransport(t, netOnly)
		tr.IdleConnTimeout = 100 * time.Millisecond
		getReused(t, tr, "http://"+s.addr+"/", nil)
		time.Sleep(300 * time.Millisecond)
		o, c := s.counts()
		return fmt.Sprintf("300ms after the response (IdleConnTimeout 100ms): opened %d, closed by the client %d", o, c)
	})
}

// ---- 4. CloseIdleConnections while a response is in flight ------------------

func TestDirectCloseIdleInFlight(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string { return okResponse })
		tr := newBothWaysTransport(t, netOnly)
		req, _ := http.NewRequest("GET", "http://"+s.addr+"/", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		tr.CloseIdleConnections() // its body is not read yet
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(50 * time.Millisecond)
		o, c := s.counts()
		return fmt.Sprintf("after CloseIdleConnections, then the body's end: opened %d, closed by the client %d", o, c)
	})
}

// ---- 5. Connection: close in the request header only ------------------------

func TestDirectConnectionCloseHeader(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string { return okResponse }) // ignores the close
		tr := newBothWaysTransport(t, netOnly)
		h := http.Header{"Connection": {"close"}}
		r1 := getReused(t, tr, "http://"+s.addr+"/", h)
		r2 := getReused(t, tr, "http://"+s.addr+"/", h)
		o, _ := s.counts()
		return fmt.Sprintf("reused %v,%v, connections %d", r1, r2, o)
	})
}

// ---- 6. a server that answers before it has read the request ----------------

func TestDirectTraceHooks(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string { return okResponse })
		tr := newBothWaysTransport(t, netOnly)
		var mu sync.Mutex
		var wrote, put int
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { mu.Lock(); wrote++; mu.Unlock() },
			PutIdleConn:  func(error) { mu.Lock(); put++; mu.Unlock() },
		})
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+s.addr+"/", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("WroteRequest called %d times, PutIdleConn %d times", wrote, put)
	})
}

// ---- 8. Got1xxResponse that returns an error --------------------------------

func TestDirectGot1xxError(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string {
			return "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + okResponse
		})
		tr := newBothWaysTransport(t, netOnly)
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			Got1xxResponse: func(int, textproto.MIMEHeader) error { return errors.New("stop at 1xx") },
		})
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+s.addr+"/", nil)
		_, err := tr.RoundTrip(req)
		return fmt.Sprintf("error %q", err)
	})
}

// ---- 9. a WebSocket upgrade request has a pool of its own in net/http -------

func TestDirectUpgradePoolKey(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string { return okResponse })
		tr := newBothWaysTransport(t, netOnly)
		r1 := getReused(t, tr, "http://"+s.addr+"/", nil)
		r2 := getReused(t, tr, "http://"+s.addr+"/", http.Header{"Connection": {"Upgrade"}, "Upgrade": {"websocket"}})
		o, _ := s.counts()
		return fmt.Sprintf("plain GET then websocket-upgrade GET: reused %v,%v, connections %d", r1, r2, o)
	})
}

// ---- 10. 101 Switching Protocols to an upgrade request ----------------------

func TestDirectSwitchingProtocolsBody(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string {
			return "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nhi"
		})
		tr := newBothWaysTransport(t, netOnly)
		req, _ := http.NewRequest("GET", "http://"+s.addr+"/", nil)
		req.Header.Set("Connection", "Upgrade")
		req.Header.Set("Upgrade", "websocket")
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, writable := resp.Body.(io.ReadWriteCloser)
		b := make([]byte, 2)
		n, rerr := io.ReadFull(resp.Body, b)
		return fmt.Sprintf("101 body %T, writable %v, read %q, err %v", resp.Body, writable, b[:n], rerr)
	})
}

// ---- 11. host name case in the pool key --------------------------------------

func TestDirectHostCasePoolKey(t *testing.T) {
	sameBothWays(t, func(t *testing.T, netOnly bool) string {
		s := newCountingServer(t, func(string) string { return okResponse })
		_, port, _ := net.SplitHostPort(s.addr)
		// --resolve sends every name to 127.0.0.1: no DNS lookup.
		tr, err := NewTransport(Config{Resolve: []Resolve{{Host: "*", Port: port, Addrs: []string{"127.0.0.1"}}}})
		if err != nil {
			t.Fatal(err)
		}
		tr.netHTTPOnly = netOnly
		t.Cleanup(tr.CloseIdleConnections)
		r1 := getReused(t, tr, "http://A.test:"+port+"/", nil)
		r2 := getReused(t, tr, "http://a.test:"+port+"/", nil)
		o, _ := s.counts()
		return fmt.Sprintf("A.test then a.test: reused %v,%v, connections %d", r1, r2, o)
	})
}

// ---- 12. Close of a body concurrently with a Read (run with -race) ----------

func TestDirectConcurrentBodyClose(t *testing.T) {
	for _, p := range []struct {
		name    string
		netOnly bool
	}{{"direct", false}, {"net-http", true}} {
		t.Run(p.name, func(t *testing.T) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			done := make(chan struct{})
			defer close(done)
			go func() {
				c, err := l.Accept()
				if err != nil {
					return
				}
				http.ReadRequest(bufio.NewReader(c))
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab") // then stalls
				<-done
				c.Close()
			}()
			tr := newBothWaysTransport(t, p.netOnly)
			req, _ := http.NewRequest("GET", "http://"+l.Addr().String()+"/", nil)
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				time.Sleep(50 * time.Millisecond)
				resp.Body.Close() // from another goroutine, as a watchdog would
			}()
			// The Read waiting on the stalled body ends with an error,
			// and (under -race) without a race with Close.
			n, rerr := io.Copy(io.Discard, resp.Body)
			if n != 2 || rerr == nil {
				t.Errorf("read %d bytes, error %v; want 2 and the error of a closed body", n, rerr)
			}
		})
	}
}

// walkBothWays walks script from /1 on both paths and compares the hops and the
// connection of each request the server got.
func walkBothWays(t *testing.T, script func(string) answer, timeout time.Duration) {
	t.Helper()
	var views [2][]hopView
	var got [2][]int
	for i, netOnly := range []bool{false, true} {
		site := newScriptSite(t, script)
		w, tr := walkerWay(t, netOnly, timeout)
		c, err := w.Inspect(context.Background(), get(site.URL+"/1"))
		if err != nil {
			t.Fatal(err)
		}
		tr.CloseIdleConnections()
		views[i] = viewOf(c)
		got[i] = site.connections()
		for j := range views[i] {
			views[i][j].URL = strings.ReplaceAll(views[i][j].URL, site.URL, "SITE")
			views[i][j].Header = nil
		}
	}
	if !reflect.DeepEqual(views[0], views[1]) || !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("differ\ndirect:   %+v %v\nnet/http: %+v %v", views[0], got[0], views[1], got[1])
	}
}

// TestDirectStallsAndClosesAsNetHTTP: shapes checked and found the same on both paths.
func TestDirectStallsAndClosesAsNetHTTP(t *testing.T) {
	to2 := "HTTP/1.1 302 Found\r\nLocation: /2\r\nContent-Length: 0\r\n\r\n"
	cases := []struct {
		name   string
		script func(string) answer
	}{
		{"header stalls", func(p string) answer { return answer{bytes: "HTTP/1.1 302 Found\r\nLocation: /2\r\n"} }},
		{"nothing at all", func(p string) answer { return answer{} }},
		{"final body stalls", func(p string) answer {
			return answer{bytes: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 50\r\n\r\n<p>"}
		}},
		{"redirect body stalls", func(p string) answer {
			if p == "/1" {
				return answer{bytes: "HTTP/1.1 302 Found\r\nLocation: /2\r\nContent-Length: 50\r\n\r\nab"}
			}
			return answer{bytes: landing}
		}},
		{"reused, then closed unanswered", func(p string) answer {
			if p == "/1" {
				return answer{bytes: to2}
			}
			return answer{close: true}
		}},
		{"reused, then partial answer and close", func(p string) answer {
			if p == "/1" {
				return answer{bytes: to2}
			}
			return answer{bytes: "HTTP/1.1 200", close: true}
		}},
		{"reused, 408 then close", func(p string) answer {
			if p == "/1" {
				return answer{bytes: to2}
			}
			return answer{bytes: "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", close: true}
		}},
		{"HTTP/1.0 keep-alive", func(p string) answer {
			if p == "/1" {
				return answer{bytes: "HTTP/1.0 302 Found\r\nConnection: keep-alive\r\nLocation: /2\r\nContent-Length: 0\r\n\r\n"}
			}
			return answer{bytes: landing}
		}},
		{"chunked, no end", func(p string) answer {
			return answer{bytes: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"}
		}},
		{"50 interim responses", func(p string) answer {
			return answer{bytes: strings.Repeat("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n", 50) + landing}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			walkBothWays(t, tc.script, 300*time.Millisecond)
		})
	}
}
