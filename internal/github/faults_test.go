package github_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

func TestEndlessPaginationStops(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.EndlessComments = true
	lists := 0
	srv.Before = func(method, path string) {
		if lists++; lists == 500 {
			srv.SetEndlessComments(false) // let an unbounded client end the test
		}
	}
	c, err := github.New(github.Options{APIURL: srv.APIURL(), Token: "t", MaxPages: 7})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindComments(context.Background(), thread())
	if !errors.Is(err, github.ErrTooManyPages) || !strings.Contains(err.Error(), "stopped after 7 pages") {
		t.Errorf("err = %v", err)
	}
	if n := len(srv.Requests()); n != 7 {
		t.Errorf("%d requests, want 7", n)
	}
	if github.Explain(err) == "" {
		t.Error("no explanation for a listing cut short")
	}
}

func TestTotalAPITimeIsBounded(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.Inject(githubtest.Fault{Method: "GET", Status: 502, Times: -1, Body: `{"message":"Server Error"}`})
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := github.New(github.Options{APIURL: srv.APIURL(), Token: "t", Retry: github.RetryPolicy{
		Total: time.Minute,
		Now:   func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Sleep: func(_ *http.Request, d time.Duration) error { mu.Lock(); now = now.Add(d); mu.Unlock(); return nil },
	}})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for ; calls < 100; calls++ {
		if _, err := c.FindComments(context.Background(), thread()); errors.Is(err, github.ErrBudget) {
			break
		}
	}
	if calls == 100 {
		t.Fatal("the budget never ran out")
	}
	// Each listing tries 5 times, waiting 1s, 2s, 4s and 8s (plus jitter):
	// four listings at most fit in a minute.
	n := len(srv.Requests())
	if n > 20 || calls > 4 {
		t.Errorf("%d requests in %d listings for a 1m budget", n, calls)
	}
	if _, err := c.FindComments(context.Background(), thread()); !errors.Is(err, github.ErrBudget) || len(srv.Requests()) != n {
		t.Errorf("a request was sent after the budget was spent: %v", err)
	}
}

func TestExplain(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	path := fmt.Sprintf("/repos/%s/%s/issues/%d/comments", owner, repo, pr)
	for _, tc := range []struct {
		name            string
		fault           githubtest.Fault
		want            string
		forbidden, auth bool
	}{
		{"401", githubtest.Fault{Status: 401, Body: `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`}, "HTTP 401 Bad credentials", false, true},
		{"primary 403", githubtest.Fault{Status: 403, Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1956528000"}, Body: `{"message":"API rate limit exceeded for installation ID 1.","status":"403"}`}, "resets at 00:00:00 UTC (2032-01-01)", false, false},
		{"primary 429", githubtest.Fault{Status: 429, Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1956528000"}, Body: `{"message":"API rate limit exceeded","status":"429"}`}, "resets at 00:00:00 UTC", false, false},
		{"secondary", githubtest.Fault{Status: 403, Body: `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`}, "secondary rate limit", false, false},
		{"permission", githubtest.Fault{Status: 403, Body: `{"message":"Resource not accessible by integration","status":"403"}`}, "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fault
			f.Method, f.Path, f.Times = "GET", path, -1
			srv.Inject(f)
			defer func() { srv.Inject(githubtest.Fault{}) }()
			c, _ := client(t, srv, srv.APIURL())
			_, err := c.FindComments(context.Background(), thread())
			srv.Close()
			if err == nil {
				t.Fatal("no error")
			}
			if got := github.Explain(err); !strings.Contains(got, tc.want) || (tc.want == "") != (got == "") {
				t.Errorf("Explain = %q, want %q", got, tc.want)
			}
			if github.IsForbidden(err) != tc.forbidden || github.IsUnauthorized(err) != tc.auth {
				t.Errorf("forbidden %v, unauthorized %v", github.IsForbidden(err), github.IsUnauthorized(err))
			}
		})
		srv = githubtest.New()
	}
	srv.Close()
}

// Two runs racing on one thread: whatever the interleaving, one comment
// remains. Run B's whole upsert is placed before each request of run A.
func TestRacingUpsertsLeaveOneComment(t *testing.T) {
	for point := 1; ; point++ {
		srv := githubtest.New()
		n, fired := 0, false
		b, _ := client(t, srv, srv.APIURL())
		srv.Before = func(method, path string) {
			if fired {
				return
			}
			if n++; n == point {
				fired = true
				if _, err := b.Upsert(context.Background(), thread(), github.Marker("api")+"\nfrom B"); err != nil {
					t.Errorf("point %d: B: %v", point, err)
				}
			}
		}
		a, _ := client(t, srv, srv.APIURL())
		if _, err := a.Upsert(context.Background(), thread(), github.Marker("api")+"\nfrom A"); err != nil {
			t.Errorf("point %d: A: %v", point, err)
		}
		cs := srv.Comments(owner, repo, pr)
		srv.Close()
		if len(cs) != 1 {
			t.Errorf("B before A's request %d: %d comments", point, len(cs))
		}
		if !fired {
			if point < 3 {
				t.Fatal("the interleavings were not exercised")
			}
			return
		}
	}
}

func TestBlobIDIsGitHashObject(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, content := range []string{"", "hello\n", strings.Repeat("x", 100000), "\x00binary\xff"} {
		p := filepath.Join(t.TempDir(), "f")
		os.WriteFile(p, []byte(content), 0o644)
		out, err := exec.Command("git", "hash-object", "--no-filters", p).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := github.BlobID([]byte(content), 40), strings.TrimSpace(string(out)); got != want {
			t.Errorf("BlobID(%d bytes) = %s, git says %s", len(content), got, want)
		}
	}
	if got := github.BlobID(nil, 64); got != "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813" {
		t.Errorf("SHA-256 empty blob = %s", got)
	}
}

func TestTreeReadsUnchangedFilesLocally(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.AddTree(owner, repo, "base", map[string]string{"a/go.mod": "module a\n", "b/go.mod": "module b\n", "c/go.mod": "module c\n"})
	local := fstest.MapFS{
		"a/go.mod": {Data: []byte("module a\n")},            // unchanged
		"b/go.mod": {Data: []byte("module b // changed\n")}, // changed
	} // c/go.mod deleted in the head
	c, _ := client(t, srv, srv.APIURL())
	tree, err := c.Tree(context.Background(), owner, repo, "base", github.TreeOptions{Local: local})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a/go.mod", "b/go.mod", "c/go.mod"} {
		b, err := fs.ReadFile(tree, name)
		if want := "module " + name[:1] + "\n"; err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want the base's %q", name, b, err, want)
		}
	}
	if l, f := tree.Reads(); l != 1 || f != 2 {
		t.Errorf("local %d, fetched %d; want 1 and 2", l, f)
	}
	if tree.Incomplete() != nil {
		t.Error(tree.Incomplete())
	}
}

func TestTreeFailedReadMakesRevisionIncomplete(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.AddTree(owner, repo, "base", map[string]string{"a/go.mod": "module a\n", "b/go.mod": "module b\n"})
	srv.Inject(githubtest.Fault{Method: "GET", Path: fmt.Sprintf("/repos/%s/%s/git/blobs/", owner, repo), Status: 500, Times: -1, Body: `{"message":"Server Error"}`})
	c, _ := client(t, srv, srv.APIURL())
	tree, err := c.Tree(context.Background(), owner, repo, "base", github.TreeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(tree, "a/go.mod"); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed read is %v, not an error distinct from absence", err)
	}
	before := len(srv.Requests())
	if _, err := fs.ReadFile(tree, "b/go.mod"); err == nil {
		t.Error("read after the revision became incomplete")
	}
	if len(srv.Requests()) != before {
		t.Error("fetched again after the revision became incomplete")
	}
	if err := tree.Incomplete(); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("Incomplete = %v", err)
	}
}
