package helm

import (
	"errors"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/chart.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	detecttest.Golden(t, "testdata/chart.golden.json", res)
}

func TestChart(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/chart.txtar")
	res := detecttest.Scan(t, fsys, Detector)
	by := func(file, name string) []stack.Signal {
		var out []stack.Signal
		for _, s := range res.Signals {
			if s.File == file && s.Name == name {
				out = append(out, s)
			}
		}
		return out
	}
	const dir = "deploy/charts/shop/"
	if m := res.Manifests[dir+"Chart.yaml"]; m != "helm" {
		t.Errorf("Chart.yaml not a manifest: %v", res.Manifests)
	}
	if p := by(dir+"Chart.yaml", "postgresql"); len(p) != 1 || p[0].Version != "" || p[0].Attr("chart_version") != "~15.5.0" || p[0].Line != 8 || p[0].Ecosystem != stack.EcoHelm || p[0].Attr("repository") != "oci://registry-1.docker.io/bitnamicharts" {
		t.Errorf("postgresql dependency = %+v", p)
	}
	if r := by(dir+"Chart.yaml", "redis"); len(r) != 1 || r[0].Version != "" || r[0].Attr("chart_version") != "19.x.x" {
		t.Errorf("redis dependency = %+v", r)
	}
	reps := by(dir+"values.yaml", stack.FactReplicas)
	if len(reps) != 2 || reps[0].Attr("workload") != "shop" || reps[0].Attr("count") != "2" || reps[0].Line != 1 || reps[1].Attr("workload") != "worker" {
		t.Errorf("replicas = %+v", reps)
	}
	for _, f := range append(by(dir+"values.yaml", stack.FactReplicas), by(dir+"values.yaml", stack.FactAutoscaling)...) {
		if w := f.Attr("workload") + f.Attr("target"); strings.HasPrefix(w, "postgresql") || strings.HasPrefix(w, "cache") {
			t.Errorf("subchart settings counted: %+v", f)
		}
	}
	as := by(dir+"values.yaml", stack.FactAutoscaling)
	if len(as) != 1 || as[0].Attr("kind") != "hpa" || as[0].Attr("min") != "2" || as[0].Attr("max") != "10" || as[0].Attr("target") != "shop" {
		t.Errorf("autoscaling = %+v", as)
	}
	if k := by(dir+"values-prod.yaml", stack.FactAutoscaling); len(k) != 1 || k[0].Attr("kind") != "keda" || k[0].Attr("max") != "20" {
		t.Errorf("keda = %+v", k)
	}
	if i := by(dir+"values.yaml", "ghcr.io/acme/shop"); len(i) != 1 || i[0].Version != "" {
		t.Errorf("shop image = %+v", i)
	}
	if i := by(dir+"values.yaml", "bitnami/postgresql"); len(i) != 1 || i[0].Version != "16.3.0" || i[0].Attr("tag") != "16.3.0-debian-12-r14" || i[0].Scope != stack.ScopeRuntime || i[0].Attr("workload") != "postgresql" {
		t.Errorf("postgres image = %+v", i)
	}
	if u := by(dir+"values.yaml", stack.FactUnpinnedImage); len(u) != 1 || u[0].Attr("image") != "ghcr.io/acme/shop-worker:latest" {
		t.Errorf("unpinned (empty tag is appVersion, not unpinned) = %+v", u)
	}
	if h := by("helmfile.yaml", "ingress-nginx"); len(h) != 1 || h[0].Attr("repository") != "ingress-nginx" || h[0].Version != "" || h[0].Attr("chart_version") != "4.10.0" {
		t.Errorf("helmfile release = %+v", h)
	}
	for _, s := range res.Signals {
		if s.File == "tools/values.yaml" || strings.Contains(s.File, "templates/") {
			t.Errorf("signal from %s: %+v", s.File, s)
		}
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].File != "broken/Chart.yaml" || res.Diagnostics[0].Line != 3 {
		t.Errorf("diagnostics = %+v", res.Diagnostics)
	}
}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"Chart.yaml": true, "charts/a/Chart.yaml": true, "charts/a/values.yaml": true, "values-prod.yml": true,
		"helmfile.yaml": true, "charts/a/requirements.yaml": true,
		"charts/a/templates/values.yaml": false, "Chart.lock": false, "values.json": false, "k8s/app.yaml": false,
	} {
		if Match(p) != want {
			t.Errorf("Match(%q) = %v, want %v", p, !want, want)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		src     string
		wantErr string
		names   string
	}{
		{name: "empty chart", path: "Chart.yaml", src: "", names: ""},
		{name: "minimal chart", path: "Chart.yaml", src: "apiVersion: v2\nname: a\nversion: 1.0.0\n", names: "helm"},
		{name: "broken chart", path: "Chart.yaml", src: "name: [\n", wantErr: "invalid YAML", names: "helm"},
		{name: "chart list", path: "Chart.yaml", src: "- a\n", wantErr: "expected a mapping", names: "helm"},
		{name: "requirements", path: "requirements.yaml", src: "dependencies:\n- name: mysql\n  version: 1.0\n- version: 2\n", names: "mysql"},
		{name: "empty values", path: "values.yaml", src: "", names: ""},
		{name: "values scalar image with replicas", path: "values.yaml", src: "replicaCount: 1\nimage: nginx\n", names: "replicas,nginx,unpinned-image"},
		{name: "values templated tag", path: "values.yaml", src: "image:\n  repository: app\n  tag: '{{ .Chart.AppVersion }}'\n", names: "app"},
		{name: "values digest", path: "values.yaml", src: "image:\n  repository: app\n  digest: sha256:1\n", names: "app"},
		{name: "values broken", path: "values.yaml", src: "a: [\n", wantErr: "invalid YAML", names: ""},
		{name: "values templated broken", path: "values.yaml", src: "a: {{ .x }\n", names: ""},
		{name: "values list", path: "values.yaml", src: "- 1\n", names: ""},
		{name: "autoscaling disabled", path: "values.yaml", src: "autoscaling:\n  enabled: false\n", names: ""},
		// Without the chart's Chart.yaml a nested block may be a subchart's:
		// only the top level counts.
		{name: "nested replicas without a chart", path: "values.yaml", src: "replicaCount: 2\nkafka:\n  controller:\n    replicaCount: 3\n  autoscaling:\n    enabled: true\n", names: "replicas"},
		{name: "helmfile templated", path: "helmfile.yaml", src: "releases:\n- name: {{ .x }}\n  chart: bitnami/kafka\n", names: "helm,kafka"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Detector, tt.path, []byte(tt.src))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" {
				var pe *detect.ParseError
				if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want ParseError with %q", err, tt.wantErr)
				}
			}
			var names []string
			for _, s := range sigs {
				names = append(names, s.Name)
			}
			if strings.Join(names, ",") != tt.names {
				t.Errorf("signals %v, want %s", names, tt.names)
			}
		})
	}
}

func FuzzHelm(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(s)
	}
	seeds := []string{
		"replicaCount: 2\nimage: {repository: a, tag: ''}\nautoscaling: {enabled: true, minReplicas: 1, maxReplicas: 3}\n",
		"a: &a {b: *a}\n",
		"x: &x {image: {repository: r}}\ny: {<<: *x, replicaCount: 3}\n",
		"apiVersion: v2\nname: c\ndependencies: [{name: postgresql, version: 1, repository: r}]\n",
		"releases: [{chart: bitnami/redis}]\n",
		"replicaCount: 1\nkafka:\n  controller: {replicaCount: 3, autoscaling: {enabled: true}}\nworker: {replicaCount: 2}\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []string{"values.yaml", "Chart.yaml", "helmfile.yaml"} {
			sigs, err := detecttest.Detect(Detector, p, data)
			detecttest.WellFormed(t, sigs, err)
		}
	})
}
