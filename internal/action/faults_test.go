package action

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/github/githubtest"
)

// Regression tests for issue 9: API faults and hostile repositories must
// not invent findings, hang, mislead or inject workflow commands.

const blobs = "/repos/" + owner + "/" + repo + "/git/blobs/"

// unchangedPR serves a base that differs from the head only by a field of
// package.json nothing reads: the pull request introduces no finding, and
// reading the base needs exactly that one blob.
func unchangedPR(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	base := readTxtar(t, "head.txtar")
	base["package.json"] = strings.Replace(base["package.json"], `"private": true,`, `"private": true, "description": "before the PR",`, 1)
	r.srv.AddTree(owner, repo, baseSHA, base)
	return r
}

func TestE2EUnchangedPRPasses(t *testing.T) {
	r := unchangedPR(t)
	res := r.run()
	if res.code != 0 || res.outputs["new_findings"] != "0" || strings.Contains(res.stdout, "::warning::") {
		t.Fatalf("exit %d, outputs %v\n%s", res.code, res.outputs, res.stdout)
	}
	if n := countRequests(r.srv, "GET", blobs); n != 1 {
		t.Errorf("%d blob requests, want 1 (package.json; the rest is read from the checkout)", n)
	}
}

// Defect 1: a base whose blobs cannot be read is not an empty base.
func TestE2EBaseBlobsFailNoInventedFindings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*githubtest.Server)
		why   string
	}{
		{"server errors", func(s *githubtest.Server) {
			s.Inject(githubtest.Fault{Method: "GET", Path: blobs, Status: 502, Times: -1, Body: `{"message":"Server Error"}`})
		}, "502"},
		{"rate limit mid-run", func(s *githubtest.Server) {
			s.SetRateLimit(1, time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)) // the tree, then nothing
		}, "rate limit is used up (HTTP 403/429, X-RateLimit-Remaining: 0); it resets at 07:08:09 UTC (2031-05-06)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := unchangedPR(t)
			tc.setup(r.srv)
			res := r.run()
			if res.code != 0 {
				t.Errorf("exit %d: an unreadable base must not fail an unchanged PR", res.code)
			}
			if !strings.Contains(res.stdout, "::warning::stacklint could not read the base revision f95f852 completely") || !strings.Contains(res.stdout, tc.why) {
				t.Errorf("no warning with %q:\n%s", tc.why, res.stdout)
			}
			if res.outputs["new_findings"] != "0" || res.outputs["findings"] != "5" {
				t.Errorf("outputs %v", res.outputs)
			}
			if !strings.Contains(res.summary, "> [!WARNING]\n> **No comparison with the base revision**") || strings.Contains(res.summary, "new in this PR") {
				t.Errorf("summary:\n%s", firstLines(res.summary, 6))
			}
			if tc.name == "server errors" {
				cs := r.srv.Comments(owner, repo, prNum)
				if len(cs) != 1 || !strings.Contains(cs[0].Body, "> [!WARNING]\n> **No comparison with the base revision**") || strings.Contains(cs[0].Body, "**new**") ||
					strings.Contains(cs[0].Body, "Blocking") || !strings.Contains(cs[0].Body, "Not blocking: the base revision could not be read") {
					t.Errorf("comment:\n%v", cs)
				}
				// The first failure stops the base reads: one blob, retried.
				if n := countRequests(r.srv, "GET", blobs); n > 5 {
					t.Errorf("%d blob requests after the base was known incomplete", n)
				}
			}
		})
	}
}

// Defect 1: the time spent reading the base is bounded.
func TestE2EBaseReadBounded(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	var mu sync.Mutex
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	r.tweak = func(e *Env) {
		e.BaseBudget = 30 * time.Second
		e.Retry.Now = clock
		// Every request takes 40 s on this clock.
		e.Transport = roundTripFunc(func(req *http.Request) (*http.Response, error) {
			mu.Lock()
			now = now.Add(40 * time.Second)
			mu.Unlock()
			return http.DefaultTransport.RoundTrip(req)
		})
	}
	r.env["INPUT_COMMENT"] = "off"
	res := r.run()
	if !strings.Contains(res.stdout, "budget for reading the revision is spent") || res.code != 0 {
		t.Errorf("exit %d\n%s\n%s", res.code, res.stdout, res.summary)
	}
	if n := countRequests(r.srv, "GET", blobs); n != 0 {
		t.Errorf("%d blob requests after the tree took the whole budget", n)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Defect 7: a listing that never ends.
func TestE2EEndlessPagination(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	r.srv.EndlessComments = true
	lists := 0
	r.srv.Before = func(method, path string) {
		if method == "GET" && strings.HasSuffix(path, "/comments") {
			lists++
			if lists == 500 { // let an unbounded client end the test
				r.srv.SetEndlessComments(false)
			}
		}
	}
	res := r.run()
	if lists > 40 {
		t.Errorf("%d comment listing requests", lists)
	}
	if res.code != 1 || res.outputs["findings"] != "5" || res.outputs["comment_url"] != "" {
		t.Errorf("exit %d, outputs %v", res.code, res.outputs)
	}
	if !strings.Contains(res.stdout, "stopped after 30 pages") || !strings.Contains(res.summary, "### stacklint") || !strings.Contains(res.summary, "could not be updated") {
		t.Errorf("stdout:\n%s\nsummary:\n%s", res.stdout, res.summary)
	}
}

// Defect 10: what really happened, not "add pull-requests: write".
func TestE2EFailuresExplained(t *testing.T) {
	comments := "/repos/" + owner + "/" + repo + "/issues/2/comments"
	for _, tc := range []struct {
		name  string
		fault githubtest.Fault
		want  []string
	}{
		{"bad credentials", githubtest.Fault{Status: 401, Times: -1, Body: `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`},
			[]string{"HTTP 401 Bad credentials", "could not read the base revision f95f852 of Codertocat/Hello-World through the API"}},
		{"rate limit", githubtest.Fault{Method: "POST", Path: comments, Status: 403, Times: -1,
			Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1956528000"},
			Body:   `{"message":"API rate limit exceeded for installation ID 4242.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"}`},
			[]string{"rate limit is used up", "resets at 00:00:00 UTC (2032-01-01)"}},
		{"secondary rate limit", githubtest.Fault{Method: "POST", Path: comments, Status: 403, Times: -1,
			Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`},
			[]string{"secondary rate limit stopped the request"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRunner(t, "pull_request", "pull_request.opened.json")
			r.srv.Inject(tc.fault)
			res := r.run()
			for _, w := range tc.want {
				if !strings.Contains(res.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, res.stdout)
				}
			}
			if strings.Contains(res.stdout, "pull-requests: write") || strings.Contains(res.stdout, "contents: read") {
				t.Errorf("blames a permission:\n%s", res.stdout)
			}
			if strings.Contains(res.summary, "HTTP 403: the token is read-only") {
				t.Errorf("summary blames a read-only token:\n%s", res.summary)
			}
		})
	}
}

// Defect 11: two runs on one pull request, both listing before either
// posts, leave one comment.
func TestE2EConcurrentRuns(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	r.srv.Hold("GET", "/repos/"+owner+"/"+repo+"/issues/2/comments", 2)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = r.run().code
		}()
	}
	wg.Wait()
	creates := 0
	for _, q := range r.srv.Requests() {
		if q.Method == "POST" && strings.HasSuffix(q.Path, "/comments") {
			creates++
		}
	}
	if creates != 2 {
		t.Fatalf("%d comments created: the runs did not race", creates)
	}
	if cs := r.srv.Comments(owner, repo, prNum); len(cs) != 1 || codes[0] != 1 || codes[1] != 1 {
		t.Errorf("%d comments after two concurrent runs (exits %v)", len(cs), codes)
	}
}

func countRequests(s *githubtest.Server, method, prefix string) int {
	n := 0
	for _, q := range s.Requests() {
		if q.Method == method && strings.HasPrefix(q.Path, prefix) {
			n++
		}
	}
	return n
}

// Defect 5: nothing from the repository reaches the runner as a workflow
// command. runnerCommands reads stdout as the runner does and returns the
// workflow commands it would run.
func runnerCommands(stdout string) []string {
	var cmds []string
	stop := ""
	for _, line := range strings.Split(stdout, "\n") {
		l := strings.TrimSpace(line)
		if stop != "" {
			if l == "::"+stop+"::" {
				stop = ""
			}
			continue
		}
		if !strings.HasPrefix(l, "::") {
			continue
		}
		cmds = append(cmds, l)
		if rest, ok := strings.CutPrefix(l, "::stop-commands::"); ok {
			stop = rest
		}
	}
	return cmds
}

func TestE2EWorkflowCommandInjection(t *testing.T) {
	r := newRunner(t, "push", "push.json")
	evil := "evil\n::error::pwned folder\n  ::stop-commands::pwned\n::add-mask::pwned"
	writeFile(t, r.ws, "services/"+evil+"/package.json", `{"name":"x","main":"index.js","dependencies":{"express":"^4.19.2","fastify":"`+strings.Repeat("9", 70)+` ::warning::pwned version"}}`)
	writeFile(t, r.ws, "services/"+evil+"/Dockerfile", "FROM node:18\nCMD [\"node\",\"index.js\"]\n")
	res := r.run()
	if !strings.Contains(res.stdout, "pwned") {
		t.Fatalf("the hostile names are not in the report, the test proves nothing:\n%s", res.stdout)
	}
	for _, c := range runnerCommands(res.stdout) {
		if strings.Contains(c, "pwned") && !strings.HasPrefix(c, "::error file=") && !strings.HasPrefix(c, "::warning file=") && !strings.HasPrefix(c, "::notice file=") {
			t.Errorf("the runner would run %q", c)
		}
		if (strings.HasPrefix(c, "::error") || strings.HasPrefix(c, "::warning")) && strings.Contains(c, "\n") {
			t.Errorf("raw newline in %q", c)
		}
	}
	// Every line of the report is neutral even where stop-commands is not honoured.
	for _, line := range strings.Split(res.stdout, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "::") && strings.Contains(l, "pwned") &&
			!strings.HasPrefix(l, "::error file=") && !strings.HasPrefix(l, "::warning file=") && !strings.HasPrefix(l, "::notice file=") {
			t.Errorf("line %q is a workflow command", l)
		}
	}
}

func writeFile(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNeutralLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain":              "plain",
		"::error::x":         "∶:error::x",
		"   ::stop-commands": "   ∶:stop-commands",
		"\t::x":              "\t∶:x",
		"a ::b":              "a ::b",
		"cr\r::x":            "cr␍::x",
	} {
		if got := neutralLine(in); got != want {
			t.Errorf("neutralLine(%q) = %q, want %q", in, got, want)
		}
	}
	if got := logLine("a\n::error::b"); got != `a\n::error::b` {
		t.Errorf("logLine = %q", got)
	}
}

func FuzzNeutralLine(f *testing.F) {
	for _, s := range []string{"::error::x", " \t::add-mask::y", "plain", "a\r::b", "\u00a0::x", ":", "::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		outs := []string{logLine(s)}
		if !strings.ContainsAny(s, "\n") { // neutralLine takes one line
			outs = append(outs, neutralLine(s))
		}
		for _, out := range outs {
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "::") {
					t.Fatalf("%q gives the workflow command %q", s, line)
				}
			}
		}
		if strings.ContainsAny(logLine(s), "\n\r") {
			t.Fatalf("logLine(%q) keeps a line break", s)
		}
	})
}
