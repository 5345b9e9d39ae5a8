package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVersionFromCheckout builds stacklint as a user building from a clone
// does (`go build ./cmd/stacklint`, VCS stamping on) and checks --version
// names the checkout's commit instead of a bare "dev". The stamped (release,
// Docker) form is TestDockerfileBuildCommand's; the `go install …@version`
// forms are buildinfo's unit tests.
func TestVersionFromCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	if fi, err := os.Stat("../../.git"); err != nil || !fi.IsDir() {
		t.Skip("not a plain git clone (the go command stamps VCS information only where .git is a folder, not in a git worktree)")
	}
	head, err := exec.Command("git", "-C", "../..", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	out := filepath.Join(t.TempDir(), "stacklint")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", out, ".")
	build.Env = append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	got, err := exec.Command(out, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(got))
	want := regexp.MustCompile(`^stacklint \S+ \(commit ` + string(head[:12]) + `(, modified)?, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$`)
	if !want.MatchString(line) {
		t.Errorf("--version = %q, want %s", line, want)
	}
}
