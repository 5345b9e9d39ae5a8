package action

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

func TestSyncCommentWhenClean(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		when       string
		clean      bool
		wantAction github.CommentAction
		wantCount  int
		minimized  bool
	}{
		{CleanUpdate, false, github.CommentUpdated, 1, false},
		{CleanDelete, false, github.CommentUpdated, 1, false}, // findings: when_clean does not apply
		{CleanUpdate, true, github.CommentUpdated, 1, false},
		{CleanDelete, true, github.CommentDeleted, 0, false},
		{CleanMinimize, true, github.CommentMinimized, 1, true},
	} {
		srv := githubtest.New()
		srv.AddComment("o", "r", 5, "github-actions[bot]", "Bot", github.Marker("api")+"\nold findings", time.Now().Add(-time.Hour))
		c, err := github.New(github.Options{APIURL: srv.APIURL(), Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		th := github.Thread{Owner: "o", Repo: "r", Number: 5, Key: "api"}
		body := github.Marker("api") + "\n### stacklint — no findings"
		res, err := SyncComment(ctx, c, th, body, tc.clean, tc.when)
		if err != nil {
			t.Fatalf("%s/%v: %v", tc.when, tc.clean, err)
		}
		cs := srv.Comments("o", "r", 5)
		if res.Action != tc.wantAction || len(cs) != tc.wantCount {
			t.Errorf("%s/clean=%v: action %s, %d comments; want %s, %d", tc.when, tc.clean, res.Action, len(cs), tc.wantAction, tc.wantCount)
		}
		if len(cs) == 1 && (cs[0].Minimized != tc.minimized || !strings.Contains(cs[0].Body, "no findings")) {
			t.Errorf("%s/clean=%v: comment %+v", tc.when, tc.clean, cs[0])
		}
		srv.Close()
	}
}

func TestForbiddenHelp(t *testing.T) {
	fork := forbiddenHelp(&PullRequest{Number: 7, BaseRepo: "o/r", HeadRepo: "someone/r"}, "pull_request")
	for _, w := range []string{"#7", "someone/r", "read-only token", "pull_request_target", "github.event.pull_request.head.sha", "never runs code"} {
		if !strings.Contains(fork, w) {
			t.Errorf("fork help lacks %q: %s", w, fork)
		}
	}
	same := forbiddenHelp(&PullRequest{Number: 3, BaseRepo: "o/r", HeadRepo: "o/r"}, "pull_request")
	if target := forbiddenHelp(&PullRequest{Number: 7, BaseRepo: "o/r", HeadRepo: "someone/r"}, "pull_request_target"); !strings.Contains(target, "pull-requests: write") {
		t.Errorf("pull_request_target help: %s", target)
	}
	if !strings.Contains(same, "pull-requests: write") || strings.Contains(same, "pull_request_target") {
		t.Errorf("same-repo help: %s", same)
	}
}
