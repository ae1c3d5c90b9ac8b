//go:build !(linux || darwin)

package walk

import "net"

// directSupported: without a look at an idle socket (idleQuiet) every
// request goes through net/http.
const directSupported = false

func idleQuiet(net.Conn) bool { return false }
