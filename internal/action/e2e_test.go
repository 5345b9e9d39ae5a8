package action

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

const (
	token   = "ghs_e2eSecretT0ken4ab8c3f1e9d2b7a6"
	owner   = "Codertocat"
	repo    = "Hello-World"
	baseSHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
	headSHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
	prNum   = 2
)

// runner is a GitHub Actions runner in miniature: a workspace holding the
// pull request's head, the emulated API serving its base, and the
// environment a Docker action step gets.
type runner struct {
	t   *testing.T
	srv *githubtest.Server
	ws  string
	env map[string]string

	mu    sync.Mutex
	slept []time.Duration
	// tweak, when set, adjusts the Env of every run (clock, transport).
	tweak func(*Env)
}

func readTxtar(t *testing.T, name string) map[string]string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "repo", name))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

func newRunner(t *testing.T, event, payload string) *runner {
	t.Helper()
	srv := githubtest.New()
	t.Cleanup(srv.Close)
	srv.AddTree(owner, repo, baseSHA, readTxtar(t, "base.txtar"))
	ws := t.TempDir()
	for name, data := range readTxtar(t, "head.txtar") {
		p := filepath.Join(ws, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	evPath, _ := filepath.Abs(filepath.Join("testdata", "events", payload))
	r := &runner{t: t, srv: srv, ws: ws, env: map[string]string{
		"GITHUB_ACTIONS":      "true",
		"CI":                  "true",
		"GITHUB_EVENT_NAME":   event,
		"GITHUB_EVENT_PATH":   evPath,
		"GITHUB_WORKSPACE":    ws,
		"GITHUB_REPOSITORY":   owner + "/" + repo,
		"GITHUB_SHA":          "6dcb09b5b57875f334f61aebed695e2e4193db5e", // the merge commit
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_API_URL":      srv.APIURL(),
		"GITHUB_GRAPHQL_URL":  srv.APIURL() + "/graphql",
		"INPUT_PATH":          ".",
		"INPUT_PROFILE":       ".stacklint.toml",
		"INPUT_FAIL_ON":       "error",
		"INPUT_NEW_ONLY":      "true",
		"INPUT_COMMENT":       "sticky",
		"INPUT_COMMENT_KEY":   "default",
		"INPUT_WHEN_CLEAN":    "update",
		"INPUT_SARIF_FILE":    "",
		"INPUT_GITHUB_TOKEN":  token,
		"RUNNER_TEMP":         t.TempDir(),
		"GITHUB_OUTPUT":       "",
		"GITHUB_STEP_SUMMARY": "",
	}}
	return r
}

type result struct {
	code           int
	stdout, stderr string
	outputs        map[string]string
	summary        string
}

// run runs the action in process as the runner would run `stacklint
// action`: a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY per step, only
// the step's environment, and retry waits recorded instead of slept.
func (r *runner) run() result {
	r.t.Helper()
	env := map[string]string{}
	for k, v := range r.env {
		env[k] = v
	}
	files := r.t.TempDir()
	if _, set := r.env["GITHUB_OUTPUT"]; set && env["GITHUB_OUTPUT"] == "" {
		env["GITHUB_OUTPUT"] = filepath.Join(files, "set_output")
		os.WriteFile(env["GITHUB_OUTPUT"], nil, 0o644)
	}
	if _, set := r.env["GITHUB_STEP_SUMMARY"]; set && env["GITHUB_STEP_SUMMARY"] == "" {
		env["GITHUB_STEP_SUMMARY"] = filepath.Join(files, "step_summary")
		os.WriteFile(env["GITHUB_STEP_SUMMARY"], nil, 0o644)
	}
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return env[k] }
	e := Env{
		Getenv: getenv, Stdout: &stdout, Stderr: &stderr,
		Retry: github.RetryPolicy{Sleep: func(_ *http.Request, d time.Duration) error {
			r.mu.Lock()
			r.slept = append(r.slept, d)
			r.mu.Unlock()
			return nil
		}},
	}
	if r.tweak != nil {
		r.tweak(&e)
	}
	code := Run(context.Background(), e)
	res := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	if p := env["GITHUB_OUTPUT"]; p != "" {
		b, _ := os.ReadFile(p)
		res.outputs = parseOutputs(string(b))
	}
	if p := env["GITHUB_STEP_SUMMARY"]; p != "" {
		b, _ := os.ReadFile(p)
		res.summary = string(b)
	}
	r.checkNoToken(res)
	return res
}

// checkNoToken asserts the token appears nowhere but in the one
// ::add-mask:: command the runner consumes.
func (r *runner) checkNoToken(res result) {
	r.t.Helper()
	stdout := strings.Replace(res.stdout, "::add-mask::"+token+"\n", "", 1)
	if res.stdout != "" && stdout == res.stdout && r.env["INPUT_GITHUB_TOKEN"] != "" && r.env["GITHUB_ACTIONS"] == "true" {
		r.t.Errorf("the token was not masked first thing:\n%s", firstLines(res.stdout, 3))
	}
	if strings.HasPrefix(res.stdout, "::add-mask::") && !strings.HasPrefix(res.stdout, "::add-mask::"+token+"\n") {
		r.t.Errorf("unexpected mask line")
	}
	where := map[string]string{"stdout": stdout, "stderr": res.stderr, "summary": res.summary}
	for k, v := range res.outputs {
		where["output "+k] = v
	}
	for _, c := range r.srv.Comments(owner, repo, prNum) {
		where["comment"] += c.Body
	}
	for _, q := range r.srv.Requests() {
		where["request log"] += q.Path + q.Query + q.Body
	}
	for name, s := range where {
		if strings.Contains(s, token) || strings.Contains(s, token[4:]) {
			r.t.Errorf("the token leaked into %s", name)
		}
	}
}

func firstLines(s string, n int) string {
	l := strings.SplitN(s, "\n", n+1)
	return strings.Join(l[:min(n, len(l))], "\n")
}

func (r *runner) commentRequests() int {
	n := 0
	for _, q := range r.srv.Requests() {
		if strings.Contains(q.Path, "/issues/") || strings.Contains(q.Path, "graphql") {
			n++
		}
	}
	return n
}

func TestE2EPullRequestStickyComment(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	first := r.run()
	if first.code != 1 {
		t.Fatalf("exit %d, want 1 (a new error: Kafka in an MVP)\nstdout:\n%s\nstderr:\n%s", first.code, first.stdout, first.stderr)
	}
	cs := r.srv.Comments(owner, repo, prNum)
	if len(cs) != 1 {
		t.Fatalf("%d comments after the first run", len(cs))
	}
	body := cs[0].Body
	for _, w := range []string{
		"<!-- stacklint:v1 key=default -->\n",
		"### stacklint — 2 new findings in this PR (1 error, 1 warning) · 3 already present",
		"**This PR changes the stack** (compared with `master`): added **MongoDB**",
		"**Apache Kafka** ([package.json:16](https://github.com/Codertocat/Hello-World/blob/" + headSHA + "/package.json#L16))",
		"| Data layer | **MongoDB** _(new)_",
		"**Over-engineered MVP** · [`time-to-market/over-engineered-mvp`]",
		"`project.type = \"mvp\"`",
		"`team.size = 3`",
		"Already present before this PR",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("comment lacks %q\n%s", w, body)
		}
	}
	// Outputs.
	o := first.outputs
	if o["findings"] != "5" || o["errors"] != "2" || o["warnings"] != "3" || o["notices"] != "0" || o["new_findings"] != "2" {
		t.Errorf("outputs %v", o)
	}
	if !strings.Contains(o["stack"], `{"id":"kafka","name":"Apache Kafka","layer":"supporting","versions":[]}`) || !strings.HasPrefix(o["stack"], "[{") {
		t.Errorf("stack output %s", o["stack"])
	}
	if want := fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", owner, repo, prNum, cs[0].ID); o["comment_url"] != want {
		t.Errorf("comment_url %q, want %q", o["comment_url"], want)
	}
	// Annotations, summary.
	if !strings.Contains(first.stdout, "::error file=package.json,line=16,title=Over-engineered MVP (time-to-market/over-engineered-mvp)::") {
		t.Errorf("no annotation for the new error:\n%s", first.stdout)
	}
	for _, w := range []string{"### stacklint — 2 new findings", "Pull request comment created: https://github.com/"} {
		if !strings.Contains(first.summary, w) {
			t.Errorf("summary lacks %q:\n%s", w, first.summary)
		}
	}
	if strings.Contains(first.summary, "<!-- stacklint:v1") {
		t.Error("the summary carries the comment marker")
	}

	// The second run finds its comment and, nothing having changed, writes nothing.
	writes := r.srv.Writes()
	second := r.run()
	if second.code != 1 {
		t.Errorf("second run exit %d", second.code)
	}
	if n := len(r.srv.Comments(owner, repo, prNum)); n != 1 {
		t.Errorf("%d comments after two runs, want 1", n)
	}
	if w := r.srv.Writes() - writes; w != 0 {
		t.Errorf("second, unchanged run made %d API writes", w)
	}
	if !strings.Contains(second.summary, "Pull request comment unchanged") || second.outputs["comment_url"] != o["comment_url"] {
		t.Errorf("second run: summary/outputs %v", second.outputs)
	}

	// A rerun after a change updates the same comment in place.
	r.env["INPUT_FAIL_ON"] = "never"
	third := r.run()
	cs = r.srv.Comments(owner, repo, prNum)
	if third.code != 0 || len(cs) != 1 || !strings.Contains(third.summary, "Pull request comment updated") || !strings.Contains(cs[0].Body, "Not blocking: fail_on is never.") || strings.Contains(cs[0].Body, "exit 0") {
		t.Errorf("third run: exit %d, %d comments\n%s", third.code, len(cs), third.summary)
	}
}

func TestE2EExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name          string
		failOn        string
		newOnly       string
		baseIsHead    bool
		want          int
		wantInSummary string
	}{
		{"new error fails", "error", "true", false, 1, ""},
		{"never", "never", "true", false, 0, ""},
		{"nothing new", "error", "true", true, 0, "no new findings in this PR"},
		{"old errors count without new_only", "error", "false", true, 1, ""},
		{"warnings threshold", "warning", "true", false, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRunner(t, "pull_request", "pull_request.opened.json")
			if tc.baseIsHead {
				r.srv.AddTree(owner, repo, baseSHA, readTxtar(t, "head.txtar"))
			}
			r.env["INPUT_FAIL_ON"], r.env["INPUT_NEW_ONLY"], r.env["INPUT_COMMENT"] = tc.failOn, tc.newOnly, "off"
			res := r.run()
			if res.code != tc.want {
				t.Errorf("exit %d, want %d\n%s", res.code, tc.want, res.stdout)
			}
			if !strings.Contains(res.summary, tc.wantInSummary) {
				t.Errorf("summary lacks %q", tc.wantInSummary)
			}
			if r.commentRequests() != 0 {
				t.Errorf("comment: off made comment requests")
			}
		})
	}
}

func TestE2EForkPullRequest(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.synchronize.fork.json")
	r.srv.ReadOnly = true
	r.env["GITHUB_SHA"] = "34c5c7793cb3b279e22454cb6750c80560547b3a"
	res := r.run()
	if res.code != 1 {
		t.Errorf("exit %d, want 1: the fork fallback must not change the exit code\n%s", res.code, res.stdout)
	}
	if !strings.Contains(res.stdout, "::warning::stacklint cannot comment on pull request #7: it comes from octocat/Hello-World") ||
		!strings.Contains(res.stdout, "pull_request_target") {
		t.Errorf("no fork warning:\n%s", res.stdout)
	}
	if len(r.srv.Comments(owner, repo, 7)) != 0 {
		t.Error("a comment was written by a read-only token")
	}
	if !strings.Contains(res.summary, "### stacklint — 2 new findings") || !strings.Contains(res.summary, "could not be written (HTTP 403") {
		t.Errorf("summary:\n%s", res.summary)
	}
	if res.outputs["comment_url"] != "" || res.outputs["findings"] != "5" {
		t.Errorf("outputs %v", res.outputs)
	}
	if !strings.Contains(res.stdout, "::error file=package.json,line=16") {
		t.Error("annotations missing in the fallback")
	}
}

func TestE2EMissingPermission(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	r.srv.ReadOnly = true
	res := r.run()
	if res.code != 1 || !strings.Contains(res.stdout, "pull-requests: write") || strings.Contains(res.stdout, "comes from") {
		t.Errorf("exit %d\n%s", res.code, res.stdout)
	}
}

func TestE2EBaseUnreadable(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	r.srv.AddTree(owner, repo, baseSHA, nil)
	r.srv.Inject(githubtest.Fault{Method: "GET", Path: "/repos/" + owner + "/" + repo + "/git/trees/", Status: 404, Body: `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/git/trees#get-a-tree","status":"404"}`})
	r.env["INPUT_COMMENT"] = "off"
	res := r.run()
	if res.code != 0 {
		t.Errorf("exit %d: with new_only, a base that cannot be read never fails the job", res.code)
	}
	if !strings.Contains(res.stdout, "::warning::stacklint could not read the base revision f95f852") || !strings.Contains(res.stdout, "contents: read") {
		t.Errorf("no warning:\n%s", res.stdout)
	}
	if !strings.Contains(res.summary, "No comparison with the base revision") || res.outputs["new_findings"] != "0" {
		t.Errorf("summary/outputs: %v\n%s", res.outputs, res.summary)
	}
	// Without new_only every finding counts, base or not.
	r.env["INPUT_NEW_ONLY"] = "false"
	r.srv.Inject(githubtest.Fault{Method: "GET", Path: "/repos/" + owner + "/" + repo + "/git/trees/", Status: 404, Body: `{"message":"Not Found","status":"404"}`})
	if res := r.run(); res.code != 1 {
		t.Errorf("new_only false: exit %d, want 1", res.code)
	}
}

func TestE2EPushMakesNoCommentCalls(t *testing.T) {
	for _, ev := range []string{"push", "schedule", "workflow_dispatch"} {
		t.Run(ev, func(t *testing.T) {
			r := newRunner(t, ev, ev+".json")
			r.env["INPUT_SARIF_FILE"] = "reports/stacklint.sarif"
			res := r.run()
			if res.code != 1 {
				t.Errorf("exit %d, want 1 (no base: every error counts)", res.code)
			}
			if len(r.srv.Requests()) != 0 {
				t.Errorf("%s made API calls: %+v", ev, r.srv.Requests())
			}
			if !strings.Contains(res.summary, "### stacklint — 2 errors, 3 warnings") {
				t.Errorf("summary:\n%s", firstLines(res.summary, 3))
			}
			if !strings.Contains(res.stdout, "/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/") && !strings.Contains(res.summary, "/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/") {
				t.Error("links do not point at GITHUB_SHA")
			}
			sarif, err := os.ReadFile(filepath.Join(r.ws, "reports", "stacklint.sarif"))
			if err != nil || !bytes.Contains(sarif, []byte(`"time-to-market/over-engineered-mvp"`)) || res.outputs["sarif_file"] != "reports/stacklint.sarif" {
				t.Errorf("SARIF: %v, output %q", err, res.outputs["sarif_file"])
			}
		})
	}
}

func TestE2EUnwritableFiles(t *testing.T) {
	r := newRunner(t, "push", "push.json")
	r.env["GITHUB_OUTPUT"] = r.t.TempDir() // a folder: cannot be appended to
	delete(r.env, "GITHUB_STEP_SUMMARY")
	res := r.run()
	if res.code != 1 {
		t.Errorf("exit %d, want 1 (the findings decide)", res.code)
	}
	for _, w := range []string{"::warning::stacklint could not write the step outputs (GITHUB_OUTPUT)", "uid 1001", "::warning::stacklint could not write the job summary (GITHUB_STEP_SUMMARY): GITHUB_STEP_SUMMARY is not set: the runner sets it for every step."} {
		if !strings.Contains(res.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, res.stdout)
		}
	}
}

func TestE2EOutsideActions(t *testing.T) {
	r := newRunner(t, "push", "push.json")
	delete(r.env, "GITHUB_ACTIONS")
	res := r.run()
	if res.code != 2 || !strings.Contains(res.stderr, "GITHUB_ACTIONS is not \"true\"") || !strings.Contains(res.stderr, "stacklint check") {
		t.Errorf("exit %d\nstderr:\n%s", res.code, res.stderr)
	}
	if res.stdout != "" {
		t.Errorf("stdout outside Actions: %q", res.stdout)
	}
}

func TestE2EConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad fail_on", map[string]string{"INPUT_FAIL_ON": "critical"}, `::error::stacklint: input fail_on: "critical" is not valid; expected error, warning, notice or never`},
		{"bad when_clean", map[string]string{"INPUT_WHEN_CLEAN": "hide"}, "input when_clean"},
		{"path outside", map[string]string{"INPUT_PATH": "../.."}, "input path"},
		{"missing folder", map[string]string{"INPUT_PATH": "services/none"}, `input path "services/none": no such folder in the workspace`},
		{"missing explicit profile", map[string]string{"INPUT_PROFILE": "config/stacklint.toml"}, `input profile "config/stacklint.toml": no such file`},
		{"no workspace", map[string]string{"GITHUB_WORKSPACE": ""}, "GITHUB_WORKSPACE is not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRunner(t, "pull_request", "pull_request.opened.json")
			for k, v := range tc.env {
				r.env[k] = v
			}
			res := r.run()
			if res.code != 2 || !strings.Contains(res.stdout, tc.want) {
				t.Errorf("exit %d, want 2 with %q\n%s", res.code, tc.want, res.stdout)
			}
			if len(r.srv.Requests()) != 0 {
				t.Error("API calls despite a configuration error")
			}
		})
	}
	// A bad profile is a configuration error too.
	r := newRunner(t, "push", "push.json")
	os.WriteFile(filepath.Join(r.ws, ".stacklint.toml"), []byte("[project]\ntype = \"startup\"\n"), 0o644)
	if res := r.run(); res.code != 2 || !strings.Contains(res.stdout, "startup") {
		t.Errorf("bad profile: exit %d\n%s", res.code, res.stdout)
	}
	// A missing default profile falls back to the embedded default.
	r = newRunner(t, "push", "push.json")
	os.Remove(filepath.Join(r.ws, ".stacklint.toml"))
	if res := r.run(); res.code == 2 || !strings.Contains(res.summary, "no profile") {
		t.Errorf("no profile: exit %d\n%s", res.code, res.summary)
	}
}

func TestE2EMonorepoFolder(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	// Move the app under services/shop, in the workspace and in the base.
	inner := filepath.Join(r.ws, "services", "shop")
	os.MkdirAll(filepath.Dir(inner), 0o755)
	tmp := r.t.TempDir()
	for _, name := range []string{".stacklint.toml", "package.json", "Dockerfile", "src"} {
		os.Rename(filepath.Join(r.ws, name), filepath.Join(tmp, name))
	}
	os.Rename(tmp, inner)
	base := map[string]string{}
	for k, v := range readTxtar(t, "base.txtar") {
		if !strings.HasPrefix(k, ".github/") {
			k = "services/shop/" + k
		}
		base[k] = v
	}
	r.srv.AddTree(owner, repo, baseSHA, base)
	r.env["INPUT_PATH"], r.env["INPUT_COMMENT_KEY"] = "services/shop", "services/shop"
	res := r.run()
	if res.code != 1 {
		t.Fatalf("exit %d\n%s", res.code, res.stdout)
	}
	if !strings.Contains(res.stdout, "::error file=services/shop/package.json,line=16,") {
		t.Errorf("annotation paths are not repository-relative:\n%s", res.stdout)
	}
	cs := r.srv.Comments(owner, repo, prNum)
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Body, "<!-- stacklint:v1 key=services/shop -->") ||
		!strings.Contains(cs[0].Body, "/blob/"+headSHA+"/services/shop/package.json#L16") || !strings.Contains(cs[0].Body, "2 new findings") {
		t.Errorf("comment:\n%v", cs)
	}
}

func TestE2ETransientErrorsRetried(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	comments := "/repos/" + owner + "/" + repo + "/issues/2/comments"
	r.srv.Inject(githubtest.Fault{Method: "GET", Path: comments, Status: 502, Body: `{"message":"Server Error"}`})
	r.srv.Inject(githubtest.Fault{Method: "POST", Path: comments, Status: 403, Header: map[string]string{"Retry-After": "1"},
		Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`})
	res := r.run()
	if res.code != 1 || len(r.srv.Comments(owner, repo, prNum)) != 1 || strings.Contains(res.stdout, "::warning::") {
		t.Errorf("exit %d, %d comments\n%s", res.code, len(r.srv.Comments(owner, repo, prNum)), res.stdout)
	}
	statuses := map[int]int{}
	for _, q := range r.srv.Requests() {
		statuses[q.Status]++
	}
	if statuses[502] != 1 || statuses[403] < 2 { // the secondary limit, and GET /user for the Actions token
		t.Errorf("request statuses %v", statuses)
	}
	// The 502 backs off about a second; the secondary limit waits its Retry-After.
	if len(r.slept) != 2 || r.slept[0] < time.Second || r.slept[1] != time.Second {
		t.Errorf("waits %v, want a backoff of 1s+jitter then Retry-After 1s", r.slept)
	}
}
