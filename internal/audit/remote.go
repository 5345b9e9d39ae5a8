package audit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v66/github"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/source"
)

// RemoteOptions configure reading repositories through the GitHub API.
type RemoteOptions struct {
	// APIURL is the REST root (GITHUB_API_URL); "" means api.github.com.
	APIURL string
	// Token authenticates requests (GITHUB_TOKEN or GH_TOKEN); never logged.
	Token string
	// CacheDir, when set, keeps trees and blobs by SHA and responses by
	// ETag, so a re-run over unchanged repositories costs almost nothing.
	CacheDir string
	// Transport is the network transport (tests); nil means the default.
	Transport http.RoundTripper
	// Retry bounds retries; zero values take the audit's defaults (wait for
	// a primary rate limit's reset up to 65 minutes, no overall time cap).
	Retry github.RetryPolicy
}

// Remote reads GitHub repositories without cloning: one recursive tree
// listing per repository (subtrees walked when GitHub truncates it), then
// only the blobs detectors open.
type Remote struct {
	client *github.Client
	cache  *Cache
	// Meter counts requests and follows the rate limit.
	Meter *Meter
}

// NewRemote builds the client stack: retries (shared with the Action)
// over the ETag cache over a request meter.
func NewRemote(opts RemoteOptions) (*Remote, error) {
	r := &Remote{Meter: &Meter{}}
	// Keep a connection per worker alive: the default keeps 2 per host, and
	// --jobs 16 would open and close connections (TLS handshakes) all along.
	dt := http.DefaultTransport.(*http.Transport).Clone()
	dt.MaxIdleConnsPerHost = 64
	var rt http.RoundTripper = dt
	if opts.Transport != nil {
		rt = opts.Transport
	}
	rt = &meterTransport{next: rt, m: r.Meter}
	if opts.CacheDir != "" {
		c, err := OpenCache(opts.CacheDir)
		if err != nil {
			return nil, err
		}
		r.cache = c
		rt = &etagTransport{next: rt, cache: c}
	}
	pol := opts.Retry
	if pol.MaxWait <= 0 {
		pol.MaxWait = 65 * time.Minute
	}
	if pol.Budget <= 0 {
		pol.Budget = 3 * time.Hour
	}
	if pol.Total <= 0 {
		// A batch spends its time on the API by design: no overall cap
		// beyond what a CI job allows (each repository is bounded by the
		// per-request limits above).
		pol.Total = 72 * time.Hour
	}
	sleep := pol.Sleep
	if sleep == nil {
		sleep = func(req *http.Request, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-req.Context().Done():
				return req.Context().Err()
			}
		}
	}
	pol.Sleep = func(req *http.Request, d time.Duration) error {
		r.Meter.wait(d)
		defer r.Meter.wait(-d)
		return sleep(req, d)
	}
	c, err := github.New(github.Options{APIURL: opts.APIURL, Token: opts.Token, Transport: rt, Retry: pol, UserAgent: "stacklint-audit"})
	if err != nil {
		return nil, err
	}
	r.client = c
	return r, nil
}

// ListOptions select the repositories of an organisation or user.
type ListOptions struct {
	// Org or User names the owner (exactly one).
	Org, User string
	// IncludeArchived and IncludeForks keep what is skipped by default.
	IncludeArchived, IncludeForks bool
	// Topics keeps only repositories with at least one of these topics.
	Topics []string
}

// List pages through the owner's repositories and returns the ones to
// audit, at their default branch, sorted by name, and how many were left
// out and why ("archived", "forks", "without the topic").
func (r *Remote) List(ctx context.Context, o ListOptions) ([]Target, []NameCount, error) {
	var out []Target
	var archived, forks, topic int
	page := 1
	for page != 0 {
		var (
			repos []*gh.Repository
			resp  *gh.Response
			err   error
		)
		lo := gh.ListOptions{PerPage: 100, Page: page}
		if o.Org != "" {
			repos, resp, err = r.client.REST().Repositories.ListByOrg(ctx, o.Org, &gh.RepositoryListByOrgOptions{Type: "all", Sort: "full_name", ListOptions: lo})
		} else {
			repos, resp, err = r.client.REST().Repositories.ListByUser(ctx, o.User, &gh.RepositoryListByUserOptions{Type: "owner", Sort: "full_name", ListOptions: lo})
		}
		if err != nil {
			who := "organisation " + o.Org
			if o.Org == "" {
				who = "user " + o.User
			}
			return nil, nil, fmt.Errorf("listing the repositories of %s: %w", who, err)
		}
		for _, repo := range repos {
			switch {
			case repo.GetArchived() && !o.IncludeArchived:
				archived++
				continue
			case repo.GetFork() && !o.IncludeForks:
				forks++
				continue
			case len(o.Topics) > 0 && !slices.ContainsFunc(o.Topics, func(t string) bool { return slices.Contains(repo.Topics, t) }):
				topic++
				continue
			}
			owner := repo.GetOwner().GetLogin()
			if owner == "" {
				owner, _, _ = strings.Cut(repo.GetFullName(), "/")
			}
			out = append(out, Target{Name: owner + "/" + repo.GetName(), Owner: owner, Repo: repo.GetName(), Ref: repo.GetDefaultBranch()})
		}
		page = resp.NextPage
	}
	slices.SortFunc(out, func(a, b Target) int { return strings.Compare(a.Name, b.Name) })
	var skipped []NameCount
	for _, c := range []NameCount{{"archived", archived}, {"forks", forks}, {"without the topic", topic}} {
		if c.Count > 0 {
			skipped = append(skipped, c)
		}
	}
	return out, skipped, nil
}

// ParseRepos reads a --repos file: one owner/name[@ref] a line; blank
// lines and # comments are ignored. Errors name the file and line.
func ParseRepos(name string, rd io.Reader) ([]Target, error) {
	var out []Target
	sc := bufio.NewScanner(rd)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		t, err := ParseRepo(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		out = append(out, t)
	}
	return out, sc.Err()
}

// ParseRepo reads "owner/name" or "owner/name@ref".
func ParseRepo(s string) (Target, error) {
	spec, ref, hasRef := strings.Cut(s, "@")
	owner, repo, ok := strings.Cut(spec, "/")
	valid := func(v string) bool {
		return v != "" && !strings.ContainsAny(v, "/ \t?#%\\") && v != "." && v != ".."
	}
	if !ok || !valid(owner) || !valid(repo) || (hasRef && (ref == "" || strings.ContainsAny(ref, " \t?#%\\"))) {
		return Target{}, fmt.Errorf("%q: expected owner/name or owner/name@ref", s)
	}
	return Target{Name: owner + "/" + repo, Owner: owner, Repo: repo, Ref: ref}, nil
}

// refName is how results name a ref ("HEAD" for the default branch).
func refName(ref string) string {
	if ref == "" {
		return "HEAD"
	}
	return ref
}

// commit resolves the target's ref to its commit SHA: one request
// (GitHub's application/vnd.github.sha media type), revalidated through
// the ETag cache, so an unchanged branch costs no rate-limit budget.
func (r *Remote) commit(ctx context.Context, t Target) (string, error) {
	sha, _, err := r.client.REST().Repositories.GetCommitSHA1(ctx, t.Owner, t.Repo, refName(t.Ref), "")
	if err != nil {
		return "", fmt.Errorf("resolving %s of %s/%s to a commit: %w", refName(t.Ref), t.Owner, t.Repo, err)
	}
	return strings.TrimSpace(sha), nil
}

// remoteTree is one repository opened for a scan.
type remoteTree struct {
	fs    *source.TreeFS
	ref   string
	blobs *blobFetcher
}

// err is the first blob fetch failure, if any.
func (t *remoteTree) err() error { return t.blobs.failure() }

func (r *Remote) open(ctx context.Context, t Target) (*remoteTree, error) {
	ref := t.Ref
	if ref == "" {
		ref = "HEAD"
	}
	entries, err := r.tree(ctx, t.Owner, t.Repo, ref)
	if err != nil {
		return nil, err
	}
	bf := &blobFetcher{r: r, owner: t.Owner, repo: t.Repo}
	return &remoteTree{fs: source.NewTreeFS(ctx, entries, bf), ref: ref, blobs: bf}, nil
}

// tree lists a revision: one recursive call, or, when GitHub truncates the
// listing, a walk of the subtrees (each cached by SHA).
func (r *Remote) tree(ctx context.Context, owner, repo, ref string) ([]source.TreeEntry, error) {
	tree, _, err := r.client.REST().Git.GetTree(ctx, owner, repo, ref, true)
	if err != nil {
		return nil, fmt.Errorf("reading the tree of %s/%s at %s: %w", owner, repo, ref, err)
	}
	if !tree.GetTruncated() {
		return treeEntries("", tree.Entries), nil
	}
	var out []source.TreeEntry
	var walk func(prefix, sha string, depth int) error
	walk = func(prefix, sha string, depth int) error {
		if depth > 64 {
			return fmt.Errorf("tree of %s/%s nests deeper than 64 folders at %s", owner, repo, prefix)
		}
		entries, err := r.subtree(ctx, owner, repo, sha)
		if err != nil {
			return fmt.Errorf("reading the subtree %q of %s/%s: %w", prefix, owner, repo, err)
		}
		out = append(out, treeEntries(prefix, entries)...)
		for _, e := range entries {
			if e.GetType() == "tree" {
				if err := walk(path.Join(prefix, e.GetPath()), e.GetSHA(), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk("", tree.GetSHA(), 0); err != nil {
		return nil, err
	}
	return out, nil
}

// subtree lists one tree (not recursively), from the cache when known.
func (r *Remote) subtree(ctx context.Context, owner, repo, sha string) ([]*gh.TreeEntry, error) {
	var entries []*gh.TreeEntry
	if r.cache != nil && r.cache.getJSON("trees", sha, &entries) {
		return entries, nil
	}
	t, _, err := r.client.REST().Git.GetTree(ctx, owner, repo, sha, false)
	if err != nil {
		return nil, err
	}
	if r.cache != nil {
		r.cache.putJSON("trees", sha, t.Entries)
	}
	return t.Entries, nil
}

func treeEntries(prefix string, in []*gh.TreeEntry) []source.TreeEntry {
	var out []source.TreeEntry
	for _, e := range in {
		if e.GetType() != "blob" {
			continue
		}
		te := source.TreeEntry{Path: path.Join(prefix, e.GetPath()), SHA: e.GetSHA(), Size: int64(e.GetSize())}
		if e.GetMode() == "120000" {
			te.Mode = fs.ModeSymlink
		}
		out = append(out, te)
	}
	return out
}

// blobFetcher reads blobs from the cache, else the API, and remembers the
// first failure so an incomplete scan is not reported as complete.
type blobFetcher struct {
	r           *Remote
	owner, repo string
	mu          sync.Mutex
	first       error
	// seen holds this repository's blobs, read once even when two
	// detectors open the same file at the same time (or the profile is
	// read again). It goes away with the repository.
	seen map[string]*blobCall
}

type blobCall struct {
	done chan struct{}
	data []byte
	err  error
}

func (b *blobFetcher) FetchBlob(ctx context.Context, sha string) ([]byte, error) {
	b.mu.Lock()
	if b.seen == nil {
		b.seen = map[string]*blobCall{}
	}
	c, ok := b.seen[sha]
	if !ok {
		c = &blobCall{done: make(chan struct{})}
		b.seen[sha] = c
	}
	b.mu.Unlock()
	if ok {
		<-c.done
		return c.data, c.err
	}
	c.data, c.err = b.fetch(ctx, sha)
	close(c.done)
	return c.data, c.err
}

func (b *blobFetcher) fetch(ctx context.Context, sha string) ([]byte, error) {
	if b.r.cache != nil {
		if data, ok := b.r.cache.blob(sha); ok {
			return data, nil
		}
	}
	data, _, err := b.r.client.REST().Git.GetBlobRaw(ctx, b.owner, b.repo, sha)
	if err != nil {
		err = fmt.Errorf("reading blob %s of %s/%s: %w", sha, b.owner, b.repo, err)
		b.mu.Lock()
		if b.first == nil {
			b.first = err
		}
		b.mu.Unlock()
		return nil, err
	}
	if b.r.cache != nil {
		b.r.cache.putBlob(sha, data)
	}
	return data, nil
}

func (b *blobFetcher) failure() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.first
}

// Classify names why a repository could not be read: "not found", "no
// access", "empty repository", "rate limited", "server error", "error".
func Classify(err error) string {
	var rl *gh.RateLimitError
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &rl) || errors.As(err, &ab) {
		return "rate limited"
	}
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch c := er.Response.StatusCode; {
		case c == http.StatusNotFound:
			return "not found"
		case c == http.StatusConflict:
			return "empty repository"
		case c == http.StatusForbidden || c == http.StatusUnauthorized:
			if strings.Contains(strings.ToLower(er.Message), "rate limit") {
				return "rate limited"
			}
			return "no access"
		case c >= 500:
			return "server error"
		}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return "unreadable"
	}
	return "error"
}
