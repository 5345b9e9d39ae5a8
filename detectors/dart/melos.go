package dart

import (
	"context"
	"errors"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/yamlnode"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// MelosDetector reads melos.yaml.
var MelosDetector = detect.Detector{
	Name: "melos",
	Doc: "Reads melos.yaml, the configuration of a Melos monorepo of Dart packages: the tool melos and a workspace fact (manager melos) whose members are the `packages` globs. " +
		"Each package of the monorepo is a component through its own pubspec.yaml.",
	Files:  []string{"melos.yaml"},
	Match:  func(p string) bool { return path.Base(p) == "melos.yaml" },
	Detect: detectMelos,
}

func detectMelos(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	docs, err := yamlnode.Documents(in.Data)
	if len(docs) == 0 {
		return nil, err
	}
	root := docs[0]
	if !yamlnode.IsMap(root) {
		return nil, errors.Join(err, detect.Errorf(root.Line, root.Column, "melos.yaml must be a mapping with name and packages, found %s", yamlnode.Describe(root)))
	}
	errs := []error{err}
	out := []stack.Signal{{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "melos", Line: root.Line}}
	k, pkgs := yamlnode.Entry(root, "packages")
	if k == nil {
		return out, errors.Join(errs...)
	}
	var members []string
	switch {
	case yamlnode.IsSeq(pkgs):
		for _, m := range yamlnode.Items(pkgs) {
			if s := yamlnode.Str(m); s != "" && yamlnode.IsScalar(m) {
				members = append(members, s)
			} else {
				errs = append(errs, detect.Errorf(m.Line, m.Column, "packages: expected a glob of package folders such as packages/*, found %s", yamlnode.Describe(m)))
			}
		}
	case !isNull(pkgs):
		errs = append(errs, detect.Errorf(k.Line, k.Column, "packages: expected a list of globs of package folders, found %s", yamlnode.Describe(pkgs)))
	}
	out = append(out, stack.Signal{Kind: stack.KindFact, Name: stack.FactWorkspace, Line: k.Line,
		Attrs: map[string]string{"members": strings.Join(members, ","), "manager": "melos"}})
	return out, errors.Join(errs...)
}
