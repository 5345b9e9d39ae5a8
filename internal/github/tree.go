package github

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"sync"
	"time"

	"github.com/stacklint/stacklint/internal/source"
)

// TreeOptions tune how Tree reads a revision.
type TreeOptions struct {
	// Local is a checkout of the same repository (its root): a file whose
	// content has the git blob id the tree lists for its path (computed as
	// `git hash-object` does) is read from it instead of fetched, so a pull
	// request costs one tree request plus one blob per file it changed.
	Local fs.FS
	// Budget bounds the total time spent reading blobs (default 2m). Once
	// spent, reads fail and Incomplete reports it.
	Budget time.Duration
	// Now is the clock of the budget; nil means time.Now.
	Now func() time.Time
}

// Revision is a repository revision read through the API: an fs.FS whose
// files are read lazily. A read that fails (a server error after retries,
// a rate limit, the budget spent) makes the revision incomplete: every
// later read fails too, and Incomplete returns the first cause, so that a
// caller never mistakes a file it could not read for a file that is absent.
type Revision struct {
	*source.TreeFS
	f *blobFetcher
}

// Incomplete returns why a file of the revision could not be read, or nil
// when every read so far succeeded.
func (r *Revision) Incomplete() error {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	return r.f.failed
}

// Reads reports how many files were read from the local checkout and how
// many blobs were fetched through the API.
func (r *Revision) Reads() (local, fetched int) {
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	return r.f.local, r.f.fetched
}

// Tree reads a repository revision through the API as an fs.FS: one
// recursive Trees call lists it, and blobs are read only for the files a
// detector opens, from opts.Local when the content there is the same. A
// truncated listing (over GitHub's limit of 100,000 entries or 7 MB) is
// reported as an error rather than scanned partially.
func (c *Client) Tree(ctx context.Context, owner, repo, ref string, opts TreeOptions) (*Revision, error) {
	if opts.Budget <= 0 {
		opts.Budget = 2 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	start := opts.Now()
	tree, _, err := c.gh.Git.GetTree(ctx, owner, repo, ref, true)
	if err != nil {
		return nil, fmt.Errorf("reading the tree of %s/%s at %s: %w", owner, repo, ref, err)
	}
	if tree.GetTruncated() {
		return nil, fmt.Errorf("the tree of %s/%s at %s is too large for one API listing (truncated)", owner, repo, ref)
	}
	f := &blobFetcher{c: c, owner: owner, repo: repo, opts: opts, start: start, paths: map[string][]string{}}
	var entries []source.TreeEntry
	for _, e := range tree.Entries {
		if e.GetType() != "blob" {
			continue
		}
		te := source.TreeEntry{Path: e.GetPath(), SHA: e.GetSHA(), Size: int64(e.GetSize())}
		if e.GetMode() == "120000" {
			te.Mode = fs.ModeSymlink
		} else {
			f.paths[te.SHA] = append(f.paths[te.SHA], te.Path)
		}
		entries = append(entries, te)
	}
	return &Revision{TreeFS: source.NewTreeFS(ctx, entries, f), f: f}, nil
}

type blobFetcher struct {
	c           *Client
	owner, repo string
	opts        TreeOptions
	start       time.Time
	// paths lists, per blob id, the regular files holding it.
	paths map[string][]string

	mu             sync.Mutex
	failed         error
	local, fetched int
}

// FetchBlob reads a blob's raw bytes: from the local checkout when a file
// there has this blob id, else through the API within the budget.
func (b *blobFetcher) FetchBlob(ctx context.Context, sha string) ([]byte, error) {
	if data, ok := b.fromLocal(sha); ok {
		b.mu.Lock()
		b.local++
		b.mu.Unlock()
		return data, nil
	}
	b.mu.Lock()
	failed := b.failed
	b.mu.Unlock()
	if failed != nil {
		return nil, fmt.Errorf("reading blob %s: not tried, the revision is already incomplete: %w", sha, failed)
	}
	left := b.opts.Budget - b.opts.Now().Sub(b.start)
	var data []byte
	err := fmt.Errorf("reading blob %s: the %s budget for reading the revision is spent", sha, b.opts.Budget)
	if left > 0 {
		ctx, cancel := context.WithTimeout(ctx, left)
		data, _, err = b.c.gh.Git.GetBlobRaw(ctx, b.owner, b.repo, sha)
		cancel()
		if err != nil {
			err = fmt.Errorf("reading blob %s: %w", sha, err)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		if b.failed == nil {
			b.failed = err
		}
		return nil, err
	}
	b.fetched++
	return data, nil
}

// fromLocal returns the content of a local file whose git blob id is sha.
func (b *blobFetcher) fromLocal(sha string) ([]byte, bool) {
	if b.opts.Local == nil {
		return nil, false
	}
	for _, p := range b.paths[sha] {
		info, err := fs.Stat(b.opts.Local, p)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxLocalBlob {
			continue
		}
		f, err := b.opts.Local.Open(p)
		if err != nil {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(f, maxLocalBlob+1))
		f.Close()
		if err != nil || len(data) > maxLocalBlob {
			continue
		}
		if BlobID(data, len(sha)) == sha {
			return data, true
		}
	}
	return nil, false
}

// maxLocalBlob bounds a local file read in place of a blob.
const maxLocalBlob = 16 << 20

// BlobID computes the git blob id of content as `git hash-object` does:
// the hash of "blob <size>\0" followed by the content; SHA-1 (40 hex
// digits) or, for SHA-256 repositories (hexLen 64), SHA-256.
func BlobID(content []byte, hexLen int) string {
	header := "blob " + strconv.Itoa(len(content)) + "\x00"
	if hexLen == 64 {
		h := sha256.New()
		io.WriteString(h, header)
		h.Write(content)
		return hex.EncodeToString(h.Sum(nil))
	}
	h := sha1.New()
	io.WriteString(h, header)
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}
