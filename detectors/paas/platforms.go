package paas

import (
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/proccmd"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// Render reads Render blueprints.
var Render = detect.Detector{
	Name: "render",
	Doc: "Reads Render blueprints (render.yaml): tool render; each service as a service fact (source render, kind = type), " +
		"numInstances as a replicas fact and scaling.minInstances/maxInstances as an autoscaling fact (kind paas, platform render), " +
		"startCommand and preDeployCommand as process facts, the service runtime (node, python, go, ruby, elixir, rust) as a runtime signal " +
		"without version, image.url as an image; `databases` entries as datastore postgresql (version postgresMajorVersion), " +
		"services of type redis as datastore redis and of type keyvalue as datastore valkey.",
	Files:  []string{"render.yaml", "render.yml"},
	Match:  func(p string) bool { b := path.Base(p); return b == "render.yaml" || b == "render.yml" },
	Detect: detectRender,
}

var renderRuntimes = map[string]string{
	"node": "nodejs", "python": "python", "go": "go", "ruby": "ruby", "elixir": "elixir", "rust": "rust",
}

func detectRender(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil {
		return nil, err
	}
	line := yamlnode.Line(docnode.Key(root, "services"))
	if line == 0 {
		line = yamlnode.Line(docnode.Key(root, "databases"))
	}
	if line == 0 {
		line = 1
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "render", Line: line}}
	for _, svc := range docnode.Items(docnode.Get(root, "services")) {
		name := docnode.Scalar(docnode.Get(svc, "name"))
		typ := docnode.Scalar(docnode.Get(svc, "type"))
		l := svc.Line
		switch typ {
		case "redis", "keyvalue":
			id := "redis"
			if typ == "keyvalue" {
				id = "valkey"
			}
			out = append(out, stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: id, Line: l, Attrs: map[string]string{"resource": name}})
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactManagedService, Line: l, Attrs: map[string]string{"resource": typ, "name": name, "engine": id, "provider": "render"}})
			continue
		}
		attrs := map[string]string{"name": name, "source": "render"}
		if typ != "" {
			attrs["kind"] = typ
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: l, Attrs: attrs})
		rt := docnode.Get(svc, "runtime")
		if rt == nil {
			rt = docnode.Get(svc, "env")
		}
		if id := renderRuntimes[docnode.Scalar(rt)]; id != "" {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: id, Line: rt.Line})
		}
		if n := docnode.Get(svc, "numInstances"); docnode.Scalar(n) != "" {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: n.Line, Attrs: map[string]string{"workload": name, "count": docnode.Scalar(n), "source": "paas", "platform": "render"}})
		}
		if sc := docnode.Get(svc, "scaling"); sc != nil {
			a := map[string]string{"kind": "paas", "platform": "render", "target": name}
			if v := docnode.Scalar(docnode.Get(sc, "minInstances")); v != "" {
				a["min"] = v
			}
			if v := docnode.Scalar(docnode.Get(sc, "maxInstances")); v != "" {
				a["max"] = v
			}
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: yamlnode.Line(docnode.Key(svc, "scaling")), Attrs: a})
		}
		r := "web"
		if typ == "worker" || typ == "cron" {
			r = "worker"
		}
		for _, c := range []struct{ key, role string }{{"startCommand", r}, {"preDeployCommand", "release"}} {
			n := docnode.Get(svc, c.key)
			cmd := docnode.Scalar(n)
			if cmd == "" {
				continue
			}
			a := map[string]string{"name": name, "role": c.role, "command": cmd}
			proccmd.RecognizeShell(cmd).AddTo(a)
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: n.Line, Attrs: a})
		}
		if img := docnode.Get(docnode.Get(svc, "image"), "url"); docnode.Scalar(img) != "" {
			out = append(out, imageref.Signals(docnode.Scalar(img), img.Line, nil)...)
		}
	}
	for _, db := range docnode.Items(docnode.Get(root, "databases")) {
		s := stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: "postgresql", Line: db.Line, Version: docnode.Scalar(docnode.Get(db, "postgresMajorVersion"))}
		name := docnode.Scalar(docnode.Get(db, "name"))
		if name != "" {
			s.Attrs = map[string]string{"resource": name}
		}
		out = append(out, s, stack.Signal{Kind: stack.KindFact, Name: stack.FactManagedService, Line: db.Line,
			Attrs: map[string]string{"resource": "database", "name": name, "engine": "postgresql", "provider": "render"}})
	}
	return out, err
}

// AppEngine reads Google App Engine app.yaml files.
var AppEngine = detect.Detector{
	Name: "app-engine",
	Doc: "Reads Google App Engine service files (app.yaml with a top-level runtime): tool google-app-engine; the runtime as a runtime signal " +
		"(python312 gives python 3.12, nodejs20 nodejs 20, java21 java 21, go122 go 1.22, php83 php 8.3, ruby33 ruby 3.3; flexible runtimes " +
		"take runtime_config.runtime_version); automatic_scaling and basic_scaling as an autoscaling fact (kind paas, platform google-app-engine, " +
		"min/max instances); manual_scaling instances as a replicas fact; entrypoint as a web process fact.",
	Files:  []string{"app.yaml", "app.yml"},
	Match:  func(p string) bool { b := path.Base(p); return b == "app.yaml" || b == "app.yml" },
	Detect: detectAppEngine,
}

func detectAppEngine(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	rt := docnode.Get(root, "runtime")
	if docnode.Scalar(rt) == "" {
		// app.yaml is a common name: without runtime it is not App Engine's.
		return nil, nil
	}
	service := docnode.Scalar(docnode.Get(root, "service"))
	if service == "" {
		service = "default"
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "google-app-engine", Line: rt.Line, Attrs: map[string]string{"runtime": docnode.Scalar(rt)}}}
	if name, ver, ok := appEngineRuntime(docnode.Scalar(rt)); ok {
		if v := docnode.Scalar(docnode.Get(docnode.Get(root, "runtime_config"), "runtime_version")); v != "" && ver == "" {
			ver = v
		}
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: ver, Line: rt.Line})
	}
	for _, k := range []string{"automatic_scaling", "basic_scaling"} {
		sc := docnode.Get(root, k)
		if sc == nil {
			continue
		}
		a := map[string]string{"kind": "paas", "platform": "google-app-engine", "target": service}
		for at, key := range map[string]string{"min": "min_instances", "max": "max_instances", "min_num": "min_num_instances", "max_num": "max_num_instances"} {
			if v := docnode.Scalar(docnode.Get(sc, key)); v != "" {
				a[strings.TrimSuffix(at, "_num")] = v
			}
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: yamlnode.Line(docnode.Key(root, k)), Attrs: a})
	}
	if ms := docnode.Get(root, "manual_scaling"); ms != nil {
		a := map[string]string{"workload": service, "source": "paas", "platform": "google-app-engine"}
		if v := docnode.Scalar(docnode.Get(ms, "instances")); v != "" {
			a["count"] = v
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: yamlnode.Line(docnode.Key(root, "manual_scaling")), Attrs: a})
	}
	if ep := docnode.Get(root, "entrypoint"); docnode.Scalar(ep) != "" {
		a := map[string]string{"name": service, "role": "web", "command": docnode.Scalar(ep)}
		proccmd.RecognizeShell(docnode.Scalar(ep)).AddTo(a)
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: ep.Line, Attrs: a})
	}
	return out, err
}

// appEngineRuntime reads App Engine and Cloud Functions runtime ids
// ("python312", "nodejs20", "go122", "php83", "java21").
func appEngineRuntime(rt string) (name, version string, ok bool) {
	rt = strings.ToLower(strings.TrimSpace(rt))
	for _, p := range []struct{ prefix, name string }{
		{"python", "python"}, {"nodejs", "nodejs"}, {"java", "java"}, {"go", "go"}, {"php", "php"}, {"ruby", "ruby"}, {"dotnet", "dotnet"},
	} {
		rest, found := strings.CutPrefix(rt, p.prefix)
		if !found {
			continue
		}
		if !allDigits(rest) {
			return "", "", false
		}
		switch {
		case rest == "":
		case p.name == "nodejs" || p.name == "java":
			version = rest
		case p.name == "dotnet":
			version = rest
			if len(rest) == 1 {
				version += ".0"
			}
		case len(rest) == 1:
			version = rest
		case p.name == "go":
			// go122 is Go 1.22; go111 Go 1.11.
			version = rest[:1] + "." + rest[1:]
		default:
			version = rest[:1] + "." + rest[1:]
		}
		return p.name, version, true
	}
	return "", "", false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ElasticBeanstalk reads AWS Elastic Beanstalk configuration.
var ElasticBeanstalk = detect.Detector{
	Name: "elastic-beanstalk",
	Doc: "Reads AWS Elastic Beanstalk configuration (.ebextensions/*.config and Dockerrun.aws.json): tool aws-elastic-beanstalk; " +
		"in .ebextensions, the aws:autoscaling:asg MinSize/MaxSize option settings as an autoscaling fact (kind asg, platform aws-elastic-beanstalk).",
	Files: []string{"Dockerrun.aws.json", "*.config"},
	Match: func(p string) bool {
		if path.Base(p) == "Dockerrun.aws.json" {
			return true
		}
		return strings.HasSuffix(p, ".config") && (strings.HasPrefix(p, ".ebextensions/") || strings.Contains(p, "/.ebextensions/"))
	},
	Detect: detectBeanstalk,
}

func detectBeanstalk(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "aws-elastic-beanstalk", Line: 1}}
	if strings.HasSuffix(in.Path, ".json") {
		_, err := docnode.JSON(in.Data)
		return out, err
	}
	var root *yaml.Node
	var err error
	if t := strings.TrimSpace(string(in.Data)); strings.HasPrefix(t, "{") {
		root, err = docnode.JSON(in.Data)
	} else {
		root, err = docnode.ParseYAML(in.Data)
	}
	if err != nil {
		return out, err
	}
	opts := docnode.Get(root, "option_settings")
	a := map[string]string{"kind": "asg", "platform": "aws-elastic-beanstalk"}
	line := 0
	set := func(opt, v string, l int) {
		switch opt {
		case "MinSize":
			a["min"], line = v, l
		case "MaxSize":
			a["max"], line = v, l
		}
	}
	// option_settings: a list of {namespace, option_name, value} or a map of namespaces.
	for _, it := range docnode.Items(opts) {
		if docnode.Scalar(docnode.Get(it, "namespace")) == "aws:autoscaling:asg" {
			set(docnode.Scalar(docnode.Get(it, "option_name")), docnode.Scalar(docnode.Get(it, "value")), it.Line)
		}
	}
	docnode.EachPair(docnode.Get(opts, "aws:autoscaling:asg"), func(k, v *yaml.Node) { set(k.Value, docnode.Scalar(v), k.Line) })
	if line > 0 {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: a})
	}
	return out, nil
}

// firebaseRunsCode are the firebase.json products that run the
// repository's code: Cloud Functions, App Hosting (server-side
// rendering), Data Connect (a GraphQL service over Cloud SQL). Hosting
// serves files, and the Firestore, Realtime Database and Storage keys only
// deploy security rules and indexes, which govern client SDKs (a backend's
// Admin SDK bypasses them; it shows as its own dependency).
var firebaseRunsCode = map[string]bool{"functions": true, "apphosting": true, "dataconnect": true}

// firebaseSites returns the public folders of a firebase.json hosting
// value (one site or a list of sites), from the repository root.
func firebaseSites(hosting *yaml.Node, dir string) []string {
	sites := docnode.Items(hosting)
	if hosting != nil && hosting.Kind == yaml.MappingNode {
		sites = []*yaml.Node{hosting}
	}
	var out []string
	for _, h := range sites {
		pub := docnode.Scalar(docnode.Get(h, "public"))
		if pub == "" {
			continue
		}
		if p, ok := repoPath(path.Join(dir, pub)); ok {
			out = append(out, p)
		}
	}
	return out
}

// Firebase reads firebase.json.
var Firebase = detect.Detector{
	Name: "firebase",
	Doc: "Reads Firebase project configuration (firebase.json): tool firebase with the attribute products (hosting, functions, firestore, " +
		"database, storage... as configured), `publish` (the hosting sites' public folders, from the repository root) and `hosting`: " +
		"`functions` when it deploys code (functions, apphosting, dataconnect), else `static` (hosted files and the security rules of " +
		"client SDKs: a front end's, never the backend's); and Cloud Functions runtimes (nodejs20, python312) as runtime signals.",
	Files:  []string{"firebase.json"},
	Match:  func(p string) bool { return path.Base(p) == "firebase.json" },
	Detect: detectFirebase,
}

func detectFirebase(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.JSON(in.Data)
	tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "firebase", Line: 1}
	var products []string
	docnode.EachPair(root, func(k, _ *yaml.Node) {
		switch k.Value {
		case "hosting", "functions", "firestore", "database", "storage", "remoteconfig", "extensions", "dataconnect", "apphosting", "emulators":
			products = append(products, k.Value)
		}
	})

	if len(products) > 0 {
		tool.Attrs = map[string]string{"products": strings.Join(products, ",")}
		if sites := firebaseSites(docnode.Get(root, "hosting"), path.Dir(in.Path)); len(sites) > 0 {
			tool.Attrs[stack.AttrPublish] = strings.Join(sites, ",")
		}
		tool.Attrs[stack.AttrHosting] = stack.HostingStatic
		for _, p := range products {
			if firebaseRunsCode[p] {
				tool.Attrs[stack.AttrHosting] = stack.HostingFunctions
			}
		}
	}
	out := []stack.Signal{tool}
	fns := docnode.Get(root, "functions")
	list := docnode.Items(fns)
	if fns != nil && fns.Kind == yaml.MappingNode {
		list = []*yaml.Node{fns}
	}
	for _, f := range list {
		rt := docnode.Get(f, "runtime")
		if name, ver, ok := appEngineRuntime(docnode.Scalar(rt)); ok {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: ver, Line: rt.Line})
		}
	}
	return out, err
}
