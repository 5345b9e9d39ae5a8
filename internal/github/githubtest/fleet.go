package githubtest

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Repo is a repository of an organisation or user, as the repository
// listings report it, with faults a batch audit must survive.
type Repo struct {
	// Owner and Name identify it; OwnerType is "Organization" (default) or "User".
	Owner, Name, OwnerType string
	// DefaultBranch is the branch "HEAD" resolves to (default "main").
	DefaultBranch string
	// Archived, Fork and Private are listing attributes.
	Archived, Fork, Private bool
	// Topics are listed in the "topics" array.
	Topics []string
	// Empty makes git endpoints answer 409 "Git Repository is empty.".
	Empty bool
	// Status, when set (404, 403), is what every /repos/owner/name/...
	// request is answered, as for a deleted or blocked repository.
	Status int
	// TruncateAt, when > 0, cuts a recursive tree listing to that many
	// entries with "truncated": true (GitHub's limit is 100,000 entries or
	// 7 MB); non-recursive listings of each subtree stay complete.
	TruncateAt int
}

// fleetState holds the repositories added with AddRepo and the emulator's
// conditional-request and latency settings.
type fleetState struct {
	repos   map[string]*fleetRepo // owner/name
	order   []string
	latency time.Duration
}

type fleetRepo struct {
	Repo
	id    int
	root  string             // root tree sha
	trees map[string][]tnode // tree sha -> children
	paths map[string]string  // tree sha -> folder path
}

type tnode struct {
	name, sha, typ, mode string
	size                 int
}

func (s *Server) fleetLocked() *fleetState {
	if s.fleet == nil {
		s.fleet = &fleetState{repos: map[string]*fleetRepo{}}
	}
	return s.fleet
}

// AddRepo stores a repository (listed by GET /orgs/{owner}/repos or
// /users/{owner}/repos) and its default branch's files: path -> content.
// Tree SHAs are content hashes, so a changed file changes every tree above it.
func (s *Server) AddRepo(r Repo, files map[string]string) {
	if r.DefaultBranch == "" {
		r.DefaultBranch = "main"
	}
	if r.OwnerType == "" {
		r.OwnerType = "Organization"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fleetLocked()
	key := r.Owner + "/" + r.Name
	fr := &fleetRepo{Repo: r, trees: map[string][]tnode{}, paths: map[string]string{}}
	if _, ok := f.repos[key]; !ok {
		f.order = append(f.order, key)
	}
	fr.id = 100000 + len(f.order)
	f.repos[key] = fr
	if r.Empty {
		return
	}
	// Build folders bottom-up: folder -> children.
	children := map[string]map[string]tnode{"": {}}
	for p, content := range files {
		sum := sha1.Sum([]byte("blob " + strconv.Itoa(len(content)) + "\x00" + content))
		sha := hex.EncodeToString(sum[:])
		s.blobs[sha] = []byte(content)
		dir, name := path.Split(p)
		dir = strings.TrimSuffix(dir, "/")
		for d := dir; ; d = parentDir(d) {
			if children[d] == nil {
				children[d] = map[string]tnode{}
			}
			if d == "" {
				break
			}
		}
		children[dir][name] = tnode{name: name, sha: sha, typ: "blob", mode: "100644", size: len(content)}
	}
	var hash func(dir string) string
	hash = func(dir string) string {
		kids := children[dir]
		for d := range children {
			if d != "" && parentDir(d) == dir {
				kids[path.Base(d)] = tnode{name: path.Base(d), sha: hash(d), typ: "tree", mode: "040000"}
			}
		}
		names := make([]string, 0, len(kids))
		for n := range kids {
			names = append(names, n)
		}
		sort.Strings(names)
		var b bytes.Buffer
		var list []tnode
		for _, n := range names {
			k := kids[n]
			fmt.Fprintf(&b, "%s %s %s\x00", k.mode, k.name, k.sha)
			list = append(list, k)
		}
		sum := sha1.Sum([]byte("tree " + strconv.Itoa(b.Len()) + "\x00" + b.String()))
		sha := hex.EncodeToString(sum[:])
		fr.trees[sha] = list
		fr.paths[sha] = dir
		return sha
	}
	fr.root = hash("")
}

func parentDir(d string) string {
	if i := strings.LastIndexByte(d, '/'); i >= 0 {
		return d[:i]
	}
	return ""
}

// SetLatency delays every answer by d (benchmarks: the API's round trip).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fleetLocked().latency = d
}

func (s *Server) delay() {
	s.mu.Lock()
	var d time.Duration
	if s.fleet != nil {
		d = s.fleet.latency
	}
	s.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

var (
	reOrgRepos  = regexp.MustCompile(`^/(orgs|users)/([^/]+)/repos$`)
	reRepoAny   = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)(/.*)?$`)
	reRepoTrees = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/git/trees/(.+)$`)
	reCommit    = regexp.MustCompile(`^/repos/([^/]+)/([^/]+)/commits/([^/]+)$`)
)

// commitSHA is the default branch's head commit: a hash of the root tree,
// so it changes exactly when a file does.
func (fr *fleetRepo) commitSHA() string {
	sum := sha1.Sum([]byte("commit " + fr.root))
	return hex.EncodeToString(sum[:])
}

// CommitSHA returns the head commit of a repository added with AddRepo
// ("" when unknown or empty).
func (s *Server) CommitSHA(owner, repo string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fleet == nil || s.fleet.repos[owner+"/"+repo] == nil || s.fleet.repos[owner+"/"+repo].root == "" {
		return ""
	}
	return s.fleet.repos[owner+"/"+repo].commitSHA()
}

// fleetCommit answers GET /repos/{owner}/{repo}/commits/{ref} for the
// default branch (or its commit SHA): the SHA alone with the
// application/vnd.github.sha media type, else a trimmed commit object.
func (s *Server) fleetCommit(w http.ResponseWriter, r *http.Request, fr *fleetRepo, ref string) {
	sha := fr.commitSHA()
	if ref != "HEAD" && ref != fr.DefaultBranch && ref != "heads/"+fr.DefaultBranch && ref != sha {
		apiError(w, 422, "No commit found for SHA: "+ref, "https://docs.github.com/rest/commits/commits#get-a-commit")
		return
	}
	if strings.Contains(r.Header.Get("Accept"), "sha") {
		w.Header().Set("Content-Type", "application/vnd.github.sha; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(sha))
		return
	}
	writeJSON(w, 200, map[string]any{"sha": sha, "commit": map[string]any{"tree": map[string]any{"sha": fr.root}}})
}

// routeConditional serves the request and, for a GET answered 200, adds an
// ETag and answers 304 Not Modified (which costs no rate-limit budget, as
// on GitHub) when If-None-Match carries it.
func (s *Server) routeConditional(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Method != http.MethodGet {
		s.routeFleet(w, r, body)
		return
	}
	rec := httptest.NewRecorder()
	s.routeFleet(rec, r, body)
	res := rec.Result()
	out := rec.Body.Bytes()
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	if res.StatusCode == http.StatusOK {
		sum := sha1.Sum(out)
		etag := `W/"` + hex.EncodeToString(sum[:]) + `"`
		w.Header().Set("ETag", etag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == etag {
			s.mu.Lock()
			s.remain++
			remain := s.remain
			s.mu.Unlock()
			w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remain))
			w.Header().Del("Content-Type")
			w.Header().Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(res.StatusCode)
	w.Write(out)
}

// routeFleet answers repository listings and the git endpoints of
// repositories added with AddRepo; everything else goes to route.
func (s *Server) routeFleet(w http.ResponseWriter, r *http.Request, body []byte) {
	p := strings.TrimPrefix(r.URL.Path, "/api/v3")
	if m := reOrgRepos.FindStringSubmatch(p); m != nil && r.Method == http.MethodGet {
		s.listRepos(w, r, m[1], m[2])
		return
	}
	if m := reRepoAny.FindStringSubmatch(p); m != nil {
		s.mu.Lock()
		var fr *fleetRepo
		if s.fleet != nil {
			fr = s.fleet.repos[m[1]+"/"+m[2]]
		}
		s.mu.Unlock()
		if fr != nil {
			switch {
			case fr.Status == http.StatusNotFound:
				apiError(w, 404, "Not Found", "https://docs.github.com/rest")
				return
			case fr.Status == http.StatusForbidden:
				apiError(w, 403, "Repository access blocked", "https://docs.github.com/rest")
				return
			case fr.Status != 0:
				apiError(w, fr.Status, http.StatusText(fr.Status), "https://docs.github.com/rest")
				return
			case fr.Empty && strings.HasPrefix(m[3], "/git/"):
				apiError(w, http.StatusConflict, "Git Repository is empty.", "https://docs.github.com/rest/git/trees#get-a-tree")
				return
			}
			if t := reRepoTrees.FindStringSubmatch(p); t != nil && r.Method == http.MethodGet {
				s.fleetTree(w, r, fr, t[3])
				return
			}
			if c := reCommit.FindStringSubmatch(p); c != nil && r.Method == http.MethodGet {
				s.fleetCommit(w, r, fr, c[3])
				return
			}
		}
	}
	s.route(w, r, body)
}

func (s *Server) fleetTree(w http.ResponseWriter, r *http.Request, fr *fleetRepo, ref string) {
	sha := ref
	if ref == "HEAD" || ref == fr.DefaultBranch || ref == "heads/"+fr.DefaultBranch || ref == fr.commitSHA() {
		sha = fr.root
	}
	kids, ok := fr.trees[sha]
	if !ok {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/git/trees#get-a-tree")
		return
	}
	base := s.URL + "/repos/" + fr.Owner + "/" + fr.Name + "/git/"
	node := func(prefix string, k tnode) map[string]any {
		kind := "blobs/"
		if k.typ == "tree" {
			kind = "trees/"
		}
		e := map[string]any{"path": path.Join(prefix, k.name), "mode": k.mode, "type": k.typ, "sha": k.sha, "url": base + kind + k.sha}
		if k.typ == "blob" {
			e["size"] = k.size
		}
		return e
	}
	tree := []map[string]any{}
	truncated := false
	if r.URL.Query().Get("recursive") != "" {
		var walk func(prefix, sha string)
		walk = func(prefix, sha string) {
			for _, k := range fr.trees[sha] {
				if fr.TruncateAt > 0 && len(tree) >= fr.TruncateAt {
					truncated = true
					return
				}
				tree = append(tree, node(prefix, k))
				if k.typ == "tree" {
					walk(path.Join(prefix, k.name), k.sha)
				}
			}
		}
		walk("", sha)
	} else {
		for _, k := range kids {
			tree = append(tree, node("", k))
		}
	}
	writeJSON(w, 200, map[string]any{"sha": sha, "url": base + "trees/" + sha, "tree": tree, "truncated": truncated})
}

// listRepos serves GET /orgs/{org}/repos and /users/{user}/repos with
// per_page (at most 100), page and GitHub's Link header.
func (s *Server) listRepos(w http.ResponseWriter, r *http.Request, kind, owner string) {
	s.mu.Lock()
	var all []map[string]any
	known := false
	if s.fleet != nil {
		for _, key := range s.fleet.order {
			fr := s.fleet.repos[key]
			if !strings.EqualFold(fr.Owner, owner) {
				continue
			}
			known = true
			if (kind == "orgs") != (fr.OwnerType == "Organization") {
				continue
			}
			all = append(all, s.repoJSON(fr))
		}
	}
	s.mu.Unlock()
	if !known {
		apiError(w, 404, "Not Found", "https://docs.github.com/rest/repos/repos#list-organization-repositories")
		return
	}
	writePage(w, r, all, false)
}

// repoJSON renders a repository as the listings do (trimmed). Caller holds s.mu.
func (s *Server) repoJSON(fr *fleetRepo) map[string]any {
	full := fr.Owner + "/" + fr.Name
	topics := fr.Topics
	if topics == nil {
		topics = []string{}
	}
	vis := "public"
	if fr.Private {
		vis = "private"
	}
	return map[string]any{
		"id": fr.id, "node_id": fmt.Sprintf("R_kgDOemu%06d", fr.id), "name": fr.Name, "full_name": full,
		"owner":   map[string]any{"login": fr.Owner, "id": 1, "type": fr.OwnerType},
		"private": fr.Private, "html_url": "https://github.com/" + full, "fork": fr.Fork,
		"url": s.URL + "/repos/" + full, "archived": fr.Archived, "disabled": false,
		"default_branch": fr.DefaultBranch, "topics": topics, "visibility": vis,
		"size": 0, "pushed_at": "2026-01-02T03:04:05Z",
	}
}
