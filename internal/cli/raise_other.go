//go:build !unix

package cli

import "syscall"

// raise: Windows has no signal a process can send itself to end as Ctrl-C
// would; the caller exits with the status a shell reports for it.
func raise(syscall.Signal) bool { return false }
