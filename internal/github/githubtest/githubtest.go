// Package githubtest is an in-process emulator of the parts of the GitHub
// REST API stacklint uses, for tests: issue comments (list with Link
// pagination, create, update, delete), GET /user, pull requests, git trees
// and blobs, /rate_limit and the minimizeComment GraphQL mutation. It
// answers with GitHub's real JSON shapes, status codes and headers
// (X-RateLimit-*, Link, Retry-After), can inject faults, emulates a
// read-only (fork) token, and logs every request.
//
// Fault modes for hostile conditions: Inject (canned answers, e.g. blob
// reads failing with 5xx for good: Times -1), EndlessComments (a comment
// listing whose Link: rel="next" never ends), SetRateLimit (the primary
// rate limit running out mid-run), and for concurrent runs Hold (a barrier
// that lets several requests in at once) and Before (a hook run before a
// request is served, to interleave another run at an exact point).
package githubtest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Comment is an issue comment held by the emulator.
type Comment struct {
	ID        int64
	NodeID    string
	Owner     string
	Repo      string
	Number    int
	Body      string
	User      string
	UserType  string // "Bot" or "User"
	CreatedAt time.Time
	UpdatedAt time.Time
	Minimized bool
}

// Fault is a canned answer served instead of the real one.
type Fault struct {
	// Method and Path select requests ("" matches any); Path is a prefix of
	// the URL path ("/repos/o/r/issues/1/comments").
	Method, Path string
	// Status, Header and Body make the answer.
	Status int
	Header map[string]string
	Body   string
	// Times is how many requests it answers (0 means 1, negative: every
	// matching request from now on).
	Times int
}

// Request is one logged request.
type Request struct {
	Method, Path, Query string
	// Auth is the Authorization header's scheme only ("Bearer", "token"): the
	// token itself is never kept.
	Auth string
	Body string
	// Status answered.
	Status int
}

// Server is the emulator. Fields may be set before requests are made; use
// the methods afterwards (they lock).
type Server struct {
	*httptest.Server

	mu sync.Mutex
	// Login is the identity GET /user reports; "" answers 403 as GitHub does
	// for installation tokens (GITHUB_TOKEN).
	Login string
	// ReadOnly makes every write answer 403 "Resource not accessible by
	// integration", as for fork pull requests.
	ReadOnly bool
	// BotLogin is the author of comments created (default github-actions[bot]).
	BotLogin string
	// EndlessComments makes every comment listing announce a next page
	// (Link: rel="next"), for ever, as a broken proxy or API might.
	EndlessComments bool
	// Before, when set, runs before each request is served (after it is
	// counted against the rate limit), without the server's lock held: a
	// test interleaves another run's requests there.
	Before func(method, path string)

	comments []*Comment
	nextID   int64
	trees    map[string][]treeEntry // owner/repo@sha
	blobs    map[string][]byte
	pulls    map[string]map[string]any
	faults   []*Fault
	log      []Request
	remain   int
	reset    time.Time
	holds    []*hold
	fleet    *fleetState // AddRepo, SetLatency (fleet.go)
}

type hold struct {
	method, path string
	n            int
	taken        int // places reserved by requests
	arrived      int // answers ready
	open         chan struct{}
}

type treeEntry struct {
	Path, SHA, Mode string
	Size            int
}

// New starts an emulator; Close it when done.
func New() *Server {
	s := &Server{BotLogin: "github-actions[bot]", nextID: 1000, trees: map[string][]treeEntry{}, blobs: map[string][]byte{}, pulls: map[string]map[string]any{}, remain: 5000, reset: time.Now().Add(time.Hour)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the REST root to give as GITHUB_API_URL.
func (s *Server) APIURL() string { return s.URL }

// AddComment stores an existing comment (e.g. from an earlier run) and
// returns its id.
func (s *Server) AddComment(owner, repo string, number int, user, userType, body string, created time.Time) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	c := &Comment{ID: s.nextID, NodeID: fmt.Sprintf("IC_kwDOemu%06d", s.nextID), Owner: owner, Repo: repo, Number: number, Body: body, User: user, UserType: userType, CreatedAt: created, UpdatedAt: created}
	s.comments = append(s.comments, c)
	return c.ID
}

// Comments returns the comments of a thread, oldest first.
func (s *Server) Comments(owner, repo string, number int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.comments {
		if c.Owner == owner && c.Repo == repo && c.Number == number {
			out = append(out, *c)
		}
	}
	return out
}

// AddTree stores a repository revision: path -> content. It returns the
// tree sha (also accepted as the ref).
func (s *Server) AddTree(owner, repo, ref string, files map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var entries []treeEntry
	for _, p := range paths {
		sum := sha1.Sum([]byte("blob " + strconv.Itoa(len(files[p])) + "\x00" + files[p]))
		sha := hex.EncodeToString(sum[:])
		s.blobs[sha] = []byte(files[p])
		entries = append(entries, treeEntry{Path: p, SHA: sha, Mode: "100644", Size: len(files[p])})
	}
	s.trees[owner+"/"+repo+"@"+ref] = entries
}

// AddPull stores a pull request's JSON (as GET /repos/o/r/pulls/n returns).
func (s *Server) AddPull(owner, repo string, number int, pr map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pulls[fmt.Sprintf("%s/%s#%d", owner, repo, number)] = pr
}

// Inject queues a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// SetEndlessComments switches EndlessComments once requests are made.
func (s *Server) SetEndlessComments(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.EndlessComments = on
}

// SetRateLimit sets how many requests the primary rate limit still allows
// and when it resets. Once none is left, every request is answered 403
// with X-RateLimit-Remaining: 0, as GitHub does.
func (s *Server) SetRateLimit(remaining int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remain, s.reset = remaining, reset
}

// Hold makes the next n requests matching method and path (a prefix; ""
// matches any) wait, their answers ready, until all n have been answered:
// n concurrent runs all get the state as it was before any of them goes
// on (all list the comments before any posts one). An answer waits at
// most 2 minutes (a slow race-detector run must not break the barrier).
func (s *Server) Hold(method, path string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds = append(s.holds, &hold{method: method, path: path, n: n, open: make(chan struct{})})
}

// takeHold reserves a place at a matching hold. Caller holds s.mu.
func (s *Server) takeHold(r *http.Request) *hold {
	for _, c := range s.holds {
		if c.taken < c.n && (c.method == "" || c.method == r.Method) && strings.HasPrefix(r.URL.Path, c.path) {
			c.taken++
			return c
		}
	}
	return nil
}

// arrive counts an answer ready at h and waits for the others.
func (s *Server) arrive(h *hold) {
	s.mu.Lock()
	h.arrived++
	if h.arrived == h.n {
		close(h.open)
	}
	s.mu.Unlock()
	select {
	case <-h.open:
	case <-time.After(2 * time.Minute):
	}
}

// Requests returns the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Writes counts logged requests that change state (POST, PATCH, PUT, DELETE),
// GraphQL included.
func (s *Server) Writes() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			n++
		}
	}
	return n
}

var (
	reComments     = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/issues/(\d+)/comments$`)
	reComment      = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/issues/comments/(\d+)$`)
	reTree         = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/git/trees/(.+)$`)
	reBlob         = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/git/blobs/([0-9a-f]+)$`)
	rePull         = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/pulls/(\d+)$`)
	integrationMsg = "Resource not accessible by integration"
)

// recorder logs the request when the status is decided, before any byte
// of the answer reaches the client, so a test that has its answer always
// finds the request in the log.
type recorder struct {
	http.ResponseWriter
	status int
	logged bool
	onLog  func(status int)
}

func (r *recorder) WriteHeader(c int) {
	if !r.logged {
		r.logged = true
		r.status = c
		r.onLog(c)
	}
	r.ResponseWriter.WriteHeader(c)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.logged {
		r.WriteHeader(http.StatusOK)
	}
	return r.ResponseWriter.Write(b)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.delay()
	body, _ := io.ReadAll(r.Body)
	auth, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	rec := &recorder{ResponseWriter: w, status: 200, onLog: func(status int) {
		s.mu.Lock()
		s.log = append(s.log, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: auth, Body: string(body), Status: status})
		s.mu.Unlock()
	}}
	s.mu.Lock()
	before := s.Before
	held := s.takeHold(r)
	s.mu.Unlock()
	if before != nil {
		before(r.Method, r.URL.Path)
	}
	if held == nil {
		s.answer(rec, r, body)
		if !rec.logged {
			rec.WriteHeader(http.StatusOK)
		}
		return
	}
	// The answer is computed now and sent once every held request has one.
	buf := httptest.NewRecorder()
	s.answer(buf, r, body)
	s.arrive(held)
	for k, v := range buf.Header() {
		w.Header()[k] = v
	}
	rec.WriteHeader(buf.Code)
	rec.Write(buf.Body.Bytes())
}

// answer writes the answer to one request: the rate limit, an injected
// fault, or the emulated API.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, body []byte) {
	s.mu.Lock()
	limited := s.remain <= 0
	if !limited {
		s.remain--
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(s.remain))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(5000-s.remain))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("EMU:%d", len(s.log)+1))
	var fault *Fault
	if !limited {
		fault = s.takeFault(r)
	}
	s.mu.Unlock()

	switch {
	case limited:
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "API rate limit exceeded for installation ID 4242.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", "status": "403"})
	case fault != nil:
		for k, v := range fault.Header {
			h.Set(k, v)
		}
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(fault.Status)
		io.WriteString(w, fault.Body)
	default:
		s.routeConditional(w, r, body)
	}
}

func (s *Server) takeFault(r *http.Request) *Fault {
	for i, f := range s.faults {
		if (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.Path) {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, msg, doc string) {
	writeJSON(w, status, map[string]any{"message": msg, "documentation_url": doc, "status": strconv.Itoa(status)})
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	// Enterprise Server serves the REST API under /api/v3.
	p := strings.TrimPrefix(r.URL.Path, "/api/v3")
	write := r.Method != http.MethodGet && r.Method != http.MethodHead
	s.mu.Lock()
	readOnly := s.ReadOnly
	s.mu.Unlock()
	if write && readOnly {
		apiError(w, http.StatusForbidden, integrationMsg, "https://docs.github.com/rest/issues/comments#create-an-issue-comment")
		return
	}
	switch {
	case p == "/user" && r.Method == http.MethodGet:
		s.mu.Lock()
		login := s.Login
		s.mu.Unlock()
		if login == "" {
			apiError(w, http.StatusForbidden, integrationMsg, "https://docs.github.com/rest/users/users#get-the-authenticated-user")
			return
		}
		writeJSON(w, 200, map[string]any{"login": login, "id": 1, "type": "User"})
	case p == "/rate_limit":
		s.mu.Lock()
		remain := s.remain
		s.mu.Unlock()
		s.mu.Lock()
		reset := s.reset
		s.mu.Unlock()
		core := map[string]any{"limit": 5000, "remaining": remain, "reset": reset.Unix(), "used": 5000 - remain}
		writeJSON(w, 200, map[string]any{"resources": map[string]any{"core": core}, "rate": core})
	case p == "/graphql" || p == "/api/graphql":
		s.graphql(w, body)
	case reComments.MatchString(p):
		m := reComments.FindStringSubmatch(p)
		n, _ := strconv.Atoi(m[3])
		switch r.Method {
		case http.MethodGet:
			s.listComments(w, r, m[1], m[2], n)
		case http.MethodPost:
			var in struct {
				Body *string `json:"body"`
			}
			if json.Unmarshal(body, &in) != nil || in.Body == nil {
				writeJSON(w, 422, map[string]any{"message": "Invalid request.\n\nNo subschema in \"anyOf\" matched.\n\"body\" wasn't supplied.", "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment", "status": "422"})
				return
			}
			if len(*in.Body) > 65536 {
				writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []any{map[string]any{"resource": "IssueComment", "code": "custom", "field": "body", "message": "body is too long (maximum is 65536 characters)"}}, "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment", "status": "422"})
				return
			}
			s.mu.Lock()
			s.nextID++
			now := time.Now().UTC().Truncate(time.Second)
			c := &Comment{ID: s.nextID, NodeID: fmt.Sprintf("IC_kwDOemu%06d", s.nextID), Owner: m[1], Repo: m[2], Number: n, Body: *in.Body, User: s.BotLogin, UserType: "Bot", CreatedAt: now, UpdatedAt: now}
			s.comments = append(s.comments, c)
			out := s.commentJSON(c)
			s.mu.Unlock()
			w.Header().Set("Location", out["url"].(string))
			writeJSON(w, http.StatusCreated, out)
		default:
			apiError(w, 404, "Not Found", "https://docs.github.com/rest")
		}
	case reComment.MatchString(p):
		m := reComment.FindStringSubmatch(p)
		id, _ := strconv.ParseInt(m[3], 10, 64)
		s.mu.Lock()
		idx := -1
		for i, c := range s.comments {
			if c.ID == id && c.Owner == m[1] && c.Repo == m[2] {
				idx = i
			}
		}
		if idx < 0 {
			s.mu.Unlock()
			apiError(w, 404, "Not Found", "https://docs.github.com/rest/issues/comments#update-an-issue-comment")
			return
		}
		c := s.comments[idx]
		switch r.Method {
		case http.MethodGet:
			out := s.commentJSON(c)
			s.mu.Unlock()
			writeJSON(w, 200, out)
		case http.MethodPatch:
			var in struct {
				Body *string `json:"body"`
			}
			if json.Unmarshal(body, &in) != nil || in.Body == nil {
				s.mu.Unlock()
				writeJSON(w, 422, map[string]any{"message": "Invalid request.\n\n\"body\" wasn't supplied.", "status": "422"})
				return
			}
			c.Body = *in.Body
			c.UpdatedAt = time.Now().UTC().Truncate(time.Second)
			out := s.commentJSON(c)
			s.mu.Unlock()
			writeJSON(w, 200, out)
		case http.MethodDelete:
			s.comments = append(s.comments[:idx], s.comments[idx+1:]...)
			s.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		default:
			s.mu.Unlock()
			apiError(w, 404, "Not Found", "https://docs.github.com/rest")
		}
	case reTree.MatchString(p) && r.Method == http.MethodGet:
		m := reTree.FindStringSubmatch(p)
		s.mu.Lock()
		entries, ok := s.trees[m[1]+"/"+m[2]+"@"+m[3]]
		s.mu.Unlock()
		if !ok {
			apiError(w, 404, "Not Found", "https://docs.github.com/rest/git/trees#get-a-tree")
			return
		}
		var tree []map[string]any
		dirs := map[string]bool{}
		for _, e := range entries {
			for d := pathDir(e.Path); d != "" && !dirs[d]; d = pathDir(d) {
				dirs[d] = true
				tree = append(tree, map[string]any{"path": d, "mode": "040000", "type": "tree", "sha": fakeSHA(d), "url": s.URL + "/repos/" + m[1] + "/" + m[2] + "/git/trees/" + fakeSHA(d)})
			}
			tree = append(tree, map[string]any{"path": e.Path, "mode": e.Mode, "type": "blob", "sha": e.SHA, "size": e.Size, "url": s.URL + "/repos/" + m[1] + "/" + m[2] + "/git/blobs/" + e.SHA})
		}
		writeJSON(w, 200, map[string]any{"sha": fakeSHA(m[3]), "url": s.URL + p, "tree": tree, "truncated": false})
	case reBlob.MatchString(p) && r.Method == http.MethodGet:
		m := reBlob.FindStringSubmatch(p)
		s.mu.Lock()
		b, ok := s.blobs[m[3]]
		s.mu.Unlock()
		if !ok {
			apiError(w, 404, "Not Found", "https://docs.github.com/rest/git/blobs#get-a-blob")
			return
		}
		if strings.Contains(r.Header.Get("Accept"), "raw") {
			w.Header().Set("Content-Type", "application/vnd.github.raw")
			w.Write(b)
			return
		}
		writeJSON(w, 200, map[string]any{"sha": m[3], "node_id": "B_" + m[3][:8], "size": len(b), "url": s.URL + p, "content": base64.StdEncoding.EncodeToString(b), "encoding": "base64"})
	case rePull.MatchString(p) && r.Method == http.MethodGet:
		m := rePull.FindStringSubmatch(p)
		s.mu.Lock()
		pr, ok := s.pulls[m[1]+"/"+m[2]+"#"+m[3]]
		s.mu.Unlock()
		if !ok {
			apiError(w, 404, "Not Found", "https://docs.github.com/rest/pulls/pulls#get-a-pull-request")
			return
		}
		writeJSON(w, 200, pr)
	default:
		apiError(w, 404, "Not Found", "https://docs.github.com/rest")
	}
}

func pathDir(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

func fakeSHA(s string) string {
	sum := sha1.Sum([]byte("tree " + s))
	return hex.EncodeToString(sum[:])
}

// listComments serves one page with GitHub's Link header.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request, owner, repo string, n int) {
	s.mu.Lock()
	var all []map[string]any
	for _, c := range s.comments {
		if c.Owner == owner && c.Repo == repo && c.Number == n {
			all = append(all, s.commentJSON(c))
		}
	}
	endless := s.EndlessComments
	s.mu.Unlock()
	writePage(w, r, all, endless)
}

// commentJSON renders a comment as the REST API does. Caller holds s.mu.
func (s *Server) commentJSON(c *Comment) map[string]any {
	api := fmt.Sprintf("%s/repos/%s/%s", s.URL, c.Owner, c.Repo)
	return map[string]any{
		"id":                 c.ID,
		"node_id":            c.NodeID,
		"url":                fmt.Sprintf("%s/issues/comments/%d", api, c.ID),
		"html_url":           fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", c.Owner, c.Repo, c.Number, c.ID),
		"issue_url":          fmt.Sprintf("%s/issues/%d", api, c.Number),
		"body":               c.Body,
		"user":               map[string]any{"login": c.User, "id": 41898282, "type": c.UserType, "site_admin": false},
		"created_at":         c.CreatedAt.Format(time.RFC3339),
		"updated_at":         c.UpdatedAt.Format(time.RFC3339),
		"author_association": "NONE",
	}
}

// graphql serves the minimizeComment mutation.
func (s *Server) graphql(w http.ResponseWriter, body []byte) {
	var in struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if json.Unmarshal(body, &in) != nil || !strings.Contains(in.Query, "minimizeComment") {
		writeJSON(w, 200, map[string]any{"errors": []any{map[string]any{"message": "unsupported query"}}})
		return
	}
	id, _ := in.Variables["id"].(string)
	found := false
	s.mu.Lock()
	for _, c := range s.comments {
		if c.NodeID == id {
			c.Minimized = true
			found = true
		}
	}
	s.mu.Unlock()
	if found {
		writeJSON(w, 200, map[string]any{"data": map[string]any{"minimizeComment": map[string]any{"minimizedComment": map[string]any{"isMinimized": true}}}})
		return
	}
	writeJSON(w, 200, map[string]any{"data": nil, "errors": []any{map[string]any{"type": "NOT_FOUND", "message": "Could not resolve to a node with the global id of '" + id + "'"}}})
}
