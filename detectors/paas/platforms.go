package paas

import (
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
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
	Match:  func(p string) bool { b := path.Base(p); return b == "render.yaml" || b == "render.yml" },
	Detect: detectRender,
}

var renderRuntimes = map[string]string{
	"node": "nodejs", "python": "python", "go": "go", "ruby": "ruby", "elixir": "elixir", "rust": "rust",
}

func detectRender(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := parseYAML(in.Data)
	if root == nil {
		return nil, err
	}
	line := nodeLine(keyNode(root, "services"))
	if line == 0 {
		line = nodeLine(keyNode(root, "databases"))
	}
	if line == 0 {
		line = 1
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "render", Line: line}}
	for _, svc := range items(get(root, "services")) {
		name := scalar(get(svc, "name"))
		typ := scalar(get(svc, "type"))
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
		rt := get(svc, "runtime")
		if rt == nil {
			rt = get(svc, "env")
		}
		if id := renderRuntimes[scalar(rt)]; id != "" {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: id, Line: rt.Line})
		}
		if n := get(svc, "numInstances"); scalar(n) != "" {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: n.Line, Attrs: map[string]string{"workload": name, "count": scalar(n), "source": "paas", "platform": "render"}})
		}
		if sc := get(svc, "scaling"); sc != nil {
			a := map[string]string{"kind": "paas", "platform": "render", "target": name}
			if v := scalar(get(sc, "minInstances")); v != "" {
				a["min"] = v
			}
			if v := scalar(get(sc, "maxInstances")); v != "" {
				a["max"] = v
			}
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: nodeLine(keyNode(svc, "scaling")), Attrs: a})
		}
		r := "web"
		if typ == "worker" || typ == "cron" {
			r = "worker"
		}
		for _, c := range []struct{ key, role string }{{"startCommand", r}, {"preDeployCommand", "release"}} {
			n := get(svc, c.key)
			cmd := scalar(n)
			if cmd == "" {
				continue
			}
			a := map[string]string{"name": name, "role": c.role, "command": cmd}
			recognise(cmd).attrs(a)
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: n.Line, Attrs: a})
		}
		if img := get(get(svc, "image"), "url"); scalar(img) != "" {
			out = append(out, imageSignal(scalar(img), img.Line))
		}
	}
	for _, db := range items(get(root, "databases")) {
		s := stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: "postgresql", Line: db.Line, Version: scalar(get(db, "postgresMajorVersion"))}
		name := scalar(get(db, "name"))
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
	Match:  func(p string) bool { b := path.Base(p); return b == "app.yaml" || b == "app.yml" },
	Detect: detectAppEngine,
}

func detectAppEngine(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := parseYAML(in.Data)
	rt := get(root, "runtime")
	if scalar(rt) == "" {
		// app.yaml is a common name: without runtime it is not App Engine's.
		return nil, nil
	}
	service := scalar(get(root, "service"))
	if service == "" {
		service = "default"
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "google-app-engine", Line: rt.Line, Attrs: map[string]string{"runtime": scalar(rt)}}}
	if name, ver, ok := appEngineRuntime(scalar(rt)); ok {
		if v := scalar(get(get(root, "runtime_config"), "runtime_version")); v != "" && ver == "" {
			ver = v
		}
		out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: ver, Line: rt.Line})
	}
	for _, k := range []string{"automatic_scaling", "basic_scaling"} {
		sc := get(root, k)
		if sc == nil {
			continue
		}
		a := map[string]string{"kind": "paas", "platform": "google-app-engine", "target": service}
		for at, key := range map[string]string{"min": "min_instances", "max": "max_instances", "min_num": "min_num_instances", "max_num": "max_num_instances"} {
			if v := scalar(get(sc, key)); v != "" {
				a[strings.TrimSuffix(at, "_num")] = v
			}
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: nodeLine(keyNode(root, k)), Attrs: a})
	}
	if ms := get(root, "manual_scaling"); ms != nil {
		a := map[string]string{"workload": service, "source": "paas", "platform": "google-app-engine"}
		if v := scalar(get(ms, "instances")); v != "" {
			a["count"] = v
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: nodeLine(keyNode(root, "manual_scaling")), Attrs: a})
	}
	if ep := get(root, "entrypoint"); scalar(ep) != "" {
		a := map[string]string{"name": service, "role": "web", "command": scalar(ep)}
		recognise(scalar(ep)).attrs(a)
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
		_, err := jsonNode(in.Data)
		return out, err
	}
	var root *yaml.Node
	var err error
	if t := strings.TrimSpace(string(in.Data)); strings.HasPrefix(t, "{") {
		root, err = jsonNode(in.Data)
	} else {
		root, err = parseYAML(in.Data)
	}
	if err != nil {
		return out, err
	}
	opts := get(root, "option_settings")
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
	for _, it := range items(opts) {
		if scalar(get(it, "namespace")) == "aws:autoscaling:asg" {
			set(scalar(get(it, "option_name")), scalar(get(it, "value")), it.Line)
		}
	}
	pairs(get(opts, "aws:autoscaling:asg"), func(k, v *yaml.Node) { set(k.Value, scalar(v), k.Line) })
	if line > 0 {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: a})
	}
	return out, nil
}

// Firebase reads firebase.json.
var Firebase = detect.Detector{
	Name: "firebase",
	Doc: "Reads Firebase project configuration (firebase.json): tool firebase with the attribute products (hosting, functions, firestore, " +
		"database, storage... as configured), and Cloud Functions runtimes (nodejs20, python312) as runtime signals.",
	Match:  func(p string) bool { return path.Base(p) == "firebase.json" },
	Detect: detectFirebase,
}

func detectFirebase(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := jsonNode(in.Data)
	tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "firebase", Line: 1}
	var products []string
	pairs(root, func(k, _ *yaml.Node) {
		switch k.Value {
		case "hosting", "functions", "firestore", "database", "storage", "remoteconfig", "extensions", "dataconnect", "apphosting", "emulators":
			products = append(products, k.Value)
		}
	})
	if len(products) > 0 {
		tool.Attrs = map[string]string{"products": strings.Join(products, ",")}
	}
	out := []stack.Signal{tool}
	fns := get(root, "functions")
	list := items(fns)
	if fns != nil && fns.Kind == yaml.MappingNode {
		list = []*yaml.Node{fns}
	}
	for _, f := range list {
		rt := get(f, "runtime")
		if name, ver, ok := appEngineRuntime(scalar(rt)); ok {
			out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: name, Version: ver, Line: rt.Line})
		}
	}
	return out, err
}
