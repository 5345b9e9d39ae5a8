package ci

import (
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/stack"
)

var all = []detect.Detector{GitHubActions, GitLabCI, CircleCI, Jenkins, AzurePipelines, Bitbucket, Travis, Drone, Buildkite, CloudBuild, Dependabot, Renovate}

func TestGolden(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/ci.txtar"), all...)
	detecttest.Golden(t, "testdata/ci.golden.json", res)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if len(res.Manifests) > 0 {
		t.Errorf("CI files are not manifests: %v", res.Manifests)
	}
	pipelines := map[string]stack.Signal{}
	for _, s := range res.Signals {
		if s.Name == stack.FactCIPipeline {
			pipelines[s.File] = s
		}
		if s.File == ".github/workflows/sub/ignored.yml" {
			t.Errorf("nested workflow folders are not run by GitHub: %+v", s)
		}
	}
	want := map[string]string{
		".github/workflows/ci.yml": "5 true", ".github/workflows/nightly.yaml": "1 false", ".gitlab-ci.yml": "2 true",
		".circleci/config.yml": "1 false", "Jenkinsfile": "2 true", "azure-pipelines.yml": "2 true", "bitbucket-pipelines.yml": "2 true",
		".travis.yml": "1 false", ".drone.yml": "1 false", ".buildkite/pipeline.yml": "2 true", "cloudbuild.yaml": "2 true",
	}
	for f, w := range want {
		p, ok := pipelines[f]
		if got := p.Attr("jobs") + " " + p.Attr("deploys"); !ok || got != w {
			t.Errorf("%s: pipeline %q, want %q", f, got, w)
		}
	}
}

func TestWorkflowUses(t *testing.T) {
	src := "jobs:\n  a:\n    steps:\n      - uses: github/codeql-action/init@v3\n      - uses: actions/checkout\n      - uses: docker://ghcr.io/x/y:1\n      - uses: noslash@v1\n"
	sigs, err := detecttest.Detect(GitHubActions, ".github/workflows/a.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var pk []string
	for _, s := range sigs {
		if s.Kind == stack.KindPackage {
			pk = append(pk, s.Name+"@"+s.Version)
			if s.Ecosystem != stack.EcoAction {
				t.Errorf("ecosystem %q", s.Ecosystem)
			}
		}
		if s.Kind == stack.KindImage && (s.Name != "ghcr.io/x/y" || s.Version != "1" || s.Attr("tag") != "1" || s.Line != 6) {
			t.Errorf("image %+v", s)
		}
	}
	if strings.Join(pk, " ") != "github/codeql-action/init@v3 actions/checkout@" {
		t.Errorf("packages %v", pk)
	}
}

func TestSetupPHPExtensions(t *testing.T) {
	for _, tc := range []struct {
		name, with, want string
	}{
		{"comma list", "extensions: pdo_sqlite, zip, gd", "ext-pdo_sqlite ext-zip ext-gd"},
		{"versions dropped, disabled skipped", "extensions: redis-5.3.7, :opcache, PDO_PGSQL", "ext-redis ext-pdo_pgsql"},
		{"block scalar", "extensions: |\n            pdo_mysql\n            intl", "ext-pdo_mysql ext-intl"},
		{"matrix expression skipped", "extensions: ${{ matrix.ext }}", ""},
		{"junk skipped", "extensions: \"a;b, $(x), ok\"", "ext-ok"},
		{"no extensions", "php-version: 8.3", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "jobs:\n  t:\n    steps:\n      - uses: shivammathur/setup-php@v2\n        with:\n          " + tc.with + "\n      - uses: other/setup@v1\n        with:\n          extensions: pdo_pgsql\n"
			sigs, err := detecttest.Detect(GitHubActions, ".github/workflows/t.yml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range sigs {
				if s.Ecosystem != stack.EcoComposer {
					continue
				}
				got = append(got, s.Name)
				if s.Scope != stack.ScopeDev || s.Attr(stack.AttrSupported) != "ci-php-extension" || s.Line != 6 {
					t.Errorf("%s: scope %q supported %q line %d, want dev, ci-php-extension, 6", s.Name, s.Scope, s.Attr(stack.AttrSupported), s.Line)
				}
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("extensions %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}

func TestActionRefs(t *testing.T) {
	const sha = "b4ffde65f46336ab88eb53be808477a3936bae11"
	tests := []struct {
		uses, version, sha, ref string
	}{
		{"actions/checkout@v4", "v4", "", ""},
		{"actions/setup-go@v4.1.2", "v4.1.2", "", ""},
		{"actions/checkout@" + sha, "", sha, ""},
		{"actions/checkout@B4FFDE65F46336AB88EB53BE808477A3936BAE11", "", "B4FFDE65F46336AB88EB53BE808477A3936BAE11", ""},
		{"actions/checkout@b4ffde6", "", "", "b4ffde6"},
		{"o/r/.github/workflows/x.yml@main", "", "", "main"},
		{"pnpm/action-setup@2.4.0", "2.4.0", "", ""},
		{"actions/checkout", "", "", ""},
	}
	for _, tt := range tests {
		src := "jobs:\n  a:\n    steps:\n      - uses: " + tt.uses + "\n"
		sigs, err := detecttest.Detect(GitHubActions, ".github/workflows/a.yml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, s := range sigs {
			if s.Kind != stack.KindPackage {
				continue
			}
			n++
			if s.Version != tt.version || s.Attr("sha") != tt.sha || s.Attr("ref") != tt.ref || s.Line != 4 {
				t.Errorf("%s: version %q sha %q ref %q line %d, want %q %q %q 4", tt.uses, s.Version, s.Attr("sha"), s.Attr("ref"), s.Line, tt.version, tt.sha, tt.ref)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d packages", tt.uses, n)
		}
	}
}

func TestOddInput(t *testing.T) {
	cases := []struct {
		name    string
		d       detect.Detector
		path    string
		src     string
		wantErr bool
		nsig    int
	}{
		{"workflow empty", GitHubActions, ".github/workflows/a.yml", "", false, 0},
		{"workflow broken", GitHubActions, ".github/workflows/a.yml", "jobs:\n  a: [\n", true, 0},
		{"workflow list", GitHubActions, ".github/workflows/a.yml", "- a\n", false, 0},
		{"workflow jobs list", GitHubActions, ".github/workflows/a.yml", "jobs: [a, b]\n", false, 2},
		{"gitlab broken", GitLabCI, ".gitlab-ci.yml", "a: [\n", true, 0},
		{"gitlab variable image", GitLabCI, ".gitlab-ci.yml", "image: $CI_IMAGE\njob: {script: x}\n", false, 2},
		{"jenkins empty", Jenkins, "Jenkinsfile", "", false, 2},
		{"drone broken second doc", Drone, ".drone.yml", "kind: pipeline\n---\na: [\n", true, 2},
		{"dependabot empty", Dependabot, ".github/dependabot.yml", "", false, 2},
		{"renovate broken", Renovate, "renovate.json", "{\n  \"extends\": [\n", true, 2},
		{"renovate json5", Renovate, "renovate.json5", "{ extends: ['config:base'] }", false, 2},
		{"cloudbuild json", CloudBuild, "cloudbuild.json", `{"steps": [{"name": "x", "args": ["deploy"]}]}`, false, 2},
		{"buildkite bare list", Buildkite, ".buildkite/pipeline.yml", "- command: x\n- wait\n", false, 2},
		{"azure steps only", AzurePipelines, "azure-pipelines.yml", "steps:\n  - script: make\n", false, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(c.d, c.path, []byte(c.src))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			detecttest.ParseErrors(t, err)
			if len(sigs) != c.nsig {
				t.Errorf("got %d signals, want %d: %+v", len(sigs), c.nsig, sigs)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	yes := map[string]detect.Detector{
		".github/workflows/ci.yml": GitHubActions, "svc/.github/workflows/x.yaml": GitHubActions, "ci/Jenkinsfile.release": Jenkins,
		".buildkite/pipeline.deploy.yml": Buildkite, "cloudbuild.prod.yaml": CloudBuild, ".github/renovate.json": Renovate, ".renovaterc": Renovate,
	}
	for p, d := range yes {
		if !d.Match(p) {
			t.Errorf("%s should match %s", d.Name, p)
		}
	}
	no := map[string]detect.Detector{
		".github/workflows/README.md": GitHubActions, "workflows/ci.yml": GitHubActions, ".github/workflows/a/b.yml": GitHubActions,
		"pipeline.yml": Buildkite, "dependabot.yml": Dependabot,
	}
	for p, d := range no {
		if d.Match(p) {
			t.Errorf("%s should not match %s", d.Name, p)
		}
	}
}

func FuzzWorkflow(f *testing.F) {
	for _, s := range []string{
		"", "jobs:\n  a:\n    environment: prod\n    steps:\n      - uses: actions/checkout@v4\n      - run: kubectl apply -f x\n",
		"jobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@main\n", "jobs:\n  t:\n    strategy:\n      matrix:\n        db: [pgsql, mysql-8]\n        include: [{pg: 15}]\n    services:\n      d: {image: \"postgres:${{ matrix.pg }}\"}\n", "jobs: &x\n  a: *x\n", "jobs: [", "on: push\njobs:\n  a:\n    steps: [{uses: 'docker://'}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range all {
			_, err := detecttest.Detect(d, "x.yml", data)
			detecttest.ParseErrors(t, err)
		}
	})
}
