package resolve

import (
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

func TestProgramRole(t *testing.T) {
	for name, want := range map[string]stack.Role{
		"server": stack.RoleService, "api": stack.RoleService, "memos-server": stack.RoleService, "api_gateway": stack.RoleService,
		"worker": stack.RoleWorker, "plane-worker": stack.RoleWorker, "scheduler": stack.RoleWorker,
		"kubectl": stack.RoleTool, "quotesctl": stack.RoleTool, "gen": stack.RoleTool, "protoc-gen-go": stack.RoleTool, "seed": stack.RoleTool,
		// a server word wins over a tool or worker word
		"api-gen": stack.RoleService, "worker-server": stack.RoleService, "jobs-cli": stack.RoleWorker,
		// cmd/migrate runs the backend's migrations; other names say nothing
		"migrate": "", "memos": "", "oxygen": "", "ctl": stack.RoleTool, "admin": "", "": "",
	} {
		if got := programRole(name); got != want {
			t.Errorf("programRole(%q) = %q, want %q", name, got, want)
		}
	}
}
