package github_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

const owner, repo, pr = "acme", "shop", 7

func client(t *testing.T, srv *githubtest.Server, api string) (*github.Client, *[]time.Duration) {
	t.Helper()
	var slept []time.Duration
	c, err := github.New(github.Options{
		APIURL: api, Token: "ghs_secret123",
		Retry: github.RetryPolicy{Sleep: func(_ *http.Request, d time.Duration) error { slept = append(slept, d); return nil }},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &slept
}

func thread() github.Thread { return github.Thread{Owner: owner, Repo: repo, Number: pr, Key: "api"} }

func TestUpsertCreatesThenUpdatesThenLeavesAlone(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	c, _ := client(t, srv, srv.APIURL())
	ctx := context.Background()
	body := github.Marker("api") + "\nfirst"

	r, err := c.Upsert(ctx, thread(), body)
	if err != nil || r.Action != github.CommentCreated || !strings.Contains(r.URL, "#issuecomment-") {
		t.Fatalf("first upsert = %+v, %v", r, err)
	}
	r, err = c.Upsert(ctx, thread(), github.Marker("api")+"\nsecond")
	if err != nil || r.Action != github.CommentUpdated {
		t.Fatalf("second upsert = %+v, %v", r, err)
	}
	writes := srv.Writes()
	r, err = c.Upsert(ctx, thread(), github.Marker("api")+"\nsecond")
	if err != nil || r.Action != github.CommentUnchanged {
		t.Fatalf("third upsert = %+v, %v", r, err)
	}
	if srv.Writes() != writes {
		t.Errorf("unchanged content caused %d API writes", srv.Writes()-writes)
	}
	cs := srv.Comments(owner, repo, pr)
	if len(cs) != 1 || !strings.HasSuffix(cs[0].Body, "second") {
		t.Errorf("comments = %+v", cs)
	}
	for _, req := range srv.Requests() {
		if req.Auth != "Bearer" {
			t.Errorf("request %s %s auth scheme %q", req.Method, req.Path, req.Auth)
		}
	}
}

func TestFindsMarkerOnPageThree(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 250; i++ {
		body := fmt.Sprintf("comment %d", i)
		user, typ := "someone", "User"
		if i == 230 {
			body, user, typ = github.Marker("api")+"\nold report", "github-actions[bot]", "Bot"
		}
		srv.AddComment(owner, repo, pr, user, typ, body, start.Add(time.Duration(i)*time.Minute))
	}
	c, _ := client(t, srv, srv.APIURL())
	r, err := c.Upsert(context.Background(), thread(), github.Marker("api")+"\nnew report")
	if err != nil || r.Action != github.CommentUpdated {
		t.Fatalf("upsert = %+v, %v", r, err)
	}
	pages := 0
	for _, req := range srv.Requests() {
		if req.Method == "GET" && strings.HasSuffix(req.Path, "/comments") {
			pages++
		}
	}
	if pages != 3 || len(srv.Comments(owner, repo, pr)) != 250 {
		t.Errorf("listed %d pages, %d comments remain", pages, len(srv.Comments(owner, repo, pr)))
	}
}

func TestDuplicatesKeepOldestAndIgnoreOthers(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := github.Marker("api")
	srv.AddComment(owner, repo, pr, "mallory", "User", m+"\nforged by a user", t0)
	oldest := srv.AddComment(owner, repo, pr, "github-actions[bot]", "Bot", m+"\nA", t0.Add(time.Minute))
	srv.AddComment(owner, repo, pr, "github-actions[bot]", "Bot", m+"\nB", t0.Add(2*time.Minute))
	srv.AddComment(owner, repo, pr, "github-actions[bot]", "Bot", github.Marker("web")+"\nother key", t0.Add(3*time.Minute))
	c, _ := client(t, srv, srv.APIURL())
	r, err := c.Upsert(context.Background(), thread(), m+"\nC")
	if err != nil || r.ID != oldest || r.DuplicatesDeleted != 1 || r.Action != github.CommentUpdated {
		t.Fatalf("upsert = %+v, %v", r, err)
	}
	var bodies []string
	for _, cm := range srv.Comments(owner, repo, pr) {
		bodies = append(bodies, cm.Body[strings.Index(cm.Body, "\n")+1:])
	}
	if strings.Join(bodies, ",") != "forged by a user,C,other key" {
		t.Errorf("bodies = %q", bodies)
	}
}

func TestKnownIdentityRestrictsAuthor(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.AddComment(owner, repo, pr, "other-bot[bot]", "Bot", github.Marker("")+"\nnot ours", time.Now())
	c, _ := client(t, srv, srv.APIURL())
	th := github.Thread{Owner: owner, Repo: repo, Number: pr, Author: "stacklint-app[bot]"}
	cs, err := c.FindComments(context.Background(), th)
	if err != nil || len(cs) != 0 {
		t.Errorf("found %d, %v", len(cs), err)
	}
}

func TestRetries(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	path := fmt.Sprintf("/repos/%s/%s/issues/%d/comments", owner, repo, pr)
	srv.Inject(githubtest.Fault{Method: "GET", Path: path, Status: 502, Body: `{"message":"Server Error"}`, Times: 2})
	srv.Inject(githubtest.Fault{Method: "POST", Path: path, Status: 403, Header: map[string]string{"Retry-After": "3"}, Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`})
	reset := time.Now().Add(5 * time.Second).Unix()
	srv.Inject(githubtest.Fault{Method: "POST", Path: path, Status: 403, Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": fmt.Sprint(reset)}, Body: `{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"}`})
	c, slept := client(t, srv, srv.APIURL())
	r, err := c.Upsert(context.Background(), thread(), "hello")
	if err != nil || r.Action != github.CommentCreated {
		t.Fatalf("upsert = %+v, %v", r, err)
	}
	if len(*slept) != 4 || (*slept)[2] != 3*time.Second || (*slept)[3] < 2*time.Second || (*slept)[3] > 7*time.Second {
		t.Errorf("waits = %v", *slept)
	}
	if n := len(srv.Comments(owner, repo, pr)); n != 1 {
		t.Errorf("%d comments", n)
	}
}

func TestRetryIsBounded(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.Inject(githubtest.Fault{Method: "GET", Path: "/repos/", Status: 503, Body: `{"message":"unavailable"}`, Times: 100})
	c, slept := client(t, srv, srv.APIURL())
	_, err := c.Upsert(context.Background(), thread(), "x")
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("err = %v", err)
	}
	if len(*slept) != 4 {
		t.Errorf("retried %d times, want 4 (5 attempts)", len(*slept))
	}
	// A rate limit resetting in an hour is not waited for.
	srv2 := githubtest.New()
	defer srv2.Close()
	srv2.Inject(githubtest.Fault{Path: "/repos/", Status: 403, Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": fmt.Sprint(time.Now().Add(time.Hour).Unix())}, Body: `{"message":"API rate limit exceeded"}`})
	c2, slept2 := client(t, srv2, srv2.APIURL())
	if _, err := c2.Upsert(context.Background(), thread(), "x"); err == nil || len(*slept2) != 0 {
		t.Errorf("err = %v, waits = %v", err, *slept2)
	}
}

func TestForkIsForbidden(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.ReadOnly = true
	c, slept := client(t, srv, srv.APIURL())
	_, err := c.Upsert(context.Background(), thread(), "x")
	if !github.IsForbidden(err) || len(*slept) != 0 {
		t.Fatalf("err = %v (forbidden %v), waits %v", err, github.IsForbidden(err), *slept)
	}
	if !strings.Contains(err.Error(), "Resource not accessible by integration") {
		t.Errorf("err = %v", err)
	}
}

func TestDeleteAndMinimize(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	c, _ := client(t, srv, srv.APIURL())
	ctx := context.Background()
	if r, err := c.Minimize(ctx, thread(), "clean"); err != nil || r.Action != github.CommentNone || srv.Writes() != 0 {
		t.Fatalf("minimize with no comment = %+v, %v, %d writes", r, err, srv.Writes())
	}
	c.Upsert(ctx, thread(), "findings")
	r, err := c.Minimize(ctx, thread(), "all clean now")
	if err != nil || r.Action != github.CommentMinimized {
		t.Fatalf("minimize = %+v, %v", r, err)
	}
	cs := srv.Comments(owner, repo, pr)
	if len(cs) != 1 || !cs[0].Minimized || !strings.HasSuffix(cs[0].Body, "all clean now") {
		t.Errorf("comments = %+v", cs)
	}
	if r, err := c.Delete(ctx, thread()); err != nil || r.Action != github.CommentDeleted || len(srv.Comments(owner, repo, pr)) != 0 {
		t.Errorf("delete = %+v, %v", r, err)
	}
}

func TestEnterpriseServerBaseURL(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	c, _ := client(t, srv, srv.APIURL()+"/api/v3")
	if _, err := c.Upsert(context.Background(), thread(), "x"); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if !strings.HasPrefix(r.Path, "/api/v3/repos/") {
			t.Errorf("request path %s lacks /api/v3", r.Path)
		}
	}
}

func TestTree(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	srv.AddTree(owner, repo, "abc123", map[string]string{"go.mod": "module x\n\ngo 1.22\n", "svc/package.json": `{}`, "README.md": "hi"})
	c, _ := client(t, srv, srv.APIURL())
	tree, err := c.Tree(context.Background(), owner, repo, "abc123", github.TreeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(tree, "go.mod")
	if err != nil || !strings.Contains(string(b), "go 1.22") {
		t.Errorf("go.mod = %q, %v", b, err)
	}
	if _, err := fs.Stat(tree, "svc/package.json"); err != nil {
		t.Error(err)
	}
	if tree.Fetched() != 1 {
		t.Errorf("fetched %d blobs, want 1 (only what was opened)", tree.Fetched())
	}
	if _, err := c.Tree(context.Background(), owner, repo, "missing", github.TreeOptions{}); err == nil || !github.IsNotFound(err) {
		t.Errorf("missing tree: %v", err)
	}
}

func TestMarker(t *testing.T) {
	for key, want := range map[string]string{"": "<!-- stacklint:v1 key=default -->", "services/api": "<!-- stacklint:v1 key=services/api -->", "x --> <b>": "<!-- stacklint:v1 key=x------b- -->"} {
		if got := github.Marker(key); got != want {
			t.Errorf("Marker(%q) = %q, want %q", key, got, want)
		}
		if !strings.HasPrefix(github.Marker(key), github.MarkerPrefix) {
			t.Errorf("Marker(%q) does not start with MarkerPrefix", key)
		}
	}
}
