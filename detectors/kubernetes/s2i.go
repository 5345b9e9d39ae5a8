package kubernetes

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// S2I notes OpenShift source-to-image configuration.
var S2I = detect.Detector{
	Name: "s2i",
	Doc: "Notes OpenShift source-to-image configuration: `.s2i/environment` and the build scripts under `.s2i/bin/` (assemble, run, save-artifacts, usage) " +
		"give tool `source-to-image`, the image build OpenShift runs from the source. Values of `.s2i/environment` are never read.",
	Files: []string{"environment", "assemble", "run", "save-artifacts", "usage"},
	Match: func(p string) bool {
		dir, b := path.Dir(p), path.Base(p)
		if b == "environment" {
			return dir == ".s2i" || strings.HasSuffix(dir, "/.s2i")
		}
		return (dir == ".s2i/bin" || strings.HasSuffix(dir, "/.s2i/bin")) && (b == "assemble" || b == "run" || b == "save-artifacts" || b == "usage")
	},
	Detect: func(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
		return []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "source-to-image", Line: 1, Attrs: map[string]string{"file": path.Base(in.Path)}}}, nil
	},
}
