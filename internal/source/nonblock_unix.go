//go:build unix

package source

import "syscall"

// nonBlock makes opening a named pipe return at once instead of waiting
// for a writer; regular files ignore it.
const nonBlock = syscall.O_NONBLOCK
