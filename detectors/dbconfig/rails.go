package dbconfig

import (
	"context"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/lazyregexp"
	"github.com/stacklint/stacklint/internal/stack"
)

// Rails reads config/database.yml.
var Rails = detect.Detector{
	Name:  "rails-database",
	Doc:   "Reads Rails config/database.yml (and its .example/.sample copies) after blanking ERB tags: the `adapter` of every environment (postgresql, mysql2, trilogy, sqlite3, sqlserver, oracle_enhanced...; `<<: *default` merges and multi-database environments followed) and the scheme of a literal `url`, as datastore signals with the attributes source=rails-database-yml, adapter and environments. An adapter used only by development/test environments is dev-scoped; one used by production, another environment or only the `default` anchor is runtime. Falls back to a line scan when the YAML does not parse.",
	Files: []string{"database.yml", "database.yml.example", "database.yml.sample", "database.yml.dist", "database.example.yml"},
	Match: func(p string) bool {
		switch path.Base(p) {
		case "database.yml", "database.yml.example", "database.yml.sample", "database.yml.dist", "database.example.yml":
			return path.Base(path.Dir(p)) == "config"
		}
		return false
	},
	Detect: detectRails,
}

var reERB = lazyregexp.New(`(?s)<%.*?%>`)

// stripERB blanks ERB tags, keeping newlines so lines stay right.
func stripERB(data []byte) []byte {
	return reERB.ReplaceAllFunc(data, func(m []byte) []byte {
		out := make([]byte, len(m))
		for i, c := range m {
			if c == '\n' {
				out[i] = '\n'
			} else {
				out[i] = ' '
			}
		}
		return out
	})
}

type railsHit struct {
	engine, adapter string
	line            int
}

func detectRails(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	data := stripERB(in.Data)
	docs, err := yamlDocs(data)
	type use struct {
		hit  railsHit
		envs []string
	}
	uses := map[int]*use{}
	record := func(env string, h railsHit) {
		u := uses[h.line]
		if u == nil {
			u = &use{hit: h}
			uses[h.line] = u
		}
		for _, e := range u.envs {
			if e == env {
				return
			}
		}
		u.envs = append(u.envs, env)
	}
	if err != nil {
		for _, h := range railsLineScan(string(data)) {
			record(h.env, h.railsHit)
		}
	} else {
		for _, d := range docs {
			root := resolve(d)
			if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
				root = resolve(root.Content[0])
			}
			if root == nil || root.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(root.Content); i += 2 {
				env := root.Content[i].Value
				for _, h := range railsAdapters(root.Content[i+1], 0) {
					record(env, h)
				}
			}
		}
	}
	lines := make([]int, 0, len(uses))
	for l := range uses {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	var out []stack.Signal
	for _, l := range lines {
		u := uses[l]
		envs := u.envs
		if len(envs) > 1 {
			var rest []string
			for _, e := range envs {
				if !isDefaultEnv(e) {
					rest = append(rest, e)
				}
			}
			envs = rest
		}
		dev := len(envs) > 0
		for _, e := range envs {
			if !isDevName(e) || isDefaultEnv(e) {
				dev = false
			}
		}
		sort.Strings(envs)
		out = append(out, signal(u.hit.engine, l, dev, "source", "rails-database-yml", "adapter", u.hit.adapter, "environments", strings.Join(envs, ",")))
	}
	return out, err
}

func isDefaultEnv(e string) bool {
	switch strings.ToLower(e) {
	case "default", "defaults", "common", "base", "shared":
		return true
	}
	return false
}

// railsAdapters finds the adapters (and url schemes) of one environment,
// following merges, and nested databases one level down.
func railsAdapters(n *yaml.Node, depth int) []railsHit {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > 3 {
		return nil
	}
	var out []railsHit
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if v == nil {
			continue
		}
		switch {
		case k.Value == "<<":
			if v.Kind == yaml.SequenceNode {
				for _, c := range v.Content {
					out = append(out, railsAdapters(c, depth+1)...)
				}
			} else {
				out = append(out, railsAdapters(v, depth+1)...)
			}
		case k.Value == "adapter" && v.Kind == yaml.ScalarNode:
			a := strings.ToLower(strings.TrimSpace(v.Value))
			if e := engineOf(a); e != "" {
				out = append(out, railsHit{engine: e, adapter: a, line: k.Line})
			}
		case k.Value == "url" && v.Kind == yaml.ScalarNode:
			if e, _ := urlEngine(v.Value); e != "" {
				out = append(out, railsHit{engine: e, line: k.Line})
			}
		case v.Kind == yaml.MappingNode && depth == 0:
			out = append(out, railsAdapters(v, depth+1)...)
		}
	}
	return out
}

var (
	reTopKey     = lazyregexp.New(`^([A-Za-z_][\w-]*)\s*:`)
	reAdapterKey = lazyregexp.New(`^\s+adapter\s*:\s*["']?([\w-]+)`)
)

type envHit struct {
	railsHit
	env string
}

// railsLineScan reads adapters line by line when the YAML does not parse.
func railsLineScan(src string) []envHit {
	var out []envHit
	env := ""
	for i, l := range strings.Split(src, "\n") {
		if m := reTopKey.FindStringSubmatch(l); m != nil {
			env = m[1]
			continue
		}
		if m := reAdapterKey.FindStringSubmatch(l); m != nil {
			a := strings.ToLower(m[1])
			if e := engineOf(a); e != "" {
				out = append(out, envHit{railsHit{engine: e, adapter: a, line: i + 1}, env})
			}
		}
	}
	return out
}
