// Package compose detects Docker Compose files: the services they run,
// their images, replicas, healthchecks and commands.
package compose

import (
	"context"
	"errors"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/dockerfile"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Compose files.
var Detector = detect.Detector{
	Name: "compose",
	Doc: "Reads Docker Compose files (`compose.yaml`, `compose.*.yaml`, `docker-compose*.yml`, either extension). " +
		"Emits tool `docker-compose`; per service a docker image (`${VAR:-default}` interpolated to its default; unpinned ones as `unpinned-image` facts unless the service builds that image), " +
		"a `service` fact (name, image, build context relative to the scanned root, dockerfile), `replicas` from `deploy.replicas` or `scale`, " +
		"a `healthcheck` fact (kind compose) unless disabled, and a `process` fact for `command`/`entrypoint` with the server recognised as in Dockerfiles. " +
		"Services in a dev/test profile, files named like `docker-compose.dev.yml`/`compose.override.yaml`, and files under `.devcontainer/` have scope dev.",
	Match:  Match,
	Detect: detectCompose,
}

// Match reports whether a path names a Compose file.
func Match(p string) bool {
	b := path.Base(p)
	if !strings.HasSuffix(b, ".yml") && !strings.HasSuffix(b, ".yaml") {
		return false
	}
	return strings.HasPrefix(b, "docker-compose") || strings.HasPrefix(b, "compose.") || strings.HasPrefix(b, "docker-stack")
}

// devFileWords mark a Compose file for development or tests by name.
var devFileWords = []string{"dev", "development", "test", "tests", "testing", "ci", "local", "override", "debug", "e2e"}

// devFile reports whether the file name says it is for development or tests
// (docker-compose.dev.yml, compose.override.yaml, docker-compose-test.yml).
func devFile(p string) bool {
	if dockerfile.InDevContainer(p) {
		return true
	}
	b := strings.ToLower(path.Base(p))
	b = strings.TrimSuffix(strings.TrimSuffix(b, ".yml"), ".yaml")
	words := strings.FieldsFunc(b, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	for _, w := range words[1:] {
		for _, d := range devFileWords {
			if w == d {
				return true
			}
		}
	}
	return false
}

// devProfiles are Compose profiles whose services are development tooling.
var devProfiles = map[string]bool{"dev": true, "development": true, "test": true, "tests": true, "testing": true, "debug": true, "tools": true, "local": true}

func detectCompose(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	docs, err := yamlnode.Documents(in.Data)
	var out []stack.Signal
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if len(docs) > 0 {
		sigs, e := analyse(in.Path, docs[0])
		out = sigs
		errs = append(errs, e...)
	}
	if devFile(in.Path) {
		for i := range out {
			out[i].Scope = stack.ScopeDev
		}
	}
	return out, errors.Join(errs...)
}

func analyse(file string, root *yaml.Node) ([]stack.Signal, []error) {
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
	var errs []error
	dir := path.Dir(file)
	for _, p := range yamlnode.Pairs(services) {
		sigs, err := service(dir, p.Key, p.Value)
		out = append(out, sigs...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errs
}

func service(dir string, key, svc *yaml.Node) ([]stack.Signal, error) {
	name := key.Value
	if isNull(svc) {
		return nil, nil
	}
	if !yamlnode.IsMap(svc) {
		return nil, detect.Errorf(key.Line, key.Column, "service %q must be a mapping, found %s", name, yamlnode.Describe(svc))
	}
	var out []stack.Signal
	fact := map[string]string{"name": name, "source": "compose"}

	buildCtx, dockerfilePath := build(dir, yamlnode.Get(svc, "build"))
	if buildCtx != "" {
		fact["build"] = buildCtx
		if dockerfilePath != "" {
			fact["dockerfile"] = dockerfilePath
		}
	}
	if img := yamlnode.Get(svc, "image"); img != nil {
		raw := Interpolate(yamlnode.Str(img))
		sigs := dockerfile.ImageSignals(raw, img.Line, map[string]string{"service": name})
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
		if r := dockerfile.ParseImageRef(raw); r.Resolved() {
			fact["image"] = r.String()
		}
	}
	out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactService, Line: key.Line, Attrs: fact})

	if rk, rv := yamlnode.Entry(yamlnode.Get(svc, "deploy"), "replicas"); rk != nil {
		out = append(out, replicas(name, rk, rv))
	} else if rk, rv := yamlnode.Entry(svc, "scale"); rk != nil {
		out = append(out, replicas(name, rk, rv))
	}
	if hk, hv := yamlnode.Entry(svc, "healthcheck"); hk != nil && healthcheckOn(hv) {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactHealthcheck, Line: hk.Line, Attrs: map[string]string{"kind": "compose", "workload": name}})
	}
	if p := process(svc); p != nil {
		p.Attrs["workload"] = name
		out = append(out, *p)
	}
	for _, prof := range yamlnode.Strings(yamlnode.Get(svc, "profiles")) {
		if devProfiles[strings.ToLower(prof)] {
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

// isNull reports whether a value is absent, null or an empty scalar.
func isNull(n *yaml.Node) bool {
	return n == nil || yamlnode.IsScalar(n) && yamlnode.Str(n) == ""
}

func replicas(name string, k, v *yaml.Node) stack.Signal {
	count := Interpolate(yamlnode.Str(v))
	return stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: k.Line, Attrs: map[string]string{"workload": name, "count": count, "source": "compose"}}
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
	p := dockerfile.RecognizeArgs(words)
	if p.Server == "" && ck != nil && ek != nil {
		// An entrypoint script we cannot see; the command may still tell.
		var cw []string
		if yamlnode.IsSeq(cv) {
			cw = yamlnode.Strings(cv)
		} else if s := yamlnode.Str(cv); s != "" {
			cw = []string{"/bin/sh", "-c", s}
		}
		if pc := dockerfile.RecognizeArgs(cw); pc.Server != "" {
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
	if !strings.Contains(s, "$") {
		return s
	}
	return interpolate(s, 0)
}

func interpolate(s string, depth int) string {
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
			if name, def, ok := cutDefault(inner); ok && validVar(name) {
				b.WriteString(interpolate(def, depth+1))
			} else {
				b.WriteString(s[i : end+1])
			}
			i = end
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
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

// cutDefault splits "VAR:-default" or "VAR-default".
func cutDefault(inner string) (name, def string, ok bool) {
	if i := strings.Index(inner, ":-"); i >= 0 {
		return inner[:i], inner[i+2:], true
	}
	if i := strings.IndexByte(inner, '-'); i >= 0 {
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
