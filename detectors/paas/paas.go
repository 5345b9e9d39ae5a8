// Package paas detects platform-as-a-service deployment files: Heroku
// (Procfile, app.json), Fly.io, Render, Google App Engine, Vercel,
// Netlify, Railway, AWS Elastic Beanstalk, the Azure Developer CLI and
// Firebase, with the processes, replica counts and autoscaling they set.
package paas

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/proccmd"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// Procfile reads Heroku-style Procfiles.
var Procfile = detect.Detector{
	Name: "procfile",
	Doc: "Reads Procfiles (`<type>: <command>` lines): tool heroku for a file named exactly Procfile, and a process fact per line with the " +
		"attributes name, role (web, release, or worker for any other type), command, and what the command starts: server (gunicorn, uvicorn, " +
		"puma, node, java, celery, sidekiq...), worker_class (gunicorn -k, sync when neither -k nor a config file is given) and workers. " +
		"Procfile.dev and other variants are development tooling (scope dev, no heroku tool).",
	Files: []string{"Procfile", "Procfile.*"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == "Procfile" || strings.HasPrefix(b, "Procfile.")
	},
	Detect: detectProcfile,
}

func detectProcfile(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	dev := path.Base(in.Path) != "Procfile"
	var out []stack.Signal
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(in.Data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, cmd, ok := strings.Cut(text, ":")
		name = strings.TrimSpace(name)
		if !ok || !validProcName(name) {
			if len(errs) < 5 {
				errs = append(errs, detect.Errorf(line, 1, "expected a process line `<type>: <command>` with a type of letters, digits, _ or -"))
			}
			continue
		}
		cmd = strings.TrimSpace(cmd)
		if len(out) == 0 && !dev {
			out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "heroku", Line: line})
		}
		attrs := map[string]string{"name": name, "role": role(name), "command": cmd}
		proccmd.RecognizeShell(cmd).AddTo(attrs)
		s := stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: line, Attrs: attrs}
		if dev {
			s.Scope = stack.ScopeDev
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, detect.Errorf(line+1, 0, "line too long: %v", err))
	}
	return out, errors.Join(errs...)
}

func validProcName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// HerokuApp reads Heroku app.json manifests.
var HerokuApp = detect.Detector{
	Name: "heroku-app-json",
	Doc: "Reads Heroku app.json manifests that declare a formation or add-ons: tool heroku, a replicas fact per formation process " +
		"(source paas, platform heroku, count = quantity), and add-ons as managed-service facts and datastore signals " +
		"(heroku-postgresql gives postgresql, heroku-redis redis, JawsDB mysql, MemCachier memcached...) or tools (heroku-kafka gives kafka, CloudAMQP rabbitmq).",
	Files:  []string{"app.json"},
	Match:  func(p string) bool { return path.Base(p) == "app.json" },
	Detect: detectAppJSON,
}

// herokuAddons maps add-on service names to catalog ids and whether they
// are datastores (else tools).
var herokuAddons = map[string]struct {
	id        string
	datastore bool
}{
	"heroku-postgresql": {"postgresql", true}, "heroku-redis": {"redis", true}, "heroku-kafka": {"kafka", false},
	"jawsdb": {"mysql", true}, "jawsdb-maria": {"mariadb", true}, "cleardb": {"mysql", true},
	"mongolab": {"mongodb", true}, "ormongo": {"mongodb", true}, "memcachier": {"memcached", true},
	"rediscloud": {"redis", true}, "bonsai": {"elasticsearch", true}, "searchbox": {"elasticsearch", true},
	"cloudamqp": {"rabbitmq", false}, "sentry": {"sentry", false}, "newrelic": {"newrelic", false},
}

func detectAppJSON(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.JSON(in.Data)
	if err != nil {
		// app.json is a common name; only complain when it looks like Heroku's.
		if bytes.Contains(in.Data, []byte(`"formation"`)) || bytes.Contains(in.Data, []byte(`"addons"`)) {
			return nil, err
		}
		return nil, nil
	}
	formation, addons := docnode.Get(root, "formation"), docnode.Get(root, "addons")
	if formation == nil && addons == nil {
		return nil, nil
	}
	line := yamlnode.Line(docnode.Key(root, "formation"))
	if line == 0 {
		line = yamlnode.Line(docnode.Key(root, "addons"))
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "heroku", Line: line}}
	docnode.EachPair(formation, func(k, v *yaml.Node) {
		attrs := map[string]string{"workload": k.Value, "source": "paas", "platform": "heroku"}
		if q := docnode.Scalar(docnode.Get(v, "quantity")); q != "" {
			attrs["count"] = q
		}
		if s := docnode.Scalar(docnode.Get(v, "size")); s != "" {
			attrs["size"] = s
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: k.Line, Attrs: attrs})
	})

	for _, a := range docnode.Items(addons) {
		plan := docnode.Scalar(a)
		if plan == "" {
			plan = docnode.Scalar(docnode.Get(a, "plan"))
		}
		service, tier, _ := strings.Cut(plan, ":")
		if service == "" {
			continue
		}
		attrs := map[string]string{"resource": "heroku-addon", "name": service, "provider": "heroku"}
		if tier != "" {
			attrs["plan"] = tier
		}
		ad, known := herokuAddons[service]
		if known {
			attrs["engine"] = ad.id
		}
		if known && (ad.datastore || ad.id == "kafka" || ad.id == "rabbitmq") {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactManagedService, Line: a.Line, Attrs: attrs})
		}
		switch {
		case known && ad.datastore:
			out = append(out, stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: ad.id, Line: a.Line, Attrs: map[string]string{"resource": service}})
		case known:
			out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: ad.id, Line: a.Line})
		}
	}
	return out, nil
}

// Fly reads Fly.io app configuration.
var Fly = detect.Detector{
	Name: "fly-io",
	Doc: "Reads Fly.io app configuration (fly.toml): tool fly-io; for `[http_service]` and `[[services]]`, an autoscaling fact " +
		"(kind paas, platform fly-io, min = min_machines_running) when auto_stop_machines, auto_start_machines or min_machines_running is set, " +
		"otherwise a replicas fact (source paas); each `[processes]` entry and `[deploy] release_command` as a process fact with the server it starts; " +
		"`[build] image` as an image (with the runtime its tag names and, unpinned, an unpinned-image fact, as every deployed image).",
	Files:  []string{"fly.toml"},
	Match:  func(p string) bool { return path.Base(p) == "fly.toml" },
	Detect: detectFly,
}

func detectFly(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if err := nesting.Check(in.Data, nesting.TOML); err != nil {
		return []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "fly-io", Line: 1}}, err
	}
	var doc map[string]any
	if _, err := toml.Decode(string(in.Data), &doc); err != nil {
		return []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "fly-io", Line: 1}}, tomlError(err)
	}
	app, _ := doc["app"].(string)
	tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "fly-io", Line: max(1, tomlLine(in.Data, "", "app"))}
	if app != "" {
		tool.Attrs = map[string]string{"app": app}
	}
	out := []stack.Signal{tool}
	workload := app
	if workload == "" {
		workload = "app"
	}
	service := func(table string, m map[string]any, line int) {
		attrs := map[string]string{"kind": "paas", "platform": "fly-io", "target": workload}
		auto := false
		for _, k := range []string{"auto_stop_machines", "auto_start_machines"} {
			switch v := m[k].(type) {
			case bool:
				auto = auto || v
			case string:
				auto = auto || (v != "off" && v != "false" && v != "")
			}
		}
		if n, ok := m["min_machines_running"].(int64); ok {
			auto = true
			attrs["min"] = strconv.FormatInt(n, 10)
		}
		if auto {
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: attrs})
			return
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: line, Attrs: map[string]string{"workload": workload, "source": "paas", "platform": "fly-io"}})
	}
	if m, ok := doc["http_service"].(map[string]any); ok {
		service("http_service", m, tomlLine(in.Data, "http_service", ""))
	}
	if svcs, ok := doc["services"].([]map[string]any); ok {
		for i, m := range svcs {
			service("services", m, tomlNthHeader(in.Data, "services", i))
		}
	}
	if procs, ok := doc["processes"].(map[string]any); ok {
		names := make([]string, 0, len(procs))
		for k := range procs {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, name := range names {
			cmd, ok := procs[name].(string)
			if !ok {
				continue
			}
			r := "worker"
			if name == "app" || name == "web" {
				r = "web"
			}
			attrs := map[string]string{"name": name, "role": r, "command": cmd}
			proccmd.RecognizeShell(cmd).AddTo(attrs)
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: tomlLine(in.Data, "processes", name), Attrs: attrs})
		}
	}
	if dep, ok := doc["deploy"].(map[string]any); ok {
		if cmd, ok := dep["release_command"].(string); ok && cmd != "" {
			attrs := map[string]string{"name": "release", "role": "release", "command": cmd}
			proccmd.RecognizeShell(cmd).AddTo(attrs)
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: tomlLine(in.Data, "deploy", "release_command"), Attrs: attrs})
		}
	}
	if b, ok := doc["build"].(map[string]any); ok {
		if img, ok := b["image"].(string); ok && img != "" {
			out = append(out, imageref.Signals(img, tomlLine(in.Data, "build", "image"), nil)...)
		}
	}
	return out, nil
}

// Railway reads Railway service configuration.
var Railway = detect.Detector{
	Name:   "railway",
	Doc:    "Reads Railway service configuration (railway.json, railway.toml): tool railway, `deploy.numReplicas` as a replicas fact (source paas, platform railway) and `deploy.startCommand` as a process fact.",
	Files:  []string{"railway.json", "railway.toml"},
	Match:  func(p string) bool { b := path.Base(p); return b == "railway.json" || b == "railway.toml" },
	Detect: detectRailway,
}

func detectRailway(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "railway", Line: 1}}
	var replicas, start string
	var repLine, startLine int
	if strings.HasSuffix(in.Path, ".toml") {
		if err := nesting.Check(in.Data, nesting.TOML); err != nil {
			return out, err
		}
		var doc map[string]any
		if _, err := toml.Decode(string(in.Data), &doc); err != nil {
			return out, tomlError(err)
		}
		dep, _ := doc["deploy"].(map[string]any)
		if n, ok := dep["numReplicas"].(int64); ok {
			replicas, repLine = strconv.FormatInt(n, 10), tomlLine(in.Data, "deploy", "numReplicas")
		}
		if s, ok := dep["startCommand"].(string); ok {
			start, startLine = s, tomlLine(in.Data, "deploy", "startCommand")
		}
	} else {
		root, err := docnode.JSON(in.Data)
		if err != nil {
			return out, err
		}
		dep := docnode.Get(root, "deploy")
		if n := docnode.Get(dep, "numReplicas"); docnode.Scalar(n) != "" {
			replicas, repLine = docnode.Scalar(n), n.Line
		}
		if n := docnode.Get(dep, "startCommand"); docnode.Scalar(n) != "" {
			start, startLine = docnode.Scalar(n), n.Line
		}
	}
	if replicas != "" {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: repLine, Attrs: map[string]string{"workload": "service", "count": replicas, "source": "paas", "platform": "railway"}})
	}
	if start != "" {
		attrs := map[string]string{"command": start}
		proccmd.RecognizeShell(start).AddTo(attrs)
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: startLine, Attrs: attrs})
	}
	return out, nil
}

// Vercel, Netlify and the other tool-only files.
var (
	// Vercel reads vercel.json (and the legacy now.json).
	Vercel = toolDetector("vercel", "vercel", "vercel.json", "now.json")
	// AzureDeveloperCLI reads azure.yaml, the Azure Developer CLI project file.
	AzureDeveloperCLI = detect.Detector{
		Name: "azure-developer-cli",
		Doc: "Reads Azure Developer CLI project files (azure.yaml with a top-level name or services): tool azure-developer-cli, " +
			"and each service as a service fact (source azd, kind = host such as containerapp, appservice, function, aks; attribute language).",
		Files:  []string{"azure.yaml", "azure.yml"},
		Match:  func(p string) bool { return path.Base(p) == "azure.yaml" || path.Base(p) == "azure.yml" },
		Detect: detectAzd,
	}
)

// toolDetector builds a detector that names a tool when one of the given
// file names is present.
func toolDetector(name, tool string, files ...string) detect.Detector {
	set := map[string]bool{}
	for _, f := range files {
		set[f] = true
	}
	return detect.Detector{
		Name:  name,
		Doc:   "Names the tool " + tool + " when a " + strings.Join(files, " or ") + " file is present (the file's content is not read further).",
		Files: files,
		Match: func(p string) bool { return set[path.Base(p)] },
		Detect: func(context.Context, *detect.Input) ([]stack.Signal, error) {
			return []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: tool, Line: 1}}, nil
		},
	}
}

func detectAzd(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	root, err := docnode.ParseYAML(in.Data)
	if root == nil {
		return nil, nil
	}
	services := docnode.Get(root, "services")
	if docnode.Get(root, "name") == nil && services == nil {
		return nil, err
	}
	line := yamlnode.Line(docnode.Key(root, "name"))
	if line == 0 {
		line = yamlnode.Line(docnode.Key(root, "services"))
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "azure-developer-cli", Line: line}}
	docnode.EachPair(services, func(k, v *yaml.Node) {
		attrs := map[string]string{"name": k.Value, "source": "azd"}
		if h := docnode.Scalar(docnode.Get(v, "host")); h != "" {
			attrs["kind"] = h
		}
		if l := docnode.Scalar(docnode.Get(v, "language")); l != "" {
			attrs["language"] = l
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: k.Line, Attrs: attrs})
	})

	return out, err
}

// tomlError gives a TOML decoding error its position.
func tomlError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return detect.Errorf(pe.Position.Line, pe.Position.Col, "invalid TOML: %s", pe.Message)
	}
	return detect.Errorf(0, 0, "invalid TOML: %v", err)
}

// tomlLine returns the line of `key = ...` inside [table] ("" for the
// top level), or of the table header itself when key is empty; 0 when not
// found. It is a line scanner, good enough for evidence.
func tomlLine(data []byte, table, key string) int {
	cur := ""
	line := 0
	for len(data) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		t := strings.TrimSpace(string(l))
		if strings.HasPrefix(t, "[") {
			cur = tableName(t)
			if key == "" && cur == table {
				return line
			}
			continue
		}
		if key != "" && cur == table && strings.HasPrefix(t, key) {
			rest := strings.TrimLeft(t[len(key):], " \t")
			if strings.HasPrefix(rest, "=") {
				return line
			}
		}
	}
	return 0
}

// tomlNthHeader returns the line of the n-th (0-based) [[table]] header.
func tomlNthHeader(data []byte, table string, n int) int {
	line := 0
	for _, l := range strings.Split(string(data), "\n") {
		line++
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[[") && tableName(t) == table {
			if n == 0 {
				return line
			}
			n--
		}
	}
	return 0
}

func tableName(header string) string {
	h := strings.TrimLeft(header, "[")
	if i := strings.IndexByte(h, ']'); i >= 0 {
		h = h[:i]
	}
	return strings.Trim(strings.TrimSpace(h), `"'`)
}
