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
	"github.com/stacklint/stacklint/internal/source/gittest"
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

// git runs git in dir and returns its trimmed output.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// Issue 12: the action image has no git program; revisions are read from
// the object store in Go. The repository is made with go-git, and PATH is
// empty while it is read.
func TestGitWithoutGitProgram(t *testing.T) {
	r := gittest.New(t, t.TempDir())
	r.Write("go.mod", "module a\n\ngo 1.21\n")
	r.Write("svc/api/package.json", `{"name":"api"}`)
	first := r.Commit("first")
	r.Tag("v1", "release 1") // annotated
	r.Write("go.mod", "module a\n\ngo 1.23\n")
	r.Write("svc/api/package.json", `{"name":"api2"}`)
	r.Symlink("svc/link.json", "api/package.json")
	second := r.Commit("second")
	r.SetRef("refs/remotes/origin/main", first)
	r.Write("go.mod", "module a\n\ngo 1.99\n") // uncommitted: never seen
	t.Setenv("PATH", "")
	ctx := context.Background()

	for rev, want := range map[string]string{
		"HEAD": second, "main": second, "@": second, "refs/heads/main": second,
		"v1": first, "tags/v1": first, "v1^{commit}": first, "v1^{}": first,
		"origin/main": first, "HEAD~1": first, "HEAD^": first, "main~": first,
		first: first, first[:7]: first, second[:9]: second,
	} {
		g, err := source.Git(ctx, r.Dir, rev)
		if err != nil {
			t.Errorf("Git(%q): %v", rev, err)
			continue
		}
		if g.Commit != want {
			t.Errorf("Git(%q) = %s, want %s", rev, g.Commit, want)
		}
		g.Close()
	}
	for _, rev := range []string{"nope", "HEAD~2", "HEAD^2", "v1:go.mod", "HEAD@{1}", "a/../b", "HEAD^{tree}", "-x"} {
		if g, err := source.Git(ctx, r.Dir, rev); err == nil {
			t.Errorf("Git(%q) = %s, want an error", rev, g.Commit)
			g.Close()
		}
	}

	head, err := source.Git(ctx, r.Dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer head.Close()
	if err := fstest.TestFS(head, "go.mod", "svc/api/package.json", "svc/link.json"); err != nil {
		t.Fatal(err)
	}
	if b, _ := fs.ReadFile(head, "go.mod"); !strings.Contains(string(b), "go 1.23") {
		t.Errorf("HEAD go.mod = %q (the working tree must not be read)", b)
	}
	if b, err := fs.ReadFile(head, "svc/link.json"); err != nil || string(b) != `{"name":"api2"}` {
		t.Errorf("through link = %q, %v", b, err)
	}
	if info, err := fs.Stat(head, "go.mod"); err != nil || info.Size() != int64(len("module a\n\ngo 1.23\n")) {
		t.Errorf("Stat(go.mod) = %v, %v; want the blob's size", info, err)
	}

	// A subfolder sees its own subtree; one the revision lacks is empty.
	sub, err := source.Git(ctx, filepath.Join(r.Dir, "svc"), "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if err := fstest.TestFS(sub, "api/package.json"); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(r.Dir, "later"), 0o755)
	empty, err := source.Git(ctx, filepath.Join(r.Dir, "later"), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if des, err := fs.ReadDir(empty, "."); err != nil || len(des) != 0 {
		t.Errorf("a folder absent from the revision lists %v, %v", des, err)
	}
}

// Revisions resolve as git resolves them, from loose objects and refs, from
// packfiles and packed refs (after git gc), and in a linked worktree.
func TestGitRevisionsAsGit(t *testing.T) {
	dir := gitRepo(t)
	git(t, dir, "checkout", "-q", "--", "go.mod")
	git(t, dir, "checkout", "-q", "-b", "side", "HEAD~1")
	os.WriteFile(filepath.Join(dir, "side.txt"), []byte("side\n"), 0o644)
	git(t, dir, "add", "side.txt")
	git(t, dir, "commit", "-q", "-m", "side")
	git(t, dir, "checkout", "-q", "main")
	git(t, dir, "merge", "-q", "--no-ff", "-m", "merge side", "side")
	git(t, dir, "tag", "-a", "-m", "annotated", "v2", "HEAD^2")
	git(t, dir, "update-ref", "refs/remotes/origin/main", "HEAD~1")
	git(t, dir, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	revs := []string{"HEAD", "@", "main", "side", "v1", "v2", "tags/v2", "v2^{commit}", "v2~1", "origin/main", "origin",
		"HEAD~1", "HEAD^", "HEAD^1", "HEAD^2", "HEAD^2~1", "HEAD~2", "HEAD^^", "HEAD~1^{commit}", "main^0", "refs/heads/side"}
	bad := []string{"nope", "HEAD~9", "HEAD^3", "v9", "origin/nope"}
	check := func(t *testing.T, dir string, revs ...string) {
		t.Helper()
		for _, rev := range revs {
			want := git(t, dir, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
			g, err := source.Git(context.Background(), dir, rev)
			if err != nil {
				t.Errorf("Git(%q): %v (git says %s)", rev, err, want)
				continue
			}
			if g.Commit != want {
				t.Errorf("Git(%q) = %s, git says %s", rev, g.Commit, want)
			}
			if _, err := fs.ReadFile(g, "go.mod"); err != nil {
				t.Errorf("Git(%q): go.mod: %v", rev, err)
			}
			g.Close()
		}
		full := git(t, dir, "rev-parse", "HEAD~1")
		for _, rev := range []string{full, full[:8]} {
			if g, err := source.Git(context.Background(), dir, rev); err != nil || g.Commit != full {
				t.Errorf("Git(%q) = %v, %v", rev, g, err)
			} else {
				g.Close()
			}
		}
		for _, rev := range bad {
			if g, err := source.Git(context.Background(), dir, rev); err == nil {
				t.Errorf("Git(%q) = %s, want an error", rev, g.Commit)
				g.Close()
			}
		}
	}
	t.Run("loose", func(t *testing.T) { check(t, dir, revs...) })
	t.Run("packed", func(t *testing.T) {
		git(t, dir, "gc", "-q", "--aggressive", "--prune=now")
		if _, err := os.Stat(filepath.Join(dir, ".git", "packed-refs")); err != nil {
			t.Fatalf("git gc left no packed-refs: %v", err)
		}
		check(t, dir, revs...)
		// Contents come out of the packfile (deltas included) as git has them.
		g, err := source.Git(context.Background(), dir, "v1")
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		for _, name := range []string{"go.mod", "svc/api/package.json"} {
			b, err := fs.ReadFile(g, name)
			if want := git(t, dir, "show", "v1:"+name); err != nil || strings.TrimSpace(string(b)) != want {
				t.Errorf("%s at v1 = %q, %v; git says %q", name, b, err, want)
			}
		}
	})
	t.Run("detached", func(t *testing.T) {
		// As actions/checkout leaves a pull request's merge commit.
		git(t, dir, "checkout", "-q", "--detach", "side")
		defer git(t, dir, "checkout", "-q", "main")
		check(t, dir, "HEAD", "@", "HEAD~1", "main", "main^2", "v2", "origin/main")
	})
	t.Run("worktree", func(t *testing.T) {
		wt := filepath.Join(t.TempDir(), "wt")
		git(t, dir, "worktree", "add", "-q", wt, "side")
		if fi, err := os.Lstat(filepath.Join(wt, ".git")); err != nil || fi.IsDir() {
			t.Fatalf("the worktree's .git is not a file: %v", err)
		}
		// HEAD is the worktree's own (side); refs are shared.
		check(t, wt, "HEAD", "@", "HEAD~1", "main", "main^2", "side", "v1", "v2", "origin/main", "origin")
		g, err := source.Git(context.Background(), filepath.Join(wt, "svc"), "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if want := git(t, dir, "rev-parse", "side"); g.Commit != want {
			t.Errorf("the worktree's HEAD = %s, want side (%s)", g.Commit, want)
		}
		if err := fstest.TestFS(g, "api/package.json"); err != nil {
			t.Error(err)
		}
	})
}

// A partial clone (clone --filter=blob:none, actions/checkout's filter
// input) says so: git would fetch the contents it lacks on demand.
func TestGitPartialClone(t *testing.T) {
	full := gitRepo(t)
	git(t, full, "config", "uploadpack.allowFilter", "true")
	clone := filepath.Join(t.TempDir(), "clone")
	cmd := exec.Command("git", "clone", "-q", "--filter=blob:none", "file://"+full, clone)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot make a partial clone: %v\n%s", err, out)
	}
	g, err := source.Git(context.Background(), clone, "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if !g.Partial {
		t.Error("Partial = false in a partial clone")
	}
	if _, err := fs.ReadFile(g, "go.mod"); err == nil || !strings.Contains(err.Error(), "partial clone") {
		t.Errorf("reading a blob the clone lacks: %v, want the partial-clone explanation", err)
	}
	g2, err := source.Git(context.Background(), full, "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer g2.Close()
	if g2.Partial {
		t.Error("Partial = true in a full repository")
	}
}

// FuzzGitRevision: any revision text either names one of the repository's
// commits or is refused; none panics or reads outside the git folder.
func FuzzGitRevision(f *testing.F) {
	for _, s := range []string{"HEAD", "HEAD~1", "main^{commit}", "v1^0", "@", "origin/main", "refs/heads/main", "HEAD^2", "abcd", "../../etc/passwd", "HEAD@{1}", "v1:go.mod", "HEAD~99999999999", "^{}", "FETCH_HEAD"} {
		f.Add(s)
	}
	dir := f.TempDir()
	r := gittest.New(f, dir)
	r.Write("a.txt", "a")
	first := r.Commit("first")
	r.Tag("v1", "")
	r.Write("a.txt", "b")
	second := r.Commit("second")
	r.SetRef("refs/remotes/origin/main", first)
	f.Fuzz(func(t *testing.T, rev string) {
		g, err := source.Git(context.Background(), dir, rev)
		if err != nil {
			return
		}
		defer g.Close()
		if g.Commit != first && g.Commit != second {
			t.Errorf("Git(%q) = %s, not a commit of the repository", rev, g.Commit)
		}
	})
}
