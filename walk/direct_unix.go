//go:build linux || darwin

package walk

import (
	"net"
	"syscall"
)

// directSupported: the direct path needs idleLook's look at the socket.
const directSupported = true

// idleLook tells whether an idle connection may take a request: the
// server has neither closed it nor sent anything unasked. The Transport's
// reading goroutine notices both while the connection waits; the direct
// path has no such goroutine, so it looks, without waiting, when it takes
// the connection. It is set up with the connection, so that the look
// itself allocates nothing.
type idleLook struct {
	lc    *lenientConn
	rc    syscall.RawConn // nil: no socket to look at, never quiet
	peek  func(fd uintptr) bool
	quiet bool
	buf   [1]byte
}

func (l *idleLook) init(c net.Conn) {
	if lc, ok := c.(*lenientConn); ok {
		l.lc = lc
		c = lc.Conn
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	l.rc = rc
	l.peek = l.peekFD
}

func (l *idleLook) peekFD(fd uintptr) bool {
	_, _, err := syscall.Recvfrom(int(fd), l.buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	// Nothing to read is the one good answer; 0 bytes is the server's
	// close, and any byte one it sent unasked.
	l.quiet = err == syscall.EAGAIN || err == syscall.EWOULDBLOCK
	return true
}

func (l *idleLook) quietNow() bool {
	if l.lc != nil {
		l.lc.mu.Lock()
		pending := len(l.lc.out) > 0 || l.lc.err != nil
		l.lc.mu.Unlock()
		if pending {
			return false
		}
	}
	if l.rc == nil {
		return false
	}
	l.quiet = false
	return l.rc.Read(l.peek) == nil && l.quiet
}
