package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The action command's wiring: its exit code reaches the process, its log
// goes to stdout. (internal/action tests the action itself, in process.)
func TestActionCommand(t *testing.T) {
	_, stderr, code := run(t, nil, "action")
	if code != 2 || !strings.Contains(stderr, `GITHUB_ACTIONS is not "true"`) {
		t.Errorf("outside Actions: exit %d\n%s", code, stderr)
	}
	ws := t.TempDir()
	os.WriteFile(filepath.Join(ws, "package.json"), []byte(`{"name":"x","main":"index.js","dependencies":{"express":"^4.19.2"}}`), 0o644)
	stdout, _, code := run(t, map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ws, "GITHUB_EVENT_NAME": "push",
		"INPUT_FAIL_ON": "warning", "INPUT_PATH": ".",
	}, "action")
	if code != 1 || !strings.Contains(stdout, "::stop-commands::") || !strings.Contains(stdout, "::warning") {
		t.Errorf("push with warnings, fail_on warning: exit %d\n%s", code, stdout)
	}
}
