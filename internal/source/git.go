package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// GitRevision is a revision of a local git repository read straight from
// its object store (loose objects and packfiles, in Go: no `git` program
// is needed): no checkout, no change to the working tree or index. Close
// it to release the packfiles.
type GitRevision struct {
	*TreeFS
	// Commit is the resolved commit id.
	Commit string
	// Partial reports a partial clone (git clone --filter): file contents
	// it lacks are missing here, as git would fetch them on demand.
	Partial bool
	repo    *gitRepo
}

// Close releases the repository's files.
func (g *GitRevision) Close() error { return g.repo.close() }

const shallowHint = "; this is a shallow clone, which may lack it: fetch more history (git fetch --deepen=50 origin, or git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)"

// Git opens revision rev (a branch, tag, commit or expression such as
// origin/main or HEAD~3) of the repository containing dir. The listing
// covers dir's subtree only when dir is below the top level.
//
// Revisions are what `git rev-parse` accepts for a commit, less the
// reflog, search and path forms: a full or abbreviated commit id, a ref
// name (HEAD, main, v1, origin/main, refs/…, FETCH_HEAD) or @, followed by
// any of ~N, ^N and ^{commit}.
func Git(ctx context.Context, dir, rev string) (*GitRevision, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("revision %q: must not start with '-'", rev)
	}
	repo, prefix, err := openGitRepo(dir)
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git repository: %v", dir, err)
	}
	commit, err := repo.resolve(rev)
	if err != nil {
		msg := fmt.Sprintf("revision %q not found in %s: %v", rev, dir, err)
		if repo.shallow() {
			msg += shallowHint
		}
		repo.close()
		return nil, errors.New(msg)
	}
	entries, err := repo.list(ctx, commit, prefix)
	if err != nil {
		repo.close()
		return nil, fmt.Errorf("cannot list %s: %v", rev, err)
	}
	return &GitRevision{TreeFS: NewTreeFS(ctx, entries, repo), Commit: commit.hash.String(), Partial: repo.partial, repo: repo}, nil
}

// gitRepo reads one repository's objects and refs. It serves blob reads
// (BlobFetcher) one at a time: the storage is not safe for concurrent use.
type gitRepo struct {
	mu      sync.Mutex
	st      *filesystem.Storage
	dot     billy.Filesystem // the git folder (the worktree's own, for a linked worktree)
	partial bool
}

// openGitRepo finds the repository containing dir as git does (a .git
// folder, a .git file naming the folder elsewhere as in linked worktrees
// and submodules, or dir inside a bare repository) and returns dir's path
// below the top level ("" at the top or in a bare repository).
func openGitRepo(dir string) (*gitRepo, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		return nil, "", err
	}
	var gitDir, top string
	for p := abs; ; {
		if gitDir, err = dotGit(p); err != nil {
			return nil, "", err
		}
		if gitDir != "" {
			top = p
			break
		}
		if isGitDir(p) { // a bare repository, or inside a .git folder
			gitDir = p
			break
		}
		parent := filepath.Dir(p)
		if parent == p {
			return nil, "", errors.New("no .git found in it or any parent folder")
		}
		p = parent
	}
	if !isGitDir(gitDir) {
		return nil, "", fmt.Errorf("%s is not a git folder (no HEAD, objects or refs)", gitDir)
	}
	common := gitDir
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		common = strings.TrimSpace(string(b))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
	}
	if _, err := os.Stat(filepath.Join(common, "reftable")); err == nil {
		return nil, "", fmt.Errorf("%s keeps its refs in the reftable format, which stacklint does not read", common)
	}
	var fsys billy.Filesystem = osfs.New(gitDir)
	if common != gitDir {
		fsys = dotgit.NewRepositoryFilesystem(fsys, osfs.New(common))
	}
	// Alternates (clone --shared, --reference) name absolute folders.
	root := filepath.VolumeName(common) + string(filepath.Separator)
	st := filesystem.NewStorageWithOptions(fsys, cache.NewObjectLRUDefault(), filesystem.Options{AlternatesFS: osfs.New(root), KeepDescriptors: true})
	prefix := ""
	if top != "" {
		rel, err := filepath.Rel(top, abs)
		if err != nil {
			return nil, "", err
		}
		if rel = filepath.ToSlash(rel); rel != "." {
			prefix = rel
		}
	}
	return &gitRepo{st: st, dot: fsys, partial: isPartialClone(common)}, prefix, nil
}

// dotGit returns the git folder of the working tree at p: p/.git, or the
// folder a .git file names ("gitdir: …"); "" when p has no .git.
func dotGit(p string) (string, error) {
	name := filepath.Join(p, ".git")
	info, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", err
	case info.IsDir():
		return name, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	dir, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: expected a line \"gitdir: <folder>\"", name)
	}
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(p, dir)
	}
	return dir, nil
}

// isGitDir reports whether p looks like a git folder.
func isGitDir(p string) bool {
	if info, err := os.Stat(filepath.Join(p, "HEAD")); err != nil || !info.Mode().IsRegular() {
		return false
	}
	// A linked worktree's folder has HEAD and commondir; objects and refs
	// are in the common folder.
	if _, err := os.Stat(filepath.Join(p, "commondir")); err == nil {
		return true
	}
	for _, d := range []string{"objects", "refs"} {
		if info, err := os.Stat(filepath.Join(p, d)); err != nil || !info.IsDir() {
			return false
		}
	}
	return true
}

// isPartialClone reports a repository made by clone --filter: git marks
// it in the config (extensions.partialClone) and with .promisor packs.
func isPartialClone(common string) bool {
	if b, err := os.ReadFile(filepath.Join(common, "config")); err == nil && strings.Contains(strings.ToLower(string(b)), "partialclone") {
		return true
	}
	m, _ := filepath.Glob(filepath.Join(common, "objects", "pack", "*.promisor"))
	return len(m) > 0
}

func (r *gitRepo) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.Close()
}

// shallow reports a shallow clone (a .git/shallow file listing the
// commits whose parents are absent).
func (r *gitRepo) shallow() bool {
	commits, err := r.st.Shallow()
	return err == nil && len(commits) > 0
}

// FetchBlob implements BlobFetcher.
func (r *gitRepo) FetchBlob(_ context.Context, sha string) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, err := r.readObject(plumbing.BlobObject, plumbing.NewHash(sha))
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		if r.partial {
			return nil, fmt.Errorf("object %s is missing: this is a partial clone (git clone --filter), which fetches file contents on demand; clone without a filter to read this revision locally", sha)
		}
		return nil, fmt.Errorf("object %s is missing", sha)
	}
	if err != nil {
		return nil, fmt.Errorf("object %s: %v", sha, err)
	}
	return b, nil
}

// readObject reads object h whole; t is the type it must have, and an
// object of another type is plumbing.ErrObjectNotFound, as in go-git's
// storage.
func (r *gitRepo) readObject(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	obj, err := r.st.EncodedObject(t, h)
	if err != nil {
		return nil, err
	}
	return objectBytes(obj)
}

// objectBytes reads an object's contents.
func objectBytes(obj plumbing.EncodedObject) ([]byte, error) {
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	// The size comes from the object's header: the first allocation trusts
	// it only up to a bound.
	buf := bytes.NewBuffer(make([]byte, 0, min(max(obj.Size(), 0), 1<<24)+1))
	if _, err := buf.ReadFrom(rd); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tree reads and decodes tree object h.
func (r *gitRepo) tree(h plumbing.Hash) ([]gitTreeEntry, error) {
	data, err := r.readObject(plumbing.TreeObject, h)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %v", h, err)
	}
	entries, err := parseTree(data)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %v", h, err)
	}
	return entries, nil
}

// list returns the files of commit's tree below prefix (paths relative to
// it; nothing when prefix does not exist in that commit). Submodules are
// not part of the tree.
func (r *gitRepo) list(ctx context.Context, commit *gitCommit, prefix string) ([]TreeEntry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tree, err := r.tree(commit.tree)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		for name := range strings.SplitSeq(prefix, "/") {
			i := slices.IndexFunc(tree, func(e gitTreeEntry) bool { return e.name == name && e.mode == filemode.Dir })
			if i < 0 {
				return nil, nil // the folder did not exist at that revision: an empty tree
			}
			if tree, err = r.tree(tree[i].hash); err != nil {
				return nil, err
			}
		}
	}
	var entries []TreeEntry
	var walk func(t []gitTreeEntry, dir string) error
	walk = func(t []gitTreeEntry, dir string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, e := range t {
			p := dir + e.name
			switch e.mode {
			case filemode.Dir:
				sub, err := r.tree(e.hash)
				if err != nil {
					return fmt.Errorf("%s: %v", p, err)
				}
				if err := walk(sub, p+"/"); err != nil {
					return err
				}
			case filemode.Regular, filemode.Executable, filemode.Symlink:
				te := TreeEntry{Path: p, SHA: e.hash.String(), Size: -1}
				if n, err := r.st.EncodedObjectSize(e.hash); err == nil {
					te.Size = n
				}
				if e.mode == filemode.Symlink {
					te.Mode = fs.ModeSymlink
				}
				entries = append(entries, te)
			}
			// Submodules (commits) are not part of this tree.
		}
		return nil
	}
	if err := walk(tree, ""); err != nil {
		return nil, err
	}
	return entries, nil
}

// readFile reads a small file of the git folder.
func readFile(fsys billy.Filesystem, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20))
}
