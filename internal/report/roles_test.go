package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

// TestScanTextWithoutBackend: a repository of clients only says there is
// no backend, not that nothing was recognised, and lists the clients.
func TestScanTextWithoutBackend(t *testing.T) {
	st := &stack.Stack{
		Technologies: []stack.Technology{
			{ID: "rust", Name: "Rust", Layer: stack.LayerLanguage, Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleClient}, Components: []string{"src-tauri"}},
			{ID: "tauri", Name: "Tauri", Layer: stack.LayerFramework, Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleClient}, Components: []string{"src-tauri"}},
		},
		Components: []stack.Component{{Path: "src-tauri", Manifests: []string{"src-tauri/Cargo.toml"}, Technologies: []string{"rust", "tauri"}, Role: stack.RoleClient}},
	}
	var b bytes.Buffer
	if err := ScanText(&b, st, ScanMeta{Root: "app"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"No backend: every component recognised is a front end, a client", "  Clients              Rust · Tauri"} {
		if !strings.Contains(out, want) {
			t.Errorf("scan text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "No backend technology recognised") || strings.Contains(out, "Repository stack") {
		t.Errorf("scan text speaks of a backend stack:\n%s", out)
	}
}
