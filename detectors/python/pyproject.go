package python

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// tomlDoc is a decoded TOML document with the lines of its keys, and the
// signals and errors gathered from it.
type tomlDoc struct {
	m     map[string]any
	lines *tomlLines
	out   []stack.Signal
	errs  []error
}

// table returns the table at the key path, or nil.
func (d *tomlDoc) table(path ...string) map[string]any {
	cur := d.m
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

func (d *tomlDoc) errorf(line int, format string, args ...any) {
	d.errs = append(d.errs, detect.Errorf(line, 0, format, args...))
}

func (d *tomlDoc) signal(s stack.Signal) {
	d.out = append(d.out, s)
}

// pep508Array reads an array of PEP 508 strings at the key path.
func (d *tomlDoc) pep508Array(v any, scope, group string, path ...string) {
	arr, ok := v.([]any)
	if !ok {
		d.errorf(d.lines.keyLine(path...), "%s must be an array of requirement strings, found %s", strings.Join(path, "."), tomlType(v))
		return
	}
	cur := d.lines.cursor(path...)
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			// PEP 735 {include-group = "..."} tables and the like.
			if _, isTable := e.(map[string]any); !isTable {
				d.errorf(d.lines.keyLine(path...), "%s must hold requirement strings, found %s", strings.Join(path, "."), tomlType(e))
			}
			continue
		}
		line := cur.find(s)
		r, msg := ParseRequirement(s)
		if msg != "" {
			d.errorf(line, "%s: %s", strings.Join(path, "."), msg)
			continue
		}
		sig := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPyPI, Name: Normalize(r.Name), Version: r.Specifier, Scope: scope, Line: line}
		setAttr(&sig, "extras", r.Extras)
		setAttr(&sig, "marker", r.Marker)
		setAttr(&sig, "group", group)
		if r.URL {
			setAttr(&sig, "source", "url")
		}
		d.signal(sig)
	}
}

// groups reads a table of named PEP 508 arrays (optional-dependencies,
// dependency-groups). Group names that say dev, test, lint, docs, typing...
// (isDevName) give scope dev, others runtime (Redash's all_ds group holds
// database connectors its production image installs); allDev makes every
// group dev. Each signal has the attr group.
func (d *tomlDoc) groups(v any, allDev bool, path ...string) {
	t, ok := v.(map[string]any)
	if !ok {
		d.errorf(d.lines.keyLine(path...), "%s must be a table of named requirement arrays, found %s", strings.Join(path, "."), tomlType(v))
		return
	}
	for _, g := range sortedKeys(t) {
		scope := ""
		if allDev || isDevName(g) {
			scope = stack.ScopeDev
		}
		d.pep508Array(t[g], scope, g, append(append([]string(nil), path...), g)...)
	}
}

// nameTable reads a table mapping package names to versions or to tables
// with a version (Poetry dependencies, Pipfile packages). The key python
// (Poetry) is the runtime.
func (d *tomlDoc) nameTable(v any, scope, group string, path ...string) {
	t, ok := v.(map[string]any)
	if !ok {
		d.errorf(d.lines.keyLine(path...), "%s must be a table of package names, found %s", strings.Join(path, "."), tomlType(v))
		return
	}
	for _, name := range sortedKeys(t) {
		kp := append(append([]string(nil), path...), name)
		line := d.lines.keyLine(kp...)
		ver, attrs, msg := depValue(t[name])
		if msg != "" {
			d.errorf(line, "%s.%s: %s", strings.Join(path, "."), name, msg)
		}
		if strings.EqualFold(name, "python") {
			d.signal(stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: ver, Line: line})
			continue
		}
		if nameLen(name) != len(name) {
			d.errorf(line, "%q is not a valid package name", name)
			continue
		}
		sig := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoPyPI, Name: Normalize(name), Version: ver, Scope: scope, Line: line, Attrs: attrs}
		setAttr(&sig, "group", group)
		d.signal(sig)
	}
}

// depValue reads a Poetry or Pipfile dependency value: "^1.2", "*",
// {version = "...", extras = [...], optional = true, git = "..."}, or an
// array of such tables (multiple constraints).
func depValue(v any) (version string, attrs map[string]string, msg string) {
	switch x := v.(type) {
	case string:
		return cleanVersion(x), nil, ""
	case map[string]any:
		attrs = map[string]string{}
		if s, ok := x["version"].(string); ok {
			version = cleanVersion(s)
		}
		if ex, ok := x["extras"].([]any); ok {
			var names []string
			for _, e := range ex {
				if s, ok := e.(string); ok {
					names = append(names, s)
				}
			}
			if len(names) > 0 {
				attrs["extras"] = strings.Join(names, ",")
			}
		}
		if b, ok := x["optional"].(bool); ok && b {
			attrs["optional"] = "true"
		}
		if b, ok := x["editable"].(bool); ok && b {
			attrs["editable"] = "true"
		}
		if s, ok := x["markers"].(string); ok && s != "" {
			attrs["marker"] = s
		}
		switch {
		case x["git"] != nil || x["hg"] != nil || x["svn"] != nil || x["bzr"] != nil:
			attrs["source"] = "vcs"
		case x["path"] != nil || x["file"] != nil:
			attrs["source"] = "path"
		case x["url"] != nil:
			attrs["source"] = "url"
		}
		if len(attrs) == 0 {
			attrs = nil
		}
		return version, attrs, ""
	case []any:
		var vs []string
		for _, e := range x {
			ev, _, m := depValue(e)
			if m != "" {
				return "", nil, m
			}
			if ev != "" {
				vs = append(vs, ev)
			}
		}
		return strings.Join(vs, " || "), nil, ""
	}
	return "", nil, fmt.Sprintf("expected a version string or a table with a version, found %s", tomlType(v))
}

// cleanVersion trims a version and drops the wildcard "*" (any version).
func cleanVersion(s string) string {
	s = strings.TrimSpace(s)
	if s == "*" {
		return ""
	}
	return s
}

func setAttr(s *stack.Signal, k, v string) {
	if v == "" {
		return
	}
	if s.Attrs == nil {
		s.Attrs = map[string]string{}
	}
	s.Attrs[k] = v
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func tomlType(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// ParsePyproject reads a pyproject.toml file: PEP 621 [project]
// (dependencies, optional-dependencies, requires-python), [build-system]
// requires, PEP 735 [dependency-groups], Poetry's [tool.poetry] tables,
// [tool.uv] and [tool.pdm]. It always emits the runtime python (line 1).
func ParsePyproject(data []byte) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Line: 1}}
	text := strings.TrimPrefix(string(data), "\ufeff")
	m, err := decodeTOML(text)
	if err != nil {
		return out, err
	}
	d := &tomlDoc{m: m, lines: newTOMLLines(text), out: out}

	if p := d.table("project"); p != nil {
		if v, ok := p["requires-python"]; ok {
			if s, ok := v.(string); ok {
				d.signal(stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: strings.TrimSpace(s), Line: d.lines.keyLine("project", "requires-python")})
			} else {
				d.errorf(d.lines.keyLine("project", "requires-python"), "project.requires-python must be a string such as \">=3.11\", found %s", tomlType(v))
			}
		}
		if v, ok := p["dependencies"]; ok {
			d.pep508Array(v, "", "", "project", "dependencies")
		}
		if v, ok := p["optional-dependencies"]; ok {
			// Extras are installed only on request: optional=true.
			from := len(d.out)
			d.groups(v, false, "project", "optional-dependencies")
			for i := from; i < len(d.out); i++ {
				setAttr(&d.out[i], "optional", "true")
			}
		}
	}
	if b := d.table("build-system"); b != nil {
		if v, ok := b["requires"]; ok {
			d.pep508Array(v, stack.ScopeDev, "build-system", "build-system", "requires")
		}
	}
	if v, ok := m["dependency-groups"]; ok {
		d.groups(v, false, "dependency-groups")
	}

	if poetry := d.table("tool", "poetry"); poetry != nil {
		d.signal(stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "poetry", Line: d.lines.keyLine("tool", "poetry")})
		if v, ok := poetry["dependencies"]; ok {
			d.nameTable(v, "", "", "tool", "poetry", "dependencies")
		}
		if v, ok := poetry["dev-dependencies"]; ok {
			d.nameTable(v, stack.ScopeDev, "dev", "tool", "poetry", "dev-dependencies")
		}
		if gs, ok := poetry["group"].(map[string]any); ok {
			for _, g := range sortedKeys(gs) {
				gt, ok := gs[g].(map[string]any)
				if !ok {
					continue
				}
				v, ok := gt["dependencies"]
				if !ok {
					continue
				}
				scope := ""
				if isDevName(g) {
					scope = stack.ScopeDev
				}
				d.nameTable(v, scope, g, "tool", "poetry", "group", g, "dependencies")
			}
		}
	}
	if uv := d.table("tool", "uv"); uv != nil {
		d.signal(stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "uv", Line: d.lines.keyLine("tool", "uv")})
		if v, ok := uv["dev-dependencies"]; ok {
			d.pep508Array(v, stack.ScopeDev, "dev", "tool", "uv", "dev-dependencies")
		}
		if ws, ok := uv["workspace"].(map[string]any); ok {
			d.workspace(ws["members"], "tool", "uv", "workspace", "members")
		}
	}
	if pdm := d.table("tool", "pdm"); pdm != nil {
		d.signal(stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "pdm", Line: d.lines.keyLine("tool", "pdm")})
		if v, ok := pdm["dev-dependencies"]; ok {
			d.groups(v, true, "tool", "pdm", "dev-dependencies")
		}
	}
	d.entryPoints()
	return d.out, errors.Join(d.errs...)
}

// workspace emits a workspace fact for an array of member globs.
func (d *tomlDoc) workspace(v any, path ...string) {
	arr, ok := v.([]any)
	if !ok {
		return
	}
	var members []string
	for _, e := range arr {
		if s, ok := e.(string); ok && s != "" {
			members = append(members, s)
		}
	}
	d.signal(stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: d.lines.keyLine(path...), Attrs: map[string]string{"members": strings.Join(members, ",")}})
}

// ParsePipfile reads a Pipfile: [packages] (runtime), [dev-packages] (dev)
// and [requires] python_version or python_full_version. It always emits
// the runtime python (line 1) and the tool pipenv.
func ParsePipfile(data []byte) ([]stack.Signal, error) {
	out := []stack.Signal{
		{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Line: 1},
		{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "pipenv", Line: 1},
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	m, err := decodeTOML(text)
	if err != nil {
		return out, err
	}
	d := &tomlDoc{m: m, lines: newTOMLLines(text), out: out}
	if req := d.table("requires"); req != nil {
		for _, k := range []string{"python_full_version", "python_version"} {
			if s, ok := req[k].(string); ok && s != "" {
				d.signal(stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "python", Version: strings.TrimSpace(s), Line: d.lines.keyLine("requires", k)})
				break
			}
		}
	}
	if v, ok := m["packages"]; ok {
		d.nameTable(v, "", "", "packages")
	}
	if v, ok := m["dev-packages"]; ok {
		d.nameTable(v, stack.ScopeDev, "", "dev-packages")
	}
	return d.out, errors.Join(d.errs...)
}
