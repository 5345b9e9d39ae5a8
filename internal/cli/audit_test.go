package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
