package source_test

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stacklint/stacklint/internal/source"
)

// gitRepo makes a repository with two commits and returns its folder.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q", "-b", "main")
	write("go.mod", "module a\n\ngo 1.21\n")
	write("svc/api/package.json", `{"name":"api"}`)
	run("add", ".")
	run("commit", "-q", "-m", "first")
	run("tag", "v1")
	write("go.mod", "module a\n\ngo 1.23\n")
	write("svc/api/package.json", `{"name":"api2"}`)
	write("svc/new.txt", "new")
	os.Symlink("api/package.json", filepath.Join(dir, "svc", "link.json"))
	run("add", ".")
	run("commit", "-q", "-m", "second")
	write("go.mod", "module a\n\ngo 1.99\n") // uncommitted change: never seen
	return dir
}

func TestGitRevision(t *testing.T) {
	dir := gitRepo(t)
	ctx := context.Background()
	rev, err := source.Git(ctx, dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer rev.Close()
	if err := fstest.TestFS(rev, "go.mod", "svc/api/package.json"); err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(rev, "go.mod")
	if err != nil || !strings.Contains(string(b), "go 1.21") {
		t.Errorf("go.mod at v1 = %q, %v", b, err)
	}
	if _, err := fs.Stat(rev, "svc/new.txt"); err == nil {
		t.Error("svc/new.txt exists at v1")
	}

	head, err := source.Git(ctx, dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer head.Close()
	b, _ = fs.ReadFile(head, "go.mod")
	if !strings.Contains(string(b), "go 1.23") {
		t.Errorf("HEAD go.mod = %q (the working tree must not be read)", b)
	}
	link, err := head.ReadLink("svc/link.json")
	if err != nil || link != "api/package.json" {
		t.Errorf("ReadLink = %q, %v", link, err)
	}
	b, err = fs.ReadFile(head, "svc/link.json")
	if err != nil || string(b) != `{"name":"api2"}` {
		t.Errorf("through link = %q, %v", b, err)
	}

	// A subfolder sees its own subtree only.
	sub, err := source.Git(ctx, filepath.Join(dir, "svc"), "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if err := fstest.TestFS(sub, "api/package.json"); err != nil {
		t.Fatal(err)
	}
}

func TestGitErrors(t *testing.T) {
	dir := gitRepo(t)
	for _, rev := range []string{"nope", "--output=/tmp/x"} {
		if _, err := source.Git(context.Background(), dir, rev); err == nil {
			t.Errorf("Git(%q) succeeded", rev)
		}
	}
	if _, err := source.Git(context.Background(), t.TempDir(), "HEAD"); err == nil {
		t.Error("Git outside a repository succeeded")
	}
}

// Issue 9: --base naming a revision a shallow clone lacks says how to
// fetch it.
func TestGitShallowCloneHint(t *testing.T) {
	full := gitRepo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	cmd := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+full, clone)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot make a shallow clone: %v\n%s", err, out)
	}
	_, err := source.Git(context.Background(), clone, "HEAD~1")
	if err == nil || !strings.Contains(err.Error(), "shallow clone") || !strings.Contains(err.Error(), "fetch-depth: 0") || !strings.Contains(err.Error(), "git fetch --deepen") {
		t.Errorf("err = %v, want the shallow-clone hint", err)
	}
	// A full clone gets no such hint.
	if _, err := source.Git(context.Background(), full, "nope"); err == nil || strings.Contains(err.Error(), "shallow") {
		t.Errorf("err = %v in a full clone", err)
	}
}
