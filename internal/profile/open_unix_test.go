//go:build unix

package profile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe where the profile should be is refused at once: reading it
// would block forever, as no one ever writes to it.
func TestReadFileRefusesFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), FileName)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	_, err := ReadFile(p)
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("got %v, want a refusal naming the named pipe", err)
	}
	if _, err := Load(p); err == nil {
		t.Fatal("Load accepted a named pipe")
	}
}

func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(dir); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("a folder: got %v", err)
	}
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(big); err == nil || !strings.Contains(err.Error(), "65537 bytes, over the 65536-byte limit") {
		t.Errorf("an oversized profile: got %v", err)
	}
}
