//go:build !unix

package profile

import (
	"errors"
	"os"
)

// openNonBlocking refuses anything but a regular file before opening it
// (no O_NONBLOCK here); the caller checks again after opening.
func openNonBlocking(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return os.Open(path)
}
