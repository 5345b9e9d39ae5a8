//go:build !linux

package source

import "os"

// openRootFile is needed only where openat2 exists.
func openRootFile(string) *os.File { return nil }

// readBeneath reports that openat2 is not available: os.Root reads.
func readBeneath(*os.File, string, int64, func(int64) []byte) ([]byte, bool, error) {
	return nil, false, nil
}

// openBeneath reports that openat2 is not available: os.Root opens.
func openBeneath(*os.File, string, int) (*os.File, bool, error) { return nil, false, nil }

// Flags for openBeneath (unused here).
const (
	openRead = 0
	openPath = 0
)
