// Package dart detects Dart and Flutter projects from pub's files:
// pubspec.yaml (the Dart language and its SDK constraint, dependencies of
// every source, pub workspaces, Flutter's target platforms), pubspec.lock
// (resolved versions of the direct dependencies), melos.yaml (a Melos
// monorepo's packages) and a Serverpod server's config/<mode>.yaml (its
// PostgreSQL and Redis).
package dart

import (
	"context"
	"errors"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// PubspecDetector reads pubspec.yaml.
var PubspecDetector = detect.Detector{
	Name: "pubspec",
	Doc: "Reads pubspec.yaml with go.yaml.in/yaml/v3: always the runtime dart (version from `environment.sdk`; attribute resolution=workspace for a pub workspace member), " +
		"each entry of `dependencies` as a runtime pub package and of `dev_dependencies` as a dev-scoped one, with its version constraint and the attribute source (sdk, path, git or hosted, for a dependency that is not a plain pub.dev constraint) and sdk (the SDK it comes from); " +
		"`dependency_overrides` are not dependencies and are skipped. The Flutter SDK dependency (`flutter: {sdk: flutter}`) takes its version from `environment.flutter` and the attribute platforms: " +
		"the Flutter platforms the package targets, from its platform folders (android/, ios/, macos/, windows/, linux/, web/, each recognised by a file the Flutter templates create) and a plugin's `flutter.plugin.platforms`. " +
		"A pub workspace member's dependencies (not SDK or path ones) take their version from the pubspec.lock of the workspace root, the nearest folder above whose pubspec.yaml has a `workspace` list, with the attributes locked=true, constraint (as written) and lockfile. " +
		"`workspace:` becomes a workspace fact (manager pub), a `melos:` section (Melos 7's configuration) the tool melos. `executables:` gives an entry-point fact with kind command; a package with lib/<name>.dart and no bin/main.dart, bin/<name>.dart, bin/server.dart or lib/main.dart one with kind library. Every pubspec.yaml is a manifest.",
	Files:    []string{"pubspec.yaml"},
	Match:    func(p string) bool { return path.Base(p) == "pubspec.yaml" },
	Manifest: func(string) bool { return true },
	Detect:   detectPubspec,
}

// pubspec is what parsePubspec reads of a pubspec.yaml.
type pubspec struct {
	name      string
	nameLine  int
	sdk       string // environment.sdk
	sdkLine   int
	flutter   string // environment.flutter
	envLine   int
	workspace bool // resolution: workspace
	members   []string
	wsLine    int
	// deps are the dependencies and dev_dependencies, in file order.
	deps        []dep
	executables []string
	execLine    int
	// pluginPlatforms are the platforms of `flutter: plugin: platforms:`.
	pluginPlatforms []string
	// melosLine is the line of a `melos:` section (Melos 7 configures a
	// monorepo in its root pubspec.yaml), 0 when there is none.
	melosLine int
}

// dep is one declared dependency.
type dep struct {
	name, version string
	line          int
	dev           bool
	source, sdk   string
}

func detectPubspec(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	ps, err := parsePubspec(in.Data)
	rt := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "dart", Version: ps.sdk, Line: ps.sdkLine}
	if rt.Line == 0 {
		rt.Line = ps.envLine
	}
	if rt.Line == 0 {
		rt.Line = ps.nameLine
	}
	if ps.workspace {
		rt.Attrs = map[string]string{"resolution": "workspace"}
	}
	out := []stack.Signal{rt}
	if ps.members != nil {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: ps.wsLine,
			Attrs: map[string]string{"members": strings.Join(ps.members, ","), "manager": "pub"}})
	}
	if ps.melosLine > 0 {
		out = append(out, stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "melos", Line: ps.melosLine})
	}
	if len(ps.executables) > 0 {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactEntryPoint, Line: ps.execLine,
			Attrs: map[string]string{"kind": stack.EntryCommand, "detail": "pubspec executables " + strings.Join(ps.executables, ",")}})
	} else if lib := libraryOnly(in, ps.name); lib != "" {
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactEntryPoint, Line: ps.nameLine,
			Attrs: map[string]string{"kind": stack.EntryLibrary, "detail": "Dart library " + lib}})
	}
	var lockPath string
	var locked map[string]string
	if ps.workspace {
		lockPath, locked = workspaceLock(in)
	}
	for _, d := range ps.deps {
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPub, Name: d.name, Version: d.version, Line: d.line}
		if d.dev {
			s.Scope = stack.ScopeDev
		}
		attrs := map[string]string{}
		if d.source != "" {
			attrs["source"] = d.source
		}
		if d.sdk != "" {
			attrs["sdk"] = d.sdk
		}
		if d.name == "flutter" && d.sdk == "flutter" {
			if s.Version == "" {
				s.Version = ps.flutter
			}
			if p := platforms(in, ps.pluginPlatforms); p != "" {
				attrs[stack.AttrPlatforms] = p
			}
		}
		if v, ok := locked[d.name]; ok && d.source != "sdk" && d.source != "path" {
			// A workspace member's version is the one the root's lock resolved.
			if s.Version != "" {
				attrs["constraint"] = s.Version
			}
			s.Version = v
			attrs["locked"] = "true"
			attrs["lockfile"] = lockPath
		}
		if len(attrs) > 0 {
			s.Attrs = attrs
		}
		out = append(out, s)
	}
	return out, err
}

// parsePubspec reads a pubspec.yaml. On malformed input it returns what it
// could read and *detect.ParseError values saying where and what was
// expected.
func parsePubspec(data []byte) (pubspec, error) {
	var ps pubspec
	docs, err := yamlnode.Documents(data)
	if len(docs) == 0 {
		return ps, err
	}
	root := docs[0]
	if !yamlnode.IsMap(root) {
		return ps, errors.Join(err, detect.Errorf(root.Line, root.Column, "a pubspec must be a mapping with keys such as name, environment and dependencies, found %s", yamlnode.Describe(root)))
	}
	errs := []error{err}
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, detect.Errorf(n.Line, n.Column, format, args...))
	}

	if k, v := yamlnode.Entry(root, "name"); k != nil {
		ps.name, ps.nameLine = yamlnode.Str(v), k.Line
	}
	if k, env := yamlnode.Entry(root, "environment"); k != nil {
		ps.envLine = k.Line
		switch {
		case yamlnode.IsMap(env):
			if sk, sv := yamlnode.Entry(env, "sdk"); sk != nil {
				if yamlnode.IsScalar(sv) {
					ps.sdk, ps.sdkLine = strings.TrimSpace(yamlnode.Str(sv)), sk.Line
				} else {
					bad(sk, "environment.sdk: expected a version constraint such as ^3.5.0, found %s", yamlnode.Describe(sv))
				}
			}
			if fk, fv := yamlnode.Entry(env, "flutter"); fk != nil {
				if yamlnode.IsScalar(fv) {
					ps.flutter = strings.TrimSpace(yamlnode.Str(fv))
				} else {
					bad(fk, "environment.flutter: expected a version constraint such as \">=3.24.0\", found %s", yamlnode.Describe(fv))
				}
			}
		case !isNull(env):
			bad(k, "environment: expected a mapping with sdk (and flutter), found %s", yamlnode.Describe(env))
		}
	}
	if yamlnode.Str(yamlnode.Get(root, "resolution")) == "workspace" {
		ps.workspace = true
	}
	if k, ws := yamlnode.Entry(root, "workspace"); k != nil {
		ps.wsLine = k.Line
		ps.members = []string{}
		if !isNull(ws) && !yamlnode.IsSeq(ws) {
			bad(k, "workspace: expected a list of package folders, found %s", yamlnode.Describe(ws))
		}
		for _, m := range yamlnode.Items(ws) {
			if s := yamlnode.Str(m); s != "" && m.Kind == yaml.ScalarNode {
				ps.members = append(ps.members, s)
			} else {
				bad(m, "workspace: expected a package folder, found %s", yamlnode.Describe(m))
			}
		}
	}
	if k, ex := yamlnode.Entry(root, "executables"); k != nil {
		ps.execLine = k.Line
		if !isNull(ex) && !yamlnode.IsMap(ex) {
			bad(k, "executables: expected a mapping of command names to scripts in bin/, found %s", yamlnode.Describe(ex))
		}
		for _, p := range yamlnode.Pairs(ex) {
			ps.executables = append(ps.executables, p.Key.Value)
		}
	}
	if k, _ := yamlnode.Entry(root, "melos"); k != nil {
		ps.melosLine = k.Line
	}
	for _, p := range yamlnode.Pairs(yamlnode.Path(root, "flutter", "plugin", "platforms")) {
		ps.pluginPlatforms = append(ps.pluginPlatforms, p.Key.Value)
	}
	for _, group := range []string{"dependencies", "dev_dependencies"} {
		k, deps := yamlnode.Entry(root, group)
		if k == nil || isNull(deps) {
			continue // absent or empty
		}
		if !yamlnode.IsMap(deps) {
			bad(k, "%s: expected a mapping of package names to version constraints, found %s", group, yamlnode.Describe(deps))
			continue
		}
		for _, p := range yamlnode.Pairs(deps) {
			d, e := readDep(p, group)
			d.dev = group == "dev_dependencies"
			if e != nil {
				errs = append(errs, e)
			}
			if d.name != "" {
				ps.deps = append(ps.deps, d)
			}
		}
	}
	return ps, errors.Join(errs...)
}

// readDep reads one dependency: a constraint string, nothing (any
// version), or a mapping naming its source (sdk, path, git, hosted) and
// perhaps a version.
func readDep(p yamlnode.Pair, group string) (dep, error) {
	d := dep{name: p.Key.Value, line: p.Key.Line}
	if p.Key.Kind != yaml.ScalarNode || d.name == "" {
		return dep{}, detect.Errorf(p.Key.Line, p.Key.Column, "%s: expected a package name, found %s", group, yamlnode.Describe(p.Key))
	}
	v := p.Value
	switch {
	case v == nil:
		return d, nil
	case yamlnode.IsScalar(v):
		d.version = strings.TrimSpace(yamlnode.Str(v))
		return d, nil
	case !yamlnode.IsMap(v):
		return dep{}, detect.Errorf(p.Key.Line, p.Key.Column, "%s.%s: expected a version constraint or a mapping with sdk, path, git, hosted or version, found %s", group, d.name, yamlnode.Describe(v))
	}
	var errs []error
	if vk, vv := yamlnode.Entry(v, "version"); vk != nil {
		if yamlnode.IsScalar(vv) {
			d.version = strings.TrimSpace(yamlnode.Str(vv))
		} else {
			errs = append(errs, detect.Errorf(vk.Line, vk.Column, "%s.%s.version: expected a version constraint, found %s", group, d.name, yamlnode.Describe(vv)))
		}
	}
	known := false
	for _, src := range []string{"sdk", "path", "git", "hosted"} {
		sk, sv := yamlnode.Entry(v, src)
		if sk == nil {
			continue
		}
		known = true
		if d.source == "" {
			d.source = src
		}
		switch src {
		case "sdk":
			if !yamlnode.IsScalar(sv) || yamlnode.Str(sv) == "" {
				errs = append(errs, detect.Errorf(sk.Line, sk.Column, "%s.%s.sdk: expected an SDK name such as flutter, found %s", group, d.name, yamlnode.Describe(sv)))
			}
			d.sdk = yamlnode.Str(sv)
		case "path":
			if !yamlnode.IsScalar(sv) || yamlnode.Str(sv) == "" {
				errs = append(errs, detect.Errorf(sk.Line, sk.Column, "%s.%s.path: expected a folder, found %s", group, d.name, yamlnode.Describe(sv)))
			}
		case "git":
			if !yamlnode.IsScalar(sv) && !yamlnode.IsMap(sv) {
				errs = append(errs, detect.Errorf(sk.Line, sk.Column, "%s.%s.git: expected a repository URL or a mapping with url, ref and path, found %s", group, d.name, yamlnode.Describe(sv)))
			}
		}
	}
	if !known && d.version == "" && len(errs) == 0 {
		errs = append(errs, detect.Errorf(p.Key.Line, p.Key.Column, "%s.%s: expected a version constraint or a mapping with sdk, path, git, hosted or version, found a mapping with none of them", group, d.name))
	}
	return d, errors.Join(errs...)
}

// platformMarkers are, per Flutter platform, files the Flutter templates
// create in its folder: one of them present means the package targets it.
var platformMarkers = []struct {
	platform string
	files    []string
}{
	{"android", []string{"android/app/src/main/AndroidManifest.xml", "android/app/build.gradle", "android/app/build.gradle.kts", "android/build.gradle", "android/build.gradle.kts"}},
	{"ios", []string{"ios/Runner/Info.plist", "ios/Podfile", "ios/Runner.xcodeproj/project.pbxproj"}},
	{"macos", []string{"macos/Runner/Info.plist", "macos/Podfile", "macos/Runner.xcodeproj/project.pbxproj"}},
	{"windows", []string{"windows/CMakeLists.txt", "windows/runner/main.cpp"}},
	{"linux", []string{"linux/CMakeLists.txt", "linux/main.cc", "linux/runner/main.cc"}},
	{"web", []string{"web/index.html", "web/manifest.json"}},
}

// platforms lists, comma-separated and in platformMarkers order, the
// Flutter platforms a package targets: its platform folders and a
// plugin's declared platforms. "" when nothing says.
func platforms(in *detect.Input, plugin []string) string {
	set := map[string]bool{}
	for _, p := range plugin {
		set[strings.ToLower(p)] = true
	}
	if in.Files != nil {
		dir := path.Dir(in.Path)
		for _, m := range platformMarkers {
			if set[m.platform] {
				continue
			}
			for _, f := range m.files {
				if exists(in, path.Join(dir, f)) {
					set[m.platform] = true
					break
				}
			}
		}
	}
	var out []string
	for _, m := range platformMarkers {
		if set[m.platform] {
			out = append(out, m.platform)
		}
	}
	return strings.Join(out, ",")
}

// libraryOnly returns lib/<name>.dart when the package is a library: that
// file exists and no program does (bin/main.dart, bin/<name>.dart,
// bin/server.dart, a Flutter app's lib/main.dart).
func libraryOnly(in *detect.Input, name string) string {
	if in.Files == nil || name == "" || strings.ContainsAny(name, "/\\") {
		return ""
	}
	dir := path.Dir(in.Path)
	lib := "lib/" + name + ".dart"
	if !exists(in, path.Join(dir, lib)) {
		return ""
	}
	for _, prog := range []string{"bin/main.dart", "bin/" + name + ".dart", "bin/server.dart", "lib/main.dart"} {
		if exists(in, path.Join(dir, prog)) {
			return ""
		}
	}
	return lib
}

func exists(in *detect.Input, p string) bool {
	_, err := in.Files.ReadFile(p)
	return err == nil
}

// isNull reports whether n is absent or a null scalar (`key:` with
// nothing after it).
func isNull(n *yaml.Node) bool {
	n = yamlnode.Resolve(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}
