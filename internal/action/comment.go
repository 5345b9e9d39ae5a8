package action

import (
	"context"
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/report"
)

// Commenter keeps the sticky comment of a thread; *github.Client is one.
type Commenter interface {
	Upsert(ctx context.Context, t github.Thread, body string) (github.CommentResult, error)
	Delete(ctx context.Context, t github.Thread) (github.CommentResult, error)
	Minimize(ctx context.Context, t github.Thread, body string) (github.CommentResult, error)
}

// SyncComment brings the thread's sticky comment in line with a run: a run
// with findings upserts body; a clean run follows whenClean (update: upsert
// the short clean body; delete: remove the comment; minimize: update it and
// hide it as outdated).
func SyncComment(ctx context.Context, c Commenter, t github.Thread, body string, clean bool, whenClean string) (github.CommentResult, error) {
	if clean {
		switch whenClean {
		case CleanDelete:
			return c.Delete(ctx, t)
		case CleanMinimize:
			return c.Minimize(ctx, t, body)
		}
	}
	return c.Upsert(ctx, t, body)
}

// comment posts or updates the sticky comment of a pull request and returns
// its URL. Every failure is a warning: the job's result never depends on it.
func (r *run) comment(ctx context.Context, client *github.Client, pr *PullRequest, rep *report.Check) string {
	in := r.in
	switch {
	case pr == nil:
		return ""
	case in.Comment == CommentOff:
		r.note("No pull request comment (`comment: off`).")
		return ""
	case client == nil:
		return ""
	case in.Token == "":
		r.warn("stacklint: github_token is empty, so no pull request comment. Leave the input at its default (${{ github.token }}) or pass a token with `pull-requests: write`.")
		r.note("No pull request comment: no token.")
		return ""
	}
	var b strings.Builder
	// The warning goes in too: keep the whole under the comment size limit.
	limit := report.DefaultMarkdownMaxBytes - len(withWarning("\n", r.baseWarning))
	if err := report.CheckMarkdown(&b, rep, report.MarkdownOptions{CommentKey: in.CommentKey, MaxBytes: limit}); err != nil {
		r.warn("stacklint: rendering the comment: %v", err)
		return ""
	}
	body := withWarning(b.String(), r.baseWarning)
	owner, repo := pr.BaseOwnerRepo()
	t := github.Thread{Owner: owner, Repo: repo, Number: pr.Number, Key: in.CommentKey, Author: client.Identity(ctx)}
	res, err := SyncComment(ctx, client, t, body, len(rep.Findings) == 0, in.WhenClean)
	if err != nil {
		if why := github.Explain(err); why != "" {
			r.warn("stacklint could not update the pull request comment: %s The job summary and the annotations carry the report; the job result is unaffected.", logLine(why))
			r.note("The pull request comment could not be updated: %s", report.MarkdownText(oneLine(why)))
		} else if github.IsForbidden(err) {
			r.warn("%s", forbiddenHelp(pr, r.env.Getenv("GITHUB_EVENT_NAME")))
			r.note("The pull request comment could not be written (HTTP 403: the token is read-only here); this summary and the annotations carry the report.")
		} else {
			r.warn("stacklint could not update the pull request comment (%s). The job summary and the annotations carry the report.", logLine(err.Error()))
			r.note("The pull request comment could not be updated: %s", report.MarkdownText(oneLine(err.Error())))
		}
		return res.URL
	}
	switch res.Action {
	case github.CommentCreated, github.CommentUpdated, github.CommentMinimized:
		r.info("Pull request comment %s: %s", res.Action, res.URL)
		r.note("Pull request comment %s: %s", res.Action, res.URL)
	case github.CommentUnchanged:
		r.info("Pull request comment unchanged: %s", res.URL)
		r.note("Pull request comment unchanged (no API write): %s", res.URL)
	case github.CommentDeleted:
		r.info("Pull request comment deleted (clean run, when_clean: delete)")
		r.note("Pull request comment deleted: the run is clean (`when_clean: delete`).")
	}
	if res.DuplicatesDeleted > 0 {
		r.note("Deleted %d duplicate stacklint comment(s) left by concurrent runs.", res.DuplicatesDeleted)
	}
	return res.URL
}

// withWarning puts warning, as a GitHub alert, right under the first line
// of a Markdown report (the headline), after the hidden marker if any.
func withWarning(body, warning string) string {
	if warning == "" {
		return body
	}
	alert := "\n> [!WARNING]\n> " + warning + "\n"
	start := 0
	if strings.HasPrefix(body, github.MarkerPrefix) {
		start = strings.IndexByte(body, '\n') + 1
	}
	end := strings.IndexByte(body[start:], '\n')
	if end < 0 {
		return body + "\n" + alert
	}
	end += start + 1
	return body[:end] + alert + "\n" + strings.TrimLeft(body[end:], "\n")
}

// forbiddenHelp explains a 403 on the comment: what to add, and for fork
// pull requests how to use pull_request_target safely.
func forbiddenHelp(pr *PullRequest, event string) string {
	if pr.Fork() && event != "pull_request_target" {
		from := pr.HeadRepo
		if from == "" {
			from = "a fork"
		}
		return fmt.Sprintf("stacklint cannot comment on pull request #%d: it comes from %s, and GitHub gives workflows triggered by `pull_request` from forks a read-only token (HTTP 403 Resource not accessible by integration). "+
			"The report is in the job summary and the annotations; the job result is unaffected. "+
			"To get the comment on fork pull requests, run stacklint on `pull_request_target` (whose token can write) with actions/checkout `ref: ${{ github.event.pull_request.head.sha }}` and `persist-credentials: false`: "+
			"stacklint only reads files and never runs code from the pull request, but do not add steps that build, install or run the checked-out code to that job. See the README section \"Fork pull requests\".",
			pr.Number, from)
	}
	return fmt.Sprintf("stacklint cannot comment on pull request #%d: the token may not write pull request comments (HTTP 403 Resource not accessible by integration). "+
		"Add to the workflow or the job:  permissions: { contents: read, pull-requests: write }  "+
		"(or pass a token with that permission as github_token). The report is in the job summary and the annotations; the job result is unaffected.", pr.Number)
}
