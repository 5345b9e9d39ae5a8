package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"go.yaml.in/yaml/v3"
)

// releaseImage is the action's image reference for one release.
var releaseImage = regexp.MustCompile(`^docker://ghcr\.io/stacklint/stacklint:v(\d+\.\d+\.\d+)$`)

// TestActionPinsReleaseImage: the published action runs a prebuilt release
// image, pinned to one version, and that version is the newest release the
// changelog names (when it names one).
func TestActionPinsReleaseImage(t *testing.T) {
	var action struct {
		Runs struct {
			Using string   `yaml:"using"`
			Image string   `yaml:"image"`
			Args  []string `yaml:"args"`
		} `yaml:"runs"`
	}
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	m := releaseImage.FindStringSubmatch(action.Runs.Image)
	if action.Runs.Using != "docker" || m == nil {
		t.Fatalf("action.yml runs %s image %q, want docker with docker://ghcr.io/stacklint/stacklint:vX.Y.Z", action.Runs.Using, action.Runs.Image)
	}
	if !slices.Equal(action.Runs.Args, []string{"action"}) {
		t.Errorf("action.yml args = %q, want [action]", action.Runs.Args)
	}
	changelog, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(changelog, []byte("## [Unreleased]")) {
		t.Error("CHANGELOG.md has no [Unreleased] section (Keep a Changelog)")
	}
	if rel := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\]`).FindSubmatch(changelog); rel != nil && string(rel[1]) != m[1] {
		t.Errorf("action.yml pins v%s but the newest release in CHANGELOG.md is %s", m[1], rel[1])
	}
}

// finalStage parses a Dockerfile and returns its last stage's base image,
// user and exec-form entrypoint.
func finalStage(t *testing.T, path string) (base, user string, entry []string, stage instructions.Stage) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := parser.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	stage = stages[len(stages)-1]
	for _, c := range stage.Commands {
		switch c := c.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.EntrypointCommand:
			entry = c.CmdLine
		}
	}
	return stage.BaseName, user, entry, stage
}

// TestReleaseImageMatchesSourceImage: goreleaser's image (what the action
// runs) and the Dockerfile's (local, from source) behave the same.
func TestReleaseImageMatchesSourceImage(t *testing.T) {
	srcBase, srcUser, srcEntry, _ := finalStage(t, "../../Dockerfile")
	base, user, entry, stage := finalStage(t, "../../goreleaser.Dockerfile")
	if base != srcBase || user != srcUser || !slices.Equal(entry, srcEntry) {
		t.Errorf("release image FROM %s USER %s ENTRYPOINT %q; source image FROM %s USER %s ENTRYPOINT %q", base, user, entry, srcBase, srcUser, srcEntry)
	}
	var copied bool
	for _, c := range stage.Commands {
		switch c := c.(type) {
		case *instructions.CopyCommand:
			copied = slices.Contains(c.SourcePaths, "$TARGETPLATFORM/stacklint") && c.DestPath == "/usr/local/bin/stacklint"
		case *instructions.RunCommand:
			t.Errorf("release image runs %v: it must only copy goreleaser's binary", c.CmdLine)
		}
	}
	if !copied {
		t.Error("goreleaser.Dockerfile does not COPY $TARGETPLATFORM/stacklint to /usr/local/bin/stacklint (dockers_v2 lays binaries out by platform)")
	}
}

// TestGoreleaserConfig checks what the release must keep: every platform
// of the README's Install section, stamped versions, the image the action
// pins, checksums and SBOMs.
func TestGoreleaserConfig(t *testing.T) {
	var cfg struct {
		Builds []struct {
			Main    string   `yaml:"main"`
			Env     []string `yaml:"env"`
			Ldflags []string `yaml:"ldflags"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
		} `yaml:"builds"`
		Checksum  map[string]any   `yaml:"checksum"`
		SBOMs     []map[string]any `yaml:"sboms"`
		DockersV2 []struct {
			Dockerfile string   `yaml:"dockerfile"`
			Images     []string `yaml:"images"`
			Tags       []string `yaml:"tags"`
			Platforms  []string `yaml:"platforms"`
		} `yaml:"dockers_v2"`
	}
	b, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Builds) != 1 || len(cfg.DockersV2) != 1 {
		t.Fatalf("want one build and one image, got %d and %d", len(cfg.Builds), len(cfg.DockersV2))
	}
	bld, img := cfg.Builds[0], cfg.DockersV2[0]
	if bld.Main != "./cmd/stacklint" || !slices.Contains(bld.Env, "CGO_ENABLED=0") {
		t.Errorf("build main %q env %q", bld.Main, bld.Env)
	}
	flags := strings.Join(bld.Ldflags, " ")
	for _, v := range []string{"version", "commit", "date"} {
		if !strings.Contains(flags, "-X github.com/stacklint/stacklint/internal/buildinfo."+v+"=") {
			t.Errorf("ldflags do not stamp buildinfo.%s: %s", v, flags)
		}
	}
	slices.Sort(bld.Goos)
	slices.Sort(bld.Goarch)
	if !slices.Equal(bld.Goos, []string{"darwin", "linux", "windows"}) || !slices.Equal(bld.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("platforms %v × %v, want darwin, linux, windows × amd64, arm64", bld.Goos, bld.Goarch)
	}
	if cfg.Checksum == nil || len(cfg.SBOMs) == 0 {
		t.Error("no checksum or sboms section")
	}
	if !slices.Equal(img.Images, []string{"ghcr.io/stacklint/stacklint"}) || img.Dockerfile != "goreleaser.Dockerfile" {
		t.Errorf("image %v from %q", img.Images, img.Dockerfile)
	}
	if !slices.Contains(img.Tags, "v{{ .Version }}") {
		t.Errorf("image tags %q lack v{{ .Version }}, the tag action.yml pins", img.Tags)
	}
	if !slices.Equal(img.Platforms, []string{"linux/amd64", "linux/arm64"}) {
		t.Errorf("image platforms %v", img.Platforms)
	}
}

func runScript(t *testing.T, script string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("bash", append([]string{"../../.ci/" + script}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String() + stderr.String(), err
}

func TestReleaseNotesScript(t *testing.T) {
	dir := t.TempDir()
	changelog := filepath.Join(dir, "CHANGELOG.md")
	action := filepath.Join(dir, "action.yml")
	os.WriteFile(changelog, []byte("# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2027-01-05\n\n### Added\n\n- A thing.\n\n## [1.1.0] - 2026-12-20\n\n- Older.\n"), 0o644)
	os.WriteFile(action, []byte("runs:\n  using: docker\n  image: docker://ghcr.io/stacklint/stacklint:v1.2.0\n"), 0o644)

	out, err := runScript(t, "release-notes", "v1.2.0", changelog, action)
	if err != nil || out != "### Added\n\n- A thing.\n" {
		t.Errorf("v1.2.0: %v\n%q", err, out)
	}
	for _, tc := range []struct{ tag, want string }{
		{"v1.1.0", "must pin the image of v1.1.0"},
		{"v1.3.0", "must pin the image of v1.3.0"},
		{"1.2.0", "is not vMAJOR.MINOR.PATCH"},
	} {
		if out, err := runScript(t, "release-notes", tc.tag, changelog, action); err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("%s: err %v, output %q, want %q", tc.tag, err, out, tc.want)
		}
	}
	os.WriteFile(action, []byte("runs:\n  using: docker\n  image: docker://ghcr.io/stacklint/stacklint:v1.3.0\n"), 0o644)
	if out, err := runScript(t, "release-notes", "v1.3.0", changelog, action); err == nil || !strings.Contains(out, "has no '## [1.3.0]' section") {
		t.Errorf("missing section: err %v, output %q", err, out)
	}
}

func TestActionFromSourceScript(t *testing.T) {
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	action := filepath.Join(t.TempDir(), "action.yml")
	os.WriteFile(action, b, 0o644)
	if out, err := runScript(t, "action-from-source", action); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	got, _ := os.ReadFile(action)
	var parsed struct {
		Runs struct {
			Image string `yaml:"image"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(got, &parsed); err != nil || parsed.Runs.Image != "Dockerfile" {
		t.Errorf("image after action-from-source = %q (%v)", parsed.Runs.Image, err)
	}
	if lines := len(strings.Split(string(got), "\n")); lines != len(strings.Split(string(b), "\n")) {
		t.Error("action-from-source changed more than the image line")
	}
	if out, err := runScript(t, "action-from-source", action); err == nil {
		t.Errorf("a second run must fail (nothing to replace), got %s", out)
	}
}
