package kubernetes

import (
	"context"
	"path"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// Skaffold notes Skaffold configurations.
var Skaffold = detect.Detector{
	Name:   "skaffold",
	Doc:    "Notes `skaffold.yaml` (or `.yml`): emits tool `skaffold`, the Kubernetes development loop in use. The file's content is not read further.",
	Files:  []string{"skaffold.yaml", "skaffold.yml"},
	Match:  func(p string) bool { b := path.Base(p); return b == "skaffold.yaml" || b == "skaffold.yml" },
	Detect: presence("skaffold", ""),
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
