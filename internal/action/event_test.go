package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadEvent(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       *PullRequest
		fork       bool
	}{
		{"pull_request", "pull_request.opened.json", &PullRequest{Number: 2, BaseSHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", BaseRef: "master",
			HeadSHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", BaseRepo: "Codertocat/Hello-World", HeadRepo: "Codertocat/Hello-World"}, false},
		{"pull_request_target", "pull_request.synchronize.fork.json", &PullRequest{Number: 7, BaseSHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", BaseRef: "master",
			HeadSHA: "34c5c7793cb3b279e22454cb6750c80560547b3a", BaseRepo: "Codertocat/Hello-World", HeadRepo: "octocat/Hello-World"}, true},
		{"push", "push.json", nil, false},
		{"schedule", "schedule.json", nil, false},
		{"workflow_dispatch", "workflow_dispatch.json", nil, false},
	} {
		ev, err := ReadEvent(tc.name, filepath.Join("testdata", "events", tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if ev.Name != tc.name {
			t.Errorf("%s: name %q", tc.name, ev.Name)
		}
		switch {
		case tc.want == nil && ev.PullRequest != nil:
			t.Errorf("%s: unexpected pull request %+v", tc.name, ev.PullRequest)
		case tc.want != nil && (ev.PullRequest == nil || *ev.PullRequest != *tc.want):
			t.Errorf("%s: got %+v, want %+v", tc.name, ev.PullRequest, tc.want)
		case tc.want != nil && ev.PullRequest.Fork() != tc.fork:
			t.Errorf("%s: Fork() = %v", tc.name, ev.PullRequest.Fork())
		}
	}
	// Non-PR events do not need a payload at all.
	if _, err := ReadEvent("schedule", ""); err != nil {
		t.Errorf("schedule without payload: %v", err)
	}
}

func TestReadEventErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "event.json")
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	for _, tc := range []struct{ name, payload, want string }{
		{"not json", "{", "not a JSON event payload"},
		{"no pull_request", `{"ref":"refs/heads/main"}`, "no pull_request object"},
		{"no number", `{"pull_request":{"base":{"sha":"a","repo":{"full_name":"o/r"}}}}`, "no number"},
		{"no base sha", `{"number":3,"pull_request":{"base":{"repo":{"full_name":"o/r"}}}}`, "base.sha is missing"},
		{"no base repo", `{"number":3,"pull_request":{"base":{"sha":"abc"}}}`, "full_name is missing"},
	} {
		_, err := ReadEvent("pull_request", write(tc.payload))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := ReadEvent("pull_request", ""); err == nil || !strings.Contains(err.Error(), "GITHUB_EVENT_PATH") {
		t.Errorf("no path: %v", err)
	}
	if _, err := ReadEvent("pull_request", filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
	// A deleted fork: head.repo is null.
	pr, err := ParsePullRequest([]byte(`{"number":9,"pull_request":{"number":9,"head":{"sha":"h","repo":null},"base":{"sha":"b","repo":{"full_name":"o/r"}}}}`))
	if err != nil || pr.HeadRepo != "" || !pr.Fork() {
		t.Errorf("deleted fork: %+v %v", pr, err)
	}
}
