package kubernetes

import (
	"context"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stacklint/stacklint/detectors/internal/docnode"
	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Skaffold reads Skaffold configurations.
var Skaffold = detect.Detector{
	Name: "skaffold",
	Doc: "Reads `skaffold.yaml` (or `.yml`; every document): emits tool `skaffold`, the Kubernetes build and deploy loop in use, " +
		"and a built-image fact (attrs image, context) for each `build.artifacts[].image`, top-level or in a profile: " +
		"Skaffold builds and tags those images itself when it deploys, so manifests naming them with no tag are placeholders, not unpinned images.",
	Files:  []string{"skaffold.yaml", "skaffold.yml"},
	Match:  func(p string) bool { b := path.Base(p); return b == "skaffold.yaml" || b == "skaffold.yml" },
	Detect: detectSkaffold,
}

// maxSkaffoldArtifacts bounds the artifacts read from one file.
const maxSkaffoldArtifacts = 1000

func detectSkaffold(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if len(in.Data) == 0 {
		return nil, nil
	}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "skaffold", Line: 1}}
	docs, err := yamlnode.Documents(in.Data)
	seen := map[string]bool{}
	artifacts := func(build *yaml.Node) {
		for _, a := range docnode.Items(docnode.Get(build, "artifacts")) {
			img := docnode.Get(a, "image")
			name := strings.TrimSpace(docnode.Scalar(img))
			if name == "" || seen[name] || len(seen) == maxSkaffoldArtifacts || strings.ContainsAny(name, " \t{}$") {
				continue
			}
			seen[name] = true
			out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactBuiltImage, Line: img.Line,
				Attrs: map[string]string{"image": name, "context": docnode.Scalar(docnode.Get(a, "context"))}})
		}
	}
	for _, d := range docs {
		artifacts(docnode.Get(d, "build"))
		for _, p := range docnode.Items(docnode.Get(d, "profiles")) {
			artifacts(docnode.Get(p, "build"))
		}
	}
	return out, err
}

// Tilt notes Tiltfiles.
var Tilt = detect.Detector{
	Name:   "tilt",
	Doc:    "Notes a `Tiltfile`: emits tool `tilt` with scope dev: it drives local development clusters. The Starlark content is not read.",
	Files:  []string{"Tiltfile"},
	Match:  func(p string) bool { return path.Base(p) == "Tiltfile" },
	Detect: presence("tilt", stack.ScopeDev),
}

// presence returns a Detect that emits tool id, with scope, at line 1 of
// any non-empty file.
func presence(id, scope string) func(context.Context, *detect.Input) ([]stack.Signal, error) {
	return func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		if len(in.Data) == 0 {
			return nil, nil
		}
		return []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: id, Line: 1, Scope: scope}}, nil
	}
}
