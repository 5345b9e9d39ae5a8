package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// GitRevision is a revision of a local git repository read straight from
// its object store: no checkout, no change to the working tree or index.
// Close it to stop the helper `git cat-file` process.
type GitRevision struct {
	*TreeFS
	// Commit is the resolved commit id.
	Commit string
	cat    *catFile
}

// Close stops the blob reader.
func (g *GitRevision) Close() error { return g.cat.close() }

// Git opens revision rev (a branch, tag, commit or expression such as
// origin/main or HEAD~3) of the repository containing dir. The listing
// covers dir's subtree only when dir is below the top level.
func Git(ctx context.Context, dir, rev string) (*GitRevision, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("revision %q: must not start with '-'", rev)
	}
	commit, err := gitOutput(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		msg := fmt.Sprintf("revision %q not found in %s: %v", rev, dir, err)
		if shallow, _ := gitOutput(ctx, dir, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(shallow) == "true" {
			msg += "; this is a shallow clone, which may lack it: fetch more history (git fetch --deepen=50 origin, or git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)"
		}
		return nil, errors.New(msg)
	}
	commit = strings.TrimSpace(commit)
	prefix, err := gitOutput(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git repository: %v", dir, err)
	}
	prefix = strings.TrimSpace(prefix)
	treeish := commit
	if prefix != "" {
		treeish = commit + ":" + strings.TrimSuffix(prefix, "/")
	}
	out, err := gitOutput(ctx, dir, "ls-tree", "-r", "-z", "--long", "--full-tree", treeish)
	if err != nil {
		if prefix == "" {
			return nil, fmt.Errorf("cannot list %s: %v", rev, err)
		}
		// The folder did not exist at that revision: an empty tree.
		out = ""
	}
	entries, err := parseLsTree(out)
	if err != nil {
		return nil, err
	}
	cat, err := startCatFile(ctx, dir)
	if err != nil {
		return nil, err
	}
	return &GitRevision{TreeFS: NewTreeFS(ctx, entries, cat), Commit: commit, cat: cat}, nil
}

// parseLsTree reads `git ls-tree -r -z --long` output:
// "<mode> SP <type> SP <object> SP+ <size> TAB <path> NUL".
func parseLsTree(out string) ([]TreeEntry, error) {
	var entries []TreeEntry
	for _, rec := range strings.Split(out, "\x00") {
		if rec == "" {
			continue
		}
		meta, p, ok := strings.Cut(rec, "\t")
		if !ok {
			return nil, fmt.Errorf("git ls-tree: unexpected line %q", rec)
		}
		f := strings.Fields(meta)
		if len(f) != 4 {
			return nil, fmt.Errorf("git ls-tree: unexpected line %q", rec)
		}
		if f[1] != "blob" {
			continue // submodules (commit) are not part of this tree
		}
		e := TreeEntry{Path: p, SHA: f[2], Size: -1}
		if n, err := strconv.ParseInt(f[3], 10, 64); err == nil {
			e.Size = n
		}
		if f[0] == "120000" {
			e.Mode = fs.ModeSymlink
		}
		entries = append(entries, e)
	}
	return entries, nil
}

func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		if errors.Is(err, exec.ErrNotFound) {
			msg = "git is not installed"
		}
		return "", errors.New(msg)
	}
	return string(out), nil
}

// catFile is a long-running `git cat-file --batch` serving blob reads.
type catFile struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startCatFile(ctx context.Context, dir string) (*catFile, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start git cat-file: %v", err)
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReader(out)}, nil
}

// FetchBlob implements BlobFetcher.
func (c *catFile) FetchBlob(_ context.Context, sha string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.in, sha+"\n"); err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return nil, fmt.Errorf("object %s is missing", sha)
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
	}
	n, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
	}
	buf := make([]byte, n+1) // content plus the trailing newline
	if _, err := io.ReadFull(c.out, buf); err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	return buf[:n], nil
}

func (c *catFile) close() error {
	c.in.Close()
	return c.cmd.Wait()
}
