package paas

import (
	"bytes"
	"context"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/dbconfig"
	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/proccmd"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// Kamal reads Kamal deploy configuration (Rails 8's default deployment).
var Kamal = detect.Detector{
	Name: "kamal",
	Doc: "Reads Kamal deploy configuration (config/deploy.yml and destination files config/deploy.<destination>.yml; ERB is blanked first, `<%= … %>` becoming the placeholder ${ERB}, line numbers kept, and a file with ERB that still does not parse is skipped silently): " +
		"tool kamal; each role of `servers` (a list of hosts is the web role) as a service fact (source kamal, image, build kamal: the image is built from the repository) " +
		"and a replicas fact counting its hosts, its `cmd` as a process fact; each accessory's `image` (postgres:16, redis:7) as a docker image with attr accessory " +
		"(the tag's leading version as version); `proxy:` as tool kamal-proxy.",
	Files: []string{"deploy.*"},
	Match: func(p string) bool {
		dir, b := path.Dir(p), path.Base(p)
		if dir != "config" && !strings.HasSuffix(dir, "/config") {
			return false
		}
		return b == "deploy.yml" || b == "deploy.yaml" || strings.HasPrefix(b, "deploy.") && strings.HasSuffix(b, ".yml") && strings.Count(b, ".") == 2
	},
	Detect: detectKamal,
}

func detectKamal(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	data, erb := stripERB(in.Data)
	root, err := docnode.ParseYAML(data)
	if erb {
		// Kamal renders ERB before reading YAML: what does not parse once
		// the tags are blanked may still be valid, so it is no error.
		err = nil
	}
	svc := docnode.Get(root, "service")
	if root == nil || root.Kind != yaml.MappingNode || (svc == nil && docnode.Get(root, "servers") == nil && docnode.Get(root, "accessories") == nil) {
		return nil, err // a destination file may hold only servers or accessories
	}
	service := docnode.Scalar(svc)
	line := yamlnode.Line(docnode.Key(root, "service"))
	if line == 0 {
		line = root.Line
	}
	image := docnode.Scalar(docnode.Get(root, "image"))
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "kamal", Line: line}}
	role := func(name string, k, v *yaml.Node) {
		hosts := docnode.Items(v)
		if hosts == nil {
			hosts = docnode.Items(docnode.Get(v, "hosts"))
		}
		workload := name
		if service != "" {
			workload = service + "-" + name
		}
		attrs := map[string]string{"name": workload, "source": "kamal", "kind": "role", "build": "kamal"}
		if image != "" {
			attrs["image"] = image
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: k.Line, Attrs: attrs},
			stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: k.Line, Attrs: map[string]string{
				"workload": workload, "count": strconv.Itoa(max(len(hosts), 1)), "source": "kamal"}})
		if c := docnode.Get(v, "cmd"); docnode.Scalar(c) != "" {
			a := map[string]string{"name": workload, "role": name, "command": docnode.Scalar(c)}
			if name != "web" {
				a["role"] = "worker"
			}
			proccmd.RecognizeShell(docnode.Scalar(c)).AddTo(a)
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: c.Line, Attrs: a})
		}
	}
	servers := docnode.Get(root, "servers")
	if servers != nil && servers.Kind == yaml.SequenceNode {
		role("web", docnode.Key(root, "servers"), servers)
	}
	docnode.EachPair(servers, func(k, v *yaml.Node) { role(k.Value, k, v) })
	docnode.EachPair(docnode.Get(root, "accessories"), func(k, v *yaml.Node) {
		img := docnode.Get(v, "image")
		if ref := docnode.Scalar(img); ref != "" && !strings.Contains(ref, "$") {
			out = append(out, imageref.Signals(ref, img.Line, map[string]string{"accessory": k.Value, "source": "kamal"})...)
		}
	})
	if p := docnode.Key(root, "proxy"); p != nil {
		out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "kamal-proxy", Line: p.Line})
	}
	return out, err
}

// CloudFoundry reads Cloud Foundry application manifests.
var CloudFoundry = detect.Detector{
	Name: "cloud-foundry",
	Doc: "Reads Cloud Foundry application manifests (manifest.yml|yaml with a top-level `applications` list): tool cloud-foundry; per application " +
		"`instances` (1 when absent; also per `processes` entry) as a replicas fact (source paas, platform cloud-foundry) and a service fact, " +
		"`command` as a process fact, each buildpack named after a language (python_buildpack, nodejs-buildpack, a buildpack URL ending so) as a runtime, `docker.image` as an image, " +
		"and each bound `services` instance whose name holds a datastore word (orders-postgres, redis-cache) as a datastore signal (source cloud-foundry; names are the operator's, so an instance named otherwise is not recognised).",
	Files:  []string{"manifest.yml", "manifest.yaml"},
	Match:  func(p string) bool { b := path.Base(p); return b == "manifest.yml" || b == "manifest.yaml" },
	Detect: detectCloudFoundry,
}

// buildpackRuntimes are the language words of buildpack names.
var buildpackRuntimes = map[string]string{
	"python": "python", "nodejs": "nodejs", "node": "nodejs", "java": "java", "go": "go", "ruby": "ruby", "php": "php",
	"dotnet": "dotnet", "dotnet-core": "dotnet", "r": "r",
}

func detectCloudFoundry(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	apps := docnode.Get(root, "applications")
	if apps == nil || apps.Kind != yaml.SequenceNode {
		return nil, err // manifest.yml is a common name: without applications it is not Cloud Foundry's
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "cloud-foundry", Line: yamlnode.Line(docnode.Key(root, "applications"))}}
	for _, app := range docnode.Items(apps) {
		app = docnode.Resolve(app)
		if app == nil || app.Kind != yaml.MappingNode {
			continue
		}
		name := docnode.Scalar(docnode.Get(app, "name"))
		line := app.Line
		if k := docnode.Key(app, "name"); k != nil {
			line = k.Line
		}
		replicas := func(workload string, n *yaml.Node, l int) {
			count := "1"
			if v := docnode.Scalar(n); v != "" {
				count, l = v, n.Line
			}
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: l, Attrs: map[string]string{
				"workload": workload, "count": count, "source": "paas", "platform": "cloud-foundry"}})
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: line, Attrs: map[string]string{"name": name, "source": "cloud-foundry", "build": "cloud-foundry"}})
		replicas(name, docnode.Get(app, "instances"), line)
		process := func(n *yaml.Node, role string) {
			if c := docnode.Scalar(n); c != "" {
				a := map[string]string{"name": name, "role": role, "command": c}
				proccmd.RecognizeShell(c).AddTo(a)
				out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: n.Line, Attrs: a})
			}
		}
		process(docnode.Get(app, "command"), "web")
		for _, p := range docnode.Items(docnode.Get(app, "processes")) {
			typ := docnode.Scalar(docnode.Get(p, "type"))
			if typ == "" || typ == "web" && docnode.Get(p, "instances") == nil {
				continue
			}
			replicas(name+"-"+typ, docnode.Get(p, "instances"), p.Line)
			role := "worker"
			if typ == "web" {
				role = "web"
			}
			process(docnode.Get(p, "command"), role)
		}
		bps := docnode.Items(docnode.Get(app, "buildpacks"))
		if b := docnode.Get(app, "buildpack"); b != nil {
			bps = append(bps, b)
		}
		for _, b := range bps {
			if rt := buildpackRuntime(docnode.Scalar(b)); rt != "" {
				out = append(out, stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: rt, Line: b.Line, Attrs: map[string]string{"buildpack": docnode.Scalar(b)}})
			}
		}
		if img := docnode.Get(docnode.Get(app, "docker"), "image"); docnode.Scalar(img) != "" {
			out = append(out, imageref.Signals(docnode.Scalar(img), img.Line, map[string]string{"service": name, "source": "cloud-foundry"})...)
		}
		for _, s := range docnode.Items(docnode.Get(app, "services")) {
			n := docnode.Resolve(s)
			sname := docnode.Scalar(n)
			if sname == "" {
				n = docnode.Get(n, "name")
				sname = docnode.Scalar(n)
			}
			if e := dbconfig.NameEngine(sname); e != "" {
				out = append(out, stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: e, Line: n.Line,
					Attrs: map[string]string{"source": "cloud-foundry", "service": sname}})
			}
		}
	}
	return out, err
}

// buildpackRuntime reads the language of a buildpack name or URL:
// python_buildpack, nodejs-buildpack,
// https://github.com/cloudfoundry/java-buildpack.git#v4.6.
func buildpackRuntime(b string) string {
	b = strings.ToLower(strings.TrimSpace(b))
	if i := strings.IndexByte(b, '#'); i >= 0 {
		b = b[:i]
	}
	b = strings.TrimSuffix(strings.TrimSuffix(b, "/"), ".git")
	if i := strings.LastIndexByte(b, '/'); i >= 0 {
		b = b[i+1:]
	}
	for _, suf := range []string{"_buildpack", "-buildpack"} {
		if lang, ok := strings.CutSuffix(b, suf); ok {
			return buildpackRuntimes[lang]
		}
	}
	return ""
}

// maxERBTags bounds the ERB tags blanked in one file.
const maxERBTags = 10000

// stripERB blanks the ERB tags of a template: `<% … %>` is removed
// and `<%= … %>` the placeholder ${ERB} (an unresolved variable to
// every reader of references), newlines inside tags kept so that lines do
// not move. It reports whether the data held any tag; an unclosed tag
// blanks the rest of the data.
func stripERB(data []byte) ([]byte, bool) {
	if !bytes.Contains(data, []byte("<%")) {
		return data, false
	}
	out := make([]byte, 0, len(data))
	rest := data
	for n := 0; n < maxERBTags; n++ {
		i := bytes.Index(rest, []byte("<%"))
		if i < 0 {
			break
		}
		out = append(out, rest[:i]...)
		tag := rest[i:]
		end := bytes.Index(tag[2:], []byte("%>"))
		if end < 0 {
			end = len(tag)
		} else {
			end += 4
		}
		if len(tag) > 2 && tag[2] == '=' {
			out = append(out, "${ERB}"...)
		}
		for _, c := range tag[:end] {
			if c == '\n' {
				out = append(out, '\n')
			}
		}
		rest = tag[end:]
	}
	return append(out, rest...), true
}
