package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/github/githubtest"
)

func TestAuditLocalFolders(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "fleet.json")
	_, stderr, code := run(t, nil, "audit", "--today", "2026-06-01", "--format", "json", "-o", out, "--jobs", "2",
		"../../testdata/repos/node-*", "../../testdata/repos/high-load-saas", "../../testdata/repos/nope")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Plain progress lines off a terminal, one per repository.
	if n := strings.Count(stderr, "audit ["); n != 4 || !strings.Contains(stderr, "nope: not audited: unreadable") {
		t.Errorf("progress lines (%d):\n%s", n, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema       string `json:"schema"`
		Repositories []struct {
			Repository, Status string
		} `json:"repositories"`
		Summary struct{ Audited, Failed int } `json:"summary"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("report does not parse: %v", err)
	}
	if doc.Schema != "stacklint/audit/v1" || len(doc.Repositories) != 4 || doc.Summary.Audited != 3 || doc.Summary.Failed != 1 {
		t.Errorf("report: %+v", doc)
	}
	if doc.Repositories[0].Repository != "../../testdata/repos/node-express" {
		t.Errorf("glob order: %+v", doc.Repositories)
	}

	// Two shards merged give the whole fleet again.
	var shards []string
	for _, s := range []string{"1/2", "2/2"} {
		p := filepath.Join(dir, "shard-"+s[:1]+".json")
		if _, stderr, code := run(t, nil, "audit", "--today", "2026-06-01", "--format", "json", "-o", p, "--shard", s,
			"../../testdata/repos/node-*", "../../testdata/repos/high-load-saas", "../../testdata/repos/nope"); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", s, code, stderr)
		}
		shards = append(shards, p)
	}
	stdout, stderr, code := run(t, nil, append([]string{"merge", "--format", "csv"}, shards...)...)
	if code != 0 || strings.Count(stdout, "\n") != 5 {
		t.Errorf("merge: exit %d, %s\n%s", code, stderr, stdout)
	}
}

func TestAuditUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"audit"},
		{"audit", ".", "--format", "xml"},
		{"audit", ".", "--shard", "3/2"},
		{"audit", "--org", "a", "--user", "b"},
		{"audit", "../../testdata/repos/zz-*"},
		{"audit", ".", "--profile", "does-not-exist.toml"},
		{"merge", "does-not-exist.json"},
	} {
		_, stderr, code := run(t, nil, args...)
		if code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

func TestAuditOrgThroughTheAPI(t *testing.T) {
	srv := githubtest.New()
	defer srv.Close()
	for i := 0; i < 120; i++ {
		srv.AddRepo(githubtest.Repo{Owner: "acme", Name: fmt.Sprintf("svc-%03d", i)}, map[string]string{
			"go.mod":     "module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n",
			"Dockerfile": "FROM golang:1.22 AS build\nFROM gcr.io/distroless/static\n",
		})
	}
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "gone", Status: 404}, nil)
	srv.AddRepo(githubtest.Repo{Owner: "acme", Name: "old", Archived: true}, map[string]string{"go.mod": "module x\n"})
	dir := t.TempDir()
	env := map[string]string{"GITHUB_API_URL": srv.APIURL(), "GH_TOKEN": "secret-token-value"}
	args := []string{"audit", "--org", "acme", "--today", "2026-06-01", "--cache", filepath.Join(dir, "cache"), "--format", "csv", "--jobs", "4"}
	stdout, stderr, code := run(t, env, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 122 || !strings.Contains(stdout, "acme/gone,github,main,failed,not found") || strings.Contains(stdout, "acme/old") {
		t.Errorf("csv (%d lines):\n%.600s", n, stdout)
	}
	if strings.Contains(stdout+stderr, "secret-token-value") {
		t.Error("the token was printed")
	}
	for _, r := range srv.Requests() {
		if r.Auth == "" {
			t.Fatalf("%s sent without the token", r.Path)
		}
	}
	// A re-run with the cache fetches no blob.
	before := len(srv.Requests())
	if _, stderr, code := run(t, env, args...); code != 0 {
		t.Fatalf("re-run: exit %d: %s", code, stderr)
	}
	for _, r := range srv.Requests()[before:] {
		if strings.Contains(r.Path, "/git/blobs/") {
			t.Fatalf("the cached re-run fetched %s", r.Path)
		}
	}
	// An organisation that cannot be listed is a usage error.
	if _, stderr, code := run(t, env, "audit", "--org", "nobody"); code != 2 || !strings.Contains(stderr, "organisation nobody") {
		t.Errorf("unknown org: exit %d, %s", code, stderr)
	}
}
