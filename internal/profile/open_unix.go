//go:build unix

package profile

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking on a named pipe
// that has no writer; the caller then checks it is a regular file.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
