package compose

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/detectors/internal/secretname"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/stack.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	detecttest.Golden(t, "testdata/stack.golden.json", res)
}

func TestStack(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/stack.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	images := map[string]stack.Signal{}
	var unpinned []string
	var replicas, services []stack.Signal
	for _, s := range res.Signals {
		if s.File != "docker-compose.yml" {
			continue
		}
		switch {
		case s.Kind == stack.KindImage:
			images[s.Name] = s
		case s.Name == stack.FactUnpinnedImage:
			unpinned = append(unpinned, s.Attr("image"))
		case s.Name == stack.FactReplicas:
			replicas = append(replicas, s)
		case s.Name == stack.FactService:
			services = append(services, s)
		}
	}
	for name, vt := range map[string][2]string{"postgres": {"16", "16"}, "redis": {"7", "7-alpine"}, "rabbitmq": {"3", "3-management"}, "nginx": {"", "latest"}} {
		if images[name].Version != vt[0] || images[name].Attr("tag") != vt[1] {
			t.Errorf("image %s version = %q tag %q, want %q %q", name, images[name].Version, images[name].Attr("tag"), vt[0], vt[1])
		}
	}
	if images["postgres"].Line != 16 || images["nginx"].Line != 26 {
		t.Errorf("image lines: postgres %d nginx %d", images["postgres"].Line, images["nginx"].Line)
	}
	if images["acme/app"].Attr("built") != "true" {
		t.Errorf("built image not marked: %+v", images["acme/app"])
	}
	if strings.Join(unpinned, ",") != "nginx:latest,mailhog/mailhog" {
		t.Errorf("unpinned = %v", unpinned)
	}
	if len(replicas) != 1 || replicas[0].Attr("count") != "3" || replicas[0].Attr("workload") != "app" || replicas[0].Line != 12 {
		t.Errorf("replicas = %+v", replicas)
	}
	if len(services) != 6 || services[0].Attr("build") != "." || services[0].Attr("name") != "app" {
		t.Errorf("services = %+v", services)
	}
	var diag []stack.Diagnostic
	for _, d := range res.Diagnostics {
		if d.File == "broken/docker-compose.yml" {
			diag = append(diag, d)
		}
	}
	if len(diag) != 1 || diag[0].Line != 4 {
		t.Errorf("broken compose diagnostics = %+v", diag)
	}
}

func TestInterpolate(t *testing.T) {
	tests := map[string]string{
		"nginx:1.25":                     "nginx:1.25",
		"${IMG:-nginx:1.25}":             "nginx:1.25",
		"${IMG-nginx}":                   "nginx",
		"${REG:-ghcr.io}/app:${TAG:-v1}": "ghcr.io/app:v1",
		"${REG}/app":                     "${REG}/app",
		"$REG/app":                       "$REG/app",
		"${TAG:?required}":               "${TAG:?required}",
		"a$$b":                           "a$b",
		"${A:-${B:-x}}":                  "x",
		"${unterminated":                 "${unterminated",
		"$":                              "$",
		"":                               "",
	}
	for in, want := range tests {
		if got := Interpolate(in); got != want {
			t.Errorf("Interpolate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInterpolateEnv(t *testing.T) {
	env := map[string]string{"IMG": "getsentry/snuba:nightly", "EMPTY": "", "TAG": "24.5.1", "REG": "ghcr.io/acme"}
	tests := map[string]string{
		"$IMG":                  "getsentry/snuba:nightly",
		"${IMG}":                "getsentry/snuba:nightly",
		"$REG/app:$TAG":         "ghcr.io/acme/app:24.5.1",
		"${REG}/app:${TAG}":     "ghcr.io/acme/app:24.5.1",
		"${IMG:-x:1}":           "getsentry/snuba:nightly",
		"${EMPTY:-x:1}":         "x:1",
		"${EMPTY-x:1}":          "",
		"${MISSING-x:1}":        "x:1",
		"${MISSING}":            "${MISSING}",
		"$MISSING/app":          "$MISSING/app",
		"${TAG:?set it}":        "24.5.1",
		"${TAG?set it}":         "24.5.1",
		"${MISSING:?required}":  "${MISSING:?required}",
		"$$IMG":                 "$IMG",
		"${A:-${TAG:-1}}":       "24.5.1",
		"$1IMG":                 "$1IMG",
		"app:${TAG}-alpine":     "app:24.5.1-alpine",
		"${REG:-a}/${MISSING}x": "ghcr.io/acme/${MISSING}x",
	}
	for in, want := range tests {
		if got := InterpolateEnv(in, env); got != want {
			t.Errorf("InterpolateEnv(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDotEnv(t *testing.T) {
	src := "# comment\n\nSNUBA_IMAGE=getsentry/snuba:nightly\nexport SENTRY_IMAGE=\"getsentry/sentry:24.5.1\"\n" +
		"RELAY_IMAGE='getsentry/relay:1' # c\nTAG=1.2 # trailing\nDB_PASSWORD=hunter2\nAPI_KEY=k\nGITHUB_TOKEN=t\nAWS_SECRET_ACCESS_KEY=s\n" +
		"DATABASE_URL=postgres://u:p@h/db\nMSG=hello world\nbad line\n=novalue\n1X=y\nKEYCLOAK_IMAGE=quay.io/keycloak/keycloak:24\n" +
		"SECRETKEY=s3cr3t\nDJANGO_SECRETKEY=s\n"
	got := ParseDotEnv([]byte(src))
	want := map[string]string{
		"SNUBA_IMAGE": "getsentry/snuba:nightly", "SENTRY_IMAGE": "getsentry/sentry:24.5.1", "RELAY_IMAGE": "getsentry/relay:1",
		"TAG": "1.2", "KEYCLOAK_IMAGE": "quay.io/keycloak/keycloak:24",
	}
	if len(got) != len(want) {
		t.Errorf("ParseDotEnv = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	// SECRETKEY is one word: the copy compose had missed it, secretname
	// (shared with the committed-secret check) does not.
	for _, k := range []string{"DB_PASSWORD", "API_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL", "MSG", "SECRETKEY", "DJANGO_SECRETKEY"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s must be left out", k)
		}
	}
	if got := ParseDotEnv(nil); len(got) != 0 {
		t.Errorf("empty: %v", got)
	}
}

func TestDotEnvImages(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/stack.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	images := map[string]stack.Signal{}
	for _, s := range res.Signals {
		if strings.HasPrefix(s.File, "selfhosted/") && s.Kind == stack.KindImage {
			images[s.Name] = s
		}
		for k, v := range s.Attrs {
			if strings.Contains(v, "s3cr3t") || strings.Contains(v, "alsosecret") {
				t.Errorf("secret value in %s of %+v", k, s)
			}
		}
		if strings.Contains(s.Name, "s3cr3t") || strings.Contains(s.Version, "s3cr3t") {
			t.Errorf("secret value in %+v", s)
		}
	}
	for name, want := range map[string][3]string{ // version, tag, file
		"getsentry/snuba":        {"", "nightly", "selfhosted/docker-compose.yml"},
		"getsentry/sentry":       {"24.5.1", "24.5.1", "selfhosted/docker-compose.yml"},
		"getsentry/relay":        {"24.5.1", "24.5.1", "selfhosted/docker-compose.yml"},
		"getsentry/symbolicator": {"24.5.0", "24.5.0", "selfhosted/docker-compose.yml"},
		"python":                 {"3.12", "3.12-slim-bookworm", "selfhosted/worker/Dockerfile"},
		"node":                   {"20", "20-alpine", "selfhosted/worker/Dockerfile"},
	} {
		s, ok := images[name]
		if !ok || s.Version != want[0] || s.Attr("tag") != want[1] || s.File != want[2] {
			t.Errorf("image %s = %+v, want version %q tag %q file %s", name, s, want[0], want[1], want[2])
		}
	}
	if images["python"].Scope != stack.ScopeRuntime || images["python"].Line != 5 || images["python"].Attr("service") != "worker" {
		t.Errorf("python = %+v", images["python"])
	}
	if images["node"].Scope != stack.ScopeDev || images["node"].Attr("build_stage") != "true" || images["node"].Line != 3 {
		t.Errorf("node = %+v", images["node"])
	}
	if len(images) != 6 {
		t.Errorf("images = %v", images)
	}
}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"docker-compose.yml": true, "a/docker-compose.prod.yaml": true, "compose.yaml": true, "compose.override.yml": true,
		"docker-stack.yml": true, "compose.json": false, "mycompose.yml": false, "values.yaml": false,
	} {
		if Match(p) != want {
			t.Errorf("Match(%q) = %v, want %v", p, !want, want)
		}
	}
}

func TestDevFile(t *testing.T) {
	for p, want := range map[string]bool{
		"docker-compose.yml": false, "compose.yaml": false, "docker-compose.prod.yml": false,
		"docker-compose.dev.yml": true, "docker-compose-test.yml": true, "compose.override.yaml": true,
		".devcontainer/compose.yml": true, "x/docker-compose.ci.yaml": true,
	} {
		if devFile(p) != want {
			t.Errorf("devFile(%q) = %v, want %v", p, !want, want)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr string
		errLine int
		n       int // signals expected, -1 to skip
	}{
		{name: "empty", src: "", n: 0},
		{name: "no services", src: "version: '3'\nvolumes: {}\n", n: 0},
		{name: "null services", src: "services:\n", n: 1},
		{name: "services not a map", src: "services: [a, b]\n", wantErr: "must be a mapping of service names", errLine: 1, n: 1},
		{name: "service not a map", src: "services:\n  web: nginx\n", wantErr: "service \"web\" must be a mapping", errLine: 2, n: 1},
		{name: "top-level list", src: "- a\n- b\n", wantErr: "must be a mapping", errLine: 1, n: 0},
		{name: "bad indentation", src: "services:\n  web:\n    image: nginx:1\n   build: .\n", wantErr: "invalid YAML", n: 0},
		{name: "tab", src: "services:\n\tweb: {}\n", wantErr: "invalid YAML", errLine: 2, n: 0},
		{name: "alias loop guard", src: "services:\n  a: &a\n    image: x:1\n    <<: *a\n", n: -1},
		{name: "healthcheck NONE", src: "services:\n  a:\n    image: x:1\n    healthcheck:\n      test: [\"NONE\"]\n", n: 3},
		{name: "replicas from variable", src: "services:\n  a:\n    image: x:1\n    deploy:\n      replicas: ${N:-2}\n", n: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, "docker-compose.yml", []byte(tt.src))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" {
				var pe *detect.ParseError
				if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want ParseError with %q", err, tt.wantErr)
				}
				if tt.errLine != 0 && pe.Line != tt.errLine {
					t.Errorf("error line = %d, want %d", pe.Line, tt.errLine)
				}
			}
			if tt.n >= 0 && len(sigs) != tt.n {
				t.Errorf("got %d signals, want %d: %+v", len(sigs), tt.n, sigs)
			}
			if tt.name == "replicas from variable" {
				for _, s := range sigs {
					if s.Name == stack.FactReplicas && s.Attr("count") != "2" {
						t.Errorf("count = %q, want 2", s.Attr("count"))
					}
				}
			}
		})
	}
}

func FuzzCompose(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(s)
	}
	seeds := []string{
		"services:\n  app:\n    build: .\n    image: app\n  db:\n    image: postgres:16\n    deploy: {replicas: 2}\n    healthcheck: {test: [CMD, pg_isready]}\n",
		"x: &x {image: redis}\nservices:\n  r:\n    <<: *x\n    command: redis-server --appendonly yes\n",
		"services:\n  w:\n    image: ${I:-a:${T:-1}}\n    profiles: [dev]\n    entrypoint: [sh, -c]\n",
		"services: [",
		"services:\n  a: *missing\n",
		"---\nservices: {}\n---\nservices: {b: {}}\n",
		"services:\n  s:\n    image: \"$SNUBA_IMAGE\"\n  t:\n    image: ${A?x}${B:?y}$C\n",
		"services:\n  w:\n    build:\n      context: ./w\n      args: [BASE=python:3.12, X]\n  v:\n    build: {args: {BASE: '${B:-node:20}'}}\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Detector, "compose.yaml", data)
		detecttest.WellFormed(t, sigs, err)
	})
}

func FuzzDotEnv(f *testing.F) {
	for _, s := range []string{
		"SNUBA_IMAGE=getsentry/snuba:nightly\nexport A='b:1' # c\nDB_PASSWORD=x\n",
		"A=\"unterminated\nB=${A}\n", "=\n\n#\n", "X=a b\nURL=http://u:p@h\n",
	} {
		f.Add([]byte(s), "${SNUBA_IMAGE:-x}/$A:${B-1}")
	}
	f.Fuzz(func(t *testing.T, data []byte, ref string) {
		env := ParseDotEnv(data)
		for k, v := range env {
			if secretname.Sensitive(k) || strings.ContainsAny(v, " \t") || strings.Contains(v, "://") {
				t.Fatalf("unsafe variable kept: %q", k)
			}
		}
		_ = InterpolateEnv(ref, env)
	})
}

// TestDevByContent: services that run development containers (source
// bind-mounted, hot reload, Xdebug, test runners) are dev-scoped, and a
// file whose application services all are is a development environment.
func TestDevByContent(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/dev.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	got := map[string]string{}
	for _, s := range res.Signals {
		if s.Name == stack.FactService {
			got[s.File+" "+s.Attr("name")] = s.Scope + " " + s.Attr("dev")
		}
	}
	want := map[string]string{
		"bookstack/docker-compose.yml db":   "dev development environment: debugger (Xdebug)",
		"bookstack/docker-compose.yml app":  "dev debugger (Xdebug)",
		"bookstack/docker-compose.yml node": "dev source bind-mounted (./)",
		"goapi/docker-compose.yml api":      "dev hot reload (air)",
		"goapi/docker-compose.yml worker":   "runtime ",
		"goapi/docker-compose.yml postgres": "runtime ",
		"harness/compose.yaml web":          "runtime ",
		"harness/compose.yaml playwright":   "dev end-to-end tests (Playwright)",
		"prod/docker-compose.yml api":       "runtime ",
		"prod/docker-compose.yml redis":     "runtime ",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: scope and dev = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("services = %v", got)
	}
}

func TestSwarmStack(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string // "tool" or "replicas workload count source mode placement"
	}{
		{"stack file by content", "config/production.yml", "", nil}, // outside a recipe folder (deploy/, contrib/...): not read
		{"stack by deploy keys", "docker-compose.prod.yml", `services:
  web:
    image: acme/web:1.2
    deploy:
      replicas: 4
      placement:
        constraints: [node.role == worker]
      update_config: {parallelism: 2}
  agent:
    image: portainer/agent:2.19
    deploy:
      mode: global
  worker:
    image: acme/worker:1.2
    deploy:
      mode: replicated
`, []string{"tool docker-swarm 6", "replicas web 4 swarm  true", "replicas agent global swarm global ", "replicas worker 1 swarm replicated "}},
		{"stack by name", "docker-stack.yml", "services:\n  api:\n    image: a/api:1\n    deploy:\n      replicas: 2\n",
			[]string{"tool docker-swarm 1", "replicas api 2 swarm  "}},
		{"plain compose with replicas", "compose.yaml", "services:\n  api:\n    image: a/api:1\n    deploy:\n      replicas: 2\n      resources: {limits: {cpus: '1'}}\n",
			[]string{"replicas api 2 compose  "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.src == "" {
				if Detector.Match(tt.path) {
					t.Errorf("%s matched", tt.path)
				}
				return
			}
			sigs, err := detecttest.Detect(Detector, tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range sigs {
				switch {
				case s.Kind == stack.KindTool && s.Name == "docker-swarm":
					got = append(got, fmt.Sprintf("tool docker-swarm %d", s.Line))
				case s.Name == stack.FactReplicas:
					got = append(got, fmt.Sprintf("replicas %s %s %s %s %s", s.Attr("workload"), s.Attr("count"), s.Attr("source"), s.Attr("mode"), s.Attr("placement")))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
	for _, p := range []string{"stack.yml", "infra/stack.yaml", "docker-stack.prod.yml"} {
		if !Detector.Match(p) {
			t.Errorf("%s not matched", p)
		}
	}
}
