//go:build linux

package source

import (
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// noOpenat2 is set once the kernel (or a seccomp filter) answered that
// openat2 does not exist: every later read goes through os.Root.
var noOpenat2 atomic.Bool

// beneath opens name below the folder open as root with one openat2
// system call and RESOLVE_BENEATH: the kernel refuses any path, symbolic
// link or ".." that would leave the folder (EXDEV), as os.Root does one
// component at a time. ok is false when openat2 is not available (then
// nothing was opened and the caller falls back to os.Root).
func beneath(root *os.File, name string, flags int) (fd int, ok bool, err error) {
	if noOpenat2.Load() || root == nil {
		return -1, false, nil
	}
	how := unix.OpenHow{
		Flags:   uint64(flags | unix.O_CLOEXEC),
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS,
	}
	dirfd := int(root.Fd())
	for try := 0; ; try++ {
		fd, err = unix.Openat2(dirfd, name, &how)
		if err != unix.EINTR && (err != unix.EAGAIN || try >= 8) {
			break
		}
		if err == unix.EAGAIN {
			time.Sleep(time.Millisecond) // a concurrent rename or mount: try again
		}
	}
	runtime.KeepAlive(root)
	switch err {
	case nil:
		return fd, true, nil
	case unix.ENOSYS:
		noOpenat2.Store(true)
		return -1, false, nil
	case unix.EPERM, unix.EAGAIN:
		// A seccomp filter refusing the call, or a rename that kept
		// racing: os.Root decides.
		return -1, false, nil
	case unix.EXDEV:
		return -1, true, &fs.PathError{Op: "openat", Path: name, Err: errPathEscapes}
	}
	return -1, true, &fs.PathError{Op: "openat", Path: name, Err: err}
}

// openBeneath opens name through beneath for Open and Stat: flags are
// open(2) flags. ok is false when openat2 is not available.
func openBeneath(root *os.File, name string, flags int) (*os.File, bool, error) {
	fd, ok, err := beneath(root, name, flags)
	if !ok || err != nil {
		return nil, ok, err
	}
	return os.NewFile(uintptr(fd), name), true, nil
}

// Flags for openBeneath.
const (
	openRead = unix.O_RDONLY | unix.O_NONBLOCK | unix.O_NOCTTY
	openPath = unix.O_PATH
)

// openRootFile opens the folder whose fd beneath resolves from.
func openRootFile(path string) *os.File {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	return os.NewFile(uintptr(fd), path)
}

// readBeneath reads a regular file through beneath: open, fstat, read,
// close. ok is false when openat2 is not available.
func readBeneath(root *os.File, name string, max int64, buf func(int64) []byte) (data []byte, ok bool, err error) {
	fd, ok, err := beneath(root, name, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOCTTY)
	if !ok || err != nil {
		return nil, ok, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, true, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, true, &fs.PathError{Op: "open", Path: name, Err: NotRegularError{Mode: fileMode(st.Mode)}}
	}
	if st.Size > max {
		return nil, true, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: st.Size, Max: max}}
	}
	data, err = readSized(fdReader(fd), name, st.Size, max, buf)
	if err != nil {
		if _, tl := err.(*fs.PathError); !tl {
			err = &fs.PathError{Op: "read", Path: name, Err: err}
		}
	}
	return data, true, err
}

// fdReader reads a file descriptor with read(2).
type fdReader int

func (r fdReader) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(int(r), p)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// fileMode turns a stat(2) mode into the fs.FileMode type bits os uses.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	return mode
}
