package dotnet

import (
	"context"
	"path"
	"strings"

	"github.com/stacklint/stacklint/detectors/internal/xmltree"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/stack"
)

// PackagesConfigDetector reads NuGet packages.config files (.NET Framework).
var PackagesConfigDetector = detect.Detector{
	Name: "dotnet-packages-config",
	Doc: "Reads NuGet packages.config files of .NET Framework projects with encoding/xml: each <package id version> is a nuget package (developmentDependency=\"true\" as dev scope), and the file gives runtime dotnet with framework=netfx, versioned from the first package's targetFramework (net48 → 4.8). " +
		"Not a manifest: the project file next to it is.",
	Files:  []string{"packages.config"},
	Match:  func(p string) bool { return path.Base(p) == "packages.config" },
	Detect: detectPackagesConfig,
}

func detectPackagesConfig(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if strings.TrimSpace(string(in.Data)) == "" {
		return nil, nil
	}
	doc, perr := xmltree.Parse(in.Data)
	pkgs := doc.Child("packages")
	if pkgs == nil {
		if perr != nil {
			return nil, perr
		}
		return nil, detect.Errorf(doc.FirstChildLine(), 0, "root element is not <packages>")
	}
	var out []stack.Signal
	var rt *stack.Signal
	for _, p := range pkgs.All("package") {
		id := p.Attr("id")
		if id == "" {
			continue
		}
		s := stack.Signal{Kind: stack.KindPackage, Ecosystem: stack.EcoNuGet, Name: id, Version: p.Attr("version"), Line: p.Line}
		if strings.EqualFold(p.Attr("developmentDependency"), "true") {
			s.Scope = stack.ScopeDev
		}
		out = append(out, s)
		if tf := p.Attr("targetFramework"); tf != "" && rt == nil {
			v, attrs, _ := parseTFM(tf)
			if attrs["framework"] == "" {
				attrs["framework"] = "netfx"
			}
			rt = &stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "dotnet", Version: v, Line: p.Line, Attrs: attrs}
		}
	}
	if rt == nil {
		rt = &stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: "dotnet", Line: pkgs.Line, Attrs: map[string]string{"framework": "netfx"}}
	}
	out = append(out, *rt)
	return out, perr
}
