package kubernetes

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

func TestGolden(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/app.txtar")
	res := detecttest.Scan(t, fsys, Detector, Skaffold, Tilt)
	detecttest.Golden(t, "testdata/app.golden.json", res)
}

func named(sigs []stack.Signal, file, name string) []stack.Signal {
	var out []stack.Signal
	for _, s := range sigs {
		if s.File == file && s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func TestApp(t *testing.T) {
	fsys := detecttest.LoadFS(t, "testdata/app.txtar")
	res := detecttest.Scan(t, fsys, Detector, Skaffold, Tilt)
	sigs := res.Signals
	const dep = "k8s/deployment.yaml"
	if r := named(sigs, dep, stack.FactReplicas); len(r) != 1 || r[0].Attr("count") != "3" || r[0].Attr("workload") != "api" || r[0].Line != 8 {
		t.Errorf("replicas = %+v", r)
	}
	if r := named(sigs, "k8s/postgres.yml", stack.FactReplicas); len(r) != 1 || r[0].Attr("count") != "1" {
		t.Errorf("statefulset default replicas = %+v", r)
	}
	if a := named(sigs, dep, stack.FactAutoscaling); len(a) != 1 || a[0].Attr("kind") != "hpa" || a[0].Attr("target") != "api" || a[0].Attr("min") != "3" || a[0].Attr("max") != "12" {
		t.Errorf("hpa = %+v", a)
	}
	if a := named(sigs, "k8s/worker.yaml", stack.FactAutoscaling); len(a) != 1 || a[0].Attr("kind") != "keda" || a[0].Attr("min") != "0" || a[0].Attr("max") != "100" || a[0].Attr("triggers") != "rabbitmq" {
		t.Errorf("keda = %+v", a)
	}
	var probes []string
	for _, h := range named(sigs, dep, stack.FactHealthcheck) {
		probes = append(probes, h.Attr("kind"))
	}
	if strings.Join(probes, ",") != "liveness,readiness" {
		t.Errorf("probes = %v", probes)
	}
	if r := named(sigs, dep, stack.FactResources); len(r) != 1 || r[0].Attr("requests") != "true" || r[0].Attr("limits") != "true" || r[0].Line != 25 {
		t.Errorf("resources = %+v", r)
	}
	if r := named(sigs, "k8s/postgres.yml", stack.FactResources); len(r) != 1 || r[0].Attr("requests") != "false" || r[0].Attr("limits") != "false" {
		t.Errorf("postgres resources = %+v", r)
	}
	if r := named(sigs, dep, stack.FactRunAsNonRoot); len(r) != 1 || r[0].Attr("value") != "true" || r[0].Line != 20 {
		t.Errorf("runAsNonRoot = %+v", r)
	}
	if p := named(sigs, dep, stack.FactProcess); len(p) != 1 || p[0].Attr("server") != "gunicorn" || p[0].Attr("workers") != "2" || p[0].Attr("worker_class") != "uvicorn.workers.UvicornWorker" {
		t.Errorf("process = %+v", p)
	}
	if i := named(sigs, dep, "istio"); len(i) != 1 || i[0].Line != 17 {
		t.Errorf("istio = %+v", i)
	}
	if i := named(sigs, "k8s/worker.yaml", "networking.istio.io/VirtualService"); len(i) != 1 {
		t.Errorf("VirtualService = %+v", i)
	}
	if p := named(sigs, "k8s/postgres.yml", "postgres"); len(p) != 1 || p[0].Version != "16.2" || p[0].Kind != stack.KindImage {
		t.Errorf("postgres image = %+v", p)
	}
	if r := named(sigs, "k8s/worker.yaml", "ghcr.io/acme/report"); len(r) != 1 || r[0].Version != "" || r[0].Attr("tag") != "latest" {
		t.Errorf("latest is a tag, not a version: %+v", r)
	}
	if u := named(sigs, "k8s/worker.yaml", stack.FactUnpinnedImage); len(u) != 1 || u[0].Attr("image") != "ghcr.io/acme/report:latest" {
		t.Errorf("unpinned = %+v", u)
	}
	for _, f := range []string{"charts/api/templates/deployment.yaml", "deploy/templated.yaml", "catalog-info.yaml", "mkdocs.yml"} {
		for _, s := range sigs {
			if s.File == f {
				t.Errorf("signal from %s: %+v", f, s)
			}
		}
	}
	var diags []string
	for _, d := range res.Diagnostics {
		diags = append(diags, d.File)
	}
	if strings.Join(diags, ",") != "deploy/broken.yaml" {
		t.Errorf("diagnostics for %v, want deploy/broken.yaml only", diags)
	}
	if k := named(sigs, "k8s/kustomization.yaml", "kustomize"); len(k) != 1 {
		t.Errorf("kustomize = %+v", k)
	}
	if u := named(sigs, "k8s/kustomization.yaml", stack.FactUnpinnedImage); len(u) != 0 {
		t.Errorf("kustomize rename reported unpinned: %+v", u)
	}
}

func TestResourceName(t *testing.T) {
	tests := [][3]string{
		{"v1", "Service", "Service"},
		{"apps/v1", "Deployment", "Deployment"},
		{"autoscaling/v2", "HorizontalPodAutoscaler", "HorizontalPodAutoscaler"},
		{"networking.k8s.io/v1", "Ingress", "Ingress"},
		{"policy/v1", "PodDisruptionBudget", "PodDisruptionBudget"},
		{"keda.sh/v1alpha1", "ScaledObject", "keda.sh/ScaledObject"},
		{"networking.istio.io/v1", "VirtualService", "networking.istio.io/VirtualService"},
		{"linkerd.io/v1alpha2", "ServiceProfile", "linkerd.io/ServiceProfile"},
		{"traefik.io/v1alpha1", "IngressRoute", "traefik.io/IngressRoute"},
		{"monitoring.coreos.com/v1", "ServiceMonitor", "monitoring.coreos.com/ServiceMonitor"},
		{"argoproj.io/v1alpha1", "Application", "argoproj.io/Application"},
		{"cert-manager.io/v1", "Certificate", "cert-manager.io/Certificate"},
		{"gateway.networking.k8s.io/v1", "HTTPRoute", "gateway.networking.k8s.io/HTTPRoute"},
	}
	for _, tt := range tests {
		if got := ResourceName(tt[0], tt[1]); got != tt[2] {
			t.Errorf("ResourceName(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}

func TestMatch(t *testing.T) {
	for p, want := range map[string]bool{
		"k8s/app.yaml": true, "deploy/x.yml": true, "kustomization.yaml": true, "manifests/a/b.yaml": true,
		"docker-compose.yml": false, "compose.yaml": false, "charts/a/values.yaml": false, "charts/a/Chart.yaml": false,
		"charts/a/templates/dep.yaml": false, "templates/x.yaml": false, ".github/workflows/ci.yml": false,
		".gitlab-ci.yml": false, "skaffold.yaml": false, "pnpm-lock.yaml": false, "app.json": false, "helmfile.yaml": false,
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
		errLine int
		names   string // comma-joined signal names expected, "-" to skip
	}{
		{name: "empty", src: "", names: ""},
		{name: "not a manifest", src: "name: x\nitems: [1]\n", names: ""},
		{name: "broken non-manifest", src: "a: [\n", names: ""},
		{name: "pod", src: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: nginx:1.25\n", names: "kubernetes,Pod,service,nginx,resources"},
		{name: "list", src: "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n", names: "kubernetes,Service"},
		{name: "daemonset has no replicas", src: "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: {containers: []}}}\n", names: "kubernetes,DaemonSet,service"},
		{name: "templated replicas", src: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .name }}\n", names: ""},
		{name: "openshift template", src: "apiVersion: template.openshift.io/v1\nkind: Template\nmetadata: {name: t}\nparameters:\n- name: IMAGE\nobjects:\n- apiVersion: apps.openshift.io/v1\n  kind: DeploymentConfig\n  metadata: {name: web}\n  spec:\n    replicas: 3\n    template:\n      spec:\n        containers:\n        - image: ${IMAGE}\n- apiVersion: route.openshift.io/v1\n  kind: Route\n  metadata: {name: web}\n- apiVersion: v1\n  kind: BuildConfig\n  metadata: {name: web}\n", names: "kubernetes,template.openshift.io/Template,apps.openshift.io/DeploymentConfig,service,replicas,resources,route.openshift.io/Route,BuildConfig"},
		{name: "legacy openshift template", src: "apiVersion: v1\nkind: Template\nobjects:\n- apiVersion: v1\n  kind: DeploymentConfig\n  metadata: {name: api}\n  spec:\n    template: {spec: {containers: [{image: 'python:3.11'}]}}\n", names: "kubernetes,template.openshift.io/Template,DeploymentConfig,service,replicas,python,resources"},
		{name: "kubeconfig", src: "apiVersion: v1\nkind: Config\nclusters: []\n", names: ""},
		{name: "kind variable", src: "apiVersion: v1\nkind: ${KIND}\n", names: ""},
		{name: "linkerd namespace", src: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  annotations:\n    linkerd.io/inject: enabled\n", names: "kubernetes,Namespace,linkerd"},
		{name: "istio label", src: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  labels:\n    istio-injection: enabled\n", names: "kubernetes,Namespace,istio"},
		{name: "second doc broken", src: "apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Service\n  x: y\n", wantErr: "invalid YAML", names: "kubernetes,Service"},
		{name: "first doc broken", src: "apiVersion: v1\nkind: Service\n metadata: x\n", wantErr: "invalid YAML", names: ""},
		{name: "kustomization empty", path: "kustomization.yaml", src: "", names: ""},
		{name: "kustomization list", path: "kustomization.yaml", src: "- a\n", wantErr: "must be a mapping", errLine: 1, names: ""},
		{name: "kustomization images", path: "base/kustomization.yml", src: "images:\n- name: nginx\n  newTag: latest\n- name: app\n  newName: localhost:5000/app\n  digest: sha256:1\n", names: "kustomize,nginx,unpinned-image,localhost:5000/app"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.path
			if p == "" {
				p = "k8s/x.yaml"
			}
			sigs, err := detecttest.Detect(Detector, p, []byte(tt.src))
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
			var names []string
			for _, s := range sigs {
				names = append(names, s.Name)
			}
			if tt.names != "-" && strings.Join(names, ",") != tt.names {
				t.Errorf("signals %v, want %s", names, tt.names)
			}
		})
	}
}

func TestDevTools(t *testing.T) {
	if s, _ := detecttest.Detect(Tilt, "Tiltfile", []byte("x")); len(s) != 1 || s[0].Name != "tilt" || s[0].Scope != stack.ScopeDev {
		t.Errorf("tilt = %+v", s)
	}
	if s, _ := detecttest.Detect(Skaffold, "skaffold.yaml", []byte("apiVersion: skaffold/v4beta6\n")); len(s) != 1 || s[0].Name != "skaffold" {
		t.Errorf("skaffold = %+v", s)
	}
	if s, _ := detecttest.Detect(Skaffold, "skaffold.yaml", nil); len(s) != 0 {
		t.Errorf("empty skaffold = %+v", s)
	}
}

func TestSkaffoldArtifacts(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // built images as image@line
		errLine  int
	}{
		{"top-level artifacts", "apiVersion: skaffold/v3\nkind: Config\nbuild:\n  artifacts:\n  - image: emailservice\n    context: src/emailservice\n  - image: gcr.io/acme/cart\n", []string{"emailservice@5", "gcr.io/acme/cart@7"}, 0},
		{"profiles and documents, duplicates once", "build:\n  artifacts: [{image: a}]\nprofiles:\n- name: gcb\n  build:\n    artifacts:\n    - image: b\n    - image: a\n---\nbuild: {artifacts: [{image: c}]}\n", []string{"a@2", "b@7", "c@10"}, 0},
		{"templated and empty names skipped", "build:\n  artifacts:\n  - image: '{{.IMAGE}}'\n  - image: ''\n  - context: x\n", nil, 0},
		{"no build", "apiVersion: skaffold/v4beta6\n", nil, 0},
		{"broken YAML keeps what was read", "build:\n  artifacts:\n  - image: a\n---\nbuild: [\n", []string{"a@3"}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs, err := detecttest.Detect(Skaffold, "skaffold.yaml", []byte(tc.in))
			var pe *detect.ParseError
			switch {
			case tc.errLine == 0 && err != nil:
				t.Fatalf("error %v", err)
			case tc.errLine != 0 && (!errors.As(err, &pe) || pe.Line != tc.errLine):
				t.Fatalf("error %v, want one at line %d", err, tc.errLine)
			}
			if len(sigs) == 0 || sigs[0].Name != "skaffold" {
				t.Fatalf("no skaffold tool: %+v", sigs)
			}
			var got []string
			for _, s := range sigs[1:] {
				if s.Name != stack.FactBuiltImage {
					t.Errorf("unexpected %+v", s)
				}
				got = append(got, fmt.Sprintf("%s@%d", s.Attr("image"), s.Line))
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("built images %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzSkaffold(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) {
		f.Add(s)
	}
	for _, s := range []string{"build:\n  artifacts:\n  - image: a\n    context: x\nprofiles: [{build: {artifacts: [{image: b}]}}]\n", "build: &b {artifacts: [{image: *b}]}\n", "build: [\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Skaffold, "skaffold.yaml", data)
		detecttest.WellFormed(t, sigs, err)
	})
}

func FuzzKubernetes(f *testing.F) {
	for _, s := range nesting.Seeds(nesting.YAML) { // at and past the depth limit
		f.Add(s)
	}
	seeds := []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: a\n        image: a:1\n        livenessProbe: {}\n        resources: {requests: {}, limits: {}}\n",
		"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: {name: a}, maxReplicas: 3}\n---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nspec: {triggers: [{type: kafka}]}\n",
		"apiVersion: v1\nkind: List\nitems: &i [{apiVersion: v1, kind: List, items: *i}]\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .x }}\n",
		"apiVersion: batch/v1\nkind: CronJob\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{image: x, command: [sh, -c, 'celery worker']}]}}}}}\n",
		"apiVersion: v1\nkind: [",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []string{"k8s/a.yaml", "kustomization.yaml"} {
			sigs, err := detecttest.Detect(Detector, p, data)
			detecttest.WellFormed(t, sigs, err)
		}
	})
}

func TestS2I(t *testing.T) {
	for p, want := range map[string]bool{
		".s2i/environment": true, "svc/.s2i/bin/assemble": true, ".s2i/bin/run": true, "environment": false,
		".s2i/run": false, "bin/assemble": false, ".s2i/bin/build": false,
	} {
		if S2I.Match(p) != want {
			t.Errorf("Match(%q) = %v", p, !want)
		}
	}
	sigs, err := detecttest.Detect(S2I, ".s2i/environment", []byte("DISABLE_COLLECTSTATIC=1\nSECRET=x\n"))
	if err != nil || len(sigs) != 1 || sigs[0].Name != "source-to-image" || len(sigs[0].Attrs) != 1 {
		t.Errorf("signals %+v, %v", sigs, err)
	}
}
