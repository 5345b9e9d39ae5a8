// Package action runs stacklint as a GitHub Actions step (`stacklint
// action`, the entrypoint of the Docker action in action.yml). It reads the
// inputs (INPUT_*), the triggering event and the workspace; checks the
// checked-out tree against the profile; on pull requests reads the base
// revision through the API to report what the pull request changes; and
// reports everywhere GitHub shows results: one sticky pull-request
// comment, line annotations (capped as GitHub caps them), the job summary,
// step outputs and an optional SARIF file.
//
// The base revision is read from the checkout's git objects when it has
// the base commit, else through the API with every file the pull request
// did not change read from the checkout (same git blob id): one tree
// request plus one blob per changed file. A base that cannot be read
// completely (server errors, rate limits, its 2-minute bound) is never
// taken for an absent one: the report then has no comparison, says so,
// and does not fail the job under new_only.
//
// It degrades instead of failing: a read-only token (fork pull requests,
// missing `pull-requests: write`), bad credentials, rate limits, an
// unreadable base revision or an unwritable GITHUB_OUTPUT each become a
// warning saying what happened, and the exit code comes from the
// findings, fail_on and new_only alone (2 for configuration errors). The
// whole run spends at most 4 minutes on the API, and the outputs are
// written before the comment. The token is masked before anything is
// printed, and text from the repository never reaches the log as a
// workflow command (see log.go) nor the comment as live Markdown (see
// report.MarkdownText).
package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/report"
	"github.com/stacklint/stacklint/internal/source"
)

// Exit codes of `stacklint action`.
const (
	// ExitOK: nothing at or above fail_on (new findings only with new_only).
	ExitOK = 0
	// ExitFindings: findings at or above fail_on.
	ExitFindings = 1
	// ExitConfig: invalid inputs, a bad profile, a missing folder, or not
	// running in GitHub Actions.
	ExitConfig = 2
)

// Env is what the action sees of the outside world.
type Env struct {
	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// Stdout receives the log and workflow commands; Stderr the
	// explanation printed outside Actions.
	Stdout, Stderr io.Writer
	// Transport and Retry reach the GitHub API; zero values take defaults.
	Transport http.RoundTripper
	Retry     github.RetryPolicy
	// Today is the date end-of-life rules compare with; zero means now.
	Today time.Time
	// BaseBudget bounds the time spent reading the base revision of a pull
	// request (default 2m); Retry.Total bounds the run's API time.
	BaseBudget time.Duration
}

// OutsideActions is printed when `stacklint action` runs outside GitHub Actions.
const OutsideActions = `stacklint action runs stacklint as a GitHub Actions step (the action's
entrypoint, see action.yml), and GITHUB_ACTIONS is not "true" here.

It reads what the runner provides:
  GITHUB_WORKSPACE                      the checked-out repository
  GITHUB_EVENT_NAME, GITHUB_EVENT_PATH  the event; on pull_request(_target) it
                                        comments and diffs against the base
  GITHUB_REPOSITORY, GITHUB_SHA,
  GITHUB_SERVER_URL                     links to the evidence
  GITHUB_API_URL, GITHUB_GRAPHQL_URL    the API (GitHub Enterprise Server as is)
  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY    step outputs and the job summary
  INPUT_PATH, INPUT_PROFILE, INPUT_FAIL_ON, INPUT_NEW_ONLY, INPUT_COMMENT,
  INPUT_COMMENT_KEY, INPUT_WHEN_CLEAN, INPUT_SARIF_FILE, INPUT_GITHUB_TOKEN

To check a repository on your machine, run:
  stacklint check [PATH]          (see stacklint check --help, e.g. --base to diff)
`

// Run executes the action and returns the process exit code.
func Run(ctx context.Context, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Stdout == nil {
		env.Stdout = os.Stdout
	}
	if env.Stderr == nil {
		env.Stderr = os.Stderr
	}
	if env.Getenv("GITHUB_ACTIONS") != "true" {
		fmt.Fprint(env.Stderr, OutsideActions)
		return ExitConfig
	}
	a := githubactions.New(githubactions.WithGetenv(env.Getenv), githubactions.WithWriter(env.Stdout))
	r := &run{env: env, a: a, w: workflow{a: a, getenv: env.Getenv}}
	in, err := ParseInputs(a.GetInput)
	// Mask the token before anything else is printed.
	if in.Token != "" {
		a.AddMask(in.Token)
	}
	if err != nil {
		return r.configError(err)
	}
	r.in = in
	return r.main(ctx)
}

// run is one execution.
type run struct {
	env Env
	a   *githubactions.Action
	w   workflow
	in  Inputs
	// notes are the "about this run" lines of the job summary.
	notes []string
	// baseWarning, when set, says at the top of the comment and the
	// summary that the report has no comparison with the base.
	baseWarning string
	// outputWarned: the unwritable GITHUB_OUTPUT was reported.
	outputWarned bool
}

func (r *run) configError(err error) int {
	for _, e := range splitErrors(err) {
		r.a.Errorf("stacklint: %s", e)
	}
	return ExitConfig
}

func splitErrors(err error) []string {
	var out []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (r *run) warn(format string, args ...any) {
	r.a.Warningf(format, args...)
}

// info prints a plain log line, on one line whatever its arguments hold.
func (r *run) info(format string, args ...any) {
	r.a.Infof("%s", logLine(fmt.Sprintf(format, args...)))
}

func (r *run) note(format string, args ...any) {
	r.notes = append(r.notes, "- "+fmt.Sprintf(format, args...))
}

func (r *run) main(ctx context.Context) int {
	getenv, in := r.env.Getenv, r.in
	ws := getenv("GITHUB_WORKSPACE")
	if ws == "" {
		return r.configError(errors.New("GITHUB_WORKSPACE is not set: the runner sets it to the checked-out repository"))
	}
	wsRoot, err := os.OpenRoot(ws)
	if err != nil {
		return r.configError(fmt.Errorf("cannot open the workspace %s: %v", ws, err))
	}
	defer wsRoot.Close()

	// The checked folder: inside the workspace, symbolic links included.
	if info, err := wsRoot.Stat(filepath.FromSlash(in.Path)); err != nil || !info.IsDir() {
		why := "no such folder"
		if err == nil {
			why = "not a folder"
		} else if !errors.Is(err, fs.ErrNotExist) {
			why = err.Error()
		}
		return r.configError(fmt.Errorf("input path %q: %s in the workspace (did a checkout step run before stacklint?)", in.Path, why))
	}
	dir := filepath.Join(ws, filepath.FromSlash(in.Path))
	fsys, err := source.Dir(dir)
	if err != nil {
		return r.configError(err)
	}
	if entries, _ := fs.ReadDir(fsys, "."); len(entries) == 0 {
		r.warn("The folder %s is empty: add an actions/checkout step before stacklint.", in.Path)
	}
	profilePath, profileName, err := r.profile(wsRoot, ws)
	if err != nil {
		return r.configError(err)
	}
	prefix := ""
	if in.Path != "." {
		prefix = in.Path
	}

	// The event.
	ev, err := ReadEvent(getenv("GITHUB_EVENT_NAME"), getenv("GITHUB_EVENT_PATH"))
	if err != nil {
		r.warn("stacklint: %v. Continuing without the pull request: no comment, no comparison with the base.", err)
	}
	pr := ev.PullRequest

	// Links to the evidence, at the head commit.
	var links *report.Links
	repo := getenv("GITHUB_REPOSITORY")
	sha := getenv("GITHUB_SHA")
	if pr != nil && pr.HeadSHA != "" {
		sha = pr.HeadSHA
	}
	if repo != "" && sha != "" {
		server := strings.TrimSuffix(or(getenv("GITHUB_SERVER_URL"), "https://github.com"), "/")
		links = &report.Links{RepoURL: server + "/" + repo, Commit: sha}
	}

	// The API.
	client, err := github.New(github.Options{
		APIURL: getenv("GITHUB_API_URL"), GraphQLURL: getenv("GITHUB_GRAPHQL_URL"),
		Token: in.Token, Retry: r.env.Retry, Transport: r.env.Transport,
		UserAgent: "stacklint/" + buildinfo.Version(),
	})
	if err != nil {
		r.warn("stacklint: %v; the GitHub API is not used (no comment, no comparison with the base).", err)
		client = nil
	}

	// The base revision of a pull request: local git objects when the
	// checkout has the base commit, else the API (unchanged files read from
	// the checkout).
	var base *baseRevision
	baseRef := ""
	if pr != nil && client != nil {
		baseRef = or(pr.BaseRef, short(pr.BaseSHA))
		base = r.baseTree(ctx, client, pr, ws, dir)
	}
	if base != nil {
		defer base.close()
	}

	opts := app.CheckOptions{
		FS: fsys, Root: in.Path, PathPrefix: prefix,
		ProfilePath: profilePath, ProfileName: profileName,
		BaseRef: baseRef,
		FailOn:  in.FailOn, NewOnly: in.NewOnly, Today: r.env.Today, Links: links,
	}
	if base != nil {
		opts.Base = base.fsys
	}
	res, err := app.Check(ctx, opts)
	if err == nil && base != nil {
		if ierr := base.incomplete(); ierr != nil {
			// A file of the base could not be read: it must not count as
			// absent, which would make every finding in it "new".
			r.warn("stacklint could not read the base revision %s completely (%s). The report has no comparison with the base: no finding is marked new, and the base never fails the job.", short(pr.BaseSHA), logLine(explain(ierr)))
			r.baseUnavailable(ierr)
			opts.Base, opts.BaseRef = nil, ""
			res, err = app.Check(ctx, opts)
		}
	}
	if err != nil && opts.Base != nil && !isProfileError(err) {
		r.warn("stacklint could not scan the base revision %s (%s): continuing without the comparison.", short(pr.BaseSHA), logLine(err.Error()))
		r.baseUnavailable(err)
		opts.Base, opts.BaseRef = nil, ""
		res, err = app.Check(ctx, opts)
	}
	if err != nil {
		return r.configError(err)
	}
	if r.baseWarning != "" && in.NewOnly {
		// new_only fails only on findings the pull request introduces, and
		// without the base none can be told new: never fail for that.
		res.Report.ExitCode = ExitOK
		sum := report.NewSummary(res.Report) // the gate changed: say so
		sum.Gate = "Not blocking: the base revision could not be read, so no finding can be told new (new_only)."
		res.Report.Summary = &sum
	}
	rep := res.Report

	// The log: the text report, with workflow commands stopped around it
	// (repository content cannot issue any) and every line neutralised.
	if err := r.textReport(rep); err != nil {
		r.warn("stacklint: writing the report: %v", err)
	}

	stats := Annotate(r.w, rep.Findings, prefix)
	sarifOut := r.sarif(wsRoot, rep)

	// The outputs first: the comment depends on the API, and whatever the
	// API does, the outputs are written.
	counts := report.CountFindings(rep.Findings)
	r.outputs([][2]string{
		{"findings", strconv.Itoa(counts.Findings)},
		{"errors", strconv.Itoa(counts.Errors)},
		{"warnings", strconv.Itoa(counts.Warnings)},
		{"notices", strconv.Itoa(counts.Notices)},
		{"new_findings", strconv.Itoa(r.newCount(rep, counts))},
		{"stack", StackJSON(res.Head)},
		{"sarif_file", sarifOut},
	})
	commentURL := r.comment(ctx, client, pr, rep)
	r.summary(rep, stats)
	r.outputs([][2]string{{"comment_url", commentURL}})
	return rep.ExitCode
}

// outputs writes step outputs, warning when GITHUB_OUTPUT is unwritable.
func (r *run) outputs(kv [][2]string) {
	if err := r.w.fileCommand("GITHUB_OUTPUT", func() {
		for _, o := range kv {
			r.a.SetOutput(o[0], o[1])
		}
	}); err != nil && !r.outputWarned {
		r.outputWarned = true
		r.warn("%s", unwritableHint("the step outputs (GITHUB_OUTPUT)", err))
	}
}

// newCount is the new_findings output: findings the pull request
// introduces; without a base (a push) every finding counts as new, but a
// base that could not be read makes none new.
func (r *run) newCount(rep *report.Check, c report.Counts) int {
	switch {
	case r.baseWarning != "":
		return 0
	case rep.Diff == nil:
		return c.Findings
	}
	return c.New
}

func isProfileError(err error) bool {
	var pe *profile.Error
	return errors.As(err, &pe)
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// profile finds the profile file: the input relative to the workspace, then
// relative to path. A missing default profile means the embedded default; a
// missing explicit one is an error. The file must stay in the workspace
// (a symbolic link out of it is refused). It returns the file's path on
// disk and how reports cite it (relative to path).
func (r *run) profile(wsRoot *os.Root, ws string) (file, name string, err error) {
	in := r.in
	cands := []string{in.Profile}
	if in.Path != "." {
		rel := filepath.ToSlash(filepath.Join(in.Path, in.Profile))
		if in.ProfileSet {
			cands = append(cands, rel)
		} else {
			cands = []string{rel, in.Profile} // the folder's own profile first
		}
	}
	for _, c := range cands {
		info, err := wsRoot.Stat(filepath.FromSlash(c))
		switch {
		case err == nil && info.Mode().IsRegular():
			rel, rerr := filepath.Rel(filepath.FromSlash(in.Path), filepath.FromSlash(c))
			if rerr != nil {
				rel = c
			}
			return filepath.Join(ws, filepath.FromSlash(c)), filepath.ToSlash(rel), nil
		case err == nil:
			return "", "", fmt.Errorf("input profile %q: not a regular file", c)
		case !errors.Is(err, fs.ErrNotExist):
			return "", "", fmt.Errorf("input profile %q: %v (the profile must stay inside the workspace)", c, err)
		}
	}
	if in.ProfileSet {
		return "", "", fmt.Errorf("input profile %q: no such file in the workspace (looked for %s); remove the input to use %s or the embedded default", in.Profile, strings.Join(cands, " and "), DefaultProfile)
	}
	return "", "", nil
}

// baseRevision is the base revision being read.
type baseRevision struct {
	fsys fs.FS
	// incomplete returns why a file could not be read, nil if none failed.
	incomplete func() error
	close      func()
}

// baseTree opens the pull request's base revision, narrowed to path: from
// the checkout's own git objects when it has the base commit (fetch-depth:
// 0; no API request), else through the API, where every file whose
// content in the checkout is the base's (same git blob id) is read from
// the checkout and only the others are fetched. On failure it warns and
// returns nil: the check goes on without the comparison.
func (r *run) baseTree(ctx context.Context, client *github.Client, pr *PullRequest, ws, dir string) *baseRevision {
	if pr.BaseSHA != "" {
		g, err := source.Git(ctx, dir, pr.BaseSHA)
		switch {
		case err == nil && g.Partial:
			// A partial clone (actions/checkout with filter:) lacks the
			// contents of files the pull request changed.
			g.Close()
			r.info("The checkout is a partial clone: base revision %s is read through the API, files unchanged since it from the checkout.", short(pr.BaseSHA))
		case err == nil:
			r.info("Base revision %s read from the checkout's git objects (no API request).", short(pr.BaseSHA))
			rec := &readErrors{fsys: g}
			return &baseRevision{fsys: rec, incomplete: rec.first, close: func() { g.Close() }}
		}
	}
	owner, repo := pr.BaseOwnerRepo()
	local, _ := source.Dir(ws)
	tree, err := client.Tree(ctx, owner, repo, pr.BaseSHA, github.TreeOptions{Local: local, Budget: r.env.BaseBudget, Now: r.env.Retry.Now})
	if err != nil {
		hint := ""
		switch {
		case github.Explain(err) != "":
			hint = " " + github.Explain(err)
		case github.IsForbidden(err) || github.IsNotFound(err):
			hint = " The token needs `contents: read` on " + pr.BaseRepo + "."
		}
		r.warn("stacklint could not read the base revision %s of %s through the API (%s).%s Continuing without the comparison: no finding is marked new, and the base never fails the job.", short(pr.BaseSHA), pr.BaseRepo, logLine(err.Error()), hint)
		r.baseUnavailable(err)
		return nil
	}
	rev := &baseRevision{fsys: tree, incomplete: tree.Incomplete, close: func() {
		if l, f := tree.Reads(); l+f > 0 {
			r.info("Base revision %s: %d file(s) read from the checkout (unchanged), %d fetched through the API.", short(pr.BaseSHA), l, f)
		}
	}}
	if r.in.Path == "." {
		return rev
	}
	if _, err := fs.Stat(tree, r.in.Path); errors.Is(err, fs.ErrNotExist) {
		// The folder is new in this pull request: everything in it is new.
		rev.fsys = fstest.MapFS{}
		return rev
	}
	sub, err := fs.Sub(tree, r.in.Path)
	if err != nil {
		r.warn("stacklint: narrowing the base revision to %s: %v", r.in.Path, err)
		r.baseUnavailable(err)
		return nil
	}
	rev.fsys = sub
	return rev
}

// explain is err's message, preceded by what really happened when the
// GitHub API says more than the status (bad credentials, a rate limit).
func explain(err error) string {
	if e := github.Explain(err); e != "" {
		return e + " (" + err.Error() + ")"
	}
	return err.Error()
}

func (r *run) baseUnavailable(err error) {
	r.baseWarning = "**No comparison with the base revision**: stacklint could not read it completely (" + report.MarkdownText(oneLine(explain(err))) + "). No finding is marked new, and with `new_only` the job does not fail for this report; rerun the job to compare again."
	r.note("The base revision could not be read completely (%s), so this report has no comparison with it. A base that cannot be read never fails the job.", report.MarkdownText(oneLine(explain(err))))
}

// sarif writes the SARIF file inside the workspace and returns its path
// ("" when not asked for or not written).
func (r *run) sarif(wsRoot *os.Root, rep *report.Check) string {
	if r.in.SARIFFile == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := report.CheckSARIF(&buf, rep); err != nil {
		r.warn("stacklint: rendering SARIF: %v", err)
		return ""
	}
	name := filepath.FromSlash(r.in.SARIFFile)
	if d := filepath.Dir(name); d != "." {
		if err := wsRoot.MkdirAll(d, 0o755); err != nil {
			r.warn("stacklint could not create the folder of sarif_file %s: %v", r.in.SARIFFile, err)
			return ""
		}
	}
	if err := wsRoot.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		r.warn("stacklint could not write sarif_file %s: %v", r.in.SARIFFile, err)
		return ""
	}
	r.info("SARIF written to %s", r.in.SARIFFile)
	return r.in.SARIFFile
}

// summary writes the full Markdown report and the run notes to the job summary.
func (r *run) summary(rep *report.Check, stats AnnotationStats) {
	var b strings.Builder
	if err := report.CheckMarkdown(&b, rep, report.MarkdownOptions{CommentKey: r.in.CommentKey, MaxBytes: MaxSummaryBytes}); err != nil {
		r.warn("stacklint: rendering the summary: %v", err)
		return
	}
	body := withWarning(strings.TrimPrefix(b.String(), report.CommentMarker(r.in.CommentKey)+"\n"), r.baseWarning)
	notes := append([]string(nil), r.notes...)
	if n := strings.TrimRight(stats.summaryNote(), "\n"); n != "" {
		notes = append(notes, n)
	}
	if len(notes) > 0 {
		body = strings.TrimRight(body, "\n") + "\n\n<details><summary>About this run</summary>\n\n" + strings.Join(notes, "\n") + "\n\n</details>\n"
	}
	if err := r.w.fileCommand("GITHUB_STEP_SUMMARY", func() { r.a.AddStepSummary(body) }); err != nil {
		r.warn("%s", unwritableHint("the job summary (GITHUB_STEP_SUMMARY)", err))
	}
}
