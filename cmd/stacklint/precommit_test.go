package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitTryRepo runs the repository's pre-commit hook
// (.pre-commit-hooks.yaml) the way users get it: `pre-commit try-repo`
// builds stacklint with language golang (`go install ./...` of this
// repository) and runs it in scratch git repositories. It needs pre-commit
// (Debian's package or pip) and skips, saying so, where it is missing.
func TestPreCommitTryRepo(t *testing.T) {
	if raceEnabled {
		// The hook runs in other processes; the race detector has nothing
		// to watch, and the run without -race already covers it.
		t.Skip("skipped under -race: the plain go test run runs the hook")
	}
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit): the hook was not run")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the hook was not run")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// Read the hook here too, so that go test's cache knows the result
	// depends on it.
	if _, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatal(err)
	}
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir() // pre-commit's cache, shared by the runs below
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+home,
		"GOMODCACHE="+strings.TrimSpace(string(modcache)), // pre-commit sets GOPATH; keep the module cache
		"GOTOOLCHAIN=local",
		// try-repo installs from a fresh clone each time; without file
		// paths in build actions the build cache serves every clone.
		"GOFLAGS=-trimpath",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"NO_COLOR=1",
	)
	scratch := func(t *testing.T, files map[string]string) string {
		t.Helper()
		dir := t.TempDir()
		for name, body := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "scratch"}} {
			cmd := exec.Command("git", args...)
			cmd.Dir, cmd.Env = dir, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		return dir
	}
	tryRepo := func(t *testing.T, dir string) (string, int) {
		t.Helper()
		cmd := exec.Command(preCommit, "try-repo", root, "stacklint", "--all-files", "--color", "never", "--verbose")
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}

	t.Run("an error-level finding fails the commit", func(t *testing.T) {
		dir := scratch(t, map[string]string{
			".stacklint.toml":        "[project]\ntype = \"mvp\"\n\n[team]\nsize = 2\n",
			"package.json":           `{"name":"shop","main":"server.js","dependencies":{"express":"^4.19.2","kafkajs":"^2.2.4"}}` + "\n",
			"k8s/deployment.yaml":    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 1\n",
			"charts/shop/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n",
		})
		out, code := tryRepo(t, dir)
		if code != 1 || !strings.Contains(out, "stacklint") || !strings.Contains(out, "Failed") || !strings.Contains(out, "time-to-market/over-engineered-mvp") {
			t.Fatalf("exit %d, want 1 with the over-engineered-mvp error:\n%s", code, out)
		}
	})
	t.Run("warnings pass", func(t *testing.T) {
		dir := scratch(t, map[string]string{"go.mod": "module example.com/tool\n\ngo 1.26\n"})
		out, code := tryRepo(t, dir)
		if code != 0 || !strings.Contains(out, "Passed") {
			t.Fatalf("exit %d, want 0 (Passed):\n%s", code, out)
		}
	})
	t.Run("files no detector reads skip the hook", func(t *testing.T) {
		// Go source other than main.go (read for the programs a module
		// builds) and a Makefile.
		dir := scratch(t, map[string]string{"server.go": "package main\n", "Makefile": "all:\n"})
		out, code := tryRepo(t, dir)
		if code != 0 || !strings.Contains(out, "Skipped") {
			t.Fatalf("exit %d, want 0 (Skipped):\n%s", code, out)
		}
	})
}
