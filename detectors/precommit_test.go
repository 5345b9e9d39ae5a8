package detectors

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/profile"
)

const hooksFile = "../.pre-commit-hooks.yaml"

// preCommitHook is an entry of .pre-commit-hooks.yaml.
type preCommitHook struct {
	ID            string `yaml:"id"`
	Name          string `yaml:"name"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	PassFilenames *bool  `yaml:"pass_filenames"`
	RequireSerial bool   `yaml:"require_serial"`
	Files         string `yaml:"files"`
}

// TestPreCommitHook holds the repository's pre-commit hook to its
// contract: one stacklint hook, built with language golang, running
// `stacklint check --fail-on error` once per commit (no file names), on a
// files: pattern generated from the detectors' Files lists and the profile
// name (-update rewrites it), which matches every path a detector's Match
// accepts.
func TestPreCommitHook(t *testing.T) {
	b, err := os.ReadFile(hooksFile)
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatalf("%s: %v", hooksFile, err)
	}
	if len(hooks) != 1 {
		t.Fatalf("%s: %d hooks, want 1", hooksFile, len(hooks))
	}
	h := hooks[0]
	if h.ID != "stacklint" || h.Language != "golang" || h.Entry != "stacklint check --fail-on error" || h.PassFilenames == nil || *h.PassFilenames || !h.RequireSerial {
		t.Errorf("hook: %+v", h)
	}

	want := FilesRegexp(profile.FileName)
	if h.Files != want {
		if !*detecttest.Update {
			t.Fatalf("%s: files: is stale: run go test ./detectors/ -run PreCommit -update", hooksFile)
		}
		var out []string
		found := false
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "  files: ") {
				l, found = "  files: '"+want+"'", true
			}
			out = append(out, l)
		}
		if !found || strings.Contains(want, "'") {
			t.Fatalf("%s: cannot rewrite files:", hooksFile)
		}
		if err := os.WriteFile(hooksFile, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	re := regexp.MustCompile(want)
	for _, p := range []string{profile.FileName, "package.json", "services/api/Dockerfile", "infra/main.tf", "k8s/deployment.yaml", "docs/adr/0001-use-postgres.md"} {
		if !re.MatchString(p) {
			t.Errorf("files: does not match %s", p)
		}
	}
	// Go's main.go is read (the programs a module builds); other source is not.
	for _, p := range []string{"internal/server/server.go", "src/app.ts", "src/main/java/App.java", "lib/x.rb", "go.sum", "Makefile"} {
		if re.MatchString(p) {
			t.Errorf("files: matches %s, which no detector reads", p)
		}
	}
	// Every path some detector's Match accepts sets the hook off.
	dets := All()
	checked := 0
	for _, p := range corpus(t) {
		for _, d := range dets {
			if d.Match(p) {
				checked++
				if !re.MatchString(p) {
					t.Errorf("%s reads %s, but files: does not match it", d.Name, p)
				}
				break
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d matched paths checked", checked)
	}
}
