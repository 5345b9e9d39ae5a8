package compose

import (
	"context"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestRecipeMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"contrib/docker/app.yml": true, "deploy/production.yaml": true, "deployment/app.yml": true, "deployment/stack.yml": false,
		"self-hosted/memos.yaml": true, "Docker/app.yml": true,
		"deploy/docker-compose.yml":     false, // Named, not a recipe
		"deploy/charts/api/values.yaml": false, "deploy/helm/templates/x.yaml": false, "deploy/values-prod.yaml": false,
		"deploy/Chart.yaml": false, ".github/workflows/deploy.yml": false, "config/app.yml": false, "app.yml": false,
		"deploy/readme.md": false,
	} {
		if Recipe(p) != want {
			t.Errorf("Recipe(%q) = %v, want %v", p, !want, want)
		}
		if want && !Match(p) {
			t.Errorf("Match(%q) = false for a recipe", p)
		}
	}
}

func TestRecipeContent(t *testing.T) {
	for _, tc := range []struct {
		name, path, src string
		images          []string // images expected; nil for no signal at all
	}{
		{"a deployment recipe under contrib/", "contrib/docker/app.yml",
			"services:\n  app:\n    image: ghcr.io/acme/app:1.4\n  db:\n    image: postgres:17\n", []string{"ghcr.io/acme/app", "postgres"}},
		{"a recipe with a build", "deploy/prod.yaml", "version: '3.8'\nservices:\n  api:\n    build: ./api\n  cache:\n    image: redis:7\n", []string{"redis"}},
		{"a Kubernetes manifest is not one", "deploy/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n", nil},
		{"a services key of another shape", "deploy/gitlab.yml", "services:\n  - postgres:16\n", nil},
		{"services without images or builds", "deploy/catalog.yml", "services:\n  api:\n    owner: team-a\n", nil},
		{"services indented under another key", "deploy/x.yml", "app:\n  services:\n    api:\n      image: a:1\n", nil},
		{"invalid YAML is not ours to judge", "deploy/x.yml", "services:\n\tapi: {}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := detectCompose(context.Background(), &detect.Input{Path: tc.path, Data: []byte(tc.src)})
			if err != nil {
				t.Fatal(err)
			}
			if tc.images == nil {
				if len(sigs) != 0 {
					t.Errorf("signals %v, want none", sigs)
				}
				return
			}
			var images []string
			tool := false
			for _, s := range sigs {
				switch {
				case s.Kind == stack.KindImage:
					images = append(images, s.Name)
				case s.Kind == stack.KindTool && s.Name == "docker-compose":
					tool = true
				}
				if s.Scope == stack.ScopeDev {
					t.Errorf("%s: a deployment recipe is production, got dev", s.Name)
				}
			}
			if !tool || len(images) != len(tc.images) {
				t.Fatalf("docker-compose tool %v, images %v, want %v", tool, images, tc.images)
			}
			for i := range images {
				if images[i] != tc.images[i] {
					t.Errorf("images %v, want %v", images, tc.images)
				}
			}
		})
	}
}

func TestHarnessFileNames(t *testing.T) {
	for p, want := range map[string]bool{
		"docker-compose.playwright.yml": true, "e2e/compose.cypress.yaml": true, "docker-compose.codegen.yml": true,
		"docker-compose.prod.yml": false,
	} {
		if devFile(p) != want {
			t.Errorf("devFile(%q) = %v, want %v", p, !want, want)
		}
	}
}
