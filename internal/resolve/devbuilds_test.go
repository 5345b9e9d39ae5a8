package resolve_test

import (
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/resolve"
	"github.com/stacklint/stacklint/internal/stack"
)

// service builds a compose `service` fact; dev is the reason the compose
// detector gave when it recognised a development container ("" when not).
func service(file string, line int, name, build, dockerfile, target, dev string) stack.Signal {
	s := sig(stack.KindFact, "", stack.FactService, "", file, line, "name", name, "source", "compose", "build", build)
	if dockerfile != "" {
		s.Attrs["dockerfile"] = dockerfile
	}
	if target != "" {
		s.Attrs["target"] = target
	}
	if dev != "" {
		s.Scope = stack.ScopeDev
		s.Attrs["dev"] = dev
	}
	return s
}

// TestDevBuiltDockerfiles: a Dockerfile that only development Compose
// services build (hot reload, an end-to-end harness) is development:
// its images and facts get scope dev and say which service made it so.
// One a production service also builds, or a development service builds
// only up to a target stage, keeps its scope.
func TestDevBuiltDockerfiles(t *testing.T) {
	user := func(file string) stack.Signal {
		return sig(stack.KindFact, "", stack.FactContainerUser, "", file, 9, "user", "", "root", "true")
	}
	image := func(file string) stack.Signal { return sig(stack.KindImage, stack.EcoDocker, "node", "14", file, 1) }
	res := &detect.Result{
		Manifests: map[string]string{"package.json": "node"},
		Signals: []stack.Signal{
			// firing: only a hot-reload service and an end-to-end harness build these
			service("docker-compose.yml", 4, "web-dev", "web", "", "", "hot reload (nodemon)"),
			image("web/Dockerfile"), user("web/Dockerfile"),
			service("docker-compose.yml", 12, "e2e", "e2e", "e2e/Dockerfile.ci", "", "end-to-end tests (Playwright)"),
			image("e2e/Dockerfile.ci"), user("e2e/Dockerfile.ci"),
			// silent: a production service builds it too
			service("docker-compose.yml", 20, "api", "api", "", "", ""),
			service("compose.override.yml", 3, "api", "api", "", "", "source bind-mounted (./api)"),
			image("api/Dockerfile"), user("api/Dockerfile"),
			// silent: the development service builds only its dev target
			service("docker-compose.yml", 28, "worker", "worker", "", "dev", "hot reload (air)"),
			image("worker/Dockerfile"), user("worker/Dockerfile"),
		},
	}
	st := resolve.Build(res, cat(t))
	scopes := map[string]string{}
	for _, f := range st.Facts {
		if f.Name == stack.FactContainerUser {
			scopes[f.File] = f.Scope + "|" + f.Attr("dev")
		}
	}
	for file, want := range map[string]string{
		"web/Dockerfile":    "dev|built only by development service web-dev (docker-compose.yml:4): hot reload (nodemon)",
		"e2e/Dockerfile.ci": "dev|built only by development service e2e (docker-compose.yml:12): end-to-end tests (Playwright)",
		"api/Dockerfile":    "runtime|",
		"worker/Dockerfile": "runtime|",
	} {
		if scopes[file] != want {
			t.Errorf("%s: scope|dev = %q, want %q", file, scopes[file], want)
		}
	}
	if n := len(st.FactsNamed(stack.FactContainerUser)); n != 2 {
		t.Errorf("%d production container-user facts, want 2 (api, worker)", n)
	}
	node, _ := st.Tech("nodejs")
	for _, e := range node.Evidence {
		dev := strings.HasPrefix(e.File, "web/") || strings.HasPrefix(e.File, "e2e/")
		if dev != (e.Scope == stack.ScopeDev) {
			t.Errorf("node evidence %s has scope %q", e, e.Scope)
		}
	}
	// The input is not changed: a second resolve sees the same signals.
	if res.Signals[2].Scope != stack.ScopeRuntime || res.Signals[2].Attr("dev") != "" {
		t.Errorf("Build changed the scan's signals: %+v", res.Signals[2])
	}
}
