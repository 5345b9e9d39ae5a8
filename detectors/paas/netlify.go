package paas

import (
	"context"
	"path"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Netlify reads netlify.toml.
var Netlify = detect.Detector{
	Name: "netlify",
	Doc: "Reads Netlify configuration (netlify.toml): tool netlify with attr `publish` (the [build] publish folder, relative to " +
		"[build] base, given from the repository root) and attr `hosting`: `functions` when the file configures code Netlify runs " +
		"([build] functions or edge_functions, [functions] directory, [[edge_functions]], a framework runtime plugin such as " +
		"@netlify/plugin-nextjs), else `static` (files only: the front end or docs site it publishes, never the backend).",
	Files:  []string{"netlify.toml"},
	Match:  func(p string) bool { return path.Base(p) == "netlify.toml" },
	Detect: detectNetlify,
}

type netlifyConfig struct {
	Build struct {
		Base          string `toml:"base"`
		Publish       string `toml:"publish"`
		Functions     string `toml:"functions"`
		EdgeFunctions string `toml:"edge_functions"`
	} `toml:"build"`
	Functions     map[string]any   `toml:"functions"`
	EdgeFunctions []map[string]any `toml:"edge_functions"`
	Plugins       []struct {
		Package string `toml:"package"`
	} `toml:"plugins"`
}

// netlifyRuntimePlugins are build plugins that deploy a framework's
// server-side rendering as Netlify Functions.
var netlifyRuntimePlugins = []string{"@netlify/plugin-nextjs", "@netlify/plugin-gatsby", "@netlify/angular-runtime", "@netlify/remix-adapter", "@netlify/plugin-nuxt"}

func detectNetlify(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	tool := stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "netlify", Line: 1}
	var c netlifyConfig
	if _, err := toml.Decode(string(in.Data), &c); err != nil {
		// The file still says Netlify deploys the repository.
		return []stack.Signal{tool}, tomlError(err)
	}
	hosting := stack.HostingStatic
	if c.Build.Functions != "" || c.Build.EdgeFunctions != "" || len(c.EdgeFunctions) > 0 || functionsDirectory(c.Functions) {
		hosting = stack.HostingFunctions
	}
	for _, p := range c.Plugins {
		for _, r := range netlifyRuntimePlugins {
			if strings.EqualFold(strings.TrimSpace(p.Package), r) {
				hosting = stack.HostingFunctions
			}
		}
	}
	tool.Attrs = map[string]string{stack.AttrHosting: hosting}
	if l := tomlLine(in.Data, "build", "publish"); l > 0 {
		tool.Line = l
	}
	if c.Build.Publish != "" {
		base := path.Dir(in.Path)
		if b := strings.TrimSpace(c.Build.Base); b != "" {
			// base is from the repository root; "/" is the root itself.
			base = strings.TrimPrefix(path.Clean("/"+b), "/")
		}
		if dir, ok := repoPath(path.Join(base, c.Build.Publish)); ok {
			tool.Attrs[stack.AttrPublish] = dir
		}
	}
	return []stack.Signal{tool}, nil
}

// functionsDirectory reports whether a [functions] table names a
// directory of functions, for all functions or under a name pattern
// ([functions."api/*"] directory = ...).
func functionsDirectory(fns map[string]any) bool {
	if d, ok := fns["directory"].(string); ok && d != "" {
		return true
	}
	for _, v := range fns {
		if t, ok := v.(map[string]any); ok {
			if d, ok := t["directory"].(string); ok && d != "" {
				return true
			}
		}
	}
	return false
}

// repoPath cleans a folder relative to the repository root: "." for the
// root; ok is false for a path leaving the repository.
func repoPath(p string) (string, bool) {
	p = path.Clean(strings.TrimPrefix(strings.TrimSpace(p), "/"))
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}
