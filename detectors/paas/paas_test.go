package paas

import (
	"errors"
	"path"
	"reflect"
	"testing"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/detect/detecttest"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

var all = []detect.Detector{Procfile, HerokuApp, Fly, Render, AppEngine, Railway, Vercel, Netlify, ElasticBeanstalk, AzureDeveloperCLI, Firebase}

func TestGoldenHeroku(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/heroku.txtar"), all...)
	detecttest.Golden(t, "testdata/heroku.golden.json", res)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
}

func TestGoldenPlatforms(t *testing.T) {
	res := detecttest.Scan(t, detecttest.LoadFS(t, "testdata/platforms.txtar"), all...)
	detecttest.Golden(t, "testdata/platforms.golden.json", res)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	for _, s := range res.Signals {
		if s.File == "other/app.yaml" {
			t.Errorf("app.yaml without runtime is not App Engine: %+v", s)
		}
	}
}

func TestProcfile(t *testing.T) {
	src := "web: gunicorn app:app\n\nnot a process line\nbad name!: x\nworker:celery -A x worker\n"
	sigs, err := detecttest.Detect(Procfile, "Procfile", []byte(src))
	var pe *detect.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Errorf("want a ParseError at line 3, got %v", err)
	}
	if len(sigs) != 3 || sigs[0].Name != "heroku" || sigs[2].Attr("role") != "worker" || sigs[2].Attr("server") != "celery" || sigs[2].Line != 5 {
		t.Errorf("%+v", sigs)
	}
	sigs, err = detecttest.Detect(Procfile, "Procfile", nil)
	if err != nil || len(sigs) != 0 {
		t.Errorf("empty Procfile: %+v %v", sigs, err)
	}
	sigs, _ = detecttest.Detect(Procfile, "Procfile.dev", []byte("web: bin/rails s\n"))
	if len(sigs) != 1 || sigs[0].Scope != stack.ScopeDev {
		t.Errorf("Procfile.dev: %+v", sigs)
	}
}

func TestAppEngineRuntime(t *testing.T) {
	cases := []struct{ in, name, v string }{
		{"python312", "python", "3.12"}, {"python39", "python", "3.9"}, {"python3", "python", "3"}, {"nodejs20", "nodejs", "20"},
		{"java21", "java", "21"}, {"go122", "go", "1.22"}, {"go111", "go", "1.11"}, {"php83", "php", "8.3"}, {"ruby33", "ruby", "3.3"},
		{"python", "python", ""}, {"custom", "", ""}, {"nodejs20.x", "", ""}, {"dotnet8", "dotnet", "8.0"},
	}
	for _, c := range cases {
		n, v, _ := appEngineRuntime(c.in)
		if n != c.name || v != c.v {
			t.Errorf("appEngineRuntime(%q) = %q %q, want %q %q", c.in, n, v, c.name, c.v)
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
		{"fly broken", Fly, "fly.toml", "app = \n[http_service\n", true, 1},
		{"fly empty", Fly, "fly.toml", "", false, 1},
		{"fly without autoscaling", Fly, "fly.toml", "app = 'x'\n[http_service]\ninternal_port = 8080\n", false, 2},
		{"app.json unrelated", HerokuApp, "app.json", `{"name": "x"}`, false, 0},
		{"app.json broken unrelated", HerokuApp, "app.json", `{"name": `, false, 0},
		{"app.json broken heroku", HerokuApp, "app.json", "{\"formation\": {\n", true, 0},
		{"render empty", Render, "render.yaml", "", false, 0},
		{"render broken", Render, "render.yaml", "services:\n  - [\n", true, 0},
		{"railway json", Railway, "railway.json", "{\"deploy\": {\"numReplicas\": 2}}", false, 2},
		{"railway broken", Railway, "railway.toml", "[deploy\n", true, 1},
		{"azure unrelated", AzureDeveloperCLI, "azure.yaml", "foo: bar\n", false, 0},
		{"eb list options", ElasticBeanstalk, ".ebextensions/a.config", "option_settings:\n  - namespace: aws:autoscaling:asg\n    option_name: MaxSize\n    value: 4\n", false, 2},
		{"eb broken", ElasticBeanstalk, ".ebextensions/a.config", "a: [\n", true, 1},
		{"firebase broken", Firebase, "firebase.json", "{", true, 1},
		{"app engine flex", AppEngine, "app.yaml", "runtime: python\nenv: flex\nruntime_config:\n  runtime_version: \"3.12\"\nmanual_scaling:\n  instances: 2\n", false, 3},
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

func FuzzProcfile(f *testing.F) {
	for _, s := range []string{"", "web: gunicorn -w 2 -k gevent app:app\nworker: celery -A x worker\n", "web:", ":", "a b: c", "web: sh -c 'sh -c \"node x\"'", "web: gunicorn --workers", "\x00:\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := detecttest.Detect(Procfile, "Procfile", data)
		detecttest.ParseErrors(t, err)
		for _, s := range sigs {
			if s.Line <= 0 {
				t.Fatalf("signal without a line: %+v", s)
			}
		}
		for _, d := range []detect.Detector{Fly, Railway, Netlify} {
			_, err := detecttest.Detect(d, "fly.toml", data)
			detecttest.ParseErrors(t, err)
		}
		for _, d := range []detect.Detector{HerokuApp, Firebase, Render, AppEngine} {
			_, err := detecttest.Detect(d, "app.json", data)
			detecttest.ParseErrors(t, err)
		}
	})
}

// TestStaticHosting: what a netlify.toml or firebase.json serves is read
// from its content: files only (static, with the folders it publishes
// from the repository root) or code it runs.
func TestStaticHosting(t *testing.T) {
	cases := []struct {
		name, file, src  string
		hosting, publish string
		line             int
		wantErr          bool
	}{
		{"netlify publish from the root", "netlify.toml", "[build]\n  base = \"/\"\n  publish = \"packages/web/dist\"\n", "static", "packages/web/dist", 3, false},
		{"netlify publish relative to base", "netlify.toml", "[build]\nbase = \"apps/site\"\npublish = \"build\"\n", "static", "apps/site/build", 3, false},
		{"netlify beside its site", "web/netlify.toml", "[build]\npublish = \"dist/\"\n", "static", "web/dist", 2, false},
		{"netlify publish leaving the repository", "netlify.toml", "[build]\npublish = \"../elsewhere\"\n", "static", "", 2, false},
		{"netlify build functions", "netlify.toml", "[build]\npublish = \"dist\"\nfunctions = \"netlify/functions\"\n", "functions", "dist", 2, false},
		{"netlify functions directory", "netlify.toml", "[functions]\ndirectory = \"api\"\n", "functions", "", 1, false},
		{"netlify functions by name", "netlify.toml", "[functions.\"api_*\"]\ndirectory = \"api\"\n", "functions", "", 1, false},
		{"netlify edge functions", "netlify.toml", "[[edge_functions]]\npath = \"/admin\"\nfunction = \"auth\"\n", "functions", "", 1, false},
		{"netlify next.js runtime", "netlify.toml", "[build]\npublish = \".next\"\n[[plugins]]\npackage = \"@netlify/plugin-nextjs\"\n", "functions", ".next", 2, false},
		{"netlify node bundler only", "netlify.toml", "[functions]\nnode_bundler = \"esbuild\"\n", "static", "", 1, false},
		{"netlify broken", "netlify.toml", "[build\npublish = 1\n", "", "", 1, true},
		{"firebase hosting and rules", "firebase.json", `{"firestore": {"rules": "firestore.rules"}, "hosting": {"public": "packages/web/dist"}}`, "static", "packages/web/dist", 1, false},
		{"firebase sites", "app/firebase.json", `{"hosting": [{"site": "a", "public": "a/dist"}, {"site": "b", "public": "b/out"}]}`, "static", "app/a/dist,app/b/out", 1, false},
		{"firebase functions", "firebase.json", `{"hosting": {"public": "web"}, "functions": {"source": "functions"}}`, "functions", "web", 1, false},
		{"firebase app hosting", "firebase.json", `{"apphosting": {"backendId": "web"}}`, "functions", "", 1, false},
		{"firebase nothing it serves", "firebase.json", `{"name": "x"}`, "", "", 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Netlify
			if path.Base(c.file) == "firebase.json" {
				d = Firebase
			}
			sigs, err := detecttest.Detect(d, c.file, []byte(c.src))
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			detecttest.ParseErrors(t, err)
			if len(sigs) == 0 || sigs[0].Kind != stack.KindTool {
				t.Fatalf("no tool signal: %+v", sigs)
			}
			s := sigs[0]
			if s.Attr(stack.AttrHosting) != c.hosting || s.Attr(stack.AttrPublish) != c.publish || s.Line != c.line {
				t.Errorf("hosting %q publish %q line %d, want %q %q %d", s.Attr(stack.AttrHosting), s.Attr(stack.AttrPublish), s.Line, c.hosting, c.publish, c.line)
			}
		})
	}
}

// TestImageSignals holds the PaaS files to internal/imageref: an image
// reference gives what imageref.Signals gives for it, whatever the file.
func TestImageSignals(t *testing.T) {
	refs := []string{
		"docker.io/library/node:20-alpine", "ghcr.io/acme/app:latest", "registry.fly.io/app", "flyio/postgres-flex:15.6",
		"postgres:16-alpine", "docker.io/library/redis", "ghcr.io/acme/api@sha256:0123456789abcdef", "localhost:5000/app:2.0",
		"bitnami/postgresql:15.4.0", "tiangolo/uvicorn-gunicorn-fastapi:python3.10",
	}
	for _, ref := range refs {
		for _, c := range []struct {
			det       detect.Detector
			path, src string
			line      int
		}{
			{Fly, "fly.toml", "app = \"a\"\n[build]\n  image = \"" + ref + "\"\n", 3},
			{Render, "render.yaml", "services:\n  - type: web\n    name: web\n    image:\n      url: " + ref + "\n", 5},
			{Kamal, "config/deploy.yml", "service: a\nimage: a/a\naccessories:\n  db:\n    image: " + ref + "\n", 5},
		} {
			sigs, err := detecttest.Detect(c.det, c.path, []byte(c.src))
			if err != nil {
				t.Fatalf("%s %q: %v", c.det.Name, ref, err)
			}
			want := imageref.Signals(ref, c.line, nil)
			var got []stack.Signal
			for _, s := range sigs {
				if s.Kind == stack.KindImage || s.Kind == stack.KindRuntime && s.Attr("image") != "" || s.Name == stack.FactUnpinnedImage {
					delete(s.Attrs, "accessory")
					delete(s.Attrs, "source")
					if len(s.Attrs) == 0 {
						s.Attrs = nil
					}
					got = append(got, s)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q:\n got %+v\nwant %+v", c.det.Name, ref, got, want)
			}
		}
	}
}
