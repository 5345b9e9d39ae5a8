package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/rule"
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

// TestCheckMarkdownRoleLines: the PR comment names clients and front ends
// apart from the backend stack, as the text report does, with repository
// text escaped.
func TestCheckMarkdownRoleLines(t *testing.T) {
	st := &stack.Stack{
		Technologies: []stack.Technology{
			{ID: "go", Name: "Go", Layer: stack.LayerLanguage, Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleService}, Components: []string{"."}},
			{ID: "tauri", Name: "Tauri", Layer: stack.LayerFramework, Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleClient}, Components: []string{"desktop"}},
			{ID: "react", Name: "React", Layer: stack.LayerFramework, Scope: stack.ScopeRuntime, Roles: []stack.Role{stack.RoleFrontend}, Components: []string{"web"}},
		},
		Components: []stack.Component{
			{Path: ".", Technologies: []string{"go"}, Role: stack.RoleService},
			{Path: "desktop", Technologies: []string{"tauri"}, Role: stack.RoleClient},
			{Path: "web", Technologies: []string{"react"}, Role: stack.RoleFrontend},
		},
	}
	var b bytes.Buffer
	c := &Check{Root: ".", Stack: st, Findings: []rule.Finding{{RuleID: "data/no-migrations", Severity: rule.SeverityWarning, Message: "m"}}}
	if err := CheckMarkdown(&b, c, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"**Stack:** Go<br>\n", "Front end: React<br>\n", "Clients: Tauri\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}
