package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// RegularReader is implemented by file systems that read a whole regular
// file in one call, confined to their root, with the size checked before
// reading (the folder Dir opens does). Scanners prefer it to Open, Stat
// and read: it costs a few system calls per file instead of one or two per
// path component.
type RegularReader interface {
	// ReadRegular reads the regular file name (slash-separated, symbolic
	// links followed while they stay inside the root) into the slice buf
	// returns for the file's size when it is large enough (buf may be nil),
	// else into a new slice sized from the file's size.
	// A file that is not a regular file fails with a *fs.PathError
	// wrapping NotRegularError, one over max bytes with one wrapping
	// *TooLargeError, before anything is read.
	ReadRegular(name string, max int64, buf func(size int64) []byte) ([]byte, error)
}

// TooLargeError says a file is over a size limit: Size is its size, or -1
// when it grew over Max while it was read.
type TooLargeError struct {
	Size, Max int64
}

// Error gives both sizes in bytes.
func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("the file grew over the %d-byte limit while read", e.Max)
	}
	return fmt.Sprintf("the file is %d bytes, over the %d-byte limit", e.Size, e.Max)
}

// errPathEscapes has the text os.Root gives a path that leaves the root,
// so that messages do not depend on how the file was opened.
var errPathEscapes = errors.New("path escapes from parent")

// readSized reads r, whose size was size bytes when it was opened, into
// the slice get returns (a new one of size+1 bytes when get is nil or its
// slice is smaller, so that the end of file is seen without growing
// again), failing once more than max bytes arrive.
func readSized(r io.Reader, name string, size, max int64, get func(int64) []byte) ([]byte, error) {
	var buf []byte
	if get != nil {
		buf = get(size + 1)
	}
	if want := size + 1; int64(cap(buf)) < want {
		if want > max+1 {
			want = max + 1
		}
		buf = make([]byte, 0, want)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > max {
				return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: -1, Max: max}}
			}
			buf = append(buf, 0)[:len(buf)] // grow
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: -1, Max: max}}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
