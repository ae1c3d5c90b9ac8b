//go:build unix

package cli

import (
	"os"
	"syscall"
)

// raise sends sig to this process, to die of it as its default action
// would (signal.Reset has given that back); false when it could not.
func raise(sig syscall.Signal) bool {
	return syscall.Kill(os.Getpid(), sig) == nil
}
