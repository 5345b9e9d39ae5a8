package source_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/source"
)

func TestDirConfinesReads(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "in.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	fsys, err := source.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(fsys, "in.txt"); err != nil || string(b) != "hello" {
		t.Errorf("in.txt = %q, %v", b, err)
	}
	if _, err := fs.ReadFile(fsys, "out/secret"); err == nil {
		t.Error("read through a symlink leaving the root succeeded")
	}
	if err := fstestEntries(fsys); err != nil {
		t.Error(err)
	}
}

func fstestEntries(fsys fs.FS) error {
	es, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return err
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "in.txt,out" {
		return &fs.PathError{Op: "readdir", Path: ".", Err: fs.ErrInvalid}
	}
	return nil
}

func TestDirErrors(t *testing.T) {
	if _, err := source.Dir(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing folder: %v", err)
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := source.Dir(f); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file: %v", err)
	}
}
