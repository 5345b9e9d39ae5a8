// Package node detects Node.js, TypeScript, Deno and Bun projects: it reads
// package.json manifests, Node version files (.nvmrc, .node-version),
// pnpm-workspace.yaml, and notes the presence of JavaScript lockfiles and of
// tsconfig.json, deno.json and bunfig.toml.
package node

import (
	"bytes"
	"context"
	"encoding/json"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// PackageJSON reads package.json manifests.
var PackageJSON = detect.Detector{
	Name: "packagejson",
	Doc: "Reads package.json manifests. Every package.json emits the runtime nodejs (line 1; attr `package` is its `name`); `engines.node` emits nodejs with the range as version. " +
		"`dependencies`, `peerDependencies` and `optionalDependencies` emit npm packages (runtime scope), `devDependencies` npm packages with scope dev, each with its version as written and the line of its key. " +
		"`bin` emits an entry-point fact with kind command; `exports`, `module`, `types` or `typings` in a package that is not private and has no start script one with kind library. " +
		"`packageManager` (\"pnpm@9.1.0\") emits the tool npm, yarn, pnpm or bun; `workspaces` (an array or {packages: [...]}) emits a workspace fact with its members. " +
		"Malformed JSON is reported with the line and column of the syntax error. " +
		"Node.js is development tooling (scope dev, attr role=asset-build) for a browser asset build: no main, bin or exports, scripts that run a bundler " +
		"(vite, webpack, react-scripts, vue-cli-service, ng..., or maizzle building HTML e-mails) and no start script other than the bundler's server; and when the package has no entry point " +
		"(main, bin, exports or a start script) and either declares only devDependencies or sits next to another ecosystem's manifest (composer.json, Gemfile, pyproject.toml, requirements.txt, " +
		"manage.py, pom.xml, build.gradle(.kts), go.mod, mix.exs, Cargo.toml): the front-end asset build of a PHP, Ruby, Python, JVM, Go, Elixir or Rust app.",
	Files:    []string{"package.json"},
	Match:    func(p string) bool { return path.Base(p) == "package.json" },
	Manifest: func(string) bool { return true },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		sigs, err := ParsePackageJSON(in.Data)
		if in.Files == nil && FrontEndBuild(in.Data) || in.Files != nil && assetBuild(in, in.Path, in.Data) {
			for i := range sigs {
				if sigs[i].Kind == stack.KindRuntime && sigs[i].Name == "nodejs" {
					sigs[i].Scope = stack.ScopeDev
					sigs[i].Attrs = map[string]string{"role": "asset-build"}
				}
			}
		}
		return sigs, err
	},
}

// backendManifests are other ecosystems' project files: a package.json
// without an entry point next to one of them builds that app's assets.
var backendManifests = []string{"composer.json", "Gemfile", "pyproject.toml", "requirements.txt", "manage.py", "pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "mix.exs", "Cargo.toml"}

func besideOtherBackend(in *detect.Input) bool {
	dir := path.Dir(in.Path)
	for _, m := range backendManifests {
		if _, err := in.Files.ReadFile(path.Join(dir, m)); err == nil {
			return true
		}
	}
	return false
}

// bundlers are commands that build or serve browser assets, or HTML
// e-mails.
var bundlers = map[string]bool{
	"vite": true, "vp": true, "webpack": true, "webpack-dev-server": true, "webpack-cli": true, "react-scripts": true,
	"craco": true, "react-app-rewired": true, "vue-cli-service": true, "ng": true, "parcel": true, "rollup": true,
	"snowpack": true, "gatsby": true, "ember": true, "svelte-kit": true, "rsbuild": true, "rspack": true, "umi": true, "quasar": true,
	// Maizzle builds HTML e-mails (Tailwind inlined) a server then sends.
	"maizzle": true,
}

// FrontEndBuild reports whether a package.json builds browser assets and
// runs nothing itself: no main, bin or exports, and its scripts run a
// bundler (vite, webpack, react-scripts, ng...), with any start script only
// starting the bundler's development server. Next.js and Nuxt, which serve
// requests, are not bundlers here.
func FrontEndBuild(data []byte) bool { return readEntries(data).frontEndBuild() }

// entries is what a package.json says about what it runs, decoded once
// for both FrontEndBuild and HasEntryPoint.
type entries struct {
	valid              bool // the JSON decoded
	main, bin, exports bool
	scripts            map[string]any
}

func readEntries(data []byte) entries {
	var pj struct {
		Main    json.RawMessage `json:"main"`
		Bin     json.RawMessage `json:"bin"`
		Exports json.RawMessage `json:"exports"`
		Scripts map[string]any  `json:"scripts"`
	}
	if json.Unmarshal(data, &pj) != nil {
		return entries{}
	}
	return entries{valid: true, main: len(pj.Main) > 0, bin: len(pj.Bin) > 0, exports: len(pj.Exports) > 0, scripts: pj.Scripts}
}

// assetBuild reports whether the package.json at p (content data) is a
// front-end asset build: FrontEndBuild, or no entry point beside another
// ecosystem's manifest. It is worked out once per scan for each
// package.json, for its own detection and for every tsconfig.json below it.
func assetBuild(in *detect.Input, p string, data []byte) bool {
	return in.Memo.Do("node/asset-build\x00"+p, func() any {
		e := readEntries(data)
		return e.frontEndBuild() || !e.hasEntryPoint() && besideOtherBackend(&detect.Input{Path: p, Files: in.Files})
	}).(bool)
}

func (pj entries) frontEndBuild() bool {
	if !pj.valid || pj.main || pj.bin || pj.exports {
		return false
	}
	runsBundler := func(script string) bool {
		for _, w := range strings.FieldsFunc(script, func(r rune) bool { return r == ' ' || r == '&' || r == ';' || r == '|' || r == '(' || r == ')' }) {
			if bundlers[w] {
				return true
			}
		}
		return false
	}
	if start, ok := pj.scripts["start"].(string); ok && !runsBundler(start) {
		return false
	}
	for _, v := range pj.scripts {
		if script, ok := v.(string); ok && runsBundler(script) {
			return true
		}
	}
	return false
}

// HasEntryPoint reports whether a package.json names something Node.js
// runs: main, bin, exports or a start script.
func HasEntryPoint(data []byte) bool { return readEntries(data).hasEntryPoint() }

func (pj entries) hasEntryPoint() bool {
	if !pj.valid {
		return true // malformed: do not guess
	}
	_, start := pj.scripts["start"]
	return pj.main || pj.bin || pj.exports || start
}

// VersionFile reads .nvmrc and .node-version files.
var VersionFile = detect.Detector{
	Name: "node-version-file",
	Doc: "Reads the Node.js version files .nvmrc and .node-version: the first line that is not a comment gives the runtime nodejs with that version " +
		"(a leading `v` dropped; aliases such as `lts/*` or `lts/hydrogen` kept as written).",
	Files: []string{".nvmrc", ".node-version"},
	Match: func(p string) bool {
		b := path.Base(p)
		return b == ".nvmrc" || b == ".node-version"
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return ParseVersionFile(in.Data), nil
	},
}

// lockfiles maps each JavaScript lockfile name to its package manager.
var lockfiles = map[string]string{
	"package-lock.json":   "npm",
	"npm-shrinkwrap.json": "npm",
	"yarn.lock":           "yarn",
	"pnpm-lock.yaml":      "pnpm",
	"bun.lockb":           "bun",
	"bun.lock":            "bun",
}

// Lockfile notes JavaScript lockfiles without reading their content.
var Lockfile = detect.Detector{
	Name: "js-lockfile",
	Doc: "Notes the presence of JavaScript lockfiles (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lockb, bun.lock) " +
		"without parsing them: each emits a lockfile fact with its manager and the tool npm, yarn, pnpm or bun.",
	Files: []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"},
	Match: func(p string) bool {
		_, ok := lockfiles[path.Base(p)]
		return ok
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		m := lockfiles[path.Base(in.Path)]
		if m == "" {
			return nil, nil
		}
		return []stack.Signal{
			{Kind: stack.KindFact, Name: stack.FactLockfile, Attrs: map[string]string{"manager": m}},
			{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: m},
		}, nil
	},
}

// Config notes TypeScript, Deno and Bun configuration files.
var Config = detect.Detector{
	Name: "js-runtime-config",
	Doc: "Notes JavaScript runtime and language configuration files without parsing them: tsconfig.json (and tsconfig.*.json) emits the runtime typescript " +
		"(scope dev when its nearest package.json is the asset build of another ecosystem's app), " +
		"deno.json and deno.jsonc the runtime deno (a Deno project manifest), bunfig.toml the runtime bun.",
	Files: []string{"tsconfig.*", "deno.json", "deno.jsonc", "bunfig.toml"},
	Match: func(p string) bool { return configRuntime(path.Base(p)) != "" },
	Manifest: func(p string) bool {
		b := path.Base(p)
		return b == "deno.json" || b == "deno.jsonc"
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		r := configRuntime(path.Base(in.Path))
		if r == "" {
			return nil, nil
		}
		sig := stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: r}
		if r == "typescript" && in.Files != nil && assetBuildOwns(in) {
			sig.Scope = stack.ScopeDev
			sig.Attrs = map[string]string{"role": "asset-build"}
		}
		return []stack.Signal{sig}, nil
	},
}

// assetBuildOwns reports whether a tsconfig belongs to a front-end asset
// build: its nearest package.json (this folder or an ancestor) has no entry
// point and sits beside another ecosystem's manifest.
func assetBuildOwns(in *detect.Input) bool {
	dir := path.Dir(in.Path)
	for depth := 0; depth < 12; depth++ {
		pj := path.Join(dir, "package.json")
		// found: 0 no package.json here, 1 not an asset build, 2 one.
		found := in.Memo.Do("node/nearest\x00"+pj, func() any {
			data, err := in.Files.ReadFile(pj)
			switch {
			case err != nil:
				return 0
			case assetBuild(in, pj, data):
				return 2
			}
			return 1
		}).(int)
		if found > 0 {
			return found == 2
		}
		if dir == "." {
			return false
		}
		dir = path.Dir(dir)
	}
	return false
}

func configRuntime(base string) string {
	switch base {
	case "tsconfig.json":
		return "typescript"
	case "deno.json", "deno.jsonc":
		return "deno"
	case "bunfig.toml":
		return "bun"
	}
	if strings.HasPrefix(base, "tsconfig.") && strings.HasSuffix(base, ".json") {
		return "typescript"
	}
	return ""
}

// PnpmWorkspace reads pnpm-workspace.yaml.
var PnpmWorkspace = detect.Detector{
	Name:  "pnpm-workspace",
	Doc:   "Reads pnpm-workspace.yaml: the tool pnpm, and a workspace fact whose members attribute lists the `packages` globs.",
	Files: []string{"pnpm-workspace.yaml"},
	Match: func(p string) bool { return path.Base(p) == "pnpm-workspace.yaml" },
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return ParsePnpmWorkspace(in.Data)
	},
}

// ParseVersionFile reads a .nvmrc or .node-version file: the first line
// that is neither blank nor a comment is the Node.js version.
func ParseVersionFile(data []byte) []stack.Signal {
	for i, l := range strings.Split(string(data), "\n") {
		if i == 0 {
			l = strings.TrimPrefix(l, "\ufeff")
		}
		if j := strings.IndexByte(l, '#'); j >= 0 {
			l = l[:j]
		}
		v := strings.TrimSpace(l)
		if v == "" {
			continue
		}
		if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && v[1] >= '0' && v[1] <= '9' {
			v = v[1:]
		}
		return []stack.Signal{{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "nodejs", Version: v, Line: i + 1}}
	}
	return nil
}

// ParsePnpmWorkspace reads a pnpm-workspace.yaml file.
func ParsePnpmWorkspace(data []byte) ([]stack.Signal, error) {
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "pnpm"}}
	if len(bytes.TrimSpace(data)) == 0 {
		return out, nil
	}
	if err := nesting.Check(data, nesting.YAML); err != nil {
		return out, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return out, detect.Errorf(yamlErrLine(err), 0, "invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return out, nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value != "packages" {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			return out, detect.Errorf(v.Line, v.Column, "packages must be a list of folder globs")
		}
		var members []string
		for _, e := range v.Content {
			if e.Kind == yaml.ScalarNode && e.Value != "" {
				members = append(members, e.Value)
			}
		}
		out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: k.Line, Attrs: map[string]string{"members": strings.Join(members, ",")}})
	}
	return out, nil
}

// yamlErrLine pulls the line out of a yaml.v3 error message ("yaml: line 3: ...").
func yamlErrLine(err error) int {
	msg := err.Error()
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range msg[i+5:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
		if n > 1<<30 {
			return 0
		}
	}
	return n
}
