package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/app"
	"github.com/stacklint/stacklint/internal/buildinfo"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// run executes the CLI in-process.
func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }})
	return out.String(), errb.String(), code
}

func TestRulesDocIsCurrent(t *testing.T) {
	detecttest.GoldenBytes(t, "../../docs/rules.md", []byte(RulesDoc(app.AllRuleInfos())))
}

func TestHelpAndVersion(t *testing.T) {
	out, _, code := run(t, nil, "--help")
	if code != 0 || !strings.Contains(out, "stacklint check .") || !strings.Contains(out, "Available Commands") {
		t.Errorf("--help: code %d\n%s", code, out)
	}
	want := "stacklint " + buildinfo.Get().String() + "\n"
	for _, flag := range []string{"--version", "-v"} {
		out, _, code = run(t, nil, flag)
		if code != 0 || out != want {
			t.Errorf("%s: %d %q, want %q", flag, code, out, want)
		}
	}
	// The flag is the root's: a command's --version is a usage error.
	if out, _, code = run(t, nil, "scan", "--version"); code != ExitUsage || out != "" {
		t.Errorf("scan --version: %d %q", code, out)
	}
	// Help wins when both are asked for, as it does in cobra.
	if out, _, code = run(t, nil, "--version", "--help"); code != 0 || !strings.Contains(out, "Available Commands") {
		t.Errorf("--version --help: %d %q", code, out)
	}
	for _, c := range []string{"scan", "check", "init", "rules", "explain", "detectors", "catalog"} {
		out, _, code := run(t, nil, c, "--help")
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: code %d", c, code)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--format", "xml"},
		{"scan", "/nonexistent/folder"},
		{"check", "--fail-on", "sometimes", "."},
		{"check", "--new-only", "."},
		{"check", "--profile", "/nonexistent.toml", "."},
		{"explain", "no/such-rule"},
		{"scan", "--bogus"},
	} {
		_, errs, code := run(t, nil, args...)
		if code != ExitUsage || !strings.Contains(errs, "stacklint:") {
			t.Errorf("%v: code %d, stderr %q", args, code, errs)
		}
	}
}

func TestExplain(t *testing.T) {
	out, _, code := run(t, nil, "explain", "scalability/no-scaling-plan")
	for _, want := range []string{"Why it matters", "How to fix it", "[[waivers]]", `rule = "scalability/no-scaling-plan"`} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("explain lacks %q (code %d)", want, code)
		}
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckProfileErrorsExitTwo(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.mod":          "module x\n\ngo 1.26\n",
		".stacklint.toml": "[project]\ntype = \"startup\"\n\n[load]\npeak_rpz = 3\n",
	})
	_, errs, code := run(t, nil, "check", dir)
	if code != ExitUsage {
		t.Fatalf("code %d, stderr %s", code, errs)
	}
	for _, want := range []string{".stacklint.toml:2", "mvp", ".stacklint.toml:5", "peak_rpz"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

// Issue 9: an unknown technology id in the profile is a problem naming the
// nearest catalog id.
func TestCheckUnknownSkillSuggestsCatalogID(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"go.mod":          "module x\n\ngo 1.26\n",
		".stacklint.toml": "[team]\nsize = 2\nskills = [\"go\", \"postgress\"]\n",
	})
	_, errs, code := run(t, nil, "check", dir)
	want := `.stacklint.toml:3:17: team.skills.1: unknown technology id "postgress" in team.skills; did you mean "postgresql"?`
	if code != ExitUsage || !strings.Contains(errs, want) {
		t.Fatalf("code %d, stderr %s\nwant %s", code, errs, want)
	}
}

// Issue 9: the folder's .stacklint.toml linking out of the folder (to a
// secrets file) is refused, and nothing of the target is quoted.
func TestCheckRefusesProfileLinkOutOfFolder(t *testing.T) {
	secrets := filepath.Join(t.TempDir(), "secrets.env")
	if err := os.WriteFile(secrets, []byte("API_TOKEN=tok_live_abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := writeTree(t, map[string]string{"go.mod": "module x\n\ngo 1.26\n"})
	if err := os.Symlink(secrets, filepath.Join(dir, ".stacklint.toml")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	out, errs, code := run(t, nil, "check", dir)
	if code != ExitUsage || !strings.Contains(errs, "symbolic link that leaves") {
		t.Fatalf("code %d, stderr %s", code, errs)
	}
	for _, leak := range []string{"tok_", "API_TOKEN"} {
		if strings.Contains(out+errs, leak) {
			t.Errorf("output quotes %q from the link's target:\n%s%s", leak, out, errs)
		}
	}
	// A link that stays in the folder is followed.
	if err := os.Remove(filepath.Join(dir, ".stacklint.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "profile.toml"), []byte("[project]\ntype = \"mvp\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("profile.toml", filepath.Join(dir, ".stacklint.toml")); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, nil, "check", dir); code == ExitUsage {
		t.Errorf("a link inside the folder was refused: %s", errs)
	}
}

func TestInitWritesParsableProfileAndRefusesOverwrite(t *testing.T) {
	dir := writeTree(t, map[string]string{"go.mod": "module x\n\ngo 1.26\n\nrequire github.com/gin-gonic/gin v1.10.0\n"})
	out, errs, code := run(t, nil, "init", dir)
	if code != 0 || !strings.Contains(out, "Wrote") {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, ".stacklint.toml"))
	if err != nil || !strings.Contains(string(b), `"go"`) {
		t.Errorf("profile = %s, %v", b, err)
	}
	if _, _, code := run(t, nil, "init", dir); code != ExitUsage {
		t.Errorf("second init exit %d, want 2", code)
	}
	if _, _, code := run(t, nil, "init", "--force", dir); code != 0 {
		t.Errorf("init --force exit %d", code)
	}
	if _, errs, code := run(t, nil, "check", dir, "--fail-on", "never"); code != 0 {
		t.Errorf("check with the written profile: %d %s", code, errs)
	}
}

// TestCheckBase runs --base on a real git history made by the test.
func TestCheckBase(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := writeTree(t, map[string]string{
		"package.json":    `{"name":"shop","dependencies":{"express":"^4.19.2","pg":"^8.11.0"}}`,
		".stacklint.toml": "[project]\ntype = \"mvp\"\n\n[team]\nsize = 3\nskills = [\"typescript\", \"nodejs\", \"express\", \"postgresql\"]\n",
	})
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, b)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"shop","dependencies":{"express":"^5.1.0","pg":"^8.11.0","kafkajs":"^2.2.4","mongoose":"^8.4.0"}}`), 0o644)
	before, _ := os.ReadFile(filepath.Join(dir, "package.json"))

	out, errs, code := run(t, nil, "check", dir, "--base", "main", "--format", "json", "--fail-on", "never")
	if code != 0 {
		t.Fatalf("check --base: %d %s", code, errs)
	}
	for _, want := range []string{`"base": "main"`, `"id": "kafka"`, `"id": "mongodb"`, `"from": "4.19"`, `"to": "5.1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, "package.json"))
	if !bytes.Equal(before, after) {
		t.Error("--base changed the working tree")
	}
	if _, _, code := run(t, nil, "check", dir, "--base", "no-such-branch"); code != ExitUsage {
		t.Errorf("unknown base: exit %d, want 2", code)
	}
}
