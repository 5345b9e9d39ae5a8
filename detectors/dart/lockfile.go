package dart

import (
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// LockDetector reads pubspec.lock.
var LockDetector = detect.Detector{
	Name: "pubspec-lock",
	Doc: "Reads pubspec.lock with go.yaml.in/yaml/v3: a lockfile fact with manager=pub (attributes direct and transitive: how many packages of each it locks), the tool pub, " +
		"and each direct dependency as a pub package with its resolved version and the attribute locked=true. " +
		"The direct dependencies are those the sibling pubspec.yaml declares (dev_dependencies dev-scoped; a workspace root's lock pins its own), else the entries marked `direct main` and `direct dev`; " +
		"transitive packages, SDK packages (their version is the SDK's) and overrides the pubspec does not declare are not emitted, nor is the `sdks` section.",
	Files:  []string{"pubspec.lock"},
	Match:  func(p string) bool { return path.Base(p) == "pubspec.lock" },
	Detect: detectLock,
}

// lockEntry is one package of pubspec.lock.
type lockEntry struct {
	name, dependency, source, version string
	line                              int
}

func detectLock(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	entries, err := parseLock(in.Data)
	declared := siblingDeps(in) // nil when there is no readable pubspec.yaml
	direct, transitive := 0, 0
	var pkgs []stack.Signal
	for _, e := range entries {
		isDirect := strings.HasPrefix(e.dependency, "direct ")
		if isDirect {
			direct++
		} else {
			transitive++
		}
		dev, emit := false, false
		if declared != nil {
			dev, emit = declared[e.name]
		} else {
			emit = e.dependency == "direct main" || e.dependency == "direct dev"
			dev = e.dependency == "direct dev"
		}
		if !emit || e.source == "sdk" {
			continue
		}
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPub, Name: e.name, Version: e.version, Line: e.line, Attrs: map[string]string{"locked": "true"}}
		if e.source != "" && e.source != "hosted" {
			s.Attrs["source"] = e.source
		}
		if dev {
			s.Scope = stack.ScopeDev
		}
		pkgs = append(pkgs, s)
	}
	out := []stack.Signal{
		{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": "pub", "direct": strconv.Itoa(direct), "transitive": strconv.Itoa(transitive)}},
		{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "pub"},
	}
	return append(out, pkgs...), err
}

// parseLock reads the packages of a pubspec.lock. On malformed input it
// returns what it could read and *detect.ParseError values.
func parseLock(data []byte) ([]lockEntry, error) {
	docs, err := yamlnode.Documents(data)
	if len(docs) == 0 {
		return nil, err
	}
	root := docs[0]
	if !yamlnode.IsMap(root) {
		return nil, errors.Join(err, detect.Errorf(root.Line, root.Column, "a pubspec.lock must be a mapping with a `packages` key, found %s", yamlnode.Describe(root)))
	}
	errs := []error{err}
	k, pkgs := yamlnode.Entry(root, "packages")
	if k == nil || isNull(pkgs) {
		return nil, errors.Join(errs...)
	}
	if !yamlnode.IsMap(pkgs) {
		return nil, errors.Join(append(errs, detect.Errorf(k.Line, k.Column, "packages: expected a mapping of package names to their dependency, source and version, found %s", yamlnode.Describe(pkgs)))...)
	}
	var out []lockEntry
	for _, p := range yamlnode.Pairs(pkgs) {
		name := p.Key.Value
		if p.Key.Kind != yaml.ScalarNode || name == "" {
			errs = append(errs, detect.Errorf(p.Key.Line, p.Key.Column, "packages: expected a package name, found %s", yamlnode.Describe(p.Key)))
			continue
		}
		if !yamlnode.IsMap(p.Value) {
			errs = append(errs, detect.Errorf(p.Key.Line, p.Key.Column, "packages.%s: expected a mapping with dependency, source and version, found %s", name, yamlnode.Describe(p.Value)))
			continue
		}
		e := lockEntry{name: name, line: p.Key.Line}
		for _, f := range []struct {
			key string
			dst *string
		}{{"dependency", &e.dependency}, {"source", &e.source}, {"version", &e.version}} {
			fk, fv := yamlnode.Entry(p.Value, f.key)
			if fk == nil {
				continue
			}
			if !yamlnode.IsScalar(fv) {
				errs = append(errs, detect.Errorf(fk.Line, fk.Column, "packages.%s.%s: expected a string, found %s", name, f.key, yamlnode.Describe(fv)))
				continue
			}
			*f.dst = strings.TrimSpace(yamlnode.Str(fv))
		}
		out = append(out, e)
	}
	return out, errors.Join(errs...)
}

// siblingDeps reads the pubspec.yaml beside the lock and returns its
// dependencies, true for those declared only as dev_dependencies; nil
// when it cannot be read or parsed.
func siblingDeps(in *detect.Input) map[string]bool {
	if in.Files == nil {
		return nil
	}
	data, err := in.Files.ReadFile(path.Join(path.Dir(in.Path), "pubspec.yaml"))
	if err != nil {
		return nil
	}
	ps, err := parsePubspec(data)
	if err != nil && len(ps.deps) == 0 {
		return nil
	}
	out := map[string]bool{}
	for _, d := range ps.deps {
		if dev, ok := out[d.name]; ok {
			out[d.name] = dev && d.dev
		} else {
			out[d.name] = d.dev
		}
	}
	return out
}
