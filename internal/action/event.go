package action

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Event is what stacklint needs of the event that triggered the workflow.
type Event struct {
	// Name is GITHUB_EVENT_NAME ("pull_request", "push", ...).
	Name string
	// PullRequest is set on pull_request and pull_request_target events.
	PullRequest *PullRequest
}

// PullRequest is the pull request of a pull_request(_target) event.
type PullRequest struct {
	Number int
	// BaseSHA and BaseRef are the base branch's commit and name.
	BaseSHA, BaseRef string
	// HeadSHA is the pull request's head commit (evidence links point at it).
	HeadSHA string
	// BaseRepo and HeadRepo are "owner/name"; HeadRepo is "" when the
	// fork was deleted.
	BaseRepo, HeadRepo string
}

// Fork reports whether the head lives in another repository: then the
// pull_request token is read-only and cannot comment.
func (p *PullRequest) Fork() bool {
	return p != nil && !strings.EqualFold(p.HeadRepo, p.BaseRepo)
}

// BaseOwnerRepo splits BaseRepo.
func (p *PullRequest) BaseOwnerRepo() (owner, repo string) {
	owner, repo, _ = strings.Cut(p.BaseRepo, "/")
	return owner, repo
}

// IsPullRequestEvent reports whether an event name carries a pull request
// stacklint comments on.
func IsPullRequestEvent(name string) bool {
	return name == "pull_request" || name == "pull_request_target"
}

// eventPayload is the subset of the webhook payload read.
type eventPayload struct {
	Number      int `json:"number"`
	PullRequest *struct {
		Number int   `json:"number"`
		Base   prRef `json:"base"`
		Head   prRef `json:"head"`
	} `json:"pull_request"`
}

type prRef struct {
	Ref  string `json:"ref"`
	SHA  string `json:"sha"`
	Repo *struct {
		FullName string `json:"full_name"`
	} `json:"repo"`
}

// ReadEvent reads the event payload at path (GITHUB_EVENT_PATH) for the
// event name. Only pull request events need the payload; for the others it
// is not read and an empty path is fine.
func ReadEvent(name, path string) (Event, error) {
	ev := Event{Name: name}
	if !IsPullRequestEvent(name) {
		return ev, nil
	}
	if path == "" {
		return ev, fmt.Errorf("GITHUB_EVENT_PATH is not set: cannot read the %s event", name)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ev, fmt.Errorf("reading the %s event: %w", name, err)
	}
	pr, err := ParsePullRequest(data)
	if err != nil {
		return ev, fmt.Errorf("the %s event at %s: %w", name, path, err)
	}
	ev.PullRequest = pr
	return ev, nil
}

// ParsePullRequest reads the pull request of a pull_request or
// pull_request_target payload.
func ParsePullRequest(data []byte) (*PullRequest, error) {
	var p eventPayload
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("not a JSON event payload: %w", err)
	}
	if p.PullRequest == nil {
		return nil, fmt.Errorf("no pull_request object in the payload")
	}
	pr := &PullRequest{
		Number:  p.PullRequest.Number,
		BaseSHA: p.PullRequest.Base.SHA, BaseRef: p.PullRequest.Base.Ref,
		HeadSHA: p.PullRequest.Head.SHA,
	}
	if pr.Number == 0 {
		pr.Number = p.Number
	}
	if r := p.PullRequest.Base.Repo; r != nil {
		pr.BaseRepo = r.FullName
	}
	if r := p.PullRequest.Head.Repo; r != nil {
		pr.HeadRepo = r.FullName
	}
	switch {
	case pr.Number <= 0:
		return nil, fmt.Errorf("the pull request has no number")
	case pr.BaseSHA == "":
		return nil, fmt.Errorf("pull_request.base.sha is missing")
	case !strings.Contains(pr.BaseRepo, "/"):
		return nil, fmt.Errorf("pull_request.base.repo.full_name is missing")
	}
	return pr, nil
}
