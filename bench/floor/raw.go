package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// rawWalker is the floor's -raw figure: the same chains walked over
// HTTP/1.1 without net/http. Each worker writes its request and reads the
// response on its own goroutine (net/http hands every request to a writing
// and a reading goroutine of the connection's), and connections are kept
// idle per host in one shared pool, as net/http's Transport keeps them.
// It knows only what nginx's chains need: plain http, Content-Length or
// chunked bodies, keep-alive. It says how much of the floor is the
// library's own machinery, which a client that reports every hop could
// only cut by not using net/http.
type rawWalker struct {
	addr string
	mu   sync.Mutex
	idle map[string][]*rawConn
}

type rawConn struct {
	c  net.Conn
	r  *bufio.Reader
	tp *textproto.Reader
	w  *bufio.Writer
}

func newRawWalker(addr string) *rawWalker {
	return &rawWalker{addr: addr, idle: map[string][]*rawConn{}}
}

func (rw *rawWalker) get(host string) (*rawConn, error) {
	rw.mu.Lock()
	if l := rw.idle[host]; len(l) > 0 {
		c := l[len(l)-1]
		rw.idle[host] = l[:len(l)-1]
		rw.mu.Unlock()
		return c, nil
	}
	rw.mu.Unlock()
	c, err := net.Dial("tcp", rw.addr)
	if err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(c, 4096)
	return &rawConn{c: c, r: r, tp: textproto.NewReader(r), w: bufio.NewWriterSize(c, 4096)}, nil
}

func (rw *rawWalker) put(host string, c *rawConn) {
	rw.mu.Lock()
	rw.idle[host] = append(rw.idle[host], c)
	rw.mu.Unlock()
}

// walk follows u to its end (at most 10 hops) and reports whether it ended
// on a 200.
func (rw *rawWalker) walk(u string) (bool, error) {
	cur, err := url.Parse(u)
	if err != nil {
		return false, err
	}
	for range 10 {
		if cur.Scheme != "http" {
			return false, fmt.Errorf("-raw walks http only: %s", cur)
		}
		status, loc, err := rw.hop(cur)
		if err != nil {
			return false, err
		}
		if status < 300 || status > 399 || loc == "" {
			return status == 200, nil
		}
		next, err := cur.Parse(loc)
		if err != nil {
			return false, err
		}
		cur = next
	}
	return false, errors.New("too many hops")
}

// hop sends one GET as net/http would (Host, User-Agent, Accept-Encoding)
// on an idle connection to u's host or a new one, and reads the response
// and its body; the connection goes back to the pool unless it failed or
// the server closes it.
func (rw *rawWalker) hop(u *url.URL) (status int, location string, err error) {
	c, err := rw.get(u.Host)
	if err != nil {
		return 0, "", err
	}
	status, location, keep, err := c.exchange(u)
	if err != nil || !keep {
		c.c.Close()
	} else {
		rw.put(u.Host, c)
	}
	return status, location, err
}

func (c *rawConn) exchange(u *url.URL) (status int, location string, keep bool, err error) {
	c.w.WriteString("GET ")
	c.w.WriteString(u.RequestURI())
	c.w.WriteString(" HTTP/1.1\r\nHost: ")
	c.w.WriteString(u.Host)
	c.w.WriteString("\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n")
	if err := c.w.Flush(); err != nil {
		return 0, "", false, err
	}
	line, err := c.tp.ReadLine()
	if err != nil {
		return 0, "", false, err
	}
	_, rest, _ := strings.Cut(line, " ")
	if len(rest) < 3 {
		return 0, "", false, fmt.Errorf("bad status line %q", line)
	}
	if status, err = strconv.Atoi(rest[:3]); err != nil {
		return 0, "", false, fmt.Errorf("bad status line %q", line)
	}
	h, err := c.tp.ReadMIMEHeader()
	if err != nil {
		return 0, "", false, err
	}
	var body io.Reader
	switch {
	case h.Get("Transfer-Encoding") == "chunked":
		body = &chunked{r: c.r}
	case h.Get("Content-Length") != "":
		n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
		if err != nil {
			return 0, "", false, err
		}
		body = io.LimitReader(c.r, n)
	default:
		return 0, "", false, errors.New("-raw reads only Content-Length or chunked bodies")
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return 0, "", false, err
	}
	return status, h.Get("Location"), !strings.EqualFold(h.Get("Connection"), "close"), nil
}

// chunked reads a chunked body to its end (no trailers).
type chunked struct {
	r    *bufio.Reader
	left int64
	done bool
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	if c.left == 0 {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return 0, err
		}
		size, _, _ := strings.Cut(strings.TrimSpace(line), ";")
		n, err := strconv.ParseInt(size, 16, 64)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			if _, err := c.r.ReadString('\n'); err != nil {
				return 0, err
			}
			c.done = true
			return 0, io.EOF
		}
		c.left = n
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left == 0 && err == nil {
		if _, err := c.r.Discard(2); err != nil {
			return n, err
		}
	}
	return n, err
}
