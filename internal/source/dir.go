// Package source opens the trees stacklint scans as fs.FS values: a local
// folder confined to its root, a git revision read from the object store,
// and (later) a repository read through the GitHub API.
package source

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Dir opens a local folder as an fs.FS that cannot be escaped: file
// contents are opened confined to the folder, so symbolic links pointing
// outside it fail to open. On Linux one openat2 system call with
// RESOLVE_BENEATH opens a path (the kernel refuses any escape); elsewhere,
// or where the kernel lacks openat2, an os.Root opens it one folder at a
// time. The result implements RegularReader. Listings use os.DirFS, which is about three times
// faster than listing through os.Root; listing never follows links out of the
// tree because the scanner does not descend into symbolic links.
func Dir(path string) (fs.FS, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot scan %s: %w", path, unwrapPath(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("cannot scan %s: not a folder", path)
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, fmt.Errorf("cannot scan %s: %w", path, unwrapPath(err))
	}
	return &dirFS{list: os.DirFS(path).(dirLister), root: root, rootFile: openRootFile(path)}, nil
}

// dirLister is what os.DirFS offers.
type dirLister interface {
	fs.ReadDirFS
	fs.ReadLinkFS
}

type dirFS struct {
	list dirLister
	root *os.Root
	// rootFile is the folder again, for openat2 on Linux (nil elsewhere):
	// one system call opens a path below it, where os.Root opens every
	// folder on the way.
	rootFile *os.File
}

// Open opens confined to the folder (openat2 or the os.Root). It opens without
// blocking and returns only regular files and folders: opening a named pipe
// that no one writes to would otherwise hang the scan for ever.
func (d *dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, ok, err := openBeneath(d.rootFile, name, openRead)
	if !ok {
		f, err = d.root.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if m := info.Mode(); !m.IsRegular() && !m.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: NotRegularError{Mode: m}}
	}
	return f, nil
}

// Stat stats confined to the folder (openat2 or the os.Root).
func (d *dirFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	f, ok, err := openBeneath(d.rootFile, name, openPath)
	if !ok {
		return d.root.Stat(name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

// ReadRegular implements RegularReader: on Linux one openat2 confined
// beneath the folder, fstat, read and close; elsewhere, or where the
// kernel lacks openat2, through the os.Root.
func (d *dirFS) ReadRegular(name string, max int64, buf func(int64) []byte) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok, err := readBeneath(d.rootFile, name, max, buf); ok {
		return data, err
	}
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if m := info.Mode(); !m.IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: NotRegularError{Mode: m}}
	}
	if info.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: info.Size(), Max: max}}
	}
	return readSized(f, name, info.Size(), max, buf)
}

// NotRegularError says a path is not a regular file (a named pipe, a
// socket, a device) and so was not read.
type NotRegularError struct {
	Mode fs.FileMode
}

// Error names the kind of file.
func (e NotRegularError) Error() string {
	return "not a regular file (" + FileKind(e.Mode) + "); not read"
}

// FileKind names what a file that is not a regular file is: "a named
// pipe", "a socket", "a device", "a folder".
func FileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file"
}

// ReadDir lists a folder (fast path).
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return d.list.ReadDir(name) }

// ReadLink reads a symbolic link without following it.
func (d *dirFS) ReadLink(name string) (string, error) { return d.list.ReadLink(name) }

// Lstat describes a file without following a final symbolic link.
func (d *dirFS) Lstat(name string) (fs.FileInfo, error) { return d.list.Lstat(name) }

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// ReadFile reads the regular file at path on disk, of at most max bytes.
// It opens without blocking, so a named pipe, a socket or a device put
// where a file was expected is refused (NotRegularError) instead of hanging
// the run, and a file over max is refused with both sizes in bytes.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: NotRegularError{Mode: info.Mode()}}
	}
	if info.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("the file is %d bytes, over the %d-byte limit", info.Size(), max)}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("the file grew over the %d-byte limit while read", max)}
	}
	return data, nil
}
