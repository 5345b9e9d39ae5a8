package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckFormatLine(t *testing.T) {
	repo, err := filepath.Abs("../../testdata/repos/over-engineered-mvp")
	if err != nil {
		t.Fatal(err)
	}
	// From the repository's parent, paths carry the checked folder, as an
	// editor or grep started there needs them.
	t.Chdir(filepath.Dir(repo))
	out, errs, code := run(t, nil, "check", "over-engineered-mvp", "--format", "line", "--today", "2026-11-27")
	if code != 1 || errs != "" {
		t.Fatalf("check --format line: exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"over-engineered-mvp/infra/main.tf:14:1: error: ",
		" [time-to-market/over-engineered-mvp]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(l, "over-engineered-mvp/") {
			t.Errorf("path not relative to the working directory: %q", l)
		}
	}
	// From inside the repository, paths are the repository's own.
	t.Chdir(repo)
	out, _, _ = run(t, nil, "check", "--format", "line", "--today", "2026-11-27")
	if !strings.HasPrefix(out, "Dockerfile:8:1: error: ") && !strings.Contains(out, "\ninfra/main.tf:14:1: error: ") {
		t.Errorf("paths inside the root:\n%s", out)
	}
	// GitLab reads the codeclimate report from the repository root.
	out, _, code = run(t, nil, "check", "--format", "codeclimate", "--today", "2026-11-27", "--fail-on", "never")
	var issues []struct {
		Location struct {
			Path string `json:"path"`
		} `json:"location"`
	}
	if err := json.Unmarshal([]byte(out), &issues); err != nil || code != 0 || len(issues) == 0 || issues[0].Location.Path == "" {
		t.Errorf("codeclimate: exit %d, %v, %d issues:\n%s", code, err, len(issues), out)
	}
	// reviewdog reads rdjson from the repository root too.
	out, _, code = run(t, nil, "check", "--format", "rdjson", "--today", "2026-11-27")
	var rd struct {
		Diagnostics []struct {
			Location struct {
				Path string `json:"path"`
			} `json:"location"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &rd); err != nil || code != 1 || len(rd.Diagnostics) == 0 || strings.HasPrefix(rd.Diagnostics[0].Location.Path, "over-engineered-mvp/") {
		t.Errorf("rdjson: exit %d, %v:\n%s", code, err, out)
	}
	if _, errs, code := run(t, nil, "check", "--format", "lines"); code != ExitUsage || !strings.Contains(errs, "line") {
		t.Errorf("bad format: exit %d %q", code, errs)
	}
}
