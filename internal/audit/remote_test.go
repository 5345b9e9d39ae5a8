package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stacklint/stacklint/internal/github"
	"github.com/stacklint/stacklint/internal/github/githubtest"
)

// repoFiles reads a testdata repository into the emulator's form.
func repoFiles(t testing.TB, name string) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "testdata", "repos", name)
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sleeps records the waits the retry transport asks for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
	// waitingSeen is true when the meter reported a wait while one ran.
	waitingSeen bool
	meter       *Meter
}

func (s *sleeps) sleep(_ *http.Request, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	if s.meter != nil && s.meter.Stats().Waiting > 0 {
		s.waitingSeen = true
	}
	return nil
}

func (s *sleeps) longest() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m time.Duration
	for _, d := range s.d {
		m = max(m, d)
	}
	return m
}

func newRemote(t testing.TB, srv *githubtest.Server, cache string) (*Remote, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	rem, err := NewRemote(RemoteOptions{APIURL: srv.APIURL(), Token: "test-token", CacheDir: cache,
		Retry: github.RetryPolicy{Sleep: sl.sleep, BaseDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	sl.meter = rem.Meter
	return rem, sl
}

// collect keeps every result, for assertions.
type collect struct {
	results []*Result
	sum     *Summary
}

func (c *collect) Begin(Header) error     { return nil }
func (c *collect) Result(r *Result) error { c.results = append(c.results, r); return nil }
func (c *collect) End(s *Summary) error   { c.sum = s; return nil }
func (c *collect) byName() map[string]*Result {
	m := map[string]*Result{}
	for _, r := range c.results {
		m[r.Repository] = r
	}
	return m
}

// tee sends the batch to several sinks at once.
type tee []Sink

func (t tee) Begin(h Header) error {
	for _, s := range t {
		if err := s.Begin(h); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) Result(r *Result) error {
	for _, s := range t {
		if err := s.Result(r); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) End(sum *Summary) error {
	for _, s := range t {
		if err := s.End(sum); err != nil {
			return err
		}
	}
	return nil
}

func runRemote(t testing.TB, rem *Remote, targets []Target, sink Sink) *Summary {
	t.Helper()
	s, err := Run(context.Background(), targets, Header{Title: "org acme", Version: "test"}, Options{Jobs: 8, Remote: rem, Today: today}, sink)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// comparable drops what differs between a local and a remote audit.
func comparable(r *Result) string {
	c := *r
	c.Repository, c.Source, c.Ref = "", "", ""
	b, _ := json.Marshal(c)
	return string(b)
}

func requestsTo(srv *githubtest.Server, prefix string) (n, notModified int) {
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, prefix) {
			n++
			if r.Status == http.StatusNotModified {
				notModified++
			}
		}
	}
	return n, notModified
}

// A repository read through the API gives exactly the local audit, also
// when GitHub truncates its tree listing; each costs one tree listing plus
// one blob per file read.
func TestRemoteMatchesLocal(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	names := []string{"node-express", "high-load-saas", "polyglot-monorepo", "rare-talent-elixir"}
	var targets, local []Target
	for _, n := range names {
		files := repoFiles(t, n)
		srv.AddRepo(githubtest.Repo{Owner: "acme", Name: n}, files)
		srv.AddRepo(githubtest.Repo{Owner: "acme", Name: n + "-truncated", TruncateAt: 3}, files)
		targets = append(targets, Target{Name: "acme/" + n, Owner: "acme", Repo: n}, Target{Name: "acme/" + n + "-truncated", Owner: "acme", Repo: n + "-truncated"})
		local = append(local, Target{Name: n, Dir: filepath.Join("..", "..", "testdata", "repos", n)})
	}
	rem, _ := newRemote(t, srv, "")
	var got, want collect
	runRemote(t, rem, targets, &got)
	runRemote(t, nil, local, &want)
	byName := got.byName()
	for _, l := range want.results {
		for _, suffix := range []string{"", "-truncated"} {
			r := byName["acme/"+l.Repository+suffix]
			if r == nil || r.Status != StatusAudited {
				t.Fatalf("acme/%s%s: %+v", l.Repository, suffix, r)
			}
			if comparable(r) != comparable(l) {
				t.Errorf("acme/%s%s differs from the local audit:\nremote %s\nlocal  %s", l.Repository, suffix, comparable(r), comparable(l))
			}
			trees, _ := requestsTo(srv, "/repos/acme/"+l.Repository+suffix+"/git/trees/")
			blobs, _ := requestsTo(srv, "/repos/acme/"+l.Repository+suffix+"/git/blobs/")
			if suffix == "" && trees != 1 {
				t.Errorf("acme/%s: %d tree requests, want 1", l.Repository, trees)
			}
			if suffix != "" && trees < 2 {
				t.Errorf("acme/%s: truncated tree not walked (%d tree requests)", l.Repository+suffix, trees)
			}
			profile := 0
			if r.Profile.Source == ProfileRepository {
				profile = 1
			}
			if blobs > r.FilesRead+profile {
				t.Errorf("acme/%s: %d blob requests for %d files read", l.Repository+suffix, blobs, r.FilesRead)
			}
		}
	}
}

// orgFleet registers n repositories cycling through the testdata ones,
// plus an archived repository, a fork, a missing, a blocked and an empty one,
// and one whose own profile is invalid.
func orgFleet(t testing.TB, srv *githubtest.Server, n int) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("..", "..", "testdata", "repos"))
	if err != nil {
		t.Fatal(err)
	}
	var sets []map[string]string
	for _, e := range entries {
		sets = append(sets, repoFiles(t, e.Name()))
	}
	for i := 0; i < n; i++ {
		r := githubtest.Repo{Owner: "acme", Name: fmt.Sprintf("svc-%03d", i)}
		if i%10 == 0 {
			r.Topics = []string{"backend"}
		}
		srv.AddRepo(r, sets[i%len(sets)])
	}
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "old", Archived: true}, sets[0])
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "forked", Fork: true}, sets[0])
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "gone", Status: http.StatusNotFound}, nil)
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "blocked", Status: http.StatusForbidden}, nil)
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "empty", Empty: true}, nil)
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "bad-profile"}, map[string]string{".stacklint.toml": "[project]\ntype = \"rocket\"\n", "go.mod": "module x\n\ngo 1.24\n"})
}

func TestOrgListing(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	orgFleet(t, srv, 250)
	rem, _ := newRemote(t, srv, "")
	ts, skipped, err := rem.List(context.Background(), ListOptions{Org: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(skipped) != "[{archived 1} {forks 1}]" {
		t.Errorf("skipped: %v", skipped)
	}
	// 250 + gone, blocked, empty, bad-profile; archived and fork skipped.
	if len(ts) != 254 {
		t.Fatalf("%d repositories listed, want 254", len(ts))
	}
	pages, _ := requestsTo(srv, "/orgs/acme/repos")
	if pages != 3 {
		t.Errorf("%d listing pages, want 3 (per_page=100)", pages)
	}
	for _, tt := range ts {
		if tt.Name == "acme/old" || tt.Name == "acme/forked" {
			t.Errorf("%s listed", tt.Name)
		}
		if tt.Ref != "main" {
			t.Errorf("%s at %q, want the default branch", tt.Name, tt.Ref)
		}
	}
	all, _, _ := rem.List(context.Background(), ListOptions{Org: "acme", IncludeArchived: true, IncludeForks: true})
	topic, _, _ := rem.List(context.Background(), ListOptions{Org: "acme", Topics: []string{"backend"}})
	if len(all) != 256 || len(topic) != 25 {
		t.Errorf("with archived and forks %d (want 256), topic backend %d (want 25)", len(all), len(topic))
	}
	if _, _, err := rem.List(context.Background(), ListOptions{Org: "nobody"}); err == nil || !strings.Contains(err.Error(), "organisation nobody") {
		t.Errorf("unknown organisation: %v", err)
	}
	srv.AddRepo(githubtest.Repo{Owner: "octocat", Name: "hello", OwnerType: "User"}, map[string]string{"go.mod": "module x\n"})
	if us, _, err := rem.List(context.Background(), ListOptions{User: "octocat"}); err != nil || len(us) != 1 {
		t.Errorf("user listing: %v %v", us, err)
	}
}

// The acceptance run: 300 emulated repositories (and four that fail) in
// every format; failures are reported per repository and the batch goes on.
func TestRemoteFleetEveryFormat(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	orgFleet(t, srv, 300)
	rem, _ := newRemote(t, srv, "")
	ts, _, err := rem.List(context.Background(), ListOptions{Org: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	outs := map[string]*bytes.Buffer{}
	var sinks tee
	var got collect
	for _, f := range Formats {
		outs[f] = &bytes.Buffer{}
		s, err := NewSink(f, outs[f])
		if err != nil {
			t.Fatal(err)
		}
		sinks = append(sinks, s)
	}
	sinks = append(sinks, &got)
	sum := runRemote(t, rem, ts, sinks)
	if sum.Repositories != 304 || sum.Audited != 300 || sum.Failed != 4 {
		t.Fatalf("summary: %d repositories, %d audited, %d failed", sum.Repositories, sum.Audited, sum.Failed)
	}
	want := map[string]string{"acme/gone": "not found", "acme/blocked": "no access", "acme/empty": "empty repository", "acme/bad-profile": "invalid profile"}
	for _, f := range sum.FailedRepos {
		if want[f.Repository] != f.Reason || f.Error == "" {
			t.Errorf("%s failed with %q (%s), want %q", f.Repository, f.Reason, f.Error, want[f.Repository])
		}
	}
	if !strings.Contains(got.byName()["acme/bad-profile"].Error, `"rocket"`) {
		t.Errorf("the invalid profile's error does not say what is wrong: %s", got.byName()["acme/bad-profile"].Error)
	}
	// Every format is complete.
	var doc struct {
		Repositories []Result `json:"repositories"`
		Summary      Summary  `json:"summary"`
	}
	if err := json.Unmarshal(outs["json"].Bytes(), &doc); err != nil || len(doc.Repositories) != 304 || doc.Summary.Audited != 300 {
		t.Errorf("json: %v, %d repositories", err, len(doc.Repositories))
	}
	if n := strings.Count(outs["jsonl"].String(), "\n"); n != 305 {
		t.Errorf("jsonl: %d lines, want 304 results and the summary", n)
	}
	if n := strings.Count(outs["csv"].String(), "\n"); n != 305 {
		t.Errorf("csv: %d lines, want a header and 304 rows", n)
	}
	for _, f := range []string{"table", "markdown", "html"} {
		for _, r := range []string{"acme/svc-000", "acme/svc-299", "acme/gone"} {
			if !strings.Contains(outs[f].String(), r) {
				t.Errorf("%s lacks %s", f, r)
			}
		}
	}
	if !strings.Contains(outs["html"].String(), `id="r-304"`) || !strings.HasSuffix(outs["html"].String(), "</html>\n") {
		t.Error("html: no drill-down for the last repository, or the page is not closed")
	}
	// Cost: one tree listing per repository and no more blobs than files
	// read (the profile and its radar file included).
	trees, blobs, files := 0, 0, 0
	for _, r := range srv.Requests() {
		switch {
		case strings.HasPrefix(r.Path, "/repos/acme/svc-") && strings.Contains(r.Path, "/git/trees/"):
			trees++
		case strings.Contains(r.Path, "/git/blobs/"):
			blobs++
		}
	}
	for _, r := range got.results {
		files += r.FilesRead
		if r.Profile.Source == ProfileRepository || r.Reason == "invalid profile" {
			files++
		}
		if r.Profile.Source == ProfileRepository && r.Profile.Radar != "" {
			files++ // the radar file the profile names (a CSV here)
		}
	}
	if trees != 300 {
		t.Errorf("%d tree requests for 300 repositories", trees)
	}
	if blobs > files {
		t.Errorf("%d blob requests for %d files read", blobs, files)
	}
	t.Logf("300 repositories: %d tree and %d blob requests (%.2f a repository)", trees, blobs, float64(trees+blobs)/300)
}

func faultFleet(t *testing.T) (*githubtest.Server, []Target) {
	srv := githubtest.New()
	t.Cleanup(srv.Close)
	var ts []Target
	for i := 0; i < 8; i++ {
		n := fmt.Sprintf("r%02d", i)
		srv.AddRepo(githubtest.Repo{Owner: "acme", Name: n}, repoFiles(t, []string{"node-express", "go-gin-gorm"}[i%2]))
		ts = append(ts, Target{Name: "acme/" + n, Owner: "acme", Repo: n})
	}
	return srv, ts
}

func allAudited(t *testing.T, c *collect, n int) {
	t.Helper()
	if len(c.results) != n {
		t.Fatalf("%d results, want %d", len(c.results), n)
	}
	for _, r := range c.results {
		if r.Status != StatusAudited {
			t.Errorf("%s: %s (%s)", r.Repository, r.Reason, r.Error)
		}
	}
}

// A primary rate limit reached mid-batch is waited out until its reset
// (the injected clock does not really wait), then the batch completes.
func TestPrimaryRateLimitMidBatch(t *testing.T) {
	srv, ts := faultFleet(t)
	reset := time.Now().Add(20 * time.Minute).Unix()
	srv.Inject(githubtest.Fault{Path: "/repos/acme/r04/git/", Status: http.StatusForbidden,
		Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "5000", "X-RateLimit-Reset": strconv.FormatInt(reset, 10)},
		Body:   `{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`})
	rem, sl := newRemote(t, srv, "")
	var got collect
	runRemote(t, rem, ts, &got)
	allAudited(t, &got, 8)
	if w := sl.longest(); w < 19*time.Minute || w > 21*time.Minute {
		t.Errorf("waited %s, want until the reset (~20m)", w)
	}
	if !sl.waitingSeen {
		t.Error("the meter (progress line) did not show the wait")
	}
}

func TestSecondaryRateLimitRetryAfter(t *testing.T) {
	srv, ts := faultFleet(t)
	srv.Inject(githubtest.Fault{Path: "/repos/acme/r02/git/", Status: http.StatusForbidden, Header: map[string]string{"Retry-After": "42"},
		Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`})
	rem, sl := newRemote(t, srv, "")
	var got collect
	runRemote(t, rem, ts, &got)
	allAudited(t, &got, 8)
	if w := sl.longest(); w != 42*time.Second {
		t.Errorf("waited %s, want Retry-After's 42s", w)
	}
}

func TestServerErrorsRetried(t *testing.T) {
	srv, ts := faultFleet(t)
	srv.Inject(githubtest.Fault{Path: "/repos/acme/r03/git/blobs/", Status: http.StatusBadGateway, Body: `{"message":"Server Error"}`, Times: 2})
	srv.Inject(githubtest.Fault{Path: "/repos/acme/r05/git/trees/", Status: http.StatusServiceUnavailable, Body: `{"message":"Service Unavailable"}`, Times: 100})
	rem, sl := newRemote(t, srv, "")
	var got collect
	runRemote(t, rem, ts, &got)
	if len(got.results) != 8 {
		t.Fatalf("%d results", len(got.results))
	}
	for _, r := range got.results {
		switch {
		case r.Repository == "acme/r05":
			if r.Status != StatusFailed || r.Reason != "server error" {
				t.Errorf("r05 (503 on every try): %s %s", r.Status, r.Reason)
			}
		case r.Status != StatusAudited:
			t.Errorf("%s: %s (%s)", r.Repository, r.Reason, r.Error)
		}
	}
	if len(sl.d) < 2+4 {
		t.Errorf("%d backoffs, want 2 for r03 and 4 for r05", len(sl.d))
	}
}

// A re-run over unchanged repositories with --cache fetches no blob and
// revalidates every listing with a 304, which costs no rate-limit budget.
func TestCacheETagRerun(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	orgFleet(t, srv, 30)
	cache := t.TempDir()
	run := func() (*collect, int, int) {
		before := len(srv.Requests())
		rem, _ := newRemote(t, srv, cache)
		ts, _, err := rem.List(context.Background(), ListOptions{Org: "acme"})
		if err != nil {
			t.Fatal(err)
		}
		var got collect
		runRemote(t, rem, ts, &got)
		reqs := srv.Requests()[before:]
		blobs, charged := 0, 0
		for _, r := range reqs {
			if strings.Contains(r.Path, "/git/blobs/") {
				blobs++
			}
			if r.Status != http.StatusNotModified {
				charged++
			}
		}
		return &got, blobs, charged
	}
	cold, coldBlobs, _ := run()
	warm, warmBlobs, charged := run()
	if coldBlobs == 0 || warmBlobs != 0 {
		t.Errorf("blob requests: cold %d, warm %d (want 0)", coldBlobs, warmBlobs)
	}
	// Only the failing repositories (404, 403, 409 are not cached) cost budget.
	if charged > 3 {
		t.Errorf("the warm run made %d requests that cost budget", charged)
	}
	for i := range cold.results {
		if comparable(cold.results[i]) != comparable(warm.results[i]) {
			t.Errorf("%s differs between the cold and the warm run", cold.results[i].Repository)
		}
	}
}
