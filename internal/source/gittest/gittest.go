// Package gittest builds small git repositories for tests in Go (go-git),
// so tests of code that reads git objects run where no git program is
// installed.
package gittest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a repository with a working tree, on branch main.
type Repo struct {
	// Dir is the top level of the working tree.
	Dir  string
	t    testing.TB
	repo *git.Repository
	when time.Time
}

// New makes a repository in dir (created if missing).
func New(t testing.TB, dir string) *Repo {
	t.Helper()
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatalf("git init %s: %v", dir, err)
	}
	return &Repo{Dir: dir, t: t, repo: r, when: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// Write writes a file of the working tree (slash-separated name).
func (r *Repo) Write(name, content string) {
	r.t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// Symlink makes a symbolic link name pointing to target.
func (r *Repo) Symlink(name, target string) {
	r.t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		r.t.Skipf("cannot make a symbolic link here: %v", err)
	}
}

// Commit records every change of the working tree (new, changed and
// removed files) and returns the commit id.
func (r *Repo) Commit(msg string) string {
	r.t.Helper()
	wt, err := r.repo.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatalf("git add: %v", err)
	}
	r.when = r.when.Add(time.Minute)
	sig := &object.Signature{Name: "t", Email: "t@example.com", When: r.when}
	h, err := wt.Commit(msg, &git.CommitOptions{All: true, Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatalf("git commit: %v", err)
	}
	return h.String()
}

// Tag tags the current commit: an annotated tag when msg is not empty.
func (r *Repo) Tag(name, msg string) {
	r.t.Helper()
	head, err := r.repo.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	var opts *git.CreateTagOptions
	if msg != "" {
		opts = &git.CreateTagOptions{Message: msg, Tagger: &object.Signature{Name: "t", Email: "t@example.com", When: r.when}}
	}
	if _, err := r.repo.CreateTag(name, head.Hash(), opts); err != nil {
		r.t.Fatalf("git tag %s: %v", name, err)
	}
}

// SetRef points ref (such as refs/remotes/origin/main) at commit.
func (r *Repo) SetRef(ref, commit string) {
	r.t.Helper()
	if err := r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(ref), plumbing.NewHash(commit))); err != nil {
		r.t.Fatal(err)
	}
}
