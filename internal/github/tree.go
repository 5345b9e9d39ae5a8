package github

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/stacklint/stacklint/internal/source"
)

// Tree reads a repository revision through the API as an fs.FS: one
// recursive Trees call lists it, and blobs are fetched only for the files a
// detector opens. A truncated listing (over GitHub's limit of 100,000
// entries or 7 MB) is reported as an error rather than scanned partially.
func (c *Client) Tree(ctx context.Context, owner, repo, ref string) (*source.TreeFS, error) {
	tree, _, err := c.gh.Git.GetTree(ctx, owner, repo, ref, true)
	if err != nil {
		return nil, fmt.Errorf("reading the tree of %s/%s at %s: %w", owner, repo, ref, err)
	}
	if tree.GetTruncated() {
		return nil, fmt.Errorf("the tree of %s/%s at %s is too large for one API listing (truncated)", owner, repo, ref)
	}
	var entries []source.TreeEntry
	for _, e := range tree.Entries {
		if e.GetType() != "blob" {
			continue
		}
		te := source.TreeEntry{Path: e.GetPath(), SHA: e.GetSHA(), Size: int64(e.GetSize())}
		if e.GetMode() == "120000" {
			te.Mode = fs.ModeSymlink
		}
		entries = append(entries, te)
	}
	return source.NewTreeFS(ctx, entries, blobFetcher{c: c, owner: owner, repo: repo}), nil
}

type blobFetcher struct {
	c           *Client
	owner, repo string
}

// FetchBlob reads a blob's raw bytes.
func (b blobFetcher) FetchBlob(ctx context.Context, sha string) ([]byte, error) {
	data, _, err := b.c.gh.Git.GetBlobRaw(ctx, b.owner, b.repo, sha)
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", sha, err)
	}
	return data, nil
}
