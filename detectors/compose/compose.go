// Package compose detects Docker Compose files: the services they run,
// their images, replicas, healthchecks and commands.
package compose

import (
	"bytes"
	"context"
	"errors"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/dockerfile"
	"github.com/stacklint/stacklint/detectors/internal/dotenv"
	"github.com/stacklint/stacklint/detectors/internal/envname"
	"github.com/stacklint/stacklint/detectors/internal/proccmd"
	"github.com/stacklint/stacklint/detectors/internal/secretname"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/imageref"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Compose files.
var Detector = detect.Detector{
	Name: "compose",
	Doc: "Reads Docker Compose files (`compose.yaml`, `compose.*.yaml`, `docker-compose*.yml`, either extension). " +
		"Emits tool `docker-compose`; per service a docker image (tag's leading version as version, full tag in attr `tag`; " +
		"`${VAR}`/`$VAR` taken from the `.env` file next to the Compose file — only for image names, never secret-looking variables — and `${VAR:-default}`/`${VAR-default}` otherwise; " +
		"unpinned ones as `unpinned-image` facts unless the service builds that image), " +
		"the images of a built Dockerfile whose `FROM ${ARG}` is set by the service's `build.args` (attr `build_args`, scope dev for build stages), " +
		"a `service` fact (name, image, build context relative to the scanned root, dockerfile, build target), `replicas` from `deploy.replicas` or `scale`, " +
		"a `healthcheck` fact (kind compose) unless disabled, and a `process` fact for `command`/`entrypoint` with the server recognised as in Dockerfiles. " +
		"Services in a dev/test profile, files named like `docker-compose.dev.yml`/`compose.override.yaml`, and files under `.devcontainer/` have scope dev. " +
		"So has a service that is a development container by content (facts carry attr `dev` with the reason): its command runs a hot-reload watcher, debugger, test runner or code generator (as in Dockerfiles), " +
		"its image is Playwright, Cypress or a code generator, the Dockerfile it builds is a development one by name or content, it sets XDEBUG_* or mounts an Xdebug configuration, " +
		"or it bind-mounts the source it runs (its build context or build-context/src; the Compose folder or ./src into a language runtime image such as node or python). " +
		"A Docker Swarm stack file (docker-stack*.yml, stack.yml, or a file whose services' `deploy:` sets mode, placement, update_config, rollback_config or endpoint_mode, which only Swarm acts on) gives tool `docker-swarm` instead of `docker-compose`, " +
		"and its replicas facts have source swarm, the deploy mode (global mode: count global; replicated without replicas: 1) and placement=true when constraints pin the service. " +
		"When every application service of a file (built there, or a language runtime image) is such a container, the whole file is a development environment and every signal has scope dev. " +
		"A deployment recipe not named like a Compose file is read too: any other YAML file under a contrib/, deploy(ment(s))/, docker/, self-host(ed)/ or install/ folder (Helm values and templates aside) whose top level has a `services` mapping with at least one service naming an `image` or a `build`; " +
		"files named for Playwright, Cypress or code generation (docker-compose.playwright.yml) are dev like the other dev names.",
	Files:  []string{"docker-compose*", "compose.*", "docker-stack*", "stack.yml", "stack.yaml", "*.yml", "*.yaml"},
	Match:  Match,
	Detect: detectCompose,
}

// Match reports whether a path names a Compose file, or a YAML file in a
// folder of deployment recipes that may be one (see Recipe).
func Match(p string) bool {
	return Named(p) || Recipe(p)
}

// Named reports whether a path is named like a Compose file.
func Named(p string) bool {
	b := path.Base(p)
	if !strings.HasSuffix(b, ".yml") && !strings.HasSuffix(b, ".yaml") {
		return false
	}
	return strings.HasPrefix(b, "docker-compose") || strings.HasPrefix(b, "compose.") || strings.HasPrefix(b, "docker-stack") ||
		b == "stack.yml" || b == "stack.yaml"
}

// devFileTools mark a Compose file for development tooling by name; a
// file named after a development environment is one too (envname.Dev).
var devFileTools = []string{"override", "debug", "playwright", "cypress", "codegen", "generate", "generator"}

// devFile reports whether the file name says it is for development or tests
// (docker-compose.dev.yml, compose.override.yaml, docker-compose-test.yml).
func devFile(p string) bool {
	if dockerfile.InDevContainer(p) {
		return true
	}
	b := strings.ToLower(path.Base(p))
	b = strings.TrimSuffix(strings.TrimSuffix(b, ".yml"), ".yaml")
	words := envname.Parts(b)
	if len(words) < 2 {
		return false
	}
	if envname.Dev(strings.Join(words[1:], ".")) {
		return true
	}
	for _, w := range words[1:] {
		if slices.Contains(devFileTools, w) {
			return true
		}
	}
	return false
}

// toolProfiles are Compose profiles whose services are development
// tooling; a profile named after a development environment is one too
// (envname.Dev).
var toolProfiles = map[string]bool{"debug": true, "tools": true}

func detectCompose(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	recipe := !Named(in.Path)
	if recipe && !topLevelServices(in.Data) {
		return nil, nil
	}
	docs, err := yamlnode.Documents(in.Data)
	if recipe && (err != nil || len(docs) == 0 || !composeShaped(docs[0])) {
		return nil, nil // another YAML document: not ours to judge
	}
	var out []stack.Signal
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	var c *composeFile
	if len(docs) > 0 {
		c = &composeFile{path: in.Path, files: in.Files}
		sigs, e := c.analyse(docs[0])
		out = sigs
		errs = append(errs, e...)
	}
	if devFile(in.Path) {
		for i := range out {
			out[i].Scope = stack.ScopeDev
		}
	}
	if c != nil && c.apps > 0 && c.devApps == c.apps {
		// Every application service is a development container: the
		// file is a development environment, its databases included.
		for i := range out {
			out[i].Scope = stack.ScopeDev
			if out[i].Kind == stack.KindFact && out[i].Attr("dev") == "" {
				if out[i].Attrs == nil {
					out[i].Attrs = map[string]string{}
				}
				out[i].Attrs["dev"] = "development environment: " + c.devReason
			}
		}
	}
	return out, errors.Join(errs...)
}

// composeFile is one Compose file being read, with what it may read
// beside it.
type composeFile struct {
	// swarm is set for a Docker Swarm stack file (see swarmLine).
	swarm   bool
	path    string
	files   detect.FileReader
	env     map[string]string
	envRead bool
	// apps counts the services running the application's own code (built
	// here, or a language runtime image); devApps those of them that are
	// development tooling, the first for devReason.
	apps, devApps int
	devReason     string
}

// dotEnv returns the image-safe variables of the `.env` file next to the
// Compose file (read once; nil when there is none). Its values are used
// only to complete image references and build arguments of FROM lines:
// they are never emitted otherwise.
func (c *composeFile) dotEnv() map[string]string {
	if c.envRead {
		return c.env
	}
	c.envRead = true
	if c.files == nil {
		return nil
	}
	data, err := c.files.ReadFile(path.Join(path.Dir(c.path), ".env"))
	if err != nil {
		return nil
	}
	c.env = ParseDotEnv(data)
	return c.env
}

func (c *composeFile) analyse(root *yaml.Node) ([]stack.Signal, []error) {
	file := c.path
	if !yamlnode.IsMap(root) {
		return nil, []error{detect.Errorf(root.Line, root.Column, "a Compose file must be a mapping with a `services` key, found %s", yamlnode.Describe(root))}
	}
	sk, services := yamlnode.Entry(root, "services")
	if sk == nil {
		return nil, nil // an include-only or extension file: nothing to report
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "docker-compose", Line: 1}}
	if isNull(services) {
		return out, nil
	}
	if !yamlnode.IsMap(services) {
		return out, []error{detect.Errorf(sk.Line, sk.Column, "`services` must be a mapping of service names, found %s", yamlnode.Describe(services))}
	}
	if l := swarmLine(file, services); l > 0 {
		// `docker stack deploy` runs it on a swarm, not Compose.
		c.swarm = true
		out[0] = stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "docker-swarm", Line: l}
	}
	var errs []error
	dir := path.Dir(file)
	for _, p := range yamlnode.Pairs(services) {
		sigs, err := c.service(dir, p.Key, p.Value)
		out = append(out, sigs...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errs
}

func (c *composeFile) service(dir string, key, svc *yaml.Node) ([]stack.Signal, error) {
	name := key.Value
	if isNull(svc) {
		return nil, nil
	}
	if !yamlnode.IsMap(svc) {
		return nil, detect.Errorf(key.Line, key.Column, "service %q must be a mapping, found %s", name, yamlnode.Describe(svc))
	}
	var out []stack.Signal
	fact := map[string]string{"name": name, "source": "compose"}

	buildNode := yamlnode.Get(svc, "build")
	buildCtx, dockerfilePath := build(dir, buildNode)
	if buildCtx != "" {
		fact["build"] = buildCtx
		if dockerfilePath != "" {
			fact["dockerfile"] = dockerfilePath
		}
		if t := yamlnode.Str(yamlnode.Get(buildNode, "target")); t != "" && yamlnode.IsMap(buildNode) {
			fact["target"] = t
		}
		out = append(out, c.buildArgImages(name, buildNode, buildCtx, dockerfilePath)...)
	}
	if img := yamlnode.Get(svc, "image"); img != nil {
		raw := yamlnode.Str(img)
		if strings.Contains(raw, "$") {
			raw = InterpolateEnv(raw, c.dotEnv())
		}
		sigs := imageref.Signals(raw, img.Line, map[string]string{"service": name})
		if buildCtx != "" {
			// The service builds this image: it is the application's own.
			var kept []stack.Signal
			for _, s := range sigs {
				if s.Kind == stack.KindImage {
					s.Attrs["built"] = "true"
					kept = append(kept, s)
				}
			}
			sigs = kept
		}
		out = append(out, sigs...)
		if r := imageref.Parse(raw); r.Resolved() {
			fact["image"] = r.String()
		}
	}
	out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: key.Line, Attrs: fact})

	deploy := yamlnode.Get(svc, "deploy")
	if rk, rv := yamlnode.Entry(deploy, "replicas"); rk != nil {
		out = append(out, c.replicas(name, rk, rv, deploy))
	} else if mk, mv := yamlnode.Entry(deploy, "mode"); mk != nil && c.swarm && strings.HasPrefix(yamlnode.Str(mv), "global") {
		// One task on every node of the swarm.
		r := c.replicas(name, mk, mv, deploy)
		r.Attrs["count"] = "global"
		out = append(out, r)
	} else if mk != nil && c.swarm {
		one := &yaml.Node{Kind: yaml.ScalarNode, Value: "1"}
		out = append(out, c.replicas(name, mk, one, deploy)) // replicated mode defaults to one task
	} else if rk, rv := yamlnode.Entry(svc, "scale"); rk != nil {
		out = append(out, c.replicas(name, rk, rv, nil))
	}
	if hk, hv := yamlnode.Entry(svc, "healthcheck"); hk != nil && healthcheckOn(hv) {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactHealthcheck, Line: hk.Line, Attrs: map[string]string{"kind": "compose", "workload": name}})
	}
	if p := process(svc); p != nil {
		p.Attrs["workload"] = name
		out = append(out, *p)
	}
	if reason := c.devService(dir, svc, fact, out); reason != "" {
		for i := range out {
			out[i].Scope = stack.ScopeDev
			if out[i].Kind == stack.KindFact {
				if out[i].Attrs == nil {
					out[i].Attrs = map[string]string{}
				}
				out[i].Attrs["dev"] = reason
			}
		}
	}
	for _, prof := range yamlnode.Strings(yamlnode.Get(svc, "profiles")) {
		if envname.Dev(prof) || toolProfiles[strings.ToLower(prof)] {
			for i := range out {
				out[i].Scope = stack.ScopeDev
				if out[i].Attrs == nil {
					out[i].Attrs = map[string]string{}
				}
				out[i].Attrs["profile"] = prof
			}
			break
		}
	}
	return out, nil
}

// buildArgImages returns the images of the service's Dockerfile whose FROM
// names them through a build argument the service sets in `build.args`
// (`FROM ${BASE_IMAGE}`). Only simple cases: a local build context, the
// Dockerfile readable in the tree, argument values without unresolved
// variables after interpolation.
func (c *composeFile) buildArgImages(name string, b *yaml.Node, ctx, dockerfilePath string) []stack.Signal {
	if c.files == nil || !yamlnode.IsMap(b) || strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") || strings.HasPrefix(ctx, "github.com/") {
		return nil
	}
	argsNode := yamlnode.Get(b, "args")
	args := map[string]string{}
	set := func(k, v string) {
		if k == "" {
			return
		}
		if strings.Contains(v, "$") {
			v = InterpolateEnv(v, c.dotEnv())
		}
		if v != "" && !strings.Contains(v, "$") {
			args[k] = v
		}
	}
	switch {
	case yamlnode.IsMap(argsNode):
		for _, p := range yamlnode.Pairs(argsNode) {
			set(p.Key.Value, yamlnode.Str(p.Value))
		}
	case yamlnode.IsSeq(argsNode):
		for _, a := range yamlnode.Strings(argsNode) {
			if k, v, ok := strings.Cut(a, "="); ok {
				set(k, v)
			}
		}
	}
	if len(args) == 0 {
		return nil
	}
	df := dockerfilePath
	if df == "" {
		df = path.Join(ctx, "Dockerfile")
	}
	data, err := c.files.ReadFile(df)
	if err != nil {
		return nil
	}
	sigs := dockerfile.BuildArgImages(data, args)
	for i := range sigs {
		// The lines are those of the Dockerfile: it is the evidence.
		sigs[i].File = df
		sigs[i].Attrs["service"] = name
		sigs[i].Attrs["build_args"] = "compose"
	}
	return sigs
}

// ParseDotEnv reads a `.env` file (see dotenv.Parse) into the variables
// that may complete an image reference. Variables whose names may hold a
// secret (secretname.Sensitive), unterminated quoted values and values that
// cannot be part of an image reference (holding spaces, quotes or "://")
// are left out: the result must never carry a secret.
func ParseDotEnv(data []byte) map[string]string {
	env := map[string]string{}
	entries, _ := dotenv.Parse(data, false)
	for _, e := range entries {
		k, v := e.Key, e.Value
		if e.Unterminated || !validVar(k) || secretname.Sensitive(k) {
			continue
		}
		if strings.ContainsAny(v, " \t\n\"'") || strings.Contains(v, "://") {
			continue
		}
		env[k] = v
	}
	return env
}

// isNull reports whether a value is absent, null or an empty scalar.
func isNull(n *yaml.Node) bool {
	return n == nil || yamlnode.IsScalar(n) && yamlnode.Str(n) == ""
}

// replicas is the replicas fact of a service: source swarm in a Swarm
// stack file, with its deploy mode and whether placement constraints
// pin it.
func (c *composeFile) replicas(name string, k, v, deploy *yaml.Node) stack.Signal {
	count := Interpolate(yamlnode.Str(v))
	s := stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: k.Line, Attrs: map[string]string{"workload": name, "count": count, "source": "compose"}}
	if c.swarm {
		s.Attrs["source"] = "swarm"
		if m := yamlnode.Str(yamlnode.Get(deploy, "mode")); m != "" {
			s.Attrs["mode"] = m
		}
		if yamlnode.Get(deploy, "placement") != nil {
			s.Attrs["placement"] = "true"
		}
	}
	return s
}

// swarmKeys are `deploy:` keys only Docker Swarm acts on (Compose reads
// replicas and resources too, so they say nothing).
var swarmKeys = []string{"mode", "placement", "update_config", "rollback_config", "endpoint_mode"}

// swarmLine returns the line that makes a Compose-format file a Docker
// Swarm stack (`docker stack deploy`), 0 when it is not one: a file named
// docker-stack*.yml or stack.yml (line 1), else the first service whose
// `deploy:` sets a key only Swarm acts on.
func swarmLine(file string, services *yaml.Node) int {
	b := path.Base(file)
	if strings.HasPrefix(b, "docker-stack") || b == "stack.yml" || b == "stack.yaml" {
		return 1
	}
	for _, p := range yamlnode.Pairs(services) {
		d := yamlnode.Get(p.Value, "deploy")
		for _, k := range swarmKeys {
			if kk, _ := yamlnode.Entry(d, k); kk != nil {
				return kk.Line
			}
		}
	}
	return 0
}

// build returns the build context of a service, relative to the scanned
// root (URLs kept as written), and the Dockerfile path when one is named.
func build(dir string, b *yaml.Node) (ctx, dockerfilePath string) {
	if b == nil {
		return "", ""
	}
	c := ""
	df := ""
	switch {
	case yamlnode.IsScalar(b):
		c = Interpolate(yamlnode.Str(b))
	case yamlnode.IsMap(b):
		c = Interpolate(yamlnode.Str(yamlnode.Get(b, "context")))
		df = Interpolate(yamlnode.Str(yamlnode.Get(b, "dockerfile")))
	default:
		return "", ""
	}
	if c == "" {
		c = "."
	}
	if strings.Contains(c, "://") || strings.HasPrefix(c, "git@") || strings.HasPrefix(c, "github.com/") {
		return c, df
	}
	ctx = path.Join(dir, c)
	if df != "" && !path.IsAbs(df) {
		dockerfilePath = path.Join(ctx, df)
	}
	return ctx, dockerfilePath
}

// healthcheckOn reports whether a healthcheck block enables a check.
func healthcheckOn(h *yaml.Node) bool {
	if !yamlnode.IsMap(h) {
		return false
	}
	if off, ok := yamlnode.Bool(yamlnode.Get(h, "disable")); ok && off {
		return false
	}
	test := yamlnode.Strings(yamlnode.Get(h, "test"))
	if len(test) > 0 && strings.EqualFold(test[0], "NONE") {
		return false
	}
	return true
}

// process builds the FactProcess of a service's entrypoint and command.
func process(svc *yaml.Node) *stack.Signal {
	ek, ev := yamlnode.Entry(svc, "entrypoint")
	ck, cv := yamlnode.Entry(svc, "command")
	if ek == nil && ck == nil {
		return nil
	}
	var words []string
	var text []string
	line := 0
	add := func(k, v *yaml.Node) {
		if k == nil {
			return
		}
		if line == 0 {
			line = k.Line
		}
		if yamlnode.IsSeq(v) {
			args := yamlnode.Strings(v)
			words = append(words, args...)
			text = append(text, strings.Join(args, " "))
			return
		}
		s := yamlnode.Str(v)
		if s == "" {
			return
		}
		words = append(words, "/bin/sh", "-c", s)
		text = append(text, s)
	}
	add(ek, ev)
	add(ck, cv)
	if len(text) == 0 {
		return nil
	}
	p := proccmd.RecognizeArgs(words)
	if p.Server == "" && ck != nil && ek != nil {
		// An entrypoint script we cannot see; the command may still tell.
		var cw []string
		if yamlnode.IsSeq(cv) {
			cw = yamlnode.Strings(cv)
		} else if s := yamlnode.Str(cv); s != "" {
			cw = []string{"/bin/sh", "-c", s}
		}
		if pc := proccmd.RecognizeArgs(cw); pc.Server != "" {
			p = pc
			line = ck.Line
		}
	}
	return &stack.Signal{Kind: stack.KindFact, Name: stack.FactProcess, Line: line, Attrs: p.Attrs(strings.Join(text, " "))}
}

// Interpolate applies Compose variable interpolation as far as the file
// alone allows: `${VAR:-default}` and `${VAR-default}` become the default,
// `$$` becomes `$`; variables without a default (`${VAR}`, `$VAR`,
// `${VAR:?err}`) are left as written, so references holding them stay
// unresolved.
func Interpolate(s string) string {
	return InterpolateEnv(s, nil)
}

// InterpolateEnv is Interpolate with the variables of env (the `.env` file
// next to the Compose file): `${VAR}`, `$VAR`, `${VAR:?err}` and
// `${VAR?err}` take the value of VAR when env has it; `${VAR:-default}`
// takes it when it is set and not empty, `${VAR-default}` when it is set;
// otherwise the default applies as in Interpolate. Variables env does not
// hold are left as written.
func InterpolateEnv(s string, env map[string]string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return interpolate(s, env, 0)
}

func interpolate(s string, env map[string]string, depth int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
			continue
		case '{':
			end := matchingBrace(s, i+1)
			if end < 0 || depth > 8 {
				b.WriteString(s[i:])
				return b.String()
			}
			inner := s[i+2 : end]
			b.WriteString(expand(s[i:end+1], inner, env, depth))
			i = end
			continue
		}
		// $VAR
		j := i + 1
		for j < len(s) && isVarByte(s[j], j == i+1) {
			j++
		}
		if v, ok := env[s[i+1:j]]; ok && j > i+1 {
			b.WriteString(v)
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// expand returns the value of one ${...} expression (inner is what the
// braces hold, whole the expression as written).
func expand(whole, inner string, env map[string]string, depth int) string {
	if validVar(inner) {
		if v, ok := env[inner]; ok {
			return v
		}
		return whole
	}
	if name, def, colon, ok := cutDefault(inner); ok && validVar(name) {
		if v, set := env[name]; set && (v != "" || !colon) {
			return v
		}
		return interpolate(def, env, depth+1)
	}
	if name, _, ok := cutRequired(inner); ok && validVar(name) {
		if v, set := env[name]; set {
			return v
		}
	}
	return whole
}

func isVarByte(c byte, first bool) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || !first && c >= '0' && c <= '9'
}

// matchingBrace returns the index of the } closing the { at open.
func matchingBrace(s string, open int) int {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// cutDefault splits "VAR:-default" (colon true) or "VAR-default".
func cutDefault(inner string) (name, def string, colon, ok bool) {
	if i := strings.Index(inner, ":-"); i >= 0 && validVar(inner[:i]) {
		return inner[:i], inner[i+2:], true, true
	}
	if i := strings.IndexByte(inner, '-'); i >= 0 {
		return inner[:i], inner[i+1:], false, true
	}
	return "", "", false, false
}

// cutRequired splits "VAR:?message" or "VAR?message".
func cutRequired(inner string) (name, msg string, ok bool) {
	if i := strings.Index(inner, ":?"); i >= 0 {
		return inner[:i], inner[i+2:], true
	}
	if i := strings.IndexByte(inner, '?'); i >= 0 {
		return inner[:i], inner[i+1:], true
	}
	return "", "", false
}

func validVar(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// runtimeImages are language runtime and SDK images: a service running one
// without building runs the application's code mounted into it.
var runtimeImages = map[string]bool{
	"node": true, "python": true, "golang": true, "php": true, "ruby": true, "openjdk": true, "eclipse-temurin": true,
	"amazoncorretto": true, "maven": true, "gradle": true, "rust": true, "elixir": true, "oven/bun": true, "denoland/deno": true,
	"mcr.microsoft.com/dotnet/sdk": true, "composer": true,
}

// devService says why a service is a development container, or "": its
// command runs a hot-reload watcher, debugger, test runner or code
// generator (dockerfile.DevCommand); its image is such tooling
// (dockerfile.DevImage); the Dockerfile it builds is one by name or
// content; it enables Xdebug; or it bind-mounts the source it runs (its
// build context, or the Compose folder into a language runtime image).
// It also counts the application services of the file.
func (c *composeFile) devService(dir string, svc *yaml.Node, fact map[string]string, sigs []stack.Signal) string {
	build, image := fact["build"], imageref.Parse(fact["image"]).Name
	runtime := build == "" && runtimeImages[image]
	app := build != "" || runtime
	if app {
		c.apps++
	}
	reason := c.devReasonOf(dir, svc, fact, sigs, build, image, runtime)
	if reason != "" && app {
		c.devApps++
		if c.devReason == "" {
			c.devReason = reason
		}
	}
	return reason
}

func (c *composeFile) devReasonOf(dir string, svc *yaml.Node, fact map[string]string, sigs []stack.Signal, build, image string, runtime bool) string {
	for _, s := range sigs {
		if s.Kind == stack.KindFact && s.Name == stack.FactProcess {
			if r := dockerfile.DevCommand(s.Attr("command")); r != "" {
				return r
			}
		}
	}
	if r := dockerfile.DevImage(image); r != "" {
		return r
	}
	if build != "" && c.files != nil && !strings.Contains(build, "://") {
		df := fact["dockerfile"]
		if df == "" {
			df = path.Join(build, "Dockerfile")
		}
		if dockerfile.DevVariant(df) {
			return "development Dockerfile (" + path.Base(df) + ")"
		}
		if data, err := c.files.ReadFile(df); err == nil {
			if r := dockerfile.DevDockerfile(data); r != "" {
				return r
			}
		}
	}
	for _, p := range yamlnode.Pairs(yamlnode.Get(svc, "environment")) {
		if strings.HasPrefix(strings.ToUpper(p.Key.Value), "XDEBUG_") {
			return "debugger (Xdebug)"
		}
	}
	for _, e := range yamlnode.Strings(yamlnode.Get(svc, "environment")) {
		if strings.HasPrefix(strings.ToUpper(e), "XDEBUG_") {
			return "debugger (Xdebug)"
		}
	}
	for _, src := range bindSources(yamlnode.Get(svc, "volumes")) {
		if strings.Contains(strings.ToLower(src), "xdebug") {
			return "debugger (Xdebug)"
		}
		if !strings.HasPrefix(src, ".") {
			continue
		}
		host := path.Join(dir, src)
		if build != "" && (host == build || host == path.Join(build, "src")) || runtime && (host == dir || host == path.Join(dir, "src")) {
			return "source bind-mounted (" + src + ")"
		}
	}
	return ""
}

// bindSources returns the host paths of a service's bind mounts: the part
// before the first colon of short-syntax entries, `source` of long-syntax
// ones of type bind.
func bindSources(v *yaml.Node) []string {
	var out []string
	for _, n := range yamlnode.Items(v) {
		switch {
		case yamlnode.IsScalar(n):
			src, _, ok := strings.Cut(Interpolate(yamlnode.Str(n)), ":")
			if ok {
				out = append(out, src)
			}
		case yamlnode.IsMap(n):
			if t := yamlnode.Str(yamlnode.Get(n, "type")); t == "" || t == "bind" {
				if src := Interpolate(yamlnode.Str(yamlnode.Get(n, "source"))); src != "" {
					out = append(out, src)
				}
			}
		}
	}
	return out
}

// recipeDirs are folders of deployment recipes: a YAML file there with a
// top-level `services` mapping of images and builds is a Compose file
// whatever its name (contrib/docker/app.yml, deploy/production.yaml).
var recipeDirs = map[string]bool{
	"contrib": true, "deploy": true, "deployment": true, "deployments": true, "docker": true, ".docker": true,
	"selfhost": true, "self-host": true, "selfhosted": true, "self-hosted": true, "self-hosting": true, "install": true,
}

// Recipe reports whether a path is a YAML file, not named like a Compose
// file, in a folder of deployment recipes: a Compose file when its content
// says so. Helm charts (values files, templates) and CI folders are not.
func Recipe(p string) bool {
	b := path.Base(p)
	if !strings.HasSuffix(b, ".yml") && !strings.HasSuffix(b, ".yaml") || Named(p) {
		return false
	}
	if strings.HasPrefix(b, "values") || b == "Chart.yaml" || b == "Chart.yml" {
		return false
	}
	in := false
	for _, dir := range strings.Split(path.Dir(p), "/") {
		switch {
		case dir == "templates" || dir == "charts" || dir == ".github" || dir == "helm":
			return false
		case recipeDirs[strings.ToLower(dir)]:
			in = true
		}
	}
	return in
}

// composeShaped reports whether a document's top level holds a `services`
// mapping in which some service names an image (a string) or a build: a
// Compose file, not another YAML document with a services key.
func composeShaped(root *yaml.Node) bool {
	if !yamlnode.IsMap(root) {
		return false
	}
	services := yamlnode.Get(root, "services")
	if !yamlnode.IsMap(services) {
		return false
	}
	for _, p := range yamlnode.Pairs(services) {
		if !yamlnode.IsMap(p.Value) {
			continue
		}
		if img := yamlnode.Get(p.Value, "image"); img != nil && yamlnode.IsScalar(img) && yamlnode.Str(img) != "" {
			return true
		}
		if yamlnode.Get(p.Value, "build") != nil {
			return true
		}
	}
	return false
}

// topLevelServices reports whether a line of data starts with `services:`:
// a cheap test before parsing a file that is a Compose file only by content.
func topLevelServices(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if bytes.HasPrefix(line, []byte("services:")) {
			return true
		}
	}
	return false
}
