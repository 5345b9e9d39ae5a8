package action

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/source/gittest"
)

// Issue 12, deliverable 4: the base costs one tree request and one blob per
// changed file, however large the repository.
func TestE2EBaseFromCheckoutLargeRepository(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	base := map[string]string{}
	for name, data := range readTxtar(t, "head.txtar") {
		base[name] = data
	}
	for i := range 2000 {
		base[fmt.Sprintf("packages/p%04d/package.json", i)] = fmt.Sprintf(`{"name":"p%04d","version":"1.0.%d","dependencies":{"lodash":"^4.17.21"}}`+"\n", i, i)
	}
	for name, data := range base {
		writeFile(t, r.ws, name, data)
	}
	// The pull request changes three manifests.
	for _, i := range []int{7, 1000, 1999} {
		writeFile(t, r.ws, fmt.Sprintf("packages/p%04d/package.json", i), fmt.Sprintf(`{"name":"p%04d","version":"2.0.0","dependencies":{"lodash":"^4.17.21"}}`+"\n", i))
	}
	r.srv.AddTree(owner, repo, baseSHA, base)
	r.env["INPUT_COMMENT"] = "off"
	res := r.run()
	if res.code != 0 || res.outputs["new_findings"] != "0" {
		t.Errorf("exit %d, outputs %v\n%s", res.code, res.outputs, res.stdout)
	}
	trees, blobs := countRequests(r.srv, "GET", "/repos/"+owner+"/"+repo+"/git/trees/"), countRequests(r.srv, "GET", blobs)
	if trees != 1 || blobs > 3 {
		t.Errorf("%d tree and %d blob requests, want 1 and at most 3", trees, blobs)
	}
	if !strings.Contains(res.stdout, "file(s) read from the checkout (unchanged), 3 fetched through the API") {
		t.Errorf("no read statistics:\n%s", res.stdout)
	}
}

// With the base commit in the checkout (fetch-depth: 0), the base is read
// from git objects: no API request at all, and no git program (the action
// image has none: PATH is empty during the run).
func TestE2EBaseFromLocalGit(t *testing.T) {
	r := newRunner(t, "pull_request", "pull_request.opened.json")
	// The base commit holds base.txtar; the working tree holds the head.
	head := t.TempDir()
	os.CopyFS(head, os.DirFS(r.ws))
	entries, _ := os.ReadDir(r.ws)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(r.ws, e.Name()))
	}
	repo := gittest.New(t, r.ws)
	for name, data := range readTxtar(t, "base.txtar") {
		repo.Write(name, data)
	}
	sha := repo.Commit("base")
	os.CopyFS(r.ws, os.DirFS(head))
	for name, data := range readTxtar(t, "head.txtar") {
		writeFile(t, r.ws, name, data)
	}
	ev := filepath.Join(t.TempDir(), "event.json")
	b, _ := os.ReadFile(filepath.Join("testdata", "events", "pull_request.opened.json"))
	os.WriteFile(ev, []byte(strings.ReplaceAll(string(b), baseSHA, sha)), 0o644)
	r.env["GITHUB_EVENT_PATH"] = ev
	r.env["INPUT_COMMENT"] = "off"
	t.Setenv("PATH", "")
	res := r.run()
	if res.code != 1 || res.outputs["new_findings"] != "2" {
		t.Errorf("exit %d, outputs %v\n%s", res.code, res.outputs, res.stdout)
	}
	if n := len(r.srv.Requests()); n != 0 {
		t.Errorf("%d API requests, want none: %+v", n, r.srv.Requests())
	}
	if !strings.Contains(res.stdout, "read from the checkout's git objects") {
		t.Errorf("stdout:\n%s", res.stdout)
	}
}
