package gradle

import (
	"context"
	"errors"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// CatalogDetector reads Gradle version catalogs (gradle/libs.versions.toml).
var CatalogDetector = detect.Detector{
	Name: "gradle-catalog",
	Doc: "Reads Gradle version catalogs (gradle/*.versions.toml) with BurntSushi/toml: each [libraries] entry (`module = \"group:artifact\"`, `group`/`name`, or the \"group:artifact:version\" shorthand; `version.ref` resolved from [versions]) as a maven package `group:artifact` with attr catalog=<alias>, and each [plugins] entry as a maven `plugin:<id>` signal with role=plugin. " +
		"A catalog only declares: its signals are dev scope, and the build scripts that use an entry (`libs.xxx`, resolved through the same catalog) carry the real scope. It is not a manifest.",
	Files:  []string{"*.toml"},
	Match:  matchCatalog,
	Detect: detectCatalog,
}

func matchCatalog(p string) bool {
	return strings.HasSuffix(p, ".versions.toml") && path.Base(path.Dir(p)) == "gradle"
}

// catalogLib is one [libraries] entry.
type catalogLib struct {
	alias, group, name, version string
	line                        int
}

// catalogPlugin is one [plugins] entry.
type catalogPlugin struct {
	alias, id, version string
	line               int
}

// catalog is a parsed version catalog, keyed by normalised accessor
// (`spring-boot_starter.web` → "spring.boot.starter.web").
type catalog struct {
	file     string
	versions map[string]string
	libs     map[string]catalogLib
	bundles  map[string][]string
	plugins  map[string]catalogPlugin
	libOrder []string
	plOrder  []string
}

// accessor normalises an alias or accessor path: lowercase, with -, _ and
// . all turned into dots.
func accessor(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return '.'
		}
		return r
	}, s)
}

// parseCatalog reads a version catalog. On a TOML error it returns nil
// and a ParseError.
func parseCatalog(data []byte) (*catalog, error) {
	if err := nesting.Check(data, nesting.TOML); err != nil {
		return nil, err
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, detect.Errorf(pe.Position.Line, pe.Position.Col, "invalid TOML: %s", pe.Message)
		}
		return nil, detect.Errorf(0, 0, "invalid TOML: %v", err)
	}
	lines := tomlKeyLines(data)
	c := &catalog{versions: map[string]string{}, libs: map[string]catalogLib{}, bundles: map[string][]string{}, plugins: map[string]catalogPlugin{}}
	if vs, ok := raw["versions"].(map[string]any); ok {
		for k, v := range vs {
			c.versions[k] = versionValue(v)
		}
	}
	ref := func(v any) string {
		m, ok := v.(map[string]any)
		if !ok {
			return versionValue(v)
		}
		if r, ok := m["ref"].(string); ok {
			if x, ok := c.versions[r]; ok {
				return x
			}
			return ""
		}
		return versionValue(m)
	}
	if ls, ok := raw["libraries"].(map[string]any); ok {
		for _, k := range sortedKeys(ls) {
			l := catalogLib{alias: k, line: lines["libraries."+k]}
			switch v := ls[k].(type) {
			case string:
				parts := strings.Split(v, ":")
				if len(parts) >= 2 {
					l.group, l.name = parts[0], parts[1]
				}
				if len(parts) >= 3 {
					l.version = parts[2]
				}
			case map[string]any:
				if m, ok := v["module"].(string); ok {
					l.group, l.name, _ = strings.Cut(m, ":")
				} else {
					l.group, _ = v["group"].(string)
					l.name, _ = v["name"].(string)
				}
				if r, ok := v["version.ref"].(string); ok {
					l.version = c.versions[r]
				} else if vv, ok := v["version"]; ok {
					l.version = ref(vv)
				}
			}
			if l.group == "" || l.name == "" {
				continue
			}
			c.libs[accessor(k)] = l
			c.libOrder = append(c.libOrder, accessor(k))
		}
	}
	if bs, ok := raw["bundles"].(map[string]any); ok {
		for k, v := range bs {
			if arr, ok := v.([]any); ok {
				for _, a := range arr {
					if s, ok := a.(string); ok {
						c.bundles[accessor(k)] = append(c.bundles[accessor(k)], accessor(s))
					}
				}
			}
		}
	}
	if ps, ok := raw["plugins"].(map[string]any); ok {
		for _, k := range sortedKeys(ps) {
			p := catalogPlugin{alias: k, line: lines["plugins."+k]}
			switch v := ps[k].(type) {
			case string:
				p.id, p.version, _ = strings.Cut(v, ":")
			case map[string]any:
				p.id, _ = v["id"].(string)
				if r, ok := v["version.ref"].(string); ok {
					p.version = c.versions[r]
				} else if vv, ok := v["version"]; ok {
					p.version = ref(vv)
				}
			}
			if p.id == "" {
				continue
			}
			c.plugins[accessor(k)] = p
			c.plOrder = append(c.plOrder, accessor(k))
		}
	}
	return c, nil
}

// versionValue renders a catalog version: a string, or a rich version
// table's strictly/require/prefer.
func versionValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		for _, k := range []string{"strictly", "require", "prefer"} {
			if s, ok := x[k].(string); ok {
				return s
			}
		}
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// tomlKeyLines maps "table.key" to the line of each key defined directly
// in a [table] section (simple or quoted keys; dotted keys by first part).
func tomlKeyLines(data []byte) map[string]int {
	out := map[string]int{}
	table := ""
	for i, raw := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(raw)
		if l == "" || l[0] == '#' {
			continue
		}
		if l[0] == '[' {
			end := strings.IndexByte(l, ']')
			if end > 0 {
				table = strings.TrimSpace(strings.Trim(l[:end], "[]"))
			}
			continue
		}
		var key string
		switch l[0] {
		case '"', '\'':
			if end := strings.IndexByte(l[1:], l[0]); end >= 0 {
				key = l[1 : end+1]
			}
		default:
			end := strings.IndexAny(l, "=. \t")
			if end > 0 {
				key = l[:end]
			}
		}
		if key == "" || !strings.Contains(l, "=") {
			continue
		}
		if _, ok := out[table+"."+key]; !ok {
			out[table+"."+key] = i + 1
		}
	}
	return out
}

func detectCatalog(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	c, err := parseCatalog(in.Data)
	if err != nil {
		return nil, err
	}
	var out []stack.Signal
	for _, k := range c.libOrder {
		l := c.libs[k]
		out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: l.group + ":" + l.name, Version: l.version, Line: l.line,
			Scope: stack.ScopeDev, Attrs: map[string]string{"catalog": l.alias}})
	}
	for _, k := range c.plOrder {
		p := c.plugins[k]
		out = append(out, stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoMaven, Name: "plugin:" + p.id, Version: p.version, Line: p.line,
			Scope: stack.ScopeDev, Attrs: map[string]string{"role": "plugin", "catalog": p.alias}})
	}
	return out, nil
}

// findCatalog reads gradle/libs.versions.toml from the build file's folder
// or the nearest folder above it. It returns nil when there is none.
func findCatalog(in *detect.Input) *catalog {
	if in.Files == nil {
		return nil
	}
	dir := path.Dir(in.Path)
	for range 32 {
		file := path.Join(dir, "gradle", "libs.versions.toml")
		if data, err := in.Files.ReadFile(file); err == nil {
			c, err := parseCatalog(data)
			if err != nil {
				return nil
			}
			c.file = file
			return c
		}
		if dir == "." || dir == "/" || dir == "" {
			return nil
		}
		dir = path.Dir(dir)
	}
	return nil
}
