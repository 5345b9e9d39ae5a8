package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// TreeEntry is one file of a tree listing (a git tree, a GitHub tree).
type TreeEntry struct {
	// Path is slash-separated, relative to the root.
	Path string
	// SHA identifies the blob for the BlobFetcher.
	SHA string
	// Size in bytes; -1 when unknown.
	Size int64
	// Mode is 0 for regular files, fs.ModeSymlink for links.
	Mode fs.FileMode
}

// BlobFetcher reads a blob's content by SHA.
type BlobFetcher interface {
	FetchBlob(ctx context.Context, sha string) ([]byte, error)
}

// TreeFS is an fs.FS over a tree listing whose file contents are fetched
// lazily, only when opened: the scanner opens only the files detectors ask
// for, so a repository read through an API costs one listing plus one blob
// per manifest. It implements fs.ReadDirFS, fs.StatFS and fs.ReadLinkFS.
type TreeFS struct {
	ctx   context.Context
	fetch BlobFetcher
	files map[string]TreeEntry
	dirs  map[string][]fs.DirEntry

	mu      sync.Mutex
	fetched int
}

// NewTreeFS builds a TreeFS from a listing. ctx bounds every fetch.
func NewTreeFS(ctx context.Context, entries []TreeEntry, fetch BlobFetcher) *TreeFS {
	t := &TreeFS{ctx: ctx, fetch: fetch, files: map[string]TreeEntry{}, dirs: map[string][]fs.DirEntry{".": nil}}
	seenDir := map[string]bool{".": true}
	for _, e := range entries {
		p := strings.Trim(e.Path, "/")
		if !fs.ValidPath(p) || p == "." {
			continue
		}
		e.Path = p
		t.files[p] = e
		// Register the file in its folder, and each folder in its parent.
		child := p
		isDir := false
		for {
			parent := path.Dir(child)
			if isDir {
				if seenDir[child] {
					break
				}
				seenDir[child] = true
				if _, ok := t.dirs[child]; !ok {
					t.dirs[child] = nil
				}
			}
			var de fs.DirEntry
			if isDir {
				de = treeDirEntry{name: path.Base(child), dir: true}
			} else {
				de = treeDirEntry{name: path.Base(child), entry: e}
			}
			t.dirs[parent] = append(t.dirs[parent], de)
			if parent == "." {
				break
			}
			child = parent
			isDir = true
		}
	}
	for k := range t.dirs {
		ds := t.dirs[k]
		sort.Slice(ds, func(i, j int) bool { return ds[i].Name() < ds[j].Name() })
	}
	return t
}

// Fetched reports how many blobs were fetched.
func (t *TreeFS) Fetched() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fetched
}

// Open opens a file (fetching its blob) or a folder.
func (t *TreeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if _, ok := t.dirs[name]; ok {
		return &treeDir{name: name, entries: t.dirs[name]}, nil
	}
	e, ok := t.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if e.Mode&fs.ModeSymlink != 0 {
		target, err := t.ReadLink(name)
		if err != nil {
			return nil, err
		}
		resolved := path.Join(path.Dir(name), target)
		if path.IsAbs(target) || !fs.ValidPath(resolved) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("symbolic link leaves the tree")}
		}
		return t.Open(resolved)
	}
	data, err := t.blob(e)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: fileInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
}

func (t *TreeFS) blob(e TreeEntry) ([]byte, error) {
	data, err := t.fetch.FetchBlob(t.ctx, e.SHA)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.fetched++
	t.mu.Unlock()
	return data, nil
}

// ReadDir lists a folder, sorted by name.
func (t *TreeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ds, ok := t.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return append([]fs.DirEntry(nil), ds...), nil
}

// Stat describes a file or folder without fetching content.
func (t *TreeFS) Stat(name string) (fs.FileInfo, error) {
	if _, ok := t.dirs[name]; ok {
		return fileInfo{name: path.Base(name), dir: true}, nil
	}
	e, ok := t.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	if e.Mode&fs.ModeSymlink != 0 {
		f, err := t.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return f.Stat()
	}
	return fileInfo{name: path.Base(name), size: e.Size}, nil
}

// Lstat describes a file without following a symbolic link.
func (t *TreeFS) Lstat(name string) (fs.FileInfo, error) {
	if e, ok := t.files[name]; ok {
		return fileInfo{name: path.Base(name), size: e.Size, mode: e.Mode}, nil
	}
	return t.Stat(name)
}

// ReadLink returns a symbolic link's target (the blob content in git).
func (t *TreeFS) ReadLink(name string) (string, error) {
	e, ok := t.files[name]
	if !ok || e.Mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	b, err := t.blob(e)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(b), nil
}

type treeDirEntry struct {
	name  string
	dir   bool
	entry TreeEntry
}

func (d treeDirEntry) Name() string { return d.name }
func (d treeDirEntry) IsDir() bool  { return d.dir }
func (d treeDirEntry) Type() fs.FileMode {
	if d.dir {
		return fs.ModeDir
	}
	return d.entry.Mode & fs.ModeType
}
func (d treeDirEntry) Info() (fs.FileInfo, error) {
	if d.dir {
		return fileInfo{name: d.name, dir: true}, nil
	}
	return fileInfo{name: d.name, size: d.entry.Size, mode: d.entry.Mode}, nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
	mode fs.FileMode
}

func (f fileInfo) Name() string { return f.name }
func (f fileInfo) Size() int64  { return f.size }
func (f fileInfo) Mode() fs.FileMode {
	if f.dir {
		return fs.ModeDir | 0o555
	}
	return f.mode | 0o444
}
func (f fileInfo) ModTime() time.Time { return time.Time{} }
func (f fileInfo) IsDir() bool        { return f.dir }
func (f fileInfo) Sys() any           { return nil }

type treeFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *treeFile) Close() error               { return nil }

type treeDir struct {
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *treeDir) Stat() (fs.FileInfo, error) {
	return fileInfo{name: path.Base(d.name), dir: true}, nil
}
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *treeDir) Close() error { return nil }
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return append([]fs.DirEntry(nil), rest...), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.off += n
	return append([]fs.DirEntry(nil), rest[:n]...), nil
}
