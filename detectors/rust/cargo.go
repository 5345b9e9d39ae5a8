// Package rust detects Rust projects from Cargo files: Cargo.toml (runtime
// rust, edition, dependencies of every kind, workspaces), the presence of
// Cargo.lock and the rust-toolchain pin.
package rust

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// CargoDetector reads Cargo.toml.
var CargoDetector = detect.Detector{
	Name:     "cargo",
	Doc:      "Reads Cargo.toml with BurntSushi/toml: always the runtime rust (version from `rust-version`, the attribute edition from `edition`, workspace-inherited values resolved), each crate of `[dependencies]`, `[target.'cfg(...)'.dependencies]` and `[workspace.dependencies]` as a runtime Cargo package and of `[dev-dependencies]`/`[build-dependencies]` as a dev-scoped one, with its version requirement and the attributes features, optional, target, kind (dev, build), source (git, path), workspace and rename (a `package = \"...\"` rename: the signal carries the real crate name). `[workspace.dependencies]` entries also carry managed=true: they pin versions for the members that inherit them and are no use by themselves. `[workspace] members` becomes a workspace fact. A package building a library and no binary ([lib] or src/lib.rs, neither [[bin]] nor src/main.rs) gets an entry-point fact with kind library. A workspace-only root Cargo.toml is a manifest too.",
	Files:    []string{"Cargo.toml"},
	Match:    func(p string) bool { return path.Base(p) == "Cargo.toml" },
	Manifest: func(string) bool { return true },
	Detect:   detectCargo,
}

// LockDetector notes Cargo.lock files.
var LockDetector = detect.Detector{
	Name:  "cargo-lock",
	Doc:   "Notes a Cargo.lock file (it is not parsed): a lockfile fact with manager=cargo.",
	Files: []string{"Cargo.lock"},
	Match: func(p string) bool { return path.Base(p) == "Cargo.lock" },
	Detect: func(context.Context, *detect.Input) ([]stack.Signal, error) {
		return []stack.Signal{{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": "cargo"}}}, nil
	},
}

func detectCargo(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	rt := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "rust"}
	src := strings.TrimPrefix(string(in.Data), "\ufeff")
	if err := nesting.Check(in.Data, nesting.TOML); err != nil {
		return []stack.Signal{rt}, err
	}
	var doc map[string]any
	if _, err := toml.Decode(src, &doc); err != nil {
		return []stack.Signal{rt}, tomlError(err)
	}
	lines := keyLines(src)
	lineOf := func(parts ...string) int { return lines[strings.Join(parts, "\x00")] }
	var errs []error

	pkg, _ := doc["package"].(map[string]any)
	ws, _ := doc["workspace"].(map[string]any)
	wsPkg, _ := ws["package"].(map[string]any)
	wsDeps, _ := ws["dependencies"].(map[string]any)
	inheritDeps := wsDeps
	if ws == nil && pkg != nil && in.Files != nil {
		// A member crate: inherited fields live in the workspace root above.
		wsPkg, inheritDeps = workspaceRoot(in)
	}

	// inherited returns a [package] field, following `field.workspace = true`.
	inherited := func(field string) (string, int) {
		switch v := pkg[field].(type) {
		case string:
			return v, lineOf("package", field)
		case map[string]any:
			if w, _ := v["workspace"].(bool); w {
				if s, ok := wsPkg[field].(string); ok {
					return s, lineOf("package", field)
				}
			}
			return "", lineOf("package", field)
		}
		if pkg == nil {
			if s, ok := wsPkg[field].(string); ok {
				return s, lineOf("workspace", "package", field)
			}
		}
		return "", 0
	}
	rv, rvLine := inherited("rust-version")
	ed, edLine := inherited("edition")
	rt.Version = rv
	rt.Line = rvLine
	if rt.Line == 0 {
		rt.Line = edLine
	}
	if rt.Line == 0 {
		rt.Line = lineOf("package")
	}
	if rt.Line == 0 {
		rt.Line = lineOf("workspace")
	}
	if ed != "" {
		rt.Attrs = map[string]string{"edition": ed}
	}
	out := []stack.Signal{rt}

	if ws != nil {
		if members, ok := ws["members"].([]any); ok {
			names := make([]string, 0, len(members))
			for _, m := range members {
				if s, ok := m.(string); ok {
					names = append(names, s)
				}
			}
			line := lineOf("workspace", "members")
			if line == 0 {
				line = lineOf("workspace")
			}
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: line, Attrs: map[string]string{"members": strings.Join(names, ","), "manager": "cargo"}})
		}
	}

	type table struct {
		path   []string
		kind   string // "", "dev", "build"
		target string
		deps   map[string]any
	}
	var tables []table
	for _, kind := range []string{"", "dev", "build"} {
		key := depKey(kind)
		if d, ok := doc[key].(map[string]any); ok {
			tables = append(tables, table{path: []string{key}, kind: kind, deps: d})
		}
	}
	if targets, ok := doc["target"].(map[string]any); ok {
		for _, cfg := range sortedKeys(targets) {
			t, _ := targets[cfg].(map[string]any)
			for _, kind := range []string{"", "dev", "build"} {
				key := depKey(kind)
				if d, ok := t[key].(map[string]any); ok {
					tables = append(tables, table{path: []string{"target", cfg, key}, kind: kind, target: cfg, deps: d})
				}
			}
		}
	}
	if wsDeps != nil {
		tables = append(tables, table{path: []string{"workspace", "dependencies"}, kind: "workspace", deps: wsDeps})
	}

	var deps []stack.Signal
	for _, t := range tables {
		for _, name := range sortedKeys(t.deps) {
			line := lineOf(append(append([]string(nil), t.path...), name)...)
			s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoCargo, Name: name, Line: line}
			attrs := map[string]string{}
			switch t.kind {
			case "dev", "build":
				s.Scope = stack.ScopeDev
				attrs["kind"] = t.kind
			case "workspace":
				// [workspace.dependencies] pin versions for members that
				// inherit them: a declaration, not a use.
				attrs["workspace"] = "true"
				attrs["managed"] = "true"
			}
			if t.target != "" {
				attrs["target"] = t.target
			}
			switch v := t.deps[name].(type) {
			case string:
				s.Version = v
			case map[string]any:
				if err := depTable(&s, attrs, v, inheritDeps); err != nil {
					errs = append(errs, detect.Errorf(line, 0, "%s.%s: %v", strings.Join(t.path, "."), name, err))
				}
			default:
				errs = append(errs, detect.Errorf(line, 0, "%s.%s: expected a version string or a table, got %s", strings.Join(t.path, "."), name, typeName(v)))
				continue
			}
			if len(attrs) > 0 {
				s.Attrs = attrs
			}
			deps = append(deps, s)
		}
	}
	sort.SliceStable(deps, func(i, j int) bool { return deps[i].Line < deps[j].Line })
	if pkg != nil && libraryOnly(doc, in) {
		line := lineOf("lib")
		if line == 0 {
			line = lineOf("package")
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactEntryPoint, Line: line,
			Attrs: map[string]string{"kind": stack.EntryLibrary, "detail": "Cargo library crate"}})
	}
	return append(out, deps...), errors.Join(errs...)
}

// libraryOnly reports whether a package builds a library and no binary:
// a [lib] table or a src/lib.rs, and neither [[bin]] nor src/main.rs.
func libraryOnly(doc map[string]any, in *detect.Input) bool {
	if _, ok := doc["bin"]; ok {
		return false
	}
	exists := func(rel string) bool {
		if in.Files == nil {
			return false
		}
		_, err := in.Files.ReadFile(path.Join(path.Dir(in.Path), rel))
		return err == nil
	}
	if exists("src/main.rs") {
		return false
	}
	if _, ok := doc["lib"]; ok {
		return true
	}
	return exists("src/lib.rs")
}

// depTable reads a dependency given as a table.
func depTable(s *stack.Signal, attrs map[string]string, v map[string]any, wsDeps map[string]any) error {
	key := s.Name
	var bad []string
	str := func(k string) string {
		x, ok := v[k]
		if !ok {
			return ""
		}
		if sv, ok := x.(string); ok {
			return sv
		}
		bad = append(bad, k)
		return ""
	}
	s.Version = str("version")
	if p := str("package"); p != "" {
		attrs["rename"] = s.Name
		s.Name = p
	}
	if w, ok := v["workspace"].(bool); ok && w {
		attrs["workspace"] = "true"
		switch wd := wsDeps[key].(type) {
		case string:
			s.Version = wd
		case map[string]any:
			if vv, ok := wd["version"].(string); ok {
				s.Version = vv
			}
			if p, ok := wd["package"].(string); ok && p != "" {
				attrs["rename"] = s.Name
				s.Name = p
			}
		}
	}
	if str("git") != "" {
		attrs["source"] = "git"
	} else if str("path") != "" {
		attrs["source"] = "path"
	}
	if r := str("registry"); r != "" {
		attrs["registry"] = r
	}
	if o, ok := v["optional"].(bool); ok && o {
		attrs["optional"] = "true"
	}
	if fs, ok := v["features"].([]any); ok {
		var names []string
		for _, f := range fs {
			if fsn, ok := f.(string); ok {
				names = append(names, fsn)
			}
		}
		if len(names) > 0 {
			attrs["features"] = strings.Join(names, ",")
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s should be a string", strings.Join(bad, ", "))
	}
	return nil
}

func depKey(kind string) string {
	if kind == "" {
		return "dependencies"
	}
	return kind + "-dependencies"
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func typeName(v any) string {
	switch v.(type) {
	case []any, []map[string]any:
		return "an array"
	case bool:
		return "a boolean"
	case int64, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// tomlError turns a BurntSushi/toml error into a ParseError.
func tomlError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return detect.Errorf(pe.Position.Line, pe.Position.Col, "invalid TOML: %s", pe.Message)
	}
	return detect.Errorf(0, 0, "invalid TOML: %v", err)
}

// workspaceRoot finds the nearest Cargo.toml above in.Path holding a
// [workspace] table, as Cargo does, and returns its workspace.package and
// workspace.dependencies tables.
func workspaceRoot(in *detect.Input) (pkg, deps map[string]any) {
	dir := path.Dir(in.Path)
	for dir != "." && dir != "/" && dir != "" {
		dir = path.Dir(dir)
		data, err := in.Files.ReadFile(path.Join(dir, "Cargo.toml"))
		if err != nil {
			continue
		}
		var doc map[string]any
		if nesting.Check(data, nesting.TOML) != nil {
			return nil, nil
		}
		if _, err := toml.Decode(string(data), &doc); err != nil {
			return nil, nil
		}
		if ws, ok := doc["workspace"].(map[string]any); ok {
			pkg, _ = ws["package"].(map[string]any)
			deps, _ = ws["dependencies"].(map[string]any)
			return pkg, deps
		}
	}
	return nil, nil
}
