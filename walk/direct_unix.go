//go:build linux || darwin

package walk

import (
	"errors"
	"net"
	"syscall"
)

// directSupported: the direct path needs idleQuiet's look at the socket.
const directSupported = true

// idleQuiet reports whether an idle connection may take a request: the
// server has neither closed it nor sent anything unasked. The Transport's
// reading goroutine notices both while the connection waits; the direct
// path has no such goroutine, so it looks, without waiting, when it takes
// the connection.
func idleQuiet(c net.Conn) bool {
	if lc, ok := c.(*lenientConn); ok {
		lc.mu.Lock()
		pending := len(lc.out) > 0 || lc.err != nil
		lc.mu.Unlock()
		if pending {
			return false
		}
		c = lc.Conn
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	quiet := false
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		_, _, rerr := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		// Nothing to read is the one good answer; 0 bytes is the
		// server's close, and any byte one it sent unasked.
		quiet = errors.Is(rerr, syscall.EAGAIN) || errors.Is(rerr, syscall.EWOULDBLOCK)
		return true
	})
	return err == nil && quiet
}
