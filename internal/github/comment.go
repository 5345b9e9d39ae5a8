package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v66/github"

	"github.com/stacklint/stacklint/internal/report"
)

// MarkerPrefix starts the hidden marker that identifies stacklint's comment.
const MarkerPrefix = "<!-- stacklint:v1 key="

// Marker returns the hidden first line for a comment key ("default" when
// empty): the same line report.CheckMarkdown writes, so that the comment it
// renders is the one Upsert finds. Keys are reduced to letters, digits and
// ._/- so that no key can close the HTML comment.
func Marker(key string) string { return report.CommentMarker(key) }

// Thread is the pull request (or issue) a sticky comment lives on.
type Thread struct {
	Owner, Repo string
	Number      int
	// Key distinguishes several stacklint runs in one repository.
	Key string
	// Author restricts matches to comments this login wrote; "" when the
	// identity is unknown, then only bot-authored comments match (the
	// Actions token writes as github-actions[bot]).
	Author string
}

// CommentAction is what an upsert did.
type CommentAction string

// Comment actions.
const (
	CommentCreated   CommentAction = "created"
	CommentUpdated   CommentAction = "updated"
	CommentUnchanged CommentAction = "unchanged"
	CommentDeleted   CommentAction = "deleted"
	CommentMinimized CommentAction = "minimized"
	CommentNone      CommentAction = "none"
)

// CommentResult reports an upsert.
type CommentResult struct {
	Action CommentAction
	// URL is the comment's html_url ("" when there is none).
	URL string
	// ID of the kept comment.
	ID int64
	// DuplicatesDeleted counts extra marker comments removed.
	DuplicatesDeleted int
}

// ErrTooManyPages is returned (wrapped) for a listing longer than the
// client's page cap (Options.MaxPages), or whose next page does not advance.
var ErrTooManyPages = errors.New("listing too long")

// FindComments returns every comment of the thread carrying the key's
// marker, oldest first, through a fully paginated listing.
func (c *Client) FindComments(ctx context.Context, t Thread) ([]*gh.IssueComment, error) {
	marker := Marker(t.Key)
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var out []*gh.IssueComment
	for pages := 1; ; pages++ {
		if pages > c.maxPages {
			return nil, fmt.Errorf("listing comments of %s/%s#%d: %w: stopped after %d pages of %d (the API kept announcing a next page)", t.Owner, t.Repo, t.Number, ErrTooManyPages, c.maxPages, opts.PerPage)
		}
		page, resp, err := c.gh.Issues.ListComments(ctx, t.Owner, t.Repo, t.Number, opts)
		if err != nil {
			return nil, fmt.Errorf("listing comments of %s/%s#%d: %w", t.Owner, t.Repo, t.Number, err)
		}
		for _, cm := range page {
			if !strings.HasPrefix(strings.TrimSpace(cm.GetBody()), marker) {
				continue
			}
			if !authoredBy(cm, t.Author) {
				continue
			}
			out = append(out, cm)
		}
		if resp == nil || resp.NextPage == 0 {
			break
		}
		if resp.NextPage <= max(opts.Page, 1) {
			return nil, fmt.Errorf("listing comments of %s/%s#%d: %w: page %d announces page %d as the next one", t.Owner, t.Repo, t.Number, ErrTooManyPages, max(opts.Page, 1), resp.NextPage)
		}
		opts.Page = resp.NextPage
	}
	// The API lists oldest first; keep that order, breaking ties by id.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && older(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

func older(a, b *gh.IssueComment) bool {
	if !a.GetCreatedAt().Time.Equal(b.GetCreatedAt().Time) {
		return a.GetCreatedAt().Before(b.GetCreatedAt().Time)
	}
	return a.GetID() < b.GetID()
}

func authoredBy(cm *gh.IssueComment, login string) bool {
	u := cm.GetUser()
	if login != "" {
		return strings.EqualFold(u.GetLogin(), login)
	}
	return u.GetType() == "Bot" || strings.HasSuffix(u.GetLogin(), "[bot]")
}

// Upsert makes the thread hold exactly one marker comment with body (which
// must start with Marker(t.Key)): created when missing, edited when
// different, left alone when identical (no API write), and duplicates from
// racing runs deleted, keeping the oldest. After creating a comment it
// reads the thread again (see settle), so that of any two runs racing on
// one pull request at most one comment remains.
func (c *Client) Upsert(ctx context.Context, t Thread, body string) (CommentResult, error) {
	if !strings.HasPrefix(body, Marker(t.Key)) {
		body = Marker(t.Key) + "\n" + body
	}
	existing, err := c.FindComments(ctx, t)
	if err != nil {
		return CommentResult{}, err
	}
	if len(existing) == 0 {
		cm, _, err := c.gh.Issues.CreateComment(ctx, t.Owner, t.Repo, t.Number, &gh.IssueComment{Body: gh.String(body)})
		if err != nil {
			return CommentResult{}, fmt.Errorf("creating the comment on %s/%s#%d: %w", t.Owner, t.Repo, t.Number, err)
		}
		return c.settle(ctx, t, body, CommentResult{Action: CommentCreated, URL: cm.GetHTMLURL(), ID: cm.GetID()})
	}
	keep := existing[0]
	res := CommentResult{Action: CommentUnchanged, URL: keep.GetHTMLURL(), ID: keep.GetID()}
	for _, dup := range existing[1:] {
		if _, err := c.gh.Issues.DeleteComment(ctx, t.Owner, t.Repo, dup.GetID()); err != nil && !IsNotFound(err) {
			return res, fmt.Errorf("deleting duplicate comment %d: %w", dup.GetID(), err)
		}
		res.DuplicatesDeleted++
	}
	if normalize(keep.GetBody()) == normalize(body) {
		return res, nil
	}
	cm, _, err := c.gh.Issues.EditComment(ctx, t.Owner, t.Repo, keep.GetID(), &gh.IssueComment{Body: gh.String(body)})
	if err != nil {
		return res, fmt.Errorf("updating comment %d: %w", keep.GetID(), err)
	}
	res.Action = CommentUpdated
	res.URL = cm.GetHTMLURL()
	return res, nil
}

// settle runs right after this run created its comment (res): another
// run may have created one between this run's listing and its write. It
// lists the thread again and keeps only the oldest marker comment, as
// every run does, so two racing runs agree on the survivor: whichever
// comment was created first. When that is the other run's, this run's
// comment is deleted and its body carried into the survivor.
func (c *Client) settle(ctx context.Context, t Thread, body string, res CommentResult) (CommentResult, error) {
	existing, err := c.FindComments(ctx, t)
	if err != nil {
		return res, fmt.Errorf("re-reading the comments of %s/%s#%d after posting: %w", t.Owner, t.Repo, t.Number, err)
	}
	if len(existing) == 0 {
		return res, nil
	}
	keep := existing[0]
	for _, dup := range existing[1:] {
		if _, err := c.gh.Issues.DeleteComment(ctx, t.Owner, t.Repo, dup.GetID()); err != nil && !IsNotFound(err) {
			return res, fmt.Errorf("deleting duplicate comment %d: %w", dup.GetID(), err)
		}
		res.DuplicatesDeleted++
	}
	if keep.GetID() == res.ID {
		return res, nil
	}
	res.ID, res.URL, res.Action = keep.GetID(), keep.GetHTMLURL(), CommentUnchanged
	if normalize(keep.GetBody()) == normalize(body) {
		return res, nil
	}
	cm, _, err := c.gh.Issues.EditComment(ctx, t.Owner, t.Repo, keep.GetID(), &gh.IssueComment{Body: gh.String(body)})
	if err != nil {
		return res, fmt.Errorf("updating comment %d: %w", keep.GetID(), err)
	}
	res.Action, res.URL = CommentUpdated, cm.GetHTMLURL()
	return res, nil
}

// normalize ignores line-ending and trailing-space differences GitHub may introduce.
func normalize(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// Delete removes every marker comment of the thread.
func (c *Client) Delete(ctx context.Context, t Thread) (CommentResult, error) {
	existing, err := c.FindComments(ctx, t)
	if err != nil {
		return CommentResult{}, err
	}
	res := CommentResult{Action: CommentNone}
	for _, cm := range existing {
		if _, err := c.gh.Issues.DeleteComment(ctx, t.Owner, t.Repo, cm.GetID()); err != nil && !IsNotFound(err) {
			return res, fmt.Errorf("deleting comment %d: %w", cm.GetID(), err)
		}
		res.Action = CommentDeleted
	}
	return res, nil
}

// Minimize updates the marker comment to body (when one exists) and hides it
// as outdated through GraphQL (minimizeComment). With no comment, nothing
// is written: a clean PR needs no comment.
func (c *Client) Minimize(ctx context.Context, t Thread, body string) (CommentResult, error) {
	existing, err := c.FindComments(ctx, t)
	if err != nil || len(existing) == 0 {
		return CommentResult{Action: CommentNone}, err
	}
	res, err := c.Upsert(ctx, t, body)
	if err != nil {
		return res, err
	}
	if existing[0].GetNodeID() == "" {
		return res, fmt.Errorf("comment %d has no node id to minimize", existing[0].GetID())
	}
	q := map[string]any{
		"query":     `mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }`,
		"variables": map[string]any{"id": existing[0].GetNodeID()},
	}
	b, _ := json.Marshal(q)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.graphqlURL, bytes.NewReader(b))
	if err != nil {
		return res, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return res, fmt.Errorf("minimizing the comment: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		return res, fmt.Errorf("minimizing the comment: HTTP %d", resp.StatusCode)
	}
	if len(out.Errors) > 0 {
		return res, fmt.Errorf("minimizing the comment: %s", out.Errors[0].Message)
	}
	res.Action = CommentMinimized
	return res, nil
}
