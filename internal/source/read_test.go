//go:build unix

package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// readTree is a folder with a file, links that stay inside it, and links
// that leave it (relative, absolute and through a linked folder).
func readTree(t *testing.T) string {
	t.Helper()
	dir, outside := t.TempDir(), t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		t.Helper()
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	write(filepath.Join(outside, "secret"), "s")
	write(filepath.Join(dir, "a", "b", "in.txt"), "hello")
	link("b/in.txt", filepath.Join(dir, "a", "inside"))
	link("../../"+filepath.Base(outside)+"/secret", filepath.Join(dir, "a", "up"))
	link(filepath.Join(outside, "secret"), filepath.Join(dir, "abs"))
	link(filepath.Join(dir, "a", "b", "in.txt"), filepath.Join(dir, "absin"))
	link(outside, filepath.Join(dir, "out"))
	return dir
}

func TestReadRegular(t *testing.T) {
	for _, via := range []string{"openat2", "os.Root"} {
		t.Run(via, func(t *testing.T) {
			if via == "os.Root" {
				noOpenat2.Store(true)
				t.Cleanup(func() { noOpenat2.Store(false) })
			}
			dir := readTree(t)
			fsys, err := Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			rr := fsys.(RegularReader)
			for _, p := range []string{"a/b/in.txt", "a/inside"} {
				if b, err := rr.ReadRegular(p, 100, nil); err != nil || string(b) != "hello" {
					t.Errorf("%s = %q, %v", p, b, err)
				}
			}
			buf := make([]byte, 0, 64)
			if b, err := rr.ReadRegular("a/b/in.txt", 100, func(int64) []byte { return buf }); err != nil || string(b) != "hello" || &b[:1][0] != &buf[:1][0] {
				t.Errorf("into a buffer large enough: %q, %v (buffer reused: %v)", b, err, err == nil && &b[:1][0] == &buf[:1][0])
			}
			for _, p := range []string{"a/up", "abs", "absin", "out/secret", "../secret"} {
				b, err := rr.ReadRegular(p, 100, nil)
				if err == nil {
					t.Errorf("%s left the folder: read %q", p, b)
				}
				if _, err := fs.ReadFile(fsys, p); err == nil {
					t.Errorf("Open %s left the folder", p)
				}
				if _, err := fs.Stat(fsys, p); err == nil {
					t.Errorf("Stat %s left the folder", p)
				}
			}
			if _, err := rr.ReadRegular("out/secret", 100, nil); err == nil || !strings.Contains(err.Error(), "path escapes from parent") {
				t.Errorf("escape through a linked folder: %v, want os.Root's wording", err)
			}
			_, err = rr.ReadRegular("a/b/in.txt", 4, nil)
			var tl *TooLargeError
			if !errors.As(err, &tl) || tl.Size != 5 || tl.Max != 4 {
				t.Errorf("over the cap: %v", err)
			}
			_, err = rr.ReadRegular("a", 100, nil)
			var nr NotRegularError
			if !errors.As(err, &nr) || !nr.Mode.IsDir() {
				t.Errorf("folder: %v", err)
			}
			if _, err := rr.ReadRegular("missing", 100, nil); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("missing: %v", err)
			}
			if info, err := fs.Stat(fsys, "a/inside"); err != nil || info.Size() != 5 || !info.Mode().IsRegular() {
				t.Errorf("Stat through an inside link: %v, %v", info, err)
			}
			if runtime.GOOS != "windows" {
				if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
					t.Skip(err)
				}
				_, err = rr.ReadRegular("pipe", 100, nil)
				if !errors.As(err, &nr) || nr.Mode&fs.ModeNamedPipe == 0 {
					t.Errorf("named pipe: %v", err)
				}
			}
		})
	}
}

func TestReadSizedGrows(t *testing.T) {
	// A file that grew after its size was taken is still read whole, and
	// one that grew over the cap is refused.
	r := strings.NewReader(strings.Repeat("x", 3000))
	b, err := readSized(r, "f", 10, 4000, nil)
	if err != nil || len(b) != 3000 {
		t.Errorf("grown file: %d bytes, %v", len(b), err)
	}
	r = strings.NewReader(strings.Repeat("x", 3000))
	_, err = readSized(r, "f", 10, 2000, nil)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != -1 {
		t.Errorf("grown over the cap: %v", err)
	}
}
