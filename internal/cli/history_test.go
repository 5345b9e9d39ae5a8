package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuditHistoryAndHistoryCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fleet.db")
	dir := filepath.Join("..", "audit", "testdata", "owned")
	for i := 0; i < 2; i++ {
		out, errOut, code := run(t, nil, "audit", "--today", "2026-06-01", "--history", db, "--format", "json", filepath.Join(dir, "orders"), filepath.Join(dir, "tools"))
		if code != 0 {
			t.Fatalf("audit: exit %d: %s", code, errOut)
		}
		var doc struct {
			Repositories []struct {
				Commit  string `json:"commit"`
				Changes *struct {
					First bool `json:"first"`
				} `json:"changes"`
			} `json:"repositories"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Repositories {
			// Folders outside git are keyed by their content.
			if !strings.HasPrefix(r.Commit, "content:") || r.Changes == nil || r.Changes.First != (i == 0) {
				t.Errorf("run %d: commit %q, changes %+v", i+1, r.Commit, r.Changes)
			}
		}
	}
	out, errOut, code := run(t, nil, "history", "--db", db, "--tech", "kafka", "--since", "2026-01-01")
	if code != 0 || !strings.Contains(out, "kafka from 2026-01-01 to") || !strings.Contains(out, "Kept (1)") || !strings.Contains(out, "owned/orders") {
		t.Errorf("history: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = run(t, nil, "history", "--db", db, "--tech", "kafka", "--format", "json")
	if code != 0 || !strings.Contains(out, `"tech": "kafka"`) {
		t.Errorf("history --format json: %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"history", "--tech", "kafka"},
		{"history", "--db", filepath.Join(t.TempDir(), "missing.db"), "--tech", "kafka"},
		{"history", "--db", db, "--tech", "kafka", "--since", "2026-13-01"},
		{"history", "--db", db, "--tech", "kafka", "--since", "2026-06-01", "--until", "2026-01-01"},
		{"audit", "--history", "fleet.db?x", dir},
	} {
		if _, errOut, code := run(t, nil, args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}
